"""Issued batches: missing = issued - keyed - spoiled, the next expected serial, new batches."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from app.domain.issuance import (
    MAX_BATCH_COUNT,
    IssuanceCounts,
    IssuedBatch,
    SpoiledSerial,
    SpoilKind,
    check_new_batch,
    check_spoil,
    is_issued,
    issuance_counts,
    missing_by_batch,
    missing_serials,
    next_expected_serial,
    suggested_start,
)

AT = datetime(2026, 3, 2, 8, 0)


def batch(first: int | None, count: int, at: datetime = AT) -> IssuedBatch:
    last = None if first is None else first + count - 1
    return IssuedBatch(year=2026, count=count, first=first, last=last, issued_at=at,
                       operator="Lan")


def spoiled(*serials: int, kind: SpoilKind = SpoilKind.TORN) -> list[SpoiledSerial]:
    return [SpoiledSerial(2026, n, kind, "rách", AT, "Lan") for n in serials]


def test_issue_a_range_key_some_spoil_some() -> None:
    batches = [batch(1, 10), batch(21, 5)]
    keyed = {1, 2, 3, 5, 22, 40}  # 40 was never issued
    gone = spoiled(4, 23)
    assert missing_serials(batches, keyed, gone) == [6, 7, 8, 9, 10, 21, 24, 25]
    groups = missing_by_batch(batches, keyed, gone)
    assert [g.batch.first for g in groups] == [1, 21]
    assert groups[0].missing == (6, 7, 8, 9, 10)
    assert [s.serial for s in groups[0].spoiled] == [4]
    assert issuance_counts(batches, keyed, gone) == IssuanceCounts(
        issued=15, keyed=5, spoiled=2, missing=8, keyed_not_issued=1, batches=2)


def test_a_blank_serial_batch_issues_nothing() -> None:
    batches = [batch(None, 200)]
    assert batches[0].blank and not is_issued(batches, 1)
    assert missing_serials(batches, {3}, []) == []
    counts = issuance_counts(batches, {3}, [])
    assert (counts.issued, counts.missing, counts.keyed_not_issued, counts.batches) == (0, 0, 1, 0)


def test_a_spoiled_form_keyed_after_all_counts_as_keyed() -> None:
    counts = issuance_counts([batch(1, 5)], {1, 2}, spoiled(2))
    assert (counts.keyed, counts.spoiled, counts.missing) == (2, 0, 3)


def test_next_expected_without_batches_is_highest_keyed_plus_one() -> None:
    assert next_expected_serial([], set(), set()) == 1
    assert next_expected_serial([], {1, 2, 40}, set()) == 41
    assert next_expected_serial([batch(None, 50)], {7}, set()) == 8


def test_next_expected_follows_the_batches() -> None:
    batches = [batch(1, 10), batch(101, 10)]
    assert next_expected_serial(batches, set(), set()) == 1
    # A gap left behind (form 3 not back yet) does not pull the suggestion back.
    assert next_expected_serial(batches, {1, 2, 4}, set()) == 5
    # Spoiled serials are skipped; the end of a batch jumps to the next batch.
    assert next_expected_serial(batches, {1, 2, 3, 4, 5, 6, 7, 8}, {9, 10}) == 101
    # A stray serial no batch issued (typo, photocopy) does not push past the printed stacks.
    assert next_expected_serial(batches, {1, 2, 900}, set()) == 3
    # Everything issued above is used: after everything, which will warn "not issued".
    assert next_expected_serial(batches, set(range(1, 11)) | set(range(101, 111)), set()) == 111


def test_suggested_start_is_after_everything_issued_or_keyed() -> None:
    assert suggested_start([], set()) == 1
    assert suggested_start([batch(1, 100)], {5}) == 101
    assert suggested_start([batch(1, 100), batch(None, 30)], {150}) == 151


def test_new_batch_refusals() -> None:
    batches = [batch(1, 100)]
    assert check_new_batch(batches, set(), 50, 101, blank=False) is None
    overlap = check_new_batch(batches, set(), 50, 81, blank=False)
    assert overlap is not None and overlap.code == "print_range_issued"
    assert (overlap.params["first"], overlap.params["last"]) == (81, 100)
    keyed = check_new_batch(batches, {150, 160}, 100, 101, blank=False)
    assert keyed is not None and keyed.code == "print_range_keyed"
    assert keyed.params["serials"] == [150, 160]
    for count in (0, MAX_BATCH_COUNT + 1):
        refused = check_new_batch([], set(), count, 1, blank=False)
        assert refused is not None and refused.code == "print_count_out_of_range"
    too_far = check_new_batch([], set(), 10, 999_995, blank=False)
    assert too_far is not None and too_far.code == "print_range_out_of_range"
    empty = check_new_batch([], set(), 10, None, blank=False)
    assert empty is not None and empty.code == "print_start_empty"
    # A blank master repeats no serial, so it never overlaps.
    assert check_new_batch(batches, {5}, 10, None, blank=True) is None


def test_spoil_refusals() -> None:
    batches = [batch(1, 10)]
    assert check_spoil(batches, {1}, set(), 2, SpoilKind.LOST, "") is None
    codes = {
        "spoil_not_issued": check_spoil(batches, set(), set(), 11, SpoilKind.TORN, ""),
        "spoil_keyed": check_spoil(batches, {1}, set(), 1, SpoilKind.TORN, ""),
        "spoil_already": check_spoil(batches, set(), {3}, 3, SpoilKind.TORN, ""),
        "spoil_reason_empty": check_spoil(batches, set(), set(), 4, SpoilKind.OTHER, "  "),
        "spoil_reason_too_long": check_spoil(batches, set(), set(), 4, SpoilKind.TORN, "x" * 201),
    }
    assert {code: issue.code if issue else None for code, issue in codes.items()} == {
        code: code for code in codes}


@given(st.lists(st.tuples(st.integers(1, 300), st.integers(1, 40)), max_size=4),
       st.sets(st.integers(1, 400)), st.sets(st.integers(1, 400)))
def test_counts_always_add_up(runs: list[tuple[int, int]], keyed: set[int],
                              gone: set[int]) -> None:
    batches = [batch(first, count) for first, count in runs]
    counts = issuance_counts(batches, keyed, spoiled(*gone))
    assert counts.issued == counts.keyed + counts.spoiled + counts.missing
    missing = missing_serials(batches, keyed, spoiled(*gone))
    assert len(set(missing)) == counts.missing
    assert not set(missing) & (keyed | gone)
    expected = next_expected_serial(batches, keyed, gone)
    assert expected not in keyed
