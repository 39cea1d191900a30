"""Survey dates as keyed by a clerk: ddmmyy, ddmmyyyy or dd/mm/yyyy."""

from __future__ import annotations

import re
from datetime import date

from app.domain.forms import Issue

# Texts, compiled by ``re`` (and kept in its cache) at the first date keyed, not at start-up.
_PATTERNS = (
    r"(\d{2})(\d{2})(\d{2})",
    r"(\d{2})(\d{2})(\d{4})",
    r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})",
)


def parse_survey_date(text: str, *, today: date, working_year: int) -> date | Issue:
    """A date on paper, refused if malformed, impossible, in the future or outside the year."""
    cleaned = text.strip()
    if not cleaned:
        return Issue("date_empty")
    for pattern in _PATTERNS:
        m = re.fullmatch(pattern, cleaned)
        if m:
            day, month, year_text = int(m[1]), int(m[2]), m[3]
            year = int(year_text) + 2000 if len(year_text) == 2 else int(year_text)
            break
    else:
        return Issue("date_format", {"text": cleaned})
    try:
        value = date(year, month, day)
    except ValueError:
        return Issue("date_impossible", {"text": cleaned})
    return check_survey_date(value, today=today, working_year=working_year) or value


def check_survey_date(value: date, *, today: date, working_year: int) -> Issue | None:
    """A real date that still cannot be a survey date: in the future or outside the year."""
    if value > today:
        return Issue("date_future", {"date": value, "today": today})
    if value.year != working_year:
        return Issue("date_outside_year", {"date": value, "year": working_year})
    return None


def format_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")
