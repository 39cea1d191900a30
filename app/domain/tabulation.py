"""Tabulation of a period's forms for the reports (DOMAIN.md §5). Pure: no I/O.

Every figure a report prints comes from here, and every table adds up: a share is always shown
with the counts it is computed from (``LevelCounts``), and denominators leave out blank (0) and
unreadable (9) answers, which are counted and shown beside them.

Shares are exact ``Fraction``s; rounding happens only when formatting (``format_percent``).
The rules (denominators, "0"/"9" rows, mixed questionnaire versions) are in docs/reports.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from app.domain.forms import FormRecord, FormStatus
from app.domain.periods import Period
from app.domain.questionnaire import BLANK, UNREADABLE, Question, Questionnaire
from app.domain.quota import quarter_share
from app.domain.settings import UnitSettings
from app.domain.text import nfc

LEVELS = (1, 2, 3, 4, 5)
SATISFIED_LEVELS = (4, 5)  # SIPAS satisfaction index: share of answers at level 4 or 5

# Row codes and labels of answers that are not an option (the report prints these labels).
BLANK_CODE, UNREADABLE_CODE, NOT_ASKED_CODE = str(BLANK), str(UNREADABLE), "-"
BLANK_LABEL = "Bỏ trống"
UNREADABLE_LABEL = "Không đọc được"
NOT_ASKED_LABEL = "Không có trong mẫu phiếu đã dùng"


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
    # Forms keyed under a questionnaire version without this item: in no count, no denominator.
    not_asked: int = 0


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
    # Active forms per questionnaire "id@version" they were keyed under, most used first.
    versions: tuple[tuple[str, int], ...] = ()

    @property
    def mixed_versions(self) -> bool:
        """Some forms were keyed under another questionnaire than the one tabulated."""
        return any(key != f"{self.questionnaire_id}@{self.questionnaire_version}"
                   for key, _ in self.versions)


FormInput = FormRecord | tuple[FormRecord, str]
"""A form, or a (form, stored field code) pair as ``Store.list_forms`` returns them.

