"""Raw data import: round trips through CSV and XLSX, and every kind of broken file.

The comparisons read the stored forms back through the store, independently of the import's
own parsing; broken files are built by hand, byte by byte where the encoding matters.
"""

from __future__ import annotations

import csv
import io
import shutil
import tracemalloc
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.forms import FormRecord, FormStatus
from app.domain.questionnaire import QuestionKind
from app.services.demo import demo_settings, fill_demo
from app.services.export_data import export_csv, export_xlsx
from app.services.import_data import (
    MAX_ROWS,
    ImportPlan,
    ImportRefusedError,
    apply_import,
    plan_import,
    read_plan,
)
from app.services.setup import apply_settings
from app.services.workspace import Workspace
from app.storage.repository import FormFilter
from tests.services.conftest import START, Clock

TODAY = START.date()
FORMULA_OPINIONS = ("=1+1", "+84 912 345 678", "-mức phí quá cao", "@SUM(A1)", "'=chú thích",
                    "'bình thường")


def _comparable(ws: Workspace) -> dict[int, tuple[object, ...]]:
    """Serial -> what a form says (not who keyed it or when)."""
    return {record.serial: (record.survey_date, code, dict(record.answers), record.opinion,
                            record.status, record.questionnaire_id,
                            record.questionnaire_version)
            for record, code in ws.store.list_forms(FormFilter(year=TODAY.year))}


@dataclass(frozen=True)
class Source:
    forms: dict[int, tuple[object, ...]]
    csv: Path
    xlsx: Path


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    """The demo year (with formula-looking opinions added) exported as CSV and XLSX."""
    folder = tmp_path_factory.mktemp("source")
    ws = Workspace.open(folder / "data", now=Clock())
    for _ in fill_demo(ws, TODAY):
        pass
    q = ws.keying_questionnaire()
    first = ws.store.max_serial(TODAY.year) + 1
    for serial, opinion in enumerate(FORMULA_OPINIONS, start=first):
        answers = {question.code: min(4, question.option_count) for question in q.questions}
        answers[q.field_question.code] = 2
        record = FormRecord(serial, date(2026, 11, 20), q.id, q.version, answers, opinion,
                            operator="Lan")
        ws.store.add_form(record, record.field_code(q), START)
    assert export_csv(ws, TODAY.year, folder / "phieu.csv") > 300
    export_xlsx(ws, TODAY.year, folder / "phieu.xlsx")
    yield Source(_comparable(ws), folder / "phieu.csv", folder / "phieu.xlsx")
    ws.close()


@pytest.fixture
def target(bare_ws: Workspace) -> Workspace:
    """A fresh database of the same unit."""
    assert apply_settings(bare_ws, demo_settings(TODAY.year), "Hoa") == []
    return bare_ws


def _import(ws: Workspace, plan: ImportPlan, skip: bool = False) -> list[str]:
    return [p.step for p in apply_import(ws, plan, "Hoa", skip_bad_rows=skip)]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_round_trip_gives_back_every_form(source: Source, target: Workspace, kind: str) -> None:
    plan = read_plan(target, source.csv if kind == "csv" else source.xlsx)
    assert (plan.refusal, plan.bad) == ((), ())
    assert len(plan.good) == len(source.forms)
    assert _import(target, plan)[-1] == "done"
    assert _comparable(target) == source.forms
    voided = [v for v in source.forms.values() if v[4] is FormStatus.VOID]
    assert voided  # the demo voids two forms: they come back voided
    opinions = {v[3] for v in source.forms.values()}
    assert set(FORMULA_OPINIONS) <= opinions


def test_import_is_audited_with_the_files_operator_and_backed_up(
        source: Source, target: Workspace) -> None:
    _import(target, read_plan(target, source.csv))
    entries = [e for e in target.store.iter_audit("form") if e.action == "form.import"]
    assert len(entries) == len(source.forms)
    first = entries[0]
    assert first.operator == "Hoa"
    assert first.after is not None
    assert first.after["source"]["file"] == "phieu.csv"
    assert first.after["source"]["row"] == 2
    assert first.after["source"]["operator"] in ("Nguyễn Thị Lan", "Trần Văn Minh")
    assert first.after["source"]["keyed_at"].endswith(":00")
    stored = target.store.list_forms(FormFilter(year=TODAY.year))
    assert {record.operator for record, _ in stored} == {"Hoa"}
    assert list((target.data_dir / "backups").glob("khaosat-before-import-*.sqlite3"))


