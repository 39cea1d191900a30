"""A self-signed unit certificate for a unit without one from a certification authority.

Made with ``app.bundle.signers.create_self_signed`` (docs/bundle.md). The dialog says plainly
that the certificate is self-signed, and shows its fingerprint large and selectable: the
recipient trusts bundles signed with it only once the unit has told them that fingerprint by
phone or through iOffice. The password is asked twice, handed to ``create_self_signed`` and
cleared from both fields; it is never stored.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.atomic_files import unused_path
from app.domain.dates import format_date
from app.services.workspace import Workspace
from app.ui.export_dialog import bundle_error_text, fingerprint_lines, set_monospace
from app.ui.settings_form import ErrorLabel
from app.ui.style import MUTED, OK, WARNING, set_bold, set_text_colour


def free_certificate_path(folder: Path, unit_code: str) -> Path:
    """``chung-thu-tu-ky-<code>.p12`` in the folder, or ``…-2.p12``: never over an older key."""
    stem = f"chung-thu-tu-ky-{unit_code}"
    return unused_path(folder, f"{stem}.p12", lambda n: f"{stem}-{n}.p12")


class SelfSignedCertificateDialog(QDialog):
    """Modal. ``created_path`` and ``fingerprint`` are set once the file is written."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *,
                 folder: Path | None = None) -> None:
        from app.bundle.signers import DEFAULT_SELF_SIGNED_DAYS, MIN_PASSWORD_LENGTH

        super().__init__(parent)
        self.setObjectName("self_signed_dialog")
        self.setWindowTitle(self.tr("Create a self-signed certificate"))
        self.ws = ws
        self.settings = ws.require_settings()
        self.days = DEFAULT_SELF_SIGNED_DAYS
        self.minimum = MIN_PASSWORD_LENGTH
        self.created_path: Path | None = None
        self.fingerprint: str | None = None

        intro = QLabel(self.tr(
            "Use this only if the unit has no certificate from a certification authority "
            "(VNPT-CA, Viettel-CA, Ban Cơ yếu…). The program makes a SELF-SIGNED certificate: "
            "the recipient trusts bundles signed with it only after the unit tells them its "
            "fingerprint."))
        intro.setWordWrap(True)
        set_text_colour(intro, WARNING)

        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("cert_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("cert_password_again")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.path_edit = QLineEdit(str(free_certificate_path(
            folder or ws.data_dir, self.settings.unit_code)))
        self.path_edit.setObjectName("cert_path")
        choose = QPushButton(self.tr("C&hoose…"))
        choose.setAutoDefault(False)
        choose.clicked.connect(lambda _c=False: self.choose_path())
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(choose)
        until = format_date(ws.today() + timedelta(days=self.days))

        form = QFormLayout()
        form.addRow(self.tr("Unit:"), QLabel(self.settings.unit_name))
        form.addRow(self.tr("Unit code:"), QLabel(self.settings.unit_code))
        form.addRow(self.tr("Valid:"), QLabel(self.tr("5 years, until {date}").format(
            date=until)))
        password_label = QLabel(self.tr("&Password:"))
        password_label.setBuddy(self.password_edit)
        form.addRow(password_label, self.password_edit)
        repeat_label = QLabel(self.tr("Password &again:"))
        repeat_label.setBuddy(self.repeat_edit)
        form.addRow(repeat_label, self.repeat_edit)
        hint = QLabel(self.tr(
            "At least {minimum} characters. The program does not keep the password: if it is "
            "lost, make a new certificate and tell the recipient its new fingerprint.").format(
            minimum=self.minimum))
        hint.setWordWrap(True)
        set_text_colour(hint, MUTED)
        form.addRow("", hint)
        path_label = QLabel(self.tr("&Save as:"))
        path_label.setBuddy(self.path_edit)
        form.addRow(path_label, path_row)
        self.form_box = QWidget()
        self.form_box.setLayout(form)

        self.error_label = ErrorLabel()
        self.error_label.setObjectName("cert_error")
        self.result_box = self._build_result()
        self.result_box.hide()

        self.create_button = QPushButton(self.tr("&Create the certificate"))
        self.create_button.setObjectName("cert_create")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(lambda _c=False: self.create())
        self.use_button = QPushButton(self.tr("&Use this certificate"))
        self.use_button.setObjectName("cert_use")
        self.use_button.clicked.connect(lambda _c=False: self.accept())
        self.use_button.hide()
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(lambda _c=False: self.reject())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.use_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_box)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(800, 420)
        self.password_edit.setFocus()

    def _build_result(self) -> QGroupBox:
        box = QGroupBox(self.tr("Self-signed certificate created"))
        self.result_title = QLabel()
        self.result_title.setObjectName("cert_result_title")
        self.result_title.setWordWrap(True)
        set_bold(self.result_title)
        set_text_colour(self.result_title, OK)
        caption = QLabel(self.tr("Fingerprint (SHA-256) of the certificate:"))
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setObjectName("cert_fingerprint")
        self.fingerprint_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.fingerprint_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        set_monospace(self.fingerprint_label, 1.35)
        set_bold(self.fingerprint_label)
        tell = QLabel(self.tr(
            "Read this fingerprint to the recipient (the district or province office) by "
            "phone, or send it in an iOffice document, before the first bundle: they note it "
            "and check every bundle against it (khaosat verify --fingerprint). Keep the .p12 "
            "file and its password safe; whoever has both can sign in the unit's name."))
        tell.setWordWrap(True)
        copy = QPushButton(self.tr("Copy the &fingerprint"))
        copy.setObjectName("cert_copy")
        copy.setAutoDefault(False)
        copy.clicked.connect(lambda _c=False: self.copy_fingerprint())
        layout = QVBoxLayout(box)
        layout.addWidget(self.result_title)
        layout.addWidget(caption)
        layout.addWidget(self.fingerprint_label)
        layout.addWidget(tell)
        layout.addWidget(copy, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def choose_path(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the certificate as"), self.path_edit.text(),
            self.tr("Certificate files (*.p12)"))
        if chosen:
            if not chosen.lower().endswith((".p12", ".pfx")):
                chosen += ".p12"
            self.path_edit.setText(chosen)

    def create(self) -> None:
        """Write the .p12; on a refusal say why and leave the form as it was (passwords
        cleared)."""
        from app.bundle.errors import BundleError
        from app.bundle.signers import create_self_signed

        password, repeated = self.password_edit.text(), self.repeat_edit.text()
        self.password_edit.clear()
        self.repeat_edit.clear()
        path_text = self.path_edit.text().strip()
        if password != repeated:
            return self._refuse(self.tr("The two passwords are not the same. Type the password "
                                        "twice again."), self.password_edit)
        if not path_text:
            return self._refuse(self.tr("Choose where to save the certificate file."),
                                self.path_edit)
        path = Path(path_text)
        if not path.parent.is_dir():
            return self._refuse(self.tr("The folder {folder} does not exist: choose another "
                                        "place.").format(folder=path.parent), self.path_edit)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            fingerprint = create_self_signed(self.settings.unit_name, self.settings.unit_code,
                                             password, path, days=self.days,
                                             not_before=self.ws.now().astimezone())
        except BundleError as exc:  # a short password, an existing file, a disk refusing
            focus = self.password_edit if exc.code == "password_too_short" else self.path_edit
            return self._refuse(bundle_error_text(exc), focus)
        finally:
            QApplication.restoreOverrideCursor()
        self.created_path = path
        self.fingerprint = fingerprint
        self.error_label.set_message("")
        self.form_box.setEnabled(False)
        self.result_title.setText(self.tr(
            "✓ Saved to {path}. This certificate is SELF-SIGNED by the unit; it was not "
            "issued by a certification authority.").format(path=path))
        self.fingerprint_label.setText(fingerprint_lines(fingerprint))
        self.result_box.show()
        self.create_button.hide()
        self.use_button.show()
        self.use_button.setDefault(True)
        self.use_button.setFocus()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _refuse(self, text: str, focus: QWidget) -> None:
        self.error_label.set_message(text)
        focus.setFocus()

    def copy_fingerprint(self) -> None:
        if self.fingerprint is not None:
            QGuiApplication.clipboard().setText(self.fingerprint)
