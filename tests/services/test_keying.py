"""Keying: serial and date checks, saving new and corrected forms, drafts, and the tally."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime

import pytest

from app.domain.entry import FormEntry
from app.domain.forms import FormRecord, FormStatus, Issue
from app.services.forms import open_for_correction, void_form
from app.services.keying import KeyingService
from app.services.setup import apply_settings
from app.services.workspace import Workspace

from .conftest import START, Clock, FillEntry


def saved(result: FormRecord | list[Issue]) -> FormRecord:
    assert not isinstance(result, list), result
    return result


def count_rows(ws: Workspace, table: str) -> int:
    conn = sqlite3.connect(ws.db_path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


# -- serial and date -----------------------------------------------------------------------------


def test_next_expected_serial(keying: KeyingService, fill: FillEntry) -> None:
    assert keying.next_expected_serial() == 1
    saved(keying.save(fill(keying, serial=1)))
    assert keying.next_expected_serial() == 2
    saved(keying.save(fill(keying, serial=40)))
    assert keying.next_expected_serial() == 41


def test_check_serial_says_when_and_by_whom(
    ws: Workspace, keying: KeyingService, fill: FillEntry, clock: Clock
) -> None:
    clock.set(datetime(2026, 11, 22, 14, 5, 0))
    first = saved(keying.save(fill(keying, serial=7)))
    assert keying.check_serial(8) is None
    hoa = KeyingService(ws, "Hoa")
    issue = hoa.check_serial(7)
    assert issue == Issue("serial_taken", {"serial": 7, "keyed_at": first.keyed_at,
                                           "operator": "Lan", "void": False})
    assert first.keyed_at is not None
    assert first.keyed_at.replace(second=0) == datetime(2026, 11, 22, 14, 5)
    assert hoa.check_serial(7, editing_form_id=first.id) is None


def test_check_serial_mentions_a_void_form(ws: Workspace, keying: KeyingService,
                                           fill: FillEntry) -> None:
    form = saved(keying.save(fill(keying, serial=3)))
    void_form(ws, form.id or 0, "Lan", "hỏng")
    issue = keying.check_serial(3)
    assert issue is not None and issue.params["void"] is True


def test_default_date_is_today_then_the_last_date_used(
    keying: KeyingService, fill: FillEntry
) -> None:
    assert keying.default_date() == START.date()
    saved(keying.save(fill(keying, day=date(2026, 10, 3))))
    assert keying.default_date() == date(2026, 10, 3)


def test_default_date_falls_back_when_the_last_one_does_not_fit(
    ws: Workspace, keying: KeyingService, fill: FillEntry, clock: Clock
) -> None:
    saved(keying.save(fill(keying, day=date(2026, 10, 3))))
    # A new working year: the last date used belongs to the old one.
    assert apply_settings(ws, replace(ws.require_settings(), year=2027), "Lan") == []
    clock.set(datetime(2027, 1, 4, 8, 0))
    assert keying.default_date() == date(2027, 1, 4)
    # Still keying last year's forms in January: today is outside it, so 31/12.
    assert apply_settings(ws, replace(ws.require_settings(), year=2025), "Lan") == []
    assert keying.default_date() == date(2025, 12, 31)


def test_parse_date_uses_the_clock_and_working_year(keying: KeyingService) -> None:
    assert keying.parse_date("221126") == date(2026, 11, 22)
    assert keying.parse_date("231126") == Issue(
        "date_future", {"date": date(2026, 11, 23), "today": START.date()})
    result = keying.parse_date("31/12/2025")
    assert isinstance(result, Issue) and result.code == "date_outside_year"


# -- saving --------------------------------------------------------------------------------------


def test_save_new_form(ws: Workspace, keying: KeyingService, fill: FillEntry) -> None:
    entry = fill(keying, serial=12, digit=5, field=2, opinion="  Cán bộ  nhiệt tình ")
    form = saved(keying.save(entry))
    assert form.id is not None and form.operator == "Lan"
    assert form.opinion == "Cán bộ nhiệt tình"
    assert form.answers["LV"] == 2 and form.answers["TC1"] == 5
    assert ws.store.get_form(form.id) == form
    assert ws.store.form_field_code(form.id) == "TNMT"
    (entry_log,) = [e for e in ws.store.iter_audit("form")]
    assert (entry_log.action, entry_log.operator, entry_log.entity_id) == (
        "form.create", "Lan", str(form.id))
    assert entry_log.before is None and entry_log.after is not None
    assert entry_log.after["serial"] == 12 and entry_log.after["field_code"] == "TNMT"


def test_save_correction_writes_form_update_with_before_and_after(
    ws: Workspace, keying: KeyingService, fill: FillEntry
) -> None:
    form = saved(keying.save(fill(keying, serial=5, digit=3)))
    entry = open_for_correction(ws, form.id or 0)
    entry.go_to(entry.questionnaire.questions.index(entry.questionnaire.question("TC1")))
    assert entry.answer_current(1) is None
    hoa = KeyingService(ws, "Hoa")
    corrected = saved(hoa.save(entry))
    assert corrected.id == form.id and corrected.answers["TC1"] == 1
    assert corrected.keyed_at == form.keyed_at and corrected.operator == "Lan"
    assert count_rows(ws, "forms") == 1
    update = list(ws.store.iter_audit("form", str(form.id)))[-1]
    assert (update.action, update.operator) == ("form.update", "Hoa")
    assert update.before is not None and update.after is not None
    assert update.before["answers"]["TC1"] == 3 and update.after["answers"]["TC1"] == 1


def test_correction_may_keep_its_own_serial_but_not_take_another(
    ws: Workspace, keying: KeyingService, fill: FillEntry
) -> None:
    saved(keying.save(fill(keying, serial=1)))
    form = saved(keying.save(fill(keying, serial=2)))
    entry = open_for_correction(ws, form.id or 0)
    assert not isinstance(keying.save(entry), list)  # same serial, same form: fine
    entry.serial = 1
    issues = keying.save(entry)
    assert isinstance(issues, list) and [i.code for i in issues] == ["serial_taken"]
    stored = ws.store.get_form(form.id or 0)
    assert stored is not None and stored.serial == 2


def test_save_refuses_missing_answers_and_writes_nothing(
    ws: Workspace, keying: KeyingService
) -> None:
    entry = FormEntry(keying.questionnaire(), serial=1, survey_date=keying.default_date())
    for _ in range(10):
        entry.answer_current(1)
    keying.save_draft(entry)
    audit_before = len(list(ws.store.iter_audit()))
    issues = keying.save(entry)
    assert isinstance(issues, list)
    assert {i.code for i in issues} == {"answer_missing"}
    assert len(issues) == len(entry.questions) - 10
    assert count_rows(ws, "forms") == 0 and count_rows(ws, "answers") == 0
    assert len(list(ws.store.iter_audit())) == audit_before
    assert keying.pending_draft() is not None  # the half-keyed form is still there


@pytest.mark.parametrize(
    ("serial", "day", "code"),
    [
        (None, date(2026, 11, 1), "serial_empty"),
        (1, None, "date_empty"),
        (1, date(2026, 11, 23), "date_future"),
        (1, date(2025, 12, 31), "date_outside_year"),
    ],
)
def test_save_refuses_bad_serial_or_date(
    ws: Workspace, keying: KeyingService, fill: FillEntry,
    serial: int | None, day: date | None, code: str,
) -> None:
    entry = fill(keying, serial=1)
    entry.serial, entry.survey_date = serial, day
    issues = keying.save(entry)
    assert isinstance(issues, list) and [i.code for i in issues] == [code]
    assert count_rows(ws, "forms") == 0


def test_save_refuses_a_taken_serial(ws: Workspace, keying: KeyingService,
                                     fill: FillEntry) -> None:
    saved(keying.save(fill(keying, serial=9)))
    issues = KeyingService(ws, "Hoa").save(fill(keying, serial=9))
    assert isinstance(issues, list) and issues[0].code == "serial_taken"
    assert issues[0].params["operator"] == "Lan"
    assert count_rows(ws, "forms") == 1


def test_serial_taken_by_another_program_between_check_and_insert(
    ws: Workspace, keying: KeyingService, fill: FillEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = KeyingService(ws, "Hoa")
    saved(other.save(fill(other, serial=3)))
    # The check ran before the other program's insert: simulate by skipping it once.
    real_check = keying.check_serial
    calls: list[int] = []

    def late_check(serial: int, *, editing_form_id: int | None = None) -> Issue | None:
        calls.append(serial)
        return None if len(calls) == 1 else real_check(serial, editing_form_id=editing_form_id)

    monkeypatch.setattr(keying, "check_serial", late_check)
    issues = keying.save(fill(keying, serial=3))
    assert isinstance(issues, list) and issues[0].code == "serial_taken"
    assert issues[0].params["operator"] == "Hoa"
    assert count_rows(ws, "forms") == 1


# -- drafts --------------------------------------------------------------------------------------


def test_draft_save_pending_discard(keying: KeyingService, clock: Clock) -> None:
    assert keying.pending_draft() is None
    entry = FormEntry(keying.questionnaire(), serial=17, survey_date=date(2026, 11, 20))
    entry.answer_current(2)
    entry.answer_current(1)
    clock.set(datetime(2026, 11, 22, 10, 0, 0))
    keying.save_draft(entry)
    pending = keying.pending_draft()
    assert pending is not None
    assert pending.entry == entry
    assert pending.saved_at == datetime(2026, 11, 22, 10, 0, 0)
    keying.discard_draft()
    assert keying.pending_draft() is None


def test_drafts_are_per_operator(ws: Workspace, keying: KeyingService) -> None:
    entry = FormEntry(keying.questionnaire(), serial=1)
    keying.save_draft(entry)
    assert KeyingService(ws, "Hoa").pending_draft() is None


def test_an_untouched_form_is_not_offered_back(keying: KeyingService) -> None:
    keying.save_draft(FormEntry(keying.questionnaire()))
    assert keying.pending_draft() is None


def test_saving_deletes_the_draft_in_the_same_transaction(
    ws: Workspace, keying: KeyingService, fill: FillEntry
) -> None:
    entry = fill(keying, serial=4)
    keying.save_draft(entry)
    saved(keying.save(entry))
    assert keying.pending_draft() is None
    assert count_rows(ws, "drafts") == 0


def test_draft_of_a_questionnaire_no_longer_current_is_still_offered(
    ws: Workspace, keying: KeyingService
) -> None:
    entry = FormEntry(keying.questionnaire(), serial=2)
    entry.answer_current(3)
    keying.save_draft(entry)
    settings = replace(ws.require_settings(), questionnaire_id="sipas-2021",
                       questionnaire_version="2021.1")
    assert apply_settings(ws, settings, "Lan") == []
    pending = keying.pending_draft()
    assert pending is not None
    assert pending.entry.questionnaire.key == ("xa-22-tieu-chi", "2017.1")
    assert pending.entry.answers == {"LV": 3}


def test_draft_of_an_unknown_questionnaire_is_not_offered(keying: KeyingService,
                                                          ws: Workspace) -> None:
    draft = FormEntry(keying.questionnaire(), serial=2).to_draft()
    draft["questionnaire"] = ["da-xoa", "1"]
    ws.store.save_draft("Lan", draft, ws.now())
    assert keying.pending_draft() is None


# -- tally ---------------------------------------------------------------------------------------


def test_tally_moves_with_every_save_and_void(
    ws: Workspace, keying: KeyingService, fill: FillEntry
) -> None:
    empty = keying.tally()
    assert (empty.year, empty.year_count, empty.quarter, empty.quarter_count) == (2026, 0, 4, 0)
    assert (empty.yearly_target, empty.quarter_target) == (420, 105)
    saved(keying.save(fill(keying, day=date(2026, 11, 2), field=1)))
    saved(keying.save(fill(keying, day=date(2026, 10, 15), field=2)))
    saved(keying.save(fill(keying, day=date(2026, 11, 21), field=2)))
    last = saved(keying.save(fill(keying, day=date(2026, 3, 1), field=3)))
    tally = keying.tally()
    assert (tally.year_count, tally.quarter_count) == (4, 3)
    assert [(f.code, f.count) for f in tally.by_field] == [("TP", 1), ("TNMT", 2), ("LDTBXH", 1)]
    assert tally.pacing.remaining_forms == 416
    void_form(ws, last.id or 0, "Lan", "trùng")
    after = keying.tally()
    assert (after.year_count, after.quarter_count, after.voided) == (3, 3, 1)
    assert [f.count for f in after.by_field] == [1, 2, 0]


def test_blank_field_is_counted_apart(keying: KeyingService, fill: FillEntry) -> None:
    saved(keying.save(fill(keying, field=0)))
    saved(keying.save(fill(keying, field=9)))
    tally = keying.tally()
    assert tally.year_count == 2
    assert [(f.code, f.count) for f in tally.by_field][-1] == ("?", 2)


def test_tally_follows_the_status(ws: Workspace, keying: KeyingService, fill: FillEntry) -> None:
    form = saved(keying.save(fill(keying)))
    assert form.status is FormStatus.ACTIVE
    assert keying.tally().year_count == 1


@pytest.mark.parametrize("raw", [
    "not json",
    '{"questionnaire": 5}',
    '{"questionnaire": ["xa-22-tieu-chi", "2017.1"], "answers": {"TC1": "x"}}',
    '{"questionnaire": ["xa-22-tieu-chi", "2017.1"], "survey_date": "31/02/2026", "serial": 3}',
    "[1, 2]",
])
def test_an_unreadable_draft_is_not_offered_and_does_not_crash(ws: Workspace, raw: str) -> None:
    conn = sqlite3.connect(ws.db_path)
    with conn:
        conn.execute("INSERT INTO drafts (operator, data, saved_at) VALUES "
                     "('Lan', ?, '2026-11-22 10:00:00.000000')", (raw,))
    conn.close()
    assert KeyingService(ws, "Lan").pending_draft() is None
