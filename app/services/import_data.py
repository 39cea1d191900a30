"""Import forms from a raw data file (CSV or XLSX in the export's layout, docs/formats.md).

Two steps, both generators of ``ImportProgress`` (the UI runs them on a worker, the CLI in a
loop): ``plan_import`` reads and checks every row and ends with an ``ImportPlan`` (rows OK,
rows refused with their reasons, or a refusal of the whole file); ``apply_import`` writes the
good rows in ONE transaction, each form audited ``form.import``. Nothing is written from a plan
with refused rows unless the caller chooses to skip them.

Encodings (CSV): UTF-8 with or without a BOM. A file that is not UTF-8 is read as
Windows-1258 (what Excel on a Vietnamese Windows writes for "CSV"), but only when it holds no
UTF-8 sequence at all; a file mixing both, or a UTF-8 BOM followed by other bytes, is refused,
naming the first bad line: guessing there would store garbled Vietnamese. UTF-16 files and NUL
bytes are refused. The plan says which encoding was used, so the clerk can check the preview.

Limits: ``MAX_FILE_BYTES`` and ``MAX_ROWS`` (a commune keys ~420 forms a year); a bigger file
is refused before anything is checked, after reading at most ``MAX_ROWS + 1`` rows.

XLSX files are untrusted zips of XML: the declared unpacked sizes are checked before openpyxl
inflates anything (``MAX_UNPACKED_BYTES``; zipfile never inflates past a declared size), the
sheet's ``<dimension>`` is ignored (a wrong one would silently cut rows off), rows past Excel's
last row are refused (a tiny file naming row 1 000 000 000 would otherwise be read as a
billion empty rows), and openpyxl's warnings are kept off the console. Entity expansion
("billion laughs") is stopped by the XML parser itself: expat >= 2.4.1 limits the amplification
(tests/services/test_import_xlsx_fuzz.py checks it). A password-protected workbook (an OLE file,
not a zip) is told apart from a damaged one.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.domain.exports import ExportRecord, locking_export
from app.domain.forms import FormRecord, Issue, format_serial, validate_form
from app.domain.questionnaire import QuestionKind, Questionnaire
from app.domain.raw_import import (
    Cell,
    ColumnMap,
    ParsedRow,
    RowRules,
    map_header,
    missing_answer_columns,
    parse_row,
    questionnaire_ref_of,
)
from app.services.backup import BackupError, backup_before
from app.services.setup import available_questionnaires
from app.services.workspace import Workspace
from app.storage.errors import DuplicateSerialError, PeriodLockedError

MAX_ROWS = 10_000
_MB = 1024 * 1024
MAX_FILE_BYTES = 20 * _MB
MAX_COLUMNS = 500
MAX_UNPACKED_BYTES = 100 * _MB  # a year of 10 000 forms unpacks to ~13 MB
EXCEL_LAST_ROW = 1_048_576
CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_PROGRESS_EVERY = 200
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, or an encrypted workbook
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
# What a message shows of a cell the clerk wrote: one line, not a whole page, and no character
# that moves the cursor or turns the text around on a console or in a table.
_SHOWN_CHARS = 80
_SHOWN_ITEMS = 20
_HIDDEN_CHARACTERS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")

Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class BadRow:
    row: int  # as the spreadsheet shows it (header = 1)
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do, before anything is written."""

    source: Path
    file_type: str  # "csv" | "xlsx"
    encoding: str  # "utf-8", "utf-8-sig", "cp1258"; "" for XLSX or a refused file
    good: tuple[ParsedRow, ...] = ()
    bad: tuple[BadRow, ...] = ()
    refusal: tuple[Issue, ...] = ()  # the whole file is refused: no row is usable

    @property
    def row_count(self) -> int:
        return len(self.good) + len(self.bad)

    def blocking_issue(self, skip_bad_rows: bool) -> Issue | None:
        """Why this plan cannot be written as asked; None when it can."""
        if self.refusal:
            return self.refusal[0]
        if self.bad and not skip_bad_rows:
            return Issue("rows_refused", {"bad": len(self.bad), "good": len(self.good)})
        if not self.good:
            return Issue("nothing_to_import")
        return None


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped: int


