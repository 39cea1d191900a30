"""Review of keyed forms: search, void and restore, and the audit trail of every change."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from app.domain.audit import first_broken_entry
from app.domain.forms import FormRecord, FormStatus, Issue
from app.services.forms import (
    FormSearch,
    open_for_correction,
    restore_form,
    search_forms,
    void_form,
)
from app.services.keying import KeyingService
from app.services.workspace import Workspace

from .conftest import FillEntry


def saved(result: FormRecord | list[Issue]) -> FormRecord:
    assert not isinstance(result, list), result
    return result


@pytest.fixture
def sample(ws: Workspace, keying: KeyingService, fill: FillEntry) -> list[FormRecord]:
    """Five forms by two operators over the year, with Vietnamese opinions."""
    hoa = KeyingService(ws, "Hoa")
    return [
        saved(keying.save(fill(keying, serial=1, day=date(2026, 2, 3), field=1,
                               opinion="Cán bộ Nguyễn Đức rất nhiệt tình"))),
        saved(keying.save(fill(keying, serial=2, day=date(2026, 5, 6), field=2,
                               opinion="Chỗ ngồi chờ còn thiếu"))),
        saved(hoa.save(fill(hoa, serial=3, day=date(2026, 8, 9), field=3,
                            opinion="ĐẤT ĐAI giải quyết chậm"))),
        saved(hoa.save(fill(hoa, serial=14, day=date(2026, 11, 1), field=1))),
        saved(keying.save(fill(keying, serial=25, day=date(2026, 11, 20), field=2,
                               opinion="Không có ý kiến"))),
    ]


def serials(ws: Workspace, **kw: object) -> list[int]:
    return [row.record.serial for row in search_forms(ws, FormSearch(**kw))]  # type: ignore[arg-type]


def test_search_everything_newest_serial_first(ws: Workspace, sample: list[FormRecord]) -> None:
    rows = search_forms(ws, FormSearch())
    assert [r.record.serial for r in rows] == [25, 14, 3, 2, 1]
    assert [r.serial_text for r in rows][:2] == ["0025", "0014"]
    assert [(r.field_code, r.field_label) for r in rows][-1] == ("TP", "Tư pháp")


def test_search_by_serial(ws: Workspace, sample: list[FormRecord]) -> None:
    assert serials(ws, text="14") == [14]
    assert serials(ws, text="0003") == [3]
    assert serials(ws, text=" 2 ") == [2]
    assert serials(ws, text="99") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("nguyen duc", [1]),
        ("Nguyễn Đức", [1]),
        ("NGUYỄN", [1]),
        ("dat dai", [3]),
        ("đất", [3]),
        ("cho ngoi", [2]),
        ("khong co", [25]),
        ("co", [25, 2]),  # "có" and "còn"
        ("chậm", [3]),
        ("xyz", []),
    ],
)
def test_search_opinion_accent_and_case_insensitive(
    ws: Workspace, sample: list[FormRecord], text: str, found: list[int]
) -> None:
    assert serials(ws, text=text) == found


def test_search_nfd_query_finds_nfc_text(ws: Workspace, sample: list[FormRecord]) -> None:
    assert serials(ws, text=unicodedata.normalize("NFD", "nhiệt tình")) == [1]


def test_search_by_date_range_field_operator_year(
    ws: Workspace, sample: list[FormRecord]
) -> None:
    assert serials(ws, date_from=date(2026, 5, 6), date_to=date(2026, 11, 1)) == [14, 3, 2]
    assert serials(ws, date_from=date(2026, 11, 2)) == [25]
    assert serials(ws, field_code="TP") == [14, 1]
    assert serials(ws, operator="Hoa") == [14, 3]
    assert serials(ws, year=2026, field_code="TNMT", operator="Lan") == [25, 2]
    assert serials(ws, year=2025) == []
    assert serials(ws, text="cho", field_code="TNMT") == [2]


def test_void_is_listed_or_hidden_and_left_out_of_the_tally(
    ws: Workspace, keying: KeyingService, sample: list[FormRecord]
) -> None:
    before = keying.tally()
    target = sample[2]
    voided = void_form(ws, target.id or 0, "Lan", "  phiếu   trùng  ")
    assert (voided.status, voided.void_reason) == (FormStatus.VOID, "phiếu trùng")
    assert serials(ws) == [25, 14, 3, 2, 1]
    assert serials(ws, include_void=False) == [25, 14, 2, 1]
    after = keying.tally()
    assert after.year_count == before.year_count - 1
    assert after.voided == 1
    assert {f.code: f.count for f in after.by_field}["LDTBXH"] == 0

    restored = restore_form(ws, target.id or 0, "Hoa")
    assert (restored.status, restored.void_reason) == (FormStatus.ACTIVE, "")
    assert keying.tally().year_count == before.year_count
    assert keying.tally().voided == 0


def test_every_change_is_audited_with_operator_and_values(
    ws: Workspace, keying: KeyingService, sample: list[FormRecord]
) -> None:
    form = sample[0]
    entry = open_for_correction(ws, form.id or 0)
    entry.opinion = "Đã sửa"
    saved(KeyingService(ws, "Hoa").save(entry))
    void_form(ws, form.id or 0, "Minh", "ghi nhầm")
    restore_form(ws, form.id or 0, "Lan", "tìm lại phiếu gốc")

    history = list(ws.store.iter_audit("form", str(form.id)))
    assert [(e.action, e.operator) for e in history] == [
        ("form.create", "Lan"), ("form.update", "Hoa"), ("form.void", "Minh"),
        ("form.restore", "Lan")]
    create, update, void, restore = history
    assert create.before is None and create.after is not None
    assert update.before == create.after
    assert update.after is not None and update.after["opinion"] == "Đã sửa"
    assert void.before == update.after
    assert void.after is not None and void.after["status"] == "void"
    assert void.reason == "ghi nhầm" and void.after["void_reason"] == "ghi nhầm"
    assert restore.after is not None and restore.after["status"] == "active"

    creates = [e for e in ws.store.iter_audit("form") if e.action == "form.create"]
    assert len(creates) == len(sample)
    assert {e.operator for e in creates} == {"Lan", "Hoa"}
    assert first_broken_entry(ws.store.iter_audit()) is None


def test_open_for_correction_of_a_missing_form(ws: Workspace) -> None:
    with pytest.raises(KeyError):
        open_for_correction(ws, 404)


def test_open_for_correction_uses_the_units_fields(
    ws: Workspace, sample: list[FormRecord]
) -> None:
    entry = open_for_correction(ws, sample[1].id or 0)
    assert entry.questionnaire.field_question.options == ws.require_settings().fields
    assert entry.on_opinion and entry.editing_form_id == sample[1].id
    assert entry.answers == dict(sample[1].answers)


@pytest.mark.parametrize("text", ["²", "99999999999999999999", "0"])
def test_search_never_fails_on_odd_numbers(ws: Workspace, sample: list[FormRecord],
                                           text: str) -> None:
    assert serials(ws, text=text) == []


def test_a_long_number_is_looked_for_in_the_opinions(
    ws: Workspace, keying: KeyingService, fill: FillEntry, sample: list[FormRecord]
) -> None:
    # Citizens write phone numbers in the opinion; no serial has ten digits.
    saved(keying.save(fill(keying, serial=30, opinion="Gọi lại cho tôi: 0912345678")))
    assert serials(ws, text="0912345678") == [30]
    assert serials(ws, text="１４") == [14]  # full-width digits from an IME are a serial
