"""The quarterly / yearly BÁO CÁO in the format of Decree 30/2020/NĐ-CP (DOMAIN.md §7).

A4 portrait, margins 20 mm top and bottom, 30 mm left, 15 mm right; Liberation Serif embedded
(the metric twin of Times New Roman); page numbers centred in the top margin from page 2.
Sections: I. Tình hình triển khai, II. Kết quả khảo sát (tables and a bar chart), III. Ý kiến,
kiến nghị (verbatim, by field), IV. Đánh giá chung và đề xuất (the clerk's paragraphs), then
"Nơi nhận" and the signature block.

Every figure comes from the ``Tabulation`` and every share is printed beside the counts it is
computed from. A yearly tabulation (``quarters`` filled) puts the quarters side by side.

The signature block leaves a clear space between the signer's title and name, where Decree 30
puts the signature image (DOMAIN.md §8). ``write_report_pdf`` returns that rectangle
(``SignatureBox``, PDF points, origin at the lower-left corner of the page) so the signing
step can place a visible digital signature there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.dates import format_date
from app.domain.narrative import format_count, format_points
from app.domain.periods import ROMAN
from app.domain.settings import UnitSettings
from app.domain.tabulation import (
    LEVELS,
    FieldResult,
    LevelCounts,
    Tabulation,
    format_mean,
    format_percent,
)
from app.reports.fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm

BODY_SIZE = 13
TABLE_SIZE = 10.5
HEADER_LEFT_WIDTH = 74 * mm  # fits "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH" at 12 pt on one line
HEADER_RIGHT_WIDTH = TEXT_WIDTH - HEADER_LEFT_WIDTH  # fits the Quốc hiệu (88 mm at 12 pt)
SIGNATURE_SPACE_HEIGHT = 32 * mm
REPORT_CODE = "BC-UBND"  # Appendix III, Mẫu 1.4: a commune People's Committee's report

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FIELD_BLANK_LABEL = "Không ghi lĩnh vực"
FIELD_UNREADABLE_LABEL = "Lĩnh vực không đọc được"
LEVEL_LABELS = ("Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng",
                "Rất hài lòng")


@dataclass(frozen=True)
class ReportText:
    """What the clerk decides for one report, besides the unit's settings."""

    settings: UnitSettings
    number: str  # "12" of "Số: 12/BC-UBND"; "" leaves the number blank for the office to fill
    report_date: date
    narrative: tuple[str, ...]  # section IV paragraphs
    recipients: tuple[str, ...]  # "Nơi nhận" lines


@dataclass(frozen=True)
class SignatureBox:
    """Where the signature image goes: between the signer's title and name (DOMAIN.md §8).

    ``page`` is 1-based; x, y (lower-left corner), width and height are PDF points with the
    origin at the lower-left corner of the page.
    """

    page: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class ReportPdfLayout:
    pages: int
    signature_box: SignatureBox


def report_number_line(number: str) -> str:
    """ "Số: 05/BC-UBND"; a blank number keeps the space the office fills in by hand."""
    text = number.strip()
    if not text:
        return f"Số:{' ' * 6}/{REPORT_CODE}"
    if text.isdigit() and int(text) < 10:
        text = f"{int(text):02d}"
    return f"Số: {text}/{REPORT_CODE}"


def dated_line(place: str, day: date) -> str:
    """ "Nam Đông, ngày 05 tháng 11 năm 2026" (Decree 30 pads day and month below 10)."""
    where = place.strip()
    text = f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
    return f"{where}, {text}" if where else text.capitalize()


def report_subject(tab: Tabulation, settings: UnitSettings) -> str:
    return (f"Kết quả khảo sát mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của"
            f" {settings.office_name} {tab.period.title}")


def signer_lines(settings: UnitSettings) -> tuple[str, ...]:
    """Authority and title lines: the chair signs "TM."; a deputy signs "KT. CHỦ TỊCH"."""
    title = settings.signer_title.strip().upper() or "CHỦ TỊCH"
    if title.startswith("PHÓ CHỦ TỊCH"):
        return ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", title)
    return ("TM. ỦY BAN NHÂN DÂN", title)


# -- styles -------------------------------------------------------------------------------

def _style(name: str, *, font: str = SERIF, size: float = BODY_SIZE, align: int = TA_LEFT,
           leading: float | None = None, **extra: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, alignment=align,
                          leading=leading or size * 1.22, **extra)