@dataclass(frozen=True)
class ImportProgress:
    done: int
    total: int
    step: str  # "read" | "check" | "backup" | "write" | "done" | "cancelled"
    plan: ImportPlan | None = None
    result: ImportResult | None = None


class ImportRefusedError(Exception):
    """``apply_import`` would not (or could not) write; ``issue`` says why. Nothing written."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue


@dataclass
class _Sheet:
    header: list[Cell]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    encoding: str = ""


class _FileRefused(Exception):
    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code)
        self.issue = issue


def display_params(params: Mapping[str, Any]) -> dict[str, str]:
    """An issue's parameters as the texts a sentence shows: serials zero-padded, dates
    dd/mm/yyyy (with the time for a moment), lists comma-separated (at most ``_SHOWN_ITEMS``),
    texts cut to ``_SHOWN_CHARS`` with control and direction characters made harmless."""
    return {key: format_serial(value) if key == "serial" and isinstance(value, int)
            else _display(value) for key, value in params.items()}


def _display(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list | tuple):
        shown = [_display(v) for v in value[:_SHOWN_ITEMS]]
        return ", ".join([*shown, "…"] if len(value) > _SHOWN_ITEMS else shown)
    text = _HIDDEN_CHARACTERS.sub(lambda m: " " if m[0].isspace() else "\ufffd", str(value))
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS - 1] + "…"


# -- reading -----------------------------------------------------------------------------
def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding used; raises _FileRefused (see module doc)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _FileRefused(Issue("encoding_utf16"))
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _FileRefused(Issue("nul_bytes", {"line": data.count(b"\n", 0, nul) + 1}))
    has_bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if has_bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if has_bom else "utf-8"
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        if has_bom or _UTF8_SEQUENCE.search(body):
            raise _FileRefused(Issue("encoding_mixed", {"line": line})) from None
    try:
        return body.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise _FileRefused(Issue("encoding_unknown", {"line": line})) from None


def _delimiter(first_line: str) -> str:
    """Comma as exported; Excel with Vietnamese regional settings writes semicolons."""
    try:
        counts = {d: len(next(csv.reader([first_line], delimiter=d), [])) for d in ",;\t"}
    except csv.Error:
        return ","
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _read_csv(data: bytes) -> _Sheet:
    text, encoding = decode_csv_bytes(data)
    first_line = next(iter(text.splitlines()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    sheet: _Sheet | None = None
    try:
        for number, cells in enumerate(reader, start=1):
            if sheet is None:
                sheet = _Sheet(header=list(cells[:MAX_COLUMNS]), encoding=encoding)
                continue
            if not any(c.strip() for c in cells):
                continue  # an empty line (a spreadsheet shows it as an empty row)
            sheet.rows.append((number, list(cells[:MAX_COLUMNS])))
            if len(sheet.rows) > MAX_ROWS:
                raise _FileRefused(Issue("too_many_rows", {"max": MAX_ROWS}))
    except csv.Error as exc:
        raise _FileRefused(Issue("csv_malformed", {"line": reader.line_num,
                                                   "detail": str(exc)})) from None
    if sheet is None:
        raise _FileRefused(Issue("file_empty"))
    return sheet


def _read_xlsx(path: Path) -> _Sheet:
    with open(path, "rb") as f:
        magic = f.read(len(_OLE_MAGIC))
        if magic == _OLE_MAGIC:
            raise _FileRefused(_ole_refusal(f.read(MAX_FILE_BYTES)))
        if not magic.startswith(b"PK\x03\x04"):
            raise _FileRefused(Issue("xlsx_not_zip"))
        f.seek(0)
        try:
            _check_unpacked_size(f)
            f.seek(0)
            return _read_xlsx_package(f)
        except _FileRefused:
            raise
        except Exception as exc:  # zipfile and openpyxl raise many types for a damaged package
            raise _FileRefused(_unreadable(_one_line(exc))) from None


def _ole_refusal(rest: bytes) -> Issue:
    """An OLE file named .xlsx: Excel's "Encrypt with password" writes one, and so is an .xls
    renamed; the clerk's remedy differs."""
    if _ENCRYPTION_STREAM in rest:
        return _unreadable("encrypted with a password", reason="encrypted")
    return Issue("xls_old_format")


