"""XLSX import under fuzzing: generated workbooks and damaged packages (issue 6).

Two families, both through the real ``plan_import``/``apply_import`` (and ``khaosat import``):
- workbooks built with openpyxl from hypothesis draws (headers right, shuffled, respelled,
  missing, doubled or foreign; cells of every type openpyxl writes, formulas, very long and
  control-character text; merged cells; several sheets; rows above the header). A model of
  what was written says which rows the import must see, which must be accepted and what they
  must store; applied rows are read back from the store;
- a valid workbook damaged part by part or byte by byte (parts removed, replaced, cut or
  edited, flipped bytes, cuts, lying sizes, zip bombs, entity expansion, external entities):
  always a plan, with a refusal the CLI and the dialog word, in bounded time and memory.
"""

from __future__ import annotations

import io
import pyexpat
import re
import struct
import time
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.commands.import_data import FILE_MESSAGES, ROW_MESSAGES, sentence
from app.domain.forms import FormRecord, FormStatus, Issue, clean_opinion
from app.domain.questionnaire import QuestionKind, Questionnaire
from app.services.export_data import export_xlsx
from app.services.import_data import (
    EXCEL_LAST_ROW,
    MAX_UNPACKED_BYTES,
    ImportPlan,
    ImportRefusedError,
    apply_import,
    display_params,
    read_plan,
)
from app.services.setup import apply_settings, available_questionnaires
from app.services.workspace import Workspace
from app.storage.repository import FormFilter
from app.ui.import_dialog import FILE_REASONS, ROW_REASONS
from tests.services.conftest import START, Clock, unit_settings

TODAY = START.date()
YEAR = TODAY.year
DATA = Path(__file__).parent / "data"
REQUIRED = ("serial", "date", "field")
OPTIONAL = ("opinion", "status", "operator", "keyed_at", "questionnaire")
SIPAS = "sipas-2021@2021.1"
SECONDS_PER_FILE = 30  # generous: two shared cores; a runaway read takes minutes or forever

PLAN_ONLY = settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
WITH_APPLY = settings(PLAN_ONLY, max_examples=50)
CLI_RUNS = settings(PLAN_ONLY, max_examples=6)
SOAK = settings(PLAN_ONLY, max_examples=1500)


# -- the desk: one set-up workspace for the module ----------------------------------------------
@dataclass(frozen=True)
class Desk:
    ws: Workspace
    folder: Path
    questionnaires: dict[str, Questionnaire]  # "id@version" -> definition
    default: str
    field_codes: tuple[str, ...]
    # valid workbooks, the bases of the damaged packages: an export (three forms, inline
    # text) and a hand-made one (six forms, text in a shared-string table as Excel keeps it)
    export: bytes = field(repr=False)
    handmade: bytes = field(repr=False)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    folder = tmp_path_factory.mktemp("xlsx-fuzz")
    ws = Workspace.open(folder / "data", now=Clock())
    assert apply_settings(ws, unit_settings(), "Lan") == []
    settings_ = ws.require_settings()
    questionnaires = {f"{q.id}@{q.version}": q for q in available_questionnaires(ws)}
    default = f"{settings_.questionnaire_id}@{settings_.questionnaire_version}"
    q = ws.keying_questionnaire()
    for serial in (1, 2, 3):  # stored before any example: serial 1 must come back "taken"
        answers = {question.code: min(serial + 1, question.option_count)
                   for question in q.questions}
        record = FormRecord(serial, date(YEAR, 3, serial), q.id, q.version, answers,
                            f"Ý kiến {serial}", operator="Lan")
        ws.store.add_form(record, record.field_code(q), START)
    export_xlsx(ws, YEAR, folder / "export.xlsx")
    handmade = _handmade(questionnaires[default], settings_.fields[0].code)
    yield Desk(ws, folder, questionnaires, default, tuple(f.code for f in settings_.fields),
               (folder / "export.xlsx").read_bytes(), handmade)
    ws.close()


def _handmade(q: Questionnaire, field_code: str, answer: int = 1) -> bytes:
    """Six good forms (serials 20-25) as openpyxl writes a workbook: shared strings, date
    styles; with ``answer`` out of range, six bad ones."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    codes = [x.code for x in q.questions if x.kind is not QuestionKind.FIELD]
    sheet.append(["serial", "date", "field", *codes, "opinion", "status"])
    for serial in range(20, 26):
        sheet.append([f"{serial:04d}", datetime(YEAR, 10, serial), field_code,
                      *([answer] * len(codes)), f"Phiếu {serial}: cán bộ tận tình",
                      "active"])
    out = io.BytesIO()
    book.save(out)
    return _with_shared_strings(out.getvalue())


def _with_shared_strings(data: bytes) -> bytes:
    """The workbook with its text in a shared-string table, as Excel writes it (openpyxl
    writes text inline), so that the table's parser is fuzzed too."""
    parts = dict(_parts(data))
    strings: list[bytes] = []

    def shared(m: re.Match[bytes]) -> bytes:
        strings.append(m[2])
        return b'<c %st="s"><v>%d</v></c>' % (m[1], len(strings) - 1)

    sheet = re.sub(rb'<c ([^>]*)t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', shared,
                   parts["xl/worksheets/sheet1.xml"])
    main_ns = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    table = b"".join(b"<si><t>%s</t></si>" % text for text in strings)
    parts["xl/worksheets/sheet1.xml"] = sheet
    parts["xl/sharedStrings.xml"] = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="'
                                     + main_ns + b'" count="%d">' % len(strings) + table
                                     + b"</sst>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>')
    return _zip(list(parts.items()))


