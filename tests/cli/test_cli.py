"""The command line: verbs, refusals, the raw data CSV, the demo database."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from app.cli import main
from app.domain.entry import FormEntry
from app.services.keying import KeyingService
from app.services.workspace import DB_FILENAME, Workspace
from app.storage.repository import FormFilter

SETUP = ["setup", "--unit-name", "Ủy ban nhân dân xã Nam Đông", "--unit-code", "10234",
         "--year", "2026", "--operator", "Nguyễn Thị Lan"]


def test_help_lists_the_verbs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for verb in ("setup", "demo", "export-data"):
        assert verb in out


def test_version_from_a_real_process() -> None:
    done = subprocess.run([sys.executable, "-m", "app", "--version"], capture_output=True,
                          text=True, check=True)
    assert done.stdout.startswith("khaosat ")


def test_setup_stores_the_unit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*SETUP, "--data-dir", str(tmp_path), "--target", "300"]) == 0
    ws = Workspace.open(tmp_path)
    s = ws.require_settings()
    assert (s.unit_name, s.unit_code, s.year, s.yearly_target) == (
        "Ủy ban nhân dân xã Nam Đông", "10234", 2026, 300)
    assert ws.store.get_value("last_operator") == "Nguyễn Thị Lan"
    assert "Đã cài đặt" in capsys.readouterr().out


def test_setup_target_from_transactions(tmp_path: Path) -> None:
    assert main([*SETUP, "--data-dir", str(tmp_path), "--transactions", "3000"]) == 0
    assert Workspace.open(tmp_path).require_settings().yearly_target == 300


def test_setup_refuses_bad_values_and_stores_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [a if a != "10234" else "12a45" for a in SETUP]
    assert main([*args, "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "Mã đơn vị phải gồm 5 chữ số" in err and err.count("\n") == 1
    assert Workspace.open(tmp_path).settings is None


def test_setup_names_the_broken_questionnaire(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "mau-huyen.json"
    bad.write_text('{"format": 1, "id": "huyen"', encoding="utf-8")
    assert main([*SETUP, "--data-dir", str(tmp_path / "d"), "--questionnaire", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "mau-huyen.json" in err and "dòng 1" in err


def test_setup_with_the_sipas_questionnaire_and_own_fields(tmp_path: Path) -> None:
    assert main([*SETUP, "--data-dir", str(tmp_path), "--questionnaire", "sipas-2021",
                 "--fields", "TP=Tư pháp;DD=Đất đai"]) == 0
    ws = Workspace.open(tmp_path)
    q = ws.keying_questionnaire()
    assert q.id == "sipas-2021"
    assert [o.label for o in q.field_question.options] == ["Tư pháp", "Đất đai"]


def test_a_foreign_sqlite_file_is_refused_untouched(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / DB_FILENAME
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    assert main([*SETUP, "--data-dir", str(tmp_path)]) == 1
    assert "không phải cơ sở dữ liệu khaosat" in capsys.readouterr().err
    assert db.read_bytes() == before


def _key_form(ws: Workspace, serial: int, opinion: str) -> None:
    keying = KeyingService(ws, "Lan")
    q = keying.questionnaire()
    entry = FormEntry(q, serial=serial, survey_date=date(2026, 11, 20), opinion=opinion)
    for i, question in enumerate(q.questions):
        entry.answer_current(1 if question.kind != "rating" else (i % 5) + 1)
    saved = keying.save(entry)
    assert not isinstance(saved, list), saved


def test_export_data_csv(tmp_path: Path) -> None:
    assert main([*SETUP, "--data-dir", str(tmp_path)]) == 0
    ws = Workspace.open(tmp_path, now=lambda: datetime(2026, 11, 22, 9, 30))
    _key_form(ws, 1, "Cán bộ rất tận tình")
    _key_form(ws, 2, "=HYPERLINK(\"http://x\")")
    out = tmp_path / "phieu.csv"
    assert main(["export-data", "--data-dir", str(tmp_path), "--year", "2026",
                 "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, first, second = rows
    q = ws.keying_questionnaire()
    expected_codes = [x.code for x in q.questions if x.kind != "field"]
    assert header == ["serial", "date", "field", *expected_codes,
                      "opinion", "status", "operator", "keyed_at", "questionnaire"]
    assert first[:3] == ["0001", "20/11/2026", "TP"]
    assert first[header.index("opinion")] == "Cán bộ rất tận tình"
    assert first[header.index("TC1")] == str(q.questions.index(q.question("TC1")) % 5 + 1)
    assert first[header.index("keyed_at")] == "22/11/2026 09:30:00"
    assert first[header.index("questionnaire")] == "xa-22-tieu-chi@2017.1"
    assert second[header.index("opinion")].startswith("'=")


def test_export_data_without_setup_is_a_clear_refusal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-data", "--data-dir", str(tmp_path), "--out",
                 str(tmp_path / "x.csv")]) == 1
    assert "Chưa cài đặt đơn vị" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_demo_makes_a_separate_populated_database(tmp_path: Path) -> None:
    assert main(["demo", "--no-open", "--data-dir", str(tmp_path)]) == 0
    assert not (tmp_path / DB_FILENAME).exists()  # the real database is not touched
    ws = Workspace.open(tmp_path / "demo")
    keying = KeyingService(ws, "x")
    tally = keying.tally()
    today = date.today()
    share = (today - date(today.year, 1, 2)).days / 365
    assert abs(tally.year_count + tally.voided - round(420 * share)) <= 2
    assert tally.voided == 2
    assert sum(f.count for f in tally.by_field) == tally.year_count
    assert all(f.count > 0 for f in tally.by_field[:3])
    opinions = [record.opinion for record, _ in ws.store.list_forms(FormFilter())]
    assert any(opinions)
    # A second run keeps the demo as it is.
    assert main(["demo", "--no-open", "--data-dir", str(tmp_path)]) == 0
    assert KeyingService(Workspace.open(tmp_path / "demo"), "x").tally() == tally


def test_the_shortcut_start_skips_the_verb_parsers_and_keeps_the_data_dir():
    from app.cli import _plain_gui_start

    assert _plain_gui_start([]).verb is None
    assert _plain_gui_start(["--data-dir", "/srv/ks"]).data_dir == Path("/srv/ks")
    # Anything else goes through argparse (help, version, verbs, a missing folder name).
    for argv in (["--version"], ["--data-dir"], ["--data-dir", "--help"], ["demo"],
                 ["--data-dir", "/srv/ks", "demo"]):
        assert _plain_gui_start(argv) is None
