"""``khaosat --self-test``: run the program's real services once, in a throw-away data folder.

Meant for the frozen build (PyInstaller drops what it cannot see being imported: a missing
module, font, migration or Qt plugin shows up here, on the build machine or on the clerk's PC,
instead of in front of the clerk). Every step calls the same service the GUI and the CLI call;
nothing is reimplemented. The data folder is a ``TemporaryDirectory``: the clerk's own data is
never opened.

``run_self_test`` is a generator of ``StepResult`` (DESIGN.md: long jobs yield progress). Each
step catches its own exception and reports it as a failure with a one-line reason, so one broken
piece does not hide the others; a step that needs an earlier one that failed fails too, saying
which.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.entry import FormEntry
from app.domain.periods import Period
from app.services.workspace import Workspace

if TYPE_CHECKING:
    from app.reports.report_pdf import SignatureBox

UNIT_NAME = "Ủy ban nhân dân xã Tự Kiểm Tra"
UNIT_CODE = "00000"
OPERATOR = "Tự kiểm tra"
CERT_PASSWORD = "tu-kiem-tra"
MAX_REASON = 300  # characters of an exception shown on the one line of a failed step


@dataclass(frozen=True)
class StepResult:
    name: str  # Vietnamese, shown as is
    ok: bool
    detail: str  # what was checked, or why it failed: one line of Vietnamese


class StepFailed(Exception):
    """A check inside a step did not hold; the message is the Vietnamese reason."""


@dataclass
class SelfTestRun:
    """What the steps hand on to each other."""

    folder: Path
    ws: Workspace | None = None
    serial: int | None = None
    period: Period | None = None
    signature_box: SignatureBox | None = None  # where the report step's report is signed

    def workspace(self) -> Workspace:
        if self.ws is None:
            raise StepFailed("không chạy được vì bước cơ sở dữ liệu đã lỗi")
        return self.ws

    def today(self) -> date:
        return self.workspace().today()


def one_line(exc: BaseException) -> str:
    """An exception as one line: its type and message, cut to a readable length."""
    if isinstance(exc, StepFailed):
        return str(exc)
    text = " ".join(str(exc).split()) or repr(exc)
    if len(text) > MAX_REASON:
        text = text[:MAX_REASON - 1] + "…"
    return f"{type(exc).__name__}: {text}"


def _need_pdf(path: Path) -> int:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise StepFailed(f"tệp {path.name} không phải PDF hoàn chỉnh")
    return len(data)


def _kb(size: int) -> str:
    return f"{round(size / 1024):,} KB".replace(",", ".")


# -- steps ----------------------------------------------------------------------------------------

def step_database(run: SelfTestRun) -> str:
    from app.services.setup import apply_settings, default_settings
    from app.storage.migrations import HEAD_REVISION, current_revision

    ws = Workspace.open(run.folder / "data")
    run.ws = ws
    revision = current_revision(ws.db_path)
    if revision != HEAD_REVISION:
        raise StepFailed(f"cơ sở dữ liệu ở bản {revision}, cần bản {HEAD_REVISION}")
    settings = default_settings(ws.today().year)
    from dataclasses import replace

    issues = apply_settings(ws, replace(settings, unit_name=UNIT_NAME, unit_code=UNIT_CODE,
                                        signer_name=OPERATOR), OPERATOR)
    if issues:
        raise StepFailed("cài đặt đơn vị bị từ chối: " + ", ".join(i.code for i in issues))
    return f"tạo mới, nâng cấp lên bản {revision}, lưu cài đặt đơn vị"


def step_blank_forms(run: SelfTestRun) -> str:
    from app.services.print_forms import print_forms, run_to_end

    ws = run.workspace()
    out = run.folder / "phieu-trang.pdf"
    batch = run_to_end(print_forms(ws, OPERATOR, 2, None, False, out))
    size = _need_pdf(out)
    if batch.first is None:
        raise StepFailed("đợt phiếu in không có số phiếu")
    run.serial = batch.first
    return f"2 phiếu số {batch.first}–{batch.last}, PDF {_kb(size)}, đã ghi đợt phát phiếu"


def step_keying(run: SelfTestRun) -> str:
    from app.services.keying import KeyingService

    ws = run.workspace()
    keying = KeyingService(ws, OPERATOR)
    entry = FormEntry(keying.questionnaire(), serial=run.serial or keying.next_expected_serial(),
                      survey_date=keying.default_date(), opinion="Cán bộ hướng dẫn tận tình.")
    while entry.current is not None:
        issue = entry.answer_current(min(4, entry.current.option_count))
        if issue is not None:
            raise StepFailed(f"không trả lời được câu {entry.current.code}: {issue.code}")
    saved = keying.save(entry)
    if isinstance(saved, list):
        raise StepFailed("phiếu bị từ chối: " + ", ".join(i.code for i in saved))
    if ws.store.get_form(saved.id or 0) is None:
        raise StepFailed("phiếu đã lưu nhưng không đọc lại được")
    tally = keying.tally()
    if tally.year_count != 1:
        raise StepFailed(f"bảng đếm ghi {tally.year_count} phiếu, cần 1")
    return (f"phiếu số {saved.serial}, {len(entry.answers)} câu trả lời; "
            f"bảng đếm năm {tally.year}: {tally.year_count}/{tally.yearly_target}")


def step_report(run: SelfTestRun) -> str:
    from app.services.reports import default_request, make_report, report_periods

    ws = run.workspace()
    today = run.today()
    period = report_periods(ws, today)[0]  # the current quarter, which holds today's form
    outputs = None
    for progress in make_report(ws, default_request(ws, period, today),
                                run.folder / "bao-cao", today):
        outputs = progress.outputs or outputs
    if outputs is None:
        raise StepFailed("dịch vụ báo cáo không trả về tệp nào")
    pdf_size = _need_pdf(outputs.pdf)
    if outputs.signature_box is None:
        raise StepFailed("báo cáo không cho biết ô ký nằm ở đâu")
    _need_pdf(outputs.notice)
    from openpyxl import load_workbook

    workbook = load_workbook(outputs.xlsx, read_only=True)
    sheets = len(workbook.sheetnames)
    workbook.close()
    run.period = period
    run.signature_box = outputs.signature_box
    return (f"{period.title}: báo cáo PDF {_kb(pdf_size)}, XLSX {sheets} trang tính, "
            "thông báo niêm yết")


def _signature_rect(pdf: bytes) -> tuple[int, tuple[float, ...]] | None:
    """The page (1-based) and rectangle of the first signature field's widget in ``pdf``."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        return None
    field_name = signatures[0].field_name
    pages: list[Any] = [reader.root["/Pages"]]
    number = 0
    while pages:
        node = pages.pop(0)
        if node.get("/Type") == "/Pages":
            pages[:0] = [kid.get_object() for kid in node["/Kids"]]
            continue
        number += 1
        for annotation in node.get("/Annots", []):
            widget = annotation.get_object()
            if widget.get("/T") == field_name:
                return number, tuple(float(v) for v in widget["/Rect"])
    return None