class _Styles:
    """The paragraph styles of the report (read-only class attributes)."""

    body: ParagraphStyle = _style("body", align=TA_JUSTIFY, firstLineIndent=10 * mm,
                                  spaceAfter=6)
    body_plain: ParagraphStyle = _style("body_plain", align=TA_JUSTIFY, spaceAfter=3)
    section: ParagraphStyle = _style("section", font=SERIF_BOLD, spaceBefore=8, spaceAfter=4,
                                     keepWithNext=1)
    subsection: ParagraphStyle = _style("subsection", font=SERIF_BOLD_ITALIC, spaceBefore=4,
                                        spaceAfter=3, keepWithNext=1)
    caption: ParagraphStyle = _style("caption", font=SERIF_BOLD, size=12, align=TA_CENTER,
                                     spaceBefore=6, spaceAfter=4, keepWithNext=1)
    note: ParagraphStyle = _style("note", font=SERIF_ITALIC, size=10.5, spaceBefore=2,
                                  spaceAfter=6)
    cell: ParagraphStyle = _style("cell", size=TABLE_SIZE)
    cell_centre: ParagraphStyle = _style("cell_centre", size=TABLE_SIZE, align=TA_CENTER)
    cell_head: ParagraphStyle = _style("cell_head", font=SERIF_BOLD, size=TABLE_SIZE,
                                       align=TA_CENTER)
    cell_bold: ParagraphStyle = _style("cell_bold", font=SERIF_BOLD, size=TABLE_SIZE)
    header_centre: ParagraphStyle = _style("header_centre", size=12, align=TA_CENTER,
                                           leading=14)
    header_bold: ParagraphStyle = _style("header_bold", font=SERIF_BOLD, size=12,
                                         align=TA_CENTER, leading=14)
    motto: ParagraphStyle = _style("motto", font=SERIF_BOLD, size=13, align=TA_CENTER,
                                   leading=15)
    number: ParagraphStyle = _style("number", align=TA_CENTER, leading=15)
    dated: ParagraphStyle = _style("dated", font=SERIF_ITALIC, align=TA_CENTER, leading=15)
    doc_type: ParagraphStyle = _style("doc_type", font=SERIF_BOLD, size=14, align=TA_CENTER,
                                      spaceBefore=14)
    subject: ParagraphStyle = _style("subject", font=SERIF_BOLD, size=14, align=TA_CENTER)
    recipients_head: ParagraphStyle = _style("recipients_head", font=SERIF_BOLD_ITALIC,
                                             size=12)
    recipients: ParagraphStyle = _style("recipients", size=11, leading=13)
    signer: ParagraphStyle = _style("signer", font=SERIF_BOLD, align=TA_CENTER, leading=16)


# -- small flowables ----------------------------------------------------------------------

class _Rule(Flowable):  # type: ignore[misc]
    """A solid rule of a given length, centred in the available width."""

    def __init__(self, length: float, gap_before: float = 1.5, gap_after: float = 0) -> None:
        super().__init__()
        self.length = length
        self.gap_before = gap_before
        self.gap_after = gap_after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, self.gap_before + 0.6 + self.gap_after

    def draw(self) -> None:
        y = self.gap_after + 0.3
        x0 = (self.avail - self.length) / 2
        self.canv.setLineWidth(0.6)
        self.canv.line(x0, y, x0 + self.length, y)


class _SignatureSpace(Flowable):  # type: ignore[misc]
    """Empty space for the signature; records where it landed on the page when drawn."""

    def __init__(self, height: float, record: Callable[[SignatureBox], None]) -> None:
        super().__init__()
        self.height = height
        self.record = record

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.record(SignatureBox(self.canv.getPageNumber(), x, y, self.width, self.height))


# -- formatting helpers -------------------------------------------------------------------

def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_no_break_percent(escape(text)), style)


def _no_break_percent(text: str) -> str:
    """Keep "87,7 %" on one line."""
    return text.replace(" %", "\u00a0%")


def _quarter_heads(tab: Tabulation) -> list[str]:
    return [f"Quý {ROMAN[q.period.quarter - 1]}" for q in tab.quarters
            if q.period.quarter is not None]


def _field_label(row: FieldResult) -> str:
    if row.code == "0":
        return row.label or FIELD_BLANK_LABEL
    if row.code == "9":
        return row.label or FIELD_UNREADABLE_LABEL
    return row.label


def _shown_fields(tab: Tabulation) -> list[FieldResult]:
    """Every field of the settings, plus blank/unreadable rows only when they have forms."""
    return [f for f in tab.by_field if f.code not in ("0", "9") or f.forms]


def _share_of(part: int, whole: int) -> str:
    return format_percent(Fraction(part, whole)) if whole else "–"


def _ratio(levels: LevelCounts) -> str:
    return f"{format_count(levels.satisfied)}/{format_count(levels.valid)}"