# -- what a plan must always be ----------------------------------------------------------------
def _worded(messages: dict[str, str], issue: Issue) -> str:
    """The CLI's sentence, failing when the code has none or a placeholder lacks its param."""
    key = f"{issue.code}:{issue.params.get('reason', '')}"
    template = messages.get(key) or messages[issue.code]
    return template.format(**display_params(issue.params))


def check_plan(plan: ImportPlan) -> None:
    """A refusal of the whole file, or rows each with its sheet row number and reasons; every
    code worded by the CLI and by the dialog, every sentence of bounded length."""
    if plan.refusal:
        assert plan.good == () and plan.bad == ()
        assert plan.blocking_issue(skip_bad_rows=True) == plan.refusal[0]
        for issue in plan.refusal:
            assert len(_worded(FILE_MESSAGES, issue)) < 2500
            FILE_REASONS[issue.code].format(**display_params(issue.params))
        return
    rows = [p.row for p in plan.good] + [b.row for b in plan.bad]
    assert len(rows) == len(set(rows)) and all(2 <= r <= EXCEL_LAST_ROW for r in rows)
    for bad in plan.bad:
        assert bad.issues
        for issue in bad.issues:
            assert len(_worded(ROW_MESSAGES, issue)) < 2500
            ROW_REASONS[issue.code].format(**display_params(issue.params))
    if not plan.good:
        assert plan.blocking_issue(skip_bad_rows=True) is not None


def _plan(ws: Workspace, path: Path) -> ImportPlan:
    started = time.monotonic()
    plan = read_plan(ws, path)
    assert time.monotonic() - started < SECONDS_PER_FILE
    check_plan(plan)
    return plan


Snapshot = tuple[dict[int, tuple[object, ...]], int]


def snapshot(ws: Workspace) -> Snapshot:
    """What the store holds (serial -> what the form says) and how long the audit log is."""
    forms = {record.serial: _says(record, code)
             for record, code in ws.store.list_forms(FormFilter(year=YEAR))}
    return forms, len(list(ws.store.iter_audit()))


def _says(record: FormRecord, field_code: str) -> tuple[object, ...]:
    return (record.survey_date, field_code, dict(record.answers), record.opinion,
            record.status, record.questionnaire_id, record.questionnaire_version)


# -- generated workbooks: cells --------------------------------------------------------------
@dataclass(frozen=True)
class Formula:
    """A cell openpyxl writes as a formula without a cached value: the import reads None."""

    text: str


# Characters openpyxl writes and XML carries: no C0 controls but tab/LF/CR, no surrogates, no
# U+FFFE/U+FFFF. C1 controls, DEL and direction marks are legal XML and come through.
_SAFE_TEXT = st.characters(blacklist_categories=("Cs",),
                           blacklist_characters="".join(map(chr, [*range(0, 9), 11, 12,
                                                                 *range(14, 32)]))
                           + "\ufffe\uffff")
_VIETNAMESE = "Cán bộ hướng dẫn tận tình, chu đáo; phường Đống Đa ưng ý"
_TRICKY_TEXTS = ("=1+1", "+84 912", "-3", "@SUM(A1)", "'0001", "#N/A", "#DIV/0!", "TP", "tp",
                 "0", "9", "4", "04", "4.5", "1e3", "٣", "٠٠١٢", "active", "VOID",
                 "xa-22-tieu-chi@2017.1", "khong-co@1", "03/11/2026", "31/02/2026",
                 "0001", "  0002  ", "serial", "Ngày", "\u202e0001", "\x1b[2J")


def junk_cells(include_sipas: bool) -> st.SearchStrategy[object]:
    tricky = _TRICKY_TEXTS + ((SIPAS,) if include_sipas else ())
    return st.one_of(
        st.none(), st.just(""), st.just("   "),
        st.integers(-10**15, 10**15),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2100, 12, 31)),
        st.dates(min_value=date(1901, 1, 1), max_value=date(2100, 12, 31)),
        st.times(),
        st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=900)),
        st.sampled_from(["=1+1", "=A1/0", "=SUM(A1:A3)", "=1/0", '="x"&"y"']).map(Formula),
        st.sampled_from(tricky).filter(lambda t: "\x1b" not in t),
        st.text(_SAFE_TEXT, max_size=20),
        st.text("\t\n\r\x7f\x80\x85\x9b\u200f\u202e ", min_size=1, max_size=5),
        st.integers(100, 40_000).map(lambda n: "Ư" * n),
    )


def _put(sheet: Any, row: int, column: int, value: object) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Formula):
        cell.value = value.text
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # "=1+1" or "#N/A" typed as text stays text, as Excel keeps it


def _blank(value: object) -> bool:
    """Blank as the import reads it (a formula without a cached value reads as nothing)."""
    return value is None or isinstance(value, Formula) or (
        isinstance(value, str) and not value.strip())


# -- generated workbooks: rows and the model -----------------------------------------------------
@dataclass(frozen=True)
class Expected:
    serial: int
    says: tuple[object, ...]  # as _says gives it from the store


@dataclass
class Written:
    """A generated workbook and what the import must make of it."""

    path: Path
    first_sheet_title: str
    first_sheet_blank: bool = False
    header_valid: bool = False  # our data sheet is first and its header is acceptable
    data_rows: set[int] = field(default_factory=set)  # sheet rows after the header, not blank
    clean: dict[int, Expected] = field(default_factory=dict)  # rows that must be accepted


