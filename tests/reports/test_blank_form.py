"""Printed blank forms, checked by real readers: poppler for text, fonts and pixels, zxing-cpp
for the QR codes, and the layout data compared with where the bitmap has the marks and boxes."""

from __future__ import annotations

import copy
import io
import itertools
import json
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from app import paths
from app.domain.form_code import FormCode, encode_form_code, parse_form_code
from app.domain.forms import format_serial
from app.domain.questionnaire import (
    ChoiceOption,
    QuestionKind,
    Questionnaire,
    load_questionnaire_file,
    parse_questionnaire,
)
from app.domain.settings import UnitSettings
from app.reports.blank_form import (
    RenderCancelled,
    layout_to_json,
    page_layout,
    qr_matrix,
    render_blank_forms,
)
from app.reports.form_layout import layout_from_json

DPI = 150
SERIALS: list[int | None] = [1, 124, None, 999_999]
SETTINGS = UnitSettings(unit_name="Ủy ban nhân dân xã Nam Đông", unit_code="12345", year=2026,
                        parent_name="Ủy ban nhân dân tỉnh Thừa Thiên Huế")


def _schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(paths.QUESTIONNAIRE_SCHEMA.read_text(encoding="utf-8"))
    return data


def _load(name: str) -> Questionnaire:
    return load_questionnaire_file(paths.FORMS_DIR / name, _schema())


@dataclass(frozen=True)
class Printed:
    questionnaire: Questionnaire
    settings: UnitSettings
    serials: list[int | None]
    pdf: Path
    layout: dict[str, Any]
    pages_per_form: int

    def page_texts(self, *, raw: bool = True) -> list[str]:
        args = ["pdftotext", "-enc", "UTF-8", *(["-raw"] if raw else []), str(self.pdf), "-"]
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        return out.split("\f")[: len(self.serials) * self.pages_per_form]

    def images(self, tmp: Path) -> list[Image.Image]:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(self.pdf), str(tmp / "page")],
                       check=True)
        return [Image.open(p).convert("L") for p in sorted(tmp.glob("page-*.png"))]


def _print(tmp: Path, questionnaire: Questionnaire, settings: UnitSettings = SETTINGS,
           serials: list[int | None] | None = None) -> Printed:
    serials = SERIALS if serials is None else serials
    pdf = tmp / f"{questionnaire.id}.pdf"
    with pdf.open("wb") as out:
        done = list(render_blank_forms(questionnaire, settings, serials, out))
    assert done == list(range(1, len(serials) + 1))
    layout = dict(layout_from_json(layout_to_json(page_layout(questionnaire, settings))))
    return Printed(questionnaire, settings, serials, pdf, layout, len(layout["pages"]))


@pytest.fixture(scope="module", params=["xa-22-tieu-chi.json", "sipas-2021.json"])
def printed(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return _print(tmp_path_factory.mktemp("forms"), _load(request.param))


@pytest.fixture(scope="module")
def images(printed: Printed, tmp_path_factory: pytest.TempPathFactory) -> list[Image.Image]:
    return printed.images(tmp_path_factory.mktemp("png"))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _printed_texts(q: Questionnaire) -> Iterator[str]:
    yield from q.title_lines
    yield q.instruction
    for question in q.questions:
        yield question.text
        yield from (o.label for o in question.options)
    for component in q.components:
        yield component.title
    yield q.opinion.text
    yield q.closing
    yield from q.scale_labels


# --- text and fonts ----------------------------------------------------------------------------

def test_every_text_of_the_definition_is_printed_exactly(printed: Printed) -> None:
    q = printed.questionnaire.with_field_options(printed.settings.fields)
    for page_text in printed.page_texts():
        flat = _flat(page_text)
        for text in _printed_texts(q):
            assert unicodedata.is_normalized("NFC", text)
            assert _flat(text) in flat, text


def test_unit_header_and_motto(printed: Printed) -> None:
    first = printed.page_texts()[0]
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "ỦY BAN NHÂN DÂN XÃ NAM ĐÔNG"):
        assert line in first
    assert "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ" in _flat(first)


