"""Periods and due dates, the sample-size table, pacing, and the tally beside the keying screen."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.periods import (
    Period,
    next_quarter_report,
    quarter_due_date,
    quarter_of,
    quarter_period,
)
from app.domain.quota import minimum_sample, pacing, quarter_share
from app.domain.tally import FieldCount, build_tally

# -- periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "quarter"),
    [(1, 1), (2, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (11, 4), (12, 4)],
)
def test_quarter_of(month: int, quarter: int) -> None:
    assert quarter_of(date(2026, month, 15)) == quarter


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, date(2026, 1, 1), date(2026, 3, 31)),
        (2, date(2026, 4, 1), date(2026, 6, 30)),
        (3, date(2026, 7, 1), date(2026, 9, 30)),
        (4, date(2026, 10, 1), date(2026, 12, 31)),
        (None, date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_period_start_and_end(quarter: int | None, start: date, end: date) -> None:
    period = Period(2026, quarter)
    assert (period.start, period.end) == (start, end)
    assert period.contains(start) and period.contains(end)
    assert not period.contains(start - timedelta(days=1))
    assert not period.contains(end + timedelta(days=1))


def test_period_labels() -> None:
    assert Period(2026, 3).label == "2026-Q3"
    assert Period(2026, None).label == "2026"


@given(st.dates(date(2000, 1, 1), date(2100, 12, 31)))
def test_quarter_period_contains_the_day_and_quarters_tile_the_year(day: date) -> None:
    period = quarter_period(day)
    assert period.contains(day)
    quarters = [Period(day.year, q) for q in (1, 2, 3, 4)]
    assert sum(1 for p in quarters if p.contains(day)) == 1
    for a, b in itertools.pairwise(quarters):
        assert b.start - a.end == timedelta(days=1)


def test_quarter_due_date_is_the_20th_of_the_last_month() -> None:
    assert quarter_due_date(2026, 1) == date(2026, 3, 20)
    assert quarter_due_date(2026, 4) == date(2026, 12, 20)
    assert quarter_due_date(2026, 2, due_day=15) == date(2026, 6, 15)


@pytest.mark.parametrize(
    ("today", "year", "quarter", "due", "days_left"),
    [
        (date(2026, 3, 19), 2026, 1, date(2026, 3, 20), 1),
        (date(2026, 3, 20), 2026, 1, date(2026, 3, 20), 0),  # the due day itself still counts
        (date(2026, 3, 21), 2026, 2, date(2026, 6, 20), 91),
        (date(2026, 1, 1), 2026, 1, date(2026, 3, 20), 78),
        (date(2026, 12, 20), 2026, 4, date(2026, 12, 20), 0),
        (date(2026, 12, 21), 2027, 1, date(2027, 3, 20), 89),  # across the year end
        (date(2026, 12, 31), 2027, 1, date(2027, 3, 20), 79),
    ],
)
def test_next_quarter_report(
    today: date, year: int, quarter: int, due: date, days_left: int
) -> None:
    report = next_quarter_report(today)
    assert (report.year, report.quarter, report.due, report.days_left) == (
        year, quarter, due, days_left)


def test_next_quarter_report_with_another_due_day() -> None:
    report = next_quarter_report(date(2026, 6, 16), due_day=15)
    assert (report.year, report.quarter, report.due) == (2026, 3, date(2026, 9, 15))


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
def test_next_report_is_never_past_and_within_a_quarter(today: date) -> None:
    report = next_quarter_report(today)
    assert 0 <= report.days_left <= 92
    assert report.due == today + timedelta(days=report.days_left)


# -- quota -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("transactions", "minimum"),
    [
        (0, 0),
        (1, 1),
        (100, 100),  # <= 100: all of them
        (101, 100),  # 20 % would be 21; at least 100
        (500, 100),
        (501, 101),  # 20 % of 501 = 100.2, a part of a form is a whole form
        (1000, 200),
        (1001, 200),  # 10 % would be 101; at least 200
        (2000, 200),
        (2001, 201),
        (5000, 500),
        (5001, 500),  # 5 % would be 251; at least 500
        (10_000, 500),
        (12_000, 600),
    ],
)
def test_minimum_sample_table(transactions: int, minimum: int) -> None:
    assert minimum_sample(transactions) == minimum


def test_minimum_sample_refuses_negative() -> None:
    with pytest.raises(ValueError):
        minimum_sample(-1)


@given(st.integers(0, 200_000))
def test_minimum_sample_never_exceeds_the_transactions(n: int) -> None:
    assert 0 <= minimum_sample(n) <= n


@pytest.mark.parametrize(("target", "share"), [(420, 105), (200, 50), (1, 1), (421, 106), (30, 8)])
def test_quarter_share(target: int, share: int) -> None:
    assert quarter_share(target) == share


def test_pacing_target_met() -> None:
    p = pacing(collected=430, target=420, today=date(2026, 6, 1), year=2026)
    assert p.target_met
    assert (p.remaining_forms, p.per_week) == (0, 0)
    assert p.remaining_days == 214


def test_pacing_on_the_last_day_of_the_year() -> None:
    p = pacing(collected=400, target=420, today=date(2026, 12, 31), year=2026)
    assert (p.remaining_forms, p.remaining_days) == (20, 1)
    assert p.per_week == 140  # 20 forms in one day is a rate of 140 a week
    assert not p.target_met


def test_pacing_from_the_first_of_january() -> None:
    p = pacing(collected=0, target=420, today=date(2026, 1, 1), year=2026)
    assert p.remaining_days == 365
    assert p.per_week == 9  # 420 / (365 / 7) = 8.05, rounded up


def test_pacing_before_and_after_the_year() -> None:
    before = pacing(collected=0, target=420, today=date(2025, 12, 1), year=2026)
    assert before.remaining_days == 365
    after = pacing(collected=100, target=420, today=date(2027, 1, 10), year=2026)
    assert after.remaining_days == 0 and after.remaining_forms == 320
    assert after.per_week == 320 * 7  # as if one day were left; never a division by zero


@pytest.mark.parametrize(("remaining", "days", "per_week"), [(17, 17, 7), (34, 17, 14), (7, 7, 7),
                                                             (8, 7, 8), (1, 365, 1)])
def test_pacing_is_exact_when_the_rate_is_whole(remaining: int, days: int, per_week: int) -> None:
    today = date(2026, 12, 31) - timedelta(days=days - 1)
    p = pacing(collected=420 - remaining, target=420, today=today, year=2026)
    assert p.remaining_days == days
    assert p.per_week == per_week


@given(st.integers(0, 1000), st.dates(date(2026, 1, 1), date(2026, 12, 31)))
def test_pacing_per_week_is_the_ceiling_of_the_rate(collected: int, today: date) -> None:
    p = pacing(collected, 420, today, 2026)
    if p.target_met:
        assert p.per_week == 0
    else:
        # per_week forms a week are enough, one less is not.
        assert p.per_week * p.remaining_days >= p.remaining_forms * 7
        assert (p.per_week - 1) * p.remaining_days < p.remaining_forms * 7


# -- tally -------------------------------------------------------------------------------------

LABELS = {"TP": "Tư pháp", "TNMT": "Tài nguyên và Môi trường", "LDTBXH": "Lao động"}


def test_build_tally() -> None:
    tally = build_tally(
        year=2026, yearly_target=420, today=date(2026, 11, 22), year_count=344,
        quarter_counts={1: 100, 2: 90, 3: 67, 4: 87},
        field_counts={"TP": 120, "TNMT": 110, "LDTBXH": 114}, field_labels=LABELS, voided=3,
    )
    assert (tally.year, tally.year_count, tally.yearly_target) == (2026, 344, 420)
    assert (tally.quarter, tally.quarter_count, tally.quarter_target) == (4, 87, 105)
    assert tally.by_field == (
        FieldCount("TP", "Tư pháp", 120),
        FieldCount("TNMT", "Tài nguyên và Môi trường", 110),
        FieldCount("LDTBXH", "Lao động", 114),
    )
    assert tally.voided == 3
    assert tally.year_share == pytest.approx(344 / 420)
    assert tally.pacing.remaining_forms == 76
    assert (tally.due.quarter, tally.due.due) == (4, date(2026, 12, 20))


def test_tally_lists_every_field_even_with_no_forms_and_groups_unknown() -> None:
    tally = build_tally(
        year=2026, yearly_target=420, today=date(2026, 2, 1), year_count=5,
        quarter_counts={1: 5}, field_counts={"TP": 2, "0": 1, "OLD": 2}, field_labels=LABELS,
    )
    assert [(f.code, f.count) for f in tally.by_field] == [
        ("TP", 2), ("TNMT", 0), ("LDTBXH", 0), ("?", 3)]
    assert sum(f.count for f in tally.by_field) == tally.year_count


def test_tally_of_a_past_year_shows_its_last_quarter() -> None:
    tally = build_tally(
        year=2026, yearly_target=420, today=date(2027, 1, 5), year_count=400,
        quarter_counts={4: 98}, field_counts={}, field_labels=LABELS,
    )
    assert (tally.quarter, tally.quarter_count) == (4, 98)


def test_tally_of_a_future_year_shows_its_first_quarter() -> None:
    tally = build_tally(
        year=2027, yearly_target=420, today=date(2026, 12, 28), year_count=0,
        quarter_counts={}, field_counts={}, field_labels=LABELS,
    )
    assert (tally.quarter, tally.quarter_count) == (1, 0)


def test_tally_with_zero_target_has_zero_share() -> None:
    tally = build_tally(
        year=2026, yearly_target=0, today=date(2026, 5, 5), year_count=3,
        quarter_counts={2: 3}, field_counts={}, field_labels={},
    )
    assert tally.year_share == 0.0