@st.composite
def workbooks(draw: st.DrawFn, desk: Desk) -> Written:
    include_sipas = draw(st.booleans())
    names = _column_names(desk, include_sipas)
    dropped = draw(st.sets(st.sampled_from(OPTIONAL)))
    names = [n for n in names if n not in dropped]
    header: list[object] = draw(st.permutations(names))
    header = [_respell(draw, str(n)) for n in header]
    header_ok = True
    damage = draw(st.sampled_from(["none"] * 4 + ["drop_required", "drop_answer", "double",
                                                  "foreign", "typed", "unnamed"]))
    if damage in ("drop_required", "drop_answer"):
        gone = "tc1" if damage == "drop_answer" else draw(st.sampled_from(REQUIRED))
        header = [h for h in header if _canonical(h) not in (gone, gone.upper())]
    elif damage == "double":
        header.insert(draw(st.integers(0, len(header))), draw(st.sampled_from(header)))
    elif damage == "foreign":
        header.insert(draw(st.integers(0, len(header))),
                      draw(st.sampled_from(["ghi chú", "TC99", "Số phiếu"])))
    elif damage == "typed":
        header.insert(draw(st.integers(0, len(header))), draw(st.one_of(
            st.integers(1, 99), st.datetimes(min_value=datetime(2000, 1, 1)), st.booleans())))
    if damage == "unnamed":  # an unnamed column is ignored, with whatever it holds
        header.insert(draw(st.integers(0, len(header))), None)
    else:
        header_ok = damage == "none"
    canon = [_canonical(h) for h in header]
    has_questionnaire = "questionnaire" in canon

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    before = draw(st.sampled_from(["none", "none", "empty", "junk"]))
    sheet = first if before == "none" else book.create_sheet(draw(st.sampled_from(
        ["Phiếu", "Sheet2", "Dữ liệu phiếu"])))
    first.title = draw(st.sampled_from(["Dữ liệu phiếu", "Sheet1", "Hướng dẫn"]))
    junk = junk_cells(include_sipas)
    if before == "junk":
        for r in range(1, draw(st.integers(1, 4)) + 1):
            for c in range(1, draw(st.integers(1, 5)) + 1):
                _put(first, r, c, draw(junk))

    grid: dict[tuple[int, int], object] = {}
    row = 1 + draw(st.integers(0, 3))  # rows above the header: empty or only spaces
    if row > 1 and draw(st.booleans()):
        for c in range(1, 4):
            grid[(row - 1, c)] = " "
    header_row = row
    for c, name in enumerate(header, start=1):
        grid[(row, c)] = name
    expected: dict[int, Expected] = {}
    base = draw(st.integers(1000, 999_000))  # clear of the desk's and the fixed files' serials
    for _ in range(draw(st.integers(0, 8))):
        row += 1 + draw(st.sampled_from([0, 0, 0, 1, 5]))  # sometimes empty rows between
        kind = draw(st.sampled_from(["clean", "clean", "mixed", "junk"]))
        ref = desk.default
        if include_sipas and has_questionnaire and draw(st.booleans()):
            ref = SIPAS
        values, says = _clean_row(draw, desk, ref, base, set(canon))
        cells = {}
        for c, name in enumerate(canon, start=1):
            if name is None or kind == "junk":
                cells[c] = draw(junk)
            else:
                cells[c] = values.get(name)
        if kind == "mixed":
            for c in draw(st.sets(st.sampled_from(sorted(cells)), min_size=1, max_size=3)):
                cells[c] = draw(junk)
        if draw(st.integers(0, 9)) == 0:  # something right of the header: never read
            cells[len(header) + 2] = draw(junk)
        for c, value in cells.items():
            grid[(row, c)] = value
        if kind == "clean" and says is not None:
            expected[row] = says

    merged_rows: set[int] = set()
    merges: list[tuple[int, int, int, int]] = []
    for _ in range(draw(st.integers(1, 2)) if draw(st.integers(0, 3)) == 0 else 0):
        top = draw(st.integers(header_row, max(row, header_row)))
        bottom = draw(st.integers(top, min(top + 2, max(row, top))))
        left = draw(st.integers(1, len(header)))
        right = draw(st.integers(left, min(left + 3, len(header))))
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    grid.pop((r, c), None)  # openpyxl empties the covered cells
        if (top, left) != (bottom, right):
            merged_rows.update(range(top, bottom + 1))
        merges.append((top, left, bottom, right))

    for (r, c), value in grid.items():
        if value is not None:
            _put(sheet, r, c, value)
    for top, left, bottom, right in merges:
        sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    for _ in range(draw(st.integers(0, 2))):  # sheets after ours are never read
        extra = book.create_sheet()
        _put(extra, 1, 1, draw(junk))

    path = desk.folder / "generated.xlsx"
    book.save(path)
    written = Written(path, first.title)
    if before == "empty":
        written.first_sheet_blank = True
        return written
    if before == "junk":
        return written
    written.header_valid = header_ok and header_row not in merged_rows
    written.data_rows = {r for r in range(header_row + 1, row + 1)
                         if any(not _blank(v) for (rr, _), v in grid.items() if rr == r)}
    written.clean = {r: e for r, e in expected.items() if r not in merged_rows}
    return written


def _column_names(desk: Desk, include_sipas: bool) -> list[str]:
    refs = [desk.default, SIPAS] if include_sipas else [desk.default]
    codes: list[str] = []
    for ref in refs:
        codes += [q.code for q in desk.questionnaires[ref].questions
                  if q.kind is not QuestionKind.FIELD and q.code not in codes]
    return [*REQUIRED, *codes, *OPTIONAL]


