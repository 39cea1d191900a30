"""Exports (pure part): the lock's export, versions, the change list of version k+1, the audit
segment and its JSONL file, and the pre-flight checks."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.audit import (
    GENESIS_HASH,
    AuditEntry,
    AuditFileError,
    audit_jsonl,
    first_broken_link,
    parse_audit_jsonl,
)
from app.domain.exports import (
    BLOCKER,
    MAX_CHANGE_LINES,
    WARNING,
    ExportRecord,
    PreflightFacts,
    audit_segment,
    change_line,
    change_lines,
    exports_of,
    has_blocker,
    locking_export,
    next_version,
    preflight_issues,
    touches_period,
)
from app.domain.periods import Period
from app.domain.settings import PERIOD_DECREE_09
from tests.domain.test_audit_and_text import chain

Q3 = Period(2026, 3)
T0 = datetime(2026, 10, 7, 9, 12, 30, 250000)


def export(period: Period = Q3, version: int = 1, exported_at: datetime = T0,
           id: int | None = None, **changes: Any) -> ExportRecord:
    record = ExportRecord(
        period_label=period.label, cutoff=period.cutoff, start=period.start, end=period.end,
        version=version, file_name=f"12345_{period.label}_v{version}.zip", folder="/tmp",
        sha256="0" * 64, size=1000, certificate_subject="UBND xã Nam Đông",
        certificate_fingerprint="AB:CD", self_signed=True, forms=105, active=103, void=2,
        changes=0, audit_last_id=10, exported_at=exported_at, operator="Lan", id=id)
    return replace(record, **changes)


def snapshot(serial: int = 123, day: str = "2026-08-15", **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "serial": serial, "survey_date": day, "field_code": "TP",
        "questionnaire": "xa-22-tieu-chi@2017.1", "answers": {"B3": 4, "TC1": 5},
        "opinion": "", "status": "active", "void_reason": ""}
    values.update(changes)
    return values


def entry(action: str = "form.create", before: dict[str, Any] | None = None,
          after: dict[str, Any] | None = None, *, id: int = 1, entity: str = "form",
          reason: str = "", operator: str = "Nguyễn Văn A", at: datetime = T0) -> AuditEntry:
    return AuditEntry(at=at, operator=operator, action=action, entity=entity,
                      entity_id=str(id), before=before, after=after, reason=reason, id=id)


# -- the lock and versions --------------------------------------------------------------------
def test_locking_export_is_the_latest_covering_one_of_the_days() -> None:
    q3_v1 = export(version=1, exported_at=T0, id=1)
    q3_v2 = export(version=2, exported_at=T0 + timedelta(days=30), id=2)
    year = export(Period(2026, None), exported_at=T0 + timedelta(days=10), id=3)
    q2 = export(Period(2026, 2), exported_at=T0 + timedelta(days=60), id=4)
    exports = [q3_v1, q3_v2, year, q2]
    assert locking_export(exports, [date(2026, 8, 15)]) == q3_v2
    assert locking_export(exports, [date(2026, 11, 2)]) == year  # only the year covers it
    # a form moved from Q2 into Q3: the later of the two periods' exports
    assert locking_export(exports, [date(2026, 5, 1), date(2026, 8, 15)]) == q2
    assert locking_export(exports, [date(2027, 1, 1)]) is None
    assert locking_export([], [date(2026, 8, 15)]) is None
    assert locking_export(exports, []) is None


def test_locking_export_covers_both_ends_inclusive() -> None:
    q3 = export()
    assert locking_export([q3], [date(2026, 7, 1)]) == q3
    assert locking_export([q3], [date(2026, 9, 30)]) == q3
    assert locking_export([q3], [date(2026, 6, 30)]) is None
    assert locking_export([q3], [date(2026, 10, 1)]) is None


def test_locking_export_breaks_a_time_tie_by_id() -> None:
    first, second = export(version=1, id=1), export(version=2, id=2)
    assert locking_export([second, first], [date(2026, 8, 1)]) == second


def test_next_version_counts_only_the_same_period() -> None:
    assert next_version([], Q3) == 1
    exports = [export(version=1), export(version=2), export(Period(2026, 2), version=5),
               export(Period(2026, None), version=3)]
    assert next_version(exports, Q3) == 3
    assert next_version(exports, Period(2026, 4)) == 1
    assert next_version(exports, Period(2026, None)) == 4
    # the same label under another cut-off rule is another period (other dates)
    assert next_version(exports, Period(2026, 3, PERIOD_DECREE_09)) == 1


def test_exports_of_is_oldest_version_first() -> None:
    v2, v1 = export(version=2), export(version=1)
    assert exports_of([v2, export(Period(2026, 2)), v1], Q3) == [v1, v2]


# -- which audit entries are about the period ---------------------------------------------------
@pytest.mark.parametrize(("before_day", "after_day", "touches"), [
    (None, "2026-08-15", True),           # created in the period
    ("2026-08-15", None, True),           # (a before-only entry)
    ("2026-05-02", "2026-08-15", True),   # moved into the period
    ("2026-08-15", "2026-11-03", True),   # moved out of it
    ("2026-05-02", "2026-11-03", False),  # both dates outside
    (None, "2026-06-30", False),          # the day before
    (None, "2026-10-01", False),          # the day after
    (None, "2026-07-01", True),           # first day
    (None, "2026-09-30", True),           # last day
])
def test_touches_period_by_old_or_new_date(before_day: str | None, after_day: str | None,
                                           touches: bool) -> None:
    before = snapshot(day=before_day) if before_day else None
    after = snapshot(day=after_day) if after_day else None
    assert touches_period(entry("form.update", before, after), Q3) is touches


@pytest.mark.parametrize("action", ["form.create", "form.import", "form.update", "form.void",
                                    "form.restore"])
def test_every_form_action_touches(action: str) -> None:
    assert touches_period(entry(action, snapshot(), snapshot()), Q3)


def test_other_entities_and_actions_are_ignored() -> None:
    dated = {"survey_date": "2026-08-15"}
    assert not touches_period(entry("settings.update", dated, dated, entity="settings"), Q3)
    assert not touches_period(entry("export.create", None, {**dated, "period": "2026-Q3"},
                                    entity="export"), Q3)
    assert not touches_period(entry("serial.spoil", None, dated, entity="serial"), Q3)
    assert not touches_period(entry("draft.discard", dated, None), Q3)  # not a form change


def test_unreadable_dates_do_not_touch() -> None:
    assert not touches_period(entry("form.update", {"survey_date": "15/08/2026"},
                                    {"serial": 1}), Q3)
    assert not touches_period(entry("form.create", None, None), Q3)


# -- change lines --------------------------------------------------------------------------
def test_change_line_of_a_correction_names_what_changed_and_why() -> None:
    before = snapshot(answers={"B3": 4, "TC1": 5})
    after = snapshot(answers={"B3": 5, "TC1": 5})
    line = change_line(entry("form.update", before, after, reason="ghi nhầm"))
    assert line == ("2026-10-07 09:12 · Nguyễn Văn A · phiếu 0123: sửa (câu B3: 4 → 5)"
                    " · lý do: ghi nhầm")


def test_change_line_lists_every_changed_item_in_order() -> None:
    before = snapshot(serial=7, day="2026-07-02", field_code="TP", answers={"TC1": 4, "TC2": 3},
                      opinion="")
    after = snapshot(serial=8, day="2026-07-03", field_code="TNMT",
                     answers={"TC1": 4, "TC3": 9}, opinion="Cán bộ tận tình")
    line = change_line(entry("form.update", before, after))
    assert line == ("2026-10-07 09:12 · Nguyễn Văn A · phiếu 0008: sửa (số phiếu: 7 → 8; "
                    "ngày: 2026-07-02 → 2026-07-03; lĩnh vực: TP → TNMT; câu TC2: 3 → –; "
                    "câu TC3: – → 9; ý kiến)")


def test_change_line_of_an_update_that_changed_nothing_says_only_sua() -> None:
    assert change_line(entry("form.update", snapshot(), snapshot())).endswith("phiếu 0123: sửa")


@pytest.mark.parametrize(("action", "word"), [
    ("form.create", "nhập mới"), ("form.import", "nhập từ tệp"), ("form.void", "hủy"),
    ("form.restore", "khôi phục")])
def test_change_line_words(action: str, word: str) -> None:
    before = None if action in ("form.create", "form.import") else snapshot()
    line = change_line(entry(action, before, snapshot(serial=42), reason="phiếu trùng"))
    assert line == f"2026-10-07 09:12 · Nguyễn Văn A · phiếu 0042: {word} · lý do: phiếu trùng"


def test_change_line_without_reason_and_reason_on_one_line() -> None:
    assert "lý do" not in change_line(entry("form.create", None, snapshot()))
    line = change_line(entry("form.void", snapshot(), snapshot(status="void"),
                             reason="ghi\nnhầm   hai\tlần"))
    assert line.endswith("· lý do: ghi nhầm hai lần")
    assert "\n" not in line


def test_change_line_of_a_void_takes_the_serial_from_before_when_after_is_missing() -> None:
    assert "phiếu 0123: hủy" in change_line(entry("form.void", snapshot(), None))


def test_change_lines_after_the_previous_export_only() -> None:
    entries = [
        entry("form.create", None, snapshot(serial=1), id=1),
        entry("form.create", None, snapshot(serial=2, day="2026-11-02"), id=2),  # Q4
        entry("export.create", None, {"period": "2026-Q3"}, id=3, entity="export"),
        entry("form.void", snapshot(serial=1), snapshot(serial=1, status="void"), id=4,
              reason="phiếu hỏng"),
        entry("settings.update", {}, {"x": 1}, id=5, entity="settings"),
        entry("form.update", snapshot(serial=2, day="2026-11-02"),
              snapshot(serial=2, day="2026-09-02"), id=6, reason="ghi nhầm ngày"),
    ]
    lines = change_lines(entries, Q3, after_id=3)
    assert lines == (
        "2026-10-07 09:12 · Nguyễn Văn A · phiếu 0001: hủy · lý do: phiếu hỏng",
        "2026-10-07 09:12 · Nguyễn Văn A · phiếu 0002: sửa (ngày: 2026-11-02 → 2026-09-02)"
        " · lý do: ghi nhầm ngày",
    )
    assert change_lines(entries, Q3, after_id=6) == ()
    assert len(change_lines(entries, Q3, after_id=0)) == 3


def test_change_lines_are_capped_with_a_line_saying_how_many_more() -> None:
    many = [entry("form.create", None, snapshot(serial=n), id=n)
            for n in range(1, MAX_CHANGE_LINES + 21)]
    lines = change_lines(many, Q3, after_id=0)
    assert len(lines) == MAX_CHANGE_LINES
    assert lines[MAX_CHANGE_LINES - 2].startswith(
        f"2026-10-07 09:12 · Nguyễn Văn A · phiếu {MAX_CHANGE_LINES - 1:04d}: nhập mới")
    assert lines[-1] == "… và 21 thay đổi khác (xem nhat-ky.jsonl trong gói)"
    exactly = change_lines(many[:MAX_CHANGE_LINES], Q3, after_id=0)
    assert len(exactly) == MAX_CHANGE_LINES and "thay đổi khác" not in exactly[-1]


# -- the audit segment -------------------------------------------------------------------------
def test_audit_segment_runs_from_the_first_entry_about_the_period_to_the_end() -> None:
    entries = chain([
        entry("settings.update", None, {"year": 2026}, id=1, entity="settings"),
        entry("form.create", None, snapshot(day="2026-05-02"), id=2),
        entry("form.create", None, snapshot(day="2026-07-15"), id=3),
        entry("form.create", None, snapshot(day="2026-05-03"), id=4),  # Q2, but inside
        entry("settings.update", None, {"year": 2027}, id=5, entity="settings"),
    ])
    segment = audit_segment(entries, Q3)
    assert [e.id for e in segment] == [3, 4, 5]
    assert first_broken_link(segment) is None  # consecutive: the links hold
    assert audit_segment(entries, Period(2026, 4)) == []
    assert audit_segment([], Q3) == []


# -- pre-flight ---------------------------------------------------------------------------------
def facts(**changes: Any) -> PreflightFacts:
    values: dict[str, Any] = dict(
        period=Q3, today=date(2026, 10, 5), active_forms=105, period_target=105,
        missing_serials=(), open_drafts=(), previous=None, changes_since=0)
    values.update(changes)
    return PreflightFacts(**values)


def test_a_clean_period_has_no_issues() -> None:
    assert preflight_issues(facts()) == []
    assert not has_blocker([])


def test_no_changes_since_export_blocks() -> None:
    previous = export(version=2)
    issues = preflight_issues(facts(previous=previous, changes_since=0))
    assert [(i.code, dict(i.params)) for i in issues] == [
        ("no_changes_since_export", {"severity": BLOCKER, "version": 2, "exported_at": T0,
                                     "file": "12345_2026-Q3_v2.zip"})]
    assert has_blocker(issues)


def test_new_version_warns_with_the_change_count() -> None:
    issues = preflight_issues(facts(previous=export(version=2), changes_since=3))
    assert [(i.code, dict(i.params)) for i in issues] == [
        ("new_version", {"severity": WARNING, "version": 3, "changes": 3})]
    assert not has_blocker(issues)


def test_no_forms_blocks() -> None:
    issues = preflight_issues(facts(active_forms=0))
    assert issues[0].code == "no_forms" and issues[0].params == {"severity": BLOCKER,
                                                                  "period": "2026-Q3"}
    assert issues[1].code == "target_not_met"


@pytest.mark.parametrize(("today", "warned"), [
    (date(2026, 9, 29), True), (date(2026, 9, 30), True), (date(2026, 10, 1), False)])
def test_period_not_over_until_the_day_after_its_end(today: date, warned: bool) -> None:
    issues = preflight_issues(facts(today=today))
    expected = [("period_not_over", {"severity": WARNING, "end": date(2026, 9, 30)})]
    assert [(i.code, dict(i.params)) for i in issues] == (expected if warned else [])


def test_missing_serials_names_the_first_ten() -> None:
    missing = list(range(201, 226))
    issue, = preflight_issues(facts(missing_serials=missing))
    assert issue.code == "missing_serials"
    assert issue.params == {"severity": WARNING, "count": 25, "first": list(range(201, 211))}


def test_open_drafts_and_target_not_met() -> None:
    issues = preflight_issues(facts(open_drafts=["Lan", "Minh"], active_forms=80))
    assert [(i.code, dict(i.params)) for i in issues] == [
        ("open_drafts", {"severity": WARNING, "operators": ["Lan", "Minh"]}),
        ("target_not_met", {"severity": WARNING, "count": 80, "target": 105})]


def test_blockers_come_first_and_warnings_keep_their_order() -> None:
    issues = preflight_issues(facts(
        today=date(2026, 9, 1), active_forms=0, missing_serials=[5], open_drafts=["Lan"],
        previous=export(), changes_since=0))
    assert [i.code for i in issues] == [
        "no_changes_since_export", "no_forms", "period_not_over", "missing_serials",
        "open_drafts", "target_not_met"]
    assert [i.params["severity"] for i in issues] == [BLOCKER] * 2 + [WARNING] * 4
    assert has_blocker(issues) and not has_blocker(issues[2:])


# -- the audit log file (nhat-ky.jsonl) ---------------------------------------------------------
def log(n: int = 4) -> list[AuditEntry]:
    """``n`` chained entries taken from the middle of a log, as a bundle's segment is."""
    return chain([
        entry("form.create", None, snapshot(serial=i, opinion="Cán bộ nhiệt tình, chu đáo"),
              id=10 + i, at=T0 + timedelta(minutes=i))
        for i in range(n + 1)])[1:]


