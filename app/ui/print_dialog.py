"""Print blank forms (Ctrl+P): how many, from which serial, or a blank-serial master for the
photocopier; a preview of the first form; the PDF made with progress and a Stop button; then
open it in the PDF viewer or send it to a printer.

The service (app/services/print_forms.py) records the batch only once the PDF is in place.
Its generator is driven here in short slices on the GUI thread (a few forms per slice, events
processed in between), so the window stays responsive without a second database connection.
PDF pages are drawn with pypdfium2 (QtPdf is not part of PySide6-Essentials).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.atomic_files import unused_path
from app.domain.forms import MAX_SERIAL, format_serial
from app.domain.issuance import MAX_BATCH_COUNT, IssuedBatch
from app.domain.quota import quarter_share
from app.services import issuance
from app.services.print_forms import (
    PrintCancelled,
    PrintProgress,
    PrintRefused,
    check_print,
    preview_pdf,
    print_forms,
    suggest_start,
)
from app.services.workspace import Workspace
from app.ui import style
from app.ui.issuance_text import issuance_text, range_text
from app.ui.style import set_bold, set_text_colour

PREVIEW_DELAY_MS = 350
SLICE_SECONDS = 0.05  # keep each slice of rendering short: the Stop button must answer at once
PRINT_DPI = 300


def pdf_page_image(pdf: bytes | Path, index: int, dpi: float) -> QImage:
    """Page ``index`` of a PDF as an image at ``dpi`` (white background)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        bitmap = doc[index].render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
        image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGBX8888)
        return image.copy()  # own the pixels: the bitmap is freed with the document
    finally:
        doc.close()


def pdf_page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def print_pdf_pages(path: Path, printer, progress=None) -> int:  # type: ignore[no-untyped-def]
    """Draw every page of the PDF on ``printer`` (a QPrinter), each filling the sheet.

    ``progress(done, total)`` is called after each page and may return False to stop.
    Returns the number of pages sent.
    """
    printer.setFullPage(True)
    total = pdf_page_count(path)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(0, "printer")
    sent = 0
    try:
        dpi = min(printer.resolution(), PRINT_DPI)
        for index in range(total):
            if index:
                printer.newPage()
            image = pdf_page_image(path, index, dpi)
            painter.drawImage(painter.viewport(), image)
            sent += 1
            if progress is not None and progress(sent, total) is False:
                break
    finally:
        painter.end()
    return sent


