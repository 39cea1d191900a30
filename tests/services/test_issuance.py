"""Issued batches end to end on a real database: print (with a stand-in renderer), key some,
spoil some, check the lists; failures and cancels leave no file and no batch."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pytest

from app.domain.forms import Issue
from app.domain.issuance import SpoilKind
from app.domain.questionnaire import Questionnaire
from app.domain.settings import UnitSettings
from app.services import issuance
from app.services.forms import void_form
from app.services.keying import KeyingService
from app.services.print_forms import (
    PrintCancelled,
    PrintProgress,
    PrintRefused,
    print_forms,
    run_to_end,
    suggest_start,
)
from app.services.workspace import Workspace

from .conftest import FillEntry


class FakeRenderer:
    """Writes one line per form (the service's file handling is under test, not the PDF);
    ``fail_at`` raises after that many forms."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.fail_at = fail_at
        self.serials: list[int | None] = []

    def __call__(self, questionnaire: Questionnaire, settings: UnitSettings,
                 serials: Sequence[int | None], out: BinaryIO, *,
                 cancelled: Callable[[], bool]) -> Iterator[int]:
        self.serials = list(serials)
        out.write(b"%PDF-1.4\n")
        for done, serial in enumerate(serials, start=1):
            if cancelled():
                raise RuntimeError("cancelled by the clerk")
            if self.fail_at is not None and done > self.fail_at:
                raise OSError(28, "No space left on device")
            out.write(f"form {serial}\n".encode())
            yield done


def issue(ws: Workspace, count: int, start: int | None, out: Path, *, blank: bool = False,
          renderer: FakeRenderer | None = None) -> list[PrintProgress]:
    return list(print_forms(ws, "Lan", count, start, blank, out,
                            renderer=renderer or FakeRenderer()))


def key(keying: KeyingService, fill: FillEntry, *serials: int) -> None:
    for serial in serials:
        result = keying.save(fill(keying, serial=serial))
        assert not isinstance(result, list), result


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_issue_a_range_key_some_spoil_some(ws: Workspace, keying: KeyingService,
                                           fill: FillEntry, tmp_path: Path) -> None:
    steps = issue(ws, 10, None, tmp_path / "dot1.pdf")
    assert [s.stage for s in steps][-2:] == ["save", "recorded"]
    batch = steps[-1].batch
    assert batch is not None and (batch.first, batch.last, batch.count) == (1, 10, 10)
    assert batch.file_name == str((tmp_path / "dot1.pdf").resolve())
    assert suggest_start(ws) == 11
    issue(ws, 5, 21, tmp_path / "dot2.pdf")

    key(keying, fill, 1, 2, 3, 22, 40)
    assert issuance.spoil(ws, "Lan", [5, 23], SpoilKind.LOST, "Người dân mang về") is None

    view = issuance.overview(ws)
    assert view.missing == [4, 6, 7, 8, 9, 10, 21, 24, 25]
    assert [s.serial for g in view.groups for s in g.spoiled] == [5, 23]
    c = view.counts
    assert (c.issued, c.keyed, c.spoiled, c.missing, c.keyed_not_issued) == (15, 4, 2, 9, 1)
    tally = keying.tally()
    assert tally.issuance == c

    assert issuance.unspoil(ws, "Lan", [23], "Tìm thấy phiếu") == 1
    assert 23 in issuance.overview(ws).missing
    actions = [e.action for e in ws.store.iter_audit()]
    assert actions.count("batch.issue") == 2
    assert actions[-3:] == ["serial.spoil", "serial.spoil", "serial.unspoil"]
    spoil_entry = next(e for e in ws.store.iter_audit("serial", "2026-5"))
    assert spoil_entry.reason == "Người dân mang về" and spoil_entry.operator == "Lan"


def test_a_voided_form_is_not_missing(ws: Workspace, keying: KeyingService, fill: FillEntry,
                                      tmp_path: Path) -> None:
    issue(ws, 3, 1, tmp_path / "a.pdf")
    key(keying, fill, 1)
    form = ws.store.serial_use(2026, 1)
    assert form is not None
    void_form(ws, form.form_id, "Lan", "nhập trùng")
    assert issuance.overview(ws).missing == [2, 3]


def test_spoil_refusals_write_nothing(ws: Workspace, keying: KeyingService, fill: FillEntry,
                                      tmp_path: Path) -> None:
    issue(ws, 5, 1, tmp_path / "a.pdf")
    key(keying, fill, 1)
    before = len(list(ws.store.iter_audit()))
    # One bad serial in the selection: none of them is spoiled.
    refused = issuance.spoil(ws, "Lan", [2, 1], SpoilKind.TORN, "")
    assert refused == Issue("spoil_keyed", {"serial": 1})
    assert issuance.spoil(ws, "Lan", [9], SpoilKind.TORN, "") == Issue(
        "spoil_not_issued", {"serial": 9})
    assert issuance.spoil(ws, "Lan", [3], SpoilKind.OTHER, " ") == Issue(
        "spoil_reason_empty", {"serial": 3})
    assert issuance.spoil(ws, "Lan", [], SpoilKind.TORN, "") == Issue("spoil_nothing_selected")
    assert issuance.overview(ws).missing == [2, 3, 4, 5]
    assert len(list(ws.store.iter_audit())) == before
    assert issuance.unspoil(ws, "Lan", [2]) == 0


def test_overlapping_start_is_refused(ws: Workspace, keying: KeyingService, fill: FillEntry,
                                      tmp_path: Path) -> None:
    issue(ws, 100, 1, tmp_path / "a.pdf")
    with pytest.raises(PrintRefused) as refused:
        issue(ws, 10, 95, tmp_path / "b.pdf")
    assert refused.value.issue.code == "print_range_issued"
    assert (refused.value.issue.params["first"], refused.value.issue.params["last"]) == (95, 100)
    # Serials keyed without any batch (forms from before this program) are taken too.
    key(keying, fill, 150)
    with pytest.raises(PrintRefused) as keyed:
        issue(ws, 100, 101, tmp_path / "c.pdf")
    assert keyed.value.issue.code == "print_range_keyed"
    assert not (tmp_path / "b.pdf").exists() and not (tmp_path / "c.pdf").exists()
    assert len(ws.store.issuance_state(2026).batches) == 1


def test_failed_rendering_records_nothing_and_keeps_the_old_file(
        ws: Workspace, tmp_path: Path) -> None:
    out_dir = tmp_path / "in"
    out_dir.mkdir()
    target = out_dir / "phieu.pdf"
    target.write_bytes(b"the clerk's older file")
    with pytest.raises(OSError):
        issue(ws, 50, 1, target, renderer=FakeRenderer(fail_at=20))
    assert target.read_bytes() == b"the clerk's older file"
    assert leftovers(out_dir) == ["phieu.pdf"]
    assert ws.store.issuance_state(2026).batches == []
    assert suggest_start(ws) == 1


def test_cancelled_rendering_records_nothing(ws: Workspace, tmp_path: Path) -> None:
    out_dir = tmp_path / "in"
    out_dir.mkdir()
    stop = {"now": False}
    job = print_forms(ws, "Lan", 50, 1, False, out_dir / "p.pdf",
                      cancelled=lambda: stop["now"], renderer=FakeRenderer())
    with pytest.raises(PrintCancelled):
        for step in job:
            if step.done == 10:
                stop["now"] = True
    assert leftovers(out_dir) == []
    assert ws.store.issuance_state(2026).batches == []


def test_closing_the_job_midway_leaves_nothing(ws: Workspace, tmp_path: Path) -> None:
    out_dir = tmp_path / "in"
    out_dir.mkdir()
    job = print_forms(ws, "Lan", 50, 1, False, out_dir / "p.pdf", renderer=FakeRenderer())
    next(job)
    job.close()  # the window was closed while printing
    assert leftovers(out_dir) == []
    assert ws.store.issuance_state(2026).batches == []


def test_a_blank_serial_batch_is_recorded_but_issues_nothing(
        ws: Workspace, tmp_path: Path) -> None:
    renderer = FakeRenderer()
    steps = issue(ws, 30, None, tmp_path / "photo.pdf", blank=True, renderer=renderer)
    assert renderer.serials == [None] * 30
    batch = run_to_end(iter(steps))
    assert batch.blank and batch.count == 30 and batch.first is None
    view = issuance.overview(ws)
    assert view.missing == [] and view.counts.issued == 0 and len(view.blank_batches) == 1
    assert suggest_start(ws) == 1
    assert os.path.getsize(tmp_path / "photo.pdf") > 0


def test_next_expected_serial_follows_batches(ws: Workspace, keying: KeyingService,
                                              fill: FillEntry, tmp_path: Path) -> None:
    issue(ws, 5, 101, tmp_path / "a.pdf")
    assert keying.next_expected_serial() == 101
    key(keying, fill, 101, 102)
    assert issuance.spoil(ws, "Lan", [103], SpoilKind.TORN, "") is None
    assert keying.next_expected_serial() == 104


def test_a_serial_never_issued_warns_once(ws: Workspace, keying: KeyingService,
                                          fill: FillEntry, tmp_path: Path) -> None:
    assert keying.serial_warning(500) is None  # no batch printed yet: nothing to compare with
    issue(ws, 10, 1, tmp_path / "a.pdf")
    assert keying.serial_warning(3) is None
    assert keying.serial_warning(500) == Issue("serial_not_issued", {"serial": 500})
    assert keying.serial_warning(500) is None  # the clerk pressed Enter again: go on
    key(keying, fill, 500)
    assert issuance.spoil(ws, "Lan", [4], SpoilKind.LOST, "") is None
    warning = keying.serial_warning(4)
    assert warning is not None and warning.code == "serial_spoiled"
    assert warning.params["kind"] == "lost"
    # Correcting a form that keeps its unissued serial says nothing.
    form = ws.store.serial_use(2026, 500)
    assert form is not None
    assert KeyingService(ws, "Hoa").serial_warning(500, editing_form_id=form.form_id) is None
