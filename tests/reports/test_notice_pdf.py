"""The one-page notice for the notice board."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from app.domain.periods import Period
from app.domain.tabulation import tabulate
from app.reports.notice_pdf import write_notice_pdf
from tests.reports.report_data import (
    count,
    make_forms,
    pdf_fonts_embedded,
    pdf_pages,
    pdf_text,
    questionnaire,
    settings,
    vn_percent,
)

TODAY = date(2026, 10, 5)
UNIT = settings()
Q = questionnaire(UNIT)
FORMS = make_forms(Q, 2026, (90, 80, 118))


def test_one_page_with_forms_overall_and_each_component(tmp_path: Path) -> None:
    period = Period(2026, 3)
    tab = tabulate(FORMS, Q, UNIT, period, today=TODAY)
    out = tmp_path / "notice.pdf"
    write_notice_pdf(tab, UNIT, TODAY, out)
    assert pdf_pages(out) == 1
    assert all(embedded for _, embedded in pdf_fonts_embedded(out))
    text = pdf_text(out)
    flat = " ".join(text.split())
    counted = count(FORMS, Q, period)
    assert "ỦY BAN NHÂN DÂN XÃ NAM ĐÔNG" in flat
    assert "KẾT QUẢ KHẢO SÁT" in flat and "QUÝ III NĂM 2026" in flat
    assert "(từ ngày 01/07/2026 đến ngày 30/09/2026)" in flat
    # The two key figures stand side by side, each above its words.
    figures = next(x for x in text.splitlines() if x.strip().startswith(str(counted.forms)))
    assert figures.split() == [str(counted.forms), *vn_percent(counted.satisfied,
                                                                counted.valid).split()]
    words = next(x for x in text.splitlines() if "phiếu khảo sát thu về" in x)
    assert "người dân, tổ chức hài lòng" in words
    for component in tab.components:
        satisfied, valid = component.levels.satisfied, component.levels.valid
        line = next(x for x in text.splitlines() if component.title in x and "%" in x)
        assert vn_percent(satisfied, valid) in line
    assert "Nam Đông, ngày 05 tháng 10 năm 2026" in flat


def test_long_names_still_fit_one_page(tmp_path: Path) -> None:
    long_unit = replace(UNIT, unit_name="Ủy ban nhân dân phường Hòa Bình Thượng Lưu Sông Đà "
                        "Tỉnh Phú Thọ Mới Sáp Nhập", office_name="Trung tâm Phục vụ hành chính "
                        "công phường Hòa Bình Thượng Lưu Sông Đà")
    tab = tabulate(FORMS, Q, long_unit, Period(2026, None), today=TODAY)
    out = tmp_path / "notice.pdf"
    write_notice_pdf(tab, long_unit, TODAY, out)
    assert pdf_pages(out) == 1
    assert "NĂM 2026" in pdf_text(out)


def test_period_without_forms(tmp_path: Path) -> None:
    tab = tabulate([], Q, UNIT, Period(2026, 4), today=TODAY)
    out = tmp_path / "notice.pdf"
    write_notice_pdf(tab, UNIT, TODAY, out)
    flat = " ".join(pdf_text(out).split())
    assert pdf_pages(out) == 1
    assert "0 – phiếu khảo sát thu về người dân, tổ chức hài lòng" in flat