def test_xlsx_export_keeps_formula_text_as_text(source: Source) -> None:
    sheet = openpyxl.load_workbook(source.xlsx).worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("opinion") + 1
    cells = {sheet.cell(row, column).value: sheet.cell(row, column)
             for row in range(2, sheet.max_row + 1)}
    for text in FORMULA_OPINIONS:
        assert cells[text].data_type == "s", text
        assert cells[text].quotePrefix == (not text.startswith("'")), text
    assert sheet.freeze_panes == "B2"
    date_cell = sheet.cell(2, header.index("date") + 1)
    assert isinstance(date_cell.value, datetime) and date_cell.number_format == "dd/mm/yyyy"


def test_csv_export_neutralises_formula_text(source: Source) -> None:
    rows = list(csv.DictReader(io.StringIO(source.csv.read_text(encoding="utf-8-sig"))))
    written = {row["opinion"] for row in rows}
    for text in FORMULA_OPINIONS:
        assert "'" + text in written
        assert text not in written or text.startswith("'")


# -- hand-made files -------------------------------------------------------------------------
def _header(ws: Workspace) -> list[str]:
    q = ws.keying_questionnaire()
    codes = [x.code for x in q.questions if x.kind is not QuestionKind.FIELD]
    return ["serial", "date", "field", *codes, "opinion", "status", "operator", "keyed_at",
            "questionnaire"]


def _row(ws: Workspace, serial: int, **changes: str) -> dict[str, str]:
    row = dict.fromkeys(_header(ws), "4")
    row.update(serial=f"{serial:04d}", date="03/11/2026", field="TP", opinion="Tốt",
               status="active", operator="Lan", keyed_at="04/11/2026 08:00:00",
               questionnaire="xa-22-tieu-chi@2017.1")
    for key in ("GT", "DT"):  # two-option profile questions
        row[key] = "1"
    row.update(changes)
    return row


_TONES = "\u0300\u0301\u0303\u0309\u0323"  # the combining marks Windows-1258 has


