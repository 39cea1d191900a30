"""Bundle fixtures: unit certificates (.p12), a SoftHSM2 token, and the files of a period.

Everything is made here: a report PDF drawn with reportlab (Vietnamese text, a signature block
on the last page), raw data CSV/XLSX with the export's columns, a report XLSX and an audit log.
Times are fixed so the tests do not depend on today's date.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from app.bundle.manifest import (
    AUDIT_LOG,
    DATA_CSV,
    DATA_XLSX,
    REPORT_PDF,
    REPORT_XLSX,
    VIETNAM_TZ,
    Counts,
    ManifestFields,
)
from app.bundle.pdf_sign import Box
from app.bundle.signers import create_self_signed
from app.domain.periods import Period
from app.reports.fonts import SERIF, SERIF_BOLD, register_fonts

SIGNING_TIME = datetime(2026, 10, 5, 9, 30, 0, tzinfo=VIETNAM_TZ)
CERT_START = datetime(2026, 1, 1, 8, 0, 0, tzinfo=VIETNAM_TZ)
VERIFY_NOW = SIGNING_TIME + timedelta(hours=3)
PASSWORD = "Mật-khẩu thử 2026!"
PIN = "pin-8642-khaosat"
SO_PIN = "so-pin-9753-khaosat"
TOKEN_LABEL = "khaosat-test"
UNIT_NAME = "Ủy ban nhân dân xã Nam Đông"
UNIT_CODE = "10234"
SOFTHSM_MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
STAMP_BOX = Box(page=2, x=330, y=150, width=200, height=80)
RAW_HEADER = ["serial", "date", "field", "GT", "TUOI", "TC1", "TC2", "TC3", "opinion", "status",
              "operator", "keyed_at", "questionnaire"]


@dataclass(frozen=True)
class Identity:
    path: Path
    password: str
    fingerprint: str


def make_identity(folder: Path, name: str, *, start: datetime = CERT_START,
                  days: int = 365, unit_name: str = UNIT_NAME) -> Identity:
    path = folder / f"{name}.p12"
    fp = create_self_signed(unit_name, UNIT_CODE, PASSWORD, path, days=days, not_before=start)
    return Identity(path, PASSWORD, fp)


@pytest.fixture(scope="session")
def identity(tmp_path_factory: pytest.TempPathFactory) -> Identity:
    return make_identity(tmp_path_factory.mktemp("p12"), "unit")


@pytest.fixture(scope="session")
def other_identity(tmp_path_factory: pytest.TempPathFactory) -> Identity:
    return make_identity(tmp_path_factory.mktemp("p12-other"), "other",
                         unit_name="Ủy ban nhân dân xã Khác")


def report_pdf(forms: int) -> bytes:
    """Two pages like the report's: text with Vietnamese letters, the signature block last."""
    register_fonts()
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=1)
    page.setFont(SERIF_BOLD, 14)
    page.drawCentredString(A4[0] / 2, 760, "BÁO CÁO")
    page.setFont(SERIF, 13)
    page.drawString(85, 730, f"Kết quả khảo sát sự hài lòng quý III năm 2026: {forms} phiếu.")
    for line in range(40):
        page.drawString(85, 700 - line * 15, f"Dòng {line + 1}: người dân đánh giá hài lòng.")
    page.showPage()
    page.setFont(SERIF_BOLD, 13)
    page.drawCentredString(430, 250, "CHỦ TỊCH")
    page.drawCentredString(430, 130, "Nguyễn Văn An")
    page.showPage()
    page.save()
    return out.getvalue()


def raw_rows(forms: int, voided: int) -> list[list[str]]:
    rows = []
    for serial in range(1, forms + 1):
        rows.append([f"{serial:04d}", "15/08/2026", "TP", "1", "3", "4", "5", "4",
                     "Cán bộ tận tình" if serial % 7 == 0 else "",
                     "void" if serial <= voided else "active", "Nguyễn Thị Lan",
                     "15/08/2026 10:00:00", "xa-22-tieu-chi@2017.1"])
    return rows


