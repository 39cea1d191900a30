"""Bundle fixtures: unit certificates (.p12), the files of a period, and the SoftHSM2 token
(tests/softhsm.py).

Everything is made here: a report PDF drawn with reportlab (Vietnamese text, a signature block
on the last page), raw data CSV/XLSX with the export's columns, a report XLSX and an audit log.
Times are fixed so the tests do not depend on today's date.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
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
from app.domain.audit import AuditEntry, audit_jsonl
from app.domain.periods import Period
from app.reports.fonts import SERIF, SERIF_BOLD, register_fonts
from tests.softhsm import Token, softhsm  # noqa: F401 (the fixture, shared with tests/cli)

SIGNING_TIME = datetime(2026, 10, 5, 9, 30, 0, tzinfo=VIETNAM_TZ)
CERT_START = datetime(2026, 1, 1, 8, 0, 0, tzinfo=VIETNAM_TZ)
VERIFY_NOW = SIGNING_TIME + timedelta(hours=3)
PASSWORD = "Mật-khẩu thử 2026!"
UNIT_NAME = "Ủy ban nhân dân xã Nam Đông"
UNIT_CODE = "10234"
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


def audit_log(forms: int) -> bytes:
    """A hash-chained log (nhat-ky.jsonl) with one form.create entry per form, ids from 41: a
    segment starting mid-chain, as the export writes it."""
    entries = []
    previous = "ab" * 32
    for serial in range(1, forms + 1):
        entry = AuditEntry(at=datetime(2026, 8, 15, 10, 0) + timedelta(minutes=serial),
                           operator="Nguyễn Thị Lan", action="form.create", entity="form",
                           entity_id=str(serial), before=None,
                           after={"serial": serial, "status": "active"}, prev_hash=previous)
        entry = replace(entry, hash=entry.computed_hash(), id=40 + serial)
        entries.append(entry)
        previous = entry.hash
    return audit_jsonl(entries)


@dataclass(frozen=True)
class PeriodFiles:
    files: dict[str, bytes]
    fields: ManifestFields


def period_files(forms: int = 105, voided: int = 2, version: int = 1) -> PeriodFiles:
    rows = raw_rows(forms, voided)
    files = {
        REPORT_PDF: report_pdf(forms),
        REPORT_XLSX: xlsx_bytes([["Tổng số phiếu", str(forms - voided)]], ["Chỉ tiêu", "Giá trị"]),
        DATA_CSV: raw_csv(rows),
        DATA_XLSX: xlsx_bytes(rows),
        AUDIT_LOG: audit_log(forms),
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
