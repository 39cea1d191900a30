"""Yearly target, the seed 001 sample-size table, and pacing (DOMAIN.md §2)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

DEFAULT_YEARLY_TARGET = 420


def minimum_sample(transactions_per_year: int) -> int:
    """Minimum forms for a year's transactions (seed 001 §II.3).

    <=100: all; 101-1000: 20 % (at least 100); 1001-5000: 10 % (at least 200);
    >5000: 5 % (at least 500). Shares round up: a part of a form is a whole form to collect.
    """
    if transactions_per_year < 0:
        raise ValueError("transactions_per_year must be >= 0")
    n = transactions_per_year
    if n <= 100:
        return n
    if n <= 1000:
        return max(100, math.ceil(n * 20 / 100))
    if n <= 5000:
        return max(200, math.ceil(n * 10 / 100))
    return max(500, math.ceil(n * 5 / 100))


def quarter_share(yearly_target: int) -> int:
    """A quarter's share of the yearly target (420 -> 105), rounded up."""
    return math.ceil(yearly_target / 4)


@dataclass(frozen=True)
class Pacing:
    """How far the year is from its target, and the forms per week still needed."""
    remaining_forms: int
    remaining_days: int
    per_week: int  # forms per week still needed, rounded up; 0 when the target is met

    @property
    def target_met(self) -> bool:
        return self.remaining_forms <= 0


def pacing(collected: int, target: int, today: date, year: int) -> Pacing:
    """Forms per week needed from today (inclusive) to 31 December to reach the target."""
    year_end = date(year, 12, 31)
    remaining_forms = max(0, target - collected)
    if today > year_end:
        remaining_days = 0
    elif today < date(year, 1, 1):
        remaining_days = (year_end - date(year, 1, 1)).days + 1
    else:
        remaining_days = (year_end - today).days + 1
    if remaining_forms == 0:
        return Pacing(0, remaining_days, 0)
    # Integer arithmetic: ceil(forms / (days / 7)) in floats gives 8 for 17 forms in 17 days.
    days = max(remaining_days, 1)
    return Pacing(remaining_forms, remaining_days, -(-remaining_forms * 7 // days))
