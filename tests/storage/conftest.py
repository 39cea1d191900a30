"""Storage fixtures: a migrated database in tmp_path and a Store on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.forms import FormRecord
from app.storage.engine import make_engine
from app.storage.migrations import upgrade_to_head
from app.storage.repository import Store

NOW = datetime(2026, 11, 22, 9, 0, 0)
QID, QVERSION = "xa-test", "1"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "khaosat.sqlite3"
    assert upgrade_to_head(path, tmp_path / "backups") is None
    return path


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store(make_engine(db_path))
    s.ensure_questionnaire(QID, QVERSION, "Phiếu thử", "{}", NOW)
    yield s
    s.engine.dispose()


MakeRecord = Callable[..., FormRecord]


@pytest.fixture
def make_record() -> MakeRecord:
    """A form record of the test questionnaire; keyword arguments override fields."""

    def make(serial: int, survey_date: date = date(2026, 11, 20), **changes: object) -> FormRecord:
        record = FormRecord(
            serial=serial, survey_date=survey_date, questionnaire_id=QID,
            questionnaire_version=QVERSION, answers={"LV": 1, "TC1": 4, "TC2": 5},
            opinion="", operator="Lan",
        )
        return replace(record, **changes)  # type: ignore[arg-type]

    return make