def test_each_form_shows_its_serial_and_the_blank_one_none(printed: Printed) -> None:
    texts = printed.page_texts()
    for i, serial in enumerate(printed.serials):
        text = texts[i * printed.pages_per_form]
        assert "Số phiếu:" in text
        numbers = set(re.findall(r"\b\d{4,6}\b", text)) - {"2026"}
        assert numbers == (set() if serial is None else {format_serial(serial)})


def test_only_embedded_fonts(printed: Printed) -> None:
    out = subprocess.run(["pdffonts", str(printed.pdf)], check=True, capture_output=True,
                         text=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all("LiberationSerif" in row for row in rows)
    for row in rows:
        # name, type words, encoding, then emb sub uni: "yes" where it matters
        emb = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row)
        assert emb is not None and emb.group(1) == "yes", row


def test_one_page_per_form(printed: Printed) -> None:
    assert printed.pages_per_form == 1
    reader = PdfReader(printed.pdf)
    assert len(reader.pages) == len(printed.serials)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


# --- the QR code, the marks and the boxes where the layout says ----------------------------

def _px(mm: float) -> float:
    return mm * DPI / 25.4


def _mm(px: float) -> float:
    return px * 25.4 / DPI


def test_every_qr_code_decodes_to_its_form(printed: Printed, images: list[Image.Image]) -> None:
    q = printed.questionnaire
    assert len(images) == len(printed.serials) * printed.pages_per_form
    for i, image in enumerate(images):
        serial = printed.serials[i // printed.pages_per_form]
        found = [b for b in zxingcpp.read_barcodes(image)
                 if b.format == zxingcpp.BarcodeFormat.QRCode]
        assert len(found) == 1
        assert found[0].text == encode_form_code("12345", 2026, serial, q.id, q.version)
        assert parse_form_code(found[0].text) == FormCode("12345", 2026, serial, q.id, q.version)


def _symbol_image(matrix: tuple[bytearray, ...], scale: int = 3) -> Image.Image:
    quiet = bytes([255] * 4)  # the 4-module quiet zone on each side
    size = len(matrix) + 8
    rows = [bytes([255] * size)] * 4
    rows += [quiet + bytes(0 if dark else 255 for dark in row) + quiet for row in matrix]
    rows += [bytes([255] * size)] * 4
    image = Image.frombytes("L", (size, size), b"".join(rows))
    return image.resize((size * scale, size * scale), Image.Resampling.NEAREST)


@pytest.mark.parametrize("name", ["xa-22-tieu-chi.json", "sipas-2021.json"])
def test_the_fixed_mask_decodes_across_the_serial_range(name: str) -> None:
    q = _load(name)
    version = page_layout(q, SETTINGS).qr_version
    serials = [None, *range(1, 200), *range(999_800, 1_000_000), *range(1, 999_999, 9973)]
    for serial in serials:
        text = encode_form_code("12345", 2026, serial, q.id, q.version)
        found = zxingcpp.read_barcodes(_symbol_image(qr_matrix(text, version)))
        assert [b.text for b in found] == [text]


def _paper_mm(layout: dict[str, Any], box: dict[str, float]) -> tuple[float, float, float, float]:
    """A layout box (mark coordinates) on the paper, as left, top, right, bottom in mm."""
    x = box["x"] + layout["paper"]["origin_x"]
    y = box["y"] + layout["paper"]["origin_y"]
    return x, y, x + box["w"], y + box["h"]


def _dark_bbox(image: Image.Image, left: float, top: float, right: float, bottom: float
               ) -> tuple[float, float, float, float] | None:
    """Bounding box (mm) of the dark pixels inside a window given in mm."""
    window = image.crop((round(_px(left)), round(_px(top)), round(_px(right)), round(_px(bottom))))
    bbox = window.point(lambda v: 255 if v < 128 else 0).getbbox()
    if bbox is None:
        return None
    return (left + _mm(bbox[0]), top + _mm(bbox[1]), left + _mm(bbox[2]), top + _mm(bbox[3]))


def test_corner_marks_are_where_the_layout_says(printed: Printed,
                                                images: list[Image.Image]) -> None:
    layout = printed.layout
    for image in images[: printed.pages_per_form]:
        for name, box in layout["pages"][0]["corner_marks"].items():
            expected = _paper_mm(layout, box)
            # Search the paper's corner (edge to 24 mm in): nothing else is printed there.
            x_window = (0, 24.5) if "left" in name else (210 - 24.5, 210)
            y_window = (0, 24.5) if "top" in name else (297 - 24.5, 297)
            found = _dark_bbox(image, x_window[0], y_window[0], x_window[1], y_window[1])
            assert found is not None, name
            assert all(abs(a - b) <= 1.0 for a, b in zip(found, expected, strict=True)), (
                name, found, expected)
            assert 7.5 <= found[2] - found[0] <= 8.5
            # Solid: the middle of the mark is black.
            assert _dark_bbox(image, found[0] + 2, found[1] + 2, found[2] - 2, found[3] - 2) == \
                pytest.approx((found[0] + 2, found[1] + 2, found[2] - 2, found[3] - 2), abs=0.2)
        assert layout["pages"][0]["corner_marks"]["top_left"] == {"x": 0, "y": 0, "w": 8, "h": 8}


def test_marks_keep_15_mm_from_the_paper_edge(printed: Printed) -> None:
    for page in printed.layout["pages"]:
        for box in page["corner_marks"].values():
            left, top, right, bottom = _paper_mm(printed.layout, box)
            assert min(left, top, 210 - right, 297 - bottom) >= 15.0


def test_qr_code_is_where_the_layout_says(printed: Printed, images: list[Image.Image]) -> None:
    layout = printed.layout
    for image in images:
        qr_box = _paper_mm(layout, layout["pages"][0]["qr"])
        (found,) = zxingcpp.read_barcodes(image)
        pos = found.position
        corners = [pos.top_left, pos.top_right, pos.bottom_left, pos.bottom_right]
        left = min(_mm(p.x) for p in corners)
        top = min(_mm(p.y) for p in corners)
        right = max(_mm(p.x) for p in corners)
        bottom = max(_mm(p.y) for p in corners)
        assert all(abs(a - b) <= 1.0
                   for a, b in zip((left, top, right, bottom), qr_box, strict=True)), (
            (left, top, right, bottom), qr_box)
        # The quiet zone around the code is white: nothing printed into it.
        quiet = 4 * (qr_box[2] - qr_box[0]) / layout["qr"]["modules"]
        ring = [(qr_box[0] - quiet, qr_box[1] - quiet, qr_box[0] - 0.2, qr_box[3] + quiet),
                (qr_box[2] + 0.2, qr_box[1] - quiet, qr_box[2] + quiet, qr_box[3] + quiet),
                (qr_box[0] - quiet, qr_box[1] - quiet, qr_box[2] + quiet, qr_box[1] - 0.2),
                (qr_box[0] - quiet, qr_box[3] + 0.2, qr_box[2] + quiet, qr_box[3] + quiet)]
        for band in ring:
            assert _dark_bbox(image, *band) is None, band


def test_every_tick_box_is_where_the_layout_says(printed: Printed,
                                                 images: list[Image.Image]) -> None:
    layout = printed.layout
    image = images[0]
    checked = 0
    for question in layout["questions"].values():
        for box in question["options"].values():
            left, top, right, bottom = _paper_mm(layout, box)
            # A 1 pt outline: the edges are dark, the inside is white.
            middle_y = (top + bottom) / 2
            assert _dark_bbox(image, left - 0.3, middle_y - 0.2, left + 0.3, middle_y + 0.2)
            assert _dark_bbox(image, right - 0.3, middle_y - 0.2, right + 0.3, middle_y + 0.2)
            assert _dark_bbox(image, left + 0.8, top + 0.8, right - 0.8, bottom - 0.8) is None
            checked += 1
    assert checked == sum(len(q["options"]) for q in layout["questions"].values()) > 100


# --- layout data -------------------------------------------------------------------------------

def test_layout_keys_every_question_and_option_in_paper_order(printed: Printed) -> None:
    q = printed.questionnaire.with_field_options(printed.settings.fields)
    questions = printed.layout["questions"]
    assert list(questions) == [question.code for question in q.questions]
    for question in q.questions:
        placed = questions[question.code]
        assert placed["kind"] == str(question.kind)
        expected = (["1", "2", "3", "4", "5"] if question.kind is QuestionKind.RATING
                    else [o.code for o in question.options])
        assert list(placed["options"]) == expected
    assert list(questions["LV"]["options"]) == ["TP", "TNMT", "LDTBXH"]
    assert printed.layout["opinion"]["code"] == q.opinion.code


def test_readable_sizes_from_the_layout(printed: Printed) -> None:
    layout = printed.layout
    assert layout["smallest_text_pt"] >= 10.0
    assert layout["smallest_box_mm"] >= 4.0
    boxes = [b for q in layout["questions"].values() for b in q["options"].values()]
    assert all(b["w"] >= 4.0 and b["h"] >= 4.0 for b in boxes)


def test_rating_boxes_stand_in_five_columns_and_nothing_overlaps(printed: Printed) -> None:
    layout = printed.layout
    questions = layout["questions"].values()
    ratings = [q for q in questions if q["kind"] == "rating"]
    for level in "12345":
        assert len({q["options"][level]["x"] for q in ratings}) == 1
    boxes = [b for q in questions for b in q["options"].values()]
    for a, b in itertools.combinations(boxes, 2):
        apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                 or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])
        assert apart, (a, b)
    marks = layout["pages"][0]["corner_marks"]
    for b in boxes:  # every box lies inside the marks' frame, below the top marks
        assert b["x"] >= 0 and b["x"] + b["w"] <= marks["top_right"]["x"] + 8
        assert b["y"] >= 8 and b["y"] + b["h"] <= marks["bottom_left"]["y"]