def _respell(draw: st.DrawFn, name: str) -> str:
    style = draw(st.sampled_from(["as", "as", "upper", "title", "spaced"]))
    return {"as": name, "upper": name.upper(), "title": name.title(),
            "spaced": f"  {name} "}[style]


def _canonical(header_cell: object) -> str | None:
    """The column a header cell names: fixed names in lower case, question codes in upper."""
    if not isinstance(header_cell, str) or not header_cell.strip():
        return None
    name = header_cell.strip()
    return name.casefold() if name.casefold() in (*REQUIRED, *OPTIONAL) else name.upper()


def _clean_row(draw: st.DrawFn, desk: Desk, ref: str, base: int, columns: set[str | None]
               ) -> tuple[dict[str, object], Expected | None]:
    """Cells of a row that must be accepted (by canonical column name), and what it stores
    given the ``columns`` the header has. ``None`` for the expectation when the opinion is
    drawn too long on purpose."""
    q = desk.questionnaires[ref]
    serial = base + draw(st.integers(0, 6)) if draw(st.integers(0, 9)) else 1  # 1 is taken
    day = draw(st.dates(date(YEAR, 1, 1), TODAY))
    field_pick = draw(st.sampled_from([*desk.field_codes, "0", "9"]))
    answers = {q.field_question.code: (desk.field_codes.index(field_pick) + 1
                                       if field_pick in desk.field_codes else int(field_pick))}
    values: dict[str, object] = {
        "serial": draw(st.sampled_from([serial, f"{serial:04d}", float(serial), str(serial)])),
        "date": draw(st.sampled_from([datetime.combine(day, datetime.min.time()), day,
                                      day.strftime("%d/%m/%Y")])),
        "field": draw(st.sampled_from([field_pick, field_pick.lower()]))
        if not field_pick.isdigit() else draw(st.sampled_from([field_pick, int(field_pick)])),
    }
    for question in q.questions:
        if question.kind is QuestionKind.FIELD:
            continue
        answer = draw(st.sampled_from([0, 9, *range(1, question.option_count + 1)]))
        answers[question.code] = answer
        values[question.code.upper()] = draw(st.sampled_from([answer, float(answer),
                                                              str(answer)]))
    opinion = draw(st.one_of(st.text(_SAFE_TEXT, max_size=40), st.just(_VIETNAMESE),
                             st.sampled_from(["=1+1", "'=x", "+84 912", "#N/A", "@me"]),
                             st.integers(495, 505).map(lambda n: "ý" * n)))
    status = draw(st.sampled_from([None, "active", "void", "ACTIVE", " Void "]))
    values.update(opinion=opinion, status=status,
                  operator=draw(st.sampled_from([None, "Lan", "Nguyễn Thị Lan", "=cmd"])),
                  keyed_at=draw(st.sampled_from([None, datetime(YEAR, 11, 1, 8, 30),
                                                 "01/11/2026 08:30:00"])))
    if "questionnaire" in columns:
        values["questionnaire"] = ref if ref != desk.default or draw(st.booleans()) else None
    cleaned = clean_opinion(opinion) if "opinion" in columns else ""
    status = status if "status" in columns else None
    if len(cleaned) > q.opinion.max_length:
        return values, None
    says = (day, field_pick, answers, cleaned,
            FormStatus((status or "active").strip().casefold()), q.id, q.version)
    return values, Expected(serial, says)


# -- generated workbooks: the properties ------------------------------------------------------
def check_against_model(plan: ImportPlan, written: Written, desk: Desk) -> None:
    check_plan(plan)
    codes = [i.code for i in plan.refusal]
    if written.first_sheet_blank:
        assert codes == ["file_empty"]
        assert plan.refusal[0].params["sheet"] == written.first_sheet_title
        return
    if not written.header_valid:
        return
    if not written.data_rows:
        assert codes == ["no_rows"]
        return
    assert codes == []
    seen = {p.row for p in plan.good} | {b.row for b in plan.bad}
    assert seen == written.data_rows  # no row lost, none invented, numbered as the sheet shows
    good = {p.row: p for p in plan.good}
    bad = {b.row: b for b in plan.bad}
    taken = snapshot(desk.ws)[0]
    for row, expected in written.clean.items():
        if row in good:
            parsed = good[row]
            assert parsed.record.serial == expected.serial
            assert _says(parsed.record, parsed.field_code) == expected.says
        else:
            issues = bad[row].issues
            assert {i.code for i in issues} <= {"serial_repeated", "serial_taken"}, issues
            for issue in issues:
                if issue.code == "serial_taken":
                    assert expected.serial in taken
                else:
                    assert issue.params["rows"] and row not in issue.params["rows"]


def plan_and_maybe_apply(desk: Desk, written: Written, apply: bool, skip: bool) -> None:
    before = snapshot(desk.ws)
    plan = _plan(desk.ws, written.path)
    check_against_model(plan, written, desk)
    assert snapshot(desk.ws) == before  # planning writes nothing
    if not apply:
        return
    blocking = plan.blocking_issue(skip)
    if blocking is not None:
        with pytest.raises(ImportRefusedError) as refused:
            list(apply_import(desk.ws, plan, "Hoa", skip_bad_rows=skip))
        assert refused.value.issue == blocking
        assert snapshot(desk.ws) == before
        return
    steps = [p.step for p in apply_import(desk.ws, plan, "Hoa", skip_bad_rows=skip)]
    assert steps[-1] == "done"
    forms, audit = snapshot(desk.ws)
    assert forms == before[0] | {p.record.serial: _says(p.record, p.field_code)
                                 for p in plan.good}
    assert audit == before[1] + len(plan.good)


