"""Export a period's signed bundle for iOffice (issue 5, part 4), and the history of exports.

The clerk chooses the period, reads the pre-flight checks (blockers in red stop signing,
warnings in amber do not), chooses how to sign (a .p12/.pfx file and its password, or a USB
token through its PKCS#11 library and its PIN) and the folder, then signs. Everything goes
through ``app.services.export_bundle``; signing runs on a plain thread that the dialog polls
on a timer (``app.ui.report_page.ReportJob``: queued signals did not always wake the GUI loop).

The password or PIN is read from its field when signing starts, the field is cleared at once,
and the text is handed only to the signer's ``open`` on the worker thread: it is never kept on
the dialog, in the settings or in a log. The .p12 path, the folder, the way of signing and the
token's label are remembered (settings key/value table, keys below).
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QCloseEvent, QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import format_date
from app.domain.exports import BLOCKER, ExportRecord
from app.domain.forms import Issue, format_serial
from app.domain.narrative import format_count
from app.domain.periods import Period, parse_period, period_of
from app.services import export_bundle as exports
from app.services.export_bundle import ExportPreview, ExportProgress, ExportRefused, ExportResult
from app.services.faults import DEVICE_GONE, DISK_FULL, READ_ONLY, fault_code
from app.services.reports import report_periods
from app.services.setup import apply_settings
from app.services.workspace import Workspace
from app.ui.report_page import ReportJob, period_name
from app.ui.settings_form import ErrorLabel
from app.ui.style import ERROR, MUTED, OK, WARNING, set_bold, set_text_colour

if TYPE_CHECKING:  # cryptography and pyHanko load when the clerk signs
    from app.bundle.errors import BundleError
    from app.bundle.signers import Signer, TokenInfo

translate = QCoreApplication.translate  # the name lupdate looks for

P12_PATH_KEY = "ui.export_p12_path"  # the certificate file chosen last time (never its password)
FOLDER_KEY = "ui.export_folder"
SIGNER_KIND_KEY = "ui.export_signer"  # "p12" or "token"
TOKEN_LABEL_KEY = "ui.export_token"
P12, TOKEN = "p12", "token"
OPEN_STEP = "open"  # before the service's steps: the certificate file or the token is opened
JOB_POLL_MS = 40
# Counts shown as they are, not as quantities with a thousands dot.
_PLAIN_PARAMS = frozenset({"version", "format_version", "page", "pages", "minimum", "days"})
_Index = QModelIndex | QPersistentModelIndex


# -- words --------------------------------------------------------------------------------------
def record_period_name(record: ExportRecord) -> str:
    period = parse_period(record.period_label, record.cutoff)
    return period_name(period) if isinstance(period, Period) else record.period_label


def date_time_text(moment: datetime) -> str:
    return f"{format_date(moment.date())} {moment:%H:%M}"


class _Params(dict):  # type: ignore[type-arg]
    """Format parameters: counts the Vietnamese way, a missing one reads as empty."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        super().__init__({
            key: format_count(value) if isinstance(value, int) and not isinstance(value, bool)
            and key not in _PLAIN_PARAMS else value for key, value in params.items()})

    def __missing__(self, key: str) -> str:
        return ""


def _bundle_error_templates() -> dict[str, str]:
    """Every refusal code of docs/bundle.md "Refusal codes when signing", in words."""
    return {
        "file_exists": translate(
            "BundleErrors", "The file {path} already exists and is never overwritten. Choose "
            "another folder, or move the old file away first."),
        "folder_missing": translate(
            "BundleErrors", "The folder {path} does not exist. Create it or choose another "
            "folder."),
        "write_failed": translate(
            "BundleErrors", "The file {path} could not be written ({reason}). Check the free "
            "space on the disk and the permission to write there; no file was left half-written."),
        "input_unreadable": translate(
            "BundleErrors", "The file {path} could not be read ({reason}) to put it into the "
            "bundle as {name}."),
        "unit_name_empty": translate(
            "BundleErrors", "The unit's name is empty: enter it in Settings first."),
        "password_too_short": translate(
            "BundleErrors", "The password must have at least {minimum} characters."),
        "days_out_of_range": translate(
            "BundleErrors", "A validity of {days} days is not possible (1 to 7,320 days)."),
        "p12_missing": translate(
            "BundleErrors", "The certificate file {path} cannot be opened. Check the path or "
            "choose the file again."),
        "p12_not_pkcs12": translate(
            "BundleErrors", "The file {path} is not a .p12/.pfx certificate file. Choose the "
            "certificate file your signature provider gave you."),
        "p12_wrong_password": translate(
            "BundleErrors", "Wrong password for the certificate file {path}. Type it again (mind "
            "the keyboard layout and Caps Lock)."),
        "p12_no_key": translate(
            "BundleErrors", "The file {path} holds no private key and certificate to sign with. "
            "Choose the file with the unit's key."),
        "pkcs11_module_missing": translate(
            "BundleErrors", "The PKCS#11 library {path} is not there. Install the USB token's "
            "software (from the signature provider) or correct the path in Settings → Signer."),
        "pkcs11_module_unloadable": translate(
            "BundleErrors", "The PKCS#11 library {path} cannot be loaded: the file is damaged or "
            "for another kind of computer (32/64 bit). Reinstall the USB token's software."),
        "token_not_found": translate(
            "BundleErrors", "The USB token \u201c{label}\u201d is not plugged in. Plug it in and "
            "press Refresh. Tokens plugged in: {available}."),
        "token_absent": translate(
            "BundleErrors", "The USB token \u201c{label}\u201d was pulled out or does not "
            "answer. Plug it in again, press Refresh and try again."),
        "pin_incorrect": translate(
            "BundleErrors", "Wrong PIN for the USB token \u201c{label}\u201d. Too many wrong "
            "PINs lock the token: check the PIN carefully before trying again."),
        "pin_invalid": translate(
            "BundleErrors", "The PIN for the USB token \u201c{label}\u201d has the wrong length "
            "or characters that are not allowed."),
        "pin_locked": translate(
            "BundleErrors", "The USB token \u201c{label}\u201d is locked after too many wrong "
            "PINs. Ask the signature provider to unlock it; the program does not try the PIN any "
            "more."),
        "token_no_key": translate(
            "BundleErrors", "The USB token \u201c{label}\u201d has no private key to sign with."),
        "token_several_keys": translate(
            "BundleErrors", "The USB token \u201c{label}\u201d has several keys ({keys}). Ask "
            "the person who supports the program to choose one."),
        "token_no_certificate": translate(
            "BundleErrors", "The USB token \u201c{label}\u201d has no certificate belonging to "
            "its signing key."),
        "token_error": translate(
            "BundleErrors", "The USB token \u201c{label}\u201d reported an error ({reason}). "
            "Pull it out, plug it in again and try again."),
        "signing_failed": translate(
            "BundleErrors", "Signing did not succeed ({reason}). No file was written."),
        "certificate_expired": translate(
            "BundleErrors", "The certificate expired on {not_after}; nothing is signed with it. "
            "Renew the certificate with the signature provider."),
        "certificate_not_yet_valid": translate(
            "BundleErrors", "The certificate is only valid from {not_before} (it is now {at}). "
            "Check the computer's date and time."),
        "pdf_unreadable": translate(
            "BundleErrors", "The report PDF cannot be read: make the report again."),
        "stamp_page_out_of_range": translate(
            "BundleErrors", "The report has {pages} pages, so there is no page {page} for the "
            "signature."),
        "stamp_box_empty": translate(
            "BundleErrors", "The place for the signature on the report is not valid: make the "
            "report again."),
        "manifest_bad_value": translate(
            "BundleErrors", "A fact of the bundle is not valid (\u201c{path}\u201d). Check the "
            "unit's name and code in Settings."),
        "manifest_changes_mismatch": translate(
            "BundleErrors", "Version {version}: version 1 has no change list and later versions "
            "must list their changes."),
        "manifest_bad_file_name": translate(
            "BundleErrors", "The file name \u201c{name}\u201d cannot be used in a bundle."),
        "manifest_missing_file": translate(
            "BundleErrors", "The bundle lacks the required file {name}."),
    }


