"""PAdES signature of the report PDF, with a visible stamp in the signature block.

The stamp says who signed, for which unit and when (ISO 8601, Vietnam time, DOMAIN.md §8), in
Liberation Serif so Vietnamese letters render. Two pyHanko 0.38 behaviours are worked around here:

* glyph widths are written in raw font units, so a font with 2048 units per em (Liberation,
  DejaVu, Times New Roman) comes out spread twice too wide; the stamp font is a subset of
  Liberation Serif rescaled to 1000 units per em with fontTools, made once per process in memory;
* the second half of the file ID, the font subset tag, the modification date and the embedded
  font's own timestamp are random or "now"; here they derive from the input and the signing
  time, so the same report signed at the same time gives the same bytes apart from the
  signature value (docs/bundle.md, determinism).
"""

from __future__ import annotations

import hashlib
import io
import string
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Protocol

from app.bundle.errors import BundleError
from app.bundle.manifest import vietnam_iso, vietnam_time
from app.bundle.signers import (
    Signer,
    check_certificate_validity,
    is_self_signed_unit_certificate,
    signer_name,
    signing_errors,
)
from app.domain.text import nfc
from app.paths import FONTS_DIR

SIGNATURE_FIELD = "ChuKySoDonVi"
STAMP_FONT_FILE = "LiberationSerif-Regular.ttf"
STAMP_FONT_SIZE = 9
STAMP_PADDING = 12  # points between the stamp's frame and its text, each side
STAMP_TEXT_COLOUR = (0.0, 0.0, 0.55)  # dark blue, like the signature image of Decree 30
_TARGET_UNITS_PER_EM = 1000
# Letters a stamp can hold: ASCII, Latin-1, Latin Extended-A/B (Ơ ơ Ư ư), Vietnamese block,
# combining marks and typographic punctuation.
_STAMP_CODEPOINTS = (set(range(0x20, 0x7F)) | set(range(0xA0, 0x250)) | set(range(0x1EA0, 0x1F00))
                     | set(range(0x300, 0x324)) | {0x2013, 0x2014, 0x2018, 0x2019, 0x201C,
                                                  0x201D, 0x2026})


class StampBox(Protocol):
    """Where the stamp goes; ``app.reports.report_pdf.SignatureBox`` fits as it is.

    ``page`` is 1-based; x, y (lower-left corner), width, height in PDF points from the
    lower-left corner of the page.
    """

    @property
    def page(self) -> int: ...
    @property
    def x(self) -> float: ...
    @property
    def y(self) -> float: ...
    @property
    def width(self) -> float: ...
    @property
    def height(self) -> float: ...


@dataclass(frozen=True)
class Box:
    page: int
    x: float
    y: float
    width: float
    height: float


def stamp_lines(signer: str, unit_name: str, signing_time: datetime, *,
                self_signed: bool) -> tuple[str, ...]:
    """The stamp's text, one line each (NFC)."""
    who = f"Ký số bởi: {nfc(signer).strip()}"
    lines = [who, f"Đơn vị: {nfc(unit_name).strip()}",
             f"Thời gian ký: {vietnam_iso(signing_time)}"]
    if self_signed:
        lines.append("Chứng thư số tự ký của đơn vị")
    return tuple(lines)


@cache
def stamp_font_bytes() -> bytes:
    """Liberation Serif, subset to the stamp's letters and rescaled to 1000 units per em."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(FONTS_DIR / STAMP_FONT_FILE))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_STAMP_CODEPOINTS)
    subsetter.subset(font)
    if font["head"].unitsPerEm != _TARGET_UNITS_PER_EM:
        scale_upem(font, _TARGET_UNITS_PER_EM)
    font.recalcTimestamp = False  # fontTools stamps "now" into the font on save otherwise
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def _advance_widths() -> dict[str, int]:
    """Advance width of each character of the stamp font, in 1/1000 em."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(stamp_font_bytes()))
    metrics = font["hmtx"].metrics
    return {chr(code): metrics[glyph][0] for code, glyph in font.getBestCmap().items()}


def text_width(text: str, size: float) -> float:
    widths = _advance_widths()
    return sum(widths.get(ch, 500) for ch in text) * size / 1000


def wrap_lines(lines: tuple[str, ...], width: float, size: float) -> tuple[str, ...]:
    """Lines broken at spaces so each fits ``width`` points at ``size`` (a long unit name)."""
    wrapped: list[str] = []
    for line in lines:
        current = ""
        for word in line.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and text_width(candidate, size) > width:
                wrapped.append(current)
                current = "  " + word  # indent the continuation
            else:
                current = candidate
        wrapped.append(current)
    return tuple(wrapped)


def _deterministic_tag(seed: bytes) -> str:
    digest = hashlib.sha256(seed).digest()
    return "".join(string.ascii_uppercase[b % 26] for b in digest[:6])