@WITH_APPLY
@given(data=st.data(), apply=st.booleans(), skip=st.booleans())
def test_generated_workbooks_plan_and_apply_as_written(desk: Desk, data: st.DataObject,
                                                        apply: bool, skip: bool) -> None:
    plan_and_maybe_apply(desk, data.draw(workbooks(desk)), apply, skip)


@pytest.mark.slow
@SOAK
@given(data=st.data(), apply=st.booleans(), skip=st.booleans())
def test_generated_workbooks_soak(desk: Desk, data: st.DataObject, apply: bool, skip: bool,
                                  request: pytest.FixtureRequest) -> None:
    if "slow" not in str(request.config.getoption("markexpr") or ""):
        pytest.skip("1500 workbooks take minutes: run with -m slow")
    plan_and_maybe_apply(desk, data.draw(workbooks(desk)), apply, skip)


@pytest.fixture(scope="module")
def cli_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "data"
    assert main(["setup", "--unit-name", "Ủy ban nhân dân xã Nam Đông", "--unit-code",
                 "10234", "--year", str(YEAR), "--operator", "Nguyễn Thị Lan",
                 "--data-dir", str(folder)]) == 0
    return folder


def _stored_count(data_dir: Path) -> int:
    ws = Workspace.open(data_dir)
    try:
        return len(ws.store.list_forms(FormFilter()))
    finally:
        ws.close()


@CLI_RUNS
@given(data=st.data(), flags=st.sampled_from([["--dry-run"], [], ["--skip-bad-rows"]]))
def test_khaosat_import_words_every_generated_workbook(
        desk: Desk, cli_dir: Path, capsys: pytest.CaptureFixture[str], data: st.DataObject,
        flags: list[str]) -> None:
    written = data.draw(workbooks(desk))
    before = _stored_count(cli_dir)
    capsys.readouterr()
    code = main(["import", "--data-dir", str(cli_dir), str(written.path), *flags])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    assert "Traceback" not in out + err and "Warning" not in out + err
    for line in out.splitlines():
        assert line.startswith(("Tệp ", "Dòng ", "Chạy thử", "Đã nhập")), line
        assert len(line) < 5000 and "\x1b" not in line
    if code == 1:
        assert err.startswith("khaosat: ") and err.count("\n") == 1
    if code == 1 or "--dry-run" in flags:
        assert _stored_count(cli_dir) == before
    else:
        assert "Đã nhập" in out


# -- damaged packages ------------------------------------------------------------------------
def _parts(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(info.filename, package.read(info)) for info in package.infolist()]


def _zip(parts: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", method) as package:
        warnings.simplefilter("ignore")  # "Duplicate name": a damage some tests make on purpose
        for name, content in parts:
            package.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), content,
                             compress_type=method)
    return out.getvalue()


def _doctype(body: bytes, entities: bytes) -> bytes:
    """``body`` (an XML part) with an internal DTD declaring ``entities`` in front of it."""
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", body)
    root = re.match(rb"\s*<([\w:]+)", body)
    name = root[1] if root is not None else b"x"
    return b'<?xml version="1.0"?><!DOCTYPE ' + name + b" [" + entities + b"]>" + body


LAUGHS = b'<!ENTITY a0 "ha">' + b"".join(
    b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 10))
QUADRATIC = b'<!ENTITY big "' + b"x" * 200_000 + b'">'


def _with_entity_use(xml: bytes, reference: bytes) -> bytes:
    """The first text node of ``xml`` replaced by an entity reference."""
    return re.sub(rb"(<(?:t|v)(?: [^>]*)?>)[^<]*", lambda m: m[1] + reference, xml, count=1)


