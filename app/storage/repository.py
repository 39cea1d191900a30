"""Repositories: domain objects in and out, one transaction per call.

The keying path (reads, saving a form, drafts, the audit chain) is plain SQL on one sqlite3
connection per thread: start-up does not import SQLAlchemy and a save costs little more than
its fsync. Rarer writes (corrections, voids, settings, questionnaires) go through the typed ORM
in app/storage/writes.py, loaded on first use. The schema itself is the ORM models + Alembic.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.audit import GENESIS_HASH, AuditEntry
from app.domain.exports import ExportRecord, locking_export
from app.domain.forms import FormRecord, FormStatus
from app.domain.issuance import (
    IssuedBatch,
    SpoiledSerial,
    SpoilKind,
    check_new_batch,
    check_spoil,
    clean_reason,
)
from app.domain.settings import UnitSettings
from app.storage.errors import DuplicateSerialError, PeriodLockedError, WriteRefusedError
from app.storage.snapshots import UNIT_SETTINGS_KEY, form_snapshot
from app.storage.sqlite import connect_raw

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.storage.writes import OrmWriter

__all__ = ["UNIT_SETTINGS_KEY", "FormFilter", "IssuanceState", "SerialUse", "Store",
           "TallyCounts", "form_snapshot"]


@dataclass(frozen=True)
class SerialUse:
    """The form already keyed with a serial: when, by whom, whether void."""
    form_id: int
    keyed_at: datetime
    operator: str
    status: FormStatus


@dataclass(frozen=True)
class FormFilter:
    """What the forms list searches by; None means any."""
    year: int | None = None
    serial: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    field_code: str | None = None
    operator: str | None = None
    include_void: bool = True


@dataclass(frozen=True)
class TallyCounts:
    """Active forms by quarter and by field, and voided forms, of one year."""
    year_count: int
    quarter_counts: dict[int, int]
    field_counts: dict[str, int]
    voided: int


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _sql_dt(value: datetime) -> str:
    """The text SQLAlchemy's DateTime writes on SQLite, so both sides read each other's rows."""
    return value.isoformat(" ", timespec="microseconds")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def append_audit_sql(conn: sqlite3.Connection, entry: AuditEntry) -> AuditEntry:
    """Chain and insert one audit entry inside the caller's (write) transaction."""
    row = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    chained = replace(entry, prev_hash=row[0] if row else GENESIS_HASH)
    chained = replace(chained, hash=chained.computed_hash())
    cur = conn.execute(
        "INSERT INTO audit_log (at, operator, action, entity, entity_id, before, after, reason,"
        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_sql_dt(chained.at), chained.operator, chained.action, chained.entity,
         chained.entity_id, _json(chained.before), _json(chained.after), chained.reason,
         chained.prev_hash, chained.hash))
    return replace(chained, id=cur.lastrowid)


_EXPORT_COLUMNS = ("id, period_label, cutoff, start, \"end\", version, file_name, folder, sha256,"
                   " size, certificate_subject, certificate_fingerprint, self_signed, forms,"
                   " active, void, changes, audit_last_id, exported_at, operator")


def _exports(conn: sqlite3.Connection) -> list[ExportRecord]:
    return [
        ExportRecord(id=r[0], period_label=r[1], cutoff=r[2], start=date.fromisoformat(r[3]),
                     end=date.fromisoformat(r[4]), version=r[5], file_name=r[6], folder=r[7],
                     sha256=r[8], size=r[9], certificate_subject=r[10],
                     certificate_fingerprint=r[11], self_signed=bool(r[12]), forms=r[13],
                     active=r[14], void=r[15], changes=r[16], audit_last_id=r[17],
                     exported_at=_dt(r[18]), operator=r[19])
        for r in conn.execute(f"SELECT {_EXPORT_COLUMNS} FROM exports ORDER BY id")]