def raw_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(RAW_HEADER)
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[str]], header: list[str] = RAW_HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Dữ liệu phiếu"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class PeriodFiles:
    files: dict[str, bytes]
    fields: ManifestFields


def period_files(forms: int = 105, voided: int = 2, version: int = 1) -> PeriodFiles:
    rows = raw_rows(forms, voided)
    audit = "".join(json.dumps({"action": "form.create", "entity_id": i, "operator": "Lan"},
                               ensure_ascii=False) + "\n" for i in range(1, forms + 1))
    files = {
        REPORT_PDF: report_pdf(forms),
        REPORT_XLSX: xlsx_bytes([["Tổng số phiếu", str(forms - voided)]], ["Chỉ tiêu", "Giá trị"]),
        DATA_CSV: raw_csv(rows),
        DATA_XLSX: xlsx_bytes(rows),
        AUDIT_LOG: audit.encode("utf-8"),
    }
    fields = ManifestFields(
        unit_code=UNIT_CODE, unit_name=UNIT_NAME, period=Period(2026, 3), version=version,
        counts=Counts(forms=forms, active=forms - voided, void=voided),
        questionnaires=(("xa-22-tieu-chi", "2017.1"),),
        changes=() if version == 1 else ("Phiếu 0005: sửa câu TC1 (lý do: nhập nhầm).",))
    return PeriodFiles(files, fields)


@pytest.fixture(scope="session")
def quarter_files() -> PeriodFiles:
    return period_files()


# SoftHSM2 --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Token:
    module: Path
    label: str
    pin: str
    fingerprint: str


def _run(*command: str | Path, env: dict[str, str]) -> None:
    subprocess.run([str(c) for c in command], env=env, check=True, capture_output=True)


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Token]:
    """A private SoftHSM2 token holding a unit key and certificate (same CKA_ID).

    SOFTHSM2_CONF points at a config in tmp, so the machine's tokens are never touched; it is
    restored when the session ends.
    """
    if not SOFTHSM_MODULE.is_file() or shutil.which("softhsm2-util") is None \
            or shutil.which("pkcs11-tool") is None:
        pytest.skip("SoftHSM2/OpenSC not installed (scripts/bootstrap.sh --test installs them)")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\n"
                      "objectstore.backend = file\nlog.level = ERROR\n", encoding="utf-8")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(config)
    env = dict(os.environ)
    identity = make_identity(folder, "token-unit")
    key, cert, _ = pkcs12.load_key_and_certificates(identity.path.read_bytes(),
                                                    PASSWORD.encode())
    assert key is not None and cert is not None
    key_pem = folder / "key.pem"
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    cert_der = folder / "cert.der"
    cert_der.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    _run("softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", PIN,
         "--so-pin", SO_PIN, env=env)
    _run("softhsm2-util", "--import", key_pem, "--token", TOKEN_LABEL, "--label", "signkey",
         "--id", "01", "--pin", PIN, env=env)
    _run("pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", TOKEN_LABEL, "--login",
         "--pin", PIN, "--write-object", cert_der, "--type", "cert", "--id", "01", "--label",
         "signkey", env=env)
    key_pem.unlink()  # the key now lives on the token only
    yield Token(SOFTHSM_MODULE, TOKEN_LABEL, PIN, identity.fingerprint)
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture(scope="session")
def signed_bundle(identity: Identity, quarter_files: PeriodFiles,
                  tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The quarter's bundle signed with the unit's .p12; read it, never change it."""
    from app.bundle.signers import P12Signer
    from app.bundle.writer import write_bundle

    out = tmp_path_factory.mktemp("bundle-p12")
    signer = P12Signer.open(identity.path, PASSWORD)
    return write_bundle(out, quarter_files.files, quarter_files.fields, signer, SIGNING_TIME,
                        stamp_box=STAMP_BOX)


def members_of(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(members: Mapping[str, bytes], out: Path) -> Path:
    """A plain zip of ``members`` (tests build altered bundles with it)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def flip_byte(data: bytes, position: int | None = None) -> bytes:
    where = len(data) // 2 if position is None else position
    return data[:where] + bytes([data[where] ^ 0x01]) + data[where + 1:]
