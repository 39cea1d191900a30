"""The export dialog: period and pre-flight checks, signing with a .p12 file or a USB token,
the done page, the export history, refusals, and the self-signed certificate dialog.

Bundles are checked by the verifier and by hashing the files written, not by the dialog's own
words; the certificate fingerprint is recomputed from the .p12 with cryptography.
"""

from __future__ import annotations

import errno
import hashlib
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from app.bundle.errors import BundleError
from app.bundle.manifest import VIETNAM_TZ
from app.bundle.signers import create_self_signed, fingerprint
from app.domain.entry import FormEntry
from app.domain.periods import Period
from app.domain.questionnaire import QuestionKind
from app.services import export_bundle
from app.services.keying import KeyingService
from app.services.workspace import Workspace
from app.ui import cert_dialog as cert_module
from app.ui.cert_dialog import SelfSignedCertificateDialog
from app.ui.export_dialog import (
    FOLDER_KEY,
    P12_PATH_KEY,
    ExportDialog,
    ExportHistoryModel,
    bundle_error_text,
)
from tests.softhsm import Token, softhsm  # noqa: F401 (the fixture)
from tests.ui.workspaces import UNIT_NAME, set_up_workspace

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 10, 5, 9, 30)  # the third quarter is over, the fourth has just begun
PASSWORD = "khau-2026-Nam-Dong"  # ASCII: typed with keyClicks
Q3 = Period(2026, 3)
Q4 = Period(2026, 4)
# The signing time as the service records it: the PC's clock is local time, shown in Vietnam time.
SIGNED_AT = NOW.astimezone().astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M")
Q3_DAYS = (date(2026, 7, 6), date(2026, 8, 12), date(2026, 9, 9), date(2026, 9, 30))


@pytest.fixture(autouse=True)
def _in_vietnamese(vietnamese: None) -> None:
    """Every test here reads the shipped Vietnamese sentences."""


