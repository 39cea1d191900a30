"""Form validation and the keying state machine (FormEntry), drafts included."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.entry import FormEntry, digit_of_key_text
from app.domain.forms import (
    FormRecord,
    FormStatus,
    Issue,
    clean_opinion,
    validate_form,
)
from app.domain.questionnaire import BLANK, UNREADABLE, Questionnaire

DAY = date(2026, 11, 20)


def complete_record(q: Questionnaire, **changes: object) -> FormRecord:
    record = FormRecord(
        serial=12,
        survey_date=DAY,
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        answers={x.code: 1 for x in q.questions},
        opinion="Tốt",
        operator="Lan",
    )
    return replace(record, **changes)  # type: ignore[arg-type]


# -- validate_form -----------------------------------------------------------------------------


def test_complete_form_has_no_issues(xa22: Questionnaire) -> None:
    assert validate_form(complete_record(xa22), xa22) == []


def test_blank_and_unreadable_are_valid_answers(xa22: Questionnaire) -> None:
    answers = {x.code: (BLANK if i % 2 else UNREADABLE) for i, x in enumerate(xa22.questions)}
    assert validate_form(complete_record(xa22, answers=answers), xa22) == []


def test_missing_answers_are_each_named(xa22: Questionnaire) -> None:
    answers = {x.code: 1 for x in xa22.questions if x.code not in ("GT", "CC3")}
    issues = validate_form(complete_record(xa22, answers=answers), xa22)
    assert [i.code for i in issues] == ["answer_missing", "answer_missing"]
    assert [i.params["code"] for i in issues] == ["GT", "CC3"]
    assert issues[1].params["number"] == "12"


def test_out_of_range_answer(xa22: Questionnaire) -> None:
    answers = {x.code: 1 for x in xa22.questions} | {"TC1": 6, "GT": 3}
    issues = validate_form(complete_record(xa22, answers=answers), xa22)
    assert Issue("answer_out_of_range", {"code": "GT", "answer": 3, "max": 2}) in issues
    assert Issue("answer_out_of_range", {"code": "TC1", "answer": 6, "max": 5}) in issues
    assert len(issues) == 2


def test_unknown_codes_are_listed_sorted(xa22: Questionnaire) -> None:
    answers = {x.code: 1 for x in xa22.questions} | {"ZZ": 1, "S15": 4}
    issues = validate_form(complete_record(xa22, answers=answers), xa22)
    assert issues == [Issue("answer_unknown_question", {"codes": ["S15", "ZZ"]})]


def test_opinion_too_long(xa22: Questionnaire) -> None:
    limit = xa22.opinion.max_length
    assert validate_form(complete_record(xa22, opinion="ý" * limit), xa22) == []
    issues = validate_form(complete_record(xa22, opinion="ý" * (limit + 1)), xa22)
    assert issues == [Issue("opinion_too_long", {"max": limit})]


def test_serial_out_of_range(xa22: Questionnaire) -> None:
    assert [i.code for i in validate_form(complete_record(xa22, serial=0), xa22)] == [
        "serial_out_of_range"]


def test_a_form_of_one_version_is_invalid_under_another(
    xa22: Questionnaire, sipas: Questionnaire
) -> None:
    codes = {i.code for i in validate_form(complete_record(xa22), sipas)}
    assert codes == {"answer_missing", "answer_unknown_question"}


def test_clean_opinion_is_one_nfc_line() -> None:
    assert clean_opinion("  Cán bộ\n nhiệt   tình\t") == "Cán bộ nhiệt tình"
    assert clean_opinion("Ne\u0302\u0301u") == "Nếu"


def test_field_code_of_a_record(xa22: Questionnaire) -> None:
    assert complete_record(xa22).field_code(xa22) == "TP"
    assert complete_record(xa22, answers={"LV": 3}).field_code(xa22) == "LDTBXH"
    assert complete_record(xa22, answers={"LV": 0}).field_code(xa22) == "0"
    assert complete_record(xa22, answers={"LV": 9}).field_code(xa22) == "9"
    assert complete_record(xa22, answers={}).field_code(xa22) == "0"


def test_record_year_and_defaults(xa22: Questionnaire) -> None:
    record = complete_record(xa22)
    assert record.year == 2026
    assert record.status is FormStatus.ACTIVE


def test_rating_count(xa22: Questionnaire, sipas: Questionnaire) -> None:
    assert (len(xa22.rating_questions), len(sipas.rating_questions)) == (22, 19)


# -- FormEntry: keying -------------------------------------------------------------------------


def test_answer_records_and_advances(xa22: Questionnaire) -> None:
    entry = FormEntry(xa22)
    assert entry.current is xa22.questions[0] and entry.index == 0
    assert entry.answer_current(2) is None
    assert entry.answers == {"LV": 2}
    assert entry.current is not None and entry.current.code == "GT"


def test_out_of_range_key_is_refused_and_stays(xa22: Questionnaire) -> None:
    entry = FormEntry(xa22)
    entry.answer_current(1)
    issue = entry.answer_current(3)  # gender has 2 options
    assert issue == Issue("answer_out_of_range", {"code": "GT", "answer": 3, "max": 2})
    assert entry.index == 1 and "GT" not in entry.answers


@pytest.mark.parametrize("digit", [6, 7, 8])
def test_rating_refuses_6_to_8(xa22: Questionnaire, digit: int) -> None:
    entry = FormEntry(xa22, index=len(xa22.questions) - 1)
    assert entry.answer_current(digit) is not None
    assert entry.answer_current(UNREADABLE) is None
    assert entry.on_opinion


def test_keying_a_whole_form_reaches_the_opinion_line(xa22: Questionnaire) -> None:
    entry = FormEntry(xa22, serial=1, survey_date=DAY)
    for _ in xa22.questions:
        assert entry.answer_current(1) is None
    assert entry.on_opinion and entry.current is None
    assert entry.first_unanswered() is None
    assert entry.answer_current(1) == Issue("no_question")
    assert validate_form(entry.to_record("Lan"), xa22) == []


def test_back_forward_and_bounds(xa22: Questionnaire) -> None:
    entry = FormEntry(xa22)
    assert entry.back() is False
    assert entry.forward() is True and entry.index == 1
    assert entry.back() is True and entry.index == 0
    entry.go_to(10_000)
    assert entry.on_opinion
    assert entry.forward() is False
    entry.go_to(-5)
    assert entry.index == 0


def test_clear_current(xa22: Questionnaire) -> None:
    entry = FormEntry(xa22)
    entry.answer_current(2)
    entry.back()
    assert entry.clear_current() is True
    assert entry.answers == {}
    assert entry.clear_current() is False
    entry.go_to(len(xa22.questions))
    assert entry.clear_current() is False  # on the opinion line there is nothing to clear


def test_answering_again_overwrites(xa22: Questionnaire) -> None:
    entry = FormEntry(xa22)
    entry.answer_current(1)
    entry.back()
    entry.answer_current(3)
    assert entry.answers == {"LV": 3}


def test_first_unanswered(xa22: Questionnaire) -> None:
    entry = FormEntry(xa22)
    assert entry.first_unanswered() == 0
    for _ in range(4):
        entry.answer_current(1)
    assert entry.first_unanswered() == 4
    entry.go_to(10)
    entry.answer_current(5)
    assert entry.first_unanswered() == 4


def test_is_empty(xa22: Questionnaire) -> None:
    entry = FormEntry(xa22, serial=3, survey_date=DAY)
    assert entry.is_empty
    entry.opinion = "x"
    assert not entry.is_empty


def test_to_record_needs_serial_and_date(xa22: Questionnaire) -> None:
    with pytest.raises(ValueError):
        FormEntry(xa22, serial=1).to_record("Lan")
    with pytest.raises(ValueError):
        FormEntry(xa22, survey_date=DAY).to_record("Lan")


def test_to_record_cleans_the_opinion_and_copies_answers(xa22: Questionnaire) -> None:
    entry = FormEntry(xa22, serial=5, survey_date=DAY, opinion="  rất   tốt \n")
    entry.answer_current(1)
    record = entry.to_record("Lan")
    assert record.opinion == "rất tốt"
    assert (record.questionnaire_id, record.questionnaire_version) == xa22.key
    entry.answers["LV"] = 2
    assert record.answers == {"LV": 1}  # the record does not share the dict


# -- drafts ------------------------------------------------------------------------------------


def test_draft_round_trip_through_json(xa22: Questionnaire) -> None:
    entry = FormEntry(xa22, serial=124, survey_date=DAY, opinion="Nguyễn", editing_form_id=7)
    for digit in (2, 1, 3, 1, 4):
        entry.answer_current(digit)
    draft = json.loads(json.dumps(entry.to_draft()))
    again = FormEntry.from_draft(xa22, draft)
    assert again == entry


def test_empty_draft_round_trip(xa22: Questionnaire) -> None:
    entry = FormEntry(xa22)
    assert FormEntry.from_draft(xa22, json.loads(json.dumps(entry.to_draft()))) == entry


def test_draft_drops_answers_that_no_longer_fit(xa22: Questionnaire) -> None:
    draft = FormEntry(xa22, serial=1).to_draft()
    draft["answers"] = {"LV": 2, "GT": 7, "GONE": 1, "TC1": 9}
    draft["index"] = 999
    entry = FormEntry.from_draft(xa22, draft)
    assert entry.answers == {"LV": 2, "TC1": 9}
    assert entry.on_opinion


def test_draft_with_fewer_fields_drops_the_field_answer(xa22: Questionnaire) -> None:
    draft = FormEntry(xa22, serial=1, answers={"LV": 3}).to_draft()
    narrower = xa22.with_field_options(xa22.field_question.options[:2])
    assert FormEntry.from_draft(narrower, draft).answers == {}


@st.composite
def entries(draw: st.DrawFn, q: Questionnaire) -> FormEntry:
    chosen = draw(st.lists(st.sampled_from(q.questions), unique=True))
    answers = {
        x.code: draw(st.sampled_from([BLANK, UNREADABLE, *range(1, x.option_count + 1)]))
        for x in chosen
    }
    return FormEntry(
        q,
        serial=draw(st.none() | st.integers(1, 999_999)),
        survey_date=draw(st.none() | st.dates(date(2000, 1, 1), date(2100, 12, 31))),
        answers=answers,
        opinion=draw(st.text(max_size=40)),
        index=draw(st.integers(0, len(q.questions))),
        editing_form_id=draw(st.none() | st.integers(1, 10**9)),
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_entry_survives_a_draft_round_trip(xa22: Questionnaire, data: st.DataObject) -> None:
    entry = data.draw(entries(xa22))
    draft = json.loads(json.dumps(entry.to_draft(), ensure_ascii=False))
    assert FormEntry.from_draft(xa22, draft) == entry


def test_from_record_opens_on_the_opinion_for_correction(xa22: Questionnaire) -> None:
    record = replace(complete_record(xa22), id=42)
    entry = FormEntry.from_record(xa22, record)
    assert entry.editing_form_id == 42
    assert entry.on_opinion
    assert entry.serial == 12 and entry.survey_date == DAY
    assert entry.answers == dict(record.answers) and entry.opinion == "Tốt"
    assert entry.to_record("Hoa").id == 42


# -- keys --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "digit"), [("4", 4), ("0", 0), ("9", 9), ("４", 4), ("٣", 3)])
def test_digit_of_key_text(text: str, digit: int) -> None:
    assert digit_of_key_text(text) == digit


@pytest.mark.parametrize("text", ["", "a", "45", " ", "\r", "ư"])
def test_non_digit_keys(text: str) -> None:
    assert digit_of_key_text(text) is None