# Edits of the sheet XML that keep the zip valid: what a careless program could write.
SHEET_EDITS: tuple[tuple[bytes, bytes], ...] = (
    (rb'<row r="\d+"', b'<row r="0"'), (rb'<row r="\d+"', b'<row r="-3"'),
    (rb'<row r="\d+"', b'<row r="abc"'), (rb'<row r="\d+"', b'<row r="1e9"'),
    (rb'<row r="\d+"', b'<row r="2.5"'), (rb'<row r="(\d+)"', b'<row r="\\1" spans="x"'),
    (rb'<c r="[A-Z]+(\d+)"', b'<c r="XFD\\1"'), (rb'<c r="[A-Z]+(\d+)"', b'<c r="A0"'),
    (rb'<c r="[A-Z]+(\d+)"', b'<c r="ZZZZ\\1"'), (rb'<c r="[A-Z]+\d+"', b"<c"),
    (rb'<c ([^>]*)t="\w+"', b'<c \\1t="s"'), (rb'<c ([^>]*)t="\w+"', b'<c \\1t="b"'),
    (rb'<c ([^>]*)t="\w+"', b'<c \\1t="d"'), (rb'<c ([^>]*)t="\w+"', b'<c \\1t="e"'),
    (rb'<c ([^>]*)t="\w+"', b'<c \\1t="zz"'), (rb'<c ([^>]*)s="\d+"', b'<c \\1s="9999"'),
    (rb"<v>[^<]*</v>", b"<v>nan</v>"), (rb"<v>[^<]*</v>", b"<v>1e400</v>"),
    (rb"<v>[^<]*</v>", b"<v>99999999999</v>"), (rb"<v>[^<]*</v>", b"<v>-1</v>"),
    (rb"<v>[^<]*</v>", b"<v>" + b"9" * 5000 + b"</v>"), (rb"<v>[^<]*</v>", b"<v></v>"),
    (rb"<v>[^<]*</v>", b"<v>&#x85;&#x202E;</v>"), (rb"<v>[^<]*</v>", b"<v>&#x1B;</v>"),
    (rb"<sheetData>", b"<sheetData><row/>"), (rb"</sheetData>", b"<row r='1'/></sheetData>"),
    (rb"<sheetData>.*</sheetData>", b"<sheetData/>"), (rb"<dimension [^>]*/>", b""),
    (rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"'),
    (rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"'),
    (rb"</row>", b'</row><row r="1048577"><c t="inlineStr"><is><t>x</t></is></c></row>'),
    (rb"<t>", b"<t><![CDATA[x]]>"), (rb"<is>", b"<is><r><t>rich</t></r>"),
)


@st.composite
def damaged_packages(draw: st.DrawFn, desk: Desk) -> bytes:
    parts = _parts(draw(st.sampled_from([desk.export, desk.handmade])))
    for _ in range(draw(st.integers(0, 3))):
        if not parts:
            break
        i = draw(st.integers(0, len(parts) - 1))
        name, content = parts[i]
        op = draw(st.sampled_from(["drop", "garbage", "empty", "cut", "flip", "rename",
                                   "double", "edit", "laughs", "quadratic"]))
        if op == "drop":
            del parts[i]
        elif op == "garbage":
            parts[i] = (name, draw(st.binary(max_size=300)))
        elif op == "empty":
            parts[i] = (name, b"")
        elif op == "cut":
            parts[i] = (name, content[:draw(st.integers(0, len(content)))])
        elif op == "flip" and content:
            at = draw(st.integers(0, len(content) - 1))
            flipped = bytes([content[at] ^ draw(st.integers(1, 255))])
            parts[i] = (name, content[:at] + flipped + content[at + 1:])
        elif op == "rename":
            parts[i] = (draw(st.sampled_from(["xl/worksheets/sheet9.xml", name.upper(),
                                              "../" + name, name + "/"])), content)
        elif op == "double":
            parts.insert(i, (name, draw(st.sampled_from([content, b"<x/>"]))))
        elif op == "edit":
            pattern, replacement = draw(st.sampled_from(SHEET_EDITS))
            sheet = next((j for j, (n, _) in enumerate(parts) if "worksheets/" in n), i)
            target, xml = parts[sheet]
            parts[sheet] = (target, re.sub(pattern, replacement, xml, count=draw(
                st.integers(0, 3)), flags=re.S))
        elif op in ("laughs", "quadratic"):
            entities, use = (LAUGHS, b"&a9;") if op == "laughs" else (
                QUADRATIC, b"&big;" * 2000)
            parts[i] = (name, _with_entity_use(_doctype(content, entities), use))
    data = _zip(parts, draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])))
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "size"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        elif op == "cut":
            data = data[:at]
        elif op == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
        else:
            data = declare_size(data, draw(st.sampled_from(
                [0, 1, 100, 2**20, MAX_UNPACKED_BYTES + 1, 2**32 - 1])))
    return data


def declare_size(data: bytes, size: int, name: bytes | None = None) -> bytes:
    """The central directory entry of ``name`` (else of every part) declaring ``size``
    unpacked bytes: what zipfile and openpyxl trust."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0 and at + 46 <= len(out):
        name_length = struct.unpack_from("<H", out, at + 28)[0]
        if name is None or bytes(out[at + 46:at + 46 + name_length]) == name:
            struct.pack_into("<I", out, at + 24, size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


@PLAN_ONLY
@given(data=st.data())
def test_damaged_packages_always_get_a_plan(desk: Desk, data: st.DataObject) -> None:
    path = desk.folder / "damaged.xlsx"
    path.write_bytes(data.draw(damaged_packages(desk)))
    before = snapshot(desk.ws)
    _plan(desk.ws, path)
    assert snapshot(desk.ws) == before


@pytest.mark.slow
@SOAK
@given(data=st.data())
def test_damaged_packages_soak(desk: Desk, data: st.DataObject,
                               request: pytest.FixtureRequest) -> None:
    if "slow" not in str(request.config.getoption("markexpr") or ""):
        pytest.skip("1500 packages take minutes: run with -m slow")
    path = desk.folder / "damaged.xlsx"
    path.write_bytes(data.draw(damaged_packages(desk)))
    _plan(desk.ws, path)


# -- damaged packages, one by one: the findings ----------------------------------------------
def _refusal(desk: Desk, data: bytes, name: str = "file.xlsx") -> Issue:
    path = desk.folder / name
    path.write_bytes(data)
    plan = _plan(desk.ws, path)
    assert len(plan.refusal) == 1, (plan.refusal, plan.bad)
    return plan.refusal[0]


def _peak_bytes(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _replace(data: bytes, name: str, content: bytes) -> bytes:
    return _zip([(n, content if n == name else c) for n, c in _parts(data)])


def _sheet(data: bytes) -> bytes:
    return dict(_parts(data))["xl/worksheets/sheet1.xml"]


def test_a_wrong_dimension_does_not_cut_rows_off(desk: Desk) -> None:
    """Found by fuzzing: openpyxl's read-only mode stops at the row the sheet's <dimension>
    names; a program writing a stale one made the import see 1 form of 6, without a word."""
    sheet = _sheet(desk.handmade)
    small = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C2"', sheet)
    path = desk.folder / "dimension.xlsx"
    path.write_bytes(_replace(desk.handmade, "xl/worksheets/sheet1.xml", small))
    plan = _plan(desk.ws, path)
    assert [p.row for p in plan.good] == [2, 3, 4, 5, 6, 7]
    assert plan.good[-1].record.opinion == "Phiếu 25: cán bộ tận tình"


def test_a_row_past_excels_last_is_refused_at_once(desk: Desk) -> None:
    """Found by fuzzing: a 5 KB file naming row 1 000 000 000 was read as a billion empty
    rows (hours). Now: refused at Excel's last row, within seconds."""
    far = b'<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>1</t></is></c></row>'
    sheet = _sheet(desk.handmade).replace(b"</sheetData>", far + b"</sheetData>")
    started = time.monotonic()
    issue = _refusal(desk, _replace(desk.handmade, "xl/worksheets/sheet1.xml", sheet))
    assert (issue.code, issue.params["reason"]) == ("xlsx_unreadable", "rows_beyond_excel")
    assert time.monotonic() - started < 15
    assert "dòng cuối cùng Excel" in sentence(FILE_MESSAGES, issue.code, issue.params)


