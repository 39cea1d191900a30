"""A set-up unit for UI tests: the workspace most screens are tested on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from app.services.setup import apply_settings, default_settings
from app.services.workspace import Workspace

UNIT_NAME = "Ủy ban nhân dân xã Nam Đông"


def set_up_workspace(folder: Path, now: Callable[[], datetime], **changes: Any) -> Workspace:
    """Open ``folder`` and set up Nam Đông (2026, code 12345, operator Lan); ``changes``
    override any setting. The caller closes the workspace."""
    ws = Workspace.open(folder, now=now)
    settings = replace(default_settings(2026), **{"unit_name": UNIT_NAME, "unit_code": "12345",
                                                  **changes})
    assert apply_settings(ws, settings, "Lan") == []
    return ws