def check_period_lock(conn: sqlite3.Connection, days: Sequence[date], reason: str) -> None:
    """Inside a write transaction: refuse (PeriodLockedError) a change without a reason to a
    form dated in an exported period. ``days`` are the form's old and new survey dates."""
    if reason.strip():
        return
    placeholders = " OR ".join("(start <= ? AND \"end\" >= ?)" for _ in days)
    params = [day.isoformat() for day in days for _ in (0, 1)]
    if not days or conn.execute(f"SELECT 1 FROM exports WHERE {placeholders} LIMIT 1",
                                params).fetchone() is None:
        return  # the common case, one indexed query: no export covers these dates
    export = locking_export(_exports(conn), days)
    if export is not None:
        raise PeriodLockedError(export)


@dataclass(frozen=True)
class IssuanceState:
    """A year's printed batches, keyed serials and spoiled serials, read together."""
    batches: list[IssuedBatch]
    keyed: frozenset[int]
    spoiled: list[SpoiledSerial]


def _issuance_state(conn: sqlite3.Connection, year: int) -> IssuanceState:
    batches = [
        IssuedBatch(id=r[0], year=r[1], first=r[2], last=r[3], count=r[4],
                    questionnaire_id=r[5], questionnaire_version=r[6], file_name=r[7],
                    operator=r[8], issued_at=_dt(r[9]))
        for r in conn.execute(
            "SELECT id, year, first_serial, last_serial, count, questionnaire_id,"
            " questionnaire_version, file_name, operator, issued_at FROM issued_batches"
            " WHERE year = ? ORDER BY id", (year,))]
    keyed = frozenset(r[0] for r in conn.execute("SELECT serial FROM forms WHERE year = ?",
                                                 (year,)))
    spoiled = [
        SpoiledSerial(year=year, serial=r[0], kind=SpoilKind(r[1]), reason=r[2], operator=r[3],
                      at=_dt(r[4]))
        for r in conn.execute("SELECT serial, kind, reason, operator, at FROM spoiled_serials"
                              " WHERE year = ? ORDER BY serial", (year,))]
    return IssuanceState(batches, keyed, spoiled)


def _insert_form(conn: sqlite3.Connection, record: FormRecord, field_code: str,
                 now: datetime) -> FormRecord:
    stamp = _sql_dt(now)
    cur = conn.execute(
        "INSERT INTO forms (year, serial, survey_date, field_code, questionnaire_id,"
        " questionnaire_version, opinion, status, void_reason, operator, keyed_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (record.year, record.serial, record.survey_date.isoformat(), field_code,
         record.questionnaire_id, record.questionnaire_version, record.opinion,
         str(record.status), record.void_reason, record.operator, stamp, stamp))
    form_id = int(cur.lastrowid or 0)
    conn.executemany("INSERT INTO answers (form_id, question_code, value) VALUES (?, ?, ?)",
                     [(form_id, code, value) for code, value in record.answers.items()])
    return replace(record, id=form_id, keyed_at=now, updated_at=now)


_FORM_COLUMNS = ("id, serial, survey_date, questionnaire_id, questionnaire_version, opinion, "
                 "status, void_reason, operator, keyed_at, updated_at, field_code")


