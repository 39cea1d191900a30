"""Check a bundle received from a unit (Ctrl+Shift+V, Data menu): the receiving office's screen.

The clerk chooses the .zip (or types, pastes or drops its path), optionally the trusted root
certificate of a CA and/or the fingerprint the unit read out by phone, and presses "Check".
``verify_bundle`` (app/bundle/verifier.py, about half a second) runs on a worker thread; the
dialog polls it on a timer, like the report page does, so the window never freezes. Then:

- a verdict at the top: green (everything holds and the signer is identified), amber (the files
  are intact and signed but nobody said whom to trust: compare the fingerprint by phone) or red
  (something failed, the files involved named);
- what the bundle says about itself (unit, period, version, counts, signer, signing time, the
  change list of a version k+1), marked as trustworthy only when the verdict is green;
- one line per check with its mark and the same Vietnamese sentence ``khaosat verify`` prints
  (app/bundle/wording.py, screen variant).

It reads the files and changes nothing: no workspace, no database.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.bundle.signers import normalise_fingerprint
from app.bundle.verifier import FAIL, PASS, Check, Verdict, load_trust_roots, verify_bundle
from app.bundle.wording import check_sentence, grouped_fingerprint
from app.domain.narrative import format_count
from app.ui.settings_form import ErrorLabel
from app.ui.style import ERROR, MUTED, OK, WARNING, set_background, set_bold, set_text_colour

POLL_MS = 40
GOOD, UNTRUSTED, BAD = "good", "untrusted", "bad"
MARKS = {PASS: "✓", FAIL: "✗", UNTRUSTED: "!"}  # anything else (skip): "–"
BANNER_COLOURS = {GOOD: (OK, "#e8f5e9"), UNTRUSTED: (WARNING, "#fff3e0"),
                  BAD: (ERROR, "#fdecea")}
LINE_COLOURS = {PASS: OK, FAIL: ERROR, UNTRUSTED: WARNING}
TRUST_ROOT_SUFFIXES = "*.pem *.cer *.crt *.der"
MAX_TRUST_FILE_BYTES = 1024 * 1024


def typed_path(text: str) -> Path | None:
    """A path as a clerk pastes it: Explorer's "Copy as path" adds quotes, a browser may give
    a file:// URL; None when nothing is typed."""
    cleaned = text.strip().strip('"').strip("'").strip()
    if cleaned.lower().startswith("file:"):
        cleaned = QUrl(cleaned).toLocalFile() or cleaned
    return Path(cleaned) if cleaned else None


def verdict_state(verdict: Verdict) -> str:
    if verdict.ok:
        return GOOD
    return UNTRUSTED if verdict.untrusted_only else BAD