def bundle_error_text(error: BundleError) -> str:
    """One sentence for a refusal of ``app.bundle`` (what is wrong and what to do)."""
    template = _bundle_error_templates().get(error.code)
    if template is None:
        return translate("BundleErrors", "Signing was refused (code {code}); nothing was "
                         "written. Tell the person who supports the program.").format(
            code=error.code)
    try:
        return template.format_map(_Params(error.params))
    except (ValueError, IndexError):
        return template


# -- the signing job ----------------------------------------------------------------------------
def signed_export(open_signer: Callable[[], Signer], ws: Workspace, period: Period,
                  folder: Path, operator: str, reissue_reason: str = ""
                  ) -> Iterator[ExportProgress]:
    """Open the signer, run ``export_bundle`` with it, close it. Runs on the worker thread,
    so opening a token (which may take seconds) does not freeze the window."""
    total = len(exports.STEPS) + 1
    yield ExportProgress(0, total, OPEN_STEP)
    signer = open_signer()
    try:
        for progress in exports.export_bundle(ws, period, folder, signer, operator,
                                              reissue_reason=reissue_reason):
            yield replace(progress, done=progress.done + 1, total=total)
    finally:
        signer.close()


def _open_p12(path: Path, password: str) -> Signer:
    from app.bundle.signers import P12Signer

    return P12Signer.open(path, password)


def _open_token(module: str, label: str, pin: str) -> Signer:
    from app.bundle.signers import TokenSigner

    return TokenSigner.open(module, label, pin)


