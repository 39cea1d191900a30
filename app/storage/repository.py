"""Repositories: one short session per unit of work, domain objects in and out."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.domain.audit import GENESIS_HASH, AuditEntry
from app.domain.forms import FormRecord, FormStatus
from app.domain.settings import UnitSettings
from app.storage.models import AnswerRow, AuditRow, DraftRow, FormRow, QuestionnaireRow, SettingRow

UNIT_SETTINGS_KEY = "unit"


@dataclass(frozen=True)
class SerialUse:
    form_id: int
    keyed_at: datetime
    operator: str
    status: FormStatus


@dataclass(frozen=True)
class FormFilter:
    year: int | None = None
    serial: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    field_code: str | None = None
    operator: str | None = None
    include_void: bool = True


@dataclass(frozen=True)
class TallyCounts:
    year_count: int
    quarter_counts: dict[int, int]
    field_counts: dict[str, int]
    voided: int


def _to_record(row: FormRow) -> FormRecord:
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


def form_snapshot(record: FormRecord, field_code: str) -> dict[str, Any]:
    """What the audit log keeps of a form (before/after values)."""
    return {
        "serial": record.serial,
        "survey_date": record.survey_date.isoformat(),
        "field_code": field_code,
        "questionnaire": f"{record.questionnaire_id}@{record.questionnaire_version}",
        "answers": dict(sorted(record.answers.items())),
        "opinion": record.opinion,
        "status": str(record.status),
        "void_reason": record.void_reason,
    }


def _to_audit(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        operator=row.operator,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        before=json.loads(row.before) if row.before else None,
        after=json.loads(row.after) if row.after else None,
        reason=row.reason,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


class Store:
    """All reads and writes of one database. Thread-safe as long as each call is one unit."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- plain settings ----------------------------------------------------------------
    def get_value(self, key: str, default: Any = None) -> Any:
        with Session(self.engine) as s:
            row = s.get(SettingRow, key)
            return json.loads(row.value) if row else default

    def set_value(self, key: str, value: Any) -> None:
        with Session(self.engine) as s, s.begin():
            s.merge(SettingRow(key=key, value=json.dumps(value, ensure_ascii=False)))

    def get_unit_settings(self) -> UnitSettings | None:
        data = self.get_value(UNIT_SETTINGS_KEY)
        return UnitSettings.from_dict(data) if data else None

    def save_unit_settings(self, settings: UnitSettings, operator: str, now: datetime) -> None:
        with Session(self.engine) as s, s.begin():
            old = s.get(SettingRow, UNIT_SETTINGS_KEY)
            before = json.loads(old.value) if old else None
            after = settings.to_dict()
            s.merge(SettingRow(key=UNIT_SETTINGS_KEY, value=json.dumps(after, ensure_ascii=False)))
            if before != after:
                self._append_audit(s, AuditEntry(now, operator, "settings.update", "settings",
                                                 UNIT_SETTINGS_KEY, before, after))

    # -- questionnaires ----------------------------------------------------------------
    def ensure_questionnaire(self, qid: str, version: str, name: str, definition: str,
                             now: datetime) -> bool:
        """Store a definition once; False if that id/version is already stored."""
        with Session(self.engine) as s, s.begin():
            if s.get(QuestionnaireRow, (qid, version)) is not None:
                return False
            s.add(QuestionnaireRow(id=qid, version=version, name=name, definition=definition,
                                   added_at=now))
            return True

    def questionnaire_definition(self, qid: str, version: str) -> str | None:
        with Session(self.engine) as s:
            row = s.get(QuestionnaireRow, (qid, version))
            return row.definition if row else None

    def list_questionnaires(self) -> list[tuple[str, str, str]]:
        with Session(self.engine) as s:
            rows = s.execute(select(QuestionnaireRow.id, QuestionnaireRow.version,
                                    QuestionnaireRow.name).order_by(QuestionnaireRow.added_at))
            return [(r[0], r[1], r[2]) for r in rows]

    # -- forms -------------------------------------------------------------------------
    def serial_use(self, year: int, serial: int) -> SerialUse | None:
        with Session(self.engine) as s:
            row = s.execute(
                select(FormRow.id, FormRow.keyed_at, FormRow.operator, FormRow.status).where(
                    FormRow.year == year, FormRow.serial == serial)
            ).first()
            return SerialUse(row[0], row[1], row[2], FormStatus(row[3])) if row else None

    def max_serial(self, year: int) -> int:
        with Session(self.engine) as s:
            return s.scalar(select(func.max(FormRow.serial)).where(FormRow.year == year)) or 0

    def last_survey_date(self) -> date | None:
        with Session(self.engine) as s:
            return s.scalar(select(FormRow.survey_date).order_by(FormRow.id.desc()).limit(1))

    def add_form(self, record: FormRecord, field_code: str, now: datetime,
                 *, delete_draft_of: str | None = None) -> FormRecord:
        """Insert a form, its audit entry and drop the operator's draft in one transaction."""
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
            self._append_audit(s, AuditEntry(now, record.operator, "form.create", "form",
                                             str(row.id), None, form_snapshot(saved, field_code)))
            if delete_draft_of is not None:
                draft = s.get(DraftRow, delete_draft_of)
                if draft is not None:
                    s.delete(draft)
        return saved

    def update_form(self, record: FormRecord, field_code: str, operator: str, now: datetime,
                    reason: str = "", *, delete_draft_of: str | None = None) -> FormRecord:
        if record.id is None:
            raise ValueError("update_form needs a stored form")
        with Session(self.engine) as s, s.begin():
            row = s.get(FormRow, record.id)
            if row is None:
                raise KeyError(record.id)
            before = form_snapshot(_to_record(row), row.field_code)
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
            saved = _to_record(row)
            self._append_audit(s, AuditEntry(now, operator, "form.update", "form", str(row.id),
                                             before, form_snapshot(saved, field_code), reason))
            if delete_draft_of is not None:
                draft = s.get(DraftRow, delete_draft_of)
                if draft is not None:
                    s.delete(draft)
        return saved

    def set_form_status(self, form_id: int, status: FormStatus, operator: str, now: datetime,
                        reason: str) -> FormRecord:
        """Void (or restore) a form: it is kept, marked, and left out of tallies."""
        with Session(self.engine) as s, s.begin():
            row = s.get(FormRow, form_id)
            if row is None:
                raise KeyError(form_id)
            before = form_snapshot(_to_record(row), row.field_code)
            row.status = str(status)
            row.void_reason = reason if status is FormStatus.VOID else ""
            row.updated_at = now
            s.flush()
            saved = _to_record(row)
            action = "form.void" if status is FormStatus.VOID else "form.restore"
            self._append_audit(s, AuditEntry(now, operator, action, "form", str(form_id), before,
                                             form_snapshot(saved, row.field_code), reason))
        return saved

    def get_form(self, form_id: int) -> FormRecord | None:
        with Session(self.engine) as s:
            row = s.get(FormRow, form_id)
            return _to_record(row) if row else None

    def form_field_code(self, form_id: int) -> str | None:
        with Session(self.engine) as s:
            return s.scalar(select(FormRow.field_code).where(FormRow.id == form_id))

    def list_forms(self, flt: FormFilter) -> list[tuple[FormRecord, str]]:
        """Forms matching the filter with their field codes, newest serial first."""
        q = select(FormRow)
        if flt.year is not None:
            q = q.where(FormRow.year == flt.year)
        if flt.serial is not None:
            q = q.where(FormRow.serial == flt.serial)
        if flt.date_from is not None:
            q = q.where(FormRow.survey_date >= flt.date_from)
        if flt.date_to is not None:
            q = q.where(FormRow.survey_date <= flt.date_to)
        if flt.field_code is not None:
            q = q.where(FormRow.field_code == flt.field_code)
        if flt.operator is not None:
            q = q.where(FormRow.operator == flt.operator)
        if not flt.include_void:
            q = q.where(FormRow.status == str(FormStatus.ACTIVE))
        q = q.order_by(FormRow.year.desc(), FormRow.serial.desc())
        with Session(self.engine) as s:
            return [(_to_record(r), r.field_code) for r in s.scalars(q)]

    def operators(self) -> list[str]:
        with Session(self.engine) as s:
            return sorted(x for x in s.scalars(select(FormRow.operator).distinct()) if x)

    def tally_counts(self, year: int) -> TallyCounts:
        active = str(FormStatus.ACTIVE)
        with Session(self.engine) as s:
            month = func.cast(func.strftime("%m", FormRow.survey_date), type_=FormRow.year.type)
            quarter = (month - 1) // 3 + 1
            quarter_counts = {
                int(qtr): int(n)
                for qtr, n in s.execute(
                    select(quarter, func.count()).where(FormRow.year == year,
                                                         FormRow.status == active)
                    .group_by(quarter))
            }
            field_counts = {
                str(code): int(n)
                for code, n in s.execute(
                    select(FormRow.field_code, func.count()).where(
                        FormRow.year == year, FormRow.status == active)
                    .group_by(FormRow.field_code))
            }
            voided = s.scalar(select(func.count()).where(
                FormRow.year == year, FormRow.status == str(FormStatus.VOID))) or 0
        return TallyCounts(sum(quarter_counts.values()), quarter_counts, field_counts, voided)

    # -- drafts ------------------------------------------------------------------------
    def save_draft(self, operator: str, data: dict[str, Any], now: datetime) -> None:
        with Session(self.engine) as s, s.begin():
            s.merge(DraftRow(operator=operator, data=json.dumps(data, ensure_ascii=False),
                             saved_at=now))

    def load_draft(self, operator: str) -> tuple[dict[str, Any], datetime] | None:
        with Session(self.engine) as s:
            row = s.get(DraftRow, operator)
            return (json.loads(row.data), row.saved_at) if row else None

    def delete_draft(self, operator: str) -> None:
        with Session(self.engine) as s, s.begin():
            row = s.get(DraftRow, operator)
            if row is not None:
                s.delete(row)

    # -- audit -------------------------------------------------------------------------
    def append_audit(self, entry: AuditEntry) -> AuditEntry:
        with Session(self.engine) as s, s.begin():
            return self._append_audit(s, entry)

    @staticmethod
    def _append_audit(s: Session, entry: AuditEntry) -> AuditEntry:
        last = s.scalar(select(AuditRow.hash).order_by(AuditRow.id.desc()).limit(1))
        chained = replace(entry, prev_hash=last or GENESIS_HASH)
        chained = replace(chained, hash=chained.computed_hash())
        row = AuditRow(
            at=chained.at, operator=chained.operator, action=chained.action,
            entity=chained.entity, entity_id=chained.entity_id,
            before=json.dumps(chained.before, ensure_ascii=False, default=str)
            if chained.before is not None else None,
            after=json.dumps(chained.after, ensure_ascii=False, default=str)
            if chained.after is not None else None,
            reason=chained.reason, prev_hash=chained.prev_hash, hash=chained.hash,
        )
        s.add(row)
        s.flush()
        return replace(chained, id=row.id)

    def iter_audit(self, entity: str | None = None, entity_id: str | None = None
                   ) -> Iterator[AuditEntry]:
        q = select(AuditRow).order_by(AuditRow.id)
        if entity is not None:
            q = q.where(AuditRow.entity == entity)
        if entity_id is not None:
            q = q.where(AuditRow.entity_id == entity_id)
        with Session(self.engine) as s:
            rows: Sequence[AuditRow] = s.scalars(q).all()
            entries = [_to_audit(r) for r in rows]
        yield from entries
