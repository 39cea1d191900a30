"""``khaosat print-forms``: the PDF, the recorded range, refusals as one Vietnamese line."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pytest

from app.cli import main
from app.services import print_forms as print_service
from app.services.workspace import Workspace

SETUP = ["setup", "--unit-name", "Ủy ban nhân dân xã Nam Đông", "--unit-code", "10234",
         "--year", "2026", "--operator", "Nguyễn Thị Lan"]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    assert main([*SETUP, "--data-dir", str(folder)]) == 0
    return folder


def fake_renderer(questionnaire: object, settings: object, serials: Sequence[int | None],
                  out: BinaryIO, *, cancelled: Callable[[], bool]) -> Iterator[int]:
    out.write(b"%PDF-1.4\n")
    for done, serial in enumerate(serials, start=1):
        out.write(f"form {serial}\n".encode())
        yield done


@pytest.fixture
def fake_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The file handling and the batch are under test here, not the renderer's drawing."""
    monkeypatch.setattr(print_service, "_default_renderer", lambda: fake_renderer)


def batches(data_dir: Path) -> list[tuple[int | None, int | None, int, str]]:
    ws = Workspace.open(data_dir)
    try:
        return [(b.first, b.last, b.count, b.operator)
                for b in ws.store.issuance_state(2026).batches]
    finally:
        ws.close()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["print-forms", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_prints_the_suggested_range_then_continues(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        fake_pdf: None) -> None:
    out = tmp_path / "dot1.pdf"
    code, stdout, _ = run(capsys, "--count", "25", "--out", str(out), "--data-dir", str(data_dir))
    assert code == 0
    assert "Đã in 25 phiếu số 0001–0025 năm 2026" in stdout and str(out) in stdout
    assert out.read_bytes().count(b"form ") == 25
    code, stdout, _ = run(capsys, "--count", "5", "--out", str(tmp_path / "dot2.pdf"),
                          "--data-dir", str(data_dir))
    assert code == 0 and "0026–0030" in stdout
    assert batches(data_dir) == [(1, 25, 25, "Nguyễn Thị Lan"), (26, 30, 5, "Nguyễn Thị Lan")]


def test_blank_variant_records_no_serial(data_dir: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str],
                                         fake_pdf: None) -> None:
    code, stdout, _ = run(capsys, "--count", "3", "--blank", "--out", str(tmp_path / "b.pdf"),
                          "--data-dir", str(data_dir), "--operator", "Hoa")
    assert code == 0 and "không đánh số" in stdout
    assert batches(data_dir) == [(None, None, 3, "Hoa")]


@pytest.mark.parametrize(("args", "words"), [
    (["--count", "0"], "Số phiếu cần in phải từ 1 đến 2000"),
    (["--count", "10", "--start", "5"], "Số 0005–0014 đã phát trong đợt in 0001–0020"),
    (["--count", "10", "--blank", "--start", "30"], "--start không dùng với --blank"),
])
def test_refusals_are_one_line_and_change_nothing(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_pdf: None,
        args: list[str], words: str) -> None:
    assert run(capsys, "--count", "20", "--out", str(tmp_path / "a.pdf"),
               "--data-dir", str(data_dir))[0] == 0
    target = tmp_path / "b.pdf"
    code, _, err = run(capsys, *args, "--out", str(target), "--data-dir", str(data_dir))
    assert code == 1
    assert words in err and err.count("\n") == 1
    assert not target.exists()
    assert len(batches(data_dir)) == 1


def test_missing_folder_is_refused(data_dir: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--count", "5", "--out", str(tmp_path / "nowhere" / "a.pdf"),
                       "--data-dir", str(data_dir))
    assert code == 1 and "Không có thư mục" in err
    assert batches(data_dir) == []


def test_not_set_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--count", "5", "--out", str(tmp_path / "a.pdf"),
                       "--data-dir", str(tmp_path / "empty"))
    assert code == 1 and "Chưa cài đặt đơn vị" in err


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_real_pdf_has_one_page_per_form_with_its_serial(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("app.reports.blank_form")
    out, layout = tmp_path / "dot.pdf", tmp_path / "dot.json"
    code, _, err = run(capsys, "--count", "3", "--start", "41", "--out", str(out),
                       "--layout", str(layout), "--data-dir", str(data_dir))
    assert code == 0, err
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    per_form = len(pages) // 3  # the 22-item form takes two sides
    assert per_form >= 1 and len(pages) == 3 * per_form
    for i, serial in enumerate(("0041", "0042", "0043")):
        assert serial in pages[i * per_form] and "PHIẾU" in pages[i * per_form]
        assert "0044" not in pages[i * per_form]
    assert json.loads(layout.read_text(encoding="utf-8"))
    assert batches(data_dir) == [(41, 43, 3, "Nguyễn Thị Lan")]