@pytest.fixture(scope="module")
def p12(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The unit's self-signed certificate, valid from 1 January 2026; (path, fingerprint)."""
    path = tmp_path_factory.mktemp("cert") / "unit.p12"
    start = datetime(2026, 1, 1, 8, 0, tzinfo=VIETNAM_TZ)
    fp = create_self_signed(UNIT_NAME, "12345", PASSWORD, path, days=3650, not_before=start)
    return path, fp


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Four forms keyed in the third quarter of 2026, none in the fourth."""
    ws = set_up_workspace(tmp_path / "data", lambda: NOW, place_name="Nam Đông",
                          signer_name="Lê Văn Hùng", recipient_name="Sở Nội vụ tỉnh Huế")
    q = ws.keying_questionnaire()
    for serial, day in enumerate(Q3_DAYS, start=1):
        answers = {question.code: 4 if question.kind is QuestionKind.RATING else 1
                   for question in q.questions}
        saved = KeyingService(ws, "Lan").save(FormEntry(q, serial=serial, survey_date=day,
                                                        answers=answers))
        assert not isinstance(saved, list), saved
    yield ws
    ws.close()


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "gui-di"
    folder.mkdir()
    return folder


def open_dialog(qtbot, ws: Workspace, out: Path, p12: Path | None = None) -> ExportDialog:  # type: ignore[no-untyped-def]
    if p12 is not None:
        ws.store.set_value(P12_PATH_KEY, str(p12))
    ws.store.set_value(FOLDER_KEY, str(out))
    dialog = ExportDialog(ws, "Lan")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def sign(qtbot, dialog: ExportDialog) -> None:  # type: ignore[no-untyped-def]
    assert dialog.sign_button.isEnabled()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- the period and the checks ------------------------------------------------------------------
def test_the_current_quarter_is_chosen_and_a_blocker_stops_signing(qtbot, ws, out) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ws, out)
    assert dialog.current_period() == Q4
    assert dialog.period_combo.currentText() == "Quý IV năm 2026"
    assert dialog.issue_lines[0][0] == "blocker"
    blocker = dialog.issue_lines[0][1]
    assert "Quý IV năm 2026 chưa có phiếu nào" in blocker and "(F2)" in blocker
    assert not dialog.sign_button.isEnabled()
    shown = dialog.findChild(type(dialog.facts_label), "export_issue_0")
    assert shown is not None and shown.text().startswith("✗ Phải xử lý:")


def test_the_pre_flight_warnings_of_a_period_are_shown_before_signing(qtbot, ws, out) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ws, out)
    dialog.select_period(Q3)
    assert dialog.sign_button.isEnabled()
    assert dialog.facts_label.text().startswith("Từ 01/07/2026 đến 30/09/2026 · 4 phiếu")
    assert "lần xuất này là bản 1" in dialog.facts_label.text()
    warnings = dict(dialog.issue_lines)
    assert list(warnings) == ["warning"]
    assert "Mới có 4 phiếu được tính, chưa đạt chỉ tiêu của kỳ (105 phiếu)" in warnings["warning"]
    assert not dialog.changes_edit.isVisible()


# -- signing with a .p12 ------------------------------------------------------------------------
def test_a_successful_export_writes_both_files_and_shows_them_and_the_history(  # type: ignore[no-untyped-def]
        qtbot, ws, out, p12, monkeypatch) -> None:
    path, fp = p12
    dialog = open_dialog(qtbot, ws, out, path)
    dialog.select_period(Q3)
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    sign(qtbot, dialog)

    assert dialog.status_label.text() == ""
    assert files_in(out) == ["12345_2026-Q3_v1.zip", "12345_2026-Q3_v1_bao-cao-ky-so.pdf"]
    bundle = out / "12345_2026-Q3_v1.zip"
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    assert dialog.pages.currentWidget() is dialog.done_page
    assert dialog.done_zip.text() == str(bundle)
    assert dialog.done_pdf.text() == str(out / "12345_2026-Q3_v1_bao-cao-ky-so.pdf")
    assert dialog.done_sha.text() == digest
    assert dialog.done_fingerprint.text().replace("\n", "") == fp
    assert "TỰ KÝ" in dialog.done_certificate.text()
    howto = dialog.howto_label.text()
    assert "Văn bản chính: báo cáo đã ký số 12345_2026-Q3_v1_bao-cao-ky-so.pdf" in howto
    assert "Tệp đính kèm: gói 12345_2026-Q3_v1.zip" in howto
    assert "quý III năm 2026" in howto and "Nơi nhận: Sở Nội vụ tỉnh Huế" in howto

    from app.bundle.verifier import verify_bundle

    verdict = verify_bundle(bundle, fingerprint=fp, now=NOW.astimezone() + timedelta(hours=1))
    assert verdict.ok, [c for c in verdict.checks if c.status != "pass"]

    dialog.copy_sha256()
    assert QGuiApplication.clipboard().text() == digest
    opened: list[Path] = []
    monkeypatch.setattr(dialog, "open_folder", lambda folder: opened.append(folder) or True)
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [out]

    # The history: one row; the whole hash and the fingerprint in the tooltips.
    model = dialog.history_model
    assert model.rowCount() == 1
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert cells[:4] == ["Quý III năm 2026", "1", SIGNED_AT, "12345_2026-Q3_v1.zip"]
    assert cells[ExportHistoryModel.SHA256] == digest[:12] + "…"
    assert cells[ExportHistoryModel.CERTIFICATE] == f"{UNIT_NAME} (tự ký)"
    assert cells[ExportHistoryModel.OPERATOR] == "Lan"
    assert digest in model.index(0, ExportHistoryModel.SHA256).data(Qt.ItemDataRole.ToolTipRole)
    assert fp in model.index(0, ExportHistoryModel.CERTIFICATE).data(
        Qt.ItemDataRole.ToolTipRole)
    dialog.tabs.setCurrentIndex(1)
    view = dialog.history_view
    rect = view.visualRect(model.index(0, 0))
    opened.clear()
    # A real double-click: press and release, then the double-click event.
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [out]
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert opened == [out, out]

    # Back on the form, the period exported with nothing changed since is blocked.
    dialog.tabs.setCurrentIndex(0)
    qtbot.mouseClick(dialog.again_button, Qt.MouseButton.LeftButton)
    assert dialog.issue_lines[0][0] == "blocker"
    assert f"đã được xuất bản 1 lúc {SIGNED_AT}" in dialog.issue_lines[0][1]
    assert not dialog.sign_button.isEnabled()


def test_version_two_shows_the_change_list_and_is_exported_with_it(  # type: ignore[no-untyped-def]
        qtbot, ws, out, p12) -> None:
    from app.bundle.signers import P12Signer
    from app.services.forms import void_form
    from app.storage.repository import FormFilter

    path, _fp = p12
    with P12Signer.open(path, PASSWORD) as signer:
        export_bundle.run_export(ws, Q3, out, signer, "Lan")
    first = ws.store.list_forms(FormFilter(date_from=Q3.start, date_to=Q3.end))[0][0]
    assert first.id is not None
    void_form(ws, first.id, "Lan", "phiếu ghi trùng")

    dialog = open_dialog(qtbot, ws, out, path)
    dialog.select_period(Q3)
    assert "lần xuất này là bản 2" in dialog.facts_label.text()
    assert "Đã xuất trước đây: bản 1" in dialog.facts_label.text()
    new_version = [text for severity, text in dialog.issue_lines if "lần này là bản 2" in text]
    assert new_version and "với 1 thay đổi" in new_version[0]
    assert dialog.changes_edit.isVisible()
    assert dialog.changes_label.text() == "Thay đổi so với bản 1 (1 dòng, được ghi vào gói):"
    assert "hủy · lý do: phiếu ghi trùng" in dialog.changes_edit.toPlainText()
    assert dialog.sign_button.isEnabled()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    sign(qtbot, dialog)
    assert dialog.result is not None and dialog.result.record.version == 2
    assert dialog.done_title.text().startswith("✓ Đã ký và xuất Quý III năm 2026: bản 2.")
    assert "thay thế bản 1" in dialog.howto_label.text()
    model = dialog.history_model
    assert [model.index(r, ExportHistoryModel.VERSION).data() for r in range(2)] == ["2", "1"]
    assert model.index(0, ExportHistoryModel.CHANGES).data() == "1"
    assert model.index(0, ExportHistoryModel.FORMS).data() == "4 (1 hủy)"


def test_the_password_is_cleared_and_never_stored(qtbot, ws, out, p12) -> None:  # type: ignore[no-untyped-def]
    path, _fp = p12
    dialog = open_dialog(qtbot, ws, out, path)
    dialog.select_period(Q3)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    sign(qtbot, dialog)
    assert dialog.result is not None
    assert dialog.password_edit.text() == ""
    assert PASSWORD not in repr(vars(dialog))
    assert ws.store.get_value(P12_PATH_KEY) == str(path)
    assert ws.store.get_value(FOLDER_KEY) == str(out)
    dialog.close()
    ws.store.close()  # the WAL is folded into the file: every byte is on disk
    secret = PASSWORD.encode()
    for file in [*ws.data_dir.rglob("*"), *out.iterdir()]:
        if file.is_file():
            assert secret not in file.read_bytes(), file


def test_a_wrong_password_is_said_and_nothing_is_written(qtbot, ws, out, p12) -> None:  # type: ignore[no-untyped-def]
    path, _fp = p12
    dialog = open_dialog(qtbot, ws, out, path)
    dialog.select_period(Q3)
    qtbot.keyClicks(dialog.password_edit, "not-the-password")
    sign(qtbot, dialog)
    assert "Sai mật khẩu của tệp chứng thư" in dialog.status_label.text()
    assert "Chưa ghi tệp nào" in dialog.status_label.text()
    assert files_in(out) == []
    assert export_bundle.history(ws) == []
    assert dialog.pages.currentWidget() is dialog.form_page
    # The form stays as it was; only the password is to be typed again.
    assert dialog.current_period() == Q3
    assert dialog.p12_edit.text() == str(path)
    assert dialog.folder_edit.text() == str(out)
    assert dialog.password_edit.text() == ""
    assert dialog.password_edit.hasFocus()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    sign(qtbot, dialog)
    assert dialog.result is not None and len(files_in(out)) == 2


def test_an_existing_file_is_never_overwritten(qtbot, ws, out, p12) -> None:  # type: ignore[no-untyped-def]
    path, _fp = p12
    earlier = out / "12345_2026-Q3_v1.zip"
    earlier.write_bytes(b"an earlier file the clerk keeps")
    dialog = open_dialog(qtbot, ws, out, path)
    dialog.select_period(Q3)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    sign(qtbot, dialog)
    assert f"Tệp {earlier} đã có" in dialog.status_label.text()
    assert earlier.read_bytes() == b"an earlier file the clerk keeps"
    assert files_in(out) == [earlier.name]
    assert export_bundle.history(ws) == []


def test_a_full_disk_is_said_in_words_and_the_form_stays(  # type: ignore[no-untyped-def]
        qtbot, ws, out, p12, monkeypatch) -> None:
    path, _fp = p12
    target = out / "12345_2026-Q3_v1.zip"

    def disk_full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        yield export_bundle.ExportProgress(0, 4, "report")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(export_bundle, "export_bundle", disk_full)
    dialog = open_dialog(qtbot, ws, out, path)
    dialog.select_period(Q3)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    sign(qtbot, dialog)
    text = dialog.status_label.text()
    assert text.startswith(f"Chưa xuất: không ghi được {target} (ổ đĩa đã đầy).")
    assert dialog.current_period() == Q3 and dialog.p12_edit.text() == str(path)
    assert dialog.sign_button.isEnabled() and dialog.progress_box.isHidden()


def test_missing_inputs_are_asked_for_before_anything_runs(qtbot, ws, out) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ws, out)
    dialog.select_period(Q3)
    sign(qtbot, dialog)
    assert "Hãy chọn tệp chứng thư" in dialog.status_label.text()
    assert dialog.p12_edit.hasFocus()
    dialog.p12_edit.setText(str(out / "unit.p12"))
    sign(qtbot, dialog)
    assert dialog.status_label.text() == "Hãy nhập mật khẩu của tệp chứng thư."
    assert files_in(out) == []


def test_every_signing_refusal_has_vietnamese_words() -> None:
    from app.commands.bundle import ERROR_MESSAGES

    documented = re.search(r"## Refusal codes when signing.*?\n(.*?)\nVietnamese wording",
                           (ROOT / "docs" / "bundle.md").read_text(encoding="utf-8"), re.S)
    assert documented is not None
    codes = set(re.findall(r"`([a-z0-9_]+)`", documented.group(1))) | set(ERROR_MESSAGES)
    fallback = bundle_error_text(BundleError("no_such_code"))
    assert "no_such_code" in fallback
    params = {"path": "C:\\tệp.p12", "label": "VNPT", "reason": "x", "name": "a", "keys": "k",
              "available": "VNPT", "minimum": 8, "days": 9000, "not_after": "t", "at": "t",
              "not_before": "t", "pages": 2, "page": 3, "version": 2}
    for code in sorted(codes):
        text = bundle_error_text(BundleError(code, **params))
        assert text != fallback.replace("no_such_code", code), code
        assert "{" not in text, (code, text)
        assert re.search("[ạảãấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏõốồổỗộớờởỡợụủũứừửữựỳỷỹýđ]", text), code


def test_the_history_model_is_a_sound_qt_model(qtmodeltester, ws, out, p12) -> None:  # type: ignore[no-untyped-def]
    from app.bundle.signers import P12Signer

    path, _fp = p12
    with P12Signer.open(path, PASSWORD) as signer:
        export_bundle.run_export(ws, Q3, out, signer, "Lan")
    model = ExportHistoryModel(export_bundle.history(ws))
    qtmodeltester.check(model)
    assert model.index(0, ExportHistoryModel.FORMS).data() == "4"


# -- the USB token (SoftHSM2) -------------------------------------------------------------------
def test_signing_with_a_usb_token_wrong_pin_then_the_right_one(  # type: ignore[no-untyped-def]
        qtbot, ws, out, softhsm: Token) -> None:  # noqa: F811 (the fixture)
    dialog = open_dialog(qtbot, ws, out)
    dialog.select_period(Q3)
    dialog.token_radio.setChecked(True)
    dialog.module_edit.setText(str(softhsm.module))
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    labels = [t.label for t in dialog.tokens]
    assert softhsm.label in labels
    dialog.token_combo.setCurrentIndex(labels.index(softhsm.label))
    assert dialog.token_note.text().startswith(("Token sẵn sàng", "Gần đây token này"))
    assert ws.require_settings().pkcs11_module == str(softhsm.module)  # kept for next time

    qtbot.keyClicks(dialog.pin_edit, "0000-wrong")
    sign(qtbot, dialog)
    assert f"Sai mã PIN của USB token \u201c{softhsm.label}\u201d" in dialog.status_label.text()
    assert files_in(out) == []
    assert dialog.pin_edit.text() == "" and dialog.pin_edit.hasFocus()

    qtbot.keyClicks(dialog.pin_edit, softhsm.pin)
    sign(qtbot, dialog)
    assert dialog.result is not None, dialog.status_label.text()
    assert dialog.result.record.certificate_fingerprint == softhsm.fingerprint
    assert len(files_in(out)) == 2


# -- the self-signed certificate ----------------------------------------------------------------
def type_passwords(dialog: SelfSignedCertificateDialog, first: str, second: str) -> None:
    dialog.password_edit.setText(first)
    dialog.repeat_edit.setText(second)


def test_the_self_signed_certificate_dialog(qtbot, ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.serialization import pkcs12

    dialog = SelfSignedCertificateDialog(ws, folder=tmp_path)
    qtbot.addWidget(dialog)
    target = tmp_path / "chung-thu-tu-ky-12345.p12"
    assert dialog.path_edit.text() == str(target)

    type_passwords(dialog, "mot-hai-ba-4", "mot-hai-ba-5")
    dialog.create()
    assert "Hai lần nhập mật khẩu không giống nhau" in dialog.error_label.text()
    type_passwords(dialog, "ngan", "ngan")
    dialog.create()
    assert dialog.error_label.text() == "Mật khẩu phải có ít nhất 8 ký tự."
    assert not target.exists() and dialog.created_path is None

    type_passwords(dialog, "mot-hai-ba-4", "mot-hai-ba-4")
    dialog.create()
    assert dialog.created_path == target and target.is_file()
    assert dialog.password_edit.text() == "" and dialog.repeat_edit.text() == ""
    _key, certificate, _ = pkcs12.load_key_and_certificates(target.read_bytes(),
                                                            b"mot-hai-ba-4")
    assert certificate is not None
    expected = fingerprint(certificate)
    assert dialog.fingerprint == expected
    assert dialog.fingerprint_label.text().replace("\n", "") == expected
    assert "TỰ KÝ" in dialog.result_title.text()
    assert dialog.fingerprint_label.textInteractionFlags() \
        & Qt.TextInteractionFlag.TextSelectableByMouse
    assert dialog.fingerprint_label.font().pointSizeF() > dialog.font().pointSizeF()

    # A second one never replaces the first: the next free name is proposed.
    again = SelfSignedCertificateDialog(ws, folder=tmp_path)
    qtbot.addWidget(again)
    assert again.path_edit.text() == str(tmp_path / "chung-thu-tu-ky-12345-2.p12")
    again.path_edit.setText(str(target))
    type_passwords(again, "mot-hai-ba-4", "mot-hai-ba-4")
    again.create()
    assert f"Tệp {target} đã có" in again.error_label.text()
    assert fingerprint(pkcs12.load_key_and_certificates(
        target.read_bytes(), b"mot-hai-ba-4")[1]) == expected  # type: ignore[arg-type]


def test_a_certificate_made_from_the_export_dialog_is_chosen_for_signing(  # type: ignore[no-untyped-def]
        qtbot, ws, out, monkeypatch) -> None:
    def make_and_close(self: SelfSignedCertificateDialog) -> int:
        type_passwords(self, PASSWORD, PASSWORD)
        self.create()
        return 1

    monkeypatch.setattr(cert_module.SelfSignedCertificateDialog, "exec", make_and_close)
    monkeypatch.setattr(ExportDialog, "default_folder", lambda self: out)
    dialog = open_dialog(qtbot, ws, out)
    dialog.select_period(Q3)
    qtbot.mouseClick(dialog.self_signed_button, Qt.MouseButton.LeftButton)
    made = out / "chung-thu-tu-ky-12345.p12"
    assert dialog.p12_edit.text() == str(made) and made.is_file()
    assert ws.store.get_value(P12_PATH_KEY) == str(made)
    assert dialog.password_edit.hasFocus()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    sign(qtbot, dialog)
    assert dialog.result is not None and dialog.result.record.self_signed


# -- the setting ---------------------------------------------------------------------------------
def test_the_token_library_is_a_unit_setting(qtbot, ws) -> None:  # type: ignore[no-untyped-def]
    from app.domain.settings import UnitSettings
    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ws, "Lan")
    qtbot.addWidget(dialog)
    assert "pkcs11_module" in dialog.form.section_keys("signing")
    dialog.form.pkcs11_module.setText("  C:\\Windows\\System32\\eTPKCS11.dll ")
    dialog.accept()
    saved = ws.require_settings()
    assert saved.pkcs11_module == "C:\\Windows\\System32\\eTPKCS11.dll"
    assert UnitSettings.from_dict(saved.to_dict()) == saved


def test_an_unchanged_period_is_exported_again_only_with_a_reason(  # type: ignore[no-untyped-def]
        qtbot, ws, out, p12) -> None:
    from app.bundle.signers import P12Signer

    path, _fp = p12
    with P12Signer.open(path, PASSWORD) as signer:
        export_bundle.run_export(ws, Q3, out, signer, "Lan")
    (out / "12345_2026-Q3_v1.zip").unlink()  # the file sent earlier is lost

    dialog = open_dialog(qtbot, ws, out, path)
    dialog.select_period(Q3)
    assert dialog.issue_lines[0][0] == "blocker"
    assert "ghi lý do vào ô dưới đây để xuất lại" in dialog.issue_lines[0][1]
    assert dialog.reissue_edit.isVisible() and not dialog.sign_button.isEnabled()
    qtbot.keyClicks(dialog.reissue_edit, "   ")
    assert not dialog.sign_button.isEnabled()  # blanks are no reason
    dialog.reissue_edit.clear()
    for ch in "Tệp cũ bị mất":
        QTest.sendKeyEvent(QTest.KeyAction.Click, dialog.reissue_edit, Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)
    assert dialog.sign_button.isEnabled()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    sign(qtbot, dialog)
    assert dialog.result is not None and dialog.result.record.version == 2
    assert dialog.result.changes[-1].endswith(
        "xuất lại bản 1 (số liệu không đổi) · lý do: Tệp cũ bị mất")
    assert dialog.reissue_edit.text() == ""
