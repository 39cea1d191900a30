"""Audit entries: append-only and hash-chained (each entry carries the hash of the previous)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    operator: str
    action: str  # form.create | form.update | form.void | settings.update | draft.discard ...
    entity: str  # "form", "settings"
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    reason: str = ""
    prev_hash: str = GENESIS_HASH
    hash: str = ""
    id: int | None = None

    def payload(self) -> str:
        """The canonical text that is hashed: every field but ``hash`` and ``id``."""
        return json.dumps(
            {
                "at": self.at.isoformat(timespec="microseconds"),
                "operator": self.operator,
                "action": self.action,
                "entity": self.entity,
                "entity_id": self.entity_id,
                "before": self.before,
                "after": self.after,
                "reason": self.reason,
                "prev_hash": self.prev_hash,
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
            default=str,
        )

    def computed_hash(self) -> str:
        return hashlib.sha256(self.payload().encode("utf-8")).hexdigest()


def first_broken_entry(entries: Iterable[AuditEntry]) -> AuditEntry | None:
    """The first entry whose hash or link to its predecessor does not hold; None if intact."""
    previous = GENESIS_HASH
    for entry in entries:
        if entry.prev_hash != previous or entry.computed_hash() != entry.hash:
            return entry
        previous = entry.hash
    return None
