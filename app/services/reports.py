"""Quarterly and yearly reports: the figures, the clerk's draft, and the three files.

``make_report`` is a generator (DESIGN.md: long jobs yield progress). It writes the PDF report,
the XLSX workbook and the notice-board page to temporary names in the output folder and renames
them only once all three are written, so a failure (a full disk, a file open in Excel, a writer
error) or a cancelled job leaves the folder as it was: no half file, no old file overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.forms import FormRecord
from app.domain.narrative import default_recipients, draft_narrative
from app.domain.periods import Period, period_of
from app.domain.raw_data import RawTable, raw_table
from app.domain.tabulation import Tabulation, tabulate
from app.domain.text import nfc
from app.services.workspace import Workspace
from app.storage.repository import FormFilter

if TYPE_CHECKING:  # reportlab is imported when a report is written, not with this module
    from app.reports.report_pdf import ReportText, SignatureBox

REQUEST_KEY_PREFIX = "report_request:"  # + period label; settings table (docs/schema.md)
STEPS = ("tabulate", "pdf", "xlsx", "notice")


@dataclass(frozen=True)
class ReportRequest:
    period: Period
    number: str  # the "12" of "Số: 12/BC-UBND"; "" prints "Số:      /BC-UBND"
    report_date: date  # "[place], ngày dd tháng mm năm yyyy"
    narrative: tuple[str, ...]  # section IV paragraphs, as edited by the clerk
    recipients: tuple[str, ...]  # "Nơi nhận" lines


@dataclass(frozen=True)
class ReportOutputs:
    pdf: Path
    xlsx: Path
    notice: Path
    signature_box: SignatureBox | None = None  # where the report's signature goes (page 1-based)


@dataclass(frozen=True)
class ReportContent:
    """What the report files of a period are drawn from."""

    tabulation: Tabulation
    raw: RawTable  # the period's forms, voided included
    text: ReportText
    forms: list[tuple[FormRecord, str]]  # the period's forms with their field codes


@dataclass(frozen=True)
class ReportProgress:
    """``step`` is the step under way ("tabulate", "pdf", "xlsx", "notice") or "done"."""

    done: int
    total: int
    step: str
    outputs: ReportOutputs | None = None


def report_periods(ws: Workspace, today: date) -> list[Period]:
    """The working year's quarters up to today's (all four once the year is over), newest
    first, then the year itself; periods follow the unit's cut-off rule."""
    settings = ws.require_settings()
    year, cutoff = settings.year, settings.period_cutoff
    current = period_of(today, cutoff)
    if current.year > year:
        last = 4
    elif current.year == year:
        last = current.quarter or 4
    else:
        last = 1  # a working year set ahead of the calendar: its first quarter
    return [Period(year, q, cutoff) for q in range(last, 0, -1)] + [Period(year, None, cutoff)]


def _forms_around(ws: Workspace, period: Period) -> list[tuple[FormRecord, str]]:
    """The forms a tabulation of ``period`` reads: its year to date and the period before."""
    first = min(period.previous().start, period.year_period.start)
    return ws.store.list_forms(FormFilter(date_from=first, date_to=period.end))


def tabulate_period(ws: Workspace, period: Period, today: date) -> Tabulation:
    """The period's figures, with its year to date (quota) and the period before (change)."""
    return _tabulate(ws, period, today, _forms_around(ws, period))


def _tabulate(ws: Workspace, period: Period, today: date,
              forms: list[tuple[FormRecord, str]]) -> Tabulation:
    return tabulate(forms, ws.keying_questionnaire(), ws.require_settings(), period, today=today)


def _raw_data(ws: Workspace, period: Period, forms: list[tuple[FormRecord, str]]) -> RawTable:
    """The period's forms (voided included) in the raw data layout for the workbook."""
    inside = [pair for pair in forms if period.contains(pair[0].survey_date)]
    current = ws.keying_questionnaire()
    others = dict.fromkeys((r.questionnaire_id, r.questionnaire_version) for r, _ in inside)
    others.pop(current.key, None)
    return raw_table(inside, [current, *(ws.questionnaire(*key) for key in others)])


def _request_key(period: Period) -> str:
    return REQUEST_KEY_PREFIX + period.label


def default_request(ws: Workspace, period: Period, today: date) -> ReportRequest:
    """The clerk's saved draft of this period, else a fresh one drafted from the figures."""
    saved: Any = ws.store.get_value(_request_key(period))
    if isinstance(saved, dict):
        return ReportRequest(
            period=period,
            number=str(saved.get("number", "")),
            report_date=today,
            narrative=tuple(str(p) for p in saved.get("narrative", ())),
            recipients=tuple(str(r) for r in saved.get("recipients", ())),
        )
    settings = ws.require_settings()
    return ReportRequest(
        period=period,
        number="",
        report_date=today,
        narrative=draft_narrative(tabulate_period(ws, period, today), settings),
        recipients=default_recipients(settings),
    )


