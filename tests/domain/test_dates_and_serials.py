"""Survey dates and serial numbers as a clerk keys them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.dates import format_date, parse_survey_date
from app.domain.forms import MAX_SERIAL, Issue, format_serial, parse_serial

TODAY = date(2026, 11, 22)
YEAR = 2026


def parse(text: str, today: date = TODAY, year: int = YEAR) -> date | Issue:
    return parse_survey_date(text, today=today, working_year=year)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("150326", date(2026, 3, 15)),  # ddmmyy
        ("15032026", date(2026, 3, 15)),  # ddmmyyyy
        ("15/03/2026", date(2026, 3, 15)),  # dd/mm/yyyy
        ("5/3/2026", date(2026, 3, 5)),
        ("05.03.2026", date(2026, 3, 5)),
        ("05-03-26", date(2026, 3, 5)),
        ("  010126 ", date(2026, 1, 1)),
        ("22/11/2026", TODAY),  # today itself is allowed
    ],
)
def test_accepted_formats(text: str, expected: date) -> None:
    assert parse(text) == expected


def test_leap_day_is_a_real_date_in_a_leap_year() -> None:
    assert parse("290228", today=date(2028, 3, 1), year=2028) == date(2028, 2, 29)


@pytest.mark.parametrize("text", ["31/02/2026", "310226", "29022026", "00/01/2026",
                                  "32/01/2026", "15/13/2026", "15/00/2026", "31/04/2026"])
def test_impossible_dates(text: str) -> None:
    result = parse(text)
    assert isinstance(result, Issue)
    assert result.code == "date_impossible"
    assert result.params == {"text": text}


def test_future_date_is_refused() -> None:
    result = parse("23/11/2026")
    assert result == Issue("date_future", {"date": date(2026, 11, 23), "today": TODAY})


def test_two_digit_year_in_the_future_is_refused() -> None:
    result = parse("010199")  # 2099
    assert isinstance(result, Issue) and result.code == "date_future"


def test_date_outside_the_working_year() -> None:
    result = parse("31/12/2025")
    assert result == Issue("date_outside_year", {"date": date(2025, 12, 31), "year": YEAR})


def test_finishing_last_year_in_january() -> None:
    # Working year 2026, clerk keys late forms on 5 January 2027.
    assert parse("30/12/2026", today=date(2027, 1, 5)) == date(2026, 12, 30)
    result = parse("02/01/2027", today=date(2027, 1, 5))
    assert isinstance(result, Issue) and result.code == "date_outside_year"


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_empty(text: str) -> None:
    assert parse(text) == Issue("date_empty")


@pytest.mark.parametrize("text", ["abc", "1503", "1503202", "15/03", "15//03/2026", "15/03/202",
                                  "2026-03-15", "15 03 2026", "1/5/32026", "ngày 15"])
def test_garbage_is_a_format_issue(text: str) -> None:
    result = parse(text)
    assert isinstance(result, Issue)
    assert result.code == "date_format"
    assert result.params == {"text": text.strip()}


@given(st.text(max_size=30))
def test_parser_never_raises(text: str) -> None:
    result = parse(text)
    assert isinstance(result, date | Issue)
    if isinstance(result, date):
        assert result.year == YEAR and result <= TODAY


@given(st.dates(min_value=date(YEAR, 1, 1), max_value=TODAY))
def test_every_valid_date_round_trips_in_all_three_formats(day: date) -> None:
    assert parse(format_date(day)) == day
    assert parse(day.strftime("%d%m%y")) == day
    assert parse(day.strftime("%d%m%Y")) == day


def test_format_date_is_dd_mm_yyyy() -> None:
    assert format_date(date(2026, 3, 5)) == "05/03/2026"


# -- serials -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("0124", 124),
        (" 42 ", 42),
        ("999999", MAX_SERIAL),
        ("000007", 7),
    ],
)
def test_serial_accepted(text: str, expected: int) -> None:
    assert parse_serial(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "serial_empty"),
        ("  ", "serial_empty"),
        ("12a", "serial_not_number"),
        ("-3", "serial_not_number"),
        ("1 2", "serial_not_number"),
        ("1234567", "serial_not_number"),
        ("0", "serial_out_of_range"),
        ("000000", "serial_out_of_range"),
    ],
)
def test_serial_refused(text: str, code: str) -> None:
    result = parse_serial(text)
    assert isinstance(result, Issue)
    assert result.code == code


def test_serial_not_number_names_the_text() -> None:
    assert parse_serial(" 12a ") == Issue("serial_not_number", {"text": "12a"})


@given(st.text(max_size=12))
def test_serial_parser_never_raises(text: str) -> None:
    result = parse_serial(text)
    assert isinstance(result, Issue) or 1 <= result <= MAX_SERIAL


def test_format_serial_pads_to_four_digits() -> None:
    assert format_serial(7) == "0007"
    assert format_serial(124) == "0124"
    assert format_serial(12345) == "12345"
