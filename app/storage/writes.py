"""Every write, through the typed ORM models, one transaction per call.

Imported lazily by Store on the first write (SQLAlchemy's import is most of a start-up budget;
the first paint needs only reads, which app/storage/repository.py does with plain sqlite3).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, configure_mappers

from app.domain.audit import GENESIS_HASH, AuditEntry
from app.domain.forms import FormRecord, FormStatus
from app.domain.settings import UnitSettings
from app.storage.errors import DuplicateSerialError
from app.storage.models import AnswerRow, AuditRow, DraftRow, FormRow, QuestionnaireRow, SettingRow
from app.storage.snapshots import UNIT_SETTINGS_KEY, form_snapshot

configure_mappers()  # pay the mapper set-up at import (in the warm-up), not on the first save


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


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _append_audit(s: Session, entry: AuditEntry) -> AuditEntry:
    last = s.scalar(select(AuditRow.hash).order_by(AuditRow.id.desc()).limit(1))
    chained = replace(entry, prev_hash=last or GENESIS_HASH)
    chained = replace(chained, hash=chained.computed_hash())
    row = AuditRow(
        at=chained.at, operator=chained.operator, action=chained.action,
        entity=chained.entity, entity_id=chained.entity_id,
        before=_dump(chained.before), after=_dump(chained.after),
        reason=chained.reason, prev_hash=chained.prev_hash, hash=chained.hash,
    )
    s.add(row)
    s.flush()
    return replace(chained, id=row.id)


def _drop_draft(s: Session, operator: str | None) -> None:
    if operator is not None:
        draft = s.get(DraftRow, operator)
        if draft is not None:
            s.delete(draft)


class OrmWriter:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def set_value(self, key: str, value: Any) -> None:
        with Session(self.engine) as s, s.begin():
            s.merge(SettingRow(key=key, value=json.dumps(value, ensure_ascii=False)))

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

    def add_form(self, record: FormRecord, field_code: str, now: datetime,
                 delete_draft_of: str | None) -> FormRecord:
        try:
            return self._add_form(record, field_code, now, delete_draft_of)
        except IntegrityError as exc:
            if "uq_forms_year_serial" in str(exc) or "forms.year, forms.serial" in str(exc):
                raise DuplicateSerialError(record.serial) from exc
            raise

    def _add_form(self, record: FormRecord, field_code: str, now: datetime,
                  delete_draft_of: str | None) -> FormRecord:
        with Session(self.engine) as s, s.begin():
            row = FormRow(
                year=record.year, serial=record.serial, survey_date=record.survey_date,
                field_code=field_code, questionnaire_id=record.questionnaire_id,
                questionnaire_version=record.questionnaire_version, opinion=record.opinion,
                status=str(record.status), void_reason=record.void_reason,
                operator=record.operator, keyed_at=now, updated_at=now,
                answers=[AnswerRow(question_code=k, value=v) for k, v in record.answers.items()],
            )
            s.add(row)
            s.flush()
            saved = replace(record, id=row.id, keyed_at=now, updated_at=now)
            _append_audit(s, AuditEntry(now, record.operator, "form.create", "form",
                                        str(row.id), None, form_snapshot(saved, field_code)))
            _drop_draft(s, delete_draft_of)
        return saved

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

    def save_draft(self, operator: str, data: dict[str, Any], now: datetime) -> None:
        with Session(self.engine) as s, s.begin():
            s.merge(DraftRow(operator=operator, data=json.dumps(data, ensure_ascii=False),
                             saved_at=now))

    def delete_draft(self, operator: str) -> None:
        with Session(self.engine) as s, s.begin():
            _drop_draft(s, operator)

    def append_audit(self, entry: AuditEntry) -> AuditEntry:
        with Session(self.engine) as s, s.begin():
            return _append_audit(s, entry)