def _unreadable(detail: str, reason: str = "") -> Issue:
    """``reason`` names what we recognised, for a sentence more precise than the detail."""
    params = {"detail": detail}
    if reason:
        params["reason"] = reason
    return Issue("xlsx_unreadable", params)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _check_unpacked_size(f: io.BufferedReader) -> None:
    with zipfile.ZipFile(f) as package:
        parts = package.infolist()
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        biggest = max(parts, key=lambda part: part.file_size)
        raise _FileRefused(_unreadable(
            f"{biggest.filename}: {-(-biggest.file_size // _MB)} MB unpacked, "
            f"at most {MAX_UNPACKED_BYTES // _MB} MB", reason="unpacked_too_large"))


def _read_xlsx_package(f: io.BufferedReader) -> _Sheet:
    import openpyxl  # only an import of an .xlsx pays for it

    # Not thread-safe (the filter list is global), but only openpyxl's own warnings are
    # silenced, and only while the file is read: "date out of range, treated as an error",
    # "extension not supported" say nothing a refused row does not say better.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"openpyxl(\.|$)")
        book = openpyxl.load_workbook(f, read_only=True, data_only=True)
        try:
            return _xlsx_sheet(book)
        finally:
            book.close()


def _xlsx_sheet(book: Any) -> _Sheet:
    if not book.worksheets:  # the workbook's sheet part is missing, or only charts
        raise _FileRefused(_unreadable("no worksheet", reason="no_worksheet"))
    worksheet = book.worksheets[0]
    worksheet.reset_dimensions()
    sheet: _Sheet | None = None
    width = MAX_COLUMNS
    gap_filler: tuple[Cell, ...] = ()
    rows = worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    for number, values in enumerate(rows, start=1):
        if number > EXCEL_LAST_ROW:
            raise _FileRefused(_unreadable(f"row {number} > {EXCEL_LAST_ROW}",
                                           reason="rows_beyond_excel"))
        # openpyxl fills a gap between rows with one and the same empty tuple: a gap of a
        # million rows costs a million identity checks, not a million scans of 500 cells
        if values is gap_filler:
            continue
        if values.count(None) == len(values):
            gap_filler = values
            continue
        if not any(c is not None and str(c).strip() for c in values):
            continue  # rows above the header, and empty rows between forms
        if sheet is None:
            width = max(i for i, c in enumerate(values) if c is not None and str(c).strip()) + 1
            sheet = _Sheet(header=list(values[:width]))
            continue
        # columns right of the header are never read; a row with something only there is
        # kept (and refused by its empty serial) rather than skipped without a word
        sheet.rows.append((number, list(values[:width])))
        if len(sheet.rows) > MAX_ROWS:
            raise _FileRefused(Issue("too_many_rows", {"max": MAX_ROWS}))
    if sheet is None:  # the forms may be on another sheet: say which one was read
        raise _FileRefused(Issue("file_empty", {"reason": "first_sheet",
                                                "sheet": str(worksheet.title)}))
    return sheet