def default_folder(ws: Workspace) -> Path:
    """Documents\\khaosat: where a clerk finds the PDF again (the data folder is hidden in
    AppData); the data folder's ``printed`` if Documents is not available."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for folder in ((Path(documents) / "khaosat") if documents else None,
                   ws.data_dir / "printed"):
        if folder is None:
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        return folder
    return ws.data_dir


def free_name(folder: Path, stem: str) -> Path:
    """``stem.pdf`` in the folder, or ``stem (2).pdf``…: never over an older print."""
    return unused_path(folder, f"{stem}.pdf", lambda n: f"{stem} ({n}).pdf")


class PrintDialog(QDialog):
    """Modal. ``batch`` holds the recorded batch after a successful run."""

    def __init__(self, ws: Workspace, operator: str, parent: QWidget | None = None, *,
                 folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printDialog")
        self.setWindowTitle(self.tr("Print blank forms"))
        self.ws = ws
        self.operator = operator
        self.settings = ws.require_settings()
        self.folder = folder or default_folder(ws)
        self.batch: IssuedBatch | None = None
        self.pdf_path: Path | None = None
        self._job: Iterator[PrintProgress] | None = None
        self._stop = False
        self._path_chosen = False  # the clerk picked a file: stop proposing names
        self._preview_key: tuple[int | None, bool] | None = None
        self._suggested = suggest_start(ws)
        self._build()
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self._changed()
        self._preview_timer.start()
        self.count_edit.setFocus()
        self.count_edit.selectAll()

    # -- building ----------------------------------------------------------------------
    def _build(self) -> None:
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        outer.addLayout(left, 1)

        counts = issuance.counts(self.ws)
        so_far = QLabel(self)
        so_far.setObjectName("printedSoFar")
        so_far.setWordWrap(True)
        if counts.batches:
            so_far.setText(self.tr(
                "Year {year}: {issued} numbered forms printed so far, {missing} of them not "
                "keyed yet.").format(year=self.settings.year, issued=counts.issued,
                                     missing=counts.missing))
        else:
            so_far.setText(self.tr("Year {year}: no forms printed with this program yet.")
                           .format(year=self.settings.year))
        set_text_colour(so_far, style.MUTED)
        left.addWidget(so_far)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.count_edit = QSpinBox(self)
        self.count_edit.setObjectName("countEdit")
        self.count_edit.setRange(1, MAX_BATCH_COUNT)
        self.count_edit.setValue(quarter_share(self.settings.yearly_target))
        self.count_edit.setMaximumWidth(160)
        self.count_edit.setToolTip(self.tr("A quarter's target is the default"))
        form.addRow(self.tr("&Number of forms"), self.count_edit)

        self.start_edit = QSpinBox(self)
        self.start_edit.setObjectName("startEdit")
        self.start_edit.setRange(1, MAX_SERIAL)
        self.start_edit.setValue(self._suggested)
        self.start_edit.setMaximumWidth(160)
        form.addRow(self.tr("&First serial"), self.start_edit)
        self.start_note = QLabel(self.tr(
            "Suggested: {serial}, after every serial printed or keyed this year").format(
            serial=format_serial(self._suggested)), self)
        self.start_note.setWordWrap(True)
        set_text_colour(self.start_note, style.MUTED)
        form.addRow("", self.start_note)

        self.blank_check = QCheckBox(self.tr(
            "&Blank serial: one master to photocopy (no numbers, not tracked)"), self)
        self.blank_check.setObjectName("blankCheck")
        form.addRow("", self.blank_check)

        path_row = QHBoxLayout()
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("pathEdit")
        self.choose_button = QPushButton(self.tr("&Choose…"), self)
        self.choose_button.setAutoDefault(False)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)
        path_label = QLabel(self.tr("&Save the PDF as"), self)
        path_label.setBuddy(self.path_edit)  # a row holding a layout gets no buddy by itself
        form.addRow(path_label, path_row)
        left.addLayout(form)

        self.summary = QLabel(self)
        self.summary.setObjectName("printSummary")
        self.summary.setWordWrap(True)
        set_bold(self.summary)
        left.addWidget(self.summary)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("printProgress")
        self.progress.setFormat(self.tr("%v of %m forms"))
        self.progress.hide()
        left.addWidget(self.progress)
        self.message = QLabel(self)
        self.message.setObjectName("printMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left.addWidget(self.message)
        left.addStretch(1)

        buttons = QHBoxLayout()
        self.make_button = QPushButton(self.tr("&Make the PDF"), self)
        self.make_button.setObjectName("makeButton")
        self.make_button.setDefault(True)
        self.open_button = QPushButton(self.tr("&Open the PDF"), self)
        self.open_button.setObjectName("openButton")
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.setObjectName("printButton")
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("closeButton")
        for button in (self.open_button, self.print_button):
            button.setEnabled(False)
        for button in (self.make_button, self.open_button, self.print_button,
                       self.close_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        self.make_button.setAutoDefault(True)
        left.addLayout(buttons)

        right = QVBoxLayout()
        caption = QLabel(self.tr("First form, as it will print"), self)
        set_text_colour(caption, style.MUTED)
        right.addWidget(caption)
        self.preview = QLabel(self)
        self.preview.setObjectName("preview")
        self.preview.setFixedSize(380, 537)  # A4 proportions
        self.preview.setFrameShape(QFrame.Shape.Box)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        right.addWidget(self.preview)
        right.addStretch(1)
        outer.addLayout(right)

        self.count_edit.valueChanged.connect(self._changed)
        self.start_edit.valueChanged.connect(self._changed)
        self.blank_check.toggled.connect(self._changed)
        self.path_edit.textEdited.connect(self._path_edited)
        self.choose_button.clicked.connect(self._choose_file)
        self.make_button.clicked.connect(self.make_pdf)
        self.open_button.clicked.connect(self.open_pdf)
        self.print_button.clicked.connect(self.print_pdf)
        self.close_button.clicked.connect(self._close_or_stop)

    # -- plan --------------------------------------------------------------------------
    @property
    def count(self) -> int:
        return self.count_edit.value()

    @property
    def start(self) -> int | None:
        return None if self.blank_check.isChecked() else self.start_edit.value()

    def _changed(self) -> None:
        blank = self.blank_check.isChecked()
        self.start_edit.setEnabled(not blank)
        self.start_note.setEnabled(not blank)
        start = self.start
        refusal = check_print(self.ws, self.count, start, blank=blank)
        if refusal is not None:
            self.summary.setText("✗ " + issuance_text(refusal))
            set_text_colour(self.summary, style.ERROR)
        elif start is None:
            self.summary.setText(self.tr(
                "{count} copies of one form without a serial, to photocopy. Photocopies are "
                "not tracked: give each a serial by hand before handing it out.").format(
                count=self.count))
            set_text_colour(self.summary, style.MUTED)
        else:
            self.summary.setText(self.tr("Forms {range} will be printed ({count} forms).").format(
                range=range_text(start, start + self.count - 1), count=self.count))
            set_text_colour(self.summary, "#000000")
        self.make_button.setEnabled(refusal is None and self._job is None)
        if not self._path_chosen:
            self.path_edit.setText(str(self._proposed_path()))
        if (start, blank) != self._preview_key:
            self._preview_timer.start()

    def _proposed_path(self) -> Path:
        year = self.settings.year
        if self.start is None:
            return free_name(self.folder, f"phieu-{year}-ban-goc-photo")
        first, last = self.start, self.start + self.count - 1
        return free_name(self.folder, f"phieu-{year}-{format_serial(first)}-{format_serial(last)}")

    def _path_edited(self, _text: str) -> None:
        self._path_chosen = True

    def _choose_file(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the PDF as"), self.path_edit.text(), self.tr("PDF (*.pdf)"))
        if chosen:
            if not chosen.lower().endswith(".pdf"):
                chosen += ".pdf"
            self.path_edit.setText(chosen)
            self._path_chosen = True

    def update_preview(self) -> None:
        """Draw the first form as it will print (rendered, not imitated)."""
        key = (self.start, self.blank_check.isChecked())
        self._preview_key = key
        try:
            pdf = preview_pdf(self.ws, None if key[1] else key[0])
            image = pdf_page_image(pdf, 0, 72 * self.preview.width() / 595)
        except Exception as exc:  # the preview is a help, never a reason to stop printing
            self.preview.setText(self.tr("No preview: {reason}").format(reason=exc))
            return
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    # -- making the PDF ----------------------------------------------------------------
    def make_pdf(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self._show(self.tr("Choose where to save the PDF."), style.ERROR)
            return
        target = Path(text)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        if not target.parent.is_dir():
            self._show(self.tr("The folder {folder} does not exist: choose another place.")
                       .format(folder=target.parent), style.ERROR)
            return
        self._stop = False
        self._job = print_forms(self.ws, self.operator, self.count, self.start,
                                self.blank_check.isChecked(), target,
                                cancelled=lambda: self._stop)
        self.pdf_path = None
        self.progress.setRange(0, self.count)
        self.progress.setValue(0)
        self.progress.show()
        self._set_running(True)
        self._show(self.tr("Making the PDF… Esc or Stop cancels; nothing is recorded until "
                           "the file is complete."), style.MUTED)
        self._target = target
        QTimer.singleShot(0, self._step)

    def _set_running(self, running: bool) -> None:
        for widget in (self.count_edit, self.start_edit, self.blank_check, self.path_edit,
                       self.choose_button, self.make_button):
            widget.setEnabled(not running)
        if not running:
            self.start_edit.setEnabled(not self.blank_check.isChecked())
        self.close_button.setText(self.tr("Stop") if running else self.tr("Close"))

    def _step(self) -> None:
        """One slice of the job; reschedules itself until the job ends."""
        job = self._job
        if job is None:
            return
        deadline = time.monotonic() + SLICE_SECONDS
        try:
            while time.monotonic() < deadline:
                step = next(job)
                self.progress.setValue(step.done)
                if step.batch is not None:
                    self.batch = step.batch
        except StopIteration:
            self._finished()
            return
        except PrintCancelled:
            self._ended(self.tr("Stopped: no file was written and no serial was recorded."),
                        style.MUTED)
            return
        except PrintRefused as exc:
            self._ended("✗ " + issuance_text(exc.issue), style.ERROR)
            return
        except OSError as exc:
            self._ended(self.tr("✗ Could not write {file}: {reason}. Nothing was recorded; "
                                "choose another folder or file name.").format(
                file=exc.filename or self._target, reason=exc.strerror or exc), style.ERROR)
            return
        QTimer.singleShot(0, self._step)

    def _ended(self, text: str, colour: str) -> None:
        self._job = None
        self.progress.hide()
        self._set_running(False)
        self._show(text, colour)
        self._changed()

    def _finished(self) -> None:
        batch = self.batch
        self.pdf_path = self._target
        if batch is None or batch.first is None or batch.last is None:
            text = self.tr("✓ {count} blank-serial forms saved to {file}.").format(
                count=self.count, file=self._target)
        else:
            text = self.tr("✓ Forms {range} saved to {file} and recorded as handed out."
                           ).format(range=range_text(batch.first, batch.last), file=self._target)
        self._suggested = suggest_start(self.ws)
        self.start_edit.setValue(self._suggested)
        self.start_note.setText(self.tr(
            "Suggested: {serial}, after every serial printed or keyed this year").format(
            serial=format_serial(self._suggested)))
        self._path_chosen = False
        self._ended(text, style.OK)
        self.open_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self.print_button.setDefault(True)
        self.print_button.setFocus()

    def _show(self, text: str, colour: str) -> None:
        set_text_colour(self.message, colour)
        self.message.setText(text)

    # -- after ---------------------------------------------------------------------------
    def open_pdf(self) -> None:
        if self.pdf_path is not None and not QDesktopServices.openUrl(
                QUrl.fromLocalFile(str(self.pdf_path))):
            self._show(self.tr("No PDF viewer opened the file. It is saved at {file}.")
                       .format(file=self.pdf_path), style.ERROR)

    def print_pdf(self) -> None:
        """Qt's print dialog, then every page drawn on the chosen printer."""
        if self.pdf_path is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.send_to_printer(printer)

    def send_to_printer(self, printer) -> int:  # type: ignore[no-untyped-def]
        assert self.pdf_path is not None
        self._stop = False
        self.progress.setRange(0, pdf_page_count(self.pdf_path))
        self.progress.setFormat(self.tr("%v of %m pages sent to the printer"))
        self.progress.show()

        def progress(done: int, total: int) -> bool:
            self.progress.setValue(done)
            QApplication.processEvents()
            return not self._stop

        try:
            sent = print_pdf_pages(self.pdf_path, printer, progress)
        except OSError:
            self._show(self.tr("✗ The printer could not be opened. Open the PDF and print it "
                               "from the PDF viewer."), style.ERROR)
            return 0
        finally:
            self.progress.hide()
            self.progress.setFormat(self.tr("%v of %m forms"))
        self._show(self.tr("✓ {count} pages sent to the printer.").format(count=sent), style.OK)
        return sent

    # -- closing -----------------------------------------------------------------------
    def _close_or_stop(self) -> None:
        if self._job is not None:
            self._stop = True
        else:
            self.accept()

    def reject(self) -> None:
        """Esc: stop a running job first; a second Esc closes."""
        if self._job is not None:
            self._stop = True
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._job is not None:  # closed while running: the service removes its temp file
            self._job.close()
            self._job = None
        super().done(result)
