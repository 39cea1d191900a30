"""Export a period's signed bundle for iOffice (docs/bundle.md, docs/export.md).

``preview_export`` gathers what the clerk must see before signing (the pre-flight checks, the
version, the change list); ``export_bundle`` is a generator (DESIGN.md: long jobs yield
progress) that draws the report and the raw data, signs, writes the zip and a copy of the
signed report PDF, and records the export, which locks the period. Nothing is written in the
output folder before signing has succeeded; a failure after that removes what this export
wrote and records nothing.
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.atomic_files import atomic_write
from app.domain.audit import AuditEntry, audit_jsonl
from app.domain.exports import (
    BLOCKER,
    ExportRecord,
    PreflightFacts,
    audit_segment,
    change_lines,
    exports_of,
    has_blocker,
    next_version,
    preflight_issues,
)
from app.domain.forms import FormRecord, FormStatus, Issue
from app.domain.issuance import missing_serials
from app.domain.periods import Period
from app.domain.raw_data import RawTable
from app.domain.text import nfc
from app.services.export_data import raw_csv_bytes, write_raw_workbook
from app.services.reports import ReportRequest, default_request, report_content
from app.services.workspace import Workspace

if TYPE_CHECKING:  # cryptography, pyHanko and reportlab load when a bundle is made
    from app.bundle.signers import Signer

STEPS = ("report", "data", "sign", "record")
SIGNED_PDF_SUFFIX = "_bao-cao-ky-so.pdf"


class ExportRefused(Exception):
    """A blocker of the pre-flight checks (nothing was signed or written)."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__([i.code for i in issues])
        self.issues = issues


@dataclass(frozen=True)
class ExportPreview:
    """What the clerk sees before signing."""

    period: Period
    version: int  # the version the next export will be
    forms: int  # rows of the raw data (voided included)
    active: int
    void: int
    issues: list[Issue]  # pre-flight: blockers first (params["severity"])
    changes: tuple[str, ...]  # the change list of version > 1
    history: list[ExportRecord] = field(default_factory=list)  # this period's exports

    @property
    def blocked(self) -> bool:
        return has_blocker(self.issues)

    @property
    def reissuable(self) -> bool:
        """Exported before, nothing changed since and nothing else in the way: a reason may
        make it version k+1 of the same data (the earlier file lost, the district asks again)."""
        return [i.code for i in self.issues
                if i.params["severity"] == BLOCKER] == ["no_changes_since_export"]

    def blockers(self, reissue_reason: str = "") -> list[Issue]:
        """What stops the export; nothing when a reason is given for a reissuable period."""
        if reissue_reason.strip() and self.reissuable:
            return []
        return [i for i in self.issues if i.params["severity"] == BLOCKER]


@dataclass(frozen=True)
class ExportResult:
    bundle: Path  # the zip to attach in iOffice
    signed_pdf: Path  # the signed report, the main document in iOffice
    record: ExportRecord
    changes: tuple[str, ...]


@dataclass(frozen=True)
class ExportProgress:
    """``step`` is the step under way (``STEPS``) or "done" with the result."""

    done: int
    total: int
    step: str
    result: ExportResult | None = None


def signed_pdf_name(bundle_name: str) -> str:
    """``12345_2026-Q3_v1.zip`` → ``12345_2026-Q3_v1_bao-cao-ky-so.pdf``."""
    return bundle_name.removesuffix(".zip") + SIGNED_PDF_SUFFIX


def history(ws: Workspace) -> list[ExportRecord]:
    """Every export of the unit, newest first."""
    return sorted(ws.store.list_exports(), key=lambda e: (e.exported_at, e.id or 0),
                  reverse=True)


def _counts(forms: list[tuple[FormRecord, str]]) -> tuple[int, int, int]:
    void = sum(1 for record, _ in forms if record.status is FormStatus.VOID)
    return len(forms), len(forms) - void, void