def test_jsonl_is_one_sorted_object_a_line_with_id_and_hash() -> None:
    entries = log(3)
    data = audit_jsonl(entries)
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 4
    first = json.loads(lines[0])
    assert list(first) == sorted(first)
    assert first["id"] == 11 and first["hash"] == entries[0].hash
    assert first["prev_hash"] == entries[0].prev_hash != GENESIS_HASH
    assert "Cán bộ nhiệt tình" in lines[0]  # UTF-8, not \u escapes
    assert audit_jsonl([]) == b""


def test_jsonl_round_trip_keeps_every_hash() -> None:
    entries = log()
    back = parse_audit_jsonl(audit_jsonl(entries))
    assert back == entries
    assert first_broken_link(back) is None


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                      st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12))
json_value = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=10)
snapshots = st.none() | st.dictionaries(st.text(max_size=8), json_value, max_size=5)
# Vietnamese letters, both compositions, and the line breaks JSON leaves unescaped.
vietnamese = st.text(
    st.sampled_from("aăâđeêioôơuưyAĂÂĐƠƯàảãáạằẳẵắặầẩẫấậềểễếệộờởỡớợừửữứự\u0300\u0301\u0303"
                    "\u0309\u0323 \t\n\r\u2028\u2029\x85\x0b\x0c\x1c\"\\{}")
    | st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=150, deadline=None)
