"""Questionnaire definitions: the shipped files load; every broken file is refused precisely."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.domain.questionnaire import (
    BLANK,
    MAX_OPTIONS,
    UNREADABLE,
    ChoiceOption,
    QuestionKind,
    Questionnaire,
    QuestionnaireError,
    load_questionnaire_file,
    parse_questionnaire,
)

WriteJson = Callable[..., Path]


def refusal(path: Path, schema: dict[str, Any]) -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire_file(path, schema)
    return info.value


# -- the shipped definitions ------------------------------------------------------------------


def test_xa22_has_field_five_profile_questions_and_22_rated_items(xa22: Questionnaire) -> None:
    assert xa22.key == ("xa-22-tieu-chi", "2017.1")
    assert len(xa22.rating_questions) == 22
    assert [q.number for q in xa22.rating_questions] == [str(n) for n in range(1, 23)]
    assert [q.code for q in xa22.profile_questions] == ["GT", "TUOI", "DT", "HV", "NN"]
    assert xa22.field_question.code == "LV"
    assert [o.code for o in xa22.field_question.options] == ["TP", "TNMT", "LDTBXH"]
    assert len(xa22.components) == 5
    assert sum(len(c.question_codes) for c in xa22.components) == 22
    assert xa22.opinion.max_length == 500


def test_paper_order_is_field_then_profile_then_ratings(xa22: Questionnaire) -> None:
    kinds = [q.kind for q in xa22.questions]
    assert kinds[0] is QuestionKind.FIELD
    assert kinds[1:6] == [QuestionKind.CHOICE] * 5
    assert kinds[6:] == [QuestionKind.RATING] * 22
    # Rated items come component by component, in the order of the components.
    in_components = [code for c in xa22.components for code in c.question_codes]
    assert [q.code for q in xa22.rating_questions] == in_components


def test_sipas_has_19_rated_items_numbered_15_to_33(sipas: Questionnaire) -> None:
    assert sipas.key == ("sipas-2021", "2021.1")
    ratings = sipas.rating_questions
    assert len(ratings) == 19
    assert [int(q.number) for q in ratings] == list(range(15, 34))
    assert all(q.component is not None for q in ratings)


def test_every_code_is_unique_in_both_shipped_files(
    xa22: Questionnaire, sipas: Questionnaire
) -> None:
    for q in (xa22, sipas):
        codes = [x.code for x in q.questions] + [q.opinion.code] + [c.code for c in q.components]
        assert len(codes) == len(set(codes)), q.id


def test_shipped_texts_are_nfc(xa22: Questionnaire, sipas: Questionnaire) -> None:
    for q in (xa22, sipas):
        texts = [x.text for x in q.questions] + [c.title for c in q.components]
        texts += [o.label for x in q.questions for o in x.options]
        texts += [*q.title_lines, *q.scale_labels, q.instruction, q.opinion.text]
        assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_rating_accepts_1_to_5_blank_and_unreadable(xa22: Questionnaire) -> None:
    item = xa22.question("TC1")
    assert item.option_count == 5
    assert [a for a in range(0, 12) if item.accepts(a)] == [BLANK, 1, 2, 3, 4, 5, UNREADABLE]
    gender = xa22.question("GT")
    assert [a for a in range(0, 12) if gender.accepts(a)] == [BLANK, 1, 2, UNREADABLE]


def test_label_of(xa22: Questionnaire) -> None:
    gender = xa22.question("GT")
    assert gender.label_of(2) == "Nữ"
    assert gender.label_of(0) == gender.label_of(9) == gender.label_of(3) == ""
    assert xa22.question("TC1").label_of(4) == ""  # ratings show the scale, not an option
    assert xa22.field_question.label_of(1) == "Tư pháp"


def test_question_lookup_unknown_code_raises_key_error(xa22: Questionnaire) -> None:
    with pytest.raises(KeyError):
        xa22.question("NOPE")


def test_stored_copy_round_trips(xa22: Questionnaire) -> None:
    again = parse_questionnaire(xa22.to_json_text(), "stored", schema=None)
    assert again == xa22


# -- with_field_options ----------------------------------------------------------------------


def test_with_field_options_replaces_only_the_field_question(xa22: Questionnaire) -> None:
    own = (ChoiceOption("TP", "Tư pháp - Hộ tịch"), ChoiceOption("DD", "Đất đai"))
    q = xa22.with_field_options(own)
    assert q.field_question.options == own
    assert q.field_question.option_count == 2
    assert q.question("GT") == xa22.question("GT")
    assert q.rating_questions == xa22.rating_questions
    assert q.key == xa22.key
    assert xa22.field_question.options[0].label == "Tư pháp"  # the original is untouched


def test_with_field_options_empty_keeps_the_definition(xa22: Questionnaire) -> None:
    assert xa22.with_field_options(()) is xa22


def test_with_field_options_refuses_more_than_eight(xa22: Questionnaire) -> None:
    many = [ChoiceOption(f"F{i}", f"Lĩnh vực {i}") for i in range(MAX_OPTIONS + 1)]
    with pytest.raises(ValueError):
        xa22.with_field_options(many)
    assert xa22.with_field_options(many[:MAX_OPTIONS]).field_question.option_count == MAX_OPTIONS


# -- NFC -------------------------------------------------------------------------------------


def test_nfd_file_comes_out_nfc(
    xa22_data: dict[str, Any], schema: dict[str, Any], tmp_path: Path
) -> None:
    text = json.dumps(xa22_data, ensure_ascii=False)
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    path = tmp_path / "nfd.json"
    path.write_text(decomposed, encoding="utf-8")
    q = load_questionnaire_file(path, schema)
    assert q.question("TC1").text == "Nơi ngồi chờ tại Bộ phận TN&TKQ có đủ chỗ ngồi"
    assert unicodedata.is_normalized("NFC", q.question("TC1").text)
    assert q.question("GT").options[1].label == "Nữ"
    assert q.name == unicodedata.normalize("NFC", xa22_data["name"])
    assert unicodedata.is_normalized("NFC", q.to_json_text())


def test_bom_is_accepted(xa22_data: dict[str, Any], schema: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(xa22_data, ensure_ascii=False), encoding="utf-8-sig")
    assert load_questionnaire_file(path, schema).id == "xa-22-tieu-chi"


# -- refusals: file, JSON path, problem code -------------------------------------------------


def test_invalid_json_names_file_line_and_column(schema: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "hỏng.json"
    path.write_text('{\n  "format": 1,\n  "id": "x"\n  "version": "1"\n}\n', encoding="utf-8")
    err = refusal(path, schema)
    assert err.source == str(path)
    assert err.json_path == "$"
    assert err.problem == "invalid_json"
    assert err.params == {"line": 4, "column": 3}
    assert str(path) in str(err)


def test_missing_file_is_unreadable(schema: dict[str, Any], tmp_path: Path) -> None:
    err = refusal(tmp_path / "absent.json", schema)
    assert (err.problem, err.json_path) == ("unreadable", "$")
    assert err.params["reason"]


def test_not_utf8_is_unreadable(schema: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "cp1258.json"
    path.write_bytes('{"name": "Phiếu"}'.encode("utf-16"))
    assert refusal(path, schema).problem == "unreadable"


def test_missing_item_text_is_required_at_the_item(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    del xa22_data["components"][1]["items"][2]["text"]
    path = write_json(xa22_data)
    err = refusal(path, schema)
    assert err.source == str(path)
    assert err.json_path == "$.components[1].items[2]"
    assert err.problem == "required"
    assert err.params["missing"] == ["text"]


def test_missing_top_level_key_is_required_at_root(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    del xa22_data["components"]
    err = refusal(write_json(xa22_data), schema)
    assert (err.json_path, err.problem, err.params["missing"]) == ("$", "required", ["components"])


def test_wrong_type_names_the_exact_path(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["components"][1]["items"][2]["text"] = 7
    err = refusal(write_json(xa22_data), schema)
    assert err.json_path == "$.components[1].items[2].text"
    assert err.problem == "type"
    assert err.params["expected"] == "string"


def test_item_number_must_be_an_integer(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["components"][0]["items"][3]["number"] = "4"
    err = refusal(write_json(xa22_data), schema)
    assert (err.json_path, err.problem) == ("$.components[0].items[3].number", "type")


def test_empty_text_is_min_length(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["components"][4]["items"][0]["text"] = ""
    err = refusal(write_json(xa22_data), schema)
    assert (err.json_path, err.problem) == ("$.components[4].items[0].text", "minLength")


def test_bad_code_is_pattern(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["components"][2]["items"][1]["code"] = "cc 2"
    err = refusal(write_json(xa22_data), schema)
    assert err.json_path == "$.components[2].items[1].code"
    assert err.problem == "pattern"
    assert err.params["expected"] == "^[A-Z][A-Z0-9_]{0,15}$"


def test_bad_id_is_pattern(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["id"] = "Phiếu Huyện"
    err = refusal(write_json(xa22_data), schema)
    assert (err.json_path, err.problem) == ("$.id", "pattern")


def test_unknown_key_is_additional_properties(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["components"][0]["items"][1]["colour"] = "red"
    err = refusal(write_json(xa22_data), schema)
    assert err.json_path == "$.components[0].items[1]"
    assert err.problem == "additionalProperties"
    assert err.params["unexpected"] == ["colour"]


def test_unknown_top_level_key_is_additional_properties(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["tieu_de"] = "x"
    err = refusal(write_json(xa22_data), schema)
    assert (err.json_path, err.problem, err.params["unexpected"]) == (
        "$", "additionalProperties", ["tieu_de"])


def test_nine_profile_options_is_max_items(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["profile"][4]["options"] = [f"Nghề {i}" for i in range(1, 10)]
    err = refusal(write_json(xa22_data), schema)
    assert err.json_path == "$.profile[4].options"
    assert err.problem == "maxItems"
    assert err.params["expected"] == MAX_OPTIONS


def test_nine_fields_is_max_items(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["field"]["options"] = [{"code": f"F{i}", "label": f"Lĩnh vực {i}"} for i in range(9)]
    err = refusal(write_json(xa22_data), schema)
    assert (err.json_path, err.problem) == ("$.field.options", "maxItems")


def test_eight_options_are_accepted(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["profile"][4]["options"] = [f"Nghề {i}" for i in range(1, 9)]
    q = load_questionnaire_file(write_json(xa22_data), schema)
    assert q.question("NN").option_count == 8


def test_four_scale_labels_is_min_items(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["scale_labels"] = xa22_data["scale_labels"][:4]
    err = refusal(write_json(xa22_data), schema)
    assert (err.json_path, err.problem) == ("$.scale_labels", "minItems")


def test_duplicate_item_code_names_both_places(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["components"][3]["items"][2]["code"] = "TC2"
    err = refusal(write_json(xa22_data), schema)
    assert err.json_path == "$.components[3].items[2].code"
    assert err.problem == "duplicate_code"
    assert err.params == {"code": "TC2", "first": "$.components[0].items[1].code"}


def test_profile_code_clashing_with_field_is_duplicate(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["profile"][2]["code"] = "LV"
    err = refusal(write_json(xa22_data), schema)
    assert (err.json_path, err.problem) == ("$.profile[2].code", "duplicate_code")
    assert err.params["first"] == "$.field.code"


def test_opinion_code_clashing_is_duplicate(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["opinion"]["code"] = "GY4"
    err = refusal(write_json(xa22_data), schema)
    assert (err.json_path, err.problem) == ("$.opinion.code", "duplicate_code")


def test_newer_format_is_unsupported_format(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data["format"] = 2
    err = refusal(write_json(xa22_data), schema)
    assert (err.json_path, err.problem) == ("$.format", "unsupported_format")
    assert err.params == {"found": 2}


def test_newer_format_with_new_keys_still_says_unsupported_format(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    # A file written for a later program: its new keys must not hide the real reason.
    xa22_data["format"] = 2
    xa22_data["components"][0]["items"][0]["weight"] = 2
    err = refusal(write_json(xa22_data), schema)
    assert (err.json_path, err.problem) == ("$.format", "unsupported_format")


def test_stored_copy_of_newer_format_is_unsupported(xa22_data: dict[str, Any]) -> None:
    xa22_data["format"] = 3
    with pytest.raises(QuestionnaireError) as info:
        parse_questionnaire(json.dumps(xa22_data), "x@1", schema=None)
    assert info.value.problem == "unsupported_format"


def test_top_level_array_is_type(schema: dict[str, Any], write_json: WriteJson) -> None:
    err = refusal(write_json([1, 2]), schema)
    assert (err.json_path, err.problem) == ("$", "type")


def test_district_definition_with_its_own_id_loads(
    xa22_data: dict[str, Any], schema: dict[str, Any], write_json: WriteJson
) -> None:
    xa22_data.update(id="huyen-nam-dong", version="2026.2", name="Phiếu của huyện")
    del xa22_data["profile"]
    xa22_data["components"] = xa22_data["components"][:2]
    q = load_questionnaire_file(write_json(xa22_data), schema)
    assert q.key == ("huyen-nam-dong", "2026.2")
    assert q.profile_questions == ()
    assert len(q.rating_questions) == 9


def test_error_is_an_exception_with_a_readable_text() -> None:
    err = QuestionnaireError("a.json", "$.field", "required", {"missing": ["code"]})
    assert isinstance(err, Exception)
    assert "a.json" in str(err) and "$.field" in str(err) and "required" in str(err)