def preview_export(ws: Workspace, period: Period, today: date,
                   entries: list[AuditEntry] | None = None) -> ExportPreview:
    """The pre-flight checks, next version and change list of ``period``'s export.
    ``entries``: the audit log when the caller has read it already."""
    from app.domain.quota import quarter_share
    from app.storage.repository import FormFilter

    settings = ws.require_settings()
    exports = ws.store.list_exports()
    previous_exports = exports_of(exports, period)
    previous = previous_exports[-1] if previous_exports else None
    changes = (change_lines(ws.store.iter_audit() if entries is None else entries, period,
                            previous.audit_last_id)
               if previous is not None else ())
    forms = ws.store.list_forms(FormFilter(date_from=period.start, date_to=period.end))
    total, active, void = _counts(forms)
    state = ws.store.issuance_state(period.year)
    target = settings.yearly_target if period.is_year else quarter_share(settings.yearly_target)
    facts = PreflightFacts(
        period=period, today=today, active_forms=active, period_target=target,
        missing_serials=missing_serials(state.batches, state.keyed, state.spoiled),
        open_drafts=ws.store.open_drafts(), previous=previous, changes_since=len(changes))
    return ExportPreview(period, next_version(exports, period), total, active, void,
                         preflight_issues(facts), changes, previous_exports)