@given(operator=vietnamese, reason=vietnamese, entity_id=vietnamese, before=snapshots,
       after=snapshots, microsecond=st.integers(0, 999_999))
def test_jsonl_round_trip_of_arbitrary_text(operator: str, reason: str, entity_id: str,
                                            before: dict[str, Any] | None,
                                            after: dict[str, Any] | None,
                                            microsecond: int) -> None:
    entries = chain([
        AuditEntry(at=T0.replace(microsecond=microsecond), operator=operator,
                   action="form.update", entity="form", entity_id=entity_id, before=before,
                   after=after, reason=reason, id=7),
        entry("form.void", after, None, id=8, reason=reason, operator=operator),
    ])
    back = parse_audit_jsonl(audit_jsonl(entries))
    assert back == entries
    assert first_broken_link(back) is None


@pytest.mark.parametrize(("replace_line", "problem"), [
    (b"not json at all", "not JSON"),
    (b"[1, 2]", "not an audit entry"),
    (b'{"id": 1}', "not an audit entry"),
    (b"", "not JSON"),
])
def test_parse_errors_name_the_line(replace_line: bytes, problem: str) -> None:
    lines = audit_jsonl(log(3)).split(b"\n")
    lines[1] = replace_line
    with pytest.raises(AuditFileError) as info:
        parse_audit_jsonl(b"\n".join(lines))
    assert info.value.line == 2 and info.value.problem == problem
    assert str(info.value) == f"line 2: {problem}"


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("id", "11", "a field has the wrong type"),
    ("id", True, "a field has the wrong type"),
    ("operator", None, "a field has the wrong type"),
    ("before", [1], "a field has the wrong type"),
    ("at", "hôm qua", "bad time"),
])
def test_parse_refuses_wrong_types(field: str, value: Any, problem: str) -> None:
    lines = audit_jsonl(log(2)).decode("utf-8").split("\n")
    record = json.loads(lines[1])
    record[field] = value
    lines[1] = json.dumps(record, ensure_ascii=False)
    with pytest.raises(AuditFileError) as info:
        parse_audit_jsonl("\n".join(lines).encode("utf-8"))
    assert (info.value.line, info.value.problem) == (2, problem)