def _grid(data: list[list[Any]], widths: Sequence[float], *, head_rows: int = 1,
          total_rows: int = 0, extra: Sequence[tuple[Any, ...]] = ()) -> Table:
    """A ruled table: bold centred heads, numbers centred, totals bold; repeats its head."""
    table = Table(data, colWidths=list(widths), repeatRows=head_rows, hAlign="CENTER")
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONT", (0, 0), (-1, -1), SERIF, TABLE_SIZE),
        ("FONT", (0, 0), (-1, head_rows - 1), SERIF_BOLD, TABLE_SIZE),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, head_rows - 1), colors.Color(0.9, 0.9, 0.9)),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if total_rows:
        commands.append(("FONT", (0, -total_rows), (-1, -1), SERIF_BOLD, TABLE_SIZE))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


# -- the document -------------------------------------------------------------------------

class _ReportBuilder:
    def __init__(self, tab: Tabulation, text: ReportText) -> None:
        self.tab = tab
        self.text = text
        self.s = _Styles()
        self.table_no = 0
        self.chart_no = 0
        self.signature: SignatureBox | None = None

    def caption(self, title: str) -> Paragraph:
        self.table_no += 1
        return _p(f"Bảng {self.table_no}. {title}", self.s.caption)

    def story(self) -> list[Flowable]:
        closing = self.section_four()
        # The last paragraph goes with the signature: a page holding only the signature
        # block would be a page anyone could put in front of it.
        return [*self.heading(), *self.section_one(), *self.section_two(),
                *self.section_three(), *closing[:-1],
                KeepTogether([closing[-1], Spacer(1, 10), self.signature_block()])]

    # header, number, place and date, title -------------------------------------------------
    def heading(self) -> list[Flowable]:
        s, settings = self.s, self.text.settings
        body = settings.unit_name.strip().upper()
        body_width = max(stringWidth(line, SERIF_BOLD, 12) for line in body.split("\n"))
        body_rule = min(body_width, HEADER_LEFT_WIDTH) * 0.4
        left: list[Flowable] = []
        if settings.parent_name.strip():
            left.append(_p(settings.parent_name.strip().upper(), s.header_centre))
        # A clear gap under the name: the rule must not read as an underline of its letters.
        left += [_p(body, s.header_bold), _Rule(body_rule, gap_before=4)]
        right: list[Flowable] = [
            _p(NATIONAL_TITLE, s.header_bold),
            _p(MOTTO, s.motto),
            _Rule(stringWidth(MOTTO, SERIF_BOLD, 13)),
        ]
        table = Table(
            [[left, right],
             # Paragraphs collapse runs of spaces: keep the blank number's room with NBSPs.
             [_p(report_number_line(self.text.number).replace(" " * 6, "\u00a0" * 8), s.number),
              _p(dated_line(settings.place_name, self.text.report_date), s.dated)]],
            colWidths=[HEADER_LEFT_WIDTH, HEADER_RIGHT_WIDTH],
        )
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SERIF, 12),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 1),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 1), (-1, 1), 8),
        ]))
        subject = report_subject(self.tab, settings)
        subject_rule = min(stringWidth(subject, SERIF_BOLD, 14), TEXT_WIDTH * 0.8) * 0.35
        return [table, _p("BÁO CÁO", s.doc_type), _p(subject, s.subject),
                _Rule(subject_rule, gap_before=3, gap_after=10)]

    # I. -----------------------------------------------------------------------------------
    def section_one(self) -> list[Flowable]:
        s, tab, quota = self.s, self.tab, self.tab.quota
        phrase = tab.period.title
        out: list[Flowable] = [_p("I. TÌNH HÌNH TRIỂN KHAI", s.section)]
        lines = [
            f"Thời gian khảo sát: từ ngày {format_date(tab.period.start)} đến ngày"
            f" {format_date(tab.period.end)}. Hình thức: phát phiếu khảo sát trực tiếp cho người"
            f" dân, tổ chức sau khi giải quyết xong thủ tục hành chính tại"
            f" {self.text.settings.office_name}.",
            f"Số phiếu thu về trong {phrase}: {format_count(tab.forms)} phiếu hợp lệ trên chỉ"
            f" tiêu {format_count(quota.target)} phiếu, đạt {format_percent(quota.attainment)}"
            + (f" (không tính {format_count(tab.voided)} phiếu đã hủy)." if tab.voided else "."),
        ]
        if tab.period.quarter is not None:
            lines.append(
                f"Lũy kế năm {tab.period.year} đến hết {phrase}: {format_count(quota.year_forms)}"
                f"/{format_count(quota.yearly_target)} phiếu, đạt"
                f" {_share_of(quota.year_forms, quota.yearly_target)} chỉ tiêu năm.")
        if tab.change is not None:
            prev = tab.change
            lines.append(f"So với {prev.previous_period.title}"
                         f" ({format_count(prev.previous_forms)} phiếu): "
                         + (f"{'tăng' if prev.forms_delta > 0 else 'giảm'}"
                            f" {format_count(abs(prev.forms_delta))} phiếu."
                            if prev.forms_delta else "không đổi."))
        out += [_p(line, s.body) for line in lines]
        out += [self.caption("Số phiếu khảo sát theo lĩnh vực"), self.fields_table(),
                self.caption("Số phiếu khảo sát theo tháng"), self.months_table()]
        return out

    def fields_table(self) -> Table:
        tab = self.tab
        rows = _shown_fields(tab)
        if tab.quarters:
            heads = ["Lĩnh vực", *_quarter_heads(tab), "Cả năm", "Tỷ lệ"]
            data: list[list[Any]] = [heads]
            per_quarter = [{f.code: f.forms for f in q.by_field} for q in tab.quarters]
            for f in rows:
                data.append([_p(_field_label(f), self.s.cell),
                             *[format_count(q.get(f.code, 0)) for q in per_quarter],
                             format_count(f.forms), _share_of(f.forms, tab.forms)])
            data.append(["Tổng cộng", *[format_count(q.forms) for q in tab.quarters],
                         format_count(tab.forms), _share_of(tab.forms, tab.forms)])
            label_width = TEXT_WIDTH - (len(heads) - 1) * 18 * mm
            widths = [label_width, *[18 * mm] * (len(heads) - 1)]
        else:
            data = [["Lĩnh vực", "Số phiếu", "Tỷ lệ"]]
            for f in rows:
                data.append([_p(_field_label(f), self.s.cell), format_count(f.forms),
                             _share_of(f.forms, tab.forms)])
            data.append(["Tổng cộng", format_count(tab.forms), _share_of(tab.forms, tab.forms)])
            widths = [95 * mm, 30 * mm, 30 * mm]
        return _grid(data, widths, total_rows=1)

    def months_table(self) -> Table:
        tab = self.tab
        heads: list[Any] = ["Tháng"]
        counts: list[Any] = ["Số phiếu"]
        for m in tab.by_month:
            heads.append(f"{m.month}" if m.year == tab.period.year else f"{m.month}/{m.year}")
            counts.append(format_count(m.forms))
        heads.append("Cộng")
        counts.append(format_count(sum(m.forms for m in tab.by_month)))
        label_width, total_width = 22 * mm, 15 * mm
        other = (TEXT_WIDTH - label_width - total_width) / (len(heads) - 2)
        if len(heads) <= 6:  # a quarter: a compact table, not stretched over the page
            other = total_width = 24 * mm
        return _grid([heads, counts],
                     [label_width, *[other] * (len(heads) - 2), total_width],
                     extra=[("FONT", (0, 1), (0, 1), SERIF_BOLD, TABLE_SIZE),
                            ("FONT", (-1, 1), (-1, 1), SERIF_BOLD, TABLE_SIZE)])

    # II. ----------------------------------------------------------------------------------
    def section_two(self) -> list[Flowable]:
        s, tab = self.s, self.tab
        out: list[Flowable] = [CondPageBreak(60 * mm), _p("II. KẾT QUẢ KHẢO SÁT", s.section)]
        overall = tab.overall
        if overall.valid:
            level_text = "; ".join(
                f"{LEVEL_LABELS[level - 1].lower()} {format_count(overall.at(level))}"
                f"/{format_count(overall.valid)} ({format_percent(overall.share(level))})"
                for level in reversed(LEVELS))
            out.append(_p(
                f"Tổng số câu trả lời hợp lệ (mức 1 đến 5) là {format_count(overall.valid)},"
                f" trong đó {level_text}. Tỷ lệ hài lòng chung (mức 4 và 5):"
                f" {format_percent(overall.satisfaction)}; điểm trung bình"
                f" {format_mean(overall.mean)}/5. Có {format_count(overall.blank)} câu để trống"
                f" và {format_count(overall.unreadable)} câu không đọc được, không tính vào tỷ lệ.",
                s.body))
        else:
            out.append(_p("Trong kỳ chưa có câu trả lời hợp lệ nào.", s.body))
        out += [_p("1. Mức độ hài lòng theo yếu tố", s.subsection),
                self.caption("Tỷ lệ hài lòng theo yếu tố"), self.components_table()]
        chart = component_chart(tab, TEXT_WIDTH)
        if chart is not None:
            self.chart_no += 1
            out.append(KeepTogether([
                _p(f"Biểu đồ {self.chart_no}. Tỷ lệ hài lòng theo yếu tố", self.s.caption),
                chart]))
        out += [_p("2. Mức độ hài lòng theo lĩnh vực", s.subsection),
                self.caption("Số câu trả lời theo lĩnh vực và mức độ"),
                self.field_levels_table(),
                _p("Tỷ lệ hài lòng = (mức 4 + mức 5) / số câu trả lời hợp lệ; câu để trống (0)"
                   " và không đọc được (9) không tính vào mẫu số.", s.note),
                _p("3. Mức độ hài lòng theo từng tiêu chí", s.subsection),
                self.caption("Kết quả theo từng tiêu chí"), self.items_table(),
                _p("4. Thông tin người trả lời", s.subsection),
                self.caption("Đặc điểm người trả lời phiếu"), self.profile_table()]
        return out

    def components_table(self) -> Table:
        tab = self.tab
        if tab.quarters:
            heads = ["STT", "Yếu tố", *_quarter_heads(tab), "Cả năm", "Điểm TB"]
            data: list[list[Any]] = [heads]
            per_quarter = [{c.code: c.levels for c in q.components} for q in tab.quarters]
            for c in tab.components:
                data.append([c.number, _p(c.title, self.s.cell),
                             *[self._share_cell(q.get(c.code)) for q in per_quarter],
                             self._share_cell(c.levels), format_mean(c.levels.mean)])
            data.append(["", "Chung", *[self._share_cell(q.overall) for q in tab.quarters],
                         self._share_cell(tab.overall), format_mean(tab.overall.mean)])
            number_width = 19 * mm
            title_width = TEXT_WIDTH - 10 * mm - (len(heads) - 2) * number_width
            widths = [10 * mm, title_width, *[number_width] * (len(heads) - 2)]
            note = None
        else:
            change = tab.change
            heads = ["STT", "Yếu tố", "Câu trả lời hợp lệ", "Hài lòng (mức 4, 5)",
                     "Tỷ lệ hài lòng", "Điểm TB"]
            if change is not None:
                heads.append(f"So với {change.previous_period.title}")
            deltas = {code: delta for code, _, delta in change.components} if change else {}
            data = [[_p(h, self.s.cell_head) for h in heads]]
            for c in tab.components:
                row: list[Any] = [c.number, _p(c.title, self.s.cell),
                                  format_count(c.levels.valid), format_count(c.levels.satisfied),
                                  format_percent(c.levels.satisfaction),
                                  format_mean(c.levels.mean)]
                if change is not None:
                    row.append(_delta_text(deltas.get(c.code)))
                data.append(row)
            total: list[Any] = ["", "Chung", format_count(tab.overall.valid),
                                format_count(tab.overall.satisfied),
                                format_percent(tab.overall.satisfaction),
                                format_mean(tab.overall.mean)]
            if change is not None:
                total.append(_delta_text(change.overall_delta))
            data.append(total)
            tail = [22 * mm, 22 * mm, 20 * mm, 17 * mm] + ([22 * mm] if change else [])
            widths = [10 * mm, TEXT_WIDTH - 10 * mm - sum(tail), *tail]
            note = change is not None
        table = _grid(data, widths, total_rows=1)
        if note:
            return KeepTogether([table, _p("Cột cuối: chênh lệch tỷ lệ hài lòng, tính bằng điểm"
                                           " phần trăm.", self.s.note)])
        return table

    def _share_cell(self, levels: LevelCounts | None) -> Paragraph:
        """A yearly cell: the share, and under it the counts it comes from."""
        if levels is None or not levels.valid:
            return _p("–", self.s.cell_centre)
        return Paragraph(f"{format_percent(levels.satisfaction)}<br/><font size='8'>"
                         f"{_ratio(levels)}</font>", self.s.cell_centre)

    def _level_heads(self, before: Sequence[str], after: Sequence[str]
                     ) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
        """Two head rows: "Số câu trả lời theo mức" over the columns 1..5, the rest spanned."""
        head = self.s.cell_head
        first = [_p(h, head) for h in before] + [_p("Số câu trả lời theo mức", head)]
        first += [""] * (len(LEVELS) - 1) + [_p(h, head) for h in after]
        second: list[Any] = [""] * len(before) + [str(level) for level in LEVELS]
        second += [""] * len(after)
        spans: list[tuple[Any, ...]] = [
            ("SPAN", (len(before), 0), (len(before) + len(LEVELS) - 1, 0))]
        for col in [*range(len(before)),
                    *range(len(before) + len(LEVELS), len(first))]:
            spans.append(("SPAN", (col, 0), (col, 1)))
        return [first, second], spans

    def field_levels_table(self) -> Table:
        tab = self.tab
        data, spans = self._level_heads(
            ["Lĩnh vực", "Số phiếu"], ["Hợp lệ", "Trống", "Không đọc được", "Tỷ lệ hài lòng"])
        for f in _shown_fields(tab):
            data.append([_p(_field_label(f), self.s.cell), format_count(f.forms),
                         *self._level_cells(f.levels)])
        data.append(["Tổng cộng", format_count(tab.forms), *self._level_cells(tab.overall)])
        data.append(["Tỷ lệ theo mức", "",
                     *[format_percent(tab.overall.share(level)) for level in LEVELS],
                     _share_of(tab.overall.valid, tab.overall.valid), "", "", ""])
        tail = [13 * mm, *[10.5 * mm] * len(LEVELS), 14 * mm, 12.5 * mm, 17 * mm, 16.5 * mm]
        widths = [TEXT_WIDTH - sum(tail), *tail]
        return _grid(data, widths, head_rows=2, total_rows=2,
                     extra=[*spans, ("FONT", (2, -1), (-1, -1), SERIF_ITALIC, 9)])

    @staticmethod
    def _level_cells(levels: LevelCounts) -> list[str]:
        return [*[format_count(levels.at(level)) for level in LEVELS],
                format_count(levels.valid), format_count(levels.blank),
                format_count(levels.unreadable), format_percent(levels.satisfaction)]

    def items_table(self) -> Table:
        tab = self.tab
        components = {c.code: c for c in tab.components}
        yearly = bool(tab.quarters)
        spans: list[tuple[Any, ...]] = []
        if yearly:
            heads = ["STT", "Tiêu chí", *_quarter_heads(tab), "Cả năm", "Hài lòng/ hợp lệ",
                     "Điểm TB"]
            data: list[list[Any]] = [[_p(h, self.s.cell_head) for h in heads]]
            per_quarter = [{i.code: i.levels for i in q.items} for q in tab.quarters]
            numbers = [16 * mm] * (len(heads) - 4) + [19 * mm, 14 * mm]
        else:
            data, spans = self._level_heads(
                ["STT", "Tiêu chí"], ["Trống, không đọc được", "Tỷ lệ hài lòng", "Điểm TB"])
            per_quarter = []
            numbers = [10.5 * mm] * len(LEVELS) + [17 * mm, 16.5 * mm, 13 * mm]
        widths = [10 * mm, TEXT_WIDTH - 10 * mm - sum(numbers), *numbers]
        head_rows = len(data)
        current: str | None = None
        for item in tab.items:
            if item.component != current and item.component in components:
                current = item.component
                comp = components[current]
                spans += [("SPAN", (0, len(data)), (-1, len(data))),
                          ("BACKGROUND", (0, len(data)), (-1, len(data)),
                           colors.Color(0.95, 0.95, 0.95))]
                data.append([_p(f"{comp.number}. {comp.title}", self.s.cell_bold),
                             *[""] * (len(widths) - 1)])
            levels = item.levels
            if yearly:
                cells = [*[self._share_cell(q.get(item.code)) for q in per_quarter],
                         format_percent(levels.satisfaction), _ratio(levels),
                         format_mean(levels.mean)]
            else:
                cells = [*[format_count(levels.at(level)) for level in LEVELS],
                         format_count(levels.blank + levels.unreadable),
                         format_percent(levels.satisfaction), format_mean(levels.mean)]
            data.append([item.number, _p(item.text, self.s.cell), *cells])
        return _grid(data, widths, head_rows=head_rows, extra=spans)

    def profile_table(self) -> Table:
        """The profile questions in two columns side by side, each question a titled block."""
        blocks: list[list[list[Any]]] = []
        for question in self.tab.profile:
            total = sum(o.count for o in question.options)
            rows: list[list[Any]] = [[_p(question.text, self.s.cell_bold), "", ""]]
            for option in question.options:
                if option.code in ("0", "9", "-") and not option.count:
                    continue
                rows.append([_p(option.label, self.s.cell), format_count(option.count),
                             _share_of(option.count, total)])
            blocks.append(rows)
        sizes = [len(b) for b in blocks]
        split = min(range(len(blocks) + 1),
                    key=lambda k: abs(sum(sizes[:k]) - sum(sizes[k:])))
        half = (TEXT_WIDTH - 5 * mm) / 2
        widths = [half - 33 * mm, 16 * mm, 17 * mm]
        columns = [self._profile_column(blocks[:split], widths),
                   self._profile_column(blocks[split:], widths)]
        outer = Table([columns], colWidths=[half + 2.5 * mm] * 2)
        outer.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SERIF, TABLE_SIZE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("ALIGN", (0, 0), (0, 0), "LEFT"),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ]))
        return outer

    @staticmethod
    def _profile_column(blocks: list[list[list[Any]]], widths: list[float]) -> Table | str:
        if not blocks:
            return ""
        data: list[list[Any]] = [["Lựa chọn", "Số phiếu", "Tỷ lệ"]]
        extra: list[tuple[Any, ...]] = []
        for block in blocks:
            extra += [("SPAN", (0, len(data)), (-1, len(data))),
                      ("BACKGROUND", (0, len(data)), (-1, len(data)),
                       colors.Color(0.95, 0.95, 0.95))]
            data += block
        return _grid(data, widths, extra=extra)

    # III. ---------------------------------------------------------------------------------
    def section_three(self) -> list[Flowable]:
        s, tab = self.s, self.tab
        out: list[Flowable] = [_p("III. Ý KIẾN, KIẾN NGHỊ CỦA NGƯỜI DÂN, TỔ CHỨC", s.section)]
        if not tab.opinions:
            return [*out, _p("Trong kỳ không có ý kiến, kiến nghị nào ghi trên phiếu.", s.body)]
        out.append(_p(f"Có {format_count(len(tab.opinions))} phiếu ghi ý kiến, kiến nghị;"
                      " nội dung được giữ nguyên như trên phiếu:", s.body))
        labels = {f.code: f.label for f in tab.by_field}
        labels.update({"0": FIELD_BLANK_LABEL, "9": FIELD_UNREADABLE_LABEL})
        order = [f.code for f in tab.by_field]
        groups: dict[str, list[Any]] = {}
        for opinion in tab.opinions:
            groups.setdefault(opinion.field_code, []).append(opinion)
        ordered = sorted(groups, key=lambda c: order.index(c) if c in order else len(order))
        for n, code in enumerate(ordered, start=1):
            rows = groups[code]
            label = labels.get(code, code)
            out.append(_p(f"{n}. {label} ({format_count(len(rows))} ý kiến)", s.subsection))
            for o in rows:
                out.append(Paragraph(
                    f"- Phiếu số {o.serial:04d}, ngày {format_date(o.survey_date)}:"
                    f" “{escape(o.text)}”", s.body_plain))
        return out

    # IV. ----------------------------------------------------------------------------------
    def section_four(self) -> list[Flowable]:
        out: list[Flowable] = [_p("IV. ĐÁNH GIÁ CHUNG VÀ ĐỀ XUẤT", self.s.section)]
        paragraphs = [p.strip() for p in self.text.narrative if p.strip()]
        return out + [_p(" ".join(p.split()), self.s.body) for p in paragraphs]

    # Nơi nhận and signature ------------------------------------------------------------------
    def signature_block(self) -> Table:
        s, settings = self.s, self.text.settings
        left: list[Flowable] = [_p("Nơi nhận:", s.recipients_head)]
        for line in self.text.recipients:
            clean = line.strip()
            if clean:
                left.append(_p(clean if clean.startswith("-") else f"- {clean}", s.recipients))
        right: list[Flowable] = [_p(line, s.signer) for line in signer_lines(settings)]
        right.append(_SignatureSpace(SIGNATURE_SPACE_HEIGHT, self._record_signature))
        right.append(_p(settings.signer_name.strip() or " ", s.signer))
        table = Table([[left, right]], colWidths=[80 * mm, TEXT_WIDTH - 80 * mm])
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), SERIF, 12),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))
        return table

    def _record_signature(self, box: SignatureBox) -> None:
        self.signature = box


