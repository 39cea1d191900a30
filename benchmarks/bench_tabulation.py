"""Budget: tabulation of a district-size year (30 units x 420 forms) <= 2 s.

``tabulate`` works per unit, so the district's year is 30 calls, each over one unit's 420
forms of the year plus the 420 of the year before (for the change against the previous
period), with the four quarters of the year filled in as a yearly report needs them. Forms are
generated in memory (the database is not what is measured here) with blanks, unreadable marks,
voided forms and opinions in realistic shares.

    .venv/bin/python benchmarks/bench_tabulation.py [--units 30] [--forms 420] [--strict]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import paths
from app.domain.forms import FormRecord, FormStatus
from app.domain.periods import Period
from app.domain.questionnaire import Questionnaire, load_questionnaire_file
from app.domain.settings import UnitSettings
from app.domain.tabulation import tabulate
from app.services.workspace import questionnaire_schema

BUDGET_S = 2.0
YEAR = 2026
TODAY = date(2026, 12, 18)


def unit_forms(rng: random.Random, q: Questionnaire, year: int, n: int
               ) -> list[tuple[FormRecord, str]]:
    field_codes = [opt.code for opt in q.field_question.options]
    out = []
    for serial in range(1, n + 1):
        answers = {}
        for question in q.questions:
            roll = rng.random()
            answers[question.code] = (0 if roll < 0.02 else 9 if roll < 0.03
                                      else rng.randint(1, question.option_count))
        field_answer = answers[q.field_question.code]
        field_code = field_codes[field_answer - 1] if 1 <= field_answer <= 3 else str(field_answer)
        record = FormRecord(
            serial=serial, survey_date=date(year, 1, 1) + timedelta(days=rng.randrange(365)),
            questionnaire_id=q.id, questionnaire_version=q.version, answers=answers,
            opinion="Cần thêm ghế ngồi chờ." if rng.random() < 0.07 else "",
            status=FormStatus.VOID if rng.random() < 0.01 else FormStatus.ACTIVE)
        out.append((record, field_code))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--forms", type=int, default=420)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--strict", action="store_true", help="exit 1 when over budget")
    args = parser.parse_args()
    q = load_questionnaire_file(paths.FORMS_DIR / "xa-22-tieu-chi.json", questionnaire_schema())
    rng = random.Random(2026)
    units = []
    for i in range(args.units):
        settings = UnitSettings(unit_name=f"Ủy ban nhân dân xã {i + 1}",
                                unit_code=f"{10000 + i:05d}", year=YEAR)
        units.append((settings, unit_forms(rng, q, YEAR, args.forms),
                      unit_forms(rng, q, YEAR - 1, args.forms)))
    period = Period(YEAR, None)
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for settings, forms, previous in units:
            tab = tabulate(forms, q, settings, period, today=TODAY, previous_forms=previous)
            assert tab.forms + tab.voided == args.forms
        timings.append(time.perf_counter() - start)
    best, median = min(timings), statistics.median(timings)
    ok = median <= BUDGET_S
    print(f"tabulation, {args.units} units x {args.forms} forms (year, with quarters and "
          f"previous year): median {median:.3f} s, best {best:.3f} s "
          f"over {args.repeat} runs; budget {BUDGET_S:.1f} s -> {'OK' if ok else 'OVER'}")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    raise SystemExit(main())
