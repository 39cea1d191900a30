"""Numbered blank forms as an A4 PDF (issue 3): one form per serial, QR code and corner marks.

The page is composed once (``app.reports.form_layout``) and drawn as a PDF form XObject that
every copy reuses; only the serial's digits and the QR code are drawn per copy, which is what
keeps 500 forms within the time budget and the file small. The QR code is drawn as vector
squares straight on the canvas (one path per code), crisp at any printer resolution.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO

from app.domain.form_code import encode_form_code
from app.domain.forms import format_serial
from app.domain.questionnaire import Questionnaire
from app.domain.settings import UnitSettings
from app.reports.fonts import SERIF, SERIF_BOLD
from app.reports.form_layout import (
    NOTE_PT,
    PAPER_HEIGHT,
    PAPER_WIDTH,
    PT,
    QR_ERROR_LEVEL,
    QR_MASK,
    SERIAL_PT,
    Box,
    ComposedForm,
    ComposedPage,
    Drawable,
    FormLayout,
    Rectangle,
    Stroke,
    TextRun,
    compose_form,
    layout_to_json,
)

__all__ = ["FormLayout", "RenderCancelled", "layout_to_json", "page_layout",
           "render_blank_forms"]


class RenderCancelled(Exception):
    """``cancelled()`` turned true: nothing was written to the output."""


def page_layout(questionnaire: Questionnaire, settings: UnitSettings) -> FormLayout:
    """Where the marks, the QR code and every tick box sit, as the renderer draws them."""
    return compose_form(questionnaire, settings).layout


def _x(mm: float) -> float:
    return mm / PT


def _y(mm: float) -> float:
    """Paper millimetres from the top to PDF points from the bottom."""
    return (PAPER_HEIGHT - mm) / PT


def _draw(canvas: Any, item: Drawable) -> None:
    if isinstance(item, TextRun):
        canvas.setFont(item.font, item.size)
        draw = {"left": canvas.drawString, "centre": canvas.drawCentredString,
                "right": canvas.drawRightString}[item.align]
        draw(_x(item.x), _y(item.baseline), item.text)
    elif isinstance(item, Stroke):
        canvas.setLineWidth(item.width_pt)
        canvas.setStrokeGray(item.grey)
        canvas.setDash([0.8, 2.2] if item.dotted else [])
        canvas.line(_x(item.x1), _y(item.y1), _x(item.x2), _y(item.y2))
    elif isinstance(item, Rectangle):
        box = item.box
        if item.fill_grey is not None:
            canvas.setFillGray(item.fill_grey)
        canvas.setLineWidth(item.line_pt)
        canvas.setStrokeGray(0)
        canvas.setDash([])
        canvas.rect(_x(box.x), _y(box.y + box.h), _x(box.w), _x(box.h),
                    stroke=1 if item.line_pt else 0, fill=1 if item.fill_grey is not None else 0)
        canvas.setFillGray(0)


_DARK_RUN = re.compile(b"\x01+")


def qr_matrix(text: str, version: int) -> tuple[bytearray, ...]:
    """The QR symbol's modules (rows of 0/1, no quiet zone) as printed on a form."""
    import segno

    matrix: tuple[bytearray, ...] = segno.make(
        text, error=QR_ERROR_LEVEL, version=version, mask=QR_MASK, boost_error=False,
        micro=False).matrix
    return matrix


def _draw_qr(canvas: Any, box: Box, text: str, version: int) -> None:
    matrix = qr_matrix(text, version)
    module = _x(box.w / len(matrix))
    # Module units: the top-left module's corner is the origin and rows run down the page, so
    # every rectangle is a few small integers (fast to write, exact in the file).
    ops = [f"q 0 g {module:.4f} 0 0 {-module:.4f} {_x(box.x):.3f} {_y(box.y):.3f} cm"]
    for row_index, row in enumerate(matrix):
        # A run of dark modules is one rectangle: fewer operators, no seams between them.
        ops.extend(f"{run.start()} {row_index} {run.end() - run.start()} 1 re"
                   for run in _DARK_RUN.finditer(row))
    ops.append("f Q")
    canvas.addLiteral("\n".join(ops))


def _draw_serial(canvas: Any, page: ComposedPage, serial: int) -> None:
    box = page.serial_box
    canvas.setFont(SERIF_BOLD, SERIAL_PT)
    canvas.setFillGray(0)
    canvas.drawCentredString(_x(box.x + box.w / 2), _y(box.y + box.h / 2 + 0.33 * SERIAL_PT * PT),
                             format_serial(serial))


def _template_name(page: ComposedPage) -> str:
    return f"khaosat_form_page_{page.number}"


def _start_document(out: BinaryIO, form: ComposedForm) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    # The initial font is named in every page's preamble: reportlab's default, Helvetica,
    # would be a font the PDF references but does not embed. Page streams stay uncompressed:
    # each is a few hundred bytes of QR rectangles, and reportlab's pure-Python ASCII85 pass
    # over compressed streams doubled the time of a 500-form run (2 MB instead of 0.85 MB).
    canvas = Canvas(out, pagesize=(_x(PAPER_WIDTH), _x(PAPER_HEIGHT)), pageCompression=0,
                    initialFontName=SERIF, initialFontSize=NOTE_PT)
    canvas.setTitle(f"Phiếu khảo sát – {form.settings.unit_name} – {form.settings.year}")
    canvas.setAuthor(form.settings.unit_name)
    canvas.setSubject(f"{form.questionnaire.id}@{form.questionnaire.version}")
    canvas.setCreator("khaosat")
    for page in form.pages:
        canvas.beginForm(_template_name(page))
        for item in page.drawables:
            _draw(canvas, item)
        canvas.endForm()
    return canvas


def render_blank_forms(questionnaire: Questionnaire, settings: UnitSettings,
                       serials: Sequence[int | None], out: BinaryIO, *,
                       cancelled: Callable[[], bool] = lambda: False) -> Iterator[int]:
    """Write one form (1 page, or more for long definitions) per serial to ``out`` (an open
    binary file); None = the blank-serial variant for photocopying (serial box empty, QR code
    without serial).

    Yields the number of forms done after each one; the PDF is complete in ``out`` when the
    last count is yielded. Raises RenderCancelled if ``cancelled()`` turns true (checked before
    every form; nothing is written then), ValueError for an empty ``serials``.
    """
    if not serials:
        raise ValueError("no forms to render")
    form = compose_form(questionnaire, settings)
    q = form.questionnaire
    canvas = _start_document(out, form)
    for done, serial in enumerate(serials, start=1):
        if cancelled():
            raise RenderCancelled()
        for page in form.pages:
            canvas.doForm(_template_name(page))
            if serial is not None:
                _draw_serial(canvas, page, serial)
            text = encode_form_code(settings.unit_code, settings.year, serial, q.id, q.version,
                                    page=page.number)
            _draw_qr(canvas, page.qr, text, form.qr_version)
            canvas.showPage()
        if done == len(serials):
            canvas.save()
        yield done
