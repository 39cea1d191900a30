"""The exports table (0003) and the lock an export puts on its period: a change to a form dated
in it needs a reason, checked inside the write transaction; without one nothing is written."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from app.domain.audit import first_broken_entry
from app.domain.exports import ExportRecord
from app.domain.forms import FormRecord, FormStatus
from app.domain.periods import Period
from app.storage.engine import make_engine
from app.storage.errors import PeriodLockedError
from app.storage.migrations import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    upgrade_to_head,
)
from app.storage.models import Base
from app.storage.repository import FormFilter, Store, _insert_form, append_audit_sql
from app.storage.snapshots import form_snapshot

from .conftest import NOW, QID, QVERSION, MakeRecord

Q3 = Period(2026, 3)
IN_Q3, IN_Q4, IN_Q2 = date(2026, 8, 15), date(2026, 11, 2), date(2026, 5, 4)
EXPORTED_AT = datetime(2026, 10, 5, 9, 30, 0)
LATER = NOW + timedelta(hours=1)


def export_record(period: Period = Q3, version: int = 1, **changes: Any) -> ExportRecord:
    record = ExportRecord(
        period_label=period.label, cutoff=period.cutoff, start=period.start, end=period.end,
        version=version, file_name=f"12345_{period.label}_v{version}.zip",
        folder="/home/lan/iOffice", sha256="ab" * 32, size=123456,
        certificate_subject="Ủy ban nhân dân xã Nam Đông",
        certificate_fingerprint=":".join(["AB"] * 32), self_signed=True, forms=3, active=2,
        void=1, changes=0, audit_last_id=7, exported_at=EXPORTED_AT, operator="Lan")
    return replace(record, **changes)


def everything(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row a form change could touch, to compare before and after a refusal."""
    conn = sqlite3.connect(db_path)
    try:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                for table in ("forms", "answers", "audit_log", "drafts", "exports")}
    finally:
        conn.close()


@pytest.fixture
def locked(store: Store, make_record: MakeRecord) -> tuple[FormRecord, FormRecord]:
    """A Q3 form and a Q4 form, then Q3 exported (so locked); Lan has a draft open."""
    in_q3 = store.add_form(make_record(1, IN_Q3), "TP", NOW)
    in_q4 = store.add_form(make_record(2, IN_Q4), "TP", NOW)
    store.record_export(export_record())
    store.save_draft("Lan", {"serial": 3}, NOW)
    return in_q3, in_q4


def refused_unchanged(db_path: Path, write: Callable[[], object]) -> PeriodLockedError:
    before = everything(db_path)
    with pytest.raises(PeriodLockedError) as info:
        write()
    assert everything(db_path) == before
    return info.value


# -- the table and its migration ----------------------------------------------------------------
def test_head_has_the_exports_table_as_the_model_says(db_path: Path) -> None:
    # test_migrations compares the whole schema with the models; make sure exports is part of it.
    assert "exports" in Base.metadata.tables
    assert HEAD_REVISION == "0003_exports"
    conn = sqlite3.connect(db_path)
    try:
        indexes = {r[1]: r[2] for r in conn.execute("PRAGMA index_list(exports)")}
        unique = next(name for name, is_unique in indexes.items() if is_unique)
        assert [r[2] for r in conn.execute(f"PRAGMA index_info({unique})")] == [
            "period_label", "start", "end", "version"]
        assert [r[2] for r in conn.execute("PRAGMA index_info(ix_exports_dates)")] == [
            "start", "end"]
    finally:
        conn.close()


def database_at_0002_with_data(path: Path) -> None:
    """What a user of the previous release has: a unit, forms, a batch, the audit chain."""
    command.upgrade(alembic_config(path), "0002_issued_batches")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO settings VALUES ('unit', '{\"unit_name\": \"Xã Nam Đông\"}')")
        conn.execute("INSERT INTO questionnaires VALUES (?, ?, 'Phiếu thử', '{}', ?)",
                     (QID, QVERSION, NOW.isoformat(" ")))
        for serial, day in ((1, IN_Q3), (2, IN_Q4)):
            record = FormRecord(serial=serial, survey_date=day, questionnaire_id=QID,
                                questionnaire_version=QVERSION, answers={"TC1": 4},
                                opinion="Cán bộ tận tình", operator="Lan")
            saved = _insert_form(conn, record, "TP", NOW)
            append_audit_sql(conn, _create_entry(saved))
        conn.execute("INSERT INTO issued_batches (year, first_serial, last_serial, count,"
                     " questionnaire_id, questionnaire_version, file_name, operator, issued_at)"
                     " VALUES (2026, 1, 50, 50, ?, ?, 'in.pdf', 'Lan', ?)",
                     (QID, QVERSION, NOW.isoformat(" ")))
        conn.execute("COMMIT")
    finally:
        conn.close()


