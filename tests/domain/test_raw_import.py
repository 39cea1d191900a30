"""Reading raw data cells back: the inverse of the export's cell writing."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from app.domain.raw_data import neutralise_formula
from app.domain.raw_import import cell_text, map_header, strip_formula_escape


@given(st.text())
def test_every_text_survives_neutralising_and_stripping(text: str) -> None:
    assert strip_formula_escape(neutralise_formula(text)) == text


def test_only_the_exports_apostrophe_is_stripped() -> None:
    assert strip_formula_escape("'=1+1") == "=1+1"
    assert strip_formula_escape("''tốt") == "'tốt"
    assert strip_formula_escape("'tốt") == "'tốt"  # an apostrophe the export did not add
    assert strip_formula_escape("tốt") == "tốt"


def test_cells_as_text() -> None:
    assert cell_text(4.0) == "4"
    assert cell_text(4.5) == "4.5"
    assert cell_text(datetime(2026, 11, 3, 8, 5, 9)) == "03/11/2026 08:05:09"
    assert cell_text(date(2026, 11, 3)) == "03/11/2026"
    assert cell_text(None) == ""
    assert cell_text(" Nguye\u0302\u0303n ") == "Nguyễn"


def test_header_problems_are_all_named() -> None:
    issues = map_header(["serial", "ghi chú", "TC1", "tc1", None, ""], {"TC1"})
    assert isinstance(issues, list)
    assert [(i.code, i.params) for i in issues] == [
        ("column_missing", {"columns": ["date", "field"]}),
        ("column_unknown", {"columns": ["ghi chú"]}),
        ("column_duplicate", {"columns": ["TC1"]})]
    assert [i.code for i in map_header([None, " "], set())] == ["header_empty"]  # type: ignore[union-attr]
