"""``khaosat import`` of a file holding forms of an exported (locked) period."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from app.cli import main
from app.domain.periods import Period
from app.services.workspace import Workspace
from tests.cli.test_import_cli import _count
from tests.services.locking import lock_period

SETUP = ["setup", "--unit-name", "Ủy ban nhân dân xã Nam Đông", "--unit-code", "10234",
         "--year", "2026", "--operator", "Nguyễn Thị Lan"]
Q3 = Period(2026, 3)


def _dates(path: Path) -> list[date]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return [datetime.strptime(row["date"], "%d/%m/%Y").date() for row in rows]


def test_rows_of_a_locked_period_are_refused_in_vietnamese(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--no-open", "--data-dir", str(tmp_path / "src")]) == 0
    source = tmp_path / "phieu.csv"
    assert main(["export-data", "--data-dir", str(tmp_path / "src" / "demo"), "--year", "2026",
                 "--out", str(source)]) == 0
    days = _dates(source)
    in_q3 = sum(1 for day in days if Q3.contains(day))
    assert in_q3 > 0 and len(days) > in_q3
    target = tmp_path / "target"
    assert main([*SETUP, "--data-dir", str(target)]) == 0
    ws = Workspace.open(target)
    try:
        lock_period(ws, Q3, datetime(2026, 10, 5, 14, 30))
    finally:
        ws.close()
    capsys.readouterr()

    assert main(["import", str(source), "--data-dir", str(target)]) == 1
    out, err = capsys.readouterr()
    refused = [line for line in out.splitlines() if line.startswith("Dòng ")]
    assert len(refused) == in_q3
    assert refused[0].endswith(": Quý III năm 2026 đã xuất gói gửi huyện (bản 1), không nhập "
                               "từ tệp được; hãy nhập tay từng phiếu với lý do.")
    assert f"Có {in_q3} dòng lỗi nên chưa nhập gì" in err
    assert _count(target) == 0

    assert main(["import", str(source), "--data-dir", str(target), "--skip-bad-rows"]) == 0
    assert f"bỏ qua {in_q3} dòng lỗi" in capsys.readouterr().out
    assert _count(target) == len(days) - in_q3
