"""Killing the program at any moment loses no acknowledged form and leaves a sound database.

A worker process keys forms through KeyingService in a loop (power_cut_worker.py) and prints each
serial once ``save`` has returned. The test kills it (SIGKILL on POSIX, TerminateProcess on
Windows) after a random short time, then checks the database, many times over the same folder
so that it grows as a real one does.

What this does not prove: a killed process leaves the OS page cache intact, so the fsync half of
"durable" (synchronous=FULL) is only exercised by a real power cut, not here.
"""

from __future__ import annotations

import os
import random
import select
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from app.domain.audit import first_broken_entry
from app.services.keying import KeyingService
from app.services.setup import apply_settings
from app.services.workspace import Workspace
from app.storage.repository import FormFilter

from .conftest import unit_settings
from .power_cut_worker import expected_answer

WORKER = Path(__file__).with_name("power_cut_worker.py")
OPERATOR = "Lan"
READY_TIMEOUT_S = 30.0


def set_up(data_dir: Path) -> None:
    ws = Workspace.open(data_dir)
    try:
        assert apply_settings(ws, unit_settings(year=date.today().year), OPERATOR) == []
    finally:
        ws.close()


def read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """One line of the worker's stdout, waiting at most ``timeout`` seconds."""
    assert proc.stdout is not None
    if sys.platform != "win32":
        ready, _, _ = select.select([proc.stdout], [], [], timeout)
        if not ready:
            return ""
    return proc.stdout.readline()


def run_and_kill(data_dir: Path, delay: float) -> list[int]:
    """Start the worker, let it key for ``delay`` seconds once ready, kill it; return acks."""
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(data_dir), OPERATOR],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        first = read_line(proc, READY_TIMEOUT_S)
        if first.strip() != "ready":
            proc.kill()
            _, err = proc.communicate(timeout=10)
            pytest.fail(f"worker did not start: {first!r}\n{err}")
        time.sleep(delay)
        if proc.poll() is not None:
            out, err = proc.communicate(timeout=10)
            pytest.fail(f"worker stopped by itself ({proc.returncode}):\n{err}")
        proc.kill()
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return [int(line) for line in out.split()]


def check_database(data_dir: Path, acknowledged: set[int], checked: int, full_audit: bool,
                   where: str) -> int:
    """Everything the reliability rules promise after a kill; returns the number of forms.

    Forms with serials up to ``checked`` were verified after an earlier kill; only newer ones
    are read back in full, so a long soak over a growing database stays linear.
    """
    db = data_dir / "khaosat.sqlite3"
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], where
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], where
        serials = [r[0] for r in conn.execute("SELECT serial FROM forms ORDER BY serial")]
        creates = conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'form.create'").fetchone()[0]
    finally:
        conn.close()
    missing = acknowledged - set(serials)
    assert not missing, f"{where}: acknowledged but lost: {sorted(missing)}"
    # Serials are keyed in order, one at a time: no gaps; every saved form has its audit entry.
    assert serials == list(range(1, len(serials) + 1)), where
    assert creates == len(serials), where

    ws = Workspace.open(data_dir)
    try:
        keying = KeyingService(ws, OPERATOR)
        q = keying.questionnaire()
        for serial in serials[checked:]:
            ((rec, _),) = ws.store.list_forms(FormFilter(serial=serial))
            assert rec.answers == {
                question.code: expected_answer(serial, i, question)
                for i, question in enumerate(q.questions)
            }, f"{where}: form {serial} differs from what was keyed"
        if full_audit:
            assert first_broken_entry(ws.store.iter_audit()) is None, where

        pending = keying.pending_draft()
        if pending is not None:
            entry = pending.entry
            # A draft is deleted in the transaction that saves its form: so it is the next one.
            assert entry.serial == len(serials) + 1, f"{where}: draft of {entry.serial}"
            assert entry.editing_form_id is None
            for i, question in enumerate(q.questions):
                if question.code in entry.answers:
                    assert entry.answers[question.code] == expected_answer(
                        entry.serial, i, question), where
            assert len(entry.answers) in (len(q.questions) // 2 + 1, len(q.questions)), where
        return len(serials)
    finally:
        ws.close()


def soak(data_dir: Path, runs: int, seed: int) -> None:
    rng = random.Random(seed)
    set_up(data_dir)
    acknowledged: set[int] = set()
    checked = 0
    for run in range(1, runs + 1):
        delay = rng.uniform(0.05, 0.6)
        acknowledged.update(run_and_kill(data_dir, delay))
        where = f"seed {seed}, run {run}, killed after {delay:.3f} s"
        full_audit = run % 10 == 0 or run == runs
        checked = check_database(data_dir, acknowledged, checked, full_audit, where)
    # The worker must actually have been saving, or the test proves nothing.
    assert len(acknowledged) >= runs, f"only {len(acknowledged)} forms acknowledged"
    assert checked >= len(acknowledged)


def test_kill_while_keying(tmp_path: Path) -> None:
    soak(tmp_path / "data", runs=30, seed=int.from_bytes(os.urandom(4), "big"))


@pytest.mark.slow
def test_kill_while_keying_soak(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    # The marker alone does not deselect: the default run has no -m. Run it with -m slow.
    if "slow" not in str(request.config.getoption("markexpr") or ""):
        pytest.skip("200 kills take minutes: run with -m slow")
    soak(tmp_path / "data", runs=200, seed=int.from_bytes(os.urandom(4), "big"))
