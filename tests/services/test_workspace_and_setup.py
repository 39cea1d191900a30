"""Opening a data folder, the first-run settings, and questionnaires issued by a district."""

from __future__ import annotations

import copy
import hashlib
import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app import paths
from app.domain.questionnaire import QuestionnaireError
from app.domain.settings import DEFAULT_FIELDS, ChoiceOption
from app.services.forms import open_for_correction
from app.services.keying import KeyingService
from app.services.setup import (
    add_questionnaire_file,
    apply_settings,
    available_questionnaires,
    known_operators,
    last_operator,
    remember_operator,
)
from app.services.workspace import (
    DATA_DIR_ENV,
    DB_FILENAME,
    NotSetUpError,
    Workspace,
    default_data_dir,
    shipped_questionnaires,
)
from app.storage.migrations import HEAD_REVISION, DatabaseTooNewError, current_revision

from .conftest import Clock, FillEntry, unit_settings


def district_file(tmp_path: Path, version: str = "2026.1", items: int = 18) -> Path:
    """A district's own form: another id, fewer profile questions, ``items`` rated items."""
    data: dict[str, Any] = json.loads(
        (paths.FORMS_DIR / "xa-22-tieu-chi.json").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data.update(id="huyen-nam-dong", version=version, name="Phiếu khảo sát của huyện Nam Đông")
    data["profile"] = data["profile"][:2]
    all_items = [i for c in data["components"] for i in c["items"]][:items]
    data["components"] = [{"code": "CH", "number": "I", "title": "Câu hỏi chung",
                           "items": [dict(i, number=n) for n, i in enumerate(all_items, 1)]}]
    path = tmp_path / f"huyen-{version}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- opening a data folder -----------------------------------------------------------------------


def test_open_creates_the_folder_and_database(tmp_path: Path, clock: Clock) -> None:
    folder = tmp_path / "a" / "b"
    ws = Workspace.open(folder, now=clock)
    try:
        assert folder.is_dir()
        assert ws.db_path == folder / DB_FILENAME and ws.db_path.exists()
        assert current_revision(ws.db_path) == HEAD_REVISION
        assert ws.backup_dir == folder / "backups"
        assert ws.today() == clock.current.date()
        assert ws.settings is None
        with pytest.raises(NotSetUpError):
            ws.require_settings()
    finally:
        ws.close()


def test_reopening_keeps_the_data(tmp_path: Path, clock: Clock) -> None:
    ws = Workspace.open(tmp_path, now=clock)
    assert apply_settings(ws, unit_settings(), "Lan") == []
    ws.close()
    again = Workspace.open(tmp_path, now=clock)
    try:
        assert again.settings == replace(unit_settings())
        assert not again.backup_dir.exists()  # nothing to migrate, nothing backed up
    finally:
        again.close()


def test_open_refuses_a_database_from_a_newer_program(tmp_path: Path, clock: Clock) -> None:
    Workspace.open(tmp_path, now=clock).close()
    db = tmp_path / DB_FILENAME
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0042_from_the_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(DatabaseTooNewError):
        Workspace.open(tmp_path, now=clock)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_default_data_dir_honours_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "dữ liệu"))
    assert default_data_dir() == tmp_path / "dữ liệu"
    monkeypatch.setenv(DATA_DIR_ENV, "")
    assert default_data_dir().name == "khaosat"
    monkeypatch.delenv(DATA_DIR_ENV)
    assert default_data_dir().name == "khaosat"
    assert DATA_DIR_ENV == "KHAOSAT_DATA_DIR"


def test_shipped_questionnaires() -> None:
    keys = {q.key for q in shipped_questionnaires()}
    assert keys == {("xa-22-tieu-chi", "2017.1"), ("sipas-2021", "2021.1")}


# -- settings ------------------------------------------------------------------------------------


def test_apply_settings_stores_settings_questionnaire_operator_and_audit(
    bare_ws: Workspace,
) -> None:
    assert apply_settings(bare_ws, unit_settings(unit_code="123"), "Lan") == []
    stored = bare_ws.require_settings()
    assert stored.unit_code == "00123"  # zero-padded text
    assert stored.unit_name == "Ủy ban nhân dân xã Nam Đông"
    assert [row[:2] for row in bare_ws.store.list_questionnaires()] == [
        ("xa-22-tieu-chi", "2017.1")]
    assert known_operators(bare_ws) == ["Lan"] and last_operator(bare_ws) == "Lan"
    (entry,) = bare_ws.store.iter_audit()
    assert (entry.action, entry.operator, entry.before) == ("settings.update", "Lan", None)
    assert entry.after is not None and entry.after["unit_code"] == "00123"


def test_changing_settings_is_audited_with_before_and_after(ws: Workspace) -> None:
    settings = replace(ws.require_settings(), yearly_target=500)
    assert apply_settings(ws, settings, "Hoa") == []
    entry = list(ws.store.iter_audit())[-1]
    assert (entry.action, entry.operator) == ("settings.update", "Hoa")
    assert entry.before is not None and entry.after is not None
    assert (entry.before["yearly_target"], entry.after["yearly_target"]) == (420, 500)
    assert known_operators(ws) == ["Lan", "Hoa"] and last_operator(ws) == "Hoa"


