"""The unit's settings: validation codes and the stored form."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from app.domain.questionnaire import ChoiceOption
from app.domain.settings import (
    DEFAULT_FIELDS,
    UnitSettings,
    normalise_unit_code,
    validate_settings,
)

GOOD = UnitSettings(unit_name="Ủy ban nhân dân xã Nam Đông", unit_code="12345", year=2026)


def codes(s: UnitSettings) -> list[str]:
    return [i.code for i in validate_settings(s)]


def test_defaults_are_valid() -> None:
    assert validate_settings(GOOD) == []
    assert GOOD.yearly_target == 420
    assert [f.code for f in GOOD.fields] == ["TP", "TNMT", "LDTBXH"]
    assert GOOD.due_day == 20


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"unit_name": " "}, "unit_name_empty"),
        ({"unit_code": "1234"}, "unit_code_format"),
        ({"unit_code": "12 45"}, "unit_code_format"),
        ({"year": 1999}, "year_out_of_range"),
        ({"year": 2101}, "year_out_of_range"),
        ({"yearly_target": 0}, "target_out_of_range"),
        ({"yearly_target": 100_001}, "target_out_of_range"),
        ({"fields": ()}, "fields_count"),
        ({"fields": tuple(ChoiceOption(f"F{i}", "x") for i in range(9))}, "fields_count"),
        ({"fields": (ChoiceOption("TP", "a"), ChoiceOption("TP", "b"))}, "fields_duplicate"),
        ({"fields": (ChoiceOption("TP", " "),)}, "field_invalid"),
        ({"fields": (ChoiceOption("1TP", "a"),)}, "field_invalid"),
        ({"due_day": 0}, "due_day_out_of_range"),
        ({"due_day": 29}, "due_day_out_of_range"),
    ],
)
def test_invalid_settings(changes: dict[str, object], code: str) -> None:
    assert code in codes(replace(GOOD, **changes))  # type: ignore[arg-type]


def test_every_problem_is_reported_at_once() -> None:
    bad = replace(GOOD, unit_name="", unit_code="x", year=1, due_day=99)
    assert codes(bad) == ["unit_name_empty", "unit_code_format", "year_out_of_range",
                          "due_day_out_of_range"]


def test_round_trip_through_json() -> None:
    s = replace(GOOD, fields=(ChoiceOption("DD", "Đất đai"),), extra={"ghi chú": "x"})
    again = UnitSettings.from_dict(json.loads(json.dumps(s.to_dict(), ensure_ascii=False)))
    assert again == s


def test_from_dict_ignores_unknown_keys_and_fills_defaults() -> None:
    data = {"unit_name": "X", "unit_code": "00001", "year": 2026, "from_a_newer_version": 1,
            "fields": [{"code": "TP", "label": "Tư pháp"}]}
    s = UnitSettings.from_dict(data)
    assert s.yearly_target == 420 and s.fields == (DEFAULT_FIELDS[0],)


@pytest.mark.parametrize(("text", "code"), [("123", "00123"), (" 7 ", "00007"),
                                            ("12345", "12345"), ("123456", "123456"),
                                            ("ab", "ab")])
def test_normalise_unit_code(text: str, code: str) -> None:
    assert normalise_unit_code(text) == code
