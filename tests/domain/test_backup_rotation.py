"""Rotation of automatic backups: 7 daily, 8 weekly, 12 monthly; the newest always kept."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain.backup_rotation import (
    RotationPolicy,
    backups_to_keep,
    backups_to_remove,
    daily_backup_due,
)

START = datetime(2026, 1, 1, 17, 0)


def test_nothing_to_keep_or_remove_without_backups() -> None:
    assert backups_to_keep([]) == set()
    assert backups_to_remove([]) == []


def test_a_year_of_daily_backups_keeps_7_days_8_weeks_12_months() -> None:
    stamps = [START + timedelta(days=d) for d in range(365)]
    kept = backups_to_keep(stamps)
    newest = stamps[-1]  # 31/12/2026, a Thursday
    last_7_days = {newest - timedelta(days=d) for d in range(7)}
    assert last_7_days <= kept
    # The newest of each ISO week is its Sunday (or the newest day itself for this week).
    weekly = {s for s in kept if s.weekday() == 6}
    assert len(weekly) >= 7
    # The last day of each month in the year (December's is the newest itself).
    month_ends = {s for s in stamps if (s + timedelta(days=1)).day == 1}
    assert month_ends <= kept
    assert len(kept) <= 7 + 8 + 12
    assert len(kept) == len(stamps) - len(backups_to_remove(stamps))


def test_several_backups_a_day_keep_the_newest_of_each_day() -> None:
    day = datetime(2026, 11, 20)
    stamps = [day + timedelta(hours=h) for h in (8, 12, 17)]
    stamps += [day + timedelta(days=1, hours=h) for h in (9, 16)]
    kept = backups_to_keep(stamps)
    assert kept == {day + timedelta(hours=17), day + timedelta(days=1, hours=16)}
    assert backups_to_remove(stamps) == sorted(set(stamps) - kept)


def test_days_without_backups_do_not_use_up_the_daily_slots() -> None:
    # A PC switched off for three weeks still has seven days of work backed up.
    stamps = [START + timedelta(days=d) for d in range(10)]
    stamps.append(START + timedelta(days=40))
    kept = backups_to_keep(stamps, RotationPolicy(daily=7, weekly=0, monthly=0))
    assert kept == {stamps[-1], *stamps[4:10]}


@given(st.lists(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
                max_size=300))
def test_rotation_always_keeps_the_newest_and_never_more_than_the_slots(
        stamps: list[datetime]) -> None:
    kept = backups_to_keep(stamps)
    assert kept <= set(stamps)
    if stamps:
        assert max(stamps) in kept
    assert len(kept) <= 1 + 7 + 8 + 12
    removed = backups_to_remove(stamps)
    assert set(removed).isdisjoint(kept)
    assert set(removed) | kept == set(stamps)
    # Rotating again removes nothing more: the policy is stable.
    assert backups_to_remove(kept) == []


def test_daily_backup_due() -> None:
    now = datetime(2026, 11, 22, 8, 0)
    assert daily_backup_due(None, now)
    assert not daily_backup_due(now - timedelta(hours=7), now)  # 01:00 today
    assert daily_backup_due(now - timedelta(hours=9), now)  # 23:00 yesterday
    assert daily_backup_due(now - timedelta(days=40), now)
    assert daily_backup_due(now + timedelta(days=2), now)  # the clock went backwards
