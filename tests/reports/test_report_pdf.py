"""The Decree 30 report PDF, read back with poppler (pdftotext, pdffonts, pdfinfo)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.domain.narrative import default_recipients, draft_narrative
from app.domain.periods import Period
from app.domain.tabulation import Tabulation, tabulate
from app.reports.report_pdf import (
    ReportText,
    dated_line,
    report_number_line,
    signer_lines,
    write_report_pdf,
)
from tests.reports.report_data import (
    count,
    make_forms,
    pdf_fonts_embedded,
    pdf_pages,
    pdf_text,
    questionnaire,
    settings,
    vn_int,
    vn_percent,
)

TODAY = date(2026, 11, 22)
UNIT = settings()
Q = questionnaire(UNIT)
FORMS = make_forms(Q, 2026, (100, 95, 118, 40))


def tabulation(period: Period) -> Tabulation:
    return tabulate(FORMS, Q, UNIT, period, today=TODAY)


def write(tmp_path: Path, period: Period, number: str = "5", **unit: object) -> tuple[Path, object]:
    unit_settings = replace(UNIT, **unit) if unit else UNIT
    tab = tabulation(period)
    text = ReportText(unit_settings, number, TODAY, draft_narrative(tab, unit_settings),
                      default_recipients(unit_settings))
    out = tmp_path / f"{period.label}.pdf"
    layout = write_report_pdf(tab, text, out)
    return out, layout


@pytest.fixture(scope="module")
def quarter_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    return write(tmp_path_factory.mktemp("q"), Period(2026, 3))


def test_heading_in_decree_30_form_with_correct_vietnamese(quarter_pdf) -> None:  # type: ignore[no-untyped-def]
    path, _ = quarter_pdf
    first = pdf_text(path, 1, 1)
    assert unicodedata.is_normalized("NFC", first)
    for expected in ("ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH", "ỦY BAN NHÂN DÂN XÃ NAM ĐÔNG",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "BÁO CÁO", "I. TÌNH HÌNH TRIỂN KHAI"):
        assert expected in first
    # The number and the place-and-date share one line, as Decree 30 lays them out.
    line = next(x for x in first.splitlines() if "Số: 05/BC-UBND" in x)
    assert "Nam Đông, ngày 22 tháng 11 năm 2026" in line
    title = " ".join(first.split())
    assert ("Kết quả khảo sát mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của"
            " Bộ phận Tiếp nhận và Trả kết quả quý III năm 2026") in title


def test_only_embedded_fonts(quarter_pdf) -> None:  # type: ignore[no-untyped-def]
    path, _ = quarter_pdf
    fonts = pdf_fonts_embedded(path)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert all("LiberationSerif" in name for name, _ in fonts)


def test_page_numbers_from_page_two_only(quarter_pdf) -> None:  # type: ignore[no-untyped-def]
    path, layout = quarter_pdf
    pages = pdf_pages(path)
    assert pages == layout.pages >= 3
    first_line = pdf_text(path, 1, 1).strip().splitlines()[0].strip()
    assert not first_line.isdigit()
    for page in range(2, pages + 1):
        assert pdf_text(path, page, page).strip().splitlines()[0].strip() == str(page)


def test_totals_match_an_independent_count(quarter_pdf) -> None:  # type: ignore[no-untyped-def]
    path, _ = quarter_pdf
    counted = count(FORMS, Q, Period(2026, 3))
    text = pdf_text(path)
    flat = " ".join(text.split())
    assert f"{counted.forms} phiếu hợp lệ trên chỉ tiêu 105 phiếu" in flat
    assert f"Tổng số câu trả lời hợp lệ (mức 1 đến 5) là {vn_int(counted.valid)}" in flat
    assert f"Tỷ lệ hài lòng chung (mức 4 và 5): {vn_percent(counted.satisfied, counted.valid)}" \
        in flat
    # The field table's total row and the component table's "Chung" row.
    assert re.search(rf"Tổng cộng\s+{counted.forms}\s+100,0 %", text)
    chung = re.search(r"Chung\s+([\d.]+)\s+([\d.]+)\s+(\d+,\d %)", text)
    assert chung is not None
    assert chung.groups() == (vn_int(counted.valid), vn_int(counted.satisfied),
                              vn_percent(counted.satisfied, counted.valid))
    for code, n in counted.per_field.items():
        label = {f.code: f.label for f in UNIT.fields}.get(code)
        if label:
            share = re.escape(vn_percent(n, counted.forms))
            assert re.search(rf"{re.escape(label)}\s+{n}\s+{share}", text), label


def test_opinions_verbatim_grouped_by_field(quarter_pdf) -> None:  # type: ignore[no-untyped-def]
    path, _ = quarter_pdf
    text = " ".join(pdf_text(path, layout=False).split())
    period = Period(2026, 3)
    opinions = [f for f in FORMS if f.opinion and period.contains(f.survey_date)
                and f.status.value == "active"]
    assert opinions
    for form in opinions:
        assert f"Phiếu số {form.serial:04d}, ngày {form.survey_date:%d/%m/%Y}: “{form.opinion}”" \
            in text
    assert "III. Ý KIẾN, KIẾN NGHỊ CỦA NGƯỜI DÂN, TỔ CHỨC" in text


def test_recipients_and_signature_block(quarter_pdf) -> None:  # type: ignore[no-untyped-def]
    path, layout = quarter_pdf
    last = pdf_text(path, layout.pages, layout.pages)
    assert "Nơi nhận:" in last
    assert "- Sở Nội vụ tỉnh Hòa Bình (qua iOffice);" in last
    assert "- Lưu: VT." in last
    assert "TM. ỦY BAN NHÂN DÂN" in last and "CHỦ TỊCH" in last and "Lê Văn Hùng" in last
    assert "IV. ĐÁNH GIÁ CHUNG VÀ ĐỀ XUẤT" in pdf_text(path)


def test_signature_box_lies_between_title_and_name(quarter_pdf) -> None:  # type: ignore[no-untyped-def]
    path, layout = quarter_pdf
    box = layout.signature_box
    assert box.page == layout.pages
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(box.page), "-l", str(box.page),
                           str(path), "-"], check=True, capture_output=True, text=True).stdout
    words = {m[4]: (float(m[0]), float(m[1]), float(m[2]), float(m[3])) for m in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', html)}
    page_height = 841.89
    title_bottom = page_height - words["TỊCH"][3]  # PDF y of the title's lower edge
    name_top = page_height - words["Hùng"][1]
    assert name_top <= box.y + 1 and box.y + box.height <= title_bottom + 1
    assert box.height >= 80  # about 3 cm for the signature image
    assert box.x <= words["Hùng"][0] <= box.x + box.width


def test_yearly_report_has_quarters_side_by_side(tmp_path: Path) -> None:
    path, _ = write(tmp_path, Period(2026, None))
    text = pdf_text(path)
    header = next(line for line in text.splitlines() if "Quý I" in line and "Cả năm" in line)
    assert re.search(r"Quý I\s+Quý II\s+Quý III\s+Quý IV\s+Cả năm", header)
    year = count(FORMS, Q, Period(2026, None))
    per_quarter = [count(FORMS, Q, Period(2026, q)).forms for q in (1, 2, 3, 4)]
    assert re.search(r"Tổng cộng\s+" + r"\s+".join(str(n) for n in per_quarter)
                     + rf"\s+{year.forms}\s+100,0 %", text)
    assert "năm 2026" in " ".join(pdf_text(path, 1, 1).split())


def test_number_line_and_date_line() -> None:
    assert report_number_line("5") == "Số: 05/BC-UBND"
    assert report_number_line("12") == "Số: 12/BC-UBND"
    assert report_number_line("") == "Số:      /BC-UBND"
    assert dated_line("Nam Đông", date(2026, 3, 5)) == "Nam Đông, ngày 05 tháng 03 năm 2026"
    assert signer_lines(UNIT) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert signer_lines(replace(UNIT, signer_title="Phó Chủ tịch")) == (
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_blank_number_keeps_room(tmp_path: Path) -> None:
    path, _ = write(tmp_path, Period(2026, 2), number="")
    line = next(x for x in pdf_text(path, 1, 1).splitlines() if "/BC-UBND" in x)
    assert re.search(r"Số:\s{3,}/BC-UBND", line)


def test_period_without_forms_still_makes_a_document(tmp_path: Path) -> None:
    empty = tabulate([], Q, UNIT, Period(2026, 1), today=TODAY)
    text = ReportText(UNIT, "1", TODAY, draft_narrative(empty, UNIT), default_recipients(UNIT))
    layout = write_report_pdf(empty, text, tmp_path / "empty.pdf")
    flat = " ".join(pdf_text(tmp_path / "empty.pdf").split())
    assert "chưa có câu trả lời hợp lệ" in flat
    assert "không có ý kiến, kiến nghị nào" in flat
    assert layout.signature_box.page == layout.pages
