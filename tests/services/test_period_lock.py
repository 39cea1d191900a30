"""Forms of an exported (locked) period through the services: keying, review, import.

The storage layer refuses a change without a reason (tests/storage); here the services turn
that refusal into something a clerk can answer, and import refuses such rows in its plan.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.forms import FormRecord, FormStatus
from app.domain.periods import Period
from app.services.export_data import export_csv
from app.services.forms import open_for_correction, restore_form, void_form
from app.services.import_data import ImportRefusedError, apply_import, read_plan
from app.services.keying import KeyingService
from app.services.setup import apply_settings
from app.services.workspace import Workspace
from app.storage.errors import PeriodLockedError
from app.storage.repository import FormFilter
from tests.services.conftest import Clock, FillEntry, unit_settings
from tests.services.locking import lock_period

Q3 = Period(2026, 3)
EXPORTED_AT = datetime(2026, 10, 5, 14, 30)
IN_Q3 = date(2026, 8, 14)
IN_Q4 = date(2026, 11, 20)


def stored(ws: Workspace) -> list[FormRecord]:
    return [record for record, _ in ws.store.list_forms(FormFilter(year=2026))]


def audit_of(ws: Workspace, form_id: int | None) -> list[tuple[str, str]]:
    return [(e.action, e.reason) for e in ws.store.iter_audit("form", str(form_id))]


# -- keying ---------------------------------------------------------------------------------
def test_a_new_form_of_a_locked_period_is_refused_without_a_reason(
        ws: Workspace, keying: KeyingService, fill: FillEntry) -> None:
    lock_period(ws, Q3, EXPORTED_AT)
    entry = fill(keying, serial=7, day=IN_Q3)
    keying.save_draft(entry)

    result = keying.save(entry)

    assert isinstance(result, list) and len(result) == 1
    assert result[0].code == "period_locked"
    assert result[0].params == {"period": "2026-Q3", "version": 1, "exported_at": EXPORTED_AT}
    assert stored(ws) == []
    assert keying.pending_draft() is not None  # the keyed form is not lost either


def test_with_a_reason_it_is_saved_and_the_reason_audited_in_nfc(
        ws: Workspace, keying: KeyingService, fill: FillEntry) -> None:
    lock_period(ws, Q3, EXPORTED_AT)
    entry = fill(keying, serial=7, day=IN_Q3)
    decomposed = unicodedata.normalize("NFD", "  Phiếu   nộp muộn\n")

    saved = keying.save(entry, reason=decomposed)

    assert isinstance(saved, FormRecord) and saved.serial == 7
    assert audit_of(ws, saved.id) == [("form.create", "Phiếu nộp muộn")]
    assert unicodedata.is_normalized("NFC", audit_of(ws, saved.id)[0][1])
    assert keying.pending_draft() is None


def test_forms_outside_the_locked_period_need_no_reason(
        ws: Workspace, keying: KeyingService, fill: FillEntry) -> None:
    lock_period(ws, Q3, EXPORTED_AT)
    saved = keying.save(fill(keying, serial=8, day=IN_Q4))
    assert isinstance(saved, FormRecord)
    assert audit_of(ws, saved.id) == [("form.create", "")]


def test_a_correction_moving_a_form_into_or_out_of_the_period_needs_a_reason(
        ws: Workspace, keying: KeyingService, fill: FillEntry) -> None:
    in_q4 = keying.save(fill(keying, serial=9, day=IN_Q4))
    in_q3 = keying.save(fill(keying, serial=10, day=IN_Q3))
    assert isinstance(in_q4, FormRecord) and isinstance(in_q3, FormRecord)
    lock_period(ws, Q3, EXPORTED_AT)

    into = open_for_correction(ws, in_q4.id or 0)
    into.survey_date = IN_Q3  # the new date is locked
    refused = keying.save(into)
    assert isinstance(refused, list) and refused[0].code == "period_locked"
    assert ws.store.get_form(in_q4.id or 0) == in_q4

    out = open_for_correction(ws, in_q3.id or 0)
    out.survey_date = IN_Q4  # the old date is locked
    refused = keying.save(out)
    assert isinstance(refused, list) and refused[0].code == "period_locked"

    moved = keying.save(out, reason="Ghi nhầm ngày")
    assert isinstance(moved, FormRecord) and moved.survey_date == IN_Q4
    assert audit_of(ws, in_q3.id)[-1] == ("form.update", "Ghi nhầm ngày")


def test_the_latest_export_is_named(ws: Workspace, keying: KeyingService,
                                    fill: FillEntry) -> None:
    lock_period(ws, Q3, EXPORTED_AT)
    lock_period(ws, Q3, datetime(2026, 10, 20, 8, 0), version=2)
    result = keying.save(fill(keying, serial=11, day=IN_Q3))
    assert isinstance(result, list)
    assert (result[0].params["version"], result[0].params["exported_at"]) == (
        2, datetime(2026, 10, 20, 8, 0))


def test_locked_export_for_warns_early_and_reads_only(ws: Workspace,
                                                      keying: KeyingService) -> None:
    assert keying.locked_export_for([IN_Q3]) is None
    record = lock_period(ws, Q3, EXPORTED_AT)
    audit_before = len(list(ws.store.iter_audit()))
    assert keying.locked_export_for([IN_Q4]) is None
    assert keying.locked_export_for([IN_Q4, IN_Q3]) == record
    assert keying.locked_export_for([Q3.start]) == record
    assert keying.locked_export_for([Q3.end]) == record
    assert len(list(ws.store.iter_audit())) == audit_before


# -- review: void and restore ------------------------------------------------------------------
def test_void_and_restore_in_a_locked_period(ws: Workspace, keying: KeyingService,
                                             fill: FillEntry) -> None:
    saved = keying.save(fill(keying, serial=12, day=IN_Q3))
    assert isinstance(saved, FormRecord) and saved.id is not None
    lock_period(ws, Q3, EXPORTED_AT)

    with pytest.raises(PeriodLockedError) as refused:
        void_form(ws, saved.id, "Lan", "   ")
    assert refused.value.export.version == 1  # type: ignore[attr-defined]
    assert ws.store.get_form(saved.id) == saved

    void_form(ws, saved.id, "Lan", "Phiếu nhập trùng")
    with pytest.raises(PeriodLockedError):
        restore_form(ws, saved.id, "Lan")
    voided = ws.store.get_form(saved.id)
    assert voided is not None and voided.status is FormStatus.VOID

    restore_form(ws, saved.id, "Lan", "Hủy nhầm")
    restored = ws.store.get_form(saved.id)
    assert restored is not None and restored.status is FormStatus.ACTIVE
    assert audit_of(ws, saved.id)[1:] == [("form.void", "Phiếu nhập trùng"),
                                          ("form.restore", "Hủy nhầm")]


# -- import ----------------------------------------------------------------------------------
@pytest.fixture
def csv_of_two_quarters(tmp_path: Path, keying: KeyingService, fill: FillEntry,
                        ws: Workspace) -> Path:
    """Serials 1-3 dated in Q3, 4-5 in Q4, exported as another unit's PC would."""
    for serial in range(1, 6):
        day = IN_Q3 if serial <= 3 else IN_Q4
        assert isinstance(keying.save(fill(keying, serial=serial, day=day)), FormRecord)
    path = tmp_path / "phieu.csv"
    assert export_csv(ws, 2026, path) == 5
    return path