# --- behaviour -----------------------------------------------------------------------------------

def test_cancel_writes_nothing() -> None:
    q = _load("xa-22-tieu-chi.json")
    out = io.BytesIO()
    calls = iter([False, True])
    with pytest.raises(RenderCancelled):
        list(render_blank_forms(q, SETTINGS, [1, 2, 3], out, cancelled=lambda: next(calls)))
    assert out.getvalue() == b""


def test_pdf_is_complete_when_the_last_count_is_yielded() -> None:
    q = _load("xa-22-tieu-chi.json")
    out = io.BytesIO()
    forms = render_blank_forms(q, SETTINGS, [5, 6], out)
    assert next(forms) == 1
    assert next(forms) == 2  # stop here, as a caller counting to the total may
    assert len(PdfReader(io.BytesIO(out.getvalue())).pages) == 2


def test_no_serials_is_refused() -> None:
    with pytest.raises(ValueError):
        list(render_blank_forms(_load("xa-22-tieu-chi.json"), SETTINGS, [], io.BytesIO()))


def test_the_units_own_fields_and_decomposed_names(tmp_path: Path) -> None:
    settings = replace(
        SETTINGS,
        unit_name=unicodedata.normalize("NFD", "Ủy ban nhân dân phường Thuận Hòa"),
        fields=(ChoiceOption("HT", "Hộ tịch"), ChoiceOption("CT", "Chứng thực"),
                ChoiceOption("DD", "Đất đai")))
    result = _print(tmp_path, _load("xa-22-tieu-chi.json"), settings, [7])
    text = result.page_texts()[0]
    assert "ỦY BAN NHÂN DÂN PHƯỜNG THUẬN HÒA" in _flat(text)
    assert "Hộ tịch" in text and "Tư pháp" not in text
    assert list(result.layout["questions"]["LV"]["options"]) == ["HT", "CT", "DD"]


