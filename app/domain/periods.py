"""Reporting periods and due dates (DOMAIN.md §6).

Calendar quarters by default; a quarterly report is due on the 20th of the quarter's last month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

ROMAN = ("I", "II", "III", "IV")
DEFAULT_DUE_DAY = 20


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None  # None = the whole year

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        """Last day, inclusive."""
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}-Q{self.quarter}"


def quarter_period(day: date) -> Period:
    return Period(day.year, quarter_of(day))


def quarter_due_date(year: int, quarter: int, due_day: int = DEFAULT_DUE_DAY) -> date:
    return date(year, 3 * quarter, due_day)


@dataclass(frozen=True)
class DueReport:
    year: int
    quarter: int
    due: date
    days_left: int


def next_quarter_report(today: date, due_day: int = DEFAULT_DUE_DAY) -> DueReport:
    """The next quarterly report not yet past its due date (due day itself still counts)."""
    year, quarter = today.year, quarter_of(today)
    due = quarter_due_date(year, quarter, due_day)
    if today > due:
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        due = quarter_due_date(year, quarter, due_day)
    return DueReport(year, quarter, due, (due - today).days)
