"""First run and settings: validate, store the chosen questionnaire, save the unit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.domain.forms import Issue
from app.domain.questionnaire import Questionnaire
from app.domain.settings import UnitSettings, normalise_unit_code, validate_settings
from app.services.workspace import Workspace, read_questionnaire_file, shipped_questionnaires

OPERATORS_KEY = "operators"
LAST_OPERATOR_KEY = "last_operator"


def available_questionnaires(ws: Workspace) -> list[Questionnaire]:
    """Shipped definitions plus any the unit loaded (district-issued), newest stored last."""
    found: dict[tuple[str, str], Questionnaire] = {q.key: q for q in shipped_questionnaires()}
    for qid, version, _name in ws.store.list_questionnaires():
        if (qid, version) not in found:
            found[(qid, version)] = ws.questionnaire(qid, version)
    return list(found.values())


def add_questionnaire_file(ws: Workspace, path: Path) -> Questionnaire:
    """Validate and store a definition file; raises QuestionnaireError naming what is wrong."""
    q = read_questionnaire_file(path)
    ws.store_questionnaire(q)
    return q


def apply_settings(ws: Workspace, settings: UnitSettings, operator: str) -> list[Issue]:
    """Save the unit settings if valid; on any issue nothing is written."""
    settings = replace(settings, unit_code=normalise_unit_code(settings.unit_code))
    issues = validate_settings(settings)
    chosen = next(
        (q for q in available_questionnaires(ws)
         if q.key == (settings.questionnaire_id, settings.questionnaire_version)),
        None,
    )
    if chosen is None:
        issues.append(Issue("questionnaire_unknown", {"id": settings.questionnaire_id,
                                                      "version": settings.questionnaire_version}))
    if issues:
        return issues
    assert chosen is not None
    ws.store_questionnaire(chosen)
    ws.store.save_unit_settings(settings, operator, ws.now())
    remember_operator(ws, operator)
    return []


def default_settings(year: int) -> UnitSettings:
    return UnitSettings(unit_name="", unit_code="", year=year)


def known_operators(ws: Workspace) -> list[str]:
    stored = ws.store.get_value(OPERATORS_KEY, [])
    return list(stored)


def last_operator(ws: Workspace) -> str | None:
    value = ws.store.get_value(LAST_OPERATOR_KEY)
    return str(value) if value else None


def remember_operator(ws: Workspace, name: str) -> None:
    name = " ".join(name.split())
    if not name:
        return
    names = known_operators(ws)
    if name not in names:
        names.append(name)
        ws.store.set_value(OPERATORS_KEY, names)
    ws.store.set_value(LAST_OPERATOR_KEY, name)
