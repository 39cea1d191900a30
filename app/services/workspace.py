"""Opening a data folder: the database file, migrations, and the clock everything uses."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import paths
from app.domain.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    load_questionnaire_file,
    parse_questionnaire,
)
from app.domain.settings import UnitSettings
from app.storage.migrations import upgrade_to_head
from app.storage.repository import Store

if TYPE_CHECKING:
    from app.services.single_writer import WriterLock

DB_FILENAME = "khaosat.sqlite3"
DATA_DIR_ENV = "KHAOSAT_DATA_DIR"
DEMO_SUBDIR = "demo"


def default_data_dir() -> Path:
    """``KHAOSAT_DATA_DIR`` if set, else the per-user data folder (platformdirs)."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("khaosat", appauthor=False, roaming=False))


@cache
def questionnaire_schema() -> dict[str, Any]:
    with open(paths.QUESTIONNAIRE_SCHEMA, encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def shipped_questionnaires() -> list[Questionnaire]:
    """The definitions that come with the program (resources/forms/*.json)."""
    out = []
    for path in sorted(paths.FORMS_DIR.glob("*.json")):
        if path.name.endswith(".schema.json"):
            continue
        out.append(load_questionnaire_file(path, questionnaire_schema()))
    return out


def read_questionnaire_file(path: Path) -> Questionnaire:
    """A definition file (e.g. one issued by the district); raises QuestionnaireError."""
    return load_questionnaire_file(path, questionnaire_schema())


@dataclass
class Workspace:
    """An open data folder: its database, its writer lock and its questionnaires."""
    data_dir: Path
    store: Store
    now: Callable[[], datetime] = datetime.now
    _questionnaires: dict[tuple[str, str], Questionnaire] = field(default_factory=dict)
    _lock: WriterLock | None = None

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    def today(self) -> date:
        return self.now().date()

    @classmethod
    def open(cls, data_dir: Path, now: Callable[[], datetime] = datetime.now) -> Workspace:
        """Create the folder if needed, lock it, check, back up and migrate, open the database.

        Raises WorkspaceLockedError (another copy of the program has the folder open),
        DatabaseDamagedError (the start-up check failed: nothing was written),
        DatabaseTooNewError / NotAKhaosatDatabaseError (refused unchanged), or OSError.
        """
        from app.services.health import require_healthy
        from app.services.single_writer import WriterLock

        data_dir.mkdir(parents=True, exist_ok=True)
        db_path = data_dir / DB_FILENAME
        lock = WriterLock.acquire(data_dir)
        try:
            require_healthy(db_path, data_dir)
            upgrade_to_head(db_path, data_dir / "backups")
        except BaseException:
            lock.release()
            raise
        return cls(data_dir=data_dir, store=Store(db_path), now=now, _lock=lock)

    def close(self) -> None:
        self.store.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def close_connections(self) -> None:
        """Drop every open connection and cached definition (the file is about to change);
        the store reconnects on its next use. The folder stays locked."""
        self.store.close()
        self._questionnaires.clear()

    # -- settings ------------------------------------------------------------------------
    @property
    def settings(self) -> UnitSettings | None:
        return self.store.get_unit_settings()

    def require_settings(self) -> UnitSettings:
        s = self.settings
        if s is None:
            raise NotSetUpError()
        return s

    # -- questionnaires ------------------------------------------------------------------
    def store_questionnaire(self, q: Questionnaire) -> bool:
        self._questionnaires.pop(q.key, None)
        return self.store.ensure_questionnaire(
            q.id, q.version, q.name, q.to_json_text(), self.now()
        )

    def questionnaire(self, qid: str, version: str) -> Questionnaire:
        """A stored definition (the exact one forms were keyed under)."""
        key = (qid, version)
        cached = self._questionnaires.get(key)
        if cached is None:
            text = self.store.questionnaire_definition(qid, version)
            if text is None:
                raise QuestionnaireError(f"{qid}@{version}", "$", "not_stored", {})
            # Stored copies were validated when they were added; build without the schema pass.
            cached = parse_questionnaire(text, f"{qid}@{version}", schema=None)
            self._questionnaires[key] = cached
        return cached

    def keying_questionnaire(self) -> Questionnaire:
        """The unit's current definition with the unit's own fields of service."""
        s = self.require_settings()
        return self.questionnaire(s.questionnaire_id, s.questionnaire_version).with_field_options(
            s.fields
        )


class NotSetUpError(Exception):
    """The data folder has no unit settings yet: run the first-run wizard or `khaosat setup`."""