def step_bundle(run: SelfTestRun) -> str:
    """The export the clerk makes (app.services.export_bundle): report drawn again, raw data,
    audit segment, signed into the report's signature box, export recorded; then verified
    against the pinned fingerprint of a one-day self-signed certificate."""
    from app.bundle.signers import P12Signer, create_self_signed
    from app.bundle.verifier import verify_bundle
    from app.services.export_bundle import history, run_export

    ws = run.workspace()
    if run.period is None or run.signature_box is None:
        raise StepFailed("không chạy được vì bước báo cáo đã lỗi")
    settings = ws.require_settings()
    # Outside the export folder, which receives only the export's own two files.
    certificate = run.folder / "chung-thu-tam.p12"
    fingerprint = create_self_signed(settings.unit_name, settings.unit_code, CERT_PASSWORD,
                                     certificate, days=1)
    folder = run.folder / "goi"
    folder.mkdir()
    with P12Signer.open(certificate, CERT_PASSWORD) as signer:
        result = run_export(ws, run.period, folder, signer, OPERATOR)
    verdict = verify_bundle(result.bundle, fingerprint=fingerprint, now=datetime.now(UTC))
    if not verdict.ok:
        failed = ", ".join(f"{c.subject}:{c.code}" for c in verdict.failed())
        raise StepFailed(f"gói {result.bundle.name} không qua kiểm tra: {failed}")
    box = run.signature_box
    found = _signature_rect(result.signed_pdf.read_bytes())
    wanted = (box.x, box.y, box.x + box.width, box.y + box.height)
    if found is None:
        raise StepFailed(f"{result.signed_pdf.name} không có chữ ký")
    page, rect = found
    if page != box.page or any(abs(a - b) > 1 for a, b in zip(rect, wanted, strict=True)):
        raise StepFailed(f"chữ ký nằm ở trang {page}, không ở ô ký của báo cáo (trang {box.page})")
    if [e.file_name for e in history(ws)] != [result.bundle.name]:
        raise StepFailed("lần xuất không được ghi vào lịch sử xuất")
    return (f"{result.bundle.name} ({_kb(result.bundle.stat().st_size)}) ký bằng chứng thư tạm "
            f"vào ô ký trang {page}, kiểm tra đạt {len(verdict.checks)} mục, đã ghi lịch sử xuất")


Step = tuple[str, Callable[[SelfTestRun], str]]
STEPS: tuple[Step, ...] = (
    ("Cơ sở dữ liệu", step_database),
    ("In phiếu trắng", step_blank_forms),
    ("Nhập phiếu", step_keying),
    ("Lập báo cáo", step_report),
    ("Ký và kiểm tra gói gửi iOffice", step_bundle),
)


def run_self_test(steps: tuple[Step, ...] = STEPS) -> Iterator[StepResult]:
    """Run every step in a temporary data folder; yields one result per step, in order."""
    with tempfile.TemporaryDirectory(prefix="khaosat-selftest-") as folder:
        run = SelfTestRun(Path(folder))
        try:
            for name, step in steps:
                try:
                    detail = step(run)
                except Exception as exc:  # reported, never raised: the next steps still run
                    yield StepResult(name, False, one_line(exc))
                else:
                    yield StepResult(name, True, detail)
        finally:
            if run.ws is not None:
                run.ws.close()
