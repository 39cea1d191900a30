"""The section IV draft and the number words of the reports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

from app.domain.narrative import (
    default_recipients,
    draft_narrative,
    format_count,
    format_points,
)
from app.domain.periods import Period
from app.domain.tabulation import LevelCounts, tabulate
from tests.reports.report_data import make_forms, questionnaire, settings

UNIT = settings()
Q = questionnaire(UNIT)
TODAY = date(2026, 11, 22)


def test_numbers_the_vietnamese_way() -> None:
    assert format_count(1234567) == "1.234.567"
    assert format_count(-1200) == "-1.200"
    assert format_points(Fraction(21, 1000)) == "+2,1"
    assert format_points(Fraction(-17, 1000)) == "-1,7"
    assert format_points(Fraction(1, 100000)) == "0,0"


def test_draft_names_figures_shortfall_weakest_component_and_closing() -> None:
    forms = make_forms(Q, 2026, (60, 80))  # quarter II: 80 forms, under the 105 of a quarter
    tab = tabulate(forms, Q, UNIT, Period(2026, 2), today=TODAY)
    paragraphs = draft_narrative(tab, UNIT)
    assert len(paragraphs) == 4
    first, shortfalls, proposals, closing = paragraphs
    assert f"thu về {tab.forms} phiếu khảo sát hợp lệ" in first
    assert "so với quý I năm 2026" in first
    assert f"còn thiếu {105 - tab.forms} phiếu" in shortfalls
    weakest = min(tab.components, key=lambda c: c.levels.satisfaction or 0)
    assert f"“{weakest.title}”" in shortfalls
    assert "tăng cường phát phiếu khảo sát" in proposals
    assert closing == ("Trên đây là báo cáo kết quả khảo sát mức độ hài lòng của người dân, tổ"
                       " chức quý II năm 2026 của Ủy ban nhân dân xã Nam Đông./.")


def test_draft_of_a_period_met_and_all_items_strong() -> None:
    forms = make_forms(Q, 2026, (120,))
    tab = tabulate(forms, Q, UNIT, Period(2026, 1), today=TODAY)
    strong = tuple(replace(i, levels=LevelCounts((0, 0, 1, 10, 89))) for i in tab.items)
    tab = replace(tab, items=strong, components=tuple(
        replace(c, levels=LevelCounts((0, 0, 1, 10, 89))) for c in tab.components))
    _, shortfalls, proposals, _ = draft_narrative(tab, UNIT)
    assert "còn thiếu" not in shortfalls and "cần quan tâm" not in shortfalls
    assert "tăng cường phát phiếu" not in proposals


def test_draft_of_an_empty_period() -> None:
    tab = tabulate([], Q, UNIT, Period(2026, 4), today=TODAY)
    paragraphs = draft_narrative(tab, UNIT)
    assert paragraphs[0] == ("Trong quý IV năm 2026, Bộ phận Tiếp nhận và Trả kết quả chưa thu"
                             " được phiếu khảo sát nào.")
    assert "420 phiếu/năm" in paragraphs[1]


def test_recipients_start_with_the_recipient_and_end_with_the_archive() -> None:
    assert default_recipients(UNIT) == ("Sở Nội vụ tỉnh Hòa Bình (qua iOffice);",
                                        "Lãnh đạo UBND;", "Bộ phận Tiếp nhận và Trả kết quả;",
                                        "Lưu: VT.")
    assert default_recipients(replace(UNIT, recipient_name=" "))[0] == "Lãnh đạo UBND;"
