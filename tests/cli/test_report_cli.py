"""khaosat report: three files from the command line, refusals as one Vietnamese line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from app.cli import main
from app.domain.periods import Period
from app.services.workspace import Workspace
from tests.reports.report_data import count, make_forms, pdf_text

SETUP = ["setup", "--unit-name", "Ủy ban nhân dân xã Nam Đông", "--unit-code", "10234",
         "--year", "2026", "--operator", "Nguyễn Thị Lan", "--place", "Nam Đông",
         "--signer-name", "Lê Văn Hùng"]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    assert main([*SETUP, "--data-dir", str(folder)]) == 0
    ws = Workspace.open(folder)
    try:
        q = ws.keying_questionnaire()
        for record in make_forms(q, 2026, (12, 10, 15)):
            ws.store.add_form(record, record.field_code(q), datetime(2026, 10, 1, 8, 0))
    finally:
        ws.close()
    return folder


def test_quarter_report_prints_the_three_paths(data_dir: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    out = tmp_path / "bao cao"
    code = main(["report", "--data-dir", str(data_dir), "--period", "2026-Q3", "--out", str(out),
                 "--number", "4", "--date", "05/10/2026"])
    assert code == 0
    printed = capsys.readouterr().out.splitlines()
    paths = [Path(line.strip()) for line in printed[1:]]
    assert [p.name for p in paths] == ["10234_2026-Q3_bao-cao.pdf", "10234_2026-Q3_bao-cao.xlsx",
                                       "10234_2026-Q3_niem-yet.pdf"]
    assert all(p.is_file() and p.parent == out for p in paths)
    ws = Workspace.open(data_dir)
    try:
        q = ws.keying_questionnaire()
    finally:
        ws.close()
    forms = count(make_forms(q, 2026, (12, 10, 15)), q, Period(2026, 3))
    assert printed[0] == f"Đã lập báo cáo quý III năm 2026 ({forms.forms} phiếu):"
    first = pdf_text(paths[0], 1, 1)
    assert "Số: 04/BC-UBND" in first and "Nam Đông, ngày 05 tháng 10 năm 2026" in first


def test_yearly_report(data_dir: Path, tmp_path: Path) -> None:
    assert main(["report", "--data-dir", str(data_dir), "--period", "2026",
                 "--out", str(tmp_path / "nam")]) == 0
    assert (tmp_path / "nam" / "10234_2026_bao-cao.pdf").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2026-Q5"], 'Kỳ báo cáo "2026-Q5" không hợp lệ'),
    (["--period", "1999"], "Năm 1999 của kỳ báo cáo không hợp lệ"),
    (["--period", "2026-Q4"], "Quý IV năm 2026 chưa có phiếu nào"),
    (["--period", "2026-Q3", "--date", "2026-10-05"], "phải có dạng dd/mm/yyyy"),
    (["--period", "2026-Q3", "--date", "30/02/2026"], "không có thật trên lịch"),
    (["--period", "2026-Q3", "--number", "12/BC-UBND"], "chỉ ghi phần số"),
])
def test_refusals_are_one_line_and_write_nothing(data_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 args: list[str], message: str) -> None:
    capsys.readouterr()
    out = tmp_path / "out"
    assert main(["report", "--data-dir", str(data_dir), "--out", str(out), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("khaosat: ") and message in err and err.count("\n") == 1
    assert not out.exists()


def test_not_set_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--data-dir", str(tmp_path), "--period", "2026",
                 "--out", str(tmp_path / "o")]) == 1
    assert "Chưa cài đặt đơn vị" in capsys.readouterr().err


def test_unwritable_folder(data_dir: Path, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    assert main(["report", "--data-dir", str(data_dir), "--period", "2026-Q3",
                 "--out", str(blocker / "sub")]) == 1
    assert "Không ghi được vào thư mục" in capsys.readouterr().err
    assert blocker.read_text() == "not a folder"
