"""Reporting periods and due dates (DOMAIN.md §6).

Calendar quarters by default; a quarterly report is due on the 20th of the quarter's last month
(``UnitSettings.due_day``). With the Decree 09/2019 cut-off (``UnitSettings.period_cutoff``) a
quarter runs from the 15th of the month before it to the 14th of its last month, and the year
from 15/12 of the year before to 14/12: forms of 15-31/12 count in the next year's first
quarter. The label ("2026-Q3", "2026") names the period the same way under either cut-off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.forms import Issue
from app.domain.settings import PERIOD_CALENDAR, PERIOD_CUTOFFS, PERIOD_DECREE_09

ROMAN = ("I", "II", "III", "IV")
DEFAULT_DUE_DAY = 20
DECREE_09_CUTOFF_DAY = 15  # a Decree 09 period starts on the 15th and ends on the 14th
MIN_YEAR, MAX_YEAR = 2000, 2100


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


@dataclass(frozen=True)
class Period:
    """A quarter (``quarter`` 1..4) or a whole year (``quarter`` None) under a cut-off rule."""

    year: int
    quarter: int | None  # None = the whole year
    cutoff: str = PERIOD_CALENDAR

    def __post_init__(self) -> None:
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter must be 1..4 or None, not {self.quarter}")
        if self.cutoff not in PERIOD_CUTOFFS:
            raise ValueError(f"unknown period cut-off {self.cutoff!r}")

    @property
    def is_year(self) -> bool:
        return self.quarter is None

    @property
    def start(self) -> date:
        first_month = 1 if self.quarter is None else 3 * self.quarter - 2
        if self.cutoff == PERIOD_DECREE_09:
            if first_month == 1:
                return date(self.year - 1, 12, DECREE_09_CUTOFF_DAY)
            return date(self.year, first_month - 1, DECREE_09_CUTOFF_DAY)
        return date(self.year, first_month, 1)

    @property
    def end(self) -> date:
        """Last day, inclusive."""
        last_month = 12 if self.quarter is None else 3 * self.quarter
        if self.cutoff == PERIOD_DECREE_09:
            return date(self.year, last_month, DECREE_09_CUTOFF_DAY - 1)
        if last_month == 12:
            return date(self.year, 12, 31)
        return date(self.year, last_month + 1, 1) - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}-Q{self.quarter}"

    @property
    def title(self) -> str:
        """The period as a report names it: "quý III năm 2026", "năm 2026"."""
        if self.quarter is None:
            return f"năm {self.year}"
        return f"quý {ROMAN[self.quarter - 1]} năm {self.year}"

    @property
    def year_period(self) -> Period:
        return Period(self.year, None, self.cutoff)

    def previous(self) -> Period:
        """The quarter before (across the year end), or the year before."""
        if self.quarter is None:
            return Period(self.year - 1, None, self.cutoff)
        if self.quarter == 1:
            return Period(self.year - 1, 4, self.cutoff)
        return Period(self.year, self.quarter - 1, self.cutoff)

    def quarters(self) -> tuple[Period, ...]:
        """A year's four quarters in order; a quarter is its own single quarter."""
        if self.quarter is None:
            return tuple(Period(self.year, q, self.cutoff) for q in (1, 2, 3, 4))
        return (self,)

    def months(self) -> tuple[tuple[int, int], ...]:
        """Every calendar (year, month) the period touches, in order (4 for a Decree 09 quarter)."""
        out: list[tuple[int, int]] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return tuple(out)

    def due_date(self, due_day: int = DEFAULT_DUE_DAY) -> date:
        """The report's due date: ``due_day`` of the last month (December for the year)."""
        return date(self.year, 12 if self.quarter is None else 3 * self.quarter, due_day)


def period_of(day: date, cutoff: str = PERIOD_CALENDAR) -> Period:
    """The quarter that holds ``day`` under the cut-off rule."""
    if cutoff == PERIOD_DECREE_09 and day.day >= DECREE_09_CUTOFF_DAY and day.month % 3 == 0:
        # The 15th of a quarter's last month opens the next quarter.
        if day.month == 12:
            return Period(day.year + 1, 1, cutoff)
        return Period(day.year, quarter_of(day) + 1, cutoff)
    return Period(day.year, quarter_of(day), cutoff)


_PERIOD_TEXT = r"(\d{4})(?:\s*-?\s*[Qq]([1-4]))?"  # compiled at first use (re's cache)


def parse_period(text: str, cutoff: str = PERIOD_CALENDAR) -> Period | Issue:
    """A period typed on the command line: "2026-Q3" (or "2026Q3", "2026-q3") or "2026".

    Returns an Issue ``period_format`` (text) or ``period_year_out_of_range`` (year, min, max).
    """
    cleaned = text.strip()
    match = re.fullmatch(_PERIOD_TEXT, cleaned)
    if match is None:
        return Issue("period_format", {"text": cleaned})
    year = int(match.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return Issue("period_year_out_of_range", {"year": year, "min": MIN_YEAR, "max": MAX_YEAR})
    quarter = int(match.group(2)) if match.group(2) else None
    return Period(year, quarter, cutoff)


def quarter_period(day: date) -> Period:
    return Period(day.year, quarter_of(day))


def quarter_due_date(year: int, quarter: int, due_day: int = DEFAULT_DUE_DAY) -> date:
    return date(year, 3 * quarter, due_day)


@dataclass(frozen=True)
class DueReport:
    """The next quarterly report: its quarter, due date and the days left until then."""
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
