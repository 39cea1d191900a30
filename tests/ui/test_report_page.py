"""The report screen: periods, figures, the draft of the report, making the files, refusals."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pytest

from app.domain.periods import Period
from app.domain.tabulation import (
    Change,
    ComponentResult,
    FieldResult,
    ItemResult,
    LevelCounts,
    MonthCount,
    QuotaStatus,
    Tabulation,
)
from app.services.setup import apply_settings, default_settings
from app.services.workspace import Workspace

NOW = datetime(2026, 11, 22, 10, 0)


# -- a stand-in for app.services.reports until it lands ----------------------------------------
@dataclass(frozen=True)
class ReportRequest:
    period: Period
    number: str
    report_date: date
    narrative: tuple[str, ...]
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class ReportOutputs:
    pdf: Path
    xlsx: Path
    notice: Path


@dataclass(frozen=True)
class ReportProgress:
    done: int
    total: int
    step: str
    outputs: ReportOutputs | None


def _fake_tab(ws, period):  # type: ignore[no-untyped-def]
    q = period.quarter or 0
    base = 20 + 10 * q
    lv = LevelCounts((1, 2, 3, base, base + 5), blank=q, unreadable=1)
    comps = tuple(ComponentResult(f"C{i}", str(i), f"Yếu tố {i}", (f"TC{i}",),
                                  LevelCounts((0, i, 2, base, base))) for i in range(1, 6))
    items = tuple(ItemResult(f"TC{i}", str(i), f"Tiêu chí {i}", f"Tiêu chí {i}", f"C{i}",
                             LevelCounts((0, i, 2, base, base))) for i in range(1, 6))
    months = tuple(MonthCount(period.year, m, base // 3)
                   for m in ((range(1, 13)) if q == 0 else range(3 * q - 2, 3 * q + 1)))
    fields = (FieldResult("TP", "Tư pháp", base, lv), FieldResult("TNMT", "Tài nguyên", 0,
                                                                  LevelCounts()))
    forms = 0 if q == 1 else base
    return Tabulation("10234", "UBND xã Nam Đông", period, "x", "1", forms, 1, fields, months,
                      items, comps, lv, (), QuotaStatus(105, forms, 420, 300, 5), (),
                      Change(Period(period.year, max(q - 1, 1)), 10, forms - 10, None,
                             None, ()) if q else None)


def _install_fake() -> types.ModuleType:
    fake = types.ModuleType("app.services.reports")
    drafts: dict[str, ReportRequest] = {}

    def report_periods(ws, today):  # type: ignore[no-untyped-def]
        return [Period(2026, q) for q in (4, 3, 2, 1)] + [Period(2026, None)]

    def default_request(ws, period, today):  # type: ignore[no-untyped-def]
        return drafts.get(period.label) or ReportRequest(
            period, "", today, (f"Bản nháp {period.label}.", "Đoạn hai."), ("Sở Nội vụ;",))

    def save_request(ws, request):  # type: ignore[no-untyped-def]
        drafts[request.period.label] = request

    def make_report(ws, request, out_dir, today):  # type: ignore[no-untyped-def]
        names = [out_dir / f"10234_{request.period.label}_{k}" for k in
                 ("bao-cao.pdf", "bao-cao.xlsx", "niem-yet.pdf")]
        for i, name in enumerate(names, start=1):
            name.write_text("x")
            yield ReportProgress(i, 4, ("pdf", "xlsx", "notice")[i - 1], None)
        yield ReportProgress(4, 4, "done", ReportOutputs(*names))

    fake.__dict__.update(ReportRequest=ReportRequest, ReportOutputs=ReportOutputs,
                         ReportProgress=ReportProgress, report_periods=report_periods,
                         tabulate_period=lambda ws, p, today: _fake_tab(ws, p),
                         default_request=default_request, save_request=save_request,
                         make_report=make_report)
    return fake


try:
    import app.services.reports
except ImportError:
    sys.modules["app.services.reports"] = _install_fake()
    import app.services

    app.services.reports = sys.modules["app.services.reports"]  # type: ignore[attr-defined]

from app.ui.report_page import ReportPage  # noqa: E402


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = Workspace.open(tmp_path / "data", now=lambda: NOW)
    settings = replace(default_settings(2026), unit_name="Ủy ban nhân dân xã Nam Đông",
                       unit_code="10234")
    assert apply_settings(ws, settings, "Lan") == []
    yield ws
    ws.close()


@pytest.fixture
def page(qtbot, ws: Workspace) -> ReportPage:  # type: ignore[no-untyped-def]
    p = ReportPage(ws, "Lan")
    qtbot.addWidget(p)
    p.resize(1080, 640)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_smoke(page: ReportPage, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert page.current_period() == Period(2026, 4)
    page.grab().save(str(tmp_path / "page.png"))
    page.choose_folder = lambda default: tmp_path / "out"  # type: ignore[method-assign]
    page.generate()
    qtbot.waitUntil(lambda: page.outputs is not None and page.job is None, timeout=5000)
    page.grab().save("/tmp/rp_page.png")
