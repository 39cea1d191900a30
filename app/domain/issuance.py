"""Issued batches of printed forms, spoiled serials, and what is still missing.

A numbered batch issues the serials ``first..last`` of a year. A keyed form uses its serial
(active or voided: the paper came back either way). A spoiled serial (torn, lost…) will never
come back. Missing = issued, not keyed, not spoiled. A blank-serial batch (a master for the
photocopier) issues no serial: it is recorded, but never enters these lists.

Pure functions over plain values: the service reads batches, keyed and spoiled serials from the
database and asks here. Refusals are ``Issue`` codes (app/domain/forms.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from app.domain.forms import MAX_SERIAL, Issue
from app.domain.text import nfc

MAX_BATCH_COUNT = 2000  # about five years of a commune's forms; a typo like 42000 is refused
MAX_REASON_LENGTH = 200


class SpoilKind(StrEnum):
    TORN = "torn"  # torn, soiled, misprinted: the paper exists but cannot be used
    LOST = "lost"
    OTHER = "other"  # the reason says what


@dataclass(frozen=True)
class IssuedBatch:
    """One print run. ``first``/``last`` are None for a blank-serial batch."""

    year: int
    count: int
    first: int | None
    last: int | None
    issued_at: datetime
    operator: str
    file_name: str = ""
    questionnaire_id: str = ""
    questionnaire_version: str = ""
    id: int | None = None

    @property
    def blank(self) -> bool:
        return self.first is None

    @property
    def serials(self) -> range:
        if self.first is None or self.last is None:
            return range(0)
        return range(self.first, self.last + 1)

    def covers(self, serial: int) -> bool:
        return serial in self.serials


@dataclass(frozen=True)
class SpoiledSerial:
    """A printed serial marked spoiled (lost, torn, misprinted): not expected back."""
    year: int
    serial: int
    kind: SpoilKind
    reason: str
    at: datetime
    operator: str


@dataclass(frozen=True)
class IssuanceCounts:
    """Counts over the numbered batches of one year; ``keyed`` and ``spoiled`` are of issued
    serials only, so ``issued == keyed + spoiled + missing``. ``keyed_not_issued`` counts
    forms keyed with a serial no batch issued (old stock, hand-numbered photocopies)."""

    issued: int
    keyed: int
    spoiled: int
    missing: int
    keyed_not_issued: int
    batches: int


@dataclass(frozen=True)
class MissingInBatch:
    """One numbered batch's serials not keyed yet, and those marked spoiled."""
    batch: IssuedBatch
    missing: tuple[int, ...]
    spoiled: tuple[SpoiledSerial, ...]


def numbered(batches: Iterable[IssuedBatch]) -> list[IssuedBatch]:
    return sorted((b for b in batches if not b.blank), key=lambda b: b.first or 0)


def is_issued(batches: Iterable[IssuedBatch], serial: int) -> bool:
    return any(b.covers(serial) for b in batches)


def missing_by_batch(batches: Iterable[IssuedBatch], keyed: Collection[int],
                     spoiled: Iterable[SpoiledSerial]) -> list[MissingInBatch]:
    """Per numbered batch (lowest serials first): missing serials and spoiled ones."""
    spoiled_by_serial = {s.serial: s for s in spoiled}
    out = []
    for batch in numbered(batches):
        missing = tuple(n for n in batch.serials
                        if n not in keyed and n not in spoiled_by_serial)
        gone = tuple(spoiled_by_serial[n] for n in batch.serials if n in spoiled_by_serial)
        out.append(MissingInBatch(batch, missing, gone))
    return out


def missing_serials(batches: Iterable[IssuedBatch], keyed: Collection[int],
                    spoiled: Iterable[SpoiledSerial]) -> list[int]:
    return [n for group in missing_by_batch(batches, keyed, spoiled) for n in group.missing]


def issuance_counts(batches: Sequence[IssuedBatch], keyed: Collection[int],
                    spoiled: Iterable[SpoiledSerial]) -> IssuanceCounts:
    issued: set[int] = set()
    for batch in numbered(batches):
        issued.update(batch.serials)
    keyed_issued = sum(1 for n in keyed if n in issued)
    # A spoiled serial whose paper turned up and was keyed after all counts as keyed.
    spoiled_open = len({s.serial for s in spoiled if s.serial in issued and s.serial not in keyed})
    return IssuanceCounts(
        issued=len(issued),
        keyed=keyed_issued,
        spoiled=spoiled_open,
        missing=len(issued) - keyed_issued - spoiled_open,
        keyed_not_issued=len(keyed) - keyed_issued,
        batches=len(numbered(batches)),
    )