def cp1258_bytes(text: str) -> bytes:
    """Text as Windows writes it in code page 1258: letters with circumflex, breve or horn
    precomposed, the tone as a combining mark after them ("ấ" = "â" + U+0301)."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[dict[str, str]],
               encoding: str = "utf-8-sig", delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    text = buffer.getvalue()
    path.write_bytes(cp1258_bytes(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def _forms_and_audit(ws: Workspace) -> tuple[int, int]:
    return (len(ws.store.list_forms(FormFilter())), len(list(ws.store.iter_audit())))


def _reasons(plan: ImportPlan) -> dict[int, list[str]]:
    return {bad.row: [issue.code for issue in bad.issues] for bad in plan.bad}


def test_bad_rows_are_listed_and_nothing_is_written_unless_skipped(
        ws: Workspace, tmp_path: Path) -> None:
    rows = [
        _row(ws, 1),
        _row(ws, 2, date="31/02/2026"),
        _row(ws, 3, date="hôm qua"),
        _row(ws, 4, date="12/12/2025"),
        _row(ws, 5, date="23/11/2026"),  # the clock says 22/11/2026
        _row(ws, 6, TC1="7", TC2="x", TC3=""),
        _row(ws, 7, field="XX"),
        _row(ws, 8, status="deleted"),
        _row(ws, 9, questionnaire="khong-co@1"),
        _row(ws, 10, opinion="ý" * 501),
        _row(ws, 11, field="9", TC1="0", TC2="9"),  # blank and unreadable are answers
    ]
    path = _write_csv(tmp_path / "loi.csv", _header(ws), rows)
    plan = read_plan(ws, path)
    assert [p.row for p in plan.good] == [2, 12]
    assert _reasons(plan) == {
        3: ["date_impossible"], 4: ["date_format"], 5: ["date_outside_year"],
        6: ["date_future"], 7: ["answer_out_of_range", "answer_not_number", "answer_empty"],
        8: ["field_unknown"], 9: ["status_unknown"], 10: ["questionnaire_unknown"],
        11: ["opinion_too_long"]}
    before = _forms_and_audit(ws)
    with pytest.raises(ImportRefusedError) as refused:
        _import(ws, plan)
    assert refused.value.issue.code == "rows_refused"
    assert refused.value.issue.params == {"bad": 9, "good": 2}
    assert _forms_and_audit(ws) == before
    assert _import(ws, plan, skip=True)[-1] == "done"
    stored = {r.serial: r for r, _ in ws.store.list_forms(FormFilter())}
    assert sorted(stored) == [1, 11]
    assert stored[11].answers["TC1"] == 0 and stored[11].answers["TC2"] == 9
    assert ws.store.form_field_code(stored[11].id or 0) == "9"


def test_duplicate_serials_in_the_file_and_in_the_store(ws: Workspace, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "a.csv", _header(ws), [_row(ws, 1), _row(ws, 2)])
    _import(ws, read_plan(ws, path))
    rows = [_row(ws, 2), _row(ws, 3), _row(ws, 4), _row(ws, 3)]
    plan = read_plan(ws, _write_csv(tmp_path / "b.csv", _header(ws), rows))
    assert [p.row for p in plan.good] == [4]
    assert _reasons(plan) == {2: ["serial_taken"], 3: ["serial_repeated"],
                              5: ["serial_repeated"]}
    assert plan.bad[1].issues[0].params == {"serial": 3, "rows": [5]}
    assert plan.bad[0].issues[0].params["operator"] == "Hoa"


def test_a_serial_stored_meanwhile_rolls_everything_back(ws: Workspace, tmp_path: Path) -> None:
    plan = read_plan(ws, _write_csv(tmp_path / "a.csv", _header(ws),
                                    [_row(ws, n) for n in range(1, 301)]))
    q = ws.keying_questionnaire()
    answers = {question.code: 4 for question in q.questions}
    ws.store.add_form(FormRecord(250, date(2026, 11, 3), q.id, q.version, answers), "TP", START)
    before = _forms_and_audit(ws)
    with pytest.raises(ImportRefusedError) as refused:
        _import(ws, plan)
    assert (refused.value.issue.code, refused.value.issue.params) == (
        "serial_taken_meanwhile", {"serial": 250})
    assert _forms_and_audit(ws) == before


def test_no_import_without_a_backup(ws: Workspace, tmp_path: Path) -> None:
    plan = read_plan(ws, _write_csv(tmp_path / "a.csv", _header(ws), [_row(ws, 1)]))
    shutil.rmtree(ws.backup_dir, ignore_errors=True)
    ws.backup_dir.write_text("a file where the backup folder should be")
    before = _forms_and_audit(ws)
    with pytest.raises(ImportRefusedError) as refused:
        _import(ws, plan)
    assert refused.value.issue.code == "backup_failed"
    assert refused.value.issue.params["folder"] == str(ws.backup_dir)
    assert _forms_and_audit(ws) == before


def test_cancelling_the_write_keeps_nothing(ws: Workspace, tmp_path: Path) -> None:
    plan = read_plan(ws, _write_csv(tmp_path / "a.csv", _header(ws),
                                    [_row(ws, n) for n in range(1, 301)]))
    before = _forms_and_audit(ws)
    steps = [p.step for p in apply_import(ws, plan, "Hoa", cancelled=lambda: True)]
    assert steps[-1] == "cancelled"
    assert _forms_and_audit(ws) == before
    # a caller that walks away in the middle of the write leaves nothing half-written
    job = apply_import(ws, plan, "Hoa")
    assert [next(job).step for _ in range(3)] == ["backup", "write", "write"]
    job.close()
    assert _forms_and_audit(ws) == before
    assert _import(ws, plan)[-1] == "done"  # and the database is free for the next write
    assert _forms_and_audit(ws)[0] == 300


@pytest.mark.parametrize(("header_change", "code"), [
    (lambda h: [*h, "ghi chú"], "column_unknown"),
    (lambda h: [c for c in h if c != "date"], "column_missing"),
    (lambda h: [*h, "TC1"], "column_duplicate"),
    (lambda h: [c for c in h if c != "TC4"], "answer_columns_missing"),
])
def test_wrong_columns_refuse_the_whole_file(ws: Workspace, tmp_path: Path,
                                             header_change: object, code: str) -> None:
    header = header_change(_header(ws))  # type: ignore[operator]
    plan = read_plan(ws, _write_csv(tmp_path / "c.csv", header, [_row(ws, 1)]))
    assert [i.code for i in plan.refusal] == [code]
    assert plan.good == () and plan.blocking_issue(True) is not None


def test_header_names_match_loosely_and_optional_columns_may_be_left_out(
        ws: Workspace, tmp_path: Path) -> None:
    row = _row(ws, 7)
    codes = _header(ws)[3:-5]
    header = [" Serial ", "DATE", "Field", *(c.lower() for c in codes), "Opinion"]
    values = [row["serial"], row["date"], "tp", *(row[c] for c in codes), "Tốt"]
    path = tmp_path / "few.csv"
    path.write_text(",".join(header) + "\n" + ",".join(values) + "\n", encoding="utf-8")
    plan = read_plan(ws, path)
    assert (plan.refusal, _reasons(plan)) == ((), {})
    record = plan.good[0].record
    assert (record.serial, record.status, record.questionnaire_id, plan.good[0].field_code) == (
        7, FormStatus.ACTIVE, "xa-22-tieu-chi", "TP")


def test_semicolon_csv_from_excel_with_vietnamese_regional_settings(
        ws: Workspace, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "excel.csv", _header(ws), [_row(ws, 1, opinion="a, b; c")],
                      delimiter=";")
    plan = read_plan(ws, path)
    assert plan.good[0].record.opinion == "a, b; c"


# -- encodings -------------------------------------------------------------------------------
def test_windows_1258_file_reads_correct_vietnamese(ws: Workspace, tmp_path: Path) -> None:
    text = "Cán bộ hướng dẫn tận tình, chu đáo; phường Đống Đa"
    path = _write_csv(tmp_path / "ansi.csv", _header(ws), [_row(ws, 1, opinion=text)],
                      encoding="cp1258")
    assert "ư".encode() not in path.read_bytes()  # really not UTF-8
    plan = read_plan(ws, path)
    assert plan.encoding == "cp1258"
    assert plan.good[0].record.opinion == text  # NFC, as keyed


def test_utf8_without_bom_is_read(ws: Workspace, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "u.csv", _header(ws), [_row(ws, 1, opinion="Đúng hẹn")],
                      encoding="utf-8")
    plan = read_plan(ws, path)
    assert (plan.encoding, plan.good[0].record.opinion) == ("utf-8", "Đúng hẹn")


def test_decomposed_vietnamese_is_stored_nfc(ws: Workspace, tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Lan hài lòng")
    plan = read_plan(ws, _write_csv(tmp_path / "n.csv", _header(ws),
                                    [_row(ws, 1, opinion=nfd)]))
    assert plan.good[0].record.opinion == "Nguyễn Thị Lan hài lòng"


@pytest.mark.parametrize(("data", "code", "line"), [
    # a UTF-8 BOM, then a Latin-1 byte on line 3
    (b"\xef\xbb\xbfserial,date\r\n1,x\r\n2,caf\xe9\r\n", "encoding_mixed", 3),
    # UTF-8 lines and a Windows-1258 line in one file
    ("serial,date\r\n1,Đúng\r\n".encode() + cp1258_bytes("2,Sai dấu\r\n"),
     "encoding_mixed", 3),
    (b"\xff\xfes\x00e\x00r\x00", "encoding_utf16", None),
    (b"serial,date\r\n1,02/11/2026\x00\r\n", "nul_bytes", 2),
    (b"serial,date\r\n1,\x81\r\n", "encoding_unknown", 2),  # a byte Windows-1258 has not
])
def test_mixed_or_unknown_encodings_are_refused_never_guessed(
        ws: Workspace, tmp_path: Path, data: bytes, code: str, line: int | None) -> None:
    path = tmp_path / "enc.csv"
    path.write_bytes(data)
    plan = read_plan(ws, path)
    assert [i.code for i in plan.refusal] == [code]
    if line is not None:
        assert plan.refusal[0].params["line"] == line


# -- files that are not what they claim ------------------------------------------------------
@pytest.mark.parametrize(("name", "data", "code"), [
    ("empty.csv", b"", "file_empty"),
    ("bom-only.csv", b"\xef\xbb\xbf", "file_empty"),
    ("fake.xlsx", b"serial,date\r\n1,2\r\n", "xlsx_not_zip"),
    ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 100, "xlsx_unreadable"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "xls_old_format"),
    ("notes.docx", b"PK", "file_type_unknown"),
    ("quote.csv", b'serial,date\r\n"1,02/11/2026\r\n', None),
])
def test_files_that_cannot_be_read_are_refused(ws: Workspace, tmp_path: Path, name: str,
                                               data: bytes, code: str | None) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    plan = read_plan(ws, path)
    assert plan.good == ()
    if code is not None:
        assert [i.code for i in plan.refusal] == [code]
    else:  # an unclosed quote: the csv module reads to the end; the row is then refused
        assert plan.refusal or plan.bad


def test_header_only_file(ws: Workspace, tmp_path: Path) -> None:
    plan = read_plan(ws, _write_csv(tmp_path / "h.csv", _header(ws), []))
    assert [i.code for i in plan.refusal] == ["no_rows"]


def test_missing_file_is_a_refusal(ws: Workspace, tmp_path: Path) -> None:
    plan = read_plan(ws, tmp_path / "khong-co.csv")
    assert [i.code for i in plan.refusal] == ["file_unreadable"]


def test_huge_file_is_refused_in_bounded_memory(ws: Workspace, tmp_path: Path) -> None:
    header = _header(ws)
    line = ",".join(_row(ws, 1).get(h, "") for h in header)
    path = tmp_path / "huge.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\r\n")
        for _ in range(50_000):
            f.write(line + "\r\n")
    tracemalloc.start()
    try:
        plan = read_plan(ws, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(i.code, i.params) for i in plan.refusal] == [("too_many_rows", {"max": MAX_ROWS})]
    assert peak < 150 * 1024 * 1024


def test_xlsx_keyed_by_hand_with_typed_cells(ws: Workspace, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    header = _header(ws)
    sheet.append(["Phiếu nhập tay năm 2026"])  # a title row above the header is not allowed
    book.remove(sheet)
    sheet = book.create_sheet("Phiếu")
    sheet.append(header)
    row = _row(ws, 12)
    values: list[object] = [int(row[h]) if row[h].isdigit() else row[h] for h in header]
    values[header.index("date")] = datetime(2026, 11, 3)
    values[header.index("TC1")] = 5.0
    sheet.append(values)
    sheet.append([None] * len(header))  # an empty formatted row at the end
    path = tmp_path / "tay.xlsx"
    book.save(path)
    plan = read_plan(ws, path)
    assert (plan.refusal, _reasons(plan)) == ((), {})
    record = plan.good[0].record
    assert (record.serial, record.survey_date, record.answers["TC1"]) == (
        12, date(2026, 11, 3), 5)


def test_plan_progress_ends_with_the_plan(ws: Workspace, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "p.csv", _header(ws), [_row(ws, n) for n in range(1, 451)])
    steps = list(plan_import(ws, path))
    assert [s.step for s in steps] == ["read", "check", "check", "done"]
    assert steps[-1].plan is not None and len(steps[-1].plan.good) == 450


# -- fuzz --------------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=400),
    st.lists(st.lists(st.text(max_size=12), max_size=8), max_size=6).map(
        lambda rows: "\r\n".join(",".join(cells) for cells in rows).encode("utf-8")),
    st.lists(st.sampled_from(["serial", "date", "field", "TC1", "opinion", "0001", "TP",
                              "03/11/2026", "4", "'=1", '"', ",", ";", "\r\n", "\n", "ư",
                              "\x00", "\xff"]), max_size=40).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
))
def test_fuzzed_csv_gives_a_plan_never_a_traceback(ws: Workspace, tmp_path: Path,
                                                   data: bytes) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    plan = read_plan(ws, path)
    assert plan.refusal or plan.good or plan.bad
    for bad in plan.bad:
        assert bad.row >= 2 and bad.issues