def _delta_text(delta: Fraction | None) -> str:
    return "–" if delta is None else format_points(delta)


def component_chart(tab: Tabulation, width: float, *, font_size: float = 10,
                    bar_height: float = 14, compare: bool = True) -> Drawing | None:
    """Horizontal bars of the satisfaction share per component (0–100 %), value at the bar end.

    A yearly tabulation draws one bar per quarter that has answers and one for the year; a
    quarter draws its own bar and, when known, the previous period's. ``compare=False`` draws
    the period's own bars only. None when nothing is rated.
    """
    comps = [c for c in tab.components if c.levels.valid]
    if not comps:
        return None
    series = _chart_series(tab, [c.code for c in comps])
    if not compare:
        series = series[-1:]
    if len(series) > 2:
        bar_height = min(bar_height, 8)
    label_width = 62 * mm
    group = bar_height * len(series) + 8
    plot_height = group * len(comps)
    legend_height = 18 if len(series) > 1 else 0
    drawing = Drawing(width, plot_height + 32 + legend_height)
    drawing.initialFontName = SERIF  # else the drawing's state pulls in unembedded Helvetica
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 28
    chart.width = width - label_width - 40
    chart.height = plot_height
    # reportlab draws categories and the bars of a group bottom-up: reverse both so that the
    # first component, and within it the first series, is on top.
    chart.data = [tuple(reversed(values)) for _, values in reversed(series)]
    chart.categoryAxis.categoryNames = [_wrap(f"{c.number}. {c.title}", SERIF, font_size,
                                              label_width - 8) for c in reversed(comps)]
    chart.categoryAxis.labels.fontName = SERIF
    chart.categoryAxis.labels.fontSize = font_size
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.leading = font_size * 1.15
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = SERIF
    chart.valueAxis.labels.fontSize = font_size - 1
    chart.valueAxis.labelTextFormat = "%d %%"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.8, 0.8, 0.8)
    chart.barSpacing = 1
    chart.groupSpacing = 8
    shades = _bar_shades(len(series))
    for i, shade in enumerate(reversed(shades)):
        chart.bars[i].fillColor = shade
        chart.bars[i].strokeColor = colors.black
        chart.bars[i].strokeWidth = 0.4
    chart.barLabelFormat = _percent_label
    chart.barLabels.fontName = SERIF
    chart.barLabels.fontSize = min(font_size - 1, bar_height)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 2, "Tỷ lệ hài lòng (mức 4 và 5)",
                       fontName=SERIF_ITALIC, fontSize=font_size - 1, textAnchor="middle"))
    if len(series) > 1:
        legend = Legend()
        legend.x = chart.x
        legend.y = drawing.height - 4
        legend.fontName = SERIF
        legend.fontSize = font_size - 1
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = (width - chart.x) / len(series)
        legend.dxTextSpace = 4
        legend.colorNamePairs = list(zip(shades, [name for name, _ in series], strict=True))
        drawing.add(legend)
    return drawing


