"""Audit entries: append-only and hash-chained (each entry carries the hash of the previous)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One line of the append-only audit log: who changed what and when, before and after."""
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
        # Imported here: hashlib loads OpenSSL, ~12 M instructions the keying window's start
        # does not need (benchmarks/bench_startup.py); the first save pays it once.
        import hashlib

        return hashlib.sha256(self.payload().encode("utf-8")).hexdigest()


def first_broken_entry(entries: Iterable[AuditEntry]) -> AuditEntry | None:
    """The first entry whose hash or link to its predecessor does not hold; None if intact."""
    previous = GENESIS_HASH
    for entry in entries:
        if entry.prev_hash != previous or entry.computed_hash() != entry.hash:
            return entry
        previous = entry.hash
    return None


# -- the audit log file of a bundle (nhat-ky.jsonl, docs/bundle.md) -----------------------------
def audit_jsonl(entries: Iterable[AuditEntry]) -> bytes:
    """One JSON object a line (UTF-8, keys sorted): the hashed fields exactly as hashed, plus
    ``id`` and ``hash``, so a receiver recomputes every hash and link (``parse_audit_jsonl``)."""
    lines = []
    for entry in entries:
        record = json.loads(entry.payload())
        record.update(id=entry.id, hash=entry.hash)
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return "".join(lines).encode("utf-8")


class AuditFileError(ValueError):
    """A line of an audit log file that is not an entry; ``line`` is 1-based."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


_ENTRY_FIELDS = {"id", "at", "operator", "action", "entity", "entity_id", "before", "after",
                 "reason", "prev_hash", "hash"}


def parse_audit_jsonl(data: bytes) -> list[AuditEntry]:
    """Read ``audit_jsonl`` output back; AuditFileError names the first line that is not an
    entry (bad UTF-8 or JSON, missing or unexpected fields, wrong types)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AuditFileError(data[:exc.start].count(b"\n") + 1, "not UTF-8") from None
    # Split at "\n" only: str.splitlines also breaks at U+2028, U+0085 and others, which
    # json.dumps(ensure_ascii=False) leaves unescaped inside a clerk's text.
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the newline that ends the last entry
    entries: list[AuditEntry] = []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except ValueError:
            raise AuditFileError(number, "not JSON") from None
        if not isinstance(record, dict) or set(record) != _ENTRY_FIELDS:
            raise AuditFileError(number, "not an audit entry")
        texts = ("at", "operator", "action", "entity", "entity_id", "reason", "prev_hash",
                 "hash")
        if (not all(isinstance(record[k], str) for k in texts)
                or not isinstance(record["id"], int) or isinstance(record["id"], bool)
                or not all(record[k] is None or isinstance(record[k], dict)
                           for k in ("before", "after"))):
            raise AuditFileError(number, "a field has the wrong type")
        try:
            at = datetime.fromisoformat(record["at"])
        except ValueError:
            raise AuditFileError(number, "bad time") from None
        entries.append(AuditEntry(
            at=at, operator=record["operator"], action=record["action"],
            entity=record["entity"], entity_id=record["entity_id"], before=record["before"],
            after=record["after"], reason=record["reason"], prev_hash=record["prev_hash"],
            hash=record["hash"], id=record["id"]))
    return entries


def first_broken_link(entries: Iterable[AuditEntry]) -> AuditEntry | None:
    """Like ``first_broken_entry`` for a segment that starts mid-chain: the first entry's
    ``prev_hash`` is taken as given, every later link and every hash must hold."""
    previous: str | None = None
    for entry in entries:
        if (previous is not None and entry.prev_hash != previous) \
                or entry.computed_hash() != entry.hash:
            return entry
        previous = entry.hash
    return None
