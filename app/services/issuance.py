"""Issued serials: what is missing ("Phiếu chưa nhập"), spoiling and undoing it, the counts.

The rules are in app/domain/issuance.py; this module reads one consistent snapshot of the
working year and writes through the store (every write audited, all-or-nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.forms import Issue
from app.domain.issuance import (
    IssuanceCounts,
    IssuedBatch,
    MissingInBatch,
    SpoilKind,
    issuance_counts,
    missing_by_batch,
)
from app.services.workspace import Workspace
from app.storage.errors import WriteRefusedError


@dataclass(frozen=True)
class IssuanceOverview:
    year: int
    counts: IssuanceCounts
    groups: list[MissingInBatch]  # numbered batches, lowest serials first
    blank_batches: list[IssuedBatch]  # photocopy masters: recorded, no serials

    @property
    def missing(self) -> list[int]:
        return [n for group in self.groups for n in group.missing]


def overview(ws: Workspace, year: int | None = None) -> IssuanceOverview:
    """Missing and spoiled serials per batch of the year (default: the working year)."""
    year = year if year is not None else ws.require_settings().year
    state = ws.store.issuance_state(year)
    return IssuanceOverview(
        year=year,
        counts=issuance_counts(state.batches, state.keyed, state.spoiled),
        groups=missing_by_batch(state.batches, state.keyed, state.spoiled),
        blank_batches=[b for b in state.batches if b.blank],
    )


def counts(ws: Workspace, year: int | None = None) -> IssuanceCounts:
    year = year if year is not None else ws.require_settings().year
    state = ws.store.issuance_state(year)
    return issuance_counts(state.batches, state.keyed, state.spoiled)


def spoil(ws: Workspace, operator: str, serials: Sequence[int], kind: SpoilKind,
          reason: str = "") -> Issue | None:
    """Mark issued, unkeyed serials spoiled (off the missing list); a refusal writes nothing."""
    if not serials:
        return Issue("spoil_nothing_selected")
    try:
        ws.store.spoil_serials(ws.require_settings().year, serials, kind, reason, operator,
                               ws.now())
    except WriteRefusedError as exc:
        assert isinstance(exc.issue, Issue)
        return exc.issue
    return None


def unspoil(ws: Workspace, operator: str, serials: Sequence[int], reason: str = "") -> int:
    """The paper turned up: the serials are missing again until keyed. Returns how many."""
    return ws.store.unspoil_serials(ws.require_settings().year, serials, operator, ws.now(),
                                    reason)
