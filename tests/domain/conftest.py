"""Domain fixtures: the shipped definitions and the schema, loaded once (no Qt, no database)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app import paths
from app.domain.questionnaire import Questionnaire, load_questionnaire_file

XA22_PATH = paths.FORMS_DIR / "xa-22-tieu-chi.json"
SIPAS_PATH = paths.FORMS_DIR / "sipas-2021.json"


@pytest.fixture(scope="session")
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(paths.QUESTIONNAIRE_SCHEMA.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def xa22(schema: dict[str, Any]) -> Questionnaire:
    return load_questionnaire_file(XA22_PATH, schema)


@pytest.fixture(scope="session")
def sipas(schema: dict[str, Any]) -> Questionnaire:
    return load_questionnaire_file(SIPAS_PATH, schema)


@pytest.fixture(scope="session")
def _xa22_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(XA22_PATH.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def xa22_data(_xa22_data: dict[str, Any]) -> dict[str, Any]:
    """A fresh, mutable copy of the shipped 22-item definition, to break in a test."""
    return copy.deepcopy(_xa22_data)


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[..., Path]:
    """Write data as a definition file in tmp_path; returns its path."""

    def write(data: Any, name: str = "huyen.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return path

    return write
