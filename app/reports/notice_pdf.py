"""The notice-board page: one A4 page in large type with the period's results (DOMAIN.md §6).

Communes publish the survey results at their notice points at least once a quarter. The page
names the unit and the period, shows the forms collected, the overall satisfaction and each
component's share (as a table and as a bar chart), and the date. Everything sits in one frame
that shrinks its content if needed, so the page is always exactly one page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.domain.dates import format_date
from app.domain.narrative import format_count
from app.domain.settings import UnitSettings
from app.domain.tabulation import Tabulation, format_mean, format_percent
from app.reports.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from app.reports.report_pdf import component_chart, dated_line

MARGIN = 18 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN
FRAME_HEIGHT = A4[1] - 2 * MARGIN


def _style(name: str, font: str, size: float, align: int = TA_CENTER, **extra: Any
           ) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.2,
                          alignment=align, **extra)


UNIT = _style("unit", SERIF_BOLD, 16)
OFFICE = _style("office", SERIF, 14)
TITLE = _style("title", SERIF_BOLD, 28, spaceBefore=10)
SUBTITLE = _style("subtitle", SERIF_BOLD, 17, spaceBefore=2)
PERIOD = _style("period", SERIF_BOLD, 22, spaceBefore=6)
SPAN = _style("span", SERIF_ITALIC, 14, spaceAfter=8)
FIGURE = _style("figure", SERIF_BOLD, 44)
FIGURE_LABEL = _style("figure_label", SERIF, 15)
FIGURE_NOTE = _style("figure_note", SERIF, 13)
ROW = _style("row", SERIF, 16, align=TA_LEFT)
ROW_FIGURE = _style("row_figure", SERIF_BOLD, 18)
HEAD = _style("head", SERIF_BOLD, 15)
NOTE = _style("note", SERIF_ITALIC, 12, align=TA_LEFT)
DATED = _style("dated", SERIF_ITALIC, 15)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _key_figures(tab: Tabulation) -> Table:
    overall = tab.overall
    forms_cell = [_p(format_count(tab.forms), FIGURE), _p("phiếu khảo sát thu về", FIGURE_LABEL),
                  _p(f"chỉ tiêu {format_count(tab.quota.target)} phiếu", FIGURE_NOTE)]
    share_cell = [_p(format_percent(overall.satisfaction), FIGURE),
                  _p("người dân, tổ chức hài lòng", FIGURE_LABEL),
                  _p(f"điểm trung bình {format_mean(overall.mean)}/5", FIGURE_NOTE)]
    table = Table([[forms_cell, share_cell]], colWidths=[FRAME_WIDTH / 2] * 2)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF, 12),
        ("BOX", (0, 0), (0, 0), 1.2, colors.black),
        ("BOX", (1, 0), (1, 0), 1.2, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
    ]))
    return table


def _components_table(tab: Tabulation) -> Table:
    data: list[list[Any]] = [[_p("Yếu tố", HEAD), _p("Tỷ lệ hài lòng", HEAD)]]
    for c in tab.components:
        data.append([_p(f"{c.number}. {c.title}", ROW),
                     _p(format_percent(c.levels.satisfaction), ROW_FIGURE)])
    data.append([_p("Chung", ROW_FIGURE), _p(format_percent(tab.overall.satisfaction),
                                              ROW_FIGURE)])
    table = Table(data, colWidths=[FRAME_WIDTH - 50 * mm, 50 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SERIF, 12),
        ("GRID", (0, 0), (-1, -1), 0.7, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.88, 0.88, 0.88)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    return table


def write_notice_pdf(tab: Tabulation, settings: UnitSettings, report_date: date,
                     out: Path | IO[bytes]) -> None:
    """Write the one-page notice to ``out`` (a path or a binary file)."""
    register_fonts()
    story: list[Any] = [
        _p(settings.unit_name.strip().upper(), UNIT),
        _p(settings.office_name, OFFICE),
        _p("KẾT QUẢ KHẢO SÁT", TITLE),
        _p("MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC", SUBTITLE),
        _p(tab.period.title.upper(), PERIOD),
        _p(f"(từ ngày {format_date(tab.period.start)} đến ngày {format_date(tab.period.end)})",
           SPAN),
        _key_figures(tab),
        Spacer(1, 8 * mm),
        _components_table(tab),
    ]
    chart = component_chart(tab, FRAME_WIDTH, font_size=12, bar_height=24, compare=False)
    if chart is not None:
        story += [Spacer(1, 5 * mm), chart]
    story += [
        Spacer(1, 3 * mm),
        _p("Tỷ lệ hài lòng là số câu trả lời “Hài lòng” và “Rất hài lòng” trên tổng số câu trả"
           " lời hợp lệ của các phiếu khảo sát.", NOTE),
        Spacer(1, 5 * mm),
        _p(dated_line(settings.place_name, report_date), DATED),
    ]
    target = str(out) if isinstance(out, Path) else out
    doc = SimpleDocTemplate(
        target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=f"Kết quả khảo sát mức độ hài lòng {tab.period.title}",
        author=settings.unit_name, creator="khaosat", invariant=True, initialFontName=SERIF,
    )
    # The frame shrinks its content rather than spill onto a second page.
    doc.build([KeepInFrame(FRAME_WIDTH, FRAME_HEIGHT - 1, story, mode="shrink")])
