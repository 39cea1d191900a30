"""A keyed paper form and its validation (codes, never sentences)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from app.domain.questionnaire import Questionnaire
from app.domain.text import nfc

SERIAL_DIGITS = 4  # shown zero-padded, "0124"; longer serials are shown as they are
MAX_SERIAL = 999_999


class FormStatus(StrEnum):
    ACTIVE = "active"
    VOID = "void"


@dataclass(frozen=True)
class Issue:
    """A validation refusal: ``code`` plus parameters the UI turns into a sentence."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FormRecord:
    """A stored form: one paper form's serial, date and answers, and who keyed it when."""
    serial: int
    survey_date: date
    questionnaire_id: str
    questionnaire_version: str
    answers: Mapping[str, int]  # question code -> answer code (0 blank, 9 unreadable)
    opinion: str = ""
    status: FormStatus = FormStatus.ACTIVE
    operator: str = ""
    keyed_at: datetime | None = None
    updated_at: datetime | None = None
    void_reason: str = ""
    id: int | None = None

    @property
    def year(self) -> int:
        return self.survey_date.year

    def field_code(self, questionnaire: Questionnaire) -> str:
        """The stable field-of-service code, or "0"/"9" when blank/unreadable on paper."""
        q = questionnaire.field_question
        answer = self.answers.get(q.code, 0)
        if 1 <= answer <= len(q.options):
            return q.options[answer - 1].code
        return str(answer)


def format_serial(serial: int) -> str:
    return f"{serial:0{SERIAL_DIGITS}d}"


def parse_serial(text: str) -> int | Issue:
    cleaned = text.strip()
    if not cleaned:
        return Issue("serial_empty")
    if not re.fullmatch(r"\d{1,6}", cleaned):
        return Issue("serial_not_number", {"text": cleaned})
    value = int(cleaned)
    if value < 1 or value > MAX_SERIAL:
        return Issue("serial_out_of_range", {"max": MAX_SERIAL})
    return value


def validate_form(record: FormRecord, questionnaire: Questionnaire) -> list[Issue]:
    """Every problem of a complete form; empty when it can be saved."""
    issues: list[Issue] = []
    if not 1 <= record.serial <= MAX_SERIAL:
        issues.append(Issue("serial_out_of_range", {"max": MAX_SERIAL}))
    for q in questionnaire.questions:
        if q.code not in record.answers:
            issues.append(
                Issue("answer_missing", {"code": q.code, "number": q.number, "short": q.short})
            )
        elif not q.accepts(record.answers[q.code]):
            issues.append(
                Issue("answer_out_of_range",
                      {"code": q.code, "answer": record.answers[q.code], "max": q.option_count})
            )
    unknown = sorted(set(record.answers) - {q.code for q in questionnaire.questions})
    if unknown:
        issues.append(Issue("answer_unknown_question", {"codes": unknown}))
    if len(record.opinion) > questionnaire.opinion.max_length:
        issues.append(Issue("opinion_too_long", {"max": questionnaire.opinion.max_length}))
    return issues


def clean_opinion(text: str) -> str:
    """One line, NFC, trimmed: the opinion is keyed as a single line."""
    return " ".join(nfc(text).split())