def _chart_series(tab: Tabulation, codes: list[str]) -> list[tuple[str, list[float]]]:
    """(legend name, share in % per component) in reading order."""
    def percents(shares: dict[str, Fraction | None]) -> list[float]:
        return [float(shares.get(code) or 0) * 100 for code in codes]

    series: list[tuple[str, list[float]]] = []
    if tab.quarters:
        for q in tab.quarters:
            if q.overall.valid:
                series.append((f"Quý {ROMAN[(q.period.quarter or 1) - 1]}", percents(
                    {c.code: c.levels.satisfaction for c in q.components})))
        name = f"Năm {tab.period.year}"
    else:
        if tab.change is not None:
            series.append((_sentence_case(tab.change.previous_period.title),
                           percents({code: prev for code, prev, _ in tab.change.components})))
        name = _sentence_case(tab.period.title)
    series.append((name, percents({c.code: c.levels.satisfaction for c in tab.components})))
    return series


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _percent_label(value: float) -> str:
    return format_percent(Fraction(value).limit_denominator(100000) / 100)


def _bar_shades(n: int) -> list[colors.Color]:
    """Greys from light to dark: the report is often printed in black and white."""
    if n == 1:
        return [colors.Color(0.35, 0.35, 0.35)]
    return [colors.Color(0.85 - 0.6 * i / (n - 1), 0.85 - 0.6 * i / (n - 1),
                         0.85 - 0.6 * i / (n - 1)) for i in range(n)]


