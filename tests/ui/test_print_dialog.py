"""The print dialog (Ctrl+P): suggestion, refusals in words, the real PDF with progress, Stop,
the blank-serial master, the preview and sending pages to a (PDF) printer."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import issuance
from app.services.workspace import Workspace
from app.ui.print_dialog import PrintDialog, pdf_page_count
from tests.ui.workspaces import set_up_workspace

pytest.importorskip("app.reports.blank_form")

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def ws(tmp_path):  # type: ignore[no-untyped-def]
    ws = set_up_workspace(tmp_path / "data", lambda: NOW)
    yield ws
    ws.close()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    return folder


def open_dialog(qtbot, ws: Workspace, out_dir: Path) -> PrintDialog:  # type: ignore[no-untyped-def]
    dialog = PrintDialog(ws, "Lan", folder=out_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def make(qtbot, dialog: PrintDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(dialog.make_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog._job is None, timeout=60_000)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_suggests_a_quarter_from_the_next_serial(qtbot, ws: Workspace, out_dir: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ws, out_dir)
    assert (dialog.count_edit.value(), dialog.start_edit.value()) == (105, 1)
    assert "0001–0105" in dialog.summary.text()
    assert dialog.path_edit.text() == str(out_dir / "phieu-2026-0001-0105.pdf")
    assert dialog.count_edit.hasFocus()
    qtbot.waitUntil(lambda: dialog.preview.pixmap() is not None
                    and not dialog.preview.pixmap().isNull(), timeout=10_000)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_makes_the_pdf_records_the_batch_and_moves_the_suggestion(
        qtbot, ws: Workspace, out_dir: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ws, out_dir)
    dialog.count_edit.setValue(3)
    dialog.start_edit.setValue(11)
    make(qtbot, dialog)
    target = out_dir / "phieu-2026-0011-0013.pdf"
    assert dialog.pdf_path == target and target.exists()
    assert "0011–0013" in dialog.message.text() and dialog.message.text().startswith("✓")
    text = pdf_text(target)
    assert all(serial in text for serial in ("0011", "0012", "0013")) and "0014" not in text
    assert issuance.overview(ws).missing == [11, 12, 13]
    assert dialog.start_edit.value() == 14  # the next batch starts after this one
    assert dialog.print_button.isEnabled() and dialog.open_button.isEnabled()
    assert [p.name for p in out_dir.iterdir()] == [target.name]  # no temp file left


def test_an_overlapping_start_is_refused_in_words(qtbot, ws: Workspace, out_dir: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ws, out_dir)
    dialog.count_edit.setValue(5)
    make(qtbot, dialog)
    dialog.start_edit.setValue(3)
    assert dialog.summary.text().startswith("✗") and "0003–0005" in dialog.summary.text()
    assert not dialog.make_button.isEnabled()
    dialog.start_edit.setValue(6)
    assert dialog.make_button.isEnabled()


def test_stop_leaves_no_file_and_no_batch(qtbot, ws: Workspace, out_dir: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ws, out_dir)
    dialog.count_edit.setValue(400)
    dialog.make_pdf()
    assert dialog.close_button.text() != "" and not dialog.count_edit.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the first Esc stops, it does not close
    qtbot.waitUntil(lambda: dialog._job is None, timeout=60_000)
    assert dialog.isVisible()
    assert list(out_dir.iterdir()) == []
    assert ws.store.issuance_state(2026).batches == []
    assert dialog.count_edit.isEnabled() and dialog.message.text()


def test_blank_serial_master(qtbot, ws: Workspace, out_dir: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ws, out_dir)
    qtbot.keyClick(dialog.blank_check, Qt.Key.Key_Space)
    assert not dialog.start_edit.isEnabled()
    assert dialog.path_edit.text().endswith("phieu-2026-ban-goc-photo.pdf")
    dialog.count_edit.setValue(1)
    make(qtbot, dialog)
    assert dialog.batch is not None and dialog.batch.blank
    assert issuance.overview(ws).counts.issued == 0
    assert dialog.start_edit.value() == 1


def test_sends_every_page_to_the_printer(qtbot, ws: Workspace, out_dir: Path,
                                         tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    dialog = open_dialog(qtbot, ws, out_dir)
    dialog.count_edit.setValue(2)
    make(qtbot, dialog)
    assert dialog.pdf_path is not None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printer.pdf"
    printer.setOutputFileName(str(printed))
    pages = pdf_page_count(dialog.pdf_path)
    assert dialog.send_to_printer(printer) == pages
    assert len(PdfReader(printed).pages) == pages