def _create_entry(saved: FormRecord) -> Any:
    from app.domain.audit import AuditEntry

    return AuditEntry(NOW, saved.operator, "form.create", "form", str(saved.id), None,
                      form_snapshot(saved, "TP"))


def test_a_0002_database_with_data_upgrades_to_0003_keeping_it(tmp_path: Path) -> None:
    db = tmp_path / "khaosat.sqlite3"
    database_at_0002_with_data(db)
    before = everything_but_exports(db)

    backup = upgrade_to_head(db, tmp_path / "backups")

    assert current_revision(db) == "0003_exports"
    assert backup is not None and current_revision(backup) == "0002_issued_batches"
    assert everything_but_exports(db) == before
    store = Store(make_engine(db))
    try:
        assert store.list_exports() == []
        assert first_broken_entry(store.iter_audit()) is None
        saved = store.record_export(export_record())
        assert store.list_exports() == [saved]
        ((in_q3, _),) = store.list_forms(FormFilter(serial=1))
        with pytest.raises(PeriodLockedError):
            store.set_form_status(in_q3.id or 0, FormStatus.VOID, "Lan", LATER, "")
    finally:
        store.close()


def everything_but_exports(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(db_path)
    try:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("settings", "questionnaires", "forms", "answers", "audit_log",
                              "issued_batches", "spoiled_serials")}
    finally:
        conn.close()