The stored code is the truth: a unit may reorder its fields of service after keying, and then
the answer index on the form no longer names the same field. A bare record's field is derived
from its answer with the unit's current fields.
"""

_NOT_ASKED_SLOT = 10  # answer slots 0..9 are the answer codes; 10 = the form has no such question
_SLOTS = 11


@dataclass
class _Counts:
    """Raw counts over the active forms of one period; merged to make a year from its quarters."""

    forms: int = 0
    voided: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    field_answers: dict[str, list[int]] = field(default_factory=dict)  # rated answers by slot
    months: Counter[tuple[int, int]] = field(default_factory=Counter)
    answers: dict[str, list[int]] = field(default_factory=dict)  # question code -> slots
    opinions: list[OpinionRow] = field(default_factory=list)
    versions: Counter[str] = field(default_factory=Counter)

    def merge(self, other: _Counts) -> _Counts:
        def add(a: dict[str, list[int]], b: dict[str, list[int]]) -> dict[str, list[int]]:
            out = {k: list(v) for k, v in a.items()}
            for k, v in b.items():
                out[k] = [x + y for x, y in zip(out.get(k, [0] * _SLOTS), v, strict=True)]
            return out

        return _Counts(
            forms=self.forms + other.forms,
            voided=self.voided + other.voided,
            fields=self.fields + other.fields,
            field_answers=add(self.field_answers, other.field_answers),
            months=self.months + other.months,
            answers=add(self.answers, other.answers),
            opinions=sorted(self.opinions + other.opinions, key=_opinion_order),
            versions=self.versions + other.versions,
        )


def _opinion_order(opinion: OpinionRow) -> tuple[int, int]:
    return (opinion.survey_date.year, opinion.serial)  # serials restart every year


def _slot(answer: int) -> int:
    # Validation keeps answers in 0..n or 9; anything else is treated like an unreadable mark.
    return answer if 0 <= answer <= 9 else UNREADABLE


class _PeriodCounter:
    """Counts the forms of any period from one list of forms (each form once)."""

    def __init__(self, entries: Sequence[tuple[FormRecord, str]], questionnaire: Questionnaire
                 ) -> None:
        self.entries = entries
        self.rating_codes = tuple(q.code for q in questionnaire.rating_questions)
        self.profile_codes = tuple(q.code for q in questionnaire.profile_questions)
        self._cache: dict[Period, _Counts] = {}

    def count(self, period: Period) -> _Counts:
        cached = self._cache.get(period)
        if cached is not None:
            return cached
        if period.is_year:
            quarters = [self.count(q) for q in period.quarters()]
            result = quarters[0]
            for quarter in quarters[1:]:
                result = result.merge(quarter)
        else:
            result = self._count_quarter(period)
        self._cache[period] = result
        return result

    def _count_quarter(self, period: Period) -> _Counts:
        c = _Counts(answers={code: [0] * _SLOTS for code in self.rating_codes + self.profile_codes})
        start, end = period.start, period.end
        rated = [(code, c.answers[code]) for code in self.rating_codes]
        profile = [(code, c.answers[code]) for code in self.profile_codes]
        for record, field_code in self.entries:
            day = record.survey_date
            if not start <= day <= end:
                continue
            if record.status is not FormStatus.ACTIVE:
                c.voided += 1
                continue
            c.forms += 1
            c.fields[field_code] += 1
            c.months[(day.year, day.month)] += 1
            c.versions[f"{record.questionnaire_id}@{record.questionnaire_version}"] += 1
            by_field = c.field_answers.get(field_code)
            if by_field is None:
                by_field = c.field_answers[field_code] = [0] * _SLOTS
            answers = record.answers
            for code, slots in rated:
                answer = answers.get(code)
                if answer is None:
                    slots[_NOT_ASKED_SLOT] += 1
                    continue
                slot = _slot(answer)
                slots[slot] += 1
                by_field[slot] += 1
            for code, slots in profile:
                answer = answers.get(code)
                slots[_NOT_ASKED_SLOT if answer is None else _slot(answer)] += 1
            text = nfc(record.opinion).strip()
            if text:
                c.opinions.append(OpinionRow(record.serial, day, field_code, text))
        c.opinions.sort(key=_opinion_order)
        return c

    def active_between(self, first: date, last: date) -> int:
        return sum(1 for record, _ in self.entries
                   if first <= record.survey_date <= last and record.status is FormStatus.ACTIVE)


def _levels(slots: Sequence[int]) -> LevelCounts:
    counts = (slots[1], slots[2], slots[3], slots[4], slots[5])
    return LevelCounts(counts, slots[BLANK], sum(slots[6:_NOT_ASKED_SLOT]))


def _sum_levels(parts: Iterable[LevelCounts]) -> LevelCounts:
    total = LevelCounts()
    for part in parts:
        total = total + part
    return total


def _profile(question: Question, slots: Sequence[int]) -> ProfileBreakdown:
    n = len(question.options)
    options = [OptionCount(str(i), opt.label, slots[i])
               for i, opt in enumerate(question.options, start=1)]
    options.append(OptionCount(BLANK_CODE, BLANK_LABEL, slots[BLANK]))
    options.append(OptionCount(UNREADABLE_CODE, UNREADABLE_LABEL,
                               sum(slots[n + 1:_NOT_ASKED_SLOT])))
    if slots[_NOT_ASKED_SLOT]:
        options.append(OptionCount(NOT_ASKED_CODE, NOT_ASKED_LABEL, slots[_NOT_ASKED_SLOT]))
    return ProfileBreakdown(question.code, question.text, tuple(options))


def _field_rows(counts: _Counts, settings: UnitSettings, questionnaire: Questionnaire
                ) -> tuple[FieldResult, ...]:
    labels = {opt.code: opt.label for opt in questionnaire.field_question.options}
    labels.update({f.code: f.label for f in settings.fields})
    labels.update({BLANK_CODE: BLANK_LABEL, UNREADABLE_CODE: UNREADABLE_LABEL})
    setting_codes = [f.code for f in settings.fields]
    # A code no longer in the settings (a field the unit dropped) keeps its own row.
    other_codes = sorted(code for code in counts.fields
                         if code not in setting_codes and code not in (BLANK_CODE,
                                                                        UNREADABLE_CODE))
    tail = [code for code in (BLANK_CODE, UNREADABLE_CODE) if counts.fields[code]]
    return tuple(
        FieldResult(code, labels.get(code, code), counts.fields[code],
                    _levels(counts.field_answers.get(code, [0] * _SLOTS)))
        for code in [*setting_codes, *other_codes, *tail]
    )


def _components(questionnaire: Questionnaire, items: dict[str, LevelCounts]
                ) -> tuple[ComponentResult, ...]:
    return tuple(
        ComponentResult(c.code, c.number, c.title, c.question_codes,
                        _sum_levels(items[code] for code in c.question_codes if code in items))
        for c in questionnaire.components
    )


def _per_week_needed(counter: _PeriodCounter, period: Period, yearly_target: int,
                     today: date) -> int:
    """Forms per week still needed from ``today`` to the year's end (0 once met or over)."""
    year = period.year_period
    if today > year.end:
        return 0
    first = max(today, year.start)
    remaining = yearly_target - counter.active_between(year.start, first - timedelta(days=1))
    if remaining <= 0:
        return 0
    days = (year.end - first).days + 1
    return -(-remaining * 7 // days)  # integer ceiling: floats give 8 for 17 forms in 17 days


def _change(counter: _PeriodCounter, period: Period, questionnaire: Questionnaire,
            overall: LevelCounts, components: tuple[ComponentResult, ...]) -> Change | None:
    previous = period.previous()
    before = counter.count(previous)
    if before.forms == 0:
        return None
    before_items = {code: _levels(before.answers[code]) for code in counter.rating_codes}
    before_overall = _sum_levels(before_items.values())
    before_components = {c.code: c.levels for c in _components(questionnaire, before_items)}

    def delta(now: Fraction | None, then: Fraction | None) -> Fraction | None:
        return None if now is None or then is None else now - then

    return Change(
        previous_period=previous,
        previous_forms=before.forms,
        forms_delta=counter.count(period).forms - before.forms,
        previous_overall=before_overall.satisfaction,
        overall_delta=delta(overall.satisfaction, before_overall.satisfaction),
        components=tuple(
            (c.code, before_components[c.code].satisfaction,
             delta(c.levels.satisfaction, before_components[c.code].satisfaction))
            for c in components
        ),
    )


def _tabulation(counter: _PeriodCounter, questionnaire: Questionnaire, settings: UnitSettings,
                period: Period, today: date, quarters: tuple[Tabulation, ...]) -> Tabulation:
    counts = counter.count(period)
    items = tuple(
        ItemResult(q.code, q.number, q.text, q.short, q.component,
                   _levels(counts.answers[q.code]), counts.answers[q.code][_NOT_ASKED_SLOT])
        for q in questionnaire.rating_questions
    )
    item_levels = {item.code: item.levels for item in items}
    components = _components(questionnaire, item_levels)
    overall = _sum_levels(item_levels.values())
    year = period.year_period
    year_forms = sum(counter.count(q).forms for q in year.quarters() if q.end <= period.end)
    quota = QuotaStatus(
        target=settings.yearly_target if period.is_year else quarter_share(settings.yearly_target),
        forms=counts.forms,
        yearly_target=settings.yearly_target,
        year_forms=year_forms,
        per_week_needed=_per_week_needed(counter, period, settings.yearly_target, today),
    )
    return Tabulation(
        unit_code=settings.unit_code,
        unit_name=settings.unit_name,
        period=period,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        forms=counts.forms,
        voided=counts.voided,
        by_field=_field_rows(counts, settings, questionnaire),
        by_month=tuple(MonthCount(y, m, counts.months[(y, m)]) for y, m in period.months()),
        items=items,
        components=components,
        overall=overall,
        profile=tuple(_profile(q, counts.answers[q.code])
                      for q in questionnaire.profile_questions),
        quota=quota,
        opinions=tuple(counts.opinions),
        change=_change(counter, period, questionnaire, overall, components),
        quarters=quarters,
        versions=tuple(sorted(counts.versions.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def tabulate(
    forms: Iterable[FormInput],
    questionnaire: Questionnaire,
    settings: UnitSettings,
    period: Period,
    *,
    today: date,
    previous_forms: Iterable[FormInput] = (),
) -> Tabulation:
    """Tabulate the forms of ``period`` (forms outside it are ignored, voided ones counted apart).

    ``forms`` may hold the whole year (and should, for the quota's year-to-date figures and the
    pacing); ``previous_forms`` those of the period before (for ``change``). Both are read as one
    set: a form given twice (same year and serial) counts once, the copy in ``forms`` winning.
    For a yearly period, ``quarters`` holds the four quarterly tabulations, each with its own
    change against the quarter before.

    ``questionnaire`` defines the rows (items, components, profile questions): forms keyed
    under another version count everywhere by question code, and an item their questionnaire
    lacks counts them in ``ItemResult.not_asked`` only. ``today`` only drives the pacing.
    """
    keying = questionnaire.with_field_options(settings.fields)
    unique: dict[tuple[int, int], tuple[FormRecord, str]] = {}
    for source in (previous_forms, forms):  # later wins: the copy in ``forms``
        for entry in source:
            record, field_code = entry if isinstance(entry, tuple) else (
                entry, entry.field_code(keying))
            unique[(record.survey_date.year, record.serial)] = (record, field_code)
    counter = _PeriodCounter(list(unique.values()), questionnaire)
    quarters = tuple(
        _tabulation(counter, questionnaire, settings, q, today, ()) for q in period.quarters()
    ) if period.is_year else ()
    return _tabulation(counter, questionnaire, settings, period, today, quarters)


def _round_half_up(value: Fraction, digits: int) -> tuple[str, int]:
    """Sign and magnitude of ``value`` rounded half away from zero to ``digits`` decimals,
    as an integer count of 10**-digits ("-" only when the rounded value is not zero)."""
    scaled = abs(value) * 10**digits
    rounded = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    return ("-" if value < 0 and rounded else ""), rounded


def format_percent(share: Fraction | None, digits: int = 1) -> str:
    """A share the Vietnamese way: ``Fraction(326, 540)`` -> "60,4 %"; None -> "–".

    Negative values (a change between periods) keep their sign: "-1,7 %".
    """
    if share is None:
        return "–"
    sign, rounded = _round_half_up(share * 100, digits)
    whole, part = divmod(rounded, 10**digits)
    text = f"{whole}" if digits == 0 else f"{whole},{part:0{digits}d}"
    return f"{sign}{text} %"


def format_mean(mean: Fraction | None) -> str:
    """A mean score with two decimals and a decimal comma: "4,52"; None -> "–"."""
    if mean is None:
        return "–"
    sign, rounded = _round_half_up(mean, 2)
    return f"{sign}{rounded // 100},{rounded % 100:02d}"