@pytest.fixture
def other_ws(tmp_path: Path, clock: Clock) -> Workspace:
    ws = Workspace.open(tmp_path / "other", now=clock)
    assert apply_settings(ws, unit_settings(), "Lan") == []
    yield ws  # type: ignore[misc]
    ws.close()


def test_import_plan_refuses_rows_of_a_locked_period(csv_of_two_quarters: Path,
                                                     other_ws: Workspace) -> None:
    lock_period(other_ws, Q3, EXPORTED_AT)

    plan = read_plan(other_ws, csv_of_two_quarters)

    assert [p.record.serial for p in plan.good] == [4, 5]
    assert [bad.row for bad in plan.bad] == [2, 3, 4]
    for bad in plan.bad:
        assert [(i.code, i.params) for i in bad.issues] == [
            ("period_locked", {"period": "2026-Q3", "version": 1})]
    with pytest.raises(ImportRefusedError) as refused:
        list(apply_import(other_ws, plan, "Lan"))
    assert refused.value.issue.code == "rows_refused"
    assert stored(other_ws) == []

    list(apply_import(other_ws, plan, "Lan", skip_bad_rows=True))
    assert sorted(r.serial for r in stored(other_ws)) == [4, 5]


def test_a_period_locked_between_plan_and_import_writes_nothing(
        csv_of_two_quarters: Path, other_ws: Workspace) -> None:
    plan = read_plan(other_ws, csv_of_two_quarters)
    assert len(plan.good) == 5 and not plan.bad
    lock_period(other_ws, Q3, EXPORTED_AT)  # another window exported Q3 meanwhile

    with pytest.raises(ImportRefusedError) as refused:
        list(apply_import(other_ws, plan, "Lan"))

    assert refused.value.issue.code == "period_locked_meanwhile"
    assert refused.value.issue.params == {"period": "2026-Q3", "version": 1}
    assert stored(other_ws) == []


def test_plan_with_an_export_of_another_year_refuses_nothing(
        csv_of_two_quarters: Path, other_ws: Workspace) -> None:
    lock_period(other_ws, Period(2025, None), datetime(2026, 1, 10, 9, 0))
    plan = read_plan(other_ws, csv_of_two_quarters)
    assert len(plan.good) == 5 and not plan.bad
