"""Report periods under both cut-off rules, the command-line period text, the previous period."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.forms import Issue
from app.domain.periods import Period, parse_period, period_of
from app.domain.settings import PERIOD_CALENDAR, PERIOD_CUTOFFS, PERIOD_DECREE_09

CUTOFFS = st.sampled_from(PERIOD_CUTOFFS)
DAYS = st.dates(date(2001, 1, 1), date(2099, 12, 31))


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, date(2025, 12, 15), date(2026, 3, 14)),
        (2, date(2026, 3, 15), date(2026, 6, 14)),
        (3, date(2026, 6, 15), date(2026, 9, 14)),
        (4, date(2026, 9, 15), date(2026, 12, 14)),
        (None, date(2025, 12, 15), date(2026, 12, 14)),
    ],
)
def test_decree_09_cut_off(quarter: int | None, start: date, end: date) -> None:
    period = Period(2026, quarter, PERIOD_DECREE_09)
    assert (period.start, period.end) == (start, end)


def test_calendar_is_the_default_and_equal_to_an_explicit_calendar_period() -> None:
    assert Period(2026, 3) == Period(2026, 3, PERIOD_CALENDAR)
    assert Period(2026, 3) != Period(2026, 3, PERIOD_DECREE_09)
    assert Period(2026, 3).label == Period(2026, 3, PERIOD_DECREE_09).label == "2026-Q3"


def test_bad_periods_are_refused() -> None:
    with pytest.raises(ValueError):
        Period(2026, 5)
    with pytest.raises(ValueError):
        Period(2026, 1, "weekly")


@given(DAYS, CUTOFFS)
def test_quarters_tile_their_year_and_period_of_finds_the_one(day: date, cutoff: str) -> None:
    quarter = period_of(day, cutoff)
    assert quarter.contains(day) and quarter.cutoff == cutoff
    year = quarter.year_period
    assert year.contains(day)
    quarters = year.quarters()
    assert [q.quarter for q in quarters] == [1, 2, 3, 4]
    assert sum(q.contains(day) for q in quarters) == 1
    assert quarters[0].start == year.start and quarters[-1].end == year.end
    for a, b in itertools.pairwise(quarters):
        assert b.start - a.end == timedelta(days=1)


@given(DAYS, CUTOFFS)
def test_previous_period_ends_the_day_before(day: date, cutoff: str) -> None:
    quarter = period_of(day, cutoff)
    assert quarter.start - quarter.previous().end == timedelta(days=1)
    year = quarter.year_period
    assert year.start - year.previous().end == timedelta(days=1)
    assert year.previous().quarter is None


@given(DAYS, CUTOFFS)
def test_months_are_every_calendar_month_touched(day: date, cutoff: str) -> None:
    quarter = period_of(day, cutoff)
    months = quarter.months()
    assert len(months) == (3 if cutoff == PERIOD_CALENDAR else 4)
    assert (day.year, day.month) in months
    assert months[0] == (quarter.start.year, quarter.start.month)
    assert months[-1] == (quarter.end.year, quarter.end.month)


def test_decree_09_mid_december_belongs_to_next_year() -> None:
    assert period_of(date(2026, 12, 15), PERIOD_DECREE_09) == Period(2027, 1, PERIOD_DECREE_09)
    assert period_of(date(2026, 12, 14), PERIOD_DECREE_09) == Period(2026, 4, PERIOD_DECREE_09)
    assert period_of(date(2026, 6, 15), PERIOD_DECREE_09).quarter == 3
    assert period_of(date(2026, 5, 31), PERIOD_DECREE_09).quarter == 2


def test_previous_across_the_year_end() -> None:
    assert Period(2026, 1).previous() == Period(2025, 4)
    assert Period(2026, 3).previous() == Period(2026, 2)
    assert Period(2026, None, PERIOD_DECREE_09).previous() == Period(2025, None, PERIOD_DECREE_09)


def test_due_date_and_title() -> None:
    assert Period(2026, 3).due_date() == date(2026, 9, 20)
    assert Period(2026, 3).due_date(15) == date(2026, 9, 15)
    assert Period(2026, None).due_date() == date(2026, 12, 20)
    assert Period(2026, 3).title == "quý III năm 2026"
    assert Period(2026, None).title == "năm 2026"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-Q3", Period(2026, 3)),
        (" 2026q1 ", Period(2026, 1)),
        ("2026 - Q4", Period(2026, 4)),
        ("2026", Period(2026, None)),
    ],
)
def test_parse_period(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


def test_parse_period_keeps_the_cut_off() -> None:
    assert parse_period("2026-Q2", PERIOD_DECREE_09) == Period(2026, 2, PERIOD_DECREE_09)


@pytest.mark.parametrize("text", ["", "2026-Q5", "2026-Q0", "26-Q1", "Q3", "2026/3", "quý 3"])
def test_parse_period_refuses_other_text(text: str) -> None:
    assert parse_period(text) == Issue("period_format", {"text": text.strip()})


def test_parse_period_refuses_far_years() -> None:
    issue = parse_period("1999")
    assert isinstance(issue, Issue) and issue.code == "period_year_out_of_range"
