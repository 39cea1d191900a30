"""Where everything sits on a printed blank form (docs/blank-forms.md).

A form is composed once per questionnaire and unit: for each page, the things to draw plus the
places of the corner marks, the QR code, the serial and every tick box. The renderer
(``app.reports.blank_form``) draws exactly these things and ``FormLayout`` reports exactly these
places, so the data a reader of scans relies on cannot drift from the paper.

Lengths are millimetres. Inside this module they run from the paper's top-left corner, y down;
the exported ``FormLayout`` is shifted so that it runs from the top-left corner of the top-left
corner mark, which is what a scan shows (a scan is cropped and shifted, the marks are not).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from app.domain.form_code import encode_form_code
from app.domain.forms import MAX_SERIAL
from app.domain.questionnaire import (
    RATING_LEVELS,
    ChoiceOption,
    Component,
    Question,
    Questionnaire,
)
from app.domain.settings import UnitSettings
from app.domain.text import nfc
from app.reports.fonts import SERIF, SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts

LAYOUT_FORMAT = "khaosat-form-layout"
LAYOUT_FORMAT_VERSION = 1

PT = 25.4 / 72  # millimetres per typographic point
CAP_MIDDLE = 0.33  # half the capital height of Liberation Serif, in em
PAPER_WIDTH, PAPER_HEIGHT = 210.0, 297.0  # A4 portrait

# Corner marks: solid squares whose outer edges sit MARK_INSET from the paper edges, so a scan
# cropped to the printable area still holds all four. Everything printed lies between them.
MARK_SIDE = 8.0
MARK_INSET = 15.0
LEFT, RIGHT = MARK_INSET, PAPER_WIDTH - MARK_INSET
TOP, BOTTOM = MARK_INSET, PAPER_HEIGHT - MARK_INSET
MARK_CLEARANCE = 2.0  # text beside a mark keeps this far from it

# The QR code sits at the bottom right of every page, above the bottom-right mark.
QR_MIN_SIDE = 16.0
QR_MIN_MODULE = 0.5
QR_QUIET_MODULES = 4
QR_ERROR_LEVEL = "m"
# A fixed mask pattern: choosing the best of the eight per code (as the QR standard suggests)
# made the QR code 4/5 of the time of a whole form, and it chose mask 2 for nine of ten of our
# codes anyway. Decoders read any mask; tests decode every serial's symbol.
QR_MASK = 2
QR_BOTTOM = BOTTOM - MARK_SIDE - 2.5  # the 4-module quiet zone, and no more

# Page header (DOMAIN.md §7, sized down a point for a form): agency left, national motto right.
HEADER_PT = 11.0
MOTTO_PT = 12.0
TITLE_PT = 14.0
SUBTITLE_PT = 12.0
SERIAL_PT = 18.0
SCALE_LABEL_PT = 10.0
NOTE_PT = 10.0
HEADER_SPLIT = 103.0  # agency column left of it, motto column right of it
HEADER_GUTTER = 4.0  # the agency column stops this short of the split: the motto fills its own
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
CLOSING_PT = 11.0
SERIAL_LABEL = "Số phiếu:"
SERIAL_BOX_WIDTH, SERIAL_BOX_HEIGHT = 28.0, 8.5
LEGEND_TEXT = "Xin Ông/Bà đánh dấu X vào ô phù hợp; mỗi câu chỉ chọn một ô."
BETWEEN_MARKS_WIDTH = PAPER_WIDTH - 2 * (MARK_INSET + MARK_SIDE + MARK_CLEARANCE)

# Choice questions flow left to right: label, then box + text per option.
BOX_TEXT_GAP = 1.5
OPTION_GAP = 4.0
LABEL_GAP = 2.5
QUESTION_GAP = 8.0  # wider than between options, so where a question starts is plain
OPINION_PITCH = 7.5  # handwriting needs room
MAX_OPINION_LINES = 5
OPINION_MIN_RUN = 40.0  # a dotted line shorter than this after the question is no use

# Rated-item grid: number, text, then five answer columns at the right edge.
NUMBER_RIGHT = LEFT + 7.0
ITEM_TEXT_X = LEFT + 9.0
RATING_COLUMN_WIDTH = 12.0  # "Rất / không / hài lòng" in three lines of 10 pt
RATING_X0 = RIGHT - len(RATING_LEVELS) * RATING_COLUMN_WIDTH
ITEM_TEXT_WIDTH = RATING_X0 - 2.0 - ITEM_TEXT_X

GRID_RULE_PT = 0.5
GRID_GREY = 0.55  # light enough to read as a guide, dark enough to survive a photocopy
HEADING_FILL = 0.9
BOX_LINE_PT = 1.0

Align = Literal["left", "centre", "right"]


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def shifted(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)

    def as_dict(self) -> dict[str, float]:
        return {"x": round(self.x, 2), "y": round(self.y, 2),
                "w": round(self.w, 2), "h": round(self.h, 2)}


# --- what the renderer draws (paper coordinates) ----------------------------------------------

@dataclass(frozen=True)
class TextRun:
    x: float
    baseline: float
    text: str
    font: str
    size: float  # points
    align: Align = "left"


@dataclass(frozen=True)
class Stroke:
    x1: float
    y1: float
    x2: float
    y2: float
    width_pt: float
    grey: float = 0.0  # 0 black .. 1 white
    dotted: bool = False


@dataclass(frozen=True)
class Rectangle:
    box: Box
    line_pt: float = 0.0  # 0: no outline
    fill_grey: float | None = None  # None: not filled; 0: solid black


Drawable = TextRun | Stroke | Rectangle


@dataclass(frozen=True)
class ComposedPage:
    number: int
    drawables: tuple[Drawable, ...]  # the same on every copy of this page
    serial_box: Box  # the serial's digits are centred in it (empty box: blank-serial variant)
    qr: Box


# --- what a reader of scans needs (mark coordinates) -------------------------------------------

@dataclass(frozen=True)
class QuestionPlacement:
    code: str
    kind: str  # "field", "choice" or "rating"
    page: int
    options: tuple[tuple[str, Box], ...]  # option code -> tick box, in paper order


@dataclass(frozen=True)
class PagePlacement:
    number: int
    corner_marks: tuple[tuple[str, Box], ...]  # top_left, top_right, bottom_left, bottom_right
    qr: Box
    serial: Box


@dataclass(frozen=True)
class OpinionPlacement:
    code: str
    page: int
    area: Box  # the ruled lines for handwriting


@dataclass(frozen=True)
class FormLayout:
    questionnaire_id: str
    questionnaire_version: str
    unit_code: str
    year: int
    qr_version: int
    qr_modules: int
    pages: tuple[PagePlacement, ...]
    questions: tuple[QuestionPlacement, ...]  # in paper (keying) order
    opinion: OpinionPlacement
    smallest_text_pt: float
    smallest_box_mm: float

    def question(self, code: str) -> QuestionPlacement:
        for q in self.questions:
            if q.code == code:
                return q
        raise KeyError(code)


@dataclass(frozen=True)
class ComposedForm:
    questionnaire: Questionnaire  # with the unit's fields of service
    settings: UnitSettings
    pages: tuple[ComposedPage, ...]
    qr_version: int
    layout: FormLayout


# --- text measurement ---------------------------------------------------------------------------

def text_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size)) * PT


def line_height(size: float, leading: float = 1.22) -> float:
    return size * leading * PT


def _baseline_in_line(top: float, size: float, line: float | None = None) -> float:
    """Baseline of a line whose box (``line`` high) starts at ``top``: capitals centred in it."""
    return top + (line_height(size) if line is None else line) / 2 + CAP_MIDDLE * size * PT


def wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """Greedy word wrap; a word longer than the width gets a line of its own."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return tuple(lines)