def test_downgrade_from_0003_drops_only_the_exports(db_path: Path, store: Store,
                                                    make_record: MakeRecord) -> None:
    store.add_form(make_record(1, IN_Q3), "TP", NOW)
    store.record_export(export_record())
    store.close()
    store.engine.dispose()
    kept = everything_but_exports(db_path)
    command.downgrade(alembic_config(db_path), "0002_issued_batches")
    assert everything_but_exports(db_path) == kept
    conn = sqlite3.connect(db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert "exports" not in tables and "forms" in tables


# -- recording an export ----------------------------------------------------------------------
def test_record_export_is_stored_listed_and_audited(store: Store) -> None:
    saved = store.record_export(export_record())
    assert saved.id is not None and saved == replace(export_record(), id=saved.id)
    assert store.list_exports() == [saved]
    (entry,) = store.iter_audit()
    assert (entry.action, entry.entity, entry.entity_id, entry.operator, entry.at) == (
        "export.create", "export", "2026-Q3-v1", "Lan", EXPORTED_AT)
    assert entry.before is None and entry.after == {
        "period": "2026-Q3", "start": "2026-07-01", "end": "2026-09-30", "version": 1,
        "file": "12345_2026-Q3_v1.zip", "sha256": "ab" * 32,
        "certificate": ":".join(["AB"] * 32), "forms": 3, "active": 2, "void": 1, "changes": 0}
    assert store.last_audit_id() == entry.id


def test_a_period_version_is_recorded_once(store: Store, db_path: Path) -> None:
    store.record_export(export_record())
    before = everything(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        store.record_export(export_record(file_name="copy.zip"))
    assert everything(db_path) == before  # no second row, no audit entry
    store.record_export(export_record(version=2))
    store.record_export(export_record(Period(2026, 4)))
    assert [(e.period_label, e.version) for e in store.list_exports()] == [
        ("2026-Q3", 1), ("2026-Q3", 2), ("2026-Q4", 1)]


def test_open_drafts_and_last_audit_id(store: Store, make_record: MakeRecord) -> None:
    assert store.open_drafts() == [] and store.last_audit_id() == 0
    store.save_draft("Minh", {}, NOW)
    store.save_draft("Lan", {}, NOW)
    assert store.open_drafts() == ["Lan", "Minh"]
    saved = store.add_form(make_record(1), "TP", NOW, delete_draft_of="Minh")
    assert store.open_drafts() == ["Lan"]
    assert store.last_audit_id() == next(store.iter_audit("form", str(saved.id))).id


# -- the lock ------------------------------------------------------------------------------------
def test_add_form_in_a_locked_period_needs_a_reason(
        store: Store, db_path: Path, make_record: MakeRecord,
        locked: tuple[FormRecord, FormRecord]) -> None:
    error = refused_unchanged(db_path, lambda: store.add_form(
        make_record(3, IN_Q3), "TP", LATER, delete_draft_of="Lan"))
    assert isinstance(error.export, ExportRecord) and error.export.version == 1
    refused_unchanged(db_path, lambda: store.add_form(make_record(3, IN_Q3), "TP", LATER,
                                                      reason="  \n "))

    saved = store.add_form(make_record(3, IN_Q3), "TP", LATER, delete_draft_of="Lan",
                           reason="phiếu nộp muộn")
    entry = list(store.iter_audit("form", str(saved.id)))[-1]
    assert (entry.action, entry.reason) == ("form.create", "phiếu nộp muộn")
    assert store.load_draft("Lan") is None


def test_forms_outside_the_locked_period_need_no_reason(
        store: Store, make_record: MakeRecord, locked: tuple[FormRecord, FormRecord]) -> None:
    _, in_q4 = locked
    store.add_form(make_record(4, IN_Q4), "TP", LATER)
    store.add_form(make_record(5, IN_Q2), "TP", LATER)
    store.update_form(replace(in_q4, opinion="sửa"), "TP", "Lan", LATER)
    store.set_form_status(in_q4.id or 0, FormStatus.VOID, "Lan", LATER, "")
    assert [e.reason for e in store.iter_audit("form", str(in_q4.id))] == ["", "", ""]


@pytest.mark.parametrize(("old_q3", "new_day"), [
    (True, IN_Q3),     # corrected inside the period
    (True, IN_Q4),     # moved out of it: its old date is locked
    (False, IN_Q3),    # moved into it: its new date is locked
])
def test_update_form_touching_a_locked_period_needs_a_reason(
        store: Store, db_path: Path, locked: tuple[FormRecord, FormRecord], old_q3: bool,
        new_day: date) -> None:
    form = locked[0] if old_q3 else locked[1]
    changed = replace(form, survey_date=new_day, answers={"TC1": 1}, opinion="đã sửa")
    refused_unchanged(db_path, lambda: store.update_form(changed, "TP", "Hoa", LATER,
                                                         delete_draft_of="Lan"))

    updated = store.update_form(changed, "TP", "Hoa", LATER, "ghi nhầm ngày")
    assert (updated.survey_date, updated.answers) == (new_day, {"TC1": 1})
    entry = list(store.iter_audit("form", str(form.id)))[-1]
    assert (entry.action, entry.operator, entry.reason) == ("form.update", "Hoa",
                                                            "ghi nhầm ngày")


@pytest.mark.parametrize("status", [FormStatus.VOID, FormStatus.ACTIVE])
def test_void_or_restore_in_a_locked_period_needs_a_reason(
        store: Store, db_path: Path, locked: tuple[FormRecord, FormRecord],
        status: FormStatus) -> None:
    in_q3, _ = locked
    form_id = in_q3.id or 0
    if status is FormStatus.ACTIVE:  # voided (with a reason) first, then restored
        store.set_form_status(form_id, FormStatus.VOID, "Lan", LATER, "phiếu trùng")
    refused_unchanged(db_path, lambda: store.set_form_status(form_id, status, "Lan", LATER, ""))
    store.set_form_status(form_id, status, "Lan", LATER, "đã xác minh")
    entry = list(store.iter_audit("form", str(form_id)))[-1]
    assert entry.reason == "đã xác minh"
    assert store.get_form(form_id).status is status  # type: ignore[union-attr]


def test_import_refuses_a_locked_row_and_writes_none(
        store: Store, db_path: Path, make_record: MakeRecord,
        locked: tuple[FormRecord, FormRecord]) -> None:
    source = {"file": "du-lieu.csv", "row": 2}
    rows = [(make_record(10, IN_Q4), "TP", source), (make_record(11, IN_Q3), "TP", source),
            (make_record(12, IN_Q4), "TP", source)]
    refused_unchanged(db_path, lambda: list(store.import_forms(rows, LATER, every=1)))
    outside = [row for row in rows if row[0].survey_date != IN_Q3]
    assert list(store.import_forms(outside, LATER)) == [2]


def test_the_lock_names_the_latest_export_covering_the_date(
        store: Store, db_path: Path, locked: tuple[FormRecord, FormRecord]) -> None:
    in_q3, in_q4 = locked
    v2 = store.record_export(export_record(version=2, exported_at=EXPORTED_AT + timedelta(1)))
    year = store.record_export(export_record(Period(2026, None),
                                             exported_at=EXPORTED_AT + timedelta(2)))
    error = refused_unchanged(db_path, lambda: store.set_form_status(
        in_q3.id or 0, FormStatus.VOID, "Lan", LATER, ""))
    assert error.export == year
    store.close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DELETE FROM exports WHERE id = ?", (year.id,))
    conn.close()
    error = refused_unchanged(db_path, lambda: store.set_form_status(
        in_q3.id or 0, FormStatus.VOID, "Lan", LATER, ""))
    assert error.export == v2
    # Q4 is not exported on its own, and the year export that covered it is gone
    store.set_form_status(in_q4.id or 0, FormStatus.VOID, "Lan", LATER, "")


def test_the_audit_chain_holds_through_locked_writes(
        store: Store, make_record: MakeRecord, locked: tuple[FormRecord, FormRecord]) -> None:
    in_q3, _ = locked
    with pytest.raises(PeriodLockedError):
        store.update_form(replace(in_q3, opinion="x"), "TP", "Lan", LATER)
    store.update_form(replace(in_q3, opinion="x"), "TP", "Lan", LATER, "lý do")
    store.add_form(make_record(9, IN_Q3), "TP", LATER, reason="lý do")
    assert first_broken_entry(store.iter_audit()) is None
