"""The machine-readable code printed as a QR code on every page of a blank form.

Text format 1 (docs/blank-forms.md), fields separated by ``|``::

    KS1|<unit code>|<year>|<serial or empty>|<questionnaire id>@<questionnaire version>[|<page>]

- ``KS1``: "khaosat", format 1. A later format gets a new prefix (``KS2``), so an old program
  refuses a newer code by its version instead of misreading it.
- unit code: the 5-digit commune code as stored in the settings (zero-padded text).
- year: the working year, 4 digits.
- serial: decimal without leading zeros; empty on the blank-serial variant for photocopying.
- questionnaire id (``[a-z0-9][a-z0-9._-]{1,63}``, as the definition schema allows) and
  version; the version is free text in a definition, so it is percent-encoded (UTF-8, RFC 3986
  unreserved characters kept) and can never contain a separator.
- page: only on the second and later pages of a long form (``2``..``99``); page 1 omits it.

The text is canonical: exactly one string per code, so ``encode(parse(text)) == text`` for every
accepted text, and parsing refuses anything else (leading zeros, spare separators, spaces).
Kept short on purpose: the default form's code fits a version-4 QR code at correction level M.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from app.domain.forms import MAX_SERIAL, Issue

PREFIX = "KS1"
SEPARATOR = "|"
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_PAGE = 99

_UNIT_CODE = re.compile(r"[0-9]{5}")
_YEAR = re.compile(r"[0-9]{4}")
_SERIAL = re.compile(r"[1-9][0-9]{0,5}")
_QUESTIONNAIRE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
_ENCODED_VERSION = re.compile(r"(?:[A-Za-z0-9._~-]|%[0-9A-F]{2}){1,96}")
_PAGE = re.compile(r"[2-9]|[1-9][0-9]")
_MAX_VERSION_CHARS = 32  # the definition schema's limit


@dataclass(frozen=True)
class FormCode:
    unit_code: str
    year: int
    serial: int | None  # None: the blank-serial variant
    questionnaire_id: str
    questionnaire_version: str
    page: int = 1

    @property
    def text(self) -> str:
        return encode_form_code(self.unit_code, self.year, self.serial, self.questionnaire_id,
                                self.questionnaire_version, page=self.page)


def _encode_version(version: str) -> str:
    return quote(version, safe="-._~", encoding="utf-8", errors="strict")


def encode_form_code(unit_code: str, year: int, serial: int | None, questionnaire_id: str,
                     questionnaire_version: str, *, page: int = 1) -> str:
    """The QR text for one page of one form.

    Raises ValueError for values that settings and definitions never hold (validated upstream),
    so a wrong code is never printed on thousands of forms.
    """
    if not _UNIT_CODE.fullmatch(unit_code):
        raise ValueError(f"unit code must be 5 digits: {unit_code!r}")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year out of range: {year}")
    if serial is not None and not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial out of range: {serial}")
    if not _QUESTIONNAIRE_ID.fullmatch(questionnaire_id):
        raise ValueError(f"questionnaire id not allowed: {questionnaire_id!r}")
    if not 1 <= len(questionnaire_version) <= _MAX_VERSION_CHARS:
        raise ValueError(f"questionnaire version length: {questionnaire_version!r}")
    if not 1 <= page <= MAX_PAGE:
        raise ValueError(f"page out of range: {page}")
    fields = [PREFIX, unit_code, str(year), "" if serial is None else str(serial),
              f"{questionnaire_id}@{_encode_version(questionnaire_version)}"]
    if page > 1:
        fields.append(str(page))
    return SEPARATOR.join(fields)


def parse_form_code(text: str) -> FormCode | Issue:
    """Read a decoded QR text; an Issue says why it is not a form code of ours.

    Codes: ``form_code_foreign`` (not a khaosat code at all), ``form_code_unsupported``
    (params: prefix — a khaosat code of another format), ``form_code_malformed`` (params:
    part — which field is wrong: fields, unit_code, year, serial, questionnaire, page).
    """
    if not text.startswith("KS"):
        return Issue("form_code_foreign")
    fields = text.split(SEPARATOR)
    if fields[0] != PREFIX:
        if re.fullmatch(r"KS[0-9]{1,3}", fields[0]):
            return Issue("form_code_unsupported", {"prefix": fields[0]})
        return Issue("form_code_foreign")

    def malformed(part: str) -> Issue:
        return Issue("form_code_malformed", {"part": part})

    if len(fields) not in (5, 6):
        return malformed("fields")
    _, unit_code, year_text, serial_text, questionnaire = fields[:5]
    if not _UNIT_CODE.fullmatch(unit_code):
        return malformed("unit_code")
    if not _YEAR.fullmatch(year_text) or not MIN_YEAR <= int(year_text) <= MAX_YEAR:
        return malformed("year")
    serial: int | None = None
    if serial_text:
        if not _SERIAL.fullmatch(serial_text) or int(serial_text) > MAX_SERIAL:
            return malformed("serial")
        serial = int(serial_text)
    questionnaire_id, at, encoded_version = questionnaire.partition("@")
    if not at or not _QUESTIONNAIRE_ID.fullmatch(questionnaire_id):
        return malformed("questionnaire")
    if not _ENCODED_VERSION.fullmatch(encoded_version):
        return malformed("questionnaire")
    try:
        version = unquote(encoded_version, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return malformed("questionnaire")
    if not 1 <= len(version) <= _MAX_VERSION_CHARS or _encode_version(version) != encoded_version:
        return malformed("questionnaire")  # not the one canonical spelling
    page = 1
    if len(fields) == 6:
        if not _PAGE.fullmatch(fields[5]):
            return malformed("page")
        page = int(fields[5])
    return FormCode(unit_code, int(year_text), serial, questionnaire_id, version, page)