class Store:
    """All reads and writes of one database file.

    ``target`` is the database path (or, for tests, an Engine made by ``make_engine``).
    Reads are safe from any thread (a connection per thread); writes serialise in SQLite.
    """

    def __init__(self, target: Path | Engine) -> None:
        if isinstance(target, Path):
            self.db_path = target
            self._engine: Engine | None = None
        else:
            self._engine = target
            self.db_path = Path(str(target.url.database))
        self._writer: OrmWriter | None = None
        self._writer_lock = threading.Lock()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []

    # -- plumbing ----------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        return self.writer.engine

    @property
    def writer(self) -> OrmWriter:
        if self._writer is None:
            with self._writer_lock:
                if self._writer is None:
                    from app.storage.engine import make_engine
                    from app.storage.writes import OrmWriter

                    self._writer = OrmWriter(self._engine or make_engine(self.db_path))
        return self._writer

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect_raw(self.db_path, check_same_thread=False)
            self._local.conn = conn
            self._connections.append(conn)
        return conn

    def _query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Any]:
        return self._conn().execute(sql, params).fetchall()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; committed (and fsync'd) when the block ends without error."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        for conn in self._connections:
            conn.close()
        self._connections.clear()
        self._local = threading.local()
        if self._writer is not None:
            self._writer.engine.dispose()

    # -- plain settings ----------------------------------------------------------------
    def get_value(self, key: str, default: Any = None) -> Any:
        rows = self._query("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_value(self, key: str, value: Any) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                         "DO UPDATE SET value = excluded.value",
                         (key, json.dumps(value, ensure_ascii=False)))

    def get_unit_settings(self) -> UnitSettings | None:
        data = self.get_value(UNIT_SETTINGS_KEY)
        return UnitSettings.from_dict(data) if data else None

    def save_unit_settings(self, settings: UnitSettings, operator: str, now: datetime) -> None:
        """Save the unit's settings; a change is audited (settings.update, before/after)."""
        self.writer.save_unit_settings(settings, operator, now)

    # -- questionnaires ----------------------------------------------------------------
    def ensure_questionnaire(self, qid: str, version: str, name: str, definition: str,
                             now: datetime) -> bool:
        """Store a definition once; False if that id/version is already stored."""
        return self.writer.ensure_questionnaire(qid, version, name, definition, now)

    def questionnaire_definition(self, qid: str, version: str) -> str | None:
        rows = self._query("SELECT definition FROM questionnaires WHERE id = ? AND version = ?",
                           (qid, version))
        return str(rows[0][0]) if rows else None

    def list_questionnaires(self) -> list[tuple[str, str, str]]:
        rows = self._query("SELECT id, version, name FROM questionnaires ORDER BY added_at")
        return [(r[0], r[1], r[2]) for r in rows]

    # -- forms -------------------------------------------------------------------------
    def serial_use(self, year: int, serial: int) -> SerialUse | None:
        rows = self._query("SELECT id, keyed_at, operator, status FROM forms "
                           "WHERE year = ? AND serial = ?", (year, serial))
        if not rows:
            return None
        r = rows[0]
        return SerialUse(r[0], _dt(r[1]), r[2], FormStatus(r[3]))

    def max_serial(self, year: int) -> int:
        rows = self._query("SELECT max(serial) FROM forms WHERE year = ?", (year,))
        return int(rows[0][0] or 0)

    def last_survey_date(self) -> date | None:
        rows = self._query("SELECT survey_date FROM forms ORDER BY id DESC LIMIT 1")
        return date.fromisoformat(rows[0][0]) if rows else None

    def add_form(self, record: FormRecord, field_code: str, now: datetime,
                 *, delete_draft_of: str | None = None, reason: str = "") -> FormRecord:
        """Insert a form, its audit entry and drop the operator's draft in one transaction.

        Raises DuplicateSerialError when the year already has this serial, PeriodLockedError
        when its date is in an exported period and no ``reason`` is given (nothing written).
        """
        try:
            with self._write() as conn:
                check_period_lock(conn, [record.survey_date], reason)
                saved = _insert_form(conn, record, field_code, now)
                append_audit_sql(conn, AuditEntry(now, record.operator, "form.create", "form",
                                                  str(saved.id), None,
                                                  form_snapshot(saved, field_code), reason))
                if delete_draft_of is not None:
                    conn.execute("DELETE FROM drafts WHERE operator = ?", (delete_draft_of,))
        except sqlite3.IntegrityError as exc:
            if "forms.year, forms.serial" in str(exc):
                raise DuplicateSerialError(record.serial) from exc
            raise
        return saved

    def import_forms(self, forms: Sequence[tuple[FormRecord, str, dict[str, Any]]],
                     now: datetime, *, every: int = 100) -> Generator[int, None, None]:
        """Insert many forms in ONE transaction, each audited ``form.import``; yields the count
        written so far (every ``every`` forms and at the end).

        ``forms``: (record, field code, source) where ``source`` (file, row, the file's
        operator and keyed-at) goes into the audit entry. All or nothing: the transaction
        commits after the last form; closing the generator early or any error rolls it back
        (DuplicateSerialError names the serial another program stored meanwhile;
        PeriodLockedError a form dated in an exported period).
        """
        done = 0
        try:
            with self._write() as conn:
                for record, field_code, source in forms:
                    check_period_lock(conn, [record.survey_date], "")
                    saved = _insert_form(conn, record, field_code, now)
                    append_audit_sql(conn, AuditEntry(
                        now, record.operator, "form.import", "form", str(saved.id), None,
                        {**form_snapshot(saved, field_code), "source": source}))
                    done += 1
                    if done % every == 0:
                        yield done
        except sqlite3.IntegrityError as exc:
            if "forms.year, forms.serial" in str(exc):
                raise DuplicateSerialError(record.serial) from exc
            raise
        yield done

    def update_form(self, record: FormRecord, field_code: str, operator: str, now: datetime,
                    reason: str = "", *, delete_draft_of: str | None = None) -> FormRecord:
        """Correct a stored form (audited ``form.update`` with the reason). PeriodLockedError
        when its old or new date is in an exported period and no reason is given."""
        if record.id is None:
            raise ValueError("update_form needs a stored form")
        return self.writer.update_form(record, field_code, operator, now, reason,
                                       delete_draft_of)

    def set_form_status(self, form_id: int, status: FormStatus, operator: str, now: datetime,
                        reason: str) -> FormRecord:
        """Void (or restore) a form: it is kept, marked, and left out of tallies.
        PeriodLockedError when its date is in an exported period and no reason is given."""
        return self.writer.set_form_status(form_id, status, operator, now, reason)

    def _records(self, where: str, params: tuple[Any, ...], order: str
                 ) -> list[tuple[FormRecord, str]]:
        conn = self._conn()
        conn.execute("BEGIN")  # forms and their answers from one snapshot
        try:
            rows = conn.execute(f"SELECT {_FORM_COLUMNS} FROM forms {where} {order}",
                                params).fetchall()
            answers: dict[int, dict[str, int]] = {r[0]: {} for r in rows}
            if rows:
                ids = [r[0] for r in rows]
                for chunk_start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
                    chunk = ids[chunk_start:chunk_start + 900]
                    marks = ",".join("?" * len(chunk))
                    for form_id, code, value in conn.execute(
                            f"SELECT form_id, question_code, value FROM answers "
                            f"WHERE form_id IN ({marks})", chunk):
                        answers[form_id][code] = value
        finally:
            conn.execute("COMMIT")
        return [
            (FormRecord(
                id=r[0], serial=r[1], survey_date=date.fromisoformat(r[2]),
                questionnaire_id=r[3], questionnaire_version=r[4], answers=answers[r[0]],
                opinion=r[5], status=FormStatus(r[6]), void_reason=r[7], operator=r[8],
                keyed_at=_dt(r[9]), updated_at=_dt(r[10]),
            ), r[11])
            for r in rows
        ]

    def get_form(self, form_id: int) -> FormRecord | None:
        found = self._records("WHERE id = ?", (form_id,), "")
        return found[0][0] if found else None

    def form_field_code(self, form_id: int) -> str | None:
        rows = self._query("SELECT field_code FROM forms WHERE id = ?", (form_id,))
        return str(rows[0][0]) if rows else None

    def list_forms(self, flt: FormFilter) -> list[tuple[FormRecord, str]]:
        """Forms matching the filter with their field codes, newest serial first."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, op, value in (
            ("year", "=", flt.year), ("serial", "=", flt.serial),
            ("survey_date", ">=", flt.date_from.isoformat() if flt.date_from else None),
            ("survey_date", "<=", flt.date_to.isoformat() if flt.date_to else None),
            ("field_code", "=", flt.field_code), ("operator", "=", flt.operator),
        ):
            if value is not None:
                clauses.append(f"{column} {op} ?")
                params.append(value)
        if not flt.include_void:
            clauses.append("status = ?")
            params.append(str(FormStatus.ACTIVE))
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        return self._records(where, tuple(params), "ORDER BY year DESC, serial DESC")

    def operators(self) -> list[str]:
        rows = self._query("SELECT DISTINCT operator FROM forms")
        return sorted(r[0] for r in rows if r[0])

    def tally_counts(self, year: int) -> TallyCounts:
        """Counts of active forms by quarter and field, and voided forms, for one year."""
        rows = self._query(
            "SELECT (CAST(strftime('%m', survey_date) AS INTEGER) - 1) / 3 + 1, field_code, "
            "status, count(*) FROM forms WHERE year = ? GROUP BY 1, 2, 3", (year,))
        quarter_counts: dict[int, int] = {}
        field_counts: dict[str, int] = {}
        voided = 0
        for quarter, field_code, status, n in rows:
            if status != str(FormStatus.ACTIVE):
                voided += n
                continue
            quarter_counts[int(quarter)] = quarter_counts.get(int(quarter), 0) + n
            field_counts[str(field_code)] = field_counts.get(str(field_code), 0) + n
        return TallyCounts(sum(quarter_counts.values()), quarter_counts, field_counts, voided)

    # -- issued batches and spoiled serials (app/domain/issuance.py) -----------------------
    def issuance_state(self, year: int) -> IssuanceState:
        """Batches, keyed serials (active or void) and spoiled serials of a year, one snapshot."""
        conn = self._conn()
        conn.execute("BEGIN")
        try:
            return _issuance_state(conn, year)
        finally:
            conn.execute("COMMIT")

    def add_issued_batch(self, batch: IssuedBatch) -> IssuedBatch:
        """Record a print run (audited ``batch.issue``); refused with WriteRefusedError when a
        numbered range now overlaps serials issued or keyed (checked in the transaction)."""
        with self._write() as conn:
            state = _issuance_state(conn, batch.year)
            issue = check_new_batch(state.batches, state.keyed, batch.count, batch.first,
                                    blank=batch.blank)
            if issue is not None:
                raise WriteRefusedError(issue)
            cur = conn.execute(
                "INSERT INTO issued_batches (year, first_serial, last_serial, count,"
                " questionnaire_id, questionnaire_version, file_name, operator, issued_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (batch.year, batch.first, batch.last, batch.count, batch.questionnaire_id,
                 batch.questionnaire_version, batch.file_name, batch.operator,
                 _sql_dt(batch.issued_at)))
            saved = replace(batch, id=int(cur.lastrowid or 0))
            append_audit_sql(conn, AuditEntry(
                batch.issued_at, batch.operator, "batch.issue", "batch", str(saved.id), None,
                {"year": batch.year, "first": batch.first, "last": batch.last,
                 "count": batch.count, "file": batch.file_name,
                 "questionnaire": f"{batch.questionnaire_id}@{batch.questionnaire_version}"}))
        return saved

    def spoil_serials(self, year: int, serials: Sequence[int], kind: SpoilKind, reason: str,
                      operator: str, now: datetime) -> None:
        """Mark serials spoiled, all or none (WriteRefusedError names the first refusal)."""
        text = clean_reason(reason)
        with self._write() as conn:
            state = _issuance_state(conn, year)
            gone = {s.serial for s in state.spoiled}
            for serial in serials:
                issue = check_spoil(state.batches, state.keyed, gone, serial, kind, text)
                if issue is not None:
                    raise WriteRefusedError(issue)
                gone.add(serial)
                conn.execute("INSERT INTO spoiled_serials (year, serial, kind, reason, operator,"
                             " at) VALUES (?, ?, ?, ?, ?, ?)",
                             (year, serial, str(kind), text, operator, _sql_dt(now)))
                append_audit_sql(conn, AuditEntry(
                    now, operator, "serial.spoil", "serial", f"{year}-{serial}", None,
                    {"year": year, "serial": serial, "kind": str(kind)}, text))

    def unspoil_serials(self, year: int, serials: Sequence[int], operator: str, now: datetime,
                        reason: str = "") -> int:
        """Undo spoiling (the paper turned up); returns how many were spoiled. Audited."""
        undone = 0
        with self._write() as conn:
            for serial in serials:
                row = conn.execute("SELECT kind, reason FROM spoiled_serials WHERE year = ? AND "
                                   "serial = ?", (year, serial)).fetchone()
                if row is None:
                    continue
                conn.execute("DELETE FROM spoiled_serials WHERE year = ? AND serial = ?",
                             (year, serial))
                append_audit_sql(conn, AuditEntry(
                    now, operator, "serial.unspoil", "serial", f"{year}-{serial}",
                    {"year": year, "serial": serial, "kind": row[0], "reason": row[1]}, None,
                    clean_reason(reason)))
                undone += 1
        return undone

    # -- exports (app/domain/exports.py) ---------------------------------------------------
    def list_exports(self) -> list[ExportRecord]:
        """Every bundle exported, oldest first."""
        return _exports(self._conn())

    def record_export(self, record: ExportRecord, now: datetime | None = None) -> ExportRecord:
        """Remember an export (its period is locked from now on); audited ``export.create``
        at ``now``, the workspace clock like every other entry (default: the signing time)."""
        with self._write() as conn:
            cur = conn.execute(
                f"INSERT INTO exports ({_EXPORT_COLUMNS.removeprefix('id, ')}) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.period_label, record.cutoff, record.start.isoformat(),
                 record.end.isoformat(), record.version, record.file_name, record.folder,
                 record.sha256, record.size, record.certificate_subject,
                 record.certificate_fingerprint, int(record.self_signed), record.forms,
                 record.active, record.void, record.changes, record.audit_last_id,
                 _sql_dt(record.exported_at), record.operator))
            saved = replace(record, id=int(cur.lastrowid or 0))
            append_audit_sql(conn, AuditEntry(
                now or record.exported_at, record.operator, "export.create", "export",
                f"{record.period_label}-v{record.version}", None,
                {"period": record.period_label, "start": record.start.isoformat(),
                 "end": record.end.isoformat(), "version": record.version,
                 "file": record.file_name, "sha256": record.sha256,
                 "certificate": record.certificate_fingerprint, "forms": record.forms,
                 "active": record.active, "void": record.void, "changes": record.changes}))
        return saved

    def last_audit_id(self) -> int:
        rows = self._query("SELECT max(id) FROM audit_log")
        return int(rows[0][0] or 0)

    def open_drafts(self) -> list[str]:
        """Operators with a half-keyed form."""
        return [r[0] for r in self._query("SELECT operator FROM drafts ORDER BY operator")]

    # -- drafts ------------------------------------------------------------------------
    def save_draft(self, operator: str, data: dict[str, Any], now: datetime) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO drafts (operator, data, saved_at) VALUES (?, ?, ?) "
                         "ON CONFLICT (operator) DO UPDATE SET data = excluded.data, "
                         "saved_at = excluded.saved_at",
                         (operator, json.dumps(data, ensure_ascii=False), _sql_dt(now)))

    def load_draft(self, operator: str) -> tuple[dict[str, Any], datetime] | None:
        rows = self._query("SELECT data, saved_at FROM drafts WHERE operator = ?", (operator,))
        return (json.loads(rows[0][0]), _dt(rows[0][1])) if rows else None

    def delete_draft(self, operator: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM drafts WHERE operator = ?", (operator,))

    # -- audit -------------------------------------------------------------------------
    def append_audit(self, entry: AuditEntry) -> AuditEntry:
        with self._write() as conn:
            return append_audit_sql(conn, entry)

    def iter_audit(self, entity: str | None = None, entity_id: str | None = None
                   ) -> Iterator[AuditEntry]:
        clauses, params = [], []
        if entity is not None:
            clauses.append("entity = ?")
            params.append(entity)
        if entity_id is not None:
            clauses.append("entity_id = ?")
            params.append(entity_id)
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        rows = self._query(
            "SELECT id, at, operator, action, entity, entity_id, before, after, reason, "
            f"prev_hash, hash FROM audit_log {where} ORDER BY id", tuple(params))
        for r in rows:
            yield AuditEntry(
                id=r[0], at=_dt(r[1]), operator=r[2], action=r[3], entity=r[4],
                entity_id=r[5], before=json.loads(r[6]) if r[6] else None,
                after=json.loads(r[7]) if r[7] else None, reason=r[8], prev_hash=r[9],
                hash=r[10],
            )
