"""The report service: periods, drafts per period, and the three files written all or none."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from app.domain.periods import Period
from app.domain.settings import PERIOD_DECREE_09
from app.services import reports
from app.services.setup import apply_settings
from app.services.workspace import Workspace
from tests.reports.report_data import count, make_forms, pdf_text, vn_percent
from tests.services.conftest import unit_settings

TODAY = date(2026, 11, 22)
Q3 = Period(2026, 3)


@pytest.fixture
def filled(ws: Workspace) -> Workspace:
    q = ws.keying_questionnaire()
    for record in make_forms(q, 2026, (20, 18, 30, 8)):
        ws.store.add_form(record, record.field_code(q), datetime(2026, 11, 1, 9, 0))
    return ws


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "reports"


def run(ws: Workspace, request: reports.ReportRequest, folder: Path) -> reports.ReportOutputs:
    outputs = None
    for progress in reports.make_report(ws, request, folder, TODAY):
        outputs = progress.outputs or outputs
    assert outputs is not None
    return outputs


def test_periods_up_to_today_newest_first_then_the_year(ws: Workspace) -> None:
    assert reports.report_periods(ws, TODAY) == [Period(2026, q) for q in (4, 3, 2, 1)] + [
        Period(2026, None)]
    assert reports.report_periods(ws, date(2026, 2, 3)) == [Period(2026, 1), Period(2026, None)]
    assert reports.report_periods(ws, date(2027, 1, 10))[0] == Period(2026, 4)


def test_periods_follow_the_decree_09_cutoff(ws: Workspace) -> None:
    assert apply_settings(ws, unit_settings(period_cutoff=PERIOD_DECREE_09), "Lan") == []
    periods = reports.report_periods(ws, date(2026, 9, 15))  # the 15th opens quarter IV
    assert periods[0] == Period(2026, 4, PERIOD_DECREE_09)
    assert periods[-1].start == date(2025, 12, 15)


def test_fresh_request_is_drafted_from_the_figures(filled: Workspace) -> None:
    request = reports.default_request(filled, Q3, TODAY)
    counted = count(make_forms(filled.keying_questionnaire(), 2026, (20, 18, 30, 8)),
                    filled.keying_questionnaire(), Q3)
    assert request.number == "" and request.report_date == TODAY
    assert f"thu về {counted.forms} phiếu khảo sát hợp lệ" in request.narrative[0]
    assert vn_percent(counted.satisfied, counted.valid) in request.narrative[0]
    assert request.narrative[-1].endswith("./.")
    assert request.recipients[-1] == "Lưu: VT."


def test_saved_request_comes_back_for_its_period_only(filled: Workspace) -> None:
    decomposed = "Đe\u0302\u0300 xua\u0302\u0301t"  # NFD as some keyboards produce it
    reports.save_request(filled, reports.ReportRequest(
        Q3, " 12 ", TODAY, ("Đoạn một.", "", decomposed), ("Sở Nội vụ;", " ")))
    back = reports.default_request(filled, Q3, date(2026, 11, 23))
    assert back.number == "12"
    assert back.narrative == ("Đoạn một.", "Đề xuất")
    assert back.recipients == ("Sở Nội vụ;",)
    assert back.report_date == date(2026, 11, 23)
    assert reports.default_request(filled, Period(2026, 2), TODAY).number == ""


def test_three_files_with_the_same_totals(filled: Workspace, out: Path) -> None:
    request = replace(reports.default_request(filled, Q3, TODAY), number="7")
    steps = [(p.done, p.total, p.step) for p in reports.make_report(filled, request, out,
                                                                      TODAY)]
    assert steps == [(0, 4, "tabulate"), (1, 4, "pdf"), (2, 4, "xlsx"), (3, 4, "notice"),
                     (4, 4, "done")]
    outputs = reports.output_names("12345", Q3, out)
    assert outputs.pdf.name == "12345_2026-Q3_bao-cao.pdf"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [outputs.pdf.name, outputs.xlsx.name, outputs.notice.name])
    tab = reports.tabulate_period(filled, Q3, TODAY)
    flat = " ".join(pdf_text(outputs.pdf).split())
    assert f"{tab.forms} phiếu hợp lệ" in flat and "Số: 07/BC-UBND" in flat
    book = openpyxl.load_workbook(outputs.xlsx, read_only=True)
    values = [row for row in book["Tổng hợp"].iter_rows(values_only=True) if row and row[0]]
    assert ("Số phiếu hợp lệ của kỳ", tab.forms) in [(r[0], r[1]) for r in values]
    valid = next(r[1] for r in values if str(r[0]).startswith("Câu trả lời hợp lệ"))
    assert f"Tổng số câu trả lời hợp lệ (mức 1 đến 5) là {valid}" in flat
    data_rows = book["Dữ liệu phiếu"].max_row
    assert data_rows is not None and data_rows >= tab.forms + tab.voided
    notice = " ".join(pdf_text(outputs.notice, layout=False).split())
    assert re.search(rf"\b{tab.forms} \d+,\d % phiếu khảo sát thu về", notice)


def test_a_failing_writer_leaves_the_folder_as_it_was(filled: Workspace, out: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    request = reports.default_request(filled, Q3, TODAY)
    outputs = run(filled, request, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.reports.report_xlsx.write_report_xlsx", broken)
    with pytest.raises(OSError):
        run(filled, replace(request, number="99"), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert outputs.pdf.exists()


def test_a_stopped_job_writes_nothing(filled: Workspace, out: Path) -> None:
    steps = reports.make_report(filled, reports.default_request(filled, Q3, TODAY), out,
                                TODAY)
    for progress in steps:
        if progress.step == "notice":
            break
    steps.close()  # the user cancelled after the PDF and the XLSX were written
    assert not out.exists() or list(out.iterdir()) == []


def test_a_refused_rename_puts_the_old_files_back(filled: Workspace, out: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    request = reports.default_request(filled, Q3, TODAY)
    outputs = run(filled, request, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real_replace = reports.os.replace

    def refuse_xlsx(src: object, dst: object) -> None:
        if str(src).endswith(".tmp") and str(dst) == str(outputs.xlsx):
            raise PermissionError(13, "The file is open in Excel")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(reports.os, "replace", refuse_xlsx)
    with pytest.raises(PermissionError):
        run(filled, replace(request, number="42"), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
