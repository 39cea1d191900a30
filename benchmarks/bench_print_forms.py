"""Budget: 500 numbered blank forms of the default definition to a PDF in <= 10 s.

Renders serials 1..N with ``render_blank_forms`` (the same call the print service makes) into a
temporary file, fsync'd as the service does, and prints the time beside the budget with pages
per second and the file size. The first run of a process also pays the one-time font loading,
which is included: that is what a clerk waits for.

    .venv/bin/python benchmarks/bench_print_forms.py [--forms 500] [--strict]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import paths
from app.domain.questionnaire import load_questionnaire_file
from app.domain.settings import UnitSettings
from app.reports.blank_form import render_blank_forms

BUDGET_S = 10.0
FORMS = 500


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=FORMS)
    parser.add_argument("--strict", action="store_true", help="exit 1 if over budget")
    args = parser.parse_args()
    schema = json.loads(paths.QUESTIONNAIRE_SCHEMA.read_text(encoding="utf-8"))
    questionnaire = load_questionnaire_file(paths.DEFAULT_QUESTIONNAIRE, schema)
    settings = UnitSettings(unit_name="Ủy ban nhân dân xã Nam Đông", unit_code="12345",
                            year=2026, parent_name="Ủy ban nhân dân tỉnh Thừa Thiên Huế")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "phieu.pdf"
        start = time.perf_counter()
        with target.open("wb") as out:
            for _ in render_blank_forms(questionnaire, settings, range(1, args.forms + 1), out):
                pass
            out.flush()
            os.fsync(out.fileno())
        elapsed = time.perf_counter() - start
        size = target.stat().st_size
    budget = BUDGET_S * args.forms / FORMS
    verdict = "OK" if elapsed <= budget else "OVER BUDGET"
    print(f"{args.forms} forms ({questionnaire.id}@{questionnaire.version}): {elapsed:.2f} s "
          f"(budget {budget:.1f} s) {verdict}; {args.forms / elapsed:.0f} pages/s; "
          f"{size / 1024:.0f} KiB ({size / args.forms / 1024:.1f} KiB per form)")
    return 1 if args.strict and elapsed > budget else 0


if __name__ == "__main__":
    sys.exit(main())