def test_excels_last_row_is_read_and_numbered(desk: Desk) -> None:
    last = (b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>0030</t></is></c>'
            b"</row>")
    sheet = _sheet(desk.handmade).replace(b"</sheetData>", last + b"</sheetData>")
    path = desk.folder / "last-row.xlsx"
    path.write_bytes(_replace(desk.handmade, "xl/worksheets/sheet1.xml", sheet))
    plan = _plan(desk.ws, path)
    assert len(plan.good) == 6
    assert [b.row for b in plan.bad] == [EXCEL_LAST_ROW]
    assert "date_empty" in [i.code for i in plan.bad[0].issues]


def test_zip_bomb_is_refused_before_inflating(desk: Desk) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in _parts(desk.handmade):
            if name != "xl/worksheets/sheet1.xml":
                package.writestr(name, content)
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_sheet(desk.handmade)[:-len(b"</worksheet>")])
            chunk = b" " * 2**20
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 10):
                sheet.write(chunk)
            sheet.write(b"</worksheet>")
    bomb = out.getvalue()
    assert len(bomb) < 2**20  # ~110 MB of XML in a file under 1 MB
    issue: list[Issue] = []
    peak = _peak_bytes(lambda: issue.append(_refusal(desk, bomb)))
    assert (issue[0].code, issue[0].params["reason"]) == ("xlsx_unreadable",
                                                          "unpacked_too_large")
    assert issue[0].params["detail"].startswith("xl/worksheets/sheet1.xml: 111 MB")
    assert peak < 20 * 2**20
    # lying about the size does not help: zipfile stops at the declared size, CRC fails
    liar = declare_size(bomb, 2**20, b"xl/worksheets/sheet1.xml")
    peak = _peak_bytes(lambda: issue.append(_refusal(desk, liar)))
    assert issue[1].code == "xlsx_unreadable" and "CRC" in issue[1].params["detail"]
    assert peak < 40 * 2**20


def test_declared_sizes_past_the_limit_are_refused(desk: Desk) -> None:
    issue = _refusal(desk, declare_size(desk.export, 2**32 - 1, b"xl/styles.xml"))
    assert issue.params["reason"] == "unpacked_too_large"
    assert issue.params["detail"].startswith("xl/styles.xml: 4096 MB")


def test_expat_limits_entity_amplification() -> None:
    """openpyxl parses sheets and shared strings with the standard library's expat (lxml,
    when present, only for the smaller parts, with entities off); defusedxml is not installed.
    Expat 2.4.1+ refuses "billion laughs" and quadratic blow-ups by itself: this guard fails
    on a Python built with an older one, where defusedxml would become necessary."""
    assert pyexpat.version_info >= (2, 4, 1)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                  "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml"])
@pytest.mark.parametrize(("entities", "use"), [(LAUGHS, b"&a9;"),
                                               (QUADRATIC, b"&big;" * 5000)])
def test_entity_expansion_is_refused_in_bounded_memory(desk: Desk, part: str, entities: bytes,
                                                       use: bytes) -> None:
    """Sheets and shared strings go through expat (refused); the other parts through lxml
    with entities off (never expanded: the file may even be read)."""
    content = dict(_parts(desk.handmade))[part]
    expat_part = part in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml")
    if expat_part:
        bloated = _with_entity_use(_doctype(content, entities), use)  # 10^9 characters
    else:  # the reference in a new first element, where openpyxl looks at nothing
        bloated = re.sub(rb"^(<[^>]*>)", lambda m: m[1] + b"<x>" + use + b"</x>",
                         re.sub(rb"^<\?xml[^>]*\?>", b"", content), count=1)
        bloated = _doctype(bloated, entities)
    path = desk.folder / "entities.xlsx"
    path.write_bytes(_replace(desk.handmade, part, bloated))
    plans: list[ImportPlan] = []
    started = time.monotonic()
    peak = _peak_bytes(lambda: plans.append(_plan(desk.ws, path)))
    assert time.monotonic() - started < SECONDS_PER_FILE
    assert peak < 150 * 2**20
    if expat_part:
        assert [i.code for i in plans[0].refusal] == ["xlsx_unreadable"]
        assert "amplification" in plans[0].refusal[0].params["detail"]
    assert "haha" not in repr(plans[0]) and "xxxx" not in repr(plans[0])


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
                                  "xl/workbook.xml"])