# -- deterministic files ------------------------------------------------------------------------
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def pin_xlsx_dates(data: bytes, moment: datetime) -> bytes:
    """The workbook with every zip entry dated ``moment`` and its document properties' created
    and modified set to it: openpyxl stamps the time of writing, and the same data must give
    the same bundle (docs/bundle.md)."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            pinned = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o644 << 16
            target.writestr(pinned, content)
    return out.getvalue()


def raw_xlsx_bytes(table: RawTable, moment: datetime) -> bytes:
    buffer = io.BytesIO()
    write_raw_workbook(table, buffer)
    return pin_xlsx_dates(buffer.getvalue(), moment)


def _aware(now: datetime) -> datetime:
    """The workspace clock is naive local time (a Vietnamese PC: UTC+7)."""
    return now if now.tzinfo is not None else now.astimezone()


def export_bundle(ws: Workspace, period: Period, out_dir: Path, signer: Signer, operator: str,
                  *, request: ReportRequest | None = None, now: datetime | None = None,
                  reissue_reason: str = "") -> Iterator[ExportProgress]:
    """Sign and write ``period``'s bundle into ``out_dir``; yields progress, the last one with
    the ``ExportResult``.

    ``request`` is the report's number, date and texts (default: the clerk's saved draft,
    dated today). ``reissue_reason`` lets a period exported before and unchanged since be
    exported again as version k+1 (its one change line says so, with the reason): the earlier
    file was lost, or the district asks again. Raises ExportRefused (a pre-flight blocker),
    BundleError (signing or writing refused: app.bundle.errors; nothing written), OSError.
    Closing the generator before "done" leaves the folder and the database unchanged.
    """
    from cryptography.x509.oid import NameOID

    from app.bundle.errors import BundleError
    from app.bundle.manifest import (
        AUDIT_LOG,
        DATA_CSV,
        DATA_XLSX,
        REPORT_PDF,
        REPORT_XLSX,
        Counts,
        ManifestFields,
        bundle_file_name,
        vietnam_time,
    )
    from app.bundle.signers import fingerprint, is_self_signed_unit_certificate, subject_text
    from app.bundle.writer import write_bundle
    from app.reports.report_pdf import write_report_pdf
    from app.reports.report_xlsx import write_report_xlsx

    total = len(STEPS)
    moment = vietnam_time(_aware(now or ws.now()))
    today = moment.date()
    settings = ws.require_settings()
    # The log is read before the forms, once: a change made while this job runs is then listed
    # in the next version's changes rather than being in this bundle's data unannounced.
    entries = list(ws.store.iter_audit())
    preview = preview_export(ws, period, today, entries)
    reissue = " ".join(nfc(reissue_reason).split())
    blockers = preview.blockers(reissue)
    if blockers:
        raise ExportRefused(blockers)
    version = preview.version
    bundle_name = bundle_file_name(settings.unit_code, period, version)
    pdf_target = out_dir / signed_pdf_name(bundle_name)
    for target in (out_dir / bundle_name, pdf_target):
        if target.exists():
            raise BundleError("file_exists", path=str(target))
    if not out_dir.is_dir():
        raise BundleError("folder_missing", path=str(out_dir))

    yield ExportProgress(0, total, "report")
    changes = preview.changes
    if preview.history and reissue and not changes:
        changes += (reissue_line(moment, operator, preview.history[-1].version, reissue),)
    base = request or default_request(ws, period, today)
    content = report_content(ws, replace(base, period=period, report_date=today), today)
    with tempfile.TemporaryDirectory(prefix="khaosat-export-") as work:
        report_pdf, report_xlsx = Path(work) / REPORT_PDF, Path(work) / REPORT_XLSX
        layout = write_report_pdf(content.tabulation, content.text, report_pdf)
        write_report_xlsx(content.tabulation, report_xlsx, raw=content.raw, created=today)
        yield ExportProgress(1, total, "data")
        segment = audit_segment(entries, period)
        files: dict[str, bytes | Path] = {
            REPORT_PDF: report_pdf,
            REPORT_XLSX: pin_xlsx_dates(report_xlsx.read_bytes(), moment),
            DATA_CSV: raw_csv_bytes(content.raw),
            DATA_XLSX: raw_xlsx_bytes(content.raw, moment),
            AUDIT_LOG: audit_jsonl(segment),
        }
        forms, active, void = _counts(content.forms)
        keys = sorted({(r.questionnaire_id, r.questionnaire_version) for r, _ in content.forms})
        fields = ManifestFields(
            unit_code=settings.unit_code, unit_name=settings.unit_name, period=period,
            version=version, counts=Counts(forms=forms, active=active, void=void),
            questionnaires=tuple(keys) or ((settings.questionnaire_id,
                                            settings.questionnaire_version),),
            changes=changes)
        yield ExportProgress(2, total, "sign")
        bundle = write_bundle(out_dir, files, fields, signer, moment,
                              stamp_box=layout.signature_box)
    certificate = signer.certificate
    placed = [bundle]
    try:
        # Inside the try: a caller closing the job here must not leave an unrecorded bundle.
        yield ExportProgress(3, total, "record")
        data = bundle.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            signed_pdf = archive.read(REPORT_PDF)
        with atomic_write(pdf_target, replace_existing=False) as handle:
            handle.write(signed_pdf)
        placed.append(pdf_target)
        record = ws.store.record_export(ExportRecord(
            period_label=period.label, cutoff=period.cutoff, start=period.start, end=period.end,
            version=version, file_name=bundle.name, folder=str(out_dir.resolve()),
            sha256=hashlib.sha256(data).hexdigest(), size=len(data),
            certificate_subject=subject_text(certificate, NameOID.COMMON_NAME),
            certificate_fingerprint=fingerprint(certificate),
            self_signed=is_self_signed_unit_certificate(certificate),
            forms=forms, active=active, void=void, changes=len(changes),
            audit_last_id=segment[-1].id or 0 if segment else ws.store.last_audit_id(),
            exported_at=moment.replace(tzinfo=None), operator=operator), ws.now())
    except BaseException:
        # Not recorded, so not exported: take back the files this export placed (only those:
        # a PDF of that name that appeared meanwhile is not ours).
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    result = ExportResult(bundle, pdf_target, record, changes)
    yield ExportProgress(total, total, "done", result)


def reissue_line(moment: datetime, operator: str, previous_version: int, reason: str) -> str:
    """The change line of a version asked for again (the earlier file was lost, or the
    district asked for it again)."""
    return (f"{moment:%Y-%m-%d %H:%M} · {operator} · xuất lại bản {previous_version}"
            f" (số liệu không đổi) · lý do: {reason}")


def run_export(ws: Workspace, period: Period, out_dir: Path, signer: Signer, operator: str,
               **options: object) -> ExportResult:
    """``export_bundle`` run to the end (the CLI and the self-test)."""
    result = None
    for progress in export_bundle(ws, period, out_dir, signer, operator, **options):  # type: ignore[arg-type]
        result = progress.result or result
    assert result is not None
    return result

