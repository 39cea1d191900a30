"""Correcting a form after the unit reordered or dropped fields of service keeps its field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.entry import FormEntry
from app.services.forms import open_for_correction
from app.services.keying import KeyingService
from app.services.setup import apply_settings, default_settings
from app.services.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = Workspace.open(tmp_path, now=lambda: datetime(2026, 11, 22, 10, 0))
    settings = replace(default_settings(2026), unit_name="Ủy ban nhân dân xã A",
                       unit_code="12345")
    assert apply_settings(ws, settings, "Lan") == []
    yield ws
    ws.close()


def keyed_tnmt(ws: Workspace) -> int:
    q = ws.keying_questionnaire()
    answers = {x.code: 1 for x in q.questions}
    answers[q.field_question.code] = 2  # TNMT in the default list
    saved = KeyingService(ws, "Lan").save(
        FormEntry(q, serial=1, survey_date=date(2026, 3, 1), answers=answers))
    assert not isinstance(saved, list) and saved.id is not None
    return saved.id


def test_reordered_fields_do_not_change_a_corrected_form(ws: Workspace) -> None:
    form_id = keyed_tnmt(ws)
    s = ws.require_settings()
    assert apply_settings(ws, replace(s, fields=(s.fields[1], s.fields[0], s.fields[2])),
                          "Lan") == []
    entry = open_for_correction(ws, form_id)
    assert entry.answers[entry.questionnaire.field_question.code] == 1  # TNMT is now first
    entry.opinion = "chỉ sửa ý kiến"
    assert not isinstance(KeyingService(ws, "Lan").save(entry), list)
    assert ws.store.form_field_code(form_id) == "TNMT"


def test_a_dropped_field_is_asked_again(ws: Workspace) -> None:
    form_id = keyed_tnmt(ws)
    s = ws.require_settings()
    assert apply_settings(ws, replace(s, fields=(s.fields[0], s.fields[2])), "Lan") == []
    entry = open_for_correction(ws, form_id)
    fq = entry.questionnaire.field_question
    assert fq.code not in entry.answers
    assert entry.current is fq
    saved = KeyingService(ws, "Lan").save(entry)
    assert isinstance(saved, list)  # refused until the field is keyed again
    assert ws.store.form_field_code(form_id) == "TNMT"