def test_external_entities_are_never_read(desk: Desk, part: str) -> None:
    secret = desk.folder / "secret.txt"
    secret.write_text("MAT-KHAU-BI-MAT")
    entity = b'<!ENTITY e SYSTEM "' + secret.as_uri().encode() + b'">'
    content = _with_entity_use(_doctype(dict(_parts(desk.handmade))[part], entity), b"&e;")
    if part == "xl/workbook.xml":
        content = content.replace(b'name="Sheet"', b'name="&e;"')
    path = desk.folder / "xxe.xlsx"
    path.write_bytes(_replace(desk.handmade, part, content))
    plan = _plan(desk.ws, path)
    everything = repr(plan)
    assert "MAT-KHAU-BI-MAT" not in everything


def test_password_protected_workbook_is_named_as_such(desk: Desk) -> None:
    """tests/services/data/password-abc.xlsx: a two-row workbook encrypted with the password
    "abc" by msoffcrypto-tool (Excel's "Encrypt with password" writes the same OLE layout)."""
    issue = _refusal(desk, (DATA / "password-abc.xlsx").read_bytes())
    assert (issue.code, issue.params["reason"]) == ("xlsx_unreadable", "encrypted")
    assert "mật khẩu" in sentence(FILE_MESSAGES, issue.code, issue.params)


def test_an_old_xls_named_xlsx_is_told_to_be_saved_as_xlsx(desk: Desk) -> None:
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "Workbook".encode("utf-16-le")
    assert _refusal(desk, ole).code == "xls_old_format"


def test_missing_parts_are_refused_with_what_is_missing(desk: Desk) -> None:
    def without(name: str) -> bytes:
        return _zip([(n, c) for n, c in _parts(desk.handmade) if n != name])

    sheetless = _refusal(desk, without("xl/worksheets/sheet1.xml"))
    assert (sheetless.code, sheetless.params["reason"]) == ("xlsx_unreadable", "no_worksheet")
    workbookless = _refusal(desk, without("xl/workbook.xml"))
    assert workbookless.code == "xlsx_unreadable"
    assert "xl/workbook.xml" in workbookless.params["detail"]


def test_forms_on_the_second_sheet_are_pointed_at(desk: Desk) -> None:
    book = openpyxl.load_workbook(io.BytesIO(desk.handmade))
    book.create_sheet("Hướng dẫn", 0)
    path = desk.folder / "second.xlsx"
    book.save(path)
    issue = _plan(desk.ws, path).refusal[0]
    assert (issue.code, issue.params["sheet"]) == ("file_empty", "Hướng dẫn")
    assert 'Trang tính đầu tiên ("Hướng dẫn")' in sentence(FILE_MESSAGES, issue.code,
                                                           issue.params)


def test_long_and_control_character_cells_are_shown_short_and_harmless(desk: Desk) -> None:
    book = openpyxl.load_workbook(io.BytesIO(desk.handmade))
    sheet = book.worksheets[0]
    sheet["A2"] = "A" * 100_000
    sheet["A3"] = "00\x85\u202e12"
    sheet["B4"] = "22/11\n2026"
    path = desk.folder / "long.xlsx"
    book.save(path)
    plan = _plan(desk.ws, path)
    reasons = {b.row: [sentence(ROW_MESSAGES, i.code, i.params) for i in b.issues]
               for b in plan.bad}
    assert reasons[2] == ['số phiếu "' + "A" * 79 + '…" không phải là số (chỉ gồm chữ số, '
                          'vd. 0124)']
    assert reasons[3] == ['số phiếu "00 \ufffd12" không phải là số (chỉ gồm chữ số, '
                          "vd. 0124)"]
    assert reasons[4] == ['ngày "22/11 2026" sai dạng; hãy ghi ngày/tháng/năm, vd. 22/11/2026']
    # the issue keeps the text whole (openpyxl wrote Excel's 32 767 at most); the sentence cuts
    assert plan.bad[0].issues[0].params["text"] == "A" * 32_767


def test_display_params_bound_lists_and_texts() -> None:
    shown = display_params({"columns": [f"c{i}" for i in range(30)], "text": "\x1b[2J" + "x",
                            "serial": 7, "date": date(2026, 11, 2)})
    assert shown["columns"] == ", ".join(f"c{i}" for i in range(20)) + ", …"
    assert shown["text"] == "\ufffd[2Jx"
    assert (shown["serial"], shown["date"]) == ("0007", "02/11/2026")


def test_openpyxl_warnings_stay_off_the_console(desk: Desk, cli_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A date cell out of Excel's range makes openpyxl warn on stderr; the clerk gets the row's
    reason instead."""
    sheet = re.sub(rb'(<c r="B2"[^>]*>)<v>[^<]*</v>', rb"\g<1><v>1e20</v>",
                   _sheet(desk.handmade))
    path = desk.folder / "warn.xlsx"
    path.write_bytes(_replace(desk.handmade, "xl/worksheets/sheet1.xml", sheet))
    capsys.readouterr()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert main(["import", "--data-dir", str(cli_dir), str(path), "--dry-run"]) == 1
    assert [str(w.message) for w in seen] == []
    out, err = capsys.readouterr()
    assert 'Dòng 2: ngày "#VALUE!" sai dạng' in out
    assert "Warning" not in err and err.startswith("khaosat: ")


def test_all_bad_rows_are_not_told_to_skip_into_nothing(
        desk: Desk, cli_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = desk.folder / "all-bad.xlsx"
    path.write_bytes(_handmade(desk.questionnaires[desk.default], "TP", answer=7))
    capsys.readouterr()
    assert main(["import", "--data-dir", str(cli_dir), str(path)]) == 1
    err = capsys.readouterr().err
    assert "Cả 6 dòng đều lỗi" in err and "để nhập 0 dòng" not in err