def _cleaned(request: ReportRequest) -> ReportRequest:
    return replace(
        request,
        number=nfc(request.number).strip(),
        narrative=tuple(nfc(p).strip() for p in request.narrative if p.strip()),
        recipients=tuple(nfc(r).strip() for r in request.recipients if r.strip()),
    )


def save_request(ws: Workspace, request: ReportRequest) -> None:
    """Remember the number, narrative and recipients of the request's period."""
    clean = _cleaned(request)
    ws.store.set_value(_request_key(clean.period), {
        "number": clean.number,
        "narrative": list(clean.narrative),
        "recipients": list(clean.recipients),
    })


def output_names(unit_code: str, period: Period, out_dir: Path) -> ReportOutputs:
    """"10234_2026-Q3_bao-cao.pdf", "…_bao-cao.xlsx", "…_niem-yet.pdf" (year: "10234_2026_…")."""
    stem = f"{unit_code}_{period.label}"
    return ReportOutputs(pdf=out_dir / f"{stem}_bao-cao.pdf",
                         xlsx=out_dir / f"{stem}_bao-cao.xlsx",
                         notice=out_dir / f"{stem}_niem-yet.pdf")


def _temp_name(final: Path) -> Path:
    # Same folder, so os.replace is an atomic rename; a leading dot keeps it out of sight.
    return final.with_name(f".{final.name}.{os.getpid()}.tmp")


def _durable(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _swap_in(temps: tuple[Path, ...], finals: tuple[Path, ...]) -> None:
    """Rename the new files over the old ones: all of them, or none.

    The old files are first moved aside (on Windows that fails while Excel holds one open);
    if any rename fails, the new files placed so far are removed, the old ones come back, and
    the error is raised.
    """
    moved: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for final in finals:
            if final.exists():
                aside = final.with_name(f".{final.name}.{os.getpid()}.old")
                os.replace(final, aside)
                moved.append((aside, final))
        for temp, final in zip(temps, finals, strict=True):
            os.replace(temp, final)
            placed.append(final)
    except OSError:
        for final in placed:
            final.unlink(missing_ok=True)  # our new file; the old one comes back below
        for aside, final in reversed(moved):
            os.replace(aside, final)
        raise
    for aside, _ in moved:
        aside.unlink(missing_ok=True)


def report_content(ws: Workspace, request: ReportRequest, today: date) -> ReportContent:
    """The figures, raw data and texts of the request's period (the request cleaned, NFC)."""
    from app.reports.report_pdf import ReportText

    clean = _cleaned(request)
    forms = _forms_around(ws, clean.period)
    text = ReportText(settings=ws.require_settings(), number=clean.number,
                      report_date=clean.report_date, narrative=clean.narrative,
                      recipients=clean.recipients)
    inside = [pair for pair in forms if clean.period.contains(pair[0].survey_date)]
    return ReportContent(_tabulate(ws, clean.period, today, forms),
                         _raw_data(ws, clean.period, forms), text, inside)


def make_report(ws: Workspace, request: ReportRequest, out_dir: Path, today: date
                ) -> Iterator[ReportProgress]:
    """Write the PDF report, the XLSX workbook and the notice page of ``request.period``.

    Yields a ``ReportProgress`` before each step and a last one with the outputs. Raises
    ``OSError`` when the folder cannot be written (nothing there is changed then).
    Stopping the generator early (``close()``) also leaves the folder unchanged.
    """
    from app.reports.notice_pdf import write_notice_pdf
    from app.reports.report_pdf import write_report_pdf
    from app.reports.report_xlsx import write_report_xlsx

    total = len(STEPS)
    settings = ws.require_settings()
    yield ReportProgress(0, total, "tabulate")
    content = report_content(ws, request, today)
    tab, period, day = content.tabulation, request.period, content.text.report_date
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = output_names(settings.unit_code, period, out_dir)
    finals = (outputs.pdf, outputs.xlsx, outputs.notice)
    temps = tuple(_temp_name(f) for f in finals)
    try:
        yield ReportProgress(1, total, "pdf")
        layout = write_report_pdf(tab, content.text, temps[0])
        outputs = replace(outputs, signature_box=layout.signature_box)
        yield ReportProgress(2, total, "xlsx")
        write_report_xlsx(tab, temps[1], raw=content.raw, created=day)
        yield ReportProgress(3, total, "notice")
        write_notice_pdf(tab, settings, day, temps[2])
        for temp in temps:
            _durable(temp)
        _swap_in(temps, finals)
    finally:
        for temp in temps:
            temp.unlink(missing_ok=True)  # only our own temporary files, never a final one
    yield ReportProgress(total, total, "done", outputs)
