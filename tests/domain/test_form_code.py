"""The QR payload of printed forms: canonical text, strict reading, short enough for a small QR."""

from __future__ import annotations

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st

from app.domain.form_code import FormCode, encode_form_code, parse_form_code
from app.domain.forms import MAX_SERIAL, Issue


def test_default_form_code_reads_as_documented() -> None:
    text = encode_form_code("12345", 2026, 124, "xa-22-tieu-chi", "2017.1")
    assert text == "KS1|12345|2026|124|xa-22-tieu-chi@2017.1"
    assert parse_form_code(text) == FormCode("12345", 2026, 124, "xa-22-tieu-chi", "2017.1")


def test_blank_serial_variant_has_an_empty_serial_field() -> None:
    text = encode_form_code("00123", 2026, None, "sipas-2021", "2021.1")
    assert text == "KS1|00123|2026||sipas-2021@2021.1"
    code = parse_form_code(text)
    assert isinstance(code, FormCode) and code.serial is None


def test_later_pages_carry_their_number_and_page_one_does_not() -> None:
    first = encode_form_code("12345", 2026, 7, "huyen-a", "1", page=1)
    second = encode_form_code("12345", 2026, 7, "huyen-a", "1", page=2)
    assert first == "KS1|12345|2026|7|huyen-a@1"
    assert second == "KS1|12345|2026|7|huyen-a@1|2"
    parsed = parse_form_code(second)
    assert isinstance(parsed, FormCode) and parsed.page == 2


def test_free_text_version_is_percent_encoded_and_comes_back_exactly() -> None:
    text = encode_form_code("12345", 2026, 1, "huyen-a", "bản 2|@")
    assert text == "KS1|12345|2026|1|huyen-a@b%E1%BA%A3n%202%7C%40"
    parsed = parse_form_code(text)
    assert isinstance(parsed, FormCode) and parsed.questionnaire_version == "bản 2|@"


def test_longest_default_code_fits_a_version_4_qr_at_level_m() -> None:
    text = encode_form_code("99999", 2100, MAX_SERIAL, "xa-22-tieu-chi", "2017.1", page=99)
    assert segno.make(text, error="m", boost_error=False, micro=False).version <= 4


codes = st.builds(
    FormCode,
    unit_code=st.from_regex(r"[0-9]{5}", fullmatch=True),
    year=st.integers(2000, 2100),
    serial=st.none() | st.integers(1, MAX_SERIAL),
    questionnaire_id=st.from_regex(r"[a-z0-9][a-z0-9._-]{1,63}", fullmatch=True),
    questionnaire_version=st.text(
        st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=32),
    page=st.integers(1, 99),
)


@given(codes)
def test_round_trip(code: FormCode) -> None:
    assert parse_form_code(code.text) == code


@given(codes)
def test_text_is_one_line_of_printable_ascii(code: FormCode) -> None:
    assert all(" " < ch <= "~" for ch in code.text)


@given(st.text(max_size=80))
def test_anything_accepted_is_canonical(text: str) -> None:
    parsed = parse_form_code(text)
    assert isinstance(parsed, Issue) or parsed.text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Issue("form_code_foreign")),
        ("https://example.com/", Issue("form_code_foreign")),
        ("KSX|12345|2026|1|a1@1", Issue("form_code_foreign")),
        ("KS2|12345|2026|1|a1@1", Issue("form_code_unsupported", {"prefix": "KS2"})),
        ("KS1|12345|2026|1", Issue("form_code_malformed", {"part": "fields"})),
        ("KS1|12345|2026|1|a1@1|2|3", Issue("form_code_malformed", {"part": "fields"})),
        ("KS1|1234|2026|1|a1@1", Issue("form_code_malformed", {"part": "unit_code"})),
        ("KS1|1234a|2026|1|a1@1", Issue("form_code_malformed", {"part": "unit_code"})),
        ("KS1|1234\u0665|2026|1|a1@1", Issue("form_code_malformed", {"part": "unit_code"})),
        ("KS1|12345|26|1|a1@1", Issue("form_code_malformed", {"part": "year"})),
        ("KS1|12345|1999|1|a1@1", Issue("form_code_malformed", {"part": "year"})),
        ("KS1|12345|2026|0124|a1@1", Issue("form_code_malformed", {"part": "serial"})),
        ("KS1|12345|2026|0|a1@1", Issue("form_code_malformed", {"part": "serial"})),
        ("KS1|12345|2026|1000000|a1@1", Issue("form_code_malformed", {"part": "serial"})),
        ("KS1|12345|2026| 1|a1@1", Issue("form_code_malformed", {"part": "serial"})),
        ("KS1|12345|2026|1|a1", Issue("form_code_malformed", {"part": "questionnaire"})),
        ("KS1|12345|2026|1|A1@1", Issue("form_code_malformed", {"part": "questionnaire"})),
        ("KS1|12345|2026|1|a1@", Issue("form_code_malformed", {"part": "questionnaire"})),
        ("KS1|12345|2026|1|a1@b%e1%ba%a3n", Issue("form_code_malformed",
                                                  {"part": "questionnaire"})),
        ("KS1|12345|2026|1|a1@%41", Issue("form_code_malformed", {"part": "questionnaire"})),
        ("KS1|12345|2026|1|a1@%FF", Issue("form_code_malformed", {"part": "questionnaire"})),
        ("KS1|12345|2026|1|a1@1|1", Issue("form_code_malformed", {"part": "page"})),
        ("KS1|12345|2026|1|a1@1|02", Issue("form_code_malformed", {"part": "page"})),
        ("KS1|12345|2026|1|a1@1|100", Issue("form_code_malformed", {"part": "page"})),
    ],
)
def test_refusals_name_the_part(text: str, expected: Issue) -> None:
    assert parse_form_code(text) == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        {"unit_code": "1234"},
        {"unit_code": "1234\u0665"},  # an Arabic-Indic digit is a digit to str.isdigit, not to us
        {"year": 1999},
        {"serial": 0},
        {"serial": MAX_SERIAL + 1},
        {"questionnaire_id": "Xa"},
        {"questionnaire_version": ""},
        {"questionnaire_version": "x" * 33},
        {"page": 0},
        {"page": 100},
    ],
)
def test_values_settings_never_hold_are_refused_before_printing(kwargs: dict[str, object]) -> None:
    values: dict[str, object] = {"unit_code": "12345", "year": 2026, "serial": 1,
                                 "questionnaire_id": "xa", "questionnaire_version": "1"}
    values.update(kwargs)
    with pytest.raises(ValueError):
        encode_form_code(**values)  # type: ignore[arg-type]
