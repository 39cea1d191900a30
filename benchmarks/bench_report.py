"""Budget: quarter report PDF + XLSX (105 forms) <= 1 s; year (420 forms) <= 2 s.

Run: .venv/bin/python benchmarks/bench_report.py [--n 5] [--strict]

Fills a fresh database in a temporary folder with a year of 420 forms (105 a quarter, answers
like a real office's, some opinions), then times ``make_report`` for quarter III and for the
whole year: reading the forms, tabulating, and writing the PDF report, the XLSX workbook and
the notice page (what the clerk waits for after "Make the report"). Prints the median of --n
runs and the split per step of the last run.

Exit code 0 (it reports; CI does not gate on it) unless --strict is given and a budget fails.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from app.domain.forms import FormRecord
from app.domain.periods import Period
from app.domain.questionnaire import QuestionKind
from app.domain.settings import UnitSettings
from app.services import reports
from app.services.setup import apply_settings
from app.services.workspace import Workspace

BUDGETS = {"quarter": 1.0, "year": 2.0}
YEAR = 2026
PER_QUARTER = 105
TODAY = date(YEAR, 12, 15)


def fill(ws: Workspace) -> None:
    settings = UnitSettings(unit_name="Ủy ban nhân dân xã Nam Đông", unit_code="10234",
                            year=YEAR, parent_name="Ủy ban nhân dân tỉnh Hòa Bình",
                            place_name="Nam Đông", signer_name="Lê Văn Hùng",
                            recipient_name="Sở Nội vụ tỉnh Hòa Bình")
    assert apply_settings(ws, settings, "Lan") == []
    q = ws.keying_questionnaire()
    rng = random.Random(2026)
    serial = 0
    for quarter in (1, 2, 3, 4):
        start = Period(YEAR, quarter).start
        for _ in range(PER_QUARTER):
            serial += 1
            answers = {x.code: (rng.choices((1, 2, 3, 4, 5), (1, 2, 8, 38, 51))[0]
                                if x.kind is QuestionKind.RATING
                                else rng.randint(1, x.option_count)) for x in q.questions}
            record = FormRecord(
                serial=serial, survey_date=start + timedelta(days=rng.randrange(88)),
                questionnaire_id=q.id, questionnaire_version=q.version, answers=answers,
                opinion="Cán bộ hướng dẫn tận tình, chu đáo." if serial % 9 == 0 else "",
                operator="Lan")
            ws.store.add_form(record, record.field_code(q), datetime(YEAR, 12, 1, 9, 0))


def time_report(ws: Workspace, period: Period, out: Path) -> tuple[float, dict[str, float]]:
    request = reports.default_request(ws, period, TODAY)
    steps: dict[str, float] = {}
    start = last = time.perf_counter()
    previous = None
    for progress in reports.make_report(ws, request, out, TODAY):
        now = time.perf_counter()
        if previous is not None:
            steps[previous] = now - last
        previous, last = progress.step, now
    return time.perf_counter() - start, steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5, help="runs per period (median)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "data")
        try:
            fill(ws)
            for name, period in (("quarter", Period(YEAR, 3)), ("year", Period(YEAR, None))):
                time_report(ws, period, Path(tmp) / "warm-up")  # fonts, imports
                runs = [time_report(ws, period, Path(tmp) / name) for _ in range(args.n)]
                median = statistics.median(t for t, _ in runs)
                split = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in runs[-1][1].items())
                ok = median <= BUDGETS[name]
                failed |= not ok
                forms = PER_QUARTER * (4 if period.quarter is None else 1)
                print(f"{name:8} {forms:3} forms: median {median:.2f} s over {args.n} runs"
                      f" (budget {BUDGETS[name]:.0f} s) {'OK' if ok else 'OVER'}  [{split}]")
        finally:
            ws.close()
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