def _pyhanko_parts() -> Any:
    """Classes built on pyHanko, defined on first use (pyHanko takes ~0.3 s to import)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.font.api import FontEngineFactory, FontSubsetCollection
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers import PdfSigner

    class DeterministicSubsets(FontSubsetCollection):
        def add_subset(self) -> str:
            return _deterministic_tag(f"{self.base_postscript_name}/{len(self.subsets)}".encode())

    class DeterministicWriter(IncrementalPdfFileWriter):
        def __init__(self, data: bytes, signing_time: datetime) -> None:
            super().__init__(io.BytesIO(data), strict=False)
            self._fixed_time = signing_time
            seed = hashlib.sha256(data + vietnam_iso(signing_time).encode()).digest()
            first = self._document_id[0] if "/ID" in self.prev.trailer else \
                generic.ByteStringObject(seed[:16])
            self._document_id = generic.ArrayObject([first, generic.ByteStringObject(seed[16:])])

        def get_subset_collection(self, base_postscript_name: str) -> Any:
            if base_postscript_name not in self._font_resources:
                self._font_resources[base_postscript_name] = DeterministicSubsets(
                    base_postscript_name)
            return super().get_subset_collection(base_postscript_name)

        def _update_meta(self) -> None:
            super()._update_meta()  # type: ignore[no-untyped-call]
            if self._info is not None:
                info = self._info.get_object()  # type: ignore[no-untyped-call]
                if "/ModDate" in info:
                    info["/ModDate"] = generic.pdf_date(self._fixed_time)

    class FixedTimePdfSigner(PdfSigner):
        """Signs with the given signing time instead of the clock's."""

        def __init__(self, *args: Any, signing_time: datetime, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._fixed_time = signing_time

        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = self._fixed_time
            return session

    class StampFont(FontEngineFactory):
        def __init__(self, font_size: int) -> None:
            self.font_size = font_size

        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()
            engine = GlyphAccumulator(writer=writer,
                                      font_handle=io.BytesIO(stamp_font_bytes()),
                                      font_size=self.font_size, obj_stream=obj_stream)
            # The embedded subset is saved by fontTools, which would stamp "now" into it.
            engine.tt.recalcTimestamp = False
            return engine

    return DeterministicWriter, FixedTimePdfSigner, StampFont


def _reserve(signer: Signer) -> int:
    """Room for the CMS in the PDF: its certificates, a signature of up to 4096 bits and the
    signed attributes, with slack. Given, it spares pyHanko a dummy signature to measure it
    (a second round trip to a token; 0.2 s here)."""
    pyhanko_signer = signer.pdf_signer()
    certificates = [pyhanko_signer.signing_cert, *pyhanko_signer.cert_registry]
    needed = sum(len(c.dump()) for c in certificates if c is not None) + 512 + 6144
    return needed + needed % 2  # pyHanko wants an even count (it is written as hex)


def sign_report_pdf(pdf: bytes, signer: Signer, *, box: StampBox, signing_time: datetime,
                    unit_name: str) -> bytes:
    """``pdf`` with a PAdES signature (``/ETSI.CAdES.detached``) and a visible stamp in ``box``.

    Refuses (``BundleError``) a certificate not valid at ``signing_time``, a page the document
    does not have (``stamp_page_out_of_range``), an empty box (``stamp_box_empty``) and a file
    that is not a PDF (``pdf_unreadable``).
    """
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields
    from pyhanko.sign.signers import PdfSignatureMetadata
    from pyhanko.stamp import TextStampStyle

    moment = vietnam_time(signing_time)
    certificate = signer.certificate
    check_certificate_validity(certificate, moment)
    if box.width <= 0 or box.height <= 0:
        raise BundleError("stamp_box_empty")
    writer_class, signer_class, font_class = _pyhanko_parts()
    try:
        writer = writer_class(pdf, moment)
        page_count = int(writer.root["/Pages"]["/Count"])
    except (PdfError, KeyError, TypeError, ValueError):
        raise BundleError("pdf_unreadable") from None
    if not 1 <= box.page <= page_count:
        raise BundleError("stamp_page_out_of_range", page=box.page, pages=page_count)
    name = signer_name(certificate)
    lines = stamp_lines(name, unit_name, moment,
                        self_signed=is_self_signed_unit_certificate(certificate))
    text_width_available = box.width - 2 * STAMP_PADDING
    lines = wrap_lines(lines, text_width_available, STAMP_FONT_SIZE)
    rectangle = (round(box.x), round(box.y), round(box.x + box.width), round(box.y + box.height))
    field_spec = fields.SigFieldSpec(sig_field_name=SIGNATURE_FIELD, on_page=box.page - 1,
                                     box=rectangle)
    style = TextStampStyle(
        stamp_text="%(stamp)s",
        # The same size in both places, or lines after the first shift (pyHanko issue #733).
        text_box_style=TextBoxStyle(font=font_class(font_size=STAMP_FONT_SIZE),
                                    font_size=STAMP_FONT_SIZE, text_color=STAMP_TEXT_COLOUR,
                                    leading=STAMP_FONT_SIZE + 3),
        border_width=1,
        background=None,
    )
    metadata = PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        name=name)
    pdf_signer = signer_class(metadata, signer=signer.pdf_signer(), stamp_style=style,
                              new_field_spec=field_spec, signing_time=moment)
    output = io.BytesIO()
    try:
        with signing_errors():
            pdf_signer.sign_pdf(writer, output=output, bytes_reserved=_reserve(signer),
                                appearance_text_params={"stamp": "\n".join(lines)})
    except PdfError:
        raise BundleError("pdf_unreadable") from None
    return output.getvalue()
