"""Black box: the real program on a virtual X screen, one whole form typed with xdotool by
the keyboard protocol alone, then found by `khaosat export-data`.

Needs Xvfb and xdotool (scripts/test.sh installs them on Debian as root); skipped otherwise.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.cli import main

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")), reason="needs Xvfb and xdotool"
)


@pytest.fixture
def display() -> Iterator[str]:
    """A private Xvfb screen of the office-laptop size; -displayfd tells its number."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x768x24",
         "-nolisten", "tcp"],
        pass_fds=(write_fd,), stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read_fd, 16)
        if not chunk:
            break
        number += chunk
    os.close(read_fd)
    try:
        yield f":{number.decode().strip()}"
    finally:
        xvfb.terminate()
        xvfb.wait(5)


def _xdo(disp: str, *args: str) -> str:
    done = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": disp},
                          capture_output=True, text=True, timeout=20)
    return done.stdout


def _focus_newest_window(disp: str, pid: int, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ids = _xdo(disp, "search", "--onlyvisible", "--pid", str(pid)).split()
        if ids:
            _xdo(disp, "windowfocus", "--sync", ids[-1])
            return ids[-1]
        time.sleep(0.2)
    raise AssertionError("the program showed no window")


def test_a_whole_form_typed_with_xdotool_is_stored(display: str, tmp_path: Path) -> None:
    year = date.today().year
    data = tmp_path / "data"
    assert main(["setup", "--data-dir", str(data), "--unit-name", "Ủy ban nhân dân xã Nam Đông",
                 "--unit-code", "10234", "--year", str(year), "--operator", "Lan"]) == 0
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(data)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        first = _focus_newest_window(display, app.pid)
        time.sleep(1.0)
        _xdo(display, "key", "Return")  # the operator question: "Lan" is remembered
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:  # wait for the main window to replace the dialog
            ids = _xdo(display, "search", "--onlyvisible", "--pid", str(app.pid)).split()
            if ids and ids[-1] != first:
                break
            time.sleep(0.2)
        _focus_newest_window(display, app.pid)
        time.sleep(1.5)
        # Serial (pre-filled 0001) and date (pre-filled today): Enter, Enter.
        _xdo(display, "key", "--delay", "80", "Return", "Return")
        # Field 2, profile 1 3 1 5 2, then 22 ratings, one key each, auto-advance.
        answers = "2" + "13152" + "4554343455445345554453"
        _xdo(display, "type", "--delay", "60", answers)
        _xdo(display, "type", "--delay", "40", "Rat tot")
        _xdo(display, "key", "Return")  # Enter on the opinion line saves
        time.sleep(1.5)
    finally:
        app.terminate()
        try:
            app.wait(10)
        except subprocess.TimeoutExpired:
            app.kill()
    out = tmp_path / "out.csv"
    assert main(["export-data", "--data-dir", str(data), "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["serial"] == "0001"
    assert row["date"] == date.today().strftime("%d/%m/%Y")
    assert row["field"] == "TNMT"
    profile = [row[c] for c in ("GT", "TUOI", "DT", "HV", "NN")]
    assert "".join(profile) == "13152"
    ratings = "".join(row[c] for c in row if c[:2] in ("TC", "TT", "CC", "KQ", "GY"))
    assert ratings == "4554343455445345554453"
    assert row["opinion"] == "Rat tot"
    assert row["operator"] == "Lan"
