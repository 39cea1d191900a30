"""Generated forms for the report tests, and figures counted from them independently.

The counts here are written apart from app.domain.tabulation on purpose: a report is checked
against what the forms say, not against the code that made it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.domain.forms import FormRecord, FormStatus
from app.domain.periods import Period
from app.domain.questionnaire import QuestionKind, Questionnaire
from app.domain.settings import UnitSettings
from app.services.workspace import shipped_questionnaires

OPINIONS = ("Cán bộ hướng dẫn tận tình, chu đáo.", "Giá <20.000đ & nhanh",
            "Nên bố trí thêm ghế ngồi chờ.", "=1+1 là công thức?")


def questionnaire(settings: UnitSettings) -> Questionnaire:
    q = next(q for q in shipped_questionnaires()
             if (q.id, q.version) == (settings.questionnaire_id, settings.questionnaire_version))
    return q.with_field_options(settings.fields)


def settings(**changes: object) -> UnitSettings:
    values: dict[str, object] = {
        "unit_name": "Ủy ban nhân dân xã Nam Đông", "unit_code": "10234", "year": 2026,
        "parent_name": "Ủy ban nhân dân tỉnh Hòa Bình", "place_name": "Nam Đông",
        "recipient_name": "Sở Nội vụ tỉnh Hòa Bình", "signer_name": "Lê Văn Hùng",
    }
    values.update(changes)
    return UnitSettings(**values)  # type: ignore[arg-type]


def make_forms(q: Questionnaire, year: int, per_quarter: tuple[int, ...], seed: int = 7,
               voided: int = 1) -> list[FormRecord]:
    """``per_quarter[i]`` forms spread over quarter i+1; the first ``voided`` ones void."""
    rng = random.Random(seed)
    forms: list[FormRecord] = []
    serial = 0
    for quarter, count in enumerate(per_quarter, start=1):
        start = date(year, 3 * quarter - 2, 1)
        days = (Period(year, quarter).end - start).days + 1
        for _ in range(count):
            serial += 1
            answers = {}
            for question in q.questions:
                roll = rng.random()
                if roll < 0.02:
                    answers[question.code] = 0
                elif roll < 0.03:
                    answers[question.code] = 9
                elif question.kind is QuestionKind.RATING:
                    answers[question.code] = rng.choices((1, 2, 3, 4, 5), (2, 3, 10, 40, 45))[0]
                else:
                    answers[question.code] = rng.randint(1, question.option_count)
            forms.append(FormRecord(
                serial=serial, survey_date=start + timedelta(days=rng.randrange(days)),
                questionnaire_id=q.id, questionnaire_version=q.version, answers=answers,
                opinion=rng.choice(OPINIONS) if rng.random() < 0.1 else "",
                status=FormStatus.VOID if serial <= voided else FormStatus.ACTIVE,
                operator="Lan"))
    return forms


@dataclass(frozen=True)
class Counted:
    forms: int
    valid: int
    satisfied: int
    per_field: dict[str, int]


def count(forms: list[FormRecord], q: Questionnaire, period: Period) -> Counted:
    """Active forms of the period, valid rated answers and those at 4 or 5, forms per field."""
    rated = [question.code for question in q.questions if question.kind is QuestionKind.RATING]
    field = next(question for question in q.questions if question.kind is QuestionKind.FIELD)
    active = [f for f in forms
              if f.status is FormStatus.ACTIVE and period.start <= f.survey_date <= period.end]
    answers = [f.answers[code] for f in active for code in rated]
    per_field: dict[str, int] = {}
    for f in active:
        value = f.answers[field.code]
        code = field.options[value - 1].code if 1 <= value <= len(field.options) else str(value)
        per_field[code] = per_field.get(code, 0) + 1
    return Counted(len(active), sum(1 for a in answers if 1 <= a <= 5),
                   sum(1 for a in answers if a in (4, 5)), per_field)


def vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def vn_percent(part: int, whole: int) -> str:
    """Half-up to one decimal with a decimal comma, computed with integers."""
    tenths = (part * 2000 + whole) // (2 * whole)
    return f"{tenths // 10},{tenths % 10} %"


def pdf_text(path: Path, first: int | None = None, last: int | None = None,
             layout: bool = True) -> str:
    import subprocess

    args = ["pdftotext"]
    if layout:
        args.append("-layout")
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    out = subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True)
    return out.stdout.replace("\u00a0", " ")


def pdf_fonts_embedded(path: Path) -> list[tuple[str, bool]]:
    import subprocess

    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    rows = out.stdout.splitlines()[2:]
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows if row.strip()]


def pdf_pages(path: Path) -> int:
    import subprocess

    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(next(line for line in out.stdout.splitlines()
                    if line.startswith("Pages:")).split()[1])
