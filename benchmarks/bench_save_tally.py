"""Budget: durable save + tally refresh with 10 years (4 200 forms) in the database, <= 30 ms p95.

Run: .venv/bin/python benchmarks/bench_save_tally.py [--n 200] [--dir PATH] [--strict]

Fills a fresh database in a temporary folder (or under --dir, to measure another disk) with
10 years x 420 forms (each with its answers and its audit entry), then times N operations of
``KeyingService.save(entry)`` + ``KeyingService.tally()`` — what happens when the clerk presses
Enter on the opinion line. Next to it, the same run measures a bare sqlite3 INSERT + COMMIT in
WAL with synchronous=FULL: the fsync floor of this disk, which no code of ours can go below.

Exit code 0 (it reports; CI does not gate on it) unless --strict is given and the budget fails.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from app.domain.audit import GENESIS_HASH, AuditEntry, first_broken_entry
from app.domain.entry import FormEntry
from app.domain.forms import FormRecord
from app.domain.questionnaire import Questionnaire
from app.domain.settings import UnitSettings
from app.services.keying import KeyingService
from app.services.setup import apply_settings
from app.services.workspace import Workspace
from app.storage.models import AnswerRow, AuditRow, FormRow
from app.storage.repository import form_snapshot

BUDGET_P95_MS = 30.0
YEARS = 10
FORMS_PER_YEAR = 420
WORKING_YEAR = 2026


class Clock:
    """A fixed day in the working year, with the real elapsed time added (distinct stamps)."""

    def __init__(self) -> None:
        self.start = datetime(WORKING_YEAR, 12, 15, 9, 0)
        self.t0 = time.perf_counter()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.perf_counter() - self.t0)


def answers_for(q: Questionnaire, n: int) -> dict[str, int]:
    return {x.code: (n + i) % x.option_count + 1 for i, x in enumerate(q.questions)}


def fill_history(ws: Workspace, q: Questionnaire) -> None:
    """10 years of forms with their answers and a valid audit chain, in bulk (one transaction)."""
    now = ws.now()
    forms: list[dict[str, object]] = []
    answers: list[dict[str, object]] = []
    audit: list[dict[str, object]] = []
    with ws.store.engine.begin() as conn:
        next_id = (conn.scalar(select(func.max(FormRow.id))) or 0) + 1
        prev = conn.scalar(select(AuditRow.hash).order_by(AuditRow.id.desc()).limit(1))
        prev = prev or GENESIS_HASH
        for year in range(WORKING_YEAR - YEARS + 1, WORKING_YEAR + 1):
            for serial in range(1, FORMS_PER_YEAR + 1):
                day = date(year, 1, 1) + timedelta(days=(serial * 360) // FORMS_PER_YEAR)
                record = FormRecord(
                    serial=serial, survey_date=day, questionnaire_id=q.id,
                    questionnaire_version=q.version, answers=answers_for(q, serial),
                    opinion="Cán bộ nhiệt tình" if serial % 7 == 0 else "", operator="Lan",
                )
                field = record.field_code(q)
                forms.append({
                    "id": next_id, "year": year, "serial": serial, "survey_date": day,
                    "field_code": field, "questionnaire_id": q.id,
                    "questionnaire_version": q.version, "opinion": record.opinion,
                    "status": "active", "void_reason": "", "operator": "Lan",
                    "keyed_at": now, "updated_at": now,
                })
                answers.extend({"form_id": next_id, "question_code": k, "value": v}
                               for k, v in record.answers.items())
                snapshot = form_snapshot(record, field)
                entry = AuditEntry(now, "Lan", "form.create", "form", str(next_id), None,
                                   snapshot, prev_hash=prev)
                prev = entry.computed_hash()
                audit.append({
                    "at": now, "operator": "Lan", "action": "form.create", "entity": "form",
                    "entity_id": str(next_id), "before": None,
                    "after": json.dumps(snapshot, ensure_ascii=False), "reason": "",
                    "prev_hash": entry.prev_hash, "hash": prev,
                })
                next_id += 1
        conn.execute(insert(FormRow), forms)
        conn.execute(insert(AnswerRow), answers)
        conn.execute(insert(AuditRow), audit)


def percentiles(samples_ms: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def time_n(n: int, prepare: Callable[[int], object], op: Callable[[object], object]
           ) -> list[float]:
    out = []
    for i in range(n):
        arg = prepare(i)
        t = time.perf_counter()
        op(arg)
        out.append((time.perf_counter() - t) * 1000)
    return out


def bare_sqlite_floor(folder: Path, n: int) -> list[float]:
    conn = sqlite3.connect(folder / "floor.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")

    def op(i: object) -> None:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t (v) VALUES (?)", (f"phiếu {i}",))
        conn.execute("COMMIT")

    try:
        return time_n(n, lambda i: i, op)
    finally:
        conn.close()


def line(name: str, samples: list[float]) -> str:
    p50, p95, p99 = percentiles(samples)
    return f"  {name:<34} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   p99 {p99:7.2f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="timed operations (default 200)")
    parser.add_argument("--dir", type=Path, help="put the databases here (default: a temp dir)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if the budget fails")
    args = parser.parse_args(argv)

    base = Path(tempfile.mkdtemp(prefix="khaosat-bench-", dir=args.dir))
    try:
        ws = Workspace.open(base / "data", now=Clock())
        settings = UnitSettings(unit_name="Ủy ban nhân dân xã Nam Đông", unit_code="12345",
                                year=WORKING_YEAR)
        if issues := apply_settings(ws, settings, "Lan"):
            raise SystemExit(f"set-up refused: {issues}")
        keying = KeyingService(ws, "Lan")
        q = keying.questionnaire()

        t = time.perf_counter()
        fill_history(ws, q)
        fill_s = time.perf_counter() - t
        with ws.store.engine.connect() as conn:
            forms = conn.scalar(select(func.count()).select_from(FormRow))
        if first_broken_entry(ws.store.iter_audit()) is not None:
            raise SystemExit("the filled audit chain is broken")

        def prepare(i: int) -> FormEntry:
            serial = keying.next_expected_serial()
            return FormEntry(q, serial=serial, survey_date=date(WORKING_YEAR, 12, 1),
                             answers=answers_for(q, serial), opinion=f"Ý kiến {i}")

        def save_and_tally(entry: object) -> None:
            assert isinstance(entry, FormEntry)
            if isinstance(keying.save(entry), list):
                raise SystemExit("a benchmark form was refused")
            keying.tally()

        for i in range(5):  # warm-up: caches, prepared statements, first WAL frames
            save_and_tally(prepare(i))
        total = time_n(args.n, prepare, save_and_tally)
        saves = time_n(args.n, prepare, lambda e: keying.save(e))  # type: ignore[arg-type]
        tallies = time_n(args.n, lambda i: None, lambda _: keying.tally())
        ws.close()
        floor = bare_sqlite_floor(base, args.n)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    p95 = percentiles(total)[1]
    passed = p95 <= BUDGET_P95_MS
    print(f"durable save + tally refresh, {forms} forms over {YEARS} years in the database")
    print(f"  python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}, "
          f"{os.cpu_count()} CPUs, databases in {base.parent}")
    print(f"  fill: {fill_s:.1f} s; timed operations: {args.n} each")
    print(line("save + tally (the budget)", total))
    print(line("  save alone", saves))
    print(line("  tally alone", tallies))
    print(line("bare sqlite INSERT+COMMIT (FULL)", floor))
    print(f"  budget: <= {BUDGET_P95_MS:.0f} ms p95 -> {'PASS' if passed else 'FAIL'} "
          f"(p95 {p95:.2f} ms)")
    return 1 if args.strict and not passed else 0


if __name__ == "__main__":
    sys.exit(main())