def next_expected_serial(batches: Iterable[IssuedBatch], keyed: Collection[int],
                         spoiled: Collection[int]) -> int:
    """The serial the clerk most likely holds next when keying a stack in order.

    Without numbered batches: the year's highest keyed serial + 1. With batches: the lowest
    issued serial above the highest keyed *issued* serial that is neither keyed nor spoiled.
    Gaps left behind (a form not back yet) stay on the missing list rather than pulling the
    suggestion back; a form keyed with a serial no batch issued (a typo, a photocopy) does not
    push the suggestion past the printed stacks. When every issued serial above is used, the
    number after everything issued or keyed (which will warn "not issued").
    """
    runs = numbered(batches)
    top_keyed = max(keyed, default=0)
    if not runs:
        return min(top_keyed + 1, MAX_SERIAL)
    # Highest first: the top keyed serial is nearly always an issued one, so this stops at once
    # (not a check of every keyed serial against every batch, 4.5 M instructions at start-up).
    top_issued_keyed = next((n for n in sorted(keyed, reverse=True) if is_issued(runs, n)), 0)
    for batch in runs:
        assert batch.first is not None and batch.last is not None
        if batch.last <= top_issued_keyed:
            continue
        for n in range(max(batch.first, top_issued_keyed + 1), batch.last + 1):
            if n not in keyed and n not in spoiled:
                return n
    top_issued = max(b.last or 0 for b in runs)
    return min(max(top_keyed, top_issued) + 1, MAX_SERIAL)


def suggested_start(batches: Iterable[IssuedBatch], keyed: Collection[int]) -> int:
    """First serial of a new batch: after every serial issued or keyed this year."""
    top = max([max(keyed, default=0), *(b.last or 0 for b in batches)])
    return min(top + 1, MAX_SERIAL)


def check_new_batch(batches: Iterable[IssuedBatch], keyed: Collection[int], count: int,
                    start: int | None, *, blank: bool) -> Issue | None:
    """Why a batch of ``count`` forms from ``start`` cannot be printed; None when it can.

    A numbered batch may not repeat a serial already issued or keyed this year: two papers
    with one number could never both be keyed.
    """
    if not 1 <= count <= MAX_BATCH_COUNT:
        return Issue("print_count_out_of_range", {"count": count, "max": MAX_BATCH_COUNT})
    if blank:
        return None
    if start is None:
        return Issue("print_start_empty")
    last = start + count - 1
    if start < 1 or last > MAX_SERIAL:
        return Issue("print_range_out_of_range", {"first": start, "last": last,
                                                  "max": MAX_SERIAL})
    for batch in numbered(batches):
        assert batch.first is not None and batch.last is not None
        if batch.first <= last and start <= batch.last:
            return Issue("print_range_issued", {
                "first": max(start, batch.first), "last": min(last, batch.last),
                "batch_first": batch.first, "batch_last": batch.last,
                "issued_at": batch.issued_at, "operator": batch.operator})
    taken = sorted(n for n in keyed if start <= n <= last)
    if taken:
        return Issue("print_range_keyed", {"serials": taken[:5], "count": len(taken)})
    return None


def check_spoil(batches: Iterable[IssuedBatch], keyed: Collection[int],
                spoiled: Collection[int], serial: int, kind: SpoilKind,
                reason: str) -> Issue | None:
    """Only an issued serial that was neither keyed nor already spoiled can be spoiled."""
    if not is_issued(batches, serial):
        return Issue("spoil_not_issued", {"serial": serial})
    if serial in keyed:
        return Issue("spoil_keyed", {"serial": serial})
    if serial in spoiled:
        return Issue("spoil_already", {"serial": serial})
    text = clean_reason(reason)
    if kind is SpoilKind.OTHER and not text:
        return Issue("spoil_reason_empty", {"serial": serial})
    if len(text) > MAX_REASON_LENGTH:
        return Issue("spoil_reason_too_long", {"max": MAX_REASON_LENGTH})
    return None


def clean_reason(text: str) -> str:
    return " ".join(nfc(text).split())
