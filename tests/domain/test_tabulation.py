"""Tabulation against an independent computation on generated forms, and every table adds up.

The expected figures here are computed straight from the generated answer dicts with Counter,
with the period bounds written out by hand: none of it goes through the tabulation's code.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.forms import FormRecord, FormStatus
from app.domain.periods import Period
from app.domain.questionnaire import Questionnaire
from app.domain.settings import PERIOD_CALENDAR, PERIOD_DECREE_09, UnitSettings
from app.domain.tabulation import (
    NOT_ASKED_CODE,
    LevelCounts,
    Tabulation,
    format_mean,
    format_percent,
    tabulate,
)

YEAR = 2026
TODAY = date(2026, 11, 2)
SETTINGS = UnitSettings(unit_name="Ủy ban nhân dân xã Nam Đông", unit_code="12345", year=YEAR)
FIELD_CODES = ("TP", "TNMT", "LDTBXH")


def bounds(year: int, quarter: int | None, cutoff: str) -> tuple[date, date]:
    """Period bounds written out independently of app.domain.periods."""
    if cutoff == PERIOD_CALENDAR:
        table = {1: ((1, 1), (3, 31)), 2: ((4, 1), (6, 30)), 3: ((7, 1), (9, 30)),
                 4: ((10, 1), (12, 31)), None: ((1, 1), (12, 31))}
        (m1, d1), (m2, d2) = table[quarter]
        return date(year, m1, d1), date(year, m2, d2)
    table_09 = {1: ((-1, 12), (0, 3)), 2: ((0, 3), (0, 6)), 3: ((0, 6), (0, 9)),
                4: ((0, 9), (0, 12)), None: ((-1, 12), (0, 12))}
    (y1, m1), (y2, m2) = table_09[quarter]
    return date(year + y1, m1, 15), date(year + y2, m2, 14)


def make_forms(rng: random.Random, q: Questionnaire, n: int, first: date, days: int,
               serial_start: int = 1) -> list[FormRecord]:
    """Forms with every kind of answer: levels, blanks (0), unreadable (9), voided forms."""
    forms = []
    for i in range(n):
        answers = {}
        for question in q.questions:
            roll = rng.random()
            if roll < 0.04:
                answers[question.code] = 0
            elif roll < 0.07:
                answers[question.code] = 9
            else:
                answers[question.code] = rng.randint(1, question.option_count)
        day = first + timedelta(days=rng.randrange(days))
        opinion = rng.choice(["", "", "", "Cần thêm ghế ngồi chờ", "=1+1", "  "])
        status = FormStatus.VOID if rng.random() < 0.05 else FormStatus.ACTIVE
        forms.append(FormRecord(serial=serial_start + i, survey_date=day,
                                questionnaire_id=q.id, questionnaire_version=q.version,
                                answers=answers, opinion=opinion, status=status))
    return forms


def field_of(form: FormRecord) -> str:
    answer = form.answers["LV"]
    return FIELD_CODES[answer - 1] if 1 <= answer <= 3 else str(answer)


def expected_levels(answers: list[int]) -> tuple[tuple[int, ...], int, int]:
    c = Counter(answers)
    return tuple(c[level] for level in (1, 2, 3, 4, 5)), c[0], c[9]


def assert_levels(levels: LevelCounts, answers: list[int]) -> None:
    counts, blank, unreadable = expected_levels(answers)
    assert (levels.counts, levels.blank, levels.unreadable) == (counts, blank, unreadable)
    valid = [a for a in answers if 1 <= a <= 5]
    if valid:
        assert levels.satisfaction == Fraction(sum(1 for a in valid if a >= 4), len(valid))
        assert levels.mean == Fraction(sum(valid), len(valid))
    else:
        assert levels.satisfaction is None and levels.mean is None


def assert_adds_up(tab: Tabulation, q: Questionnaire) -> None:
    """Row and column sums of every table, and shares from the counts shown."""
    assert sum(f.forms for f in tab.by_field) == tab.forms
    assert sum(m.forms for m in tab.by_month) == tab.forms
    by_field_levels = sum((f.levels for f in tab.by_field), LevelCounts())
    assert by_field_levels == tab.overall
    assert sum((i.levels for i in tab.items), LevelCounts()) == tab.overall
    for item in tab.items:
        assert item.levels.total + item.not_asked == tab.forms
    items = {i.code: i.levels for i in tab.items}
    for component in tab.components:
        assert component.levels == sum((items[c] for c in component.item_codes), LevelCounts())
    assert sum((c.levels for c in tab.components), LevelCounts()) == tab.overall
    for breakdown in tab.profile:
        assert sum(o.count for o in breakdown.options) == tab.forms
    for levels in [tab.overall, *items.values(), *(f.levels for f in tab.by_field)]:
        if levels.valid:
            assert levels.satisfaction == Fraction(levels.at(4) + levels.at(5), levels.valid)
            assert sum(levels.share(lv) or 0 for lv in (1, 2, 3, 4, 5)) == 1
    assert len(tab.items) == len(q.rating_questions)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), quarter=st.sampled_from([1, 2, 3, 4, None]),
       cutoff=st.sampled_from([PERIOD_CALENDAR, PERIOD_DECREE_09]))
def test_figures_match_an_independent_count(xa22: Questionnaire, seed: int,
                                           quarter: int | None, cutoff: str) -> None:
    rng = random.Random(seed)
    # The year before and this year, so that periods cut at the year end have forms on both sides.
    forms = make_forms(rng, xa22, 300, date(YEAR - 1, 10, 1), 455)
    period = Period(YEAR, quarter, cutoff)
    tab = tabulate(forms, xa22, SETTINGS, period, today=TODAY)

    start, end = bounds(YEAR, quarter, cutoff)
    inside = [f for f in forms if start <= f.survey_date <= end]
    active = [f for f in inside if f.status is FormStatus.ACTIVE]
    assert tab.forms == len(active)
    assert tab.voided == len(inside) - len(active)
    fields = Counter(field_of(f) for f in active)
    assert {f.code: f.forms for f in tab.by_field} == {
        **{code: fields[code] for code in FIELD_CODES},
        **{code: n for code, n in fields.items() if code in ("0", "9")},
    }
    months = Counter((f.survey_date.year, f.survey_date.month) for f in active)
    assert {(m.year, m.month): m.forms for m in tab.by_month if m.forms} == dict(months)
    rated = [question.code for question in xa22.rating_questions]
    for item in tab.items:
        assert_levels(item.levels, [f.answers[item.code] for f in active])
    for component in tab.components:
        assert_levels(component.levels,
                      [f.answers[c] for f in active for c in component.item_codes])
    assert_levels(tab.overall, [f.answers[c] for f in active for c in rated])
    for field_row in tab.by_field:
        assert_levels(field_row.levels, [f.answers[c] for f in active
                                         if field_of(f) == field_row.code for c in rated])
    for breakdown in tab.profile:
        counts = Counter(str(f.answers[breakdown.code]) for f in active)
        assert {o.code: o.count for o in breakdown.options} == {
            o.code: counts[o.code] for o in breakdown.options}
    # Serials restart each year: a Decree 09 period opens in December of the year before.
    opinions = sorted((f.survey_date.year, f.serial, f.opinion.strip()) for f in active
                      if f.opinion.strip())
    assert [(o.survey_date.year, o.serial, o.text) for o in tab.opinions] == opinions
    assert_adds_up(tab, xa22)
    if quarter is None:
        assert [t.period.quarter for t in tab.quarters] == [1, 2, 3, 4]
        assert sum(t.forms for t in tab.quarters) == tab.forms
        assert sum((t.overall for t in tab.quarters), LevelCounts()) == tab.overall
        for t in tab.quarters:
            assert_adds_up(t, xa22)
    else:
        assert tab.quarters == ()


def test_change_against_the_previous_quarter(xa22: Questionnaire) -> None:
    rng = random.Random(7)
    forms = make_forms(rng, xa22, 240, date(YEAR, 1, 1), 273)
    tab = tabulate(forms, xa22, SETTINGS, Period(YEAR, 3), today=TODAY)
    q2 = [f for f in forms
          if date(YEAR, 4, 1) <= f.survey_date <= date(YEAR, 6, 30) and f.status == "active"]
    rated = [q.code for q in xa22.rating_questions]
    answers = [f.answers[c] for f in q2 for c in rated]
    valid = [a for a in answers if 1 <= a <= 5]
    before = Fraction(sum(1 for a in valid if a >= 4), len(valid))
    assert tab.change is not None
    assert tab.change.previous_period == Period(YEAR, 2)
    assert tab.change.previous_forms == len(q2)
    assert tab.change.forms_delta == tab.forms - len(q2)
    assert tab.change.previous_overall == before
    assert tab.change.overall_delta == tab.overall.satisfaction - before
    assert [code for code, _, _ in tab.change.components] == [c.code for c in tab.components]


def test_change_of_the_first_quarter_comes_from_previous_forms(xa22: Questionnaire) -> None:
    rng = random.Random(8)
    last_year = make_forms(rng, xa22, 60, date(YEAR - 1, 10, 1), 92)
    this_year = make_forms(rng, xa22, 60, date(YEAR, 1, 1), 90)
    alone = tabulate(this_year, xa22, SETTINGS, Period(YEAR, 1), today=TODAY)
    assert alone.change is None  # nothing before: no change to show
    tab = tabulate(this_year, xa22, SETTINGS, Period(YEAR, 1), today=TODAY,
                   previous_forms=last_year)
    assert tab.change is not None and tab.change.previous_period == Period(YEAR - 1, 4)
    assert tab.change.previous_forms == sum(f.status == "active" for f in last_year)
    assert tab.forms == alone.forms  # previous forms never leak into the period


def test_a_form_given_twice_counts_once(xa22: Questionnaire) -> None:
    forms = make_forms(random.Random(3), xa22, 40, date(YEAR, 7, 1), 60)
    once = tabulate(forms, xa22, SETTINGS, Period(YEAR, 3), today=TODAY)
    twice = tabulate(forms, xa22, SETTINGS, Period(YEAR, 3), today=TODAY, previous_forms=forms)
    assert twice.forms == once.forms and twice.overall == once.overall


def test_the_stored_field_code_wins_over_the_answer(xa22: Questionnaire) -> None:
    forms = make_forms(random.Random(4), xa22, 30, date(YEAR, 7, 1), 60)
    active = [f for f in forms if f.status is FormStatus.ACTIVE]
    # As Store.list_forms returns them: the unit renamed a field after keying.
    pairs = [(f, "HT" if field_of(f) == "TP" else field_of(f)) for f in forms]
    tab = tabulate(pairs, xa22, SETTINGS, Period(YEAR, 3), today=TODAY)
    rows = {f.code: f for f in tab.by_field}
    assert rows["TP"].forms == 0  # every field of the settings keeps a row
    assert rows["HT"].forms == sum(field_of(f) == "TP" for f in active)
    assert rows["HT"].label == "HT"  # not in the settings or the questionnaire: its code
    assert_adds_up(tab, xa22)


def test_mixed_questionnaire_versions(xa22: Questionnaire, sipas: Questionnaire) -> None:
    rng = random.Random(5)
    old = make_forms(rng, sipas, 20, date(YEAR, 7, 1), 30)
    new = make_forms(rng, xa22, 30, date(YEAR, 8, 1), 30, serial_start=21)
    tab = tabulate(old + new, xa22, SETTINGS, Period(YEAR, 3), today=TODAY)
    old_active = sum(f.status is FormStatus.ACTIVE for f in old)
    new_active = sum(f.status is FormStatus.ACTIVE for f in new)
    assert tab.forms == old_active + new_active
    assert dict(tab.versions) == {"xa-22-tieu-chi@2017.1": new_active,
                                  "sipas-2021@2021.1": old_active}
    assert tab.mixed_versions
    # Items are the report questionnaire's: the SIPAS forms have none of them.
    assert all(item.not_asked == old_active for item in tab.items)
    # Profile questions share their codes: answered on both versions.
    gender = next(p for p in tab.profile if p.code == "GT")
    assert NOT_ASKED_CODE not in {o.code for o in gender.options}
    assert_adds_up(tab, xa22)
    single = tabulate(new, xa22, SETTINGS, Period(YEAR, 3), today=TODAY)
    assert not single.mixed_versions and single.overall == tab.overall


def test_quota_and_pacing(xa22: Questionnaire) -> None:
    forms = [
        FormRecord(serial=i + 1, survey_date=date(YEAR, 1, 1) + timedelta(days=i),
                   questionnaire_id=xa22.id, questionnaire_version=xa22.version,
                   answers={q.code: 5 for q in xa22.questions})
        for i in range(300)  # one form a day from 1 January to 27 October
    ]
    tab = tabulate(forms, xa22, SETTINGS, Period(YEAR, 2), today=TODAY)
    assert tab.quota.target == 105 and tab.quota.yearly_target == 420
    assert tab.quota.forms == 91  # April, May, June
    assert tab.quota.year_forms == 181  # 1 January to 30 June
    assert not tab.quota.met and tab.quota.attainment == Fraction(91, 105)
    # From 2 November: 120 forms still needed in 60 days -> 14 a week (ceil 120 * 7 / 60).
    assert tab.quota.per_week_needed == 14
    year = tabulate(forms, xa22, SETTINGS, Period(YEAR, None), today=TODAY)
    assert (year.quota.target, year.quota.forms, year.quota.year_forms) == (420, 300, 300)
    assert not year.quota.met
    after = tabulate(forms, xa22, SETTINGS, Period(YEAR, None), today=date(YEAR + 1, 1, 5))
    assert after.quota.per_week_needed == 0  # the year is over: nothing left to pace


def test_empty_period(xa22: Questionnaire) -> None:
    tab = tabulate([], xa22, SETTINGS, Period(YEAR, 1), today=TODAY)
    assert tab.forms == 0 and tab.overall == LevelCounts() and tab.overall.satisfaction is None
    assert [f.code for f in tab.by_field] == list(FIELD_CODES)
    assert [(m.month, m.forms) for m in tab.by_month] == [(1, 0), (2, 0), (3, 0)]
    assert tab.change is None and tab.opinions == ()
    assert_adds_up(tab, xa22)


def test_decree_09_months_and_year_end(xa22: Questionnaire) -> None:
    day = date(YEAR - 1, 12, 20)
    form = FormRecord(serial=400, survey_date=day, questionnaire_id=xa22.id,
                      questionnaire_version=xa22.version,
                      answers={q.code: 4 for q in xa22.questions})
    tab = tabulate([form], xa22, SETTINGS, Period(YEAR, 1, PERIOD_DECREE_09), today=TODAY)
    assert tab.forms == 1
    assert [(m.year, m.month, m.forms) for m in tab.by_month] == [
        (YEAR - 1, 12, 1), (YEAR, 1, 0), (YEAR, 2, 0), (YEAR, 3, 0)]
    calendar = tabulate([form], xa22, SETTINGS, Period(YEAR, 1), today=TODAY)
    assert calendar.forms == 0


def test_seed_002_shares_are_shown_from_their_counts() -> None:
    # Seed 002: 540 rated answers, 10 at "bình thường", 204 "hài lòng", 326 "rất hài lòng".
    levels = LevelCounts((0, 0, 10, 204, 326))
    assert format_percent(levels.share(3)) == "1,9 %"  # the seed's "1,6 %" does not add up
    assert format_percent(levels.share(4)) == "37,8 %"
    assert format_percent(levels.share(5)) == "60,4 %"
    assert format_percent(levels.satisfaction) == "98,1 %"
    assert format_mean(levels.mean) == "4,59"


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(1, 2), "50,0 %"), (Fraction(1, 2000), "0,1 %"), (Fraction(1, 3000), "0,0 %"),
     (Fraction(-17, 1000), "-1,7 %"), (Fraction(-1, 3000), "0,0 %"), (None, "–"),
     (Fraction(1), "100,0 %")],
)
def test_format_percent(value: Fraction | None, text: str) -> None:
    assert format_percent(value) == text


def test_format_mean_rounds_half_up_and_keeps_the_sign() -> None:
    assert format_mean(Fraction(4525, 1000)) == "4,53"
    assert format_mean(Fraction(-3, 2)) == "-1,50"
    assert format_mean(None) == "–"
