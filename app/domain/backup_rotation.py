"""Which automatic backups to keep: 7 daily, 8 weekly, 12 monthly (grandfather-father-son).

Pure logic on timestamps, so the policy is tested without files. A "daily" slot is a day that
has at least one backup (not a calendar day): an office PC switched off for three weeks still
keeps seven days of work, not seven empty days. The newest backup of each slot is kept; the
newest backup of all is always kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class RotationPolicy:
    daily: int = 7
    weekly: int = 8
    monthly: int = 12


DEFAULT_POLICY = RotationPolicy()


def _keep_newest_per_slot(stamps: list[datetime], slot: Callable[[datetime], Hashable],
                          count: int) -> set[datetime]:
    kept: set[datetime] = set()
    seen: set[Hashable] = set()
    for stamp in stamps:  # newest first
        key = slot(stamp)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.add(key)
        kept.add(stamp)
    return kept


def _day(stamp: datetime) -> date:
    return stamp.date()


def _iso_week(stamp: datetime) -> tuple[int, int]:
    year, week, _ = stamp.isocalendar()
    return year, week


def _month(stamp: datetime) -> tuple[int, int]:
    return stamp.year, stamp.month


def backups_to_keep(stamps: Iterable[datetime],
                    policy: RotationPolicy = DEFAULT_POLICY) -> set[datetime]:
    """The stamps the policy keeps; every other one may be deleted."""
    ordered = sorted(set(stamps), reverse=True)
    if not ordered:
        return set()
    kept = {ordered[0]}
    kept |= _keep_newest_per_slot(ordered, _day, policy.daily)
    kept |= _keep_newest_per_slot(ordered, _iso_week, policy.weekly)
    kept |= _keep_newest_per_slot(ordered, _month, policy.monthly)
    return kept


def backups_to_remove(stamps: Iterable[datetime],
                      policy: RotationPolicy = DEFAULT_POLICY) -> list[datetime]:
    """Oldest first: the stamps the policy does not keep."""
    every = set(stamps)
    return sorted(every - backups_to_keep(every, policy))


def daily_backup_due(last_backup: datetime | None, now: datetime) -> bool:
    """True when no backup was made today (calendar day: a clerk who starts at 7:59 after
    starting at 8:00 yesterday still gets today's backup), or the newest is "from the
    future" (the clock was set back: such a stamp proves nothing)."""
    if last_backup is None or last_backup > now:
        return True
    return last_backup.date() < now.date()
