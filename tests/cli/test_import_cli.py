"""``khaosat import`` and ``khaosat export-data`` in CSV and XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from app.services.workspace import Workspace
from app.storage.repository import FormFilter

SETUP = ["setup", "--unit-name", "Ủy ban nhân dân xã Nam Đông", "--unit-code", "10234",
         "--year", "2026", "--operator", "Nguyễn Thị Lan"]


@pytest.fixture
def demo_export(tmp_path: Path) -> tuple[Path, Path]:
    """The demo year exported as CSV and XLSX from the command line."""
    assert main(["demo", "--no-open", "--data-dir", str(tmp_path / "src")]) == 0
    demo = str(tmp_path / "src" / "demo")
    csv_path, xlsx_path = tmp_path / "phieu.csv", tmp_path / "phieu.dat"
    assert main(["export-data", "--data-dir", demo, "--out", str(csv_path)]) == 0
    assert main(["export-data", "--data-dir", demo, "--out", str(xlsx_path),
                 "--format", "xlsx"]) == 0
    return csv_path, xlsx_path


def _count(data_dir: Path) -> int:
    ws = Workspace.open(data_dir)
    try:
        return len(ws.store.list_forms(FormFilter()))
    finally:
        ws.close()


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_export_data_picks_the_format(demo_export: tuple[Path, Path]) -> None:
    csv_path, xlsx_path = demo_export
    rows = _rows(csv_path)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_path.read_bytes())).worksheets[0]
    assert [c.value for c in sheet[1]] == rows[0]
    assert sheet.max_row == len(rows)


def test_export_data_refuses_an_unknown_suffix(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*SETUP, "--data-dir", str(tmp_path)]) == 0
    assert main(["export-data", "--data-dir", str(tmp_path), "--out",
                 str(tmp_path / "x.ods")]) == 1
    assert "đuôi .csv hoặc .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "x.ods").exists()


def test_import_round_trip_and_refusal_of_a_second_import(
        demo_export: tuple[Path, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    csv_path, _ = demo_export
    target = tmp_path / "dst"
    assert main([*SETUP, "--data-dir", str(target)]) == 0
    capsys.readouterr()
    forms = len(_rows(csv_path)) - 1
    assert main(["import", "--data-dir", str(target), str(csv_path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"{forms} dòng đúng, 0 dòng lỗi" in out and "chưa ghi gì" in out
    assert _count(target) == 0
    assert main(["import", "--data-dir", str(target), str(csv_path)]) == 0
    assert f"Đã nhập {forms} phiếu" in capsys.readouterr().out
    assert _count(target) == forms
    assert main(["import", "--data-dir", str(target), str(csv_path)]) == 1
    captured = capsys.readouterr()
    assert "Dòng 2: số phiếu 0001 đã có trong dữ liệu" in captured.out
    assert "--skip-bad-rows" in captured.err and captured.err.count("\n") == 1
    assert _count(target) == forms


def test_bad_rows_print_reasons_and_import_only_when_skipping(
        demo_export: tuple[Path, Path], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    csv_path, _ = demo_export
    rows = _rows(csv_path)
    header = rows[0]
    rows[11][header.index("date")] = "31/02/2026"
    rows[5][header.index("TC1")] = "7"
    broken = tmp_path / "loi.csv"
    with open(broken, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    target = tmp_path / "dst"
    assert main([*SETUP, "--data-dir", str(target)]) == 0
    capsys.readouterr()
    assert main(["import", "--data-dir", str(target), str(broken)]) == 1
    out = capsys.readouterr().out
    assert "Dòng 12: ngày 31/02/2026 không hợp lệ." in out
    assert "Dòng 6: câu TC1: không có mã 7" in out
    assert _count(target) == 0
    assert main(["import", "--data-dir", str(target), str(broken), "--skip-bad-rows"]) == 0
    assert "bỏ qua 2 dòng lỗi" in capsys.readouterr().out
    assert _count(target) == len(rows) - 3


@pytest.mark.parametrize(("name", "data", "message"), [
    ("trong.csv", b"", "Tệp trống"),
    ("gia.xlsx", b"serial\r\n", "không phải tệp Excel"),
    ("lan.csv", b"\xef\xbb\xbfserial,date,field\r\n1,caf\xe9,TP\r\n", "lẫn hai bảng mã"),
])
def test_refused_files_say_why_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           name: str, data: bytes, message: str) -> None:
    assert main([*SETUP, "--data-dir", str(tmp_path)]) == 0
    capsys.readouterr()
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["import", "--data-dir", str(tmp_path), str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Chưa nhập gì" in err and err.count("\n") == 1


def test_import_of_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--data-dir", str(tmp_path), str(tmp_path / "khong.csv")]) == 1
    assert "Không có tệp" in capsys.readouterr().err


def test_import_before_setup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.csv"
    path.write_text("serial\n", encoding="utf-8")
    assert main(["import", "--data-dir", str(tmp_path / "d"), str(path)]) == 1
    assert "Chưa cài đặt đơn vị" in capsys.readouterr().err
