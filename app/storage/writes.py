"""The rarer writes (corrections, voids, settings, questionnaires) through the typed ORM.

Imported lazily by Store on first use: SQLAlchemy's import is most of a start-up budget, and
the keying path (app/storage/repository.py) does not need it.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, configure_mappers

from app.domain.audit import AuditEntry
from app.domain.forms import FormRecord, FormStatus
from app.domain.settings import UnitSettings
from app.storage.errors import DuplicateSerialError
from app.storage.models import AnswerRow, DraftRow, FormRow, QuestionnaireRow, SettingRow
from app.storage.snapshots import UNIT_SETTINGS_KEY, form_snapshot

configure_mappers()  # at import, so the first correction does not also pay the mapper set-up


def _row_record(row: FormRow) -> FormRecord:
    return FormRecord(
        id=row.id,
        serial=row.serial,
        survey_date=row.survey_date,
        questionnaire_id=row.questionnaire_id,
        questionnaire_version=row.questionnaire_version,
        answers={a.question_code: a.value for a in row.answers},
        opinion=row.opinion,
        status=FormStatus(row.status),
        void_reason=row.void_reason,
        operator=row.operator,
        keyed_at=row.keyed_at,
        updated_at=row.updated_at,
    )


def _append_audit(s: Session, entry: AuditEntry) -> AuditEntry:
    """The same chained append as the SQL path, inside this session's transaction."""
    from app.storage.repository import append_audit_sql

    raw = s.connection().connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return append_audit_sql(raw, entry)


def _check_lock(s: Session, days: list[date], reason: str) -> None:
    from app.storage.repository import check_period_lock

    raw = s.connection().connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    check_period_lock(raw, days, reason)


def _drop_draft(s: Session, operator: str | None) -> None:
    if operator is not None:
        draft = s.get(DraftRow, operator)
        if draft is not None:
            s.delete(draft)


class OrmWriter:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save_unit_settings(self, settings: UnitSettings, operator: str, now: datetime) -> None:
        with Session(self.engine) as s, s.begin():
            old = s.get(SettingRow, UNIT_SETTINGS_KEY)
            before = json.loads(old.value) if old else None
            after = settings.to_dict()
            s.merge(SettingRow(key=UNIT_SETTINGS_KEY, value=json.dumps(after, ensure_ascii=False)))
            if before != after:
                _append_audit(s, AuditEntry(now, operator, "settings.update", "settings",
                                            UNIT_SETTINGS_KEY, before, after))

    def ensure_questionnaire(self, qid: str, version: str, name: str, definition: str,
                             now: datetime) -> bool:
        with Session(self.engine) as s, s.begin():
            if s.get(QuestionnaireRow, (qid, version)) is not None:
                return False
            s.add(QuestionnaireRow(id=qid, version=version, name=name, definition=definition,
                                   added_at=now))
            return True

    def update_form(self, record: FormRecord, field_code: str, operator: str, now: datetime,
                    reason: str, delete_draft_of: str | None) -> FormRecord:
        try:
            return self._update_form(record, field_code, operator, now, reason, delete_draft_of)
        except IntegrityError as exc:
            if "uq_forms_year_serial" in str(exc) or "forms.year, forms.serial" in str(exc):
                raise DuplicateSerialError(record.serial) from exc
            raise

    def _update_form(self, record: FormRecord, field_code: str, operator: str, now: datetime,
                     reason: str, delete_draft_of: str | None) -> FormRecord:
        with Session(self.engine) as s, s.begin():
            row = s.get(FormRow, record.id)
            if row is None:
                raise KeyError(record.id)
            _check_lock(s, [row.survey_date, record.survey_date], reason)
            before = form_snapshot(_row_record(row), row.field_code)
            row.year = record.year
            row.serial = record.serial
            row.survey_date = record.survey_date
            row.field_code = field_code
            row.opinion = record.opinion
            row.updated_at = now
            existing = {a.question_code: a for a in row.answers}
            for code, value in record.answers.items():
                if code in existing:
                    existing[code].value = value
                else:
                    row.answers.append(AnswerRow(question_code=code, value=value))
            for code, answer in existing.items():
                if code not in record.answers:
                    row.answers.remove(answer)
            s.flush()
            saved = _row_record(row)
            _append_audit(s, AuditEntry(now, operator, "form.update", "form", str(row.id),
                                        before, form_snapshot(saved, field_code), reason))
            _drop_draft(s, delete_draft_of)
        return saved

    def set_form_status(self, form_id: int, status: FormStatus, operator: str, now: datetime,
                        reason: str) -> FormRecord:
        with Session(self.engine) as s, s.begin():
            row = s.get(FormRow, form_id)
            if row is None:
                raise KeyError(form_id)
            _check_lock(s, [row.survey_date], reason)
            before = form_snapshot(_row_record(row), row.field_code)
            row.status = str(status)
            row.void_reason = reason if status is FormStatus.VOID else ""
            row.updated_at = now
            s.flush()
            saved = _row_record(row)
            action = "form.void" if status is FormStatus.VOID else "form.restore"
            _append_audit(s, AuditEntry(now, operator, action, "form", str(form_id), before,
                                        form_snapshot(saved, row.field_code), reason))
        return saved

