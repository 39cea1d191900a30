"""What the audit log keeps of a form, shared by the read and write sides."""

from __future__ import annotations

from typing import Any

from app.domain.forms import FormRecord

UNIT_SETTINGS_KEY = "unit"


def form_snapshot(record: FormRecord, field_code: str) -> dict[str, Any]:
    """A form's before/after values in the audit log."""
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
