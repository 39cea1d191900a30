"""The hash-chained audit log (pure part) and text normalisation for search."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.audit import GENESIS_HASH, AuditEntry, first_broken_entry
from app.domain.text import fold_for_search, nfc

T0 = datetime(2026, 11, 22, 8, 30, 0, 123456)


def chain(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Link and hash entries the way the store appends them."""
    out: list[AuditEntry] = []
    previous = GENESIS_HASH
    for entry in entries:
        linked = replace(entry, prev_hash=previous)
        linked = replace(linked, hash=linked.computed_hash())
        out.append(linked)
        previous = linked.hash
    return out


def sample_log(n: int = 5) -> list[AuditEntry]:
    return chain([
        AuditEntry(
            at=T0 + timedelta(minutes=i), operator="Lan", action="form.create", entity="form",
            entity_id=str(i + 1), before=None,
            after={"serial": i + 1, "answers": {"TC1": 4}, "opinion": "Cán bộ nhiệt tình"},
        )
        for i in range(n)
    ])


def test_intact_chain() -> None:
    assert first_broken_entry(sample_log()) is None


def test_empty_chain_is_intact() -> None:
    assert first_broken_entry([]) is None


def test_first_entry_links_to_genesis() -> None:
    log = sample_log(1)
    assert log[0].prev_hash == GENESIS_HASH == "0" * 64
    assert len(log[0].hash) == 64


def test_edited_entry_is_found() -> None:
    log = sample_log()
    log[2] = replace(log[2], after={"serial": 3, "answers": {"TC1": 5}, "opinion": "x"})
    assert first_broken_entry(log) == log[2]


@pytest.mark.parametrize(
    "change",
    [
        {"operator": "Hoa"},
        {"action": "form.void"},
        {"entity_id": "99"},
        {"reason": "sửa"},
        {"before": {"serial": 1}},
        {"at": T0 + timedelta(microseconds=1)},
    ],
)
def test_any_edited_field_breaks_the_chain(change: dict[str, object]) -> None:
    log = sample_log()
    log[1] = replace(log[1], **change)  # type: ignore[arg-type]
    assert first_broken_entry(log) is log[1]


def test_edit_with_recomputed_hash_is_found_at_the_next_entry() -> None:
    log = sample_log()
    forged = replace(log[1], operator="Hoa")
    log[1] = replace(forged, hash=forged.computed_hash())
    assert first_broken_entry(log) is log[2]


def test_reordered_entries_are_found() -> None:
    log = sample_log()
    log[1], log[2] = log[2], log[1]
    assert first_broken_entry(log) is log[1]


def test_removed_entry_is_found() -> None:
    log = sample_log()
    del log[2]
    assert first_broken_entry(log) is log[2]


def test_removed_first_entry_is_found() -> None:
    log = sample_log()
    assert first_broken_entry(log[1:]) is log[1]


def test_removed_last_entry_is_not_detectable_by_the_chain_alone() -> None:
    # A truncated tail still chains: the bundle's counts must catch it, not this function.
    assert first_broken_entry(sample_log()[:-1]) is None


def test_id_is_not_part_of_the_hash() -> None:
    entry = sample_log(1)[0]
    assert replace(entry, id=7).computed_hash() == entry.hash


def test_payload_is_canonical_json_with_microseconds() -> None:
    payload = sample_log(1)[0].payload()
    assert '"at":"2026-11-22T08:30:00.123456"' in payload
    assert "Cán bộ" in payload  # not \\u-escaped
    assert ": " not in payload and ", " not in payload


def test_payload_does_not_depend_on_key_order() -> None:
    a = replace(sample_log(1)[0], after={"a": 1, "b": 2})
    b = replace(a, after={"b": 2, "a": 1})
    assert a.computed_hash() == b.computed_hash()


# -- text --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Đức", "nguyen duc"),
        ("ĐẤT ĐAI", "dat dai"),
        ("Thủ tục hành chính", "thu tuc hanh chinh"),
        ("Rất hài lòng!", "rat hai long!"),
        ("abc 123", "abc 123"),
    ],
)
def test_fold_for_search(text: str, folded: str) -> None:
    assert fold_for_search(text) == folded


def test_fold_is_the_same_for_nfc_and_nfd() -> None:
    text = "Người dân phản ánh"
    assert fold_for_search(unicodedata.normalize("NFD", text)) == fold_for_search(text)


def test_nfc() -> None:
    decomposed = "Nguye\u0302\u0303n"
    assert nfc(decomposed) == "Nguyễn"
    assert len(nfc(decomposed)) == 6


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold_for_search(text)
    assert fold_for_search(once) == once
