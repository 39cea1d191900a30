"""``khaosat verify`` and ``khaosat cert create-self-signed``; secrets never reach a file."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bundle.errors import BundleError
from app.bundle.manifest import DATA_CSV
from app.bundle.signers import P12Signer, TokenSigner
from app.bundle.writer import write_bundle
from app.cli import main

from .conftest import (
    PASSWORD,
    SIGNING_TIME,
    STAMP_BOX,
    Identity,
    PeriodFiles,
    Token,
    flip_byte,
    members_of,
    rezip,
)

SETUP = ["setup", "--unit-name", "Ủy ban nhân dân xã Nam Đông", "--unit-code", "10234",
         "--year", "2026", "--operator", "Nguyễn Thị Lan"]


def test_verify_prints_a_line_per_check_and_exits_0_only_when_all_hold(
        signed_bundle: Path, identity: Identity, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(signed_bundle), "--fingerprint", identity.fingerprint]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("✓ Tệp nén đọc được")
    assert any("du-lieu-phieu.csv: 105 phiếu (103 phiếu tính, 2 phiếu hủy)" in line
               for line in out)
    assert any("TỰ KÝ" in line for line in out)
    assert out[-1].startswith("KẾT LUẬN: gói hợp lệ")
    assert main(["verify", str(signed_bundle)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert next(line for line in out if line.startswith("✗")).startswith("✗ CHƯA XÁC ĐỊNH")
    assert out[-1].startswith("KẾT LUẬN: gói KHÔNG đạt (1 mục")


def test_verify_names_the_tampered_file(signed_bundle: Path, identity: Identity, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    members = members_of(signed_bundle)
    members[DATA_CSV] = flip_byte(members[DATA_CSV])
    tampered = rezip(members, tmp_path / "tampered.zip")
    assert main(["verify", str(tampered), "--fingerprint", identity.fingerprint]) == 1
    failed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("✗")]
    assert failed == ["✗ du-lieu-phieu.csv: mã băm SHA-256 KHÔNG khớp: tệp đã bị sửa sau khi ký."]


def test_verify_with_an_unreadable_trust_file(signed_bundle: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(signed_bundle), "--trust", str(tmp_path / "none.pem")]) == 1
    assert "Không đọc được chứng thư gốc" in capsys.readouterr().err


def test_cert_create_from_the_unit_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main([*SETUP, "--data-dir", str(data)]) == 0
    monkeypatch.setenv("KHAOSAT_P12_PASSWORD", PASSWORD)
    out_file = tmp_path / "don-vi.p12"
    assert main(["cert", "create-self-signed", "--out", str(out_file), "--days", "30",
                 "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "TỰ KÝ cho Ủy ban nhân dân xã Nam Đông (mã 10234)" in out
    lines = out.splitlines()
    fingerprint = lines[lines.index("Dấu vân tay SHA-256 (đọc cho nơi nhận ghi lại):") + 1].strip()
    signer = P12Signer.open(out_file, PASSWORD)
    from app.bundle.signers import fingerprint as fingerprint_of

    assert fingerprint_of(signer.certificate) == fingerprint
    assert main(["cert", "create-self-signed", "--out", str(out_file),
                 "--data-dir", str(data)]) == 1
    assert "đã có; chương trình không ghi đè" in capsys.readouterr().err


def test_cert_create_asks_the_password_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("KHAOSAT_P12_PASSWORD", raising=False)
    answers = iter(["mật khẩu một", "mật khẩu hai"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    out_file = tmp_path / "x.p12"
    assert main(["cert", "create-self-signed", "--out", str(out_file), "--unit-name", "Xã A",
                 "--unit-code", "10234", "--data-dir", str(tmp_path)]) == 1
    assert "không giống nhau" in capsys.readouterr().err
    assert not out_file.exists()


def test_cert_create_without_settings_says_what_to_do(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KHAOSAT_P12_PASSWORD", PASSWORD)
    assert main(["cert", "create-self-signed", "--out", str(tmp_path / "x.p12"),
                 "--data-dir", str(tmp_path / "empty")]) == 1
    assert "khaosat setup" in capsys.readouterr().err


def _files_containing(folder: Path, secrets: list[str]) -> list[str]:
    found = []
    needles = [form for s in secrets for form in (s.encode("utf-8"), s.encode("utf-16-le"))]
    for path in folder.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            found += [f"{path}" for needle in needles if needle in content]
    return found


def test_password_and_pin_never_reach_a_file_or_the_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, softhsm: Token,
        quarter_files: PeriodFiles, caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture[str]) -> None:
    from app.services.errorlog import setup_logging

    data = tmp_path / "data"
    assert main([*SETUP, "--data-dir", str(data)]) == 0
    log_file = setup_logging(data)
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("KHAOSAT_P12_PASSWORD", PASSWORD)
    p12 = data / "don-vi.p12"
    assert main(["cert", "create-self-signed", "--out", str(p12), "--data-dir", str(data)]) == 0
    out_dir = data / "gui-ioffice"
    out_dir.mkdir()
    # the certificate just made starts now
    write_bundle(out_dir, quarter_files.files, quarter_files.fields,
                 P12Signer.open(p12, PASSWORD), datetime.now(UTC), stamp_box=STAMP_BOX)
    (out_dir / "token").mkdir()
    with TokenSigner.open(softhsm.module, softhsm.label, softhsm.pin) as signer:
        write_bundle(out_dir / "token", quarter_files.files, quarter_files.fields, signer,
                     SIGNING_TIME, stamp_box=STAMP_BOX)
    with pytest.raises(BundleError, match="p12_wrong_password"):
        P12Signer.open(p12, "sai mật khẩu 1")
    with pytest.raises(BundleError, match="pin_incorrect"):
        TokenSigner.open(softhsm.module, softhsm.label, "sai-pin-9999")
    secrets = [PASSWORD, softhsm.pin, "sai mật khẩu 1", "sai-pin-9999"]
    logging.getLogger("khaosat").info("signing done")  # the log file exists and is scanned
    assert log_file is not None and log_file.is_relative_to(data) and log_file.is_file()
    assert _files_containing(data, secrets) == []
    assert _files_containing(tmp_path, secrets) == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    captured = capsys.readouterr()
    for secret in secrets:
        assert secret not in logged
        assert secret not in captured.out + captured.err
