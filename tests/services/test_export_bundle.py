"""The export service on a real workspace: pre-flight, a signed export read back by the
verifier and by plain readers, versions after corrections, and failures that leave nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.bundle.errors import BundleError
from app.bundle.manifest import (
    AUDIT_LOG,
    DATA_CSV,
    DATA_XLSX,
    REPORT_PDF,
    REPORT_XLSX,
    VIETNAM_TZ,
)
from app.bundle.signers import P12Signer
from app.bundle.verifier import verify_bundle
from app.domain.audit import first_broken_link, parse_audit_jsonl
from app.domain.exports import touches_period
from app.domain.forms import FormStatus
from app.domain.issuance import IssuedBatch
from app.domain.periods import Period
from app.services.export_bundle import (
    ExportRefused,
    export_bundle,
    history,
    preview_export,
    run_export,
    signed_pdf_name,
)
from app.services.setup import apply_settings
from app.services.workspace import Workspace
from app.storage.errors import PeriodLockedError
from app.storage.repository import FormFilter
from tests.bundle.conftest import Identity, make_identity
from tests.reports.report_data import make_forms
from tests.services.conftest import Clock, unit_settings

Q3 = Period(2026, 3)
KEYED_AT = datetime(2026, 10, 2, 8, 0)
SIGNING = datetime(2026, 10, 5, 9, 30, 0, tzinfo=VIETNAM_TZ)
Q3_FORMS = 12  # two of them voided


@pytest.fixture(scope="module")
def unit_p12(tmp_path_factory: pytest.TempPathFactory) -> Identity:
    return make_identity(tmp_path_factory.mktemp("p12"), "unit", days=730)  # 2026 and 2027


@pytest.fixture
def signer(unit_p12: Identity) -> Iterator[P12Signer]:
    with P12Signer.open(unit_p12.path, unit_p12.password) as opened:
        yield opened


def fill_q3(ws: Workspace) -> None:
    """Q2 and Q4 forms around twelve Q3 forms (the first two voided), serials 1-16."""
    q = ws.keying_questionnaire()
    forms = make_forms(q, 2026, (0, 2, Q3_FORMS, 2), voided=0)
    for record in forms:
        if record.serial in (3, 4):  # the first two of Q3
            record = replace(record, status=FormStatus.VOID, void_reason="phiếu trùng")
        ws.store.add_form(record, record.field_code(q), KEYED_AT)


@pytest.fixture
def filled(ws: Workspace) -> Workspace:
    fill_q3(ws)
    return ws


def folder(tmp_path: Path, name: str = "iOffice") -> Path:
    path = tmp_path / name
    path.mkdir()
    return path


def members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(data: bytes) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        sheet = book.worksheets[0]
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def period_forms(ws: Workspace, period: Period) -> list[int]:
    pairs = ws.store.list_forms(FormFilter(date_from=period.start, date_to=period.end))
    return sorted(record.serial for record, _ in pairs)


# -- preview -------------------------------------------------------------------------------------
def test_preview_counts_and_warns_on_a_real_workspace(filled: Workspace) -> None:
    filled.store.add_issued_batch(IssuedBatch(
        year=2026, count=9, first=17, last=25, issued_at=KEYED_AT, operator="Lan"))
    filled.store.save_draft("Minh", {"serial": 17}, KEYED_AT)

    preview = preview_export(filled, Q3, date(2026, 9, 20))

    assert (preview.version, preview.forms, preview.active, preview.void) == (
        1, Q3_FORMS, Q3_FORMS - 2, 2)
    assert preview.changes == () and preview.history == []
    assert not preview.blocked
    assert [(i.code, dict(i.params)) for i in preview.issues] == [
        ("period_not_over", {"severity": "warning", "end": date(2026, 9, 30)}),
        ("missing_serials", {"severity": "warning", "count": 9,
                             "first": list(range(17, 26))}),
        ("open_drafts", {"severity": "warning", "operators": ["Minh"]}),
        ("target_not_met", {"severity": "warning", "count": Q3_FORMS - 2, "target": 105}),
    ]
    year = preview_export(filled, Period(2026, None), date(2027, 1, 5))
    assert (year.forms, year.void) == (16, 2)
    assert [i.code for i in year.issues] == ["missing_serials", "open_drafts", "target_not_met"]
    assert year.issues[-1].params["target"] == 420


def test_a_period_without_forms_is_refused_before_anything(filled: Workspace, signer: P12Signer,
                                                            tmp_path: Path) -> None:
    out = folder(tmp_path)
    preview = preview_export(filled, Period(2026, 1), date(2026, 4, 2))
    assert preview.blocked and preview.issues[0].code == "no_forms"
    with pytest.raises(ExportRefused) as info:
        run_export(filled, Period(2026, 1), out, signer, "Lan", now=SIGNING)
    assert [i.code for i in info.value.issues] == ["no_forms"]
    assert list(out.iterdir()) == [] and history(filled) == []


# -- a full export -------------------------------------------------------------------------------
def test_export_writes_a_bundle_the_verifier_accepts(filled: Workspace, signer: P12Signer,
                                                     unit_p12: Identity, tmp_path: Path) -> None:
    out = folder(tmp_path)
    steps = list(export_bundle(filled, Q3, out, signer, "Lan", now=SIGNING))
    assert [p.step for p in steps] == ["report", "data", "sign", "record", "done"]
    assert [p.done for p in steps] == [0, 1, 2, 3, 4] and {p.total for p in steps} == {4}
    result = steps[-1].result
    assert result is not None

    assert result.bundle == out / "12345_2026-Q3_v1.zip"
    assert result.signed_pdf == out / "12345_2026-Q3_v1_bao-cao-ky-so.pdf"
    assert sorted(p.name for p in out.iterdir()) == [result.bundle.name, result.signed_pdf.name]

    verdict = verify_bundle(result.bundle, fingerprint=unit_p12.fingerprint,
                            now=datetime(2026, 10, 6, tzinfo=VIETNAM_TZ))
    assert verdict.ok, verdict.failed()

    files = members(result.bundle)
    manifest = json.loads(files["manifest.json"])
    serials = period_forms(filled, Q3)
    rows = csv_rows(files[DATA_CSV])
    assert sorted(int(r["serial"]) for r in rows) == serials
    assert manifest["counts"] == {"forms": len(serials), "active": len(serials) - 2, "void": 2}
    assert sum(r["status"] == "void" for r in rows) == 2
    sheet = xlsx_rows(files[DATA_XLSX])
    assert list(sheet[0]) == list(rows[0]) and len(sheet) - 1 == len(rows)
    assert (manifest["version"], manifest["changes"]) == (1, [])
    assert manifest["created_at"] == "2026-10-05T09:30:00+07:00"
    assert manifest["unit"] == {"code": "12345", "name": "Ủy ban nhân dân xã Nam Đông"}
    assert result.signed_pdf.read_bytes() == files[REPORT_PDF]

    log = parse_audit_jsonl(files[AUDIT_LOG])
    assert first_broken_link(log) is None
    assert touches_period(log[0], Q3)
    assert [e.id for e in log] == list(range(log[0].id or 0, (log[-1].id or 0) + 1))

    record = result.record
    assert history(filled) == [record]
    assert (record.version, record.forms, record.active, record.void, record.changes) == (
        1, len(serials), len(serials) - 2, 2, 0)
    assert (record.file_name, record.folder) == (result.bundle.name, str(out.resolve()))
    assert record.size == result.bundle.stat().st_size
    assert record.certificate_fingerprint == unit_p12.fingerprint and record.self_signed
    assert record.certificate_subject == "Ủy ban nhân dân xã Nam Đông"
    assert record.exported_at == datetime(2026, 10, 5, 9, 30) and record.operator == "Lan"
    assert record.audit_last_id == log[-1].id
    last = list(filled.store.iter_audit())[-1]
    assert (last.action, last.entity_id, last.after["sha256"]) == (  # type: ignore[index]
        "export.create", "2026-Q3-v1", record.sha256)


def test_after_an_export_the_period_is_locked_and_a_second_export_refused(
        filled: Workspace, signer: P12Signer, tmp_path: Path) -> None:
    first = run_export(filled, Q3, folder(tmp_path), signer, "Lan", now=SIGNING)
    ((form, _),) = filled.store.list_forms(FormFilter(serial=5))
    with pytest.raises(PeriodLockedError):
        filled.store.set_form_status(form.id or 0, FormStatus.VOID, "Lan", KEYED_AT, "")

    again = folder(tmp_path, "again")
    preview = preview_export(filled, Q3, date(2026, 10, 6))
    assert preview.blocked and preview.version == 2
    assert preview.history == [first.record]
    blocker = preview.issues[0]
    assert (blocker.code, blocker.params["file"], blocker.params["version"]) == (
        "no_changes_since_export", "12345_2026-Q3_v1.zip", 1)
    with pytest.raises(ExportRefused) as info:
        run_export(filled, Q3, again, signer, "Lan", now=SIGNING.replace(day=6))
    assert [i.code for i in info.value.issues] == ["no_changes_since_export"]
    assert list(again.iterdir()) == [] and len(history(filled)) == 1
    # changes outside the period do not count
    ((q4_form, q4_field),) = filled.store.list_forms(FormFilter(serial=15))
    filled.store.update_form(replace(q4_form, opinion="ngoài quý"), q4_field, "Lan", KEYED_AT)
    assert preview_export(filled, Q3, date(2026, 10, 6)).blocked


def test_a_correction_with_a_reason_makes_version_two(filled: Workspace, signer: P12Signer,
                                                      unit_p12: Identity, tmp_path: Path) -> None:
    run_export(filled, Q3, folder(tmp_path), signer, "Lan", now=SIGNING)
    ((form, field),) = filled.store.list_forms(FormFilter(serial=5))
    code = sorted(form.answers)[-1]
    new_value = 1 if form.answers[code] != 1 else 2
    corrected = replace(form, answers={**form.answers, code: new_value})
    filled.store.update_form(corrected, field, "Hoa", datetime(2026, 10, 7, 9, 12),
                             "ghi nhầm")
    filled.store.set_form_status(form.id or 0, FormStatus.VOID, "Hoa",
                                 datetime(2026, 10, 7, 9, 15), "phiếu trùng")
    expected = (
        f"2026-10-07 09:12 · Hoa · phiếu 0005: sửa (câu {code}: {form.answers[code]} → "
        f"{new_value}) · lý do: ghi nhầm",
        "2026-10-07 09:15 · Hoa · phiếu 0005: hủy · lý do: phiếu trùng")

    preview = preview_export(filled, Q3, date(2026, 10, 8))
    assert not preview.blocked and preview.version == 2 and preview.changes == expected
    assert [(i.code, dict(i.params)) for i in preview.issues if i.code == "new_version"] == [
        ("new_version", {"severity": "warning", "version": 2, "changes": 2})]

    out = folder(tmp_path, "v2")
    result = run_export(filled, Q3, out, signer, "Hoa",
                        now=datetime(2026, 10, 8, 8, 0, tzinfo=VIETNAM_TZ))
    assert result.bundle.name == "12345_2026-Q3_v2.zip"
    assert result.changes == expected and result.record.changes == 2
    files = members(result.bundle)
    manifest = json.loads(files["manifest.json"])
    assert (manifest["version"], manifest["changes"]) == (2, list(expected))
    assert manifest["counts"] == {"forms": Q3_FORMS, "active": Q3_FORMS - 3, "void": 3}
    assert verify_bundle(result.bundle, fingerprint=unit_p12.fingerprint,
                         now=datetime(2026, 10, 9, tzinfo=VIETNAM_TZ)).ok
    assert [(e.version, e.changes) for e in history(filled)] == [(2, 2), (1, 0)]
    log = parse_audit_jsonl(files[AUDIT_LOG])
    assert first_broken_link(log) is None
    assert [e.action for e in log[-3:]] == ["export.create", "form.update", "form.void"]


def test_the_year_is_its_own_period_and_locks_every_quarter(
        filled: Workspace, signer: P12Signer, tmp_path: Path) -> None:
    run_export(filled, Q3, folder(tmp_path), signer, "Lan", now=SIGNING)
    year = Period(2026, None)
    result = run_export(filled, year, folder(tmp_path, "nam"), signer, "Lan",
                        now=datetime(2027, 1, 5, 10, 0, tzinfo=VIETNAM_TZ))
    assert result.bundle.name == "12345_2026-Y_v1.zip" and result.record.version == 1
    assert json.loads(members(result.bundle)["manifest.json"])["counts"]["forms"] == 16
    ((q4_form, _),) = filled.store.list_forms(FormFilter(serial=15))
    with pytest.raises(PeriodLockedError) as info:
        filled.store.set_form_status(q4_form.id or 0, FormStatus.VOID, "Lan", KEYED_AT, "")
    assert info.value.export == result.record
    assert [e.period_label for e in history(filled)] == ["2026", "2026-Q3"]


# -- failures leave nothing ---------------------------------------------------------------------
def test_a_failure_at_record_time_removes_both_files(filled: Workspace, signer: P12Signer,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(record: object, now: object = None) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(filled.store, "record_export", disk_full)
    out = folder(tmp_path)
    audit_before = list(filled.store.iter_audit())
    with pytest.raises(OSError, match="No space"):
        run_export(filled, Q3, out, signer, "Lan", now=SIGNING)
    assert list(out.iterdir()) == []
    monkeypatch.undo()
    assert history(filled) == [] and list(filled.store.iter_audit()) == audit_before
    assert preview_export(filled, Q3, date(2026, 10, 6)).version == 1


@pytest.mark.parametrize("stop_at", ["report", "data", "sign", "record"])
def test_closing_the_job_before_it_is_recorded_leaves_nothing(
        filled: Workspace, signer: P12Signer, tmp_path: Path, stop_at: str) -> None:
    out = folder(tmp_path)
    job = export_bundle(filled, Q3, out, signer, "Lan", now=SIGNING)
    for progress in job:
        if progress.step == stop_at:
            break
    job.close()
    assert list(out.iterdir()) == []
    assert history(filled) == []
    assert not any(e.action == "export.create" for e in filled.store.iter_audit())


def test_a_pdf_placed_by_someone_else_meanwhile_is_kept(filled: Workspace, signer: P12Signer,
                                                        tmp_path: Path) -> None:
    out = folder(tmp_path)
    job = export_bundle(filled, Q3, out, signer, "Lan", now=SIGNING)
    for progress in job:
        if progress.step == "record":  # the zip is in place, the PDF copy not yet
            (out / "12345_2026-Q3_v1_bao-cao-ky-so.pdf").write_bytes(b"another copy")
            with pytest.raises(FileExistsError):
                next(job)
            break
    assert [p.name for p in out.iterdir()] == ["12345_2026-Q3_v1_bao-cao-ky-so.pdf"]
    assert (out / "12345_2026-Q3_v1_bao-cao-ky-so.pdf").read_bytes() == b"another copy"
    assert history(filled) == []


def test_a_change_made_while_exporting_is_listed_in_the_next_version(
        filled: Workspace, signer: P12Signer, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services import export_bundle as service

    ((form, field),) = filled.store.list_forms(FormFilter(serial=6))
    real_report_content = service.report_content

    def correction_meanwhile(*args: Any, **kwargs: Any) -> Any:
        if not filled.store.list_exports():
            filled.store.update_form(replace(form, opinion="sửa trong lúc xuất"), field, "Minh",
                                     datetime(2026, 10, 5, 9, 29), "")
        return real_report_content(*args, **kwargs)

    monkeypatch.setattr(service, "report_content", correction_meanwhile)
    first = run_export(filled, Q3, folder(tmp_path), signer, "Lan", now=SIGNING)
    files = members(first.bundle)
    assert "sửa trong lúc xuất" in files[DATA_CSV].decode("utf-8-sig")  # in the data…
    log = parse_audit_jsonl(files[AUDIT_LOG])
    assert all(e.action != "form.update" for e in log)  # …not in this bundle's log…
    preview = preview_export(filled, Q3, date(2026, 10, 6))
    assert not preview.blocked  # …so the next version announces it
    assert preview.changes == ("2026-10-05 09:29 · Minh · phiếu 0006: sửa (ý kiến)",)


@pytest.mark.parametrize("taken", ["12345_2026-Q3_v1.zip",
                                   "12345_2026-Q3_v1_bao-cao-ky-so.pdf"])
def test_an_existing_file_is_never_overwritten(filled: Workspace, signer: P12Signer,
                                               tmp_path: Path, taken: str) -> None:
    out = folder(tmp_path)
    (out / taken).write_bytes(b"the clerk's own file")
    with pytest.raises(BundleError) as info:
        run_export(filled, Q3, out, signer, "Lan", now=SIGNING)
    assert info.value.code == "file_exists"
    assert [p.name for p in out.iterdir()] == [taken]
    assert (out / taken).read_bytes() == b"the clerk's own file"
    assert history(filled) == []


def test_a_missing_folder_is_refused(filled: Workspace, signer: P12Signer,
                                     tmp_path: Path) -> None:
    with pytest.raises(BundleError) as info:
        run_export(filled, Q3, tmp_path / "không có", signer, "Lan", now=SIGNING)
    assert info.value.code == "folder_missing" and history(filled) == []


def test_signed_pdf_name() -> None:
    assert signed_pdf_name("12345_2026-Y_v3.zip") == "12345_2026-Y_v3_bao-cao-ky-so.pdf"


# -- determinism ---------------------------------------------------------------------------------
def test_the_same_data_and_time_give_the_same_files(filled: Workspace, signer: P12Signer,
                                                    tmp_path: Path) -> None:
    twin = Workspace.open(tmp_path / "twin", now=Clock())  # set up and filled the same way
    try:
        assert apply_settings(twin, unit_settings(), "Lan") == []
        fill_q3(twin)
        first = run_export(filled, Q3, folder(tmp_path, "a"), signer, "Lan", now=SIGNING)
        second = run_export(twin, Q3, folder(tmp_path, "b"), signer, "Lan", now=SIGNING)
    finally:
        twin.close()
    one, two = members(first.bundle), members(second.bundle)
    for name in (DATA_CSV, DATA_XLSX, REPORT_XLSX, AUDIT_LOG, "manifest.json"):
        assert one[name] == two[name], name
    assert first.bundle.read_bytes() == second.bundle.read_bytes()
    with zipfile.ZipFile(io.BytesIO(one[DATA_XLSX])) as book:
        assert {info.date_time for info in book.infolist()} == {(2026, 10, 5, 9, 30, 0)}
        core = book.read("docProps/core.xml").decode()
    assert core.count("2026-10-05T09:30:00Z") == 2
