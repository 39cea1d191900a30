"""The Verify screen on bundles made by the real export service: green with the fingerprint or
root pinned, amber without trust, red naming the file for a tampered bundle; bad input is said
under its field and nothing is checked; the bundle file is only read."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette

from app.bundle.manifest import AUDIT_LOG, DATA_CSV
from app.bundle.verifier import FAIL, PASS
from app.ui.style import ERROR, OK, WARNING
from app.ui.verify_dialog import GOOD, UNTRUSTED, VerifyDialog
from tests.bundle.conftest import flip_byte, rezip
from tests.bundle.exported import PASSWORD, ExportedBundle, export_quarter, resigned


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> ExportedBundle:
    return export_quarter(tmp_path_factory.mktemp("exported"))



@pytest.fixture
def dialog(qtbot, vietnamese: None) -> VerifyDialog:
    widget = VerifyDialog()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _check(qtbot, dialog: VerifyDialog, bundle: Path | str,
           fingerprint: str = "", root: Path | None = None) -> None:
    dialog.bundle_edit.setText(str(bundle))
    dialog.fingerprint_edit.setText(fingerprint)
    dialog.root_edit.setText(str(root) if root else "")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.verdict is not None, timeout=30_000)


def _banner_colour(dialog: VerifyDialog) -> str:
    return dialog.headline.palette().color(QPalette.ColorRole.WindowText).name()


def test_a_good_bundle_with_the_pinned_fingerprint_is_green(
        qtbot, dialog: VerifyDialog, exported: ExportedBundle,
        tmp_path: Path) -> None:
    before = hashlib.sha256(exported.path.read_bytes()).hexdigest()
    # typed as a clerk might: lower case, spaces instead of colons, quoted path
    typed = exported.fingerprint.lower().replace(":", " ")
    _check(qtbot, dialog, f'"{exported.path}"', typed)
    assert dialog.state == GOOD and dialog.verdict is not None and dialog.verdict.ok
    assert dialog.headline_text.startswith("Gói hợp lệ — ")
    assert _banner_colour(dialog) == OK
    summary = dict(dialog.summary_rows)
    assert summary["Đơn vị"] == "Ủy ban nhân dân xã Nam Đông (mã 10234)"
    assert summary["Kỳ báo cáo"] == "quý III năm 2026"
    assert summary["Bản"] == "1"
    assert summary["Số phiếu"] == "12 (11 phiếu tính, 1 phiếu hủy)"
    assert summary["Thời gian ký"] == "05/10/2026 09:30:00"
    assert "chứng thư tự ký" in summary["Người ký"]
    assert {status for status, _ in dialog.check_rows} == {PASS}
    assert any(s.startswith("Nhật ký thay đổi nhat-ky.jsonl: ") for _, s in dialog.check_rows)
    assert any(s.startswith("Dấu vân tay chứng thư khớp") for _, s in dialog.check_rows)
    assert "Nhật ký thay đổi nhat-ky.jsonl" in dialog.results.toPlainText()
    assert hashlib.sha256(exported.path.read_bytes()).hexdigest() == before  # only read
    dialog.grab().save(str(tmp_path / "verify-good.png"))


def test_the_unit_certificate_as_root_is_green_too(qtbot, dialog: VerifyDialog,
                                                   exported: ExportedBundle,
                                                   tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    _, certificate, _ = pkcs12.load_key_and_certificates(exported.p12.read_bytes(),
                                                         PASSWORD.encode())
    assert certificate is not None
    root = tmp_path / "goc.cer"
    root.write_bytes(certificate.public_bytes(Encoding.DER))
    _check(qtbot, dialog, exported.path, root=root)
    assert dialog.state == GOOD
    assert any("chứng thư gốc đã chọn" in s for _, s in dialog.check_rows)


def test_without_trust_the_verdict_is_amber_with_the_fingerprint_to_compare(
        qtbot, dialog: VerifyDialog, exported: ExportedBundle) -> None:
    _check(qtbot, dialog, exported.path)
    assert dialog.state == UNTRUSTED
    assert _banner_colour(dialog) == WARNING
    assert dialog.headline_text.startswith("Các tệp nguyên vẹn nhưng CHƯA XÁC ĐỊNH người ký")
    groups = exported.fingerprint.split(":")
    assert ":".join(groups[:8]) in dialog.headline_text  # grouped so it wraps and reads aloud
    status, sentence = dialog.check_rows[0]  # the caution first, in amber, not as a failure
    assert status == UNTRUSTED and sentence.startswith("CHƯA XÁC ĐỊNH người ký")
    assert "ô \"Dấu vân tay\"" in sentence and "--fingerprint" not in sentence
    assert all(s == PASS for s, _ in dialog.check_rows[1:])


def test_a_tampered_bundle_is_red_and_names_the_file(
        qtbot, dialog: VerifyDialog, exported: ExportedBundle,
        tmp_path: Path) -> None:
    members = exported.members()
    members[DATA_CSV] = flip_byte(members[DATA_CSV])
    tampered = rezip(members, tmp_path / "10234_2026-Q3_v1.zip")
    _check(qtbot, dialog, tampered, exported.fingerprint)
    assert dialog.state == "bad"
    assert _banner_colour(dialog) == ERROR
    assert dialog.headline_text.startswith("Gói KHÔNG hợp lệ — ")
    assert DATA_CSV in dialog.headline_text
    status, sentence = dialog.check_rows[0]  # failures first, in view without scrolling
    assert (status, sentence) == (FAIL, "du-lieu-phieu.csv: mã băm SHA-256 KHÔNG khớp: tệp đã"
                                        " bị sửa sau khi ký.")
    assert dialog.results.toPlainText().index("Các mục kiểm tra") < \
        dialog.results.toPlainText().index("Nội dung gói")
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert dialog.headline_text in copied
    assert "✗ du-lieu-phieu.csv: mã băm SHA-256 KHÔNG khớp" in copied
    assert "10234_2026-Q3_v1.zip" in copied.splitlines()[0]
    dialog.grab().save(str(tmp_path / "verify-tampered.png"))


def test_an_audit_log_edited_before_signing_is_red(qtbot, dialog: VerifyDialog,
                                                   exported: ExportedBundle,
                                                   tmp_path: Path) -> None:
    records = [json.loads(line) for line in exported.members()[AUDIT_LOG].splitlines()]
    records[2]["operator"] = "Người khác"
    edited = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    bundle = resigned(exported, {AUDIT_LOG: edited.encode()}, tmp_path / "edited.zip")
    _check(qtbot, dialog, bundle, exported.fingerprint)
    assert dialog.state == "bad" and AUDIT_LOG in dialog.headline_text
    assert dialog.check_rows[0][1].startswith(
        f"Nhật ký thay đổi nhat-ky.jsonl KHÔNG liền mạch ở mục số {records[2]['id']}")


def test_bad_input_is_said_under_its_field_and_nothing_is_checked(
        qtbot, dialog: VerifyDialog, exported: ExportedBundle,
        tmp_path: Path) -> None:
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.bundle_error.isVisible() and "Chọn gói" in dialog.bundle_error.text()
    dialog.bundle_edit.setText(str(tmp_path / "chua-tai-xong.zip"))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "Không có tệp" in dialog.bundle_error.text()
    dialog.bundle_edit.setText(str(exported.path))
    dialog.fingerprint_edit.setText(exported.fingerprint[:-3])
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert not dialog.bundle_error.isVisible()
    assert "64 chữ số hệ 16" in dialog.fingerprint_error.text()
    assert "có 62 chữ và số" in dialog.fingerprint_error.text()
    dialog.fingerprint_edit.setText("")
    not_a_certificate = tmp_path / "goc.pem"
    not_a_certificate.write_text("đây không phải chứng thư", encoding="utf-8")
    dialog.root_edit.setText(str(not_a_certificate))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "goc.pem không phải tệp chứng thư" in dialog.root_error.text()
    assert dialog.verdict is None and dialog.check_button.isEnabled()
    assert not dialog.banner.isVisible()


def test_a_version_2_shows_its_change_list(qtbot, dialog: VerifyDialog, tmp_path: Path) -> None:
    from app.bundle.signers import P12Signer
    from app.bundle.writer import write_bundle
    from tests.bundle.conftest import SIGNING_TIME, STAMP_BOX, make_identity, period_files

    identity = make_identity(tmp_path, "unit")
    files = period_files(forms=20, voided=0, version=2)
    with P12Signer.open(identity.path, identity.password) as signer:
        bundle = write_bundle(tmp_path, files.files, files.fields, signer, SIGNING_TIME,
                              stamp_box=STAMP_BOX)
    _check(qtbot, dialog, bundle, identity.fingerprint)
    assert dialog.state == GOOD
    summary = dict(dialog.summary_rows)
    assert summary["Bản"] == "2 (thay cho bản 1)"
    assert summary["Thay đổi so với bản 1"] == "Phiếu 0005: sửa câu TC1 (lý do: nhập nhầm)."
    assert "Phiếu 0005: sửa câu TC1" in dialog.results.toPlainText()
