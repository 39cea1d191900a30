"""The engine's durability settings, database-level guarantees, and the Store's reads and writes."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.domain.audit import GENESIS_HASH, AuditEntry, first_broken_entry
from app.domain.forms import FormStatus
from app.storage.engine import BUSY_TIMEOUT_MS, connect_raw, make_engine
from app.storage.errors import DuplicateSerialError
from app.storage.repository import FormFilter, Store

from .conftest import NOW, MakeRecord

# -- engine ------------------------------------------------------------------------------------


def pragmas(conn: sqlite3.Connection) -> tuple[object, ...]:
    return tuple(
        conn.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    )


def test_every_engine_connection_is_wal_full_fk_busy_timeout(db_path: Path) -> None:
    engine = make_engine(db_path)
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            assert pragmas(raw) == ("wal", 2, 1, 5000)
    finally:
        engine.dispose()
    assert BUSY_TIMEOUT_MS == 5000


def test_raw_connection_has_the_same_pragmas(db_path: Path) -> None:
    conn = connect_raw(db_path)
    try:
        assert pragmas(conn) == ("wal", 2, 1, 5000)
    finally:
        conn.close()


def test_transactions_begin_immediate(db_path: Path) -> None:
    # A second writer must wait for (here: fail fast against) the first one's lock.
    engine = make_engine(db_path)
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with engine.begin(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()
        engine.dispose()


# -- database-level guarantees -----------------------------------------------------------------


def test_audit_log_refuses_update_and_delete(store: Store, db_path: Path) -> None:
    store.append_audit(AuditEntry(NOW, "Lan", "settings.update", "settings", "unit", None, {}))
    conn = sqlite3.connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_log SET operator = 'Hoa'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM audit_log")
        conn.rollback()
        row = conn.execute("SELECT count(*), min(operator) FROM audit_log").fetchone()
        assert row == (1, "Lan")
    finally:
        conn.close()


def test_audit_log_refuses_update_through_sqlalchemy(store: Store) -> None:
    store.append_audit(AuditEntry(NOW, "Lan", "form.create", "form", "1", None, {}))
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET reason = 'x'"))
    assert [e.reason for e in store.iter_audit()] == [""]


def test_serial_is_unique_per_year(store: Store, make_record: MakeRecord) -> None:
    store.add_form(make_record(7), "TP", NOW)
    with pytest.raises(DuplicateSerialError):
        store.add_form(make_record(7, date(2026, 1, 2)), "TP", NOW)
    store.add_form(make_record(7, date(2025, 12, 30)), "TP", NOW)  # another year: allowed
    assert len(store.list_forms(FormFilter())) == 2
    # The refused insert left nothing behind: no form, no audit entry.
    assert [e.action for e in store.iter_audit()] == ["form.create", "form.create"]


def test_form_needs_a_stored_questionnaire(store: Store, make_record: MakeRecord) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.add_form(make_record(1, questionnaire_version="9.9"), "TP", NOW)
    assert store.list_forms(FormFilter()) == []


def test_answers_go_with_their_form(store: Store, make_record: MakeRecord, db_path: Path) -> None:
    saved = store.add_form(make_record(1), "TP", NOW)
    conn = connect_raw(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO answers VALUES (999, 'TC1', 3)")
        conn.execute("DELETE FROM forms WHERE id = ?", (saved.id,))
        conn.commit()
        assert conn.execute("SELECT count(*) FROM answers").fetchone() == (0,)
    finally:
        conn.close()


# -- forms -------------------------------------------------------------------------------------


def test_add_form_returns_the_stored_record(store: Store, make_record: MakeRecord) -> None:
    saved = store.add_form(make_record(3, opinion="Rất tốt"), "TP", NOW)
    assert saved.id is not None
    assert (saved.keyed_at, saved.updated_at) == (NOW, NOW)
    assert store.get_form(saved.id) == saved
    assert store.form_field_code(saved.id) == "TP"
    use = store.serial_use(2026, 3)
    assert use is not None
    assert (use.form_id, use.keyed_at, use.operator, use.status) == (
        saved.id, NOW, "Lan", FormStatus.ACTIVE)
    assert store.serial_use(2025, 3) is None
    assert store.max_serial(2026) == 3 and store.max_serial(2025) == 0
    assert store.last_survey_date() == date(2026, 11, 20)


def test_add_form_drops_the_draft_in_the_same_transaction(
    store: Store, make_record: MakeRecord
) -> None:
    store.save_draft("Lan", {"serial": 1}, NOW)
    store.save_draft("Hoa", {"serial": 50}, NOW)
    store.add_form(make_record(1), "TP", NOW, delete_draft_of="Lan")
    assert store.load_draft("Lan") is None
    assert store.load_draft("Hoa") == ({"serial": 50}, NOW)


def test_refused_form_keeps_the_draft(store: Store, make_record: MakeRecord) -> None:
    store.add_form(make_record(1), "TP", NOW)
    store.save_draft("Lan", {"serial": 1}, NOW)
    with pytest.raises(DuplicateSerialError):
        store.add_form(make_record(1), "TP", NOW, delete_draft_of="Lan")
    assert store.load_draft("Lan") == ({"serial": 1}, NOW)


def test_update_form_audits_before_and_after(store: Store, make_record: MakeRecord) -> None:
    saved = store.add_form(make_record(4), "TP", NOW)
    later = NOW + timedelta(hours=1)
    changed = replace(saved, answers={"LV": 2, "TC1": 1, "TC9": 3}, opinion="sửa")
    updated = store.update_form(changed, "TNMT", "Hoa", later, "phiếu ghi nhầm")
    assert updated.answers == {"LV": 2, "TC1": 1, "TC9": 3}
    assert (updated.keyed_at, updated.updated_at, updated.operator) == (NOW, later, "Lan")
    assert store.form_field_code(saved.id or 0) == "TNMT"
    entry = list(store.iter_audit("form", str(saved.id)))[-1]
    assert (entry.action, entry.operator, entry.reason) == ("form.update", "Hoa", "phiếu ghi nhầm")
    assert entry.before is not None and entry.after is not None
    assert entry.before["answers"] == {"LV": 1, "TC1": 4, "TC2": 5}
    assert entry.after["answers"] == {"LV": 2, "TC1": 1, "TC9": 3}
    assert (entry.before["field_code"], entry.after["field_code"]) == ("TP", "TNMT")


def test_update_form_needs_a_stored_form(store: Store, make_record: MakeRecord) -> None:
    with pytest.raises(ValueError):
        store.update_form(make_record(1), "TP", "Lan", NOW)
    with pytest.raises(KeyError):
        store.update_form(make_record(1, id=12345), "TP", "Lan", NOW)


def test_void_and_restore(store: Store, make_record: MakeRecord) -> None:
    saved = store.add_form(make_record(5), "TP", NOW)
    assert saved.id is not None
    voided = store.set_form_status(saved.id, FormStatus.VOID, "Hoa", NOW, "phiếu trùng")
    assert (voided.status, voided.void_reason) == (FormStatus.VOID, "phiếu trùng")
    use = store.serial_use(2026, 5)
    assert use is not None and use.status is FormStatus.VOID
    restored = store.set_form_status(saved.id, FormStatus.ACTIVE, "Hoa", NOW, "")
    assert (restored.status, restored.void_reason) == (FormStatus.ACTIVE, "")
    actions = [e.action for e in store.iter_audit("form", str(saved.id))]
    assert actions == ["form.create", "form.void", "form.restore"]
    with pytest.raises(KeyError):
        store.set_form_status(999, FormStatus.VOID, "Hoa", NOW, "x")


def test_list_forms_filters(store: Store, make_record: MakeRecord) -> None:
    store.add_form(make_record(1, date(2026, 2, 1)), "TP", NOW)
    store.add_form(make_record(2, date(2026, 5, 1), operator="Hoa"), "TNMT", NOW)
    third = store.add_form(make_record(3, date(2026, 8, 1)), "TP", NOW)
    store.add_form(make_record(1, date(2025, 8, 1)), "TP", NOW)
    store.set_form_status(third.id or 0, FormStatus.VOID, "Lan", NOW, "x")

    def serials(**kw: object) -> list[tuple[int, int]]:
        return [(r.year, r.serial) for r, _ in store.list_forms(FormFilter(**kw))]  # type: ignore[arg-type]

    assert serials() == [(2026, 3), (2026, 2), (2026, 1), (2025, 1)]
    assert serials(year=2026, include_void=False) == [(2026, 2), (2026, 1)]
    assert serials(serial=1) == [(2026, 1), (2025, 1)]
    assert serials(date_from=date(2026, 2, 1), date_to=date(2026, 5, 1)) == [(2026, 2), (2026, 1)]
    assert serials(field_code="TNMT") == [(2026, 2)]
    assert serials(operator="Hoa") == [(2026, 2)]
    assert store.operators() == ["Hoa", "Lan"]


# -- tally counts ------------------------------------------------------------------------------


def test_tally_counts_by_quarter_and_field_without_void(
    store: Store, make_record: MakeRecord
) -> None:
    days = [date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 1), date(2026, 9, 30),
            date(2026, 10, 1), date(2026, 11, 15), date(2026, 12, 31)]
    fields = ["TP", "TP", "TNMT", "LDTBXH", "TP", "TNMT", "TNMT"]
    for serial, (day, field) in enumerate(zip(days, fields, strict=True), start=1):
        store.add_form(make_record(serial, day), field, NOW)
    voided = store.add_form(make_record(50, date(2026, 11, 1)), "TP", NOW)
    store.set_form_status(voided.id or 0, FormStatus.VOID, "Lan", NOW, "hỏng")
    store.add_form(make_record(1, date(2025, 11, 1)), "TP", NOW)  # last year: not counted

    counts = store.tally_counts(2026)
    # October, November and December are one quarter (not three groups that overwrite each other).
    assert counts.quarter_counts == {1: 2, 2: 1, 3: 1, 4: 3}
    assert counts.field_counts == {"TP": 3, "TNMT": 3, "LDTBXH": 1}
    assert counts.year_count == 7
    assert counts.voided == 1
    assert sum(counts.field_counts.values()) == counts.year_count


def test_tally_counts_of_an_empty_year(store: Store) -> None:
    counts = store.tally_counts(2026)
    assert (counts.year_count, counts.quarter_counts, counts.field_counts, counts.voided) == (
        0, {}, {}, 0)


# -- settings, questionnaires, drafts ----------------------------------------------------------


def test_values_round_trip(store: Store) -> None:
    assert store.get_value("missing", "mặc định") == "mặc định"
    store.set_value("operators", ["Lan", "Hoà"])
    store.set_value("operators", ["Lan", "Hoà", "Minh"])
    assert store.get_value("operators") == ["Lan", "Hoà", "Minh"]


def test_questionnaire_is_stored_once(store: Store) -> None:
    assert store.ensure_questionnaire("huyen", "2", "Phiếu huyện", '{"a": 1}', NOW) is True
    assert store.ensure_questionnaire("huyen", "2", "Khác", '{"b": 2}', NOW) is False
    assert store.questionnaire_definition("huyen", "2") == '{"a": 1}'
    assert store.questionnaire_definition("huyen", "3") is None
    assert ("huyen", "2", "Phiếu huyện") in store.list_questionnaires()


def test_draft_per_operator(store: Store) -> None:
    store.save_draft("Lan", {"serial": 1, "opinion": "Nguyễn"}, NOW)
    later = NOW + timedelta(seconds=5)
    store.save_draft("Lan", {"serial": 2}, later)
    assert store.load_draft("Lan") == ({"serial": 2}, later)
    store.delete_draft("Lan")
    store.delete_draft("Lan")  # deleting nothing is fine
    assert store.load_draft("Lan") is None


# -- audit chain -------------------------------------------------------------------------------


def test_audit_chain_across_writes(store: Store, make_record: MakeRecord) -> None:
    saved = store.add_form(make_record(1), "TP", NOW)
    store.update_form(replace(saved, opinion="x"), "TP", "Lan", NOW)
    store.set_form_status(saved.id or 0, FormStatus.VOID, "Lan", NOW, "y")
    entries = list(store.iter_audit())
    assert entries[0].prev_hash == GENESIS_HASH
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert first_broken_entry(entries) is None
    assert [e.id for e in entries] == sorted(e.id or 0 for e in entries)


def test_appended_entry_comes_back_identical(store: Store) -> None:
    entry = AuditEntry(datetime(2026, 1, 2, 3, 4, 5, 678901), "Lan", "settings.update",
                       "settings", "unit", {"year": 2025, "tên": "Nam Đông"}, {"year": 2026})
    appended = store.append_audit(entry)
    (stored,) = store.iter_audit()
    assert stored == appended
    assert stored.computed_hash() == stored.hash


def test_tampering_in_the_file_is_detected(store: Store, make_record: MakeRecord,
                                           db_path: Path) -> None:
    for serial in (1, 2, 3):
        store.add_form(make_record(serial), "TP", NOW)
    conn = sqlite3.connect(db_path)
    with conn:  # someone with a database tool drops the trigger and edits history
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET operator = 'Hoa' WHERE id = 2")
    conn.close()
    broken = first_broken_entry(store.iter_audit())
    assert broken is not None and broken.id == 2