def _read(path: Path) -> tuple[str, _Sheet]:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _FileRefused(Issue("xls_old_format"))
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise _FileRefused(Issue("file_type_unknown", {"suffix": suffix}))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _FileRefused(Issue("file_too_large", {"size_mb": -(-size // _MB),
                                                        "max_mb": MAX_FILE_BYTES // _MB}))
        if suffix in XLSX_SUFFIXES:
            return "xlsx", _read_xlsx(path)
        return "csv", _read_csv(path.read_bytes())
    except OSError as exc:
        raise _FileRefused(Issue("file_unreadable", {"detail": exc.strerror or str(exc)})
                           ) from None


# -- checking ----------------------------------------------------------------------------
def _rules(ws: Workspace, csv_escapes: bool) -> RowRules:
    settings = ws.require_settings()
    questionnaires = {f"{q.id}@{q.version}": q.with_field_options(settings.fields)
                      for q in available_questionnaires(ws)}
    return RowRules(
        questionnaires=questionnaires,
        default_questionnaire=f"{settings.questionnaire_id}@{settings.questionnaire_version}",
        fields=settings.fields, working_year=settings.year, today=ws.today(),
        csv_escapes=csv_escapes)


def _question_codes(questionnaires: Sequence[Questionnaire]) -> set[str]:
    return {q.code for each in questionnaires for q in each.questions
            if q.kind is not QuestionKind.FIELD}


def _column_refusals(sheet: _Sheet, columns: ColumnMap, rules: RowRules) -> list[Issue]:
    """Answer columns a questionnaire used in the file needs but the file lacks."""
    refs = {questionnaire_ref_of(cells, columns, rules) for _, cells in sheet.rows}
    issues = []
    for ref in sorted(refs):
        q = rules.questionnaires.get(ref)
        missing = missing_answer_columns(columns, q) if q is not None else []
        if missing:
            issues.append(Issue("answer_columns_missing", {"questionnaire": ref,
                                                          "columns": missing}))
    return issues


def plan_import(ws: Workspace, path: Path, cancelled: Cancelled | None = None
                ) -> Iterator[ImportProgress]:
    """Read and check the file; the last progress carries the plan (nothing is written).

    Raises NotSetUpError when the unit has no settings yet.
    """
    yield ImportProgress(0, 0, "read")
    rules_csv = path.suffix.lower() in CSV_SUFFIXES
    rules = _rules(ws, csv_escapes=rules_csv)
    try:
        file_type, sheet = _read(path)
    except _FileRefused as refused:
        file_type = "csv" if rules_csv else "xlsx"
        yield ImportProgress(0, 0, "done", ImportPlan(path, file_type, "", refusal=(
            refused.issue,)))
        return
    refusal: list[Issue] = []
    columns = map_header(sheet.header, _question_codes(list(rules.questionnaires.values())))
    if isinstance(columns, list):
        refusal = columns
    elif not sheet.rows:
        refusal = [Issue("no_rows")]
    else:
        refusal = _column_refusals(sheet, columns, rules)
    if refusal or isinstance(columns, list):
        yield ImportProgress(0, 0, "done", ImportPlan(path, file_type, sheet.encoding,
                                                      refusal=tuple(refusal)))
        return
    total = len(sheet.rows)
    parsed: list[ParsedRow] = []
    bad: dict[int, list[Issue]] = {}
    for done, (number, cells) in enumerate(sheet.rows, start=1):
        result = parse_row(number, cells, columns, rules)
        if isinstance(result, list):
            bad[number] = result
        else:
            parsed.append(result)
        if done % _PROGRESS_EVERY == 0:
            if cancelled is not None and cancelled():
                yield ImportProgress(done, total, "cancelled")
                return
            yield ImportProgress(done, total, "check")
    good = _refuse_duplicates(ws, parsed, bad, rules)
    bad_rows = tuple(BadRow(row, tuple(issues)) for row, issues in sorted(bad.items()))
    yield ImportProgress(total, total, "done",
                         ImportPlan(path, file_type, sheet.encoding, tuple(good), bad_rows))


def _refuse_duplicates(ws: Workspace, parsed: list[ParsedRow], bad: dict[int, list[Issue]],
                       rules: RowRules) -> list[ParsedRow]:
    """Serials twice in the file (every occurrence refused: which one is right is the clerk's
    call), serials already stored this year, and forms dated in an exported period (those
    are keyed by hand, each with a reason: an import has none to give)."""
    exports = ws.store.list_exports()
    rows_of: dict[int, list[int]] = {}
    for p in parsed:
        rows_of.setdefault(p.record.serial, []).append(p.row)
    good = []
    for p in parsed:
        issues: list[Issue] = []
        others = [r for r in rows_of[p.record.serial] if r != p.row]
        if others:
            issues.append(Issue("serial_repeated", {"serial": p.record.serial, "rows": others}))
        use = ws.store.serial_use(rules.working_year, p.record.serial)
        if use is not None:
            issues.append(Issue("serial_taken", {"serial": p.record.serial,
                                                 "keyed_at": use.keyed_at,
                                                 "operator": use.operator}))
        locked = locking_export(exports, [p.record.survey_date])
        if locked is not None:
            issues.append(_period_locked("period_locked", locked))
        if issues:
            bad[p.row] = issues
        else:
            good.append(p)
    return good


def _period_locked(code: str, export: ExportRecord) -> Issue:
    return Issue(code, {"period": export.period_label, "version": export.version})


def read_plan(ws: Workspace, path: Path) -> ImportPlan:
    """``plan_import`` run to the end."""
    plan = None
    for progress in plan_import(ws, path):
        plan = progress.plan or plan
    assert plan is not None
    return plan


# -- writing -----------------------------------------------------------------------------
def apply_import(ws: Workspace, plan: ImportPlan, operator: str, *,
                 skip_bad_rows: bool = False, cancelled: Cancelled | None = None
                 ) -> Iterator[ImportProgress]:
    """Write the plan's good rows (all or nothing); the last progress carries the result.

    Raises ImportRefusedError before writing anything when the plan is refused, has bad rows
    and ``skip_bad_rows`` is False, or has no good row; and, with everything rolled back, when
    another program stored one of the serials, or exported the period of one of the forms
    (``period_locked_meanwhile``), since the plan was made. Cancelling during the
    write rolls it back too (last step "cancelled", nothing written).
    """
    blocking = plan.blocking_issue(skip_bad_rows)
    if blocking is not None:
        raise ImportRefusedError(blocking)
    settings = ws.require_settings()
    total = len(plan.good)
    yield ImportProgress(0, total, "backup")
    _backup_before_import(ws)  # a copy to go back to: an import writes many forms at once
    rows = []
    for parsed in plan.good:
        record = replace(parsed.record, operator=operator)
        q = _stored_questionnaire(ws, record).with_field_options(settings.fields)
        if validate_form(record, q):  # the plan was made from these rules: a bug if it fails
            raise ImportRefusedError(Issue("row_changed", {"row": parsed.row}))
        rows.append((record, parsed.field_code, {
            "file": plan.source.name, "row": parsed.row, "operator": parsed.source_operator,
            "keyed_at": parsed.source_keyed_at}))
    writer = ws.store.import_forms(rows, ws.now())
    try:
        for done in writer:
            if cancelled is not None and cancelled():
                writer.close()  # rolls the transaction back
                yield ImportProgress(done, total, "cancelled")
                return
            yield ImportProgress(done, total, "write")
    except DuplicateSerialError as exc:
        raise ImportRefusedError(Issue("serial_taken_meanwhile",
                                       {"serial": exc.args[0]})) from None
    except PeriodLockedError as exc:  # the period was exported since the plan was made
        assert isinstance(exc.export, ExportRecord)
        raise ImportRefusedError(_period_locked("period_locked_meanwhile", exc.export)) from None
    finally:
        writer.close()  # our own caller stopping early must not leave the transaction open
    result = ImportResult(imported=total, skipped=len(plan.bad))
    yield ImportProgress(total, total, "done", result=result)


def _stored_questionnaire(ws: Workspace, record: FormRecord) -> Questionnaire:
    """The definition the form refers to, stored first if it is a shipped one not yet used."""
    key = (record.questionnaire_id, record.questionnaire_version)
    if ws.store.questionnaire_definition(*key) is None:
        shipped = next(q for q in available_questionnaires(ws) if q.key == key)
        ws.store_questionnaire(shipped)
    return ws.questionnaire(*key)


def _backup_before_import(ws: Workspace) -> None:
    try:
        backup_before(ws, reason="import")
    except BackupError as exc:
        raise ImportRefusedError(Issue("backup_failed", {
            "folder": exc.issue.params.get("folder", ""),
            "reason": exc.issue.params.get("reason", exc.issue.code)})) from None
