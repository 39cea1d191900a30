"""Typed ORM models. The schema is documented in docs/schema.md; change both together."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class SettingRow(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class QuestionnaireRow(Base):
    """Every definition forms were keyed under, kept verbatim so old forms keep their version."""

    __tablename__ = "questionnaires"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text)  # canonical JSON
    added_at: Mapped[datetime] = mapped_column(DateTime)


class FormRow(Base):
    __tablename__ = "forms"
    __table_args__ = (
        UniqueConstraint("year", "serial", name="uq_forms_year_serial"),
        ForeignKeyConstraint(
            ["questionnaire_id", "questionnaire_version"],
            ["questionnaires.id", "questionnaires.version"],
            name="fk_forms_questionnaire",
        ),
        Index("ix_forms_year_status_date", "year", "status", "survey_date"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    survey_date: Mapped[date] = mapped_column(Date)
    field_code: Mapped[str] = mapped_column(String(16))
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    opinion: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(8), default="active")
    void_reason: Mapped[str] = mapped_column(Text, default="")
    operator: Mapped[str] = mapped_column(String(80))
    keyed_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    answers: Mapped[list[AnswerRow]] = relationship(
        back_populates="form", cascade="all, delete-orphan", lazy="selectin"
    )


class AnswerRow(Base):
    __tablename__ = "answers"
    form_id: Mapped[int] = mapped_column(
        ForeignKey("forms.id", ondelete="CASCADE", name="fk_answers_form"), primary_key=True
    )
    question_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)  # 1..n, 0 blank, 9 unreadable
    form: Mapped[FormRow] = relationship(back_populates="answers")


class DraftRow(Base):
    """The half-keyed form of one operator, rewritten on every answer."""

    __tablename__ = "drafts"
    operator: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[str] = mapped_column(Text)  # JSON from FormEntry.to_draft()
    saved_at: Mapped[datetime] = mapped_column(DateTime)


class AuditRow(Base):
    """Append-only (triggers refuse UPDATE and DELETE) and hash-chained."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON
    after: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class IssuedBatchRow(Base):
    """One print run of blank forms; first/last serial are NULL for a blank-serial master."""

    __tablename__ = "issued_batches"
    __table_args__ = (Index("ix_issued_batches_year", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    first_serial: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_serial: Mapped[int | None] = mapped_column(Integer, nullable=True)
    count: Mapped[int] = mapped_column(Integer)
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    questionnaire_version: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(String(80))
    issued_at: Mapped[datetime] = mapped_column(DateTime)


class SpoiledSerialRow(Base):
    """An issued serial whose paper will not come back (torn, lost…); removed when undone."""

    __tablename__ = "spoiled_serials"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(DateTime)


class ExportRow(Base):
    """A signed bundle written for a period (0003); its period is locked from then on."""

    __tablename__ = "exports"
    __table_args__ = (
        UniqueConstraint("period_label", "start", "end", "version",
                         name="uq_exports_period_version"),
        Index("ix_exports_dates", "start", "end"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_label: Mapped[str] = mapped_column(String(16))
    cutoff: Mapped[str] = mapped_column(String(16))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(Text)
    folder: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    certificate_subject: Mapped[str] = mapped_column(Text)
    certificate_fingerprint: Mapped[str] = mapped_column(String(95))
    self_signed: Mapped[bool] = mapped_column(Boolean)
    forms: Mapped[int] = mapped_column(Integer)
    active: Mapped[int] = mapped_column(Integer)
    void: Mapped[int] = mapped_column(Integer)
    changes: Mapped[int] = mapped_column(Integer)
    audit_last_id: Mapped[int] = mapped_column(Integer)
    exported_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(80))
