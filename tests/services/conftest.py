"""Services fixtures: a set-up workspace in tmp_path with a clock the test controls."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.domain.entry import FormEntry
from app.domain.settings import UnitSettings
from app.services.keying import KeyingService
from app.services.setup import apply_settings
from app.services.workspace import Workspace

START = datetime(2026, 11, 22, 9, 30, 0)


@dataclass
class Clock:
    """``ws.now``: returns the set time and moves one second on every call (distinct stamps)."""

    current: datetime = START

    def __call__(self) -> datetime:
        value = self.current
        self.current += timedelta(seconds=1)
        return value

    def set(self, value: datetime) -> None:
        self.current = value


def unit_settings(**changes: object) -> UnitSettings:
    values: dict[str, object] = {
        "unit_name": "Ủy ban nhân dân xã Nam Đông", "unit_code": "12345", "year": 2026,
        "place_name": "Nam Đông", "signer_name": "Nguyễn Văn An",
    }
    values.update(changes)
    return UnitSettings(**values)  # type: ignore[arg-type]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bare_ws(tmp_path: Path, clock: Clock) -> Iterator[Workspace]:
    """A workspace with an empty database, not set up yet."""
    ws = Workspace.open(tmp_path / "data", now=clock)
    yield ws
    ws.close()


@pytest.fixture
def ws(bare_ws: Workspace) -> Workspace:
    """Set up for 2026 with the default 22-item questionnaire; operator Lan."""
    assert apply_settings(bare_ws, unit_settings(), "Lan") == []
    return bare_ws


@pytest.fixture
def keying(ws: Workspace) -> KeyingService:
    return KeyingService(ws, "Lan")


FillEntry = Callable[..., FormEntry]


@pytest.fixture
def fill() -> FillEntry:
    """A complete entry: every question answered ``digit`` (field ``field``), ready to save."""

    def make(service: KeyingService, serial: int | None = None, day: date | None = None,
             digit: int = 4, field: int = 1, opinion: str = "") -> FormEntry:
        q = service.questionnaire()
        entry = FormEntry(q, serial=serial or service.next_expected_serial(),
                          survey_date=day or service.default_date(), opinion=opinion)
        entry.answer_current(field)
        while entry.current is not None:
            assert entry.answer_current(min(digit, entry.current.option_count)) is None
        return entry

    return make