def test_parse_refuses_an_extra_field_and_bad_utf8_by_line() -> None:
    lines = audit_jsonl(log(3)).split(b"\n")
    record = json.loads(lines[2])
    record["extra"] = 1
    extra = [*lines[:2], json.dumps(record).encode(), *lines[3:]]
    with pytest.raises(AuditFileError) as info:
        parse_audit_jsonl(b"\n".join(extra))
    assert (info.value.line, info.value.problem) == (3, "not an audit entry")
    broken = [*lines[:2], lines[2].replace("nhiệt".encode(), b"nhi\xff"), *lines[3:]]
    with pytest.raises(AuditFileError) as info:
        parse_audit_jsonl(b"\n".join(broken))
    assert (info.value.line, info.value.problem) == (3, "not UTF-8")


def test_first_broken_link_finds_an_altered_line() -> None:
    entries = log(4)
    data = audit_jsonl(entries).decode("utf-8").replace('"serial": 3', '"serial": 33')
    back = parse_audit_jsonl(data.encode("utf-8"))
    broken = first_broken_link(back)
    assert broken is not None and broken.id == 13


def test_first_broken_link_finds_a_removed_line() -> None:
    lines = audit_jsonl(log(4)).split(b"\n")
    del lines[1]
    broken = first_broken_link(parse_audit_jsonl(b"\n".join(lines)))
    assert broken is not None and broken.id == 13  # the entry after the gap


def test_first_broken_link_finds_reordered_lines() -> None:
    lines = audit_jsonl(log(4)).split(b"\n")
    lines[1], lines[2] = lines[2], lines[1]
    broken = first_broken_link(parse_audit_jsonl(b"\n".join(lines)))
    assert broken is not None and broken.id == 13


def test_first_broken_link_takes_the_first_prev_hash_as_given() -> None:
    # A segment starts mid-chain: its first link points outside it and is not checked…
    assert first_broken_link(log(4)[1:]) is None
    # …but the first entry's own hash still is.
    tampered = replace(log(4)[0], reason="sửa lén")
    assert first_broken_link([tampered]) == tampered
    assert first_broken_link([]) is None