def balanced_wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """As few lines as ``wrap`` gives, but of even length (for centred headings)."""
    lines = wrap(text, font, size, width)
    if len(lines) < 2:
        return lines
    low = max(text_width(w, font, size) for w in text.split())
    high = width
    for _ in range(20):
        middle = (low + high) / 2
        if len(wrap(text, font, size, middle)) <= len(lines):
            high = middle
        else:
            low = middle
    return wrap(text, font, size, high)


# --- composition ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Density:
    """How loosely a form is set; the loosest that fits the fewest pages wins."""

    body_pt: float
    box: float  # tick box side, mm
    row_pad: float  # above and below the text of a grid row, mm
    gap: float  # between sections, mm
    leading: float  # line height / font size
    opinion_lines: int  # ruled lines for the opinion, unless the definition says otherwise


DENSITIES = (
    Density(body_pt=11.0, box=5.0, row_pad=1.0, gap=3.0, leading=1.22, opinion_lines=3),
    Density(body_pt=10.5, box=4.5, row_pad=0.8, gap=2.5, leading=1.2, opinion_lines=3),
    Density(body_pt=10.0, box=4.5, row_pad=0.6, gap=2.0, leading=1.18, opinion_lines=3),
    Density(body_pt=10.0, box=4.0, row_pad=0.45, gap=1.5, leading=1.15, opinion_lines=2),
)