def _long_definition() -> Questionnaire:
    data: dict[str, Any] = json.loads((paths.FORMS_DIR / "xa-22-tieu-chi.json")
                                      .read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["id"], data["version"] = "huyen-dai", "2026 bản 2"
    extra = [{"code": f"BS{i}", "number": 22 + i,
              "text": f"Tiêu chí bổ sung số {i} về việc giải quyết thủ tục hành chính"}
             for i in range(1, 19)]
    data["components"].append({"code": "BS", "number": "VI", "title": "Tiêu chí bổ sung",
                               "items": extra})
    return parse_questionnaire(json.dumps(data, ensure_ascii=False), "huyen-dai.json", _schema())


def test_a_long_definition_takes_two_sides_each_with_serial_and_code(tmp_path: Path) -> None:
    q = _long_definition()
    result = _print(tmp_path, q, serials=[31, None])
    assert result.pages_per_form == 2
    assert len(PdfReader(result.pdf).pages) == 4
    texts = result.page_texts()
    for text in texts[:2]:
        assert "0031" in text
    assert "Trang 1/2" in texts[0] and "Trang 2/2" in texts[1]
    assert "(tiếp theo)" in texts[1] or "VI. Tiêu chí bổ sung" in texts[1]
    joined = _flat(" ".join(texts[:2]))
    for text in _printed_texts(q):
        assert _flat(text) in joined, text
    images = result.images(tmp_path)
    for i, image in enumerate(images):
        serial = result.serials[i // 2]
        (found,) = zxingcpp.read_barcodes(image)
        assert parse_form_code(found.text) == FormCode("12345", 2026, serial, q.id, q.version,
                                                       page=i % 2 + 1)
    pages = {q_["page"] for q_ in result.layout["questions"].values()}
    assert pages == {1, 2}
    assert result.layout["opinion"]["page"] == 2


def test_layout_json_is_the_layout_object() -> None:
    layout = page_layout(_load("sipas-2021.json"), SETTINGS)
    data = json.loads(layout_to_json(layout))
    for placed in layout.questions:
        for code, box in placed.options:
            assert data["questions"][placed.code]["options"][code] == pytest.approx(
                {"x": box.x, "y": box.y, "w": box.w, "h": box.h}, abs=0.005)
    assert data["pages"][0]["qr"]["w"] == pytest.approx(layout.pages[0].qr.w, abs=0.005)
    assert data["form_code"] == {"unit_code": "12345", "year": 2026,
                                 "questionnaire_id": "sipas-2021",
                                 "questionnaire_version": "2021.1"}
    with pytest.raises(ValueError):
        layout_from_json(json.dumps({**data, "format_version": 2}))
    with pytest.raises(ValueError):
        layout_from_json("[]")


def test_opinion_lines_fill_the_page_unless_the_definition_fixes_them() -> None:
    data: dict[str, Any] = json.loads((paths.FORMS_DIR / "xa-22-tieu-chi.json")
                                      .read_text(encoding="utf-8"))
    stretched = page_layout(_load("xa-22-tieu-chi.json"), SETTINGS).opinion.area
    data["printing"] = {"opinion_lines": 1}
    fixed = page_layout(parse_questionnaire(json.dumps(data), "x.json", _schema()), SETTINGS)
    assert fixed.opinion.area.h == pytest.approx(7.5)
    assert stretched.h >= 2 * 7.5
    qr = fixed.pages[0].qr
    assert stretched.y + stretched.h <= qr.y + qr.h  # never below the foot of the QR code