def test_saving_the_same_settings_writes_no_audit_entry(ws: Workspace) -> None:
    count = len(list(ws.store.iter_audit()))
    assert apply_settings(ws, ws.require_settings(), "Lan") == []
    assert len(list(ws.store.iter_audit())) == count


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"unit_name": "   "}, "unit_name_empty"),
        ({"unit_code": "12a45"}, "unit_code_format"),
        ({"unit_code": "123456"}, "unit_code_format"),
        ({"year": 1999}, "year_out_of_range"),
        ({"yearly_target": 0}, "target_out_of_range"),
        ({"fields": ()}, "fields_count"),
        ({"fields": (ChoiceOption("TP", "Tư pháp"), ChoiceOption("TP", "Hộ tịch"))},
         "fields_duplicate"),
        ({"fields": (ChoiceOption("tp", "Tư pháp"),)}, "field_invalid"),
        ({"due_day": 31}, "due_day_out_of_range"),
        ({"questionnaire_version": "9.9"}, "questionnaire_unknown"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_stored(
    bare_ws: Workspace, changes: dict[str, object], code: str
) -> None:
    issues = apply_settings(bare_ws, unit_settings(**changes), "Lan")
    assert code in [i.code for i in issues]
    assert bare_ws.settings is None
    assert bare_ws.store.list_questionnaires() == []
    assert list(bare_ws.store.iter_audit()) == []
    assert known_operators(bare_ws) == [] and last_operator(bare_ws) is None


def test_bad_change_keeps_the_old_settings(ws: Workspace) -> None:
    old = ws.require_settings()
    assert apply_settings(ws, replace(old, year=3000), "Hoa") != []
    assert ws.require_settings() == old
    assert last_operator(ws) == "Lan"


def test_remember_operator_normalises_spaces_and_ignores_blank(ws: Workspace) -> None:
    remember_operator(ws, "  Trần   Thị  Hoa ")
    remember_operator(ws, "   ")
    assert known_operators(ws) == ["Lan", "Trần Thị Hoa"]
    assert last_operator(ws) == "Trần Thị Hoa"


def test_keying_questionnaire_carries_the_units_fields(ws: Workspace) -> None:
    fields = (ChoiceOption("TP", "Tư pháp - Hộ tịch"), ChoiceOption("DD", "Đất đai"))
    assert apply_settings(ws, replace(ws.require_settings(), fields=fields), "Lan") == []
    q = ws.keying_questionnaire()
    assert q.field_question.options == fields
    assert ws.questionnaire(*q.key).field_question.options == DEFAULT_FIELDS


def test_unstored_questionnaire_is_a_questionnaire_error(ws: Workspace) -> None:
    with pytest.raises(QuestionnaireError) as info:
        ws.questionnaire("nope", "1")
    assert info.value.problem == "not_stored"


# -- a district's own questionnaire --------------------------------------------------------------


def test_district_file_is_stored_and_offered(ws: Workspace, tmp_path: Path) -> None:
    q = add_questionnaire_file(ws, district_file(tmp_path))
    assert q.key == ("huyen-nam-dong", "2026.1")
    assert len(q.rating_questions) == 18
    assert ("huyen-nam-dong", "2026.1") in {x.key for x in available_questionnaires(ws)}
    assert ws.questionnaire("huyen-nam-dong", "2026.1") == q


def test_broken_district_file_stores_nothing(ws: Workspace, tmp_path: Path) -> None:
    path = district_file(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["components"][0]["items"][3]["text"] = ""
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = ws.store.list_questionnaires()
    with pytest.raises(QuestionnaireError) as info:
        add_questionnaire_file(ws, path)
    assert info.value.source == str(path)
    assert info.value.json_path == "$.components[0].items[3].text"
    assert ws.store.list_questionnaires() == before


def test_forms_keep_their_questionnaire_version_after_a_switch(
    ws: Workspace, tmp_path: Path, fill: FillEntry
) -> None:
    add_questionnaire_file(ws, district_file(tmp_path, "2026.1", items=18))
    settings = replace(ws.require_settings(), questionnaire_id="huyen-nam-dong",
                       questionnaire_version="2026.1")
    assert apply_settings(ws, settings, "Lan") == []
    keying = KeyingService(ws, "Lan")
    old = keying.save(fill(keying, serial=1))
    assert not isinstance(old, list) and old.id is not None
    assert (old.questionnaire_id, old.questionnaire_version) == ("huyen-nam-dong", "2026.1")

    # The district issues a new version; the unit switches to it.
    add_questionnaire_file(ws, district_file(tmp_path, "2026.2", items=12))
    assert apply_settings(ws, replace(settings, questionnaire_version="2026.2"), "Lan") == []
    new = keying.save(fill(keying, serial=2))
    assert not isinstance(new, list)
    assert new.questionnaire_version == "2026.2" and len(new.answers) == 1 + 2 + 12

    # The old form is still under its own version, and is corrected under it.
    stored = ws.store.get_form(old.id)
    assert stored is not None and stored.questionnaire_version == "2026.1"
    entry = open_for_correction(ws, old.id)
    assert entry.questionnaire.version == "2026.1" and len(entry.questionnaire.questions) == 21
    entry.opinion = "sửa sau khi đổi mẫu"
    corrected = keying.save(entry)
    assert not isinstance(corrected, list), corrected
    assert corrected.questionnaire_version == "2026.1"
    assert corrected.answers == stored.answers