# -- the history ----------------------------------------------------------------------------------
class ExportHistoryModel(QAbstractTableModel):
    """Every export of the unit, newest first (``export_bundle.history``)."""

    PERIOD, VERSION, EXPORTED_AT, FILE, SHA256, CERTIFICATE, FORMS, CHANGES, OPERATOR = range(9)
    RecordRole = Qt.ItemDataRole.UserRole + 1
    SHORT_HASH = 12

    def __init__(self, records: list[ExportRecord] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records = list(records or [])

    def set_records(self, records: list[ExportRecord]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 9

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Period"), self.tr("Version"), self.tr("Signed at"), self.tr("File"),
                  self.tr("SHA-256"), self.tr("Certificate"), self.tr("Forms"),
                  self.tr("Changes"), self.tr("Exported by"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        record = self.records[index.row()]
        column = index.column()
        if role == self.RecordRole:
            return record
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.VERSION, self.FORMS,
                                                                     self.CHANGES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, record: ExportRecord, column: int) -> str | None:
        if column == self.PERIOD:
            return record_period_name(record)
        if column == self.VERSION:
            return str(record.version)
        if column == self.EXPORTED_AT:
            return date_time_text(record.exported_at)
        if column == self.FILE:
            return record.file_name
        if column == self.SHA256:
            return record.sha256[:self.SHORT_HASH] + "…"
        if column == self.CERTIFICATE:
            if record.self_signed:
                return self.tr("{subject} (self-signed)").format(
                    subject=record.certificate_subject)
            return record.certificate_subject
        if column == self.FORMS:
            return self.tr("{forms} ({void} voided)").format(
                forms=format_count(record.forms), void=format_count(record.void)) \
                if record.void else format_count(record.forms)
        if column == self.CHANGES:
            return format_count(record.changes) if record.version > 1 else "–"
        if column == self.OPERATOR:
            return record.operator
        return None

    def _tooltip(self, record: ExportRecord, column: int) -> str | None:
        if column == self.SHA256:
            return self.tr("SHA-256 of the bundle: {hash}").format(hash=record.sha256)
        if column == self.CERTIFICATE:
            text = self.tr("Certificate fingerprint (SHA-256): {fingerprint}").format(
                fingerprint=record.certificate_fingerprint)
            if record.self_signed:
                text += "\n" + self.tr("A self-signed certificate of the unit, not issued by a "
                                       "certification authority.")
            return text
        if column == self.FILE:
            return str(Path(record.folder) / record.file_name)
        if column == self.FORMS:
            return self.tr("{forms} forms: {active} counted, {void} voided").format(
                forms=format_count(record.forms), active=format_count(record.active),
                void=format_count(record.void))
        return None


def fingerprint_lines(fingerprint: str) -> str:
    """The 32 pairs on two lines, to read aloud half by half (and to fit the window)."""
    pairs = fingerprint.split(":")
    half = (len(pairs) + 1) // 2
    return ":".join(pairs[:half]) + ":\n" + ":".join(pairs[half:]) if len(pairs) > 1 \
        else fingerprint


def set_monospace(label: QWidget, scale: float = 1.0) -> None:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(label.font().pointSizeF() * scale)
    label.setFont(font)


def _selectable(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


def _load_signing_modules() -> None:
    import app.bundle.writer
    import app.reports.report_pdf
    import app.reports.report_xlsx  # noqa: F401


# -- the dialog -----------------------------------------------------------------------------------
class ExportDialog(QDialog):
    """Modal. ``result`` holds the last ``ExportResult`` after a successful export."""

    def __init__(self, ws: Workspace, operator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export the signed bundle for iOffice"))
        self.ws = ws
        self.operator = operator
        self.periods: list[Period] = []
        self.preview: ExportPreview | None = None
        self.result: ExportResult | None = None
        self.issue_lines: list[tuple[str, str]] = []  # (severity, sentence) as shown
        self.tokens: list[TokenInfo] = []
        self.job: ReportJob | None = None
        self._job_error: BaseException | None = None
        self._job_result: ExportResult | None = None
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(JOB_POLL_MS)
        self._poll_timer.timeout.connect(self._poll_job)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("export_tabs")
        self.pages = QStackedWidget()
        self.form_page = self._build_form_page()
        self.done_page = self._build_done_page()
        self.pages.addWidget(self.form_page)
        self.pages.addWidget(self.done_page)
        self.tabs.addTab(self.pages, self.tr("&Export"))
        self.tabs.addTab(self._build_history_page(), self.tr("Export &history"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.tabs)

        app = QCoreApplication.instance()
        if app is not None:  # an export still signing when the program quits is let finish
            app.aboutToQuit.connect(self.wait_for_job)
        self._load_remembered()
        self.refresh_periods()
        self.refresh_history()
        self.resize(1120, 690)
        self._focus_start()
        # While the clerk reads the checks and types the password, load what signing needs
        # (pyHanko, reportlab, openpyxl: ~1 s on an office PC) so "Sign" starts at once.
        threading.Thread(target=_load_signing_modules, name="export-warm-up", daemon=True).start()

    # -- building -----------------------------------------------------------------------------
    def _build_form_page(self) -> QWidget:
        page = QWidget()
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("export_period")
        self.period_combo.setMinimumContentsLength(16)
        self.period_combo.currentIndexChanged.connect(lambda _i: self.refresh_preview())
        period_label = QLabel(self.tr("&Period:"))
        period_label.setBuddy(self.period_combo)
        set_bold(period_label)
        self.facts_label = QLabel()
        self.facts_label.setObjectName("export_facts")
        self.facts_label.setWordWrap(True)
        period_row = QHBoxLayout()
        period_row.addWidget(period_label)
        period_row.addWidget(self.period_combo)
        period_row.addSpacing(12)
        period_row.addWidget(self.facts_label, 1)

        body = QHBoxLayout()
        body.setSpacing(12)
        body.addWidget(self._build_checks(), 5)
        right = QVBoxLayout()
        right.addWidget(self._build_signing())
        right.addWidget(self._build_folder())
        right.addStretch(1)
        body.addLayout(right, 4)

        self.sign_button = QPushButton(self.tr("&Sign and export"))
        self.sign_button.setObjectName("export_sign")
        self.sign_button.setDefault(True)
        set_bold(self.sign_button)
        self.sign_button.clicked.connect(lambda _c=False: self.sign_and_export())
        self.progress_label = QLabel()
        self.progress_label.setObjectName("export_progress_step")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("export_progress")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(12)
        self.progress_box = QWidget()
        progress_row = QHBoxLayout(self.progress_box)
        progress_row.setContentsMargins(0, 0, 0, 0)
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress_bar, 1)
        self.progress_box.hide()
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("export_close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(lambda _c=False: self.reject())
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.progress_box, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.close_button)
        self.status_label = ErrorLabel()
        self.status_label.setObjectName("export_error")

        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(period_row)
        layout.addLayout(body, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        return page

    def _build_checks(self) -> QGroupBox:
        group = QGroupBox(self.tr("Checks before signing"))
        group.setObjectName("export_checks")
        self.checks_box = QWidget()
        self.checks_layout = QVBoxLayout(self.checks_box)
        self.checks_layout.setContentsMargins(0, 0, 6, 0)
        self.checks_layout.setSpacing(8)
        self.checks_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(self.checks_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.changes_label = QLabel()
        self.changes_label.setWordWrap(True)
        self.changes_edit = QPlainTextEdit()
        self.changes_edit.setObjectName("export_changes")
        self.changes_edit.setReadOnly(True)
        self.changes_edit.setTabChangesFocus(True)
        self.changes_edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.changes_edit.setMaximumHeight(self.fontMetrics().lineSpacing() * 7 + 12)
        self.changes_label.setBuddy(self.changes_edit)
        # Exported and unchanged since: a new version only on purpose, with the reason (the
        # earlier file was lost, or the district asks again); it becomes the change line.
        self.reissue_label = QLabel(self.tr("&Reason to export again as a new version:"))
        self.reissue_label.setWordWrap(True)
        self.reissue_edit = QLineEdit()
        self.reissue_edit.setObjectName("export_reissue_reason")
        self.reissue_edit.setMaxLength(200)
        self.reissue_edit.setPlaceholderText(self.tr(
            "e.g. the file sent earlier was lost; the district asked for it again"))
        self.reissue_edit.textChanged.connect(lambda _t: self._update_sign_button())
        self.reissue_label.setBuddy(self.reissue_edit)
        layout = QVBoxLayout(group)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.reissue_label)
        layout.addWidget(self.reissue_edit)
        layout.addWidget(self.changes_label)
        layout.addWidget(self.changes_edit)
        return group

    def _build_signing(self) -> QGroupBox:
        group = QGroupBox(self.tr("Digital signature"))
        group.setObjectName("export_signing")
        self.p12_radio = QRadioButton(self.tr("Certificate &file (.p12/.pfx)"))
        self.p12_radio.setObjectName("export_use_p12")
        self.token_radio = QRadioButton(self.tr("Signing &device (USB token)"))
        self.token_radio.setObjectName("export_use_token")
        self.signer_kind = QButtonGroup(self)
        self.signer_kind.addButton(self.p12_radio)
        self.signer_kind.addButton(self.token_radio)
        self.p12_radio.setChecked(True)
        self.p12_radio.toggled.connect(lambda _on: self._signer_kind_changed())

        self.p12_edit = QLineEdit()
        self.p12_edit.setObjectName("export_p12_path")
        self.p12_edit.setPlaceholderText(self.tr("the unit's .p12 or .pfx file"))
        self.p12_choose = QPushButton(self.tr("C&hoose…"))
        self.p12_choose.setAutoDefault(False)
        self.p12_choose.clicked.connect(lambda _c=False: self.choose_p12())
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("export_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(self.tr("Password of the certificate file"))
        self.self_signed_button = QPushButton(self.tr("Create a se&lf-signed certificate…"))
        self.self_signed_button.setObjectName("export_create_self_signed")
        self.self_signed_button.setAutoDefault(False)
        self.self_signed_button.clicked.connect(lambda _c=False: self.create_self_signed())
        self.p12_panel = QWidget()
        p12_grid = QGridLayout(self.p12_panel)
        p12_grid.setContentsMargins(22, 0, 0, 0)
        file_label = QLabel(self.tr("File:"))
        file_label.setBuddy(self.p12_edit)
        password_label = QLabel(self.tr("Pass&word:"))
        password_label.setBuddy(self.password_edit)
        p12_grid.addWidget(file_label, 0, 0)
        p12_grid.addWidget(self.p12_edit, 0, 1)
        p12_grid.addWidget(self.p12_choose, 0, 2)
        p12_grid.addWidget(password_label, 1, 0)
        p12_grid.addWidget(self.password_edit, 1, 1, 1, 2)
        p12_grid.addWidget(self.self_signed_button, 2, 1, 1, 2,
                           Qt.AlignmentFlag.AlignLeft)

        self.module_edit = QLineEdit()
        self.module_edit.setObjectName("export_pkcs11_module")
        self.module_edit.setPlaceholderText(self.tr("the token's PKCS#11 library (.dll)"))
        self.module_choose = QPushButton(self.tr("Ch&oose…"))
        self.module_choose.setAutoDefault(False)
        self.module_choose.clicked.connect(lambda _c=False: self.choose_module())
        self.token_combo = QComboBox()
        self.token_combo.setObjectName("export_token")
        self.token_combo.currentIndexChanged.connect(lambda _i: self._show_token_warning())
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("export_refresh_tokens")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(lambda _c=False: self.refresh_tokens())
        self.token_note = QLabel()
        self.token_note.setObjectName("export_token_note")
        self.token_note.setWordWrap(True)
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("export_pin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setAccessibleName(self.tr("PIN of the USB token"))
        self.token_panel = QWidget()
        token_grid = QGridLayout(self.token_panel)
        token_grid.setContentsMargins(22, 0, 0, 0)
        module_label = QLabel(self.tr("Library:"))
        module_label.setBuddy(self.module_edit)
        token_label = QLabel(self.tr("&Token:"))
        token_label.setBuddy(self.token_combo)
        pin_label = QLabel(self.tr("P&IN:"))
        pin_label.setBuddy(self.pin_edit)
        token_grid.addWidget(module_label, 0, 0)
        token_grid.addWidget(self.module_edit, 0, 1)
        token_grid.addWidget(self.module_choose, 0, 2)
        token_grid.addWidget(token_label, 1, 0)
        token_grid.addWidget(self.token_combo, 1, 1)
        token_grid.addWidget(self.refresh_button, 1, 2)
        token_grid.addWidget(self.token_note, 2, 1, 1, 2)
        token_grid.addWidget(pin_label, 3, 0)
        token_grid.addWidget(self.pin_edit, 3, 1, 1, 2)
        token_grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(group)
        layout.addWidget(self.p12_radio)
        layout.addWidget(self.p12_panel)
        layout.addWidget(self.token_radio)
        layout.addWidget(self.token_panel)
        return group

    def _build_folder(self) -> QGroupBox:
        group = QGroupBox(self.tr("Save the two files in"))
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("export_folder")
        self.folder_edit.setAccessibleName(self.tr("Folder for the exported files"))
        self.folder_choose = QPushButton(self.tr("Choose fol&der…"))
        self.folder_choose.setAutoDefault(False)
        self.folder_choose.clicked.connect(lambda _c=False: self.choose_folder())
        row = QHBoxLayout(group)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.folder_choose)
        return group

    def _build_done_page(self) -> QWidget:
        page = QWidget()
        self.done_title = QLabel()
        self.done_title.setObjectName("export_done_title")
        self.done_title.setWordWrap(True)
        set_bold(self.done_title, scale=1.2)
        set_text_colour(self.done_title, OK)
        self.done_pdf = _selectable()
        self.done_pdf.setObjectName("export_done_pdf")
        self.done_zip = _selectable()
        self.done_zip.setObjectName("export_done_zip")
        self.done_sha = _selectable()
        self.done_sha.setObjectName("export_done_sha256")
        set_monospace(self.done_sha)
        self.done_certificate = _selectable()
        self.done_certificate.setObjectName("export_done_certificate")
        self.done_fingerprint = _selectable()
        self.done_fingerprint.setObjectName("export_done_fingerprint")
        set_monospace(self.done_fingerprint)
        self.done_counts = _selectable()
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        rows = ((self.tr("Main document (signed report PDF):"), self.done_pdf),
                (self.tr("Attachment (signed bundle .zip):"), self.done_zip),
                (self.tr("SHA-256 of the bundle:"), self.done_sha),
                (self.tr("Signed with the certificate of:"), self.done_certificate),
                (self.tr("Certificate fingerprint:"), self.done_fingerprint),
                (self.tr("Forms in the bundle:"), self.done_counts))
        for row, (caption, value) in enumerate(rows):
            label = QLabel(caption)
            set_text_colour(label, MUTED)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)

        howto = QGroupBox(self.tr("Sending it through iOffice"))
        self.howto_label = _selectable()
        self.howto_label.setObjectName("export_howto")
        QVBoxLayout(howto).addWidget(self.howto_label)

        self.open_folder_button = QPushButton(self.tr("&Open the folder"))
        self.open_folder_button.setObjectName("export_open_folder")
        self.open_folder_button.clicked.connect(lambda _c=False: self.open_result_folder())
        self.copy_button = QPushButton(self.tr("&Copy the SHA-256"))
        self.copy_button.setObjectName("export_copy_sha256")
        self.copy_button.clicked.connect(lambda _c=False: self.copy_sha256())
        self.again_button = QPushButton(self.tr("&Back to the export"))
        self.again_button.setObjectName("export_again")
        self.again_button.clicked.connect(lambda _c=False: self.show_form())
        done_close = QPushButton(self.tr("Close"))
        done_close.clicked.connect(lambda _c=False: self.accept())
        self.done_note = QLabel()
        self.done_note.setObjectName("export_done_note")
        self.done_note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.open_folder_button, self.copy_button, self.again_button):
            button.setAutoDefault(True)
            buttons.addWidget(button)
        buttons.addWidget(self.done_note, 1)
        buttons.addWidget(done_close)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(10)
        layout.addWidget(self.done_title)
        layout.addLayout(grid)
        layout.addWidget(howto)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _build_history_page(self) -> QWidget:
        page = QWidget()
        self.history_model = ExportHistoryModel(parent=self)
        self.history_view = QTableView()
        self.history_view.setObjectName("export_history")
        self.history_view.setModel(self.history_model)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setAlternatingRowColors(True)
        self.history_view.setWordWrap(False)
        self.history_view.verticalHeader().hide()
        self.history_view.activated.connect(self._history_activated)  # double-click or Enter
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ExportHistoryModel.CERTIFICATE, QHeaderView.ResizeMode.Stretch)
        self.history_note = QLabel()
        self.history_note.setObjectName("export_history_note")
        self.history_note.setWordWrap(True)
        set_text_colour(self.history_note, MUTED)
        layout = QVBoxLayout(page)
        layout.addWidget(self.history_view, 1)
        layout.addWidget(self.history_note)
        return page

    # -- remembered choices ----------------------------------------------------------------------
    def _load_remembered(self) -> None:
        store = self.ws.store
        self.p12_edit.setText(str(store.get_value(P12_PATH_KEY, "") or ""))
        self.folder_edit.setText(str(store.get_value(FOLDER_KEY, "") or self.default_folder()))
        self.module_edit.setText(self.ws.require_settings().pkcs11_module)
        self._remembered_token = str(store.get_value(TOKEN_LABEL_KEY, "") or "")
        if store.get_value(SIGNER_KIND_KEY) == TOKEN:
            self.token_radio.setChecked(True)
        self._signer_kind_changed()

    def default_folder(self) -> Path:
        """Documents\\khaosat, where the clerk finds the files to attach in iOffice."""
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) / "khaosat" if documents else self.ws.data_dir / "exports"

    def _focus_start(self) -> None:
        if self.preview is not None and self.preview.blocked:
            self.period_combo.setFocus()
        elif self.uses_token():
            self.pin_edit.setFocus()
        elif self.p12_edit.text():
            self.password_edit.setFocus()
        else:
            self.p12_edit.setFocus()

    # -- the period and its checks -------------------------------------------------------------
    def refresh_periods(self) -> None:
        today = self.ws.today()
        chosen = self.current_period()
        self.periods = list(report_periods(self.ws, today))
        wanted = chosen or period_of(today, self.ws.require_settings().period_cutoff)
        index = next((i for i, p in enumerate(self.periods) if p == wanted), 0)
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in self.periods:
            self.period_combo.addItem(period_name(period))
        self.period_combo.setCurrentIndex(index)
        self.period_combo.blockSignals(False)
        self.refresh_preview()

    def current_period(self) -> Period | None:
        index = self.period_combo.currentIndex()
        return self.periods[index] if 0 <= index < len(self.periods) else None

    def select_period(self, period: Period) -> None:
        self.period_combo.setCurrentIndex(self.periods.index(period))

    def refresh_preview(self) -> None:
        period = self.current_period()
        if period is None:
            return
        self.status_label.set_message("")
        preview = exports.preview_export(self.ws, period, self.ws.today())
        self.preview = preview
        facts = self.tr("{start} to {end} · {forms} forms ({active} counted, {void} voided) · "
                        "this export will be version {version}").format(
            start=format_date(period.start), end=format_date(period.end),
            forms=format_count(preview.forms), active=format_count(preview.active),
            void=format_count(preview.void), version=preview.version)
        if preview.history:
            last = preview.history[-1]
            facts += "\n" + self.tr("Exported before: version {version} on {time}").format(
                version=last.version, time=date_time_text(last.exported_at))
        self.facts_label.setText(facts)
        self._show_issues(preview)
        if preview.changes:
            self.changes_label.setText(self.tr(
                "Changes since version {previous} ({count} lines, written into the bundle):"
            ).format(previous=preview.version - 1, count=format_count(len(preview.changes))))
            self.changes_edit.setPlainText("\n".join(preview.changes))
        self.changes_label.setVisible(bool(preview.changes))
        self.changes_edit.setVisible(bool(preview.changes))
        reissue = self._reissue_possible()
        self.reissue_label.setVisible(reissue)
        self.reissue_edit.setVisible(reissue)
        if not reissue:
            self.reissue_edit.clear()
        self._update_sign_button()

    def _reissue_possible(self) -> bool:
        return self.preview is not None and self.preview.reissuable

    def reissue_reason(self) -> str:
        return self.reissue_edit.text().strip() if self._reissue_possible() else ""

    def _show_issues(self, preview: ExportPreview) -> None:
        while self.checks_layout.count() > 1:  # the last item is the stretch
            item = self.checks_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:  # hidden now: deleteLater waits for the event loop
                widget.hide()
                widget.deleteLater()
        self.issue_lines = [(str(i.params.get("severity")), self.issue_text(i))
                            for i in preview.issues]
        lines = list(self.issue_lines)
        if not lines:
            lines = [("ok", self.tr("✓ Nothing to put right: the period can be signed."))]
        elif preview.reissuable:
            lines.append(("note", self.tr("To export the same data again as a new version, write "
                                          "the reason in the box below, then sign.")))
        elif preview.blocked:
            lines.append(("note", self.tr("Signing is not possible until the red points above "
                                          "are put right.")))
        else:
            lines.append(("note", self.tr("The amber points do not stop the export: read them, "
                                          "then sign if the report must go now.")))
        for position, (severity, text) in enumerate(lines):
            label = QLabel(self._marked(severity, text))
            label.setObjectName(f"export_issue_{position}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            colour = {BLOCKER: ERROR, "warning": WARNING, "ok": OK}.get(severity, MUTED)
            set_text_colour(label, colour)
            if severity == BLOCKER:
                set_bold(label)
            self.checks_layout.insertWidget(position, label)

    def _marked(self, severity: str, text: str) -> str:
        if severity == BLOCKER:
            return self.tr("✗ Must be put right: {text}").format(text=text)
        if severity == "warning":
            return self.tr("⚠ Note: {text}").format(text=text)
        return text

    def issue_text(self, issue: Issue) -> str:
        """A pre-flight code (app.domain.exports.preflight_issues) as a sentence."""
        p = issue.params
        period = self.current_period()
        name = period_name(period) if period is not None else ""
        if issue.code == "no_changes_since_export":
            at = p.get("exported_at")
            return self.tr(
                "{period} was exported as version {version} on {time} ({file}) and nothing has "
                "changed since. There is nothing new to sign: send that file again if needed "
                "(see Export history). If that file is lost or the district asks for it again, "
                "write the reason below to export it again as a new version.").format(
                period=name, version=p.get("version", ""),
                time=date_time_text(at) if isinstance(at, datetime) else "",
                file=p.get("file", ""))
        if issue.code == "no_forms":
            return self.tr("{period} has no counted form yet. Key the period's forms first (F2), "
                           "or choose another period.").format(period=name)
        if issue.code == "period_not_over":
            end = p.get("end")
            return self.tr(
                "The period runs until {end}. Forms keyed after the export need a reason and a "
                "new version of the bundle; sign now only if the report is due.").format(
                end=format_date(end) if isinstance(end, date) else "")
        if issue.code == "missing_serials":
            first = ", ".join(format_serial(s) for s in p.get("first", []))
            return self.tr(
                "{count} printed forms are neither keyed nor marked spoiled (first: {first}). "
                "Key them, or mark them spoiled or lost under Forms not keyed (F4), so the "
                "report counts every form handed out.").format(
                count=format_count(int(p.get("count", 0))), first=first)
        if issue.code == "open_drafts":
            return self.tr(
                "A half-keyed form is not saved yet (keyed by {operators}). Finish or clear it "
                "on the Key forms page (F2), or it is left out of the bundle.").format(
                operators=", ".join(str(o) for o in p.get("operators", [])))
        if issue.code == "target_not_met":
            return self.tr(
                "Only {count} counted forms, below the period's target of {target}. The report "
                "says so; you may still sign.").format(
                count=format_count(int(p.get("count", 0))),
                target=format_count(int(p.get("target", 0))))
        if issue.code == "new_version":
            return self.tr(
                "This period was exported before: this export is version {version}, with "
                "{changes} changes listed below. Send it to the same recipient, saying it "
                "replaces the earlier version.").format(
                version=p.get("version", ""), changes=format_count(int(p.get("changes", 0))))
        return self.tr("Check \u201c{code}\u201d needs attention.").format(code=issue.code)

    def _update_sign_button(self) -> None:
        blocked = self.preview is None or bool(self.preview.blockers(self.reissue_reason()))
        self.sign_button.setEnabled(not blocked and self.job is None)

    # -- how to sign ---------------------------------------------------------------------------
    def uses_token(self) -> bool:
        return self.token_radio.isChecked()

    def _signer_kind_changed(self) -> None:
        token = self.uses_token()
        self.p12_panel.setEnabled(not token)
        self.token_panel.setEnabled(token)
        if token and not self.tokens and self.module_edit.text().strip():
            self.refresh_tokens()
        elif token and not self.module_edit.text().strip():
            self._say_token(self.tr("Enter the path of the token's PKCS#11 library (installed "
                                    "with the token's software), then press Refresh."), MUTED)

    def choose_p12(self) -> None:
        start = self.p12_edit.text() or str(self.default_folder())
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Certificate file"), start,
            self.tr("Certificate files (*.p12 *.pfx);;All files (*)"))
        if chosen:
            self.set_p12_path(Path(chosen))

    def set_p12_path(self, path: Path) -> None:
        self.p12_edit.setText(str(path))
        self.ws.store.set_value(P12_PATH_KEY, str(path))
        self.p12_radio.setChecked(True)
        self.password_edit.clear()
        self.password_edit.setFocus()

    def choose_module(self) -> None:
        pattern = "*.dll" if sys.platform == "win32" else "*.so *.so.* *.dylib"
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("PKCS#11 library of the USB token"), self.module_edit.text(),
            self.tr("Libraries ({pattern});;All files (*)").format(pattern=pattern))
        if chosen:
            self.module_edit.setText(chosen)
            self.refresh_tokens()

    def _save_module(self, module: str) -> None:
        """The library path is a unit setting (Settings → Signer): keep what worked here."""
        settings = self.ws.require_settings()
        if module != settings.pkcs11_module:
            apply_settings(self.ws, replace(settings, pkcs11_module=module), self.operator)

    def refresh_tokens(self) -> None:
        """Fill the token list from the library (reads the tokens' PIN warnings too)."""
        from app.bundle.errors import BundleError
        from app.bundle.signers import list_tokens

        module = self.module_edit.text().strip()
        self.tokens = []
        self.token_combo.clear()
        if not module:
            self._say_token(self.tr("Enter the path of the token's PKCS#11 library first."),
                            ERROR)
            return
        try:
            self.tokens = list_tokens(module)
        except BundleError as exc:
            self._say_token(bundle_error_text(exc), ERROR)
            return
        self._save_module(module)
        for info in self.tokens:
            self.token_combo.addItem(f"{info.label} — {info.manufacturer} {info.model}".strip())
        remembered = next((i for i, t in enumerate(self.tokens)
                           if t.label == self._remembered_token), 0)
        if self.tokens:
            self.token_combo.setCurrentIndex(remembered)
        self._show_token_warning()

    def current_token(self) -> TokenInfo | None:
        index = self.token_combo.currentIndex()
        return self.tokens[index] if 0 <= index < len(self.tokens) else None

    def _show_token_warning(self) -> None:
        token = self.current_token()
        if token is None:
            if self.module_edit.text().strip():
                self._say_token(self.tr("No USB token found. Plug the token in, wait until its "
                                        "light is steady, then press Refresh."), ERROR)
            return
        warnings = token.warnings
        if "pin_locked" in warnings:
            self._say_token(self.tr("This token is locked after too many wrong PINs: ask the "
                                    "signature provider to unlock it."), ERROR)
        elif "pin_final_try" in warnings:
            self._say_token(self.tr("Careful: one more wrong PIN locks this token. Type the PIN "
                                    "slowly and check it."), ERROR)
        elif "pin_count_low" in warnings:
            self._say_token(self.tr("A wrong PIN was typed on this token recently; a few more "
                                    "lock it. Check the PIN before signing."), WARNING)
        else:
            self._say_token(self.tr("Token ready (serial {serial}). Type its PIN.").format(
                serial=token.serial), OK)

    def _say_token(self, text: str, colour: str) -> None:
        self.token_note.setText(text)
        set_text_colour(self.token_note, colour)

    def create_self_signed(self) -> None:
        from app.ui.cert_dialog import SelfSignedCertificateDialog

        dialog = SelfSignedCertificateDialog(self.ws, self, folder=self.default_folder())
        dialog.exec()
        if dialog.created_path is not None:
            self.set_p12_path(dialog.created_path)

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the exported files"), self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    # -- signing -------------------------------------------------------------------------------
    def sign_and_export(self) -> None:
        """Check what the clerk gave, then sign and write on the worker thread."""
        period = self.current_period()
        if self.job is not None or period is None:
            return
        reissue = self.reissue_edit.text()
        self.refresh_preview()  # forms may have changed since the dialog opened
        if self._reissue_possible():
            self.reissue_edit.setText(reissue)
        if self.preview is None or self.preview.blockers(self.reissue_reason()):
            return
        opener = self._signer_opener()
        if opener is None:
            return
        folder = self._output_folder()
        if folder is None:
            return
        self.ws.store.set_value(FOLDER_KEY, str(folder))
        self.ws.store.set_value(SIGNER_KIND_KEY, TOKEN if self.uses_token() else P12)
        self._job_error = None
        self._job_result = None
        self.job = ReportJob(cast(Iterator[Any], signed_export(
            opener, self.ws, period, folder, self.operator, self.reissue_reason())))
        self._set_busy(True)
        self.progress_bar.setRange(0, len(exports.STEPS) + 1)
        self.progress_bar.setValue(0)
        self.progress_label.setText(self._step_text(OPEN_STEP))
        self.job.start()
        self._poll_timer.start()

    def _signer_opener(self) -> Callable[[], Signer] | None:
        """How the worker opens the signer; the secret leaves its field here."""
        if self.uses_token():
            module = self.module_edit.text().strip()
            token = self.current_token()
            pin = self.pin_edit.text()
            self.pin_edit.clear()
            if not module:
                return self._refuse(self.tr("Enter the path of the token's PKCS#11 library."),
                                    self.module_edit)
            if token is None:
                return self._refuse(self.tr("Choose the USB token (plug it in and press "
                                            "Refresh)."), self.refresh_button)
            if "pin_locked" in token.warnings:
                return self._refuse(self.tr("The token \u201c{label}\u201d is locked: ask the "
                                            "signature provider to unlock it.").format(
                    label=token.label), self.token_combo)
            if not pin:
                return self._refuse(self.tr("Type the PIN of the USB token."), self.pin_edit)
            self.ws.store.set_value(TOKEN_LABEL_KEY, token.label)
            self._remembered_token = token.label
            return functools.partial(_open_token, module, token.label, pin)
        path_text = self.p12_edit.text().strip()
        password = self.password_edit.text()
        self.password_edit.clear()
        if not path_text:
            return self._refuse(self.tr("Choose the certificate file (.p12/.pfx), or create a "
                                        "self-signed one."), self.p12_edit)
        if not password:
            return self._refuse(self.tr("Type the password of the certificate file."),
                                self.password_edit)
        self.ws.store.set_value(P12_PATH_KEY, path_text)
        return functools.partial(_open_p12, Path(path_text), password)

    def _output_folder(self) -> Path | None:
        text = self.folder_edit.text().strip()
        if not text:
            return self._refuse(self.tr("Choose the folder for the two files."),
                                self.folder_edit)
        folder = Path(text)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return self._refuse(self.tr("The folder {folder} cannot be created ({reason}). "
                                        "Choose another folder, e.g. in Documents.").format(
                folder=folder, reason=self._os_reason(exc)), self.folder_edit)
        return folder

    def _refuse(self, text: str, focus: QWidget) -> None:
        self.status_label.set_message(text)
        focus.setFocus()
        return None

    def _step_text(self, step: str) -> str:
        texts = {
            OPEN_STEP: self.tr("Opening the certificate…"),
            "report": self.tr("Drawing the report (PDF and XLSX)…"),
            "data": self.tr("Writing the forms' data and the audit log…"),
            "sign": self.tr("Signing and writing the bundle…"),
            "record": self.tr("Recording the export and locking the period…"),
            "done": self.tr("Done."),
        }
        return texts.get(step, step)

    def _poll_job(self) -> None:
        job = self.job
        if job is None:
            self._poll_timer.stop()
            return
        for kind, value in job.poll():
            if kind == "progress":
                self.progress_bar.setValue(value.done)
                self.progress_label.setText(self._step_text(value.step))
                if value.result is not None:
                    self._job_result = value.result
            elif kind == "failed":
                self._job_error = value
            else:
                self._job_finished()

    def _job_finished(self) -> None:
        job = self.job
        self.job = None
        self._poll_timer.stop()
        if job is not None:
            job.wait()
        self._set_busy(False)
        self.progress_box.hide()
        if self._job_error is not None:
            self._failed(self._job_error)
        elif self._job_result is not None:
            self._succeeded(self._job_result)

    def wait_for_job(self) -> None:
        if self.job is not None:
            self.job.wait()

    def _set_busy(self, busy: bool) -> None:
        self.progress_box.setVisible(busy)
        for widget in (self.period_combo, self.p12_radio, self.token_radio, self.p12_panel,
                       self.token_panel, self.folder_edit, self.folder_choose,
                       self.close_button, self.tabs.tabBar()):
            widget.setEnabled(not busy)
        if not busy:
            self._signer_kind_changed()
        self._update_sign_button()

    def _failed(self, exc: BaseException) -> None:
        from app.bundle.errors import BundleError

        self.refresh_preview()
        if isinstance(exc, BundleError):
            text = bundle_error_text(exc)
            if exc.code != "file_exists":
                text += " " + self.tr("No file was written.")
            self.status_label.set_message(text)
            self._focus_after_refusal(exc.code)
        elif isinstance(exc, ExportRefused):
            self.status_label.set_message(self.tr("Not exported: {reasons}").format(
                reasons=" ".join(self.issue_text(i) for i in exc.issues)))
        elif isinstance(exc, OSError):
            self.status_label.set_message(self.tr(
                "Not exported: {file} could not be written ({reason}). Nothing was recorded; "
                "choose another folder or free some space, then sign again.").format(
                file=exc.filename or self.folder_edit.text(), reason=self._os_reason(exc)))
        else:
            from app.services.errorlog import record_unexpected

            incident = record_unexpected(type(exc), exc, exc.__traceback__)
            self.status_label.set_message(self.tr(
                "Not exported: the program stopped on an unexpected error ({detail}, number "
                "{number}). Nothing was recorded. Tell the person who supports the program."
            ).format(detail=f"{type(exc).__name__}: {exc}", number=incident.number))

    def _focus_after_refusal(self, code: str) -> None:
        if code == "p12_wrong_password":
            self.password_edit.setFocus()
        elif code.startswith("p12_"):
            self.p12_edit.setFocus()
        elif code.startswith(("pin_", "token_")):
            self.refresh_tokens()  # the token's PIN warnings may have changed
            self.pin_edit.setFocus()
        elif code in ("file_exists", "folder_missing", "write_failed"):
            self.folder_edit.setFocus()

    def _os_reason(self, exc: OSError) -> str:
        code = fault_code(exc)
        if code == DISK_FULL:
            return self.tr("the disk is full")
        if code == READ_ONLY:
            return self.tr("no permission to write there")
        if code == DEVICE_GONE:
            return self.tr("the folder or drive is not there any more")
        return exc.strerror or str(exc)

    # -- done ------------------------------------------------------------------------------------
    def _succeeded(self, result: ExportResult) -> None:
        self.result = result
        self.reissue_edit.clear()  # a reason is for one export, never carried to the next
        record = result.record
        settings = self.ws.require_settings()
        period = self.current_period()
        name = period_name(period) if period is not None else record.period_label
        self.done_title.setText(self.tr("✓ {period} signed and exported: version {version}, "
                                        "the period is now locked.").format(
            period=name, version=record.version))
        self.done_pdf.setText(str(result.signed_pdf))
        self.done_zip.setText(str(result.bundle))
        self.done_sha.setText(record.sha256)
        certificate = record.certificate_subject
        if record.self_signed:
            certificate += " — " + self.tr("SELF-SIGNED certificate of the unit (not issued "
                                           "by a certification authority)")
        self.done_certificate.setText(certificate)
        self.done_fingerprint.setText(fingerprint_lines(record.certificate_fingerprint))
        self.done_counts.setText(self.tr("{forms} ({active} counted, {void} voided)").format(
            forms=format_count(record.forms), active=format_count(record.active),
            void=format_count(record.void)))
        subject = self.tr("Report on the survey of people's and organisations' satisfaction "
                          "with the service of the {office}, {period}").format(
            office=settings.office_name, period=period.title if period else name)
        recipient = settings.recipient_name or self.tr("the receiving office of the province")
        howto = self.tr(
            "1. In iOffice, create a new outgoing document (văn bản đi).\n"
            "2. Subject (trích yếu): \u201c{subject}\u201d.\n"
            "3. Main document: the signed report {pdf}.\n"
            "4. Attachment: the bundle {zip} (the recipient checks it with khaosat verify).\n"
            "5. Recipient: {recipient}. Send; no paper copy is needed.").format(
            subject=subject, pdf=result.signed_pdf.name, zip=result.bundle.name,
            recipient=recipient)
        if record.self_signed:
            howto += "\n" + self.tr(
                "The certificate is self-signed: tell the recipient its fingerprint above by "
                "phone or in iOffice once, so they can check the bundle.")
        if record.version > 1:
            howto += "\n" + self.tr("This is version {version}: say in the subject that it "
                                    "replaces version {previous}.").format(
                version=record.version, previous=record.version - 1)
        self.howto_label.setText(howto)
        self.done_note.setText("")
        self.refresh_history()
        self.pages.setCurrentWidget(self.done_page)
        self.open_folder_button.setFocus()

    def show_form(self) -> None:
        self.refresh_preview()
        self.pages.setCurrentWidget(self.form_page)
        self._focus_start()

    def open_result_folder(self) -> None:
        if self.result is not None:
            self.open_folder(self.result.bundle.parent)

    def open_folder(self, folder: Path) -> bool:
        """Show the folder in the file manager (tests replace this)."""
        if not folder.is_dir():
            self._note(self.tr("The folder {folder} is not there any more (moved or deleted?)."
                               ).format(folder=folder))
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._note(self.tr("No file manager opened {folder}: open it by hand.").format(
                folder=folder))
            return False
        return True

    def _note(self, text: str) -> None:
        label = self.done_note if self.pages.currentWidget() is self.done_page \
            and self.tabs.currentIndex() == 0 else self.history_note
        label.setText(text)

    def copy_sha256(self) -> None:
        if self.result is None:
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.result.record.sha256)
        self.done_note.setText(self.tr("SHA-256 copied."))

    # -- history ---------------------------------------------------------------------------------
    def refresh_history(self) -> None:
        records = exports.history(self.ws)
        self.history_model.set_records(records)
        self.history_note.setText(self.tr(
            "Double-click a row (or press Enter) to open the folder of its files. Hover the "
            "SHA-256 or the certificate to see it whole.") if records else self.tr(
            "Nothing exported yet."))

    def _history_activated(self, index: QModelIndex) -> None:
        record = self.history_model.data(index, ExportHistoryModel.RecordRole)
        if isinstance(record, ExportRecord):
            self.history_note.setText("")
            self.open_folder(Path(record.folder))

    # -- closing ---------------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc and Close wait while signing: a bundle is never left half-recorded."""
        if self.job is not None:
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None:
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.password_edit.clear()
        self.pin_edit.clear()
        super().done(result)
