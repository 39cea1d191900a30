"""The form being keyed: answers, the current question, and its draft (pure state machine).

The UI renders this and forwards keys; all keying rules that are not about widgets live here so
they are tested without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.forms import FormRecord, Issue, clean_opinion
from app.domain.questionnaire import Question, Questionnaire


def digit_of_key_text(text: str) -> int | None:
    """The digit a key produced, whatever the keyboard: '4', keypad '4', fullwidth '４'."""
    if len(text) != 1:
        return None
    try:
        import unicodedata

        return unicodedata.digit(text)
    except (TypeError, ValueError):
        return None


@dataclass
class FormEntry:
    """A form being keyed: its serial, date, answers so far and where the cursor is."""
    questionnaire: Questionnaire
    serial: int | None = None
    survey_date: date | None = None
    answers: dict[str, int] = field(default_factory=dict)
    opinion: str = ""
    index: int = 0  # current question; == len(questions) means the opinion line
    editing_form_id: int | None = None

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.questionnaire.questions

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    @property
    def on_opinion(self) -> bool:
        return self.index >= len(self.questions)

    @property
    def is_empty(self) -> bool:
        return not self.answers and not self.opinion

    def answer_current(self, digit: int) -> Issue | None:
        """Record one key as the answer and advance; refuse a key that is not an option."""
        q = self.current
        if q is None:
            return Issue("no_question")
        if not q.accepts(digit):
            return Issue("answer_out_of_range",
                         {"code": q.code, "answer": digit, "max": q.option_count})
        self.answers[q.code] = digit
        self.index += 1
        return None

    def clear_current(self) -> bool:
        q = self.current
        if q is not None and q.code in self.answers:
            del self.answers[q.code]
            return True
        return False

    def back(self) -> bool:
        """One question back; False when already on the first question."""
        if self.index == 0:
            return False
        self.index -= 1
        return True

    def forward(self) -> bool:
        if self.index >= len(self.questions):
            return False
        self.index += 1
        return True

    def go_to(self, index: int) -> None:
        self.index = max(0, min(index, len(self.questions)))

    def first_unanswered(self) -> int | None:
        for i, q in enumerate(self.questions):
            if q.code not in self.answers:
                return i
        return None

    def to_record(self, operator: str) -> FormRecord:
        if self.serial is None or self.survey_date is None:
            raise ValueError("serial and date must be accepted before building the record")
        return FormRecord(
            serial=self.serial,
            survey_date=self.survey_date,
            questionnaire_id=self.questionnaire.id,
            questionnaire_version=self.questionnaire.version,
            answers=dict(self.answers),
            opinion=clean_opinion(self.opinion),
            operator=operator,
            id=self.editing_form_id,
        )

    # Drafts: what survives a crash, in plain JSON-able values.
    def to_draft(self) -> dict[str, Any]:
        return {
            "questionnaire": [self.questionnaire.id, self.questionnaire.version],
            "serial": self.serial,
            "survey_date": self.survey_date.isoformat() if self.survey_date else None,
            "answers": dict(self.answers),
            "opinion": self.opinion,
            "index": self.index,
            "editing_form_id": self.editing_form_id,
        }

    @classmethod
    def from_draft(cls, questionnaire: Questionnaire, draft: dict[str, Any]) -> FormEntry:
        codes = {q.code: q for q in questionnaire.questions}
        answers = {
            k: int(v) for k, v in dict(draft.get("answers", {})).items()
            if k in codes and codes[k].accepts(int(v))
        }
        raw_date = draft.get("survey_date")
        entry = cls(
            questionnaire=questionnaire,
            serial=draft.get("serial"),
            survey_date=date.fromisoformat(raw_date) if raw_date else None,
            answers=answers,
            opinion=str(draft.get("opinion", "")),
            editing_form_id=draft.get("editing_form_id"),
        )
        entry.go_to(int(draft.get("index", 0)))
        return entry

    @classmethod
    def from_record(cls, questionnaire: Questionnaire, record: FormRecord) -> FormEntry:
        return cls(
            questionnaire=questionnaire,
            serial=record.serial,
            survey_date=record.survey_date,
            answers=dict(record.answers),
            opinion=record.opinion,
            index=len(questionnaire.questions),
            editing_form_id=record.id,
        )
