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

import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from app.domain.entry import FormEntry
from app.domain.periods import Period
from app.services.workspace import Workspace

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
    report_files: dict[str, Path] = field(default_factory=dict)

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
    _need_pdf(outputs.notice)
    from openpyxl import load_workbook

    workbook = load_workbook(outputs.xlsx, read_only=True)
    sheets = len(workbook.sheetnames)
    workbook.close()
    run.period = period
    run.report_files = {"pdf": outputs.pdf, "xlsx": outputs.xlsx}
    return (f"{period.title}: báo cáo PDF {_kb(pdf_size)}, XLSX {sheets} trang tính, "
            "thông báo niêm yết")


def _audit_lines(ws: Workspace) -> bytes:
    lines = []
    for entry in ws.store.iter_audit():
        record = json.loads(entry.payload())
        record.update(id=entry.id, hash=entry.hash)
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return "".join(lines).encode("utf-8")


def step_bundle(run: SelfTestRun) -> str:
    from app.bundle.manifest import (
        AUDIT_LOG,
        DATA_CSV,
        DATA_XLSX,
        REPORT_PDF,
        REPORT_XLSX,
        Counts,
        ManifestFields,
    )
    from app.bundle.pdf_sign import Box
    from app.bundle.signers import P12Signer, create_self_signed
    from app.bundle.verifier import verify_bundle
    from app.bundle.writer import write_bundle
    from app.services.export_data import export_csv, export_xlsx

    ws = run.workspace()
    if run.period is None or not run.report_files:
        raise StepFailed("không chạy được vì bước báo cáo đã lỗi")
    settings = ws.require_settings()
    folder = run.folder / "goi"
    folder.mkdir()
    certificate = folder / "chung-thu-tam.p12"
    fingerprint = create_self_signed(settings.unit_name, settings.unit_code, CERT_PASSWORD,
                                     certificate, days=1)
    csv_path, xlsx_path = folder / DATA_CSV, folder / DATA_XLSX
    forms = export_csv(ws, run.period.year, csv_path)
    export_xlsx(ws, run.period.year, xlsx_path)
    fields = ManifestFields(
        unit_code=settings.unit_code, unit_name=settings.unit_name, period=run.period,
        version=1, counts=Counts(forms=forms, active=forms, void=0),
        questionnaires=((settings.questionnaire_id, settings.questionnaire_version),))
    files: dict[str, bytes | Path] = {
        REPORT_PDF: run.report_files["pdf"], REPORT_XLSX: run.report_files["xlsx"],
        DATA_CSV: csv_path, DATA_XLSX: xlsx_path, AUDIT_LOG: _audit_lines(ws),
    }
    with P12Signer.open(certificate, CERT_PASSWORD) as signer:
        bundle = write_bundle(folder, files, fields, signer, datetime.now(UTC),
                              stamp_box=Box(page=1, x=330, y=60, width=200, height=70))
    verdict = verify_bundle(bundle, fingerprint=fingerprint, now=datetime.now(UTC))
    if not verdict.ok:
        failed = ", ".join(f"{c.subject}:{c.code}" for c in verdict.failed())
        raise StepFailed(f"gói {bundle.name} không qua kiểm tra: {failed}")
    return (f"{bundle.name} ({_kb(bundle.stat().st_size)}) ký bằng chứng thư tạm, "
            f"kiểm tra đạt {len(verdict.checks)} mục")


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