@dataclass
class _PageBuilder:
    number: int
    drawables: list[Drawable]
    serial_box: Box
    questions: list[tuple[str, str, list[tuple[str, Box]]]] = field(default_factory=list)
    opinion: Box | None = None

    def text(self, x: float, baseline: float, text: str, font: str, size: float,
             align: Align = "left") -> None:
        self.drawables.append(TextRun(x, baseline, text, font, size, align))

    def tick_box(self, x: float, y: float, side: float) -> Box:
        box = Box(x, y, side, side)
        self.drawables.append(Rectangle(box, line_pt=BOX_LINE_PT))
        return box


@dataclass(frozen=True)
class _Block:
    """A horizontal band of the form; pages break only between blocks."""

    height: float
    emit: Callable[[_PageBuilder, float], None]  # draw with the band's top at y
    grid_component: Component | None = None  # set on grid rows: the heading to repeat
    keep_with_next: bool = False
    beside_qr: bool = False  # may reach down beside the QR code (keeps its lines clear of it)


@dataclass(frozen=True)
class _Token:
    """A question's label or one of its options, placed in a row of the choice section."""

    x: float
    lines: tuple[str, ...]
    question: Question
    option: ChoiceOption | None = None  # None: the question's label


class _Composer:
    def __init__(self, questionnaire: Questionnaire, settings: UnitSettings, density: Density,
                 qr_side: float, qr_modules: int) -> None:
        self.q = questionnaire
        self.s = settings
        self.d = density
        self.qr = Box(RIGHT - qr_side, QR_BOTTOM - qr_side, qr_side, qr_side)
        quiet = QR_QUIET_MODULES * qr_side / qr_modules
        self.full_width_bottom = self.qr.y - quiet - 0.5
        self.beside_qr_right = self.qr.x - quiet - 0.5
        self.lh = line_height(density.body_pt, density.leading)
        self.row_height = max(density.box, self.lh) + 2 * density.row_pad
        closing = wrap(questionnaire.closing, SERIF_BOLD_ITALIC, CLOSING_PT, BETWEEN_MARKS_WIDTH)
        # A one-line closing goes between the bottom corner marks, where nothing else can.
        self.closing_in_margin = len(closing) == 1
        self.closing_lines = () if self.closing_in_margin else wrap(
            questionnaire.closing, SERIF_BOLD_ITALIC, CLOSING_PT, self.beside_qr_right - LEFT)
        self.closing_height = (density.gap + len(self.closing_lines) * line_height(CLOSING_PT)
                               if self.closing_lines else 0.0)

    def _body_baseline(self, line_top: float) -> float:
        return _baseline_in_line(line_top, self.d.body_pt, self.lh)

    # Page frames ------------------------------------------------------------------------------

    def _marks(self, page: _PageBuilder) -> None:
        for x in (LEFT, RIGHT - MARK_SIDE):
            for y in (TOP, BOTTOM - MARK_SIDE):
                page.drawables.append(Rectangle(Box(x, y, MARK_SIDE, MARK_SIDE), fill_grey=0.0))

    def _serial(self, page: _PageBuilder, right: float, middle: float) -> None:
        """"Số phiếu:" and the box the digits go in, ending at ``right``, centred on ``middle``."""
        box = Box(right - SERIAL_BOX_WIDTH, middle - SERIAL_BOX_HEIGHT / 2, SERIAL_BOX_WIDTH,
                  SERIAL_BOX_HEIGHT)
        page.text(box.x - 2.0, middle + CAP_MIDDLE * HEADER_PT * PT, SERIAL_LABEL, SERIF, HEADER_PT,
                  "right")
        page.drawables.append(Rectangle(box, line_pt=BOX_LINE_PT))
        page.serial_box = box

    def first_page(self) -> tuple[_PageBuilder, float]:
        page = _PageBuilder(1, [], Box(0, 0, 0, 0))
        self._marks(page)
        left_x0 = LEFT + MARK_SIDE + MARK_CLEARANCE
        right_x1 = RIGHT - MARK_SIDE - MARK_CLEARANCE
        hlh = line_height(HEADER_PT)
        # Agency column: parent body (upright), the unit (bold) with a short rule under it.
        centre = (left_x0 + HEADER_SPLIT - HEADER_GUTTER) / 2
        width = HEADER_SPLIT - HEADER_GUTTER - left_x0
        y = TOP
        last_width = 0.0
        for text, font in ((self.s.parent_name, SERIF), (self.s.unit_name, SERIF_BOLD)):
            for line in balanced_wrap(nfc(text.upper()), font, HEADER_PT, width):
                page.text(centre, _baseline_in_line(y, HEADER_PT), line, font, HEADER_PT,
                          "centre")
                last_width = text_width(line, font, HEADER_PT)
                y += hlh
        rule = max(last_width * 0.4, 15.0)
        page.drawables.append(Stroke(centre - rule / 2, y + 0.6, centre + rule / 2, y + 0.6, 0.7))
        left_bottom = y + 0.6
        # Motto column: national name and motto, a rule as long as the motto.
        centre = (HEADER_SPLIT + right_x1) / 2
        page.text(centre, _baseline_in_line(TOP, HEADER_PT), NATIONAL_NAME, SERIF_BOLD,
                  HEADER_PT, "centre")
        motto_top = TOP + hlh
        page.text(centre, _baseline_in_line(motto_top, MOTTO_PT), NATIONAL_MOTTO, SERIF_BOLD,
                  MOTTO_PT, "centre")
        motto_w = text_width(NATIONAL_MOTTO, SERIF_BOLD, MOTTO_PT)
        rule_y = motto_top + line_height(MOTTO_PT) + 0.6
        page.drawables.append(Stroke(centre - motto_w / 2, rule_y, centre + motto_w / 2, rule_y,
                                     0.7))
        # Title, centred; the serial at the right end of the first title line.
        y = max(left_bottom, rule_y) + self.d.gap
        first_row = max(SERIAL_BOX_HEIGHT, line_height(TITLE_PT))
        self._serial(page, RIGHT, y + first_row / 2)
        for i, title in enumerate(self.q.title_lines):
            size = TITLE_PT if i == 0 else SUBTITLE_PT
            # The first title line shares its row with the serial, so it keeps clear of it.
            width = RIGHT - LEFT if i else 2 * (page.serial_box.x - 25.0 - (LEFT + RIGHT) / 2)
            for k, line in enumerate(balanced_wrap(title, SERIF_BOLD, size, width)):
                row = first_row if i == 0 and k == 0 else line_height(size)
                top = y + (row - line_height(size)) / 2
                page.text((LEFT + RIGHT) / 2, _baseline_in_line(top, size), line, SERIF_BOLD,
                          size, "centre")
                y += row
        return page, y

    def next_page(self, number: int) -> tuple[_PageBuilder, float]:
        page = _PageBuilder(number, [], Box(0, 0, 0, 0))
        self._marks(page)
        self._serial(page, RIGHT - MARK_SIDE - MARK_CLEARANCE, TOP + MARK_SIDE / 2)
        return page, TOP + max(MARK_SIDE, SERIAL_BOX_HEIGHT) + self.d.gap

    # Blocks -----------------------------------------------------------------------------------

    def legend(self) -> _Block:
        """How to answer, shown with a marked box the size of the real ones."""
        size, box, space = self.d.body_pt, self.d.box, self.d.gap
        height = space + self.row_height

        def emit(page: _PageBuilder, top: float) -> None:
            middle = top + space + self.row_height / 2
            sample = Box(LEFT, middle - box / 2, box, box)
            page.drawables.append(Rectangle(sample, line_pt=BOX_LINE_PT))
            inset = box * 0.18
            page.drawables.append(Stroke(sample.x + inset, sample.y + inset,
                                         sample.x + box - inset, sample.y + box - inset, 1.3))
            page.drawables.append(Stroke(sample.x + inset, sample.y + box - inset,
                                         sample.x + box - inset, sample.y + inset, 1.3))
            page.text(LEFT + box + 2.0, middle + CAP_MIDDLE * size * PT, LEGEND_TEXT,
                      SERIF_ITALIC, size)

        return _Block(height, emit)

    def _label(self, question: Question) -> str:
        label = question.text if question.text.endswith(("?", ":")) else f"{question.text}:"
        return f"{question.number}. {label}" if question.number else label

    def _option_width(self, option: ChoiceOption) -> float:
        return self.d.box + BOX_TEXT_GAP + text_width(option.label, SERIF, self.d.body_pt)

    def _one_row_width(self, question: Question) -> float:
        return (text_width(self._label(question), SERIF_BOLD, self.d.body_pt) + LABEL_GAP
                + sum(self._option_width(o) for o in question.options)
                + OPTION_GAP * (len(question.options) - 1))

    def _choice_rows(self, questions: Sequence[Question]) -> list[tuple[list[_Token], bool]]:
        """The choice questions flowed into rows, in paper order, left to right.

        A question that fits in the rest of a row continues it; one that needs more than a row
        starts a new row and wraps its options under their first one. Each row comes with
        "a question continues on the next row", so such rows stay on one page together.
        """
        size = self.d.body_pt
        rows: list[tuple[list[_Token], bool]] = []
        current: list[_Token] = []
        x = LEFT

        def new_row(continues: bool = False) -> None:
            nonlocal current, x
            if current:
                rows.append((current, continues))
            current, x = [], LEFT

        for question in questions:
            label = self._label(question)
            width = self._one_row_width(question)
            if current and x + QUESTION_GAP + width <= RIGHT:
                x += QUESTION_GAP
            elif current:
                new_row()
            label_w = text_width(label, SERIF_BOLD, size)
            if width > RIGHT - x and label_w > (RIGHT - LEFT) * 0.45:
                # A long question: its text on its own lines, the options under it.
                for line in wrap(label, SERIF_BOLD, size, RIGHT - LEFT):
                    current.append(_Token(LEFT, (line,), question))
                    new_row(continues=True)
                x = indent = LEFT + 5.0
            else:
                current.append(_Token(x, (label,), question))
                x = indent = x + label_w + LABEL_GAP
            for i, option in enumerate(question.options):
                w = self._option_width(option)
                if i and x + OPTION_GAP + w <= RIGHT:
                    x += OPTION_GAP
                elif i:
                    new_row(continues=True)
                    x = indent
                lines = (option.label,) if x + w <= RIGHT else wrap(
                    option.label, SERIF, size, RIGHT - x - self.d.box - BOX_TEXT_GAP)
                current.append(_Token(x, lines, question, option))
                x += self.d.box + BOX_TEXT_GAP + max(text_width(t, SERIF, size) for t in lines)
        new_row()
        return rows

    def choice_blocks(self, questions: Sequence[Question]) -> list[_Block]:
        size, box, lh = self.d.body_pt, self.d.box, self.lh
        groups: list[list[list[_Token]]] = [[]]
        for row, continues in self._choice_rows(questions):
            groups[-1].append(row)
            if not continues:
                groups.append([])
        blocks: list[_Block] = []
        for group in (g for g in groups if g):
            heights = [max(box, max(len(t.lines) for t in row) * lh) + 2 * self.d.row_pad
                       for row in group]

            def emit(page: _PageBuilder, top: float, group: list[list[_Token]] = group,
                     heights: list[float] = heights) -> None:
                y = top
                boxes: dict[str, list[tuple[str, Box]]] = {}
                for row, row_h in zip(group, heights, strict=True):
                    middle = y + self.d.row_pad + max(box, lh) / 2
                    for token in row:
                        x, font = token.x, SERIF_BOLD
                        if token.option is not None:
                            tick = page.tick_box(x, middle - box / 2, box)
                            boxes.setdefault(token.question.code, []).append(
                                (token.option.code, tick))
                            x, font = x + box + BOX_TEXT_GAP, SERIF
                        for i, line in enumerate(token.lines):
                            page.text(x, self._body_baseline(middle - lh / 2 + i * lh), line,
                                      font, size)
                    y += row_h
                for question in dict.fromkeys(t.question for row in group for t in row):
                    page.questions.append((question.code, str(question.kind),
                                           boxes.get(question.code, [])))

            blocks.append(_Block(sum(heights), emit))
        return blocks

    def _column_centre(self, level_index: int) -> float:
        return RATING_X0 + (level_index + 0.5) * RATING_COLUMN_WIDTH

    def _column_rules(self, page: _PageBuilder, top: float, bottom: float) -> None:
        for x in (LEFT, *(RATING_X0 + i * RATING_COLUMN_WIDTH
                          for i in range(len(RATING_LEVELS) + 1))):
            page.drawables.append(Stroke(x, top, x, bottom, GRID_RULE_PT, GRID_GREY))

    def grid_band(self, *, with_instruction: bool) -> _Block:
        """The printed instruction beside the scale labels over the five answer columns."""
        lh = line_height(SCALE_LABEL_PT)
        labels = [balanced_wrap(label, SERIF, SCALE_LABEL_PT, RATING_COLUMN_WIDTH - 0.4)
                  for label in self.q.scale_labels]
        instruction = wrap(self.q.instruction, SERIF_ITALIC, self.d.body_pt,
                           RATING_X0 - 2.0 - LEFT) if with_instruction else ()
        depth = max(len(lines) for lines in labels)
        space = self.d.gap
        height = space + max(depth * lh, len(instruction) * self.lh) + 1.0

        def emit(page: _PageBuilder, top: float) -> None:
            bottom = top + height - 1.0
            for i, lines in enumerate(labels):
                for k, line in enumerate(lines):
                    line_top = bottom - (len(lines) - k) * lh
                    page.text(self._column_centre(i), _baseline_in_line(line_top, SCALE_LABEL_PT),
                              line, SERIF, SCALE_LABEL_PT, "centre")
            for k, line in enumerate(instruction):
                line_top = bottom - (len(instruction) - k) * self.lh
                page.text(LEFT, self._body_baseline(line_top), line, SERIF_ITALIC,
                          self.d.body_pt)

        return _Block(height, emit)

    def heading(self, component: Component, *, continued: bool = False) -> _Block:
        size = self.d.body_pt
        text = f"{component.number}. {component.title}" + (" (tiếp theo)" if continued else "")
        lines = wrap(text, SERIF_BOLD, size, RATING_X0 - 2.0 - LEFT - 1.5)
        height = max(len(lines) * self.lh, self.d.box) + 2 * self.d.row_pad

        def emit(page: _PageBuilder, top: float) -> None:
            page.drawables.append(Rectangle(Box(LEFT, top, RIGHT - LEFT, height),
                                            fill_grey=HEADING_FILL))
            page.drawables.append(Stroke(LEFT, top, RIGHT, top, GRID_RULE_PT, GRID_GREY))
            self._column_rules(page, top, top + height)
            text_top = top + (height - len(lines) * self.lh) / 2
            for i, line in enumerate(lines):
                page.text(LEFT + 1.5, self._body_baseline(text_top + i * self.lh), line,
                          SERIF_BOLD, size)
            middle = top + height / 2
            # The column numbers again on every heading: a finger can follow them down.
            for i, level in enumerate(RATING_LEVELS):
                page.text(self._column_centre(i), middle + CAP_MIDDLE * (size + 1) * PT, str(level),
                          SERIF_BOLD, size + 1, "centre")
            page.drawables.append(Stroke(LEFT, top + height, RIGHT, top + height, GRID_RULE_PT,
                                         GRID_GREY))

        return _Block(height, emit, grid_component=component, keep_with_next=True)

    def item(self, question: Question, component: Component) -> _Block:
        size, box, lh = self.d.body_pt, self.d.box, self.lh
        lines = balanced_wrap(question.text, SERIF, size, ITEM_TEXT_WIDTH)
        height = max(len(lines) * lh, box) + 2 * self.d.row_pad

        def emit(page: _PageBuilder, top: float) -> None:
            text_top = top + (height - len(lines) * lh) / 2
            page.text(NUMBER_RIGHT, self._body_baseline(text_top), question.number, SERIF,
                      size, "right")
            for i, line in enumerate(lines):
                page.text(ITEM_TEXT_X, self._body_baseline(text_top + i * lh), line, SERIF,
                          size)
            middle = top + height / 2
            boxes = [(str(level), page.tick_box(self._column_centre(i) - box / 2,
                                                middle - box / 2, box))
                     for i, level in enumerate(RATING_LEVELS)]
            page.questions.append((question.code, str(question.kind), boxes))
            self._column_rules(page, top, top + height)
            page.drawables.append(Stroke(LEFT, top + height, RIGHT, top + height, GRID_RULE_PT,
                                         GRID_GREY))

        return _Block(height, emit, grid_component=component)

    def opinion(self, lines_count: int, *, stretch: bool) -> _Block:
        """The opinion question and dotted lines to write on; the first runs on from the
        question's last line when enough of that line is left. With ``stretch``, room left
        at the foot of the page becomes more lines (up to MAX_OPINION_LINES)."""
        size = self.d.body_pt
        label_lines = wrap(self._label_text(self.q.opinion.text), SERIF_BOLD, size,
                           self.beside_qr_right - LEFT)
        label_end = LEFT + text_width(label_lines[-1], SERIF_BOLD, size) + 2.0
        runs_on = self.beside_qr_right - label_end >= OPINION_MIN_RUN
        space = self.d.gap
        # The label's lines sit on writing lines' pitch, so the run-on line is one of them.
        label_rows = len(label_lines) - (1 if runs_on else 0)
        height = space + label_rows * self.lh + lines_count * OPINION_PITCH

        def emit(page: _PageBuilder, top: float) -> None:
            count = lines_count
            if stretch:
                room = QR_BOTTOM - self.closing_height - (top + height)
                count = min(MAX_OPINION_LINES, lines_count + max(0, int(room // OPINION_PITCH)))
            y = top + space
            for i, line in enumerate(label_lines):
                last = i == len(label_lines) - 1
                line_top = y + OPINION_PITCH - self.lh if last and runs_on else y
                page.text(LEFT, self._body_baseline(line_top), line, SERIF_BOLD, size)
                if not (last and runs_on):
                    y += self.lh
            area_top = y
            right = RIGHT
            for k in range(count):
                y += OPINION_PITCH
                if y > self.full_width_bottom:
                    right = self.beside_qr_right
                start = label_end if k == 0 and runs_on else LEFT
                page.drawables.append(Stroke(start, y, right, y, 0.8, dotted=True))
            page.opinion = Box(LEFT, area_top, right - LEFT, y - area_top)

        return _Block(height, emit, beside_qr=True)

    @staticmethod
    def _label_text(text: str) -> str:
        return text if text.endswith(("?", ":")) else f"{text}:"

    def closing(self) -> _Block:
        """The thank-you line: centred between the bottom marks, or a paragraph if longer."""
        text = self.q.closing
        if self.closing_in_margin:
            def emit_in_margin(page: _PageBuilder, top: float) -> None:
                middle = BOTTOM - MARK_SIDE / 2
                page.text((LEFT + RIGHT) / 2, middle + CAP_MIDDLE * CLOSING_PT * PT, text,
                          SERIF_BOLD_ITALIC, CLOSING_PT, "centre")

            return _Block(0.0, emit_in_margin, beside_qr=True)
        lh = line_height(CLOSING_PT)
        lines = self.closing_lines
        space = self.d.gap

        def emit(page: _PageBuilder, top: float) -> None:
            for i, line in enumerate(lines):
                page.text((LEFT + self.beside_qr_right) / 2,
                          _baseline_in_line(top + space + i * lh, CLOSING_PT), line,
                          SERIF_BOLD_ITALIC, CLOSING_PT, "centre")

        return _Block(self.closing_height, emit, beside_qr=True)

    # Assembly ---------------------------------------------------------------------------------

    def blocks(self) -> list[_Block]:
        q = self.q
        blocks = [self.legend(), *self.choice_blocks([q.field_question, *q.profile_questions])]
        blocks.append(self.grid_band(with_instruction=True))
        for component in q.components:
            blocks.append(self.heading(component))
            blocks += [self.item(q.question(code), component) for code in component.question_codes]
        raw_lines = q.raw.get("printing", {}).get("opinion_lines")
        lines_count = (raw_lines if isinstance(raw_lines, int) and 1 <= raw_lines <= 8
                       else self.d.opinion_lines)
        blocks.append(self.opinion(lines_count, stretch=lines_count != raw_lines))
        if q.closing:
            blocks.append(self.closing())
        return blocks

    def compose(self) -> list[_PageBuilder]:
        blocks = self.blocks()
        page, y = self.first_page()
        pages = [page]
        previous_in_grid: Component | None = None
        for i, block in enumerate(blocks):
            need = block.height
            if block.keep_with_next and i + 1 < len(blocks):
                need += blocks[i + 1].height
            bottom = QR_BOTTOM if block.beside_qr else self.full_width_bottom
            if y + need > bottom:
                page, y = self.next_page(len(pages) + 1)
                pages.append(page)
                if block.grid_component is not None and previous_in_grid is not None:
                    # A grid carried over: labels again, and its heading if mid-component.
                    carried = [self.grid_band(with_instruction=False)]
                    if not block.keep_with_next:
                        carried.append(self.heading(block.grid_component, continued=True))
                    for extra in carried:
                        extra.emit(page, y)
                        y += extra.height
            block.emit(page, y)
            y += block.height
            previous_in_grid = block.grid_component
        return pages


def _qr_geometry(questionnaire: Questionnaire, settings: UnitSettings) -> tuple[int, int, float]:
    """QR version, modules and side: one version for every copy, sized for the longest code."""
    import segno

    longest = encode_form_code(settings.unit_code, settings.year, MAX_SERIAL, questionnaire.id,
                               questionnaire.version, page=99)
    version = int(segno.make(longest, error=QR_ERROR_LEVEL, boost_error=False, micro=False)
                  .version)
    modules = 17 + 4 * version
    return version, modules, max(QR_MIN_SIDE, modules * QR_MIN_MODULE)


def _finish_pages(composer: _Composer, builders: list[_PageBuilder]) -> None:
    """Page notes, once the page count is known."""
    count = len(builders)
    if count == 1:
        return
    for page in builders:
        note = f"Trang {page.number}/{count}"
        if page.number < count:
            note += " – xin xem tiếp trang sau"
        page.text(LEFT, composer.qr.y + composer.qr.h, note, SERIF_ITALIC, NOTE_PT)


def compose_form(questionnaire: Questionnaire, settings: UnitSettings) -> ComposedForm:
    """The form for this unit: the loosest setting that needs the fewest pages."""
    register_fonts()
    questionnaire = questionnaire.with_field_options(settings.fields)
    version, modules, qr_side = _qr_geometry(questionnaire, settings)
    best: tuple[_Composer, list[_PageBuilder]] | None = None
    for density in DENSITIES:
        composer = _Composer(questionnaire, settings, density, qr_side, modules)
        builders = composer.compose()
        if best is None or len(builders) < len(best[1]):
            best = (composer, builders)
        if len(builders) == 1:
            break
    assert best is not None
    composer, builders = best
    _finish_pages(composer, builders)
    pages = tuple(ComposedPage(b.number, tuple(b.drawables), b.serial_box, composer.qr)
                  for b in builders)
    layout = _layout(questionnaire, settings, composer, builders, version, modules)
    return ComposedForm(questionnaire, settings, pages, version, layout)


def _layout(questionnaire: Questionnaire, settings: UnitSettings, composer: _Composer,
            builders: Sequence[_PageBuilder], qr_version: int, qr_modules: int) -> FormLayout:
    def rel(box: Box) -> Box:
        return box.shifted(-LEFT, -TOP)

    marks = (("top_left", Box(LEFT, TOP, MARK_SIDE, MARK_SIDE)),
             ("top_right", Box(RIGHT - MARK_SIDE, TOP, MARK_SIDE, MARK_SIDE)),
             ("bottom_left", Box(LEFT, BOTTOM - MARK_SIDE, MARK_SIDE, MARK_SIDE)),
             ("bottom_right", Box(RIGHT - MARK_SIDE, BOTTOM - MARK_SIDE, MARK_SIDE, MARK_SIDE)))
    pages = tuple(
        PagePlacement(b.number, tuple((name, rel(box)) for name, box in marks), rel(composer.qr),
                      rel(b.serial_box))
        for b in builders)
    questions = tuple(
        QuestionPlacement(code, kind, b.number, tuple((o, rel(box)) for o, box in boxes))
        for b in builders for code, kind, boxes in b.questions)
    opinion_page = next(b for b in builders if b.opinion is not None)
    assert opinion_page.opinion is not None
    texts = [d.size for b in builders for d in b.drawables if isinstance(d, TextRun)]
    boxes = [box.w for q in questions for _, box in q.options]
    return FormLayout(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        unit_code=settings.unit_code,
        year=settings.year,
        qr_version=qr_version,
        qr_modules=qr_modules,
        pages=pages,
        questions=questions,
        opinion=OpinionPlacement(questionnaire.opinion.code, opinion_page.number,
                                 rel(opinion_page.opinion)),
        smallest_text_pt=min([*texts, SERIAL_PT]),
        smallest_box_mm=min(boxes),
    )


_BOX_LINES = re.compile(r'\{\s+("x": [-\d.]+,\s+"y": [-\d.]+,\s+"w": [-\d.]+,\s+"h": [-\d.]+)\s+\}')


def layout_to_json(layout: FormLayout) -> str:
    """The layout as documented in docs/blank-forms.md (UTF-8 JSON text, keys in paper order)."""
    data: dict[str, Any] = {
        "format": LAYOUT_FORMAT,
        "format_version": LAYOUT_FORMAT_VERSION,
        "unit": "mm",
        "origin": "top-left corner of the top-left corner mark; x to the right, y down",
        "paper": {"size": "A4", "width": PAPER_WIDTH, "height": PAPER_HEIGHT,
                  "origin_x": LEFT, "origin_y": TOP},
        "form_code": {"unit_code": layout.unit_code, "year": layout.year,
                      "questionnaire_id": layout.questionnaire_id,
                      "questionnaire_version": layout.questionnaire_version},
        "qr": {"version": layout.qr_version, "error_correction": QR_ERROR_LEVEL.upper(),
               "modules": layout.qr_modules, "quiet_zone_modules": QR_QUIET_MODULES},
        "smallest_text_pt": layout.smallest_text_pt,
        "smallest_box_mm": round(layout.smallest_box_mm, 2),
        "pages": [
            {"page": p.number,
             "corner_marks": {name: box.as_dict() for name, box in p.corner_marks},
             "qr": p.qr.as_dict(),
             "serial": p.serial.as_dict()}
            for p in layout.pages
        ],
        "questions": {
            q.code: {"kind": q.kind, "page": q.page,
                     "options": {code: box.as_dict() for code, box in q.options}}
            for q in layout.questions
        },
        "opinion": {"code": layout.opinion.code, "page": layout.opinion.page,
                    "area": layout.opinion.area.as_dict()},
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # One line per box keeps the file readable: {"x": 124.0, "y": 91.97, "w": 4.0, "h": 4.0}
    return _BOX_LINES.sub(lambda m: "{" + " ".join(m.group(1).split()) + "}", text) + "\n"


def layout_from_json(text: str) -> Mapping[str, Any]:
    """The parsed layout JSON (for readers and tests); refuses another format."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != LAYOUT_FORMAT:
        raise ValueError("not a khaosat form layout")
    if data.get("format_version") != LAYOUT_FORMAT_VERSION:
        raise ValueError(f"unsupported layout format version {data.get('format_version')!r}")
    return data

