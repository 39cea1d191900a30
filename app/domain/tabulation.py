"""Tabulation of a period's forms for the reports (DOMAIN.md §5). Pure: no I/O.

Every figure a report prints comes from here, and every table adds up: a share is always shown
with the counts it is computed from (``LevelCounts``), and denominators leave out blank (0) and
unreadable (9) answers, which are counted and shown beside them.

Shares are exact ``Fraction``s; rounding happens only when formatting (``format_percent``).

INTERFACE laid down first so the PDF/XLSX writers can be built beside the tabulation; the
computation (``tabulate``) is filled in by the tabulation work.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from app.domain.forms import FormRecord
from app.domain.periods import Period
from app.domain.questionnaire import Questionnaire
from app.domain.settings import UnitSettings

LEVELS = (1, 2, 3, 4, 5)
SATISFIED_LEVELS = (4, 5)  # SIPAS satisfaction index: share of answers at level 4 or 5


@dataclass(frozen=True)
class LevelCounts:
    """Answers to rated items: counts at levels 1..5 plus blank and unreadable."""

    counts: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)  # index 0 = level 1
    blank: int = 0
    unreadable: int = 0

    def at(self, level: int) -> int:
        return self.counts[level - 1]

    @property
    def valid(self) -> int:
        """Answers at a level 1..5: the denominator of every share."""
        return sum(self.counts)

    @property
    def total(self) -> int:
        return self.valid + self.blank + self.unreadable

    @property
    def satisfied(self) -> int:
        return self.at(4) + self.at(5)

    @property
    def satisfaction(self) -> Fraction | None:
        """Levels 4+5 over valid answers; None when there is no valid answer."""
        return Fraction(self.satisfied, self.valid) if self.valid else None

    def share(self, level: int) -> Fraction | None:
        return Fraction(self.at(level), self.valid) if self.valid else None

    @property
    def mean(self) -> Fraction | None:
        """Mean score 1..5 over valid answers."""
        if not self.valid:
            return None
        return Fraction(sum(level * n for level, n in zip(LEVELS, self.counts, strict=True)),
                        self.valid)

    def __add__(self, other: LevelCounts) -> LevelCounts:
        c = tuple(a + b for a, b in zip(self.counts, other.counts, strict=True))
        return LevelCounts(c, self.blank + other.blank,  # type: ignore[arg-type]
                           self.unreadable + other.unreadable)


@dataclass(frozen=True)
class ItemResult:
    """One rated item (TC1 …) over the period's forms."""

    code: str
    number: str
    text: str
    short: str
    component: str | None
    levels: LevelCounts


@dataclass(frozen=True)
class ComponentResult:
    """One of the five components (yếu tố): all answers to its items pooled."""

    code: str
    number: str
    title: str
    item_codes: tuple[str, ...]
    levels: LevelCounts


@dataclass(frozen=True)
class FieldResult:
    """One field of service: its forms and all rated answers on them (seed 002 field × level).

    Forms whose field was left blank or unreadable on paper get a row with code "0" / "9".
    """

    code: str
    label: str
    forms: int
    levels: LevelCounts


@dataclass(frozen=True)
class MonthCount:
    year: int
    month: int
    forms: int


@dataclass(frozen=True)
class OptionCount:
    code: str  # the answer code as text: "1".."8", "0" blank, "9" unreadable
    label: str
    count: int


@dataclass(frozen=True)
class ProfileBreakdown:
    """A respondent-profile question (Giới tính, Độ tuổi …): forms per option, blank, unreadable.

    ``options`` lists every option of the question (zero counts included) then blank and
    unreadable; the counts sum to the period's forms.
    """

    code: str
    text: str
    options: tuple[OptionCount, ...]


@dataclass(frozen=True)
class QuotaStatus:
    """Forms of the period against its share of the yearly target, and the pacing."""

    target: int  # the period's target: a quarter's share or the yearly target
    forms: int
    yearly_target: int
    year_forms: int  # forms of the whole year up to the period's end
    per_week_needed: int  # forms per week still needed to reach the yearly target

    @property
    def attainment(self) -> Fraction:
        return Fraction(self.forms, self.target) if self.target else Fraction(0)

    @property
    def met(self) -> bool:
        return self.forms >= self.target


@dataclass(frozen=True)
class OpinionRow:
    serial: int
    survey_date: date
    field_code: str
    text: str  # verbatim, NFC


@dataclass(frozen=True)
class Change:
    """Against the previous period (previous quarter, or previous year for a yearly report)."""

    previous_period: Period
    previous_forms: int
    forms_delta: int
    previous_overall: Fraction | None
    overall_delta: Fraction | None  # in share points as a fraction (0.021 = +2,1 points)
    components: tuple[tuple[str, Fraction | None, Fraction | None], ...]  # code, prev, delta


@dataclass(frozen=True)
class Tabulation:
    unit_code: str
    unit_name: str
    period: Period
    questionnaire_id: str
    questionnaire_version: str
    forms: int  # active forms in the period (voided excluded)
    voided: int  # shown for information, never counted
    by_field: tuple[FieldResult, ...]  # every field of the settings (zero rows kept) + 0/9
    by_month: tuple[MonthCount, ...]  # every month of the period, zero months kept
    items: tuple[ItemResult, ...]  # rated items in questionnaire order
    components: tuple[ComponentResult, ...]
    overall: LevelCounts  # all rated answers of the period
    profile: tuple[ProfileBreakdown, ...]
    quota: QuotaStatus
    opinions: tuple[OpinionRow, ...]  # non-empty opinions in serial order
    change: Change | None  # None when the previous period has no forms
    quarters: tuple[Tabulation, ...] = ()  # yearly report: the four quarters side by side


def tabulate(
    forms: Iterable[FormRecord],
    questionnaire: Questionnaire,
    settings: UnitSettings,
    period: Period,
    *,
    today: date,
    previous_forms: Iterable[FormRecord] = (),
) -> Tabulation:
    """Tabulate the forms of ``period`` (forms outside it are ignored, voided ones counted apart).

    ``forms`` may hold the whole year; ``previous_forms`` are those of the period before (for
    ``change``). For a yearly period, ``quarters`` holds the four quarterly tabulations.
    """
    raise NotImplementedError("filled in by the tabulation work")


def format_percent(share: Fraction | None, digits: int = 1) -> str:
    """A share the Vietnamese way: ``Fraction(326, 540)`` -> "60,4 %"; None -> "–"."""
    if share is None:
        return "–"
    scaled = share * 100 * 10**digits
    rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)  # half up
    whole, part = divmod(rounded, 10**digits)
    text = f"{whole}" if digits == 0 else f"{whole},{part:0{digits}d}"
    return f"{text} %"


def format_mean(mean: Fraction | None) -> str:
    """A mean score with two decimals and a decimal comma: "4,52"; None -> "–"."""
    if mean is None:
        return "–"
    scaled = mean * 100
    rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    return f"{rounded // 100},{rounded % 100:02d}"