class VerifyDialog(QDialog):
    """Modal. ``verdict`` holds the last verdict; ``run_check()`` starts a check and
    ``wait_for_check()`` (tests) blocks until it is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verify_dialog")
        self.setWindowTitle(self.tr("Verify a received bundle"))
        self.setAcceptDrops(True)
        self.verdict: Verdict | None = None
        self.state: str | None = None
        self.headline_text = ""
        self.summary_rows: list[tuple[str, str]] = []
        self.check_rows: list[tuple[str, str]] = []  # (status, sentence)
        self._bundle_path: Path | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verify-bundle")
        self._future: Future[Verdict] | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        layout.addLayout(self._build_inputs())
        layout.addWidget(self._build_banner())
        self.results = QTextBrowser()
        self.results.setObjectName("verify_results")
        self.results.setOpenLinks(False)
        self.results.setPlaceholderText(self.tr(
            "Choose the bundle (.zip) the unit sent through iOffice, then press Check. The "
            "check reads the file only: nothing is changed or saved."))
        layout.addWidget(self.results, 1)
        layout.addLayout(self._build_buttons())
        self.resize(980, 680)

    # -- layout -----------------------------------------------------------------------------------
    def _build_inputs(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.bundle_edit, self.bundle_error = self._input_row(
            form, "bundle_path", self.tr("Bundle (.zip):"), self.tr(
                "e.g. C:\\Users\\…\\Downloads\\10234_2026-Q3_v1.zip (you may paste or drop it "
                "here)"), self.tr("Choose bundle…"), self.choose_bundle)
        self.fingerprint_edit, self.fingerprint_error = self._input_row(
            form, "fingerprint", self.tr("Fingerprint (optional):"), self.tr(
                "64 hexadecimal digits the unit read to you, colons and spaces optional"))
        self.root_edit, self.root_error = self._input_row(
            form, "trust_root", self.tr("Root certificate (optional):"), self.tr(
                "the root certificate of the unit's certification authority (.pem, .cer, "
                ".crt)"), self.tr("Choose certificate…"), self.choose_root)
        hint = QLabel(self.tr(
            "Without a fingerprint or a root certificate the check still shows whether the "
            "files are intact, but not who signed them."))
        hint.setWordWrap(True)
        set_text_colour(hint, MUTED)
        form.addRow("", hint)
        return form

    def _input_row(self, form: QFormLayout, name: str, label: str, placeholder: str,
                   button_text: str | None = None, on_button: Callable[[], None] | None = None
                   ) -> tuple[QLineEdit, ErrorLabel]:
        """A field (Enter checks), an optional "Choose…" button beside it, red words under."""
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.returnPressed.connect(self.run_check)
        error = ErrorLabel()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        if button_text is not None and on_button is not None:
            button = QPushButton(button_text)
            button.setObjectName(f"choose_{name}")
            button.clicked.connect(on_button)
            row.addWidget(button)
        column.addLayout(row)
        column.addWidget(error)
        form.addRow(label, box)
        return edit, error

    def _build_banner(self) -> QFrame:
        self.banner = QFrame()
        self.banner.setObjectName("verdict_banner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(12, 8, 12, 8)
        self.headline = QLabel()
        self.headline.setObjectName("verdict_headline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_bold(self.headline, scale=1.25)
        row.addWidget(self.headline, 1)
        self.banner.hide()
        return self.banner

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.setObjectName("check_button")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.run_check)
        self.status = QLabel()
        self.status.setObjectName("verify_status")
        set_text_colour(self.status, MUTED)
        self.copy_button = QPushButton(self.tr("Copy the result"))
        self.copy_button.setObjectName("copy_button")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_result)
        close = QPushButton(self.tr("Close"))
        close.setObjectName("close_button")
        close.clicked.connect(self.reject)
        row.addWidget(self.check_button)
        row.addWidget(self.status, 1)
        row.addWidget(self.copy_button)
        row.addWidget(close)
        return row

    # -- choosing files ---------------------------------------------------------------------------
    def _start_folder(self, edit: QLineEdit) -> str:
        current = typed_path(edit.text())
        if current is not None and current.parent.is_dir():
            return str(current.parent)
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)

    def choose_bundle(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the bundle to check"), self._start_folder(self.bundle_edit),
            self.tr("khaosat bundle (*.zip)"))
        if chosen:
            self.bundle_edit.setText(chosen)
            self.run_check()

    def choose_root(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the root certificate"), self._start_folder(self.root_edit),
            self.tr("Certificate ({suffixes})").format(suffixes=TRUST_ROOT_SUFFIXES))
        if chosen:
            self.root_edit.setText(chosen)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = event.mimeData().urls()[0].toLocalFile()
        suffix = Path(path).suffix.lower()
        if suffix in (".pem", ".cer", ".crt", ".der"):
            self.root_edit.setText(path)
        else:
            self.bundle_edit.setText(path)
            self.run_check()
        event.acceptProposedAction()

    # -- checking ---------------------------------------------------------------------------------
    def _inputs(self) -> tuple[Path, str | None, bytes | None] | None:
        """The bundle, fingerprint and trusted roots, or None after saying what is wrong."""
        for error in (self.bundle_error, self.fingerprint_error, self.root_error):
            error.set_message("")
        bundle = typed_path(self.bundle_edit.text())
        if bundle is None:
            self.bundle_error.set_message(self.tr(
                "Choose the bundle first: press “Choose bundle…” or paste its path."))
            self.bundle_edit.setFocus()
            return None
        if not bundle.is_file():
            self.bundle_error.set_message(self.tr(
                "There is no file {path}. Check the path (was the download finished?) or "
                "press “Choose bundle…”.").format(path=bundle))
            self.bundle_edit.setFocus()
            return None
        fingerprint = self.fingerprint_edit.text().strip() or None
        if fingerprint is not None and normalise_fingerprint(fingerprint) is None:
            digits = sum(ch.isalnum() for ch in fingerprint)
            self.fingerprint_error.set_message(self.tr(
                "A fingerprint has 64 hexadecimal digits (0–9, A–F), colons or spaces "
                "between them optional; this one has {count} letters or digits. Ask the unit "
                "to read it again, or leave the field empty.").format(count=digits))
            self.fingerprint_edit.setFocus()
            return None
        readable, trust_pem = self._trust_roots()
        if not readable:
            return None
        return bundle, fingerprint, trust_pem

    def _trust_roots(self) -> tuple[bool, bytes | None]:
        """(False, None) after saying what is wrong with the chosen root certificate, else
        (True, its bytes or None when none is chosen)."""
        root = typed_path(self.root_edit.text())
        if root is None:
            return True, None
        try:
            with root.open("rb") as handle:
                data = handle.read(MAX_TRUST_FILE_BYTES + 1)
        except OSError as exc:
            self.root_error.set_message(self.tr(
                "The root certificate {file} cannot be read ({reason}). Check the path, or "
                "leave the field empty.").format(file=root.name, reason=exc.strerror or exc))
            return False, None
        try:
            if len(data) > MAX_TRUST_FILE_BYTES:
                raise ValueError("too large for a certificate")
            load_trust_roots(data)
        except ValueError:
            self.root_error.set_message(self.tr(
                "{file} is not a certificate file (PEM or DER, usually .pem, .cer or .crt). "
                "Ask the certification authority for its root certificate.").format(
                    file=root.name))
            return False, None
        return True, data

    def run_check(self) -> None:
        """Check the bundle in the fields on the worker thread (nothing if one is running)."""
        if self._future is not None:
            return
        inputs = self._inputs()
        if inputs is None:
            return
        bundle, fingerprint, trust_pem = inputs
        self._bundle_path = bundle
        self.check_button.setEnabled(False)
        self.copy_button.setEnabled(False)
        self.status.setText(self.tr("Checking {file}…").format(file=bundle.name))
        self._future = self._executor.submit(
            verify_bundle, bundle, trust_pem=trust_pem, fingerprint=fingerprint,
            now=datetime.now(UTC))
        self._poll.start()

    def _collect(self) -> None:
        future = self._future
        if future is None or not future.done():
            return
        self._poll.stop()
        self._future = None
        self.check_button.setEnabled(True)
        self.status.setText("")
        try:
            verdict = future.result()
        except Exception as exc:  # verify_bundle never raises on content; this is the machine
            self.status.setText(self.tr(
                "The check could not run ({reason}). Close this window and try again; if it "
                "happens again, call IT support.").format(reason=type(exc).__name__))
            return
        self.show_verdict(verdict)

    def wait_for_check(self, timeout: float = 30.0) -> None:
        """Block until the running check is shown (tests; the GUI polls instead)."""
        if self._future is not None:
            self._future.result(timeout=timeout)
            self._collect()

    # -- the verdict ------------------------------------------------------------------------------
    def _headline(self, verdict: Verdict, state: str) -> str:
        if state == GOOD:
            return self.tr("The bundle is valid — complete and unchanged since it was signed, "
                           "and the signer is identified.")
        if state == UNTRUSTED:
            return self.tr(
                "The files are intact, but the signer is NOT identified yet — call the unit "
                "and compare the certificate's fingerprint\n{fingerprint}\nwith the one they "
                "read to you, then type it in the Fingerprint field and check again.").format(
                    fingerprint=grouped_fingerprint(verdict.signer_fingerprint or ""))
        failed = verdict.failed()
        names = sorted({str(c.params["name"]) for c in failed if c.params.get("name")})
        if names:
            return self.tr(
                "The bundle is NOT valid — {count} check(s) failed, concerning {files}. Do not "
                "use it before clearing it up with the unit.").format(
                    count=len(failed), files=", ".join(names))
        return self.tr("The bundle is NOT valid — {count} check(s) failed (marked ✗ below). Do "
                       "not use it before clearing it up with the unit.").format(
                           count=len(failed))

    def _summary(self, verdict: Verdict) -> list[tuple[str, str]]:
        manifest = verdict.manifest
        if manifest is None:
            return []
        facts = manifest.fields
        rows = [
            (self.tr("Unit"), self.tr("{name} (code {code})").format(
                name=facts.unit_name, code=facts.unit_code)),
            (self.tr("Period"), facts.period.title),
            (self.tr("Version"), str(facts.version) if facts.version == 1 else self.tr(
                "{version} (replaces version {previous})").format(
                    version=facts.version, previous=facts.version - 1)),
            (self.tr("Forms"), self.tr("{forms} ({active} counted, {void} void)").format(
                forms=format_count(facts.counts.forms), active=format_count(facts.counts.active),
                void=format_count(facts.counts.void))),
        ]
        signer = next((c for c in verdict.checks if c.code == "cms_ok"), None)
        if signer is not None:
            who = str(signer.params.get("signer", ""))
            if signer.params.get("self_signed"):
                who = self.tr("{signer} (the unit's self-signed certificate)").format(signer=who)
            rows.append((self.tr("Signed by"), who))
        if verdict.signer_fingerprint:
            rows.append((self.tr("Certificate fingerprint"),
                         grouped_fingerprint(verdict.signer_fingerprint)))
        rows.append((self.tr("Signed at"), manifest.created_at.strftime("%d/%m/%Y %H:%M:%S")))
        if facts.version > 1:
            rows.append((self.tr("Changes since version {previous}").format(
                previous=facts.version - 1), "\n".join(facts.changes)))
        return rows

    def show_verdict(self, verdict: Verdict) -> None:
        self.verdict = verdict
        self.state = verdict_state(verdict)
        self.headline_text = self._headline(verdict, self.state)
        self.summary_rows = self._summary(verdict)
        # What failed first, so it is in view without scrolling; otherwise the verifier's order.
        ordered = sorted(verdict.checks, key=lambda c: c.status != FAIL)
        self.check_rows = [(self._shown_status(c), check_sentence(c, screen=True))
                           for c in ordered]
        text_colour, background = BANNER_COLOURS[self.state]
        self.headline.setText(self.headline_text)
        set_text_colour(self.headline, text_colour)
        set_background(self.banner, background)
        self.banner.show()
        self.results.setHtml(self._results_html())
        self.copy_button.setEnabled(True)

    def _shown_status(self, check: Check) -> str:
        """A check's status as shown: "not identified yet" is a caution in the amber verdict,
        not a failure like a changed file."""
        return UNTRUSTED if self.state == UNTRUSTED and check.status == FAIL else check.status

    def _results_html(self) -> str:
        summary = self._summary_html()
        checks = self._checks_html()
        # A valid bundle is read for its contents; any other for what is wrong with it.
        return summary + checks if self.state == GOOD else checks + summary

    def _summary_html(self) -> str:
        parts = []
        if self.summary_rows:
            caution = "" if self.state == GOOD else " " + self.tr(
                "(as the bundle states it: trustworthy only when the bundle is valid)")
            title = self.tr("What the bundle contains")
            parts.append(f"<h3>{html.escape(title)}"
                         f"<span style='font-weight:normal; color:{MUTED}'>"
                         f"{html.escape(caution)}</span></h3><table cellpadding='2'>")
            for label, value in self.summary_rows:
                shown = html.escape(value).replace("\n", "<br>")
                parts.append(f"<tr><td style='color:{MUTED}; padding-right:12px'>"
                             f"{html.escape(label)}</td><td>{shown}</td></tr>")
            parts.append("</table>")
        return "".join(parts)

    def _checks_html(self) -> str:
        parts = []
        checks_title = self.tr("Checks")
        parts.append(f"<h3>{html.escape(checks_title)}</h3><table cellpadding='2'>")
        for status, sentence in self.check_rows:
            colour = LINE_COLOURS.get(status, MUTED)
            weight = "normal" if status == PASS else "bold"
            parts.append(f"<tr><td style='color:{colour}; font-weight:bold; padding-right:6px'>"
                         f"{MARKS.get(status, '–')}</td><td style='color:{colour}; "
                         f"font-weight:{weight}'>{html.escape(sentence)}</td></tr>")
        parts.append("</table>")
        return "".join(parts)

    def result_text(self) -> str:
        """The verdict as plain text (what "Copy the result" puts on the clipboard)."""
        if self.verdict is None:
            return ""
        lines = [self.tr("Check of {file}, {moment}").format(
            file=self._bundle_path.name if self._bundle_path else "",
            moment=datetime.now().strftime("%d/%m/%Y %H:%M")), self.headline_text, ""]
        lines += [f"{label}: {value.replace(chr(10), '; ')}" for label, value in self.summary_rows]
        if self.summary_rows:
            lines.append("")
        lines += [f"{MARKS.get(status, '–')} {sentence}" for status, sentence in self.check_rows]
        return "\n".join(lines)

    def copy_result(self) -> None:
        QGuiApplication.clipboard().setText(self.result_text())
        self.status.setText(self.tr("The result is on the clipboard: paste it into a message "
                                    "or a document."))

    # -- closing ----------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self._poll.stop()
        self._executor.shutdown(wait=True)  # a running check ends within a second
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._poll.stop()
        self._executor.shutdown(wait=True)
        super().closeEvent(event)