def _wrap(text: str, font: str, size: float, width: float) -> str:
    """Break a label into lines that fit ``width`` (chart labels do not wrap by themselves)."""
    lines: list[str] = []
    for word in text.split():
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _page_number(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(SERIF, 13)
    canvas.drawCentredString(MARGIN_LEFT + TEXT_WIDTH / 2, PAGE_HEIGHT - 12 * mm,
                             str(canvas.getPageNumber()))
    canvas.restoreState()


def write_report_pdf(tab: Tabulation, text: ReportText, out: Path | IO[bytes]
                     ) -> ReportPdfLayout:
    """Write the report to ``out`` (a path or a binary file); returns pages and signature box."""
    register_fonts()
    builder = _ReportBuilder(tab, text)
    target = str(out) if isinstance(out, Path) else out
    doc = SimpleDocTemplate(
        target, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=f"Báo cáo {report_subject(tab, text.settings)}",
        author=text.settings.unit_name, subject=f"{report_number_line(text.number)}",
        creator="khaosat", invariant=True, initialFontName=SERIF,
    )
    doc.build(builder.story(), onLaterPages=_page_number)
    if builder.signature is None:  # pragma: no cover - the block is always the last flowable
        raise RuntimeError("the signature block was not drawn")
    return ReportPdfLayout(pages=doc.page, signature_box=builder.signature)
