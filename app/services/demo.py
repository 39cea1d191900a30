"""A demo database with a realistic year, so a newcomer sees a populated program."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from app.domain.forms import FormRecord, FormStatus
from app.domain.issuance import IssuedBatch, SpoilKind
from app.domain.questionnaire import Question, QuestionKind
from app.domain.quota import DEFAULT_YEARLY_TARGET, quarter_share
from app.domain.settings import UnitSettings
from app.services.setup import apply_settings, default_settings
from app.services.workspace import Workspace

DEMO_OPERATORS = ("Nguyễn Thị Lan", "Trần Văn Minh")
DEMO_OPINIONS = (
    "Cán bộ hướng dẫn tận tình, chu đáo.",
    "Nên bố trí thêm ghế ngồi chờ vào buổi sáng.",
    "Thủ tục nhanh gọn, tôi rất hài lòng.",
    "Đề nghị niêm yết phí, lệ phí rõ hơn ở bảng tin.",
    "Máy tra cứu hồ sơ hay bị treo.",
    "Cần có nhà vệ sinh sạch sẽ hơn.",
    "Trả kết quả đúng hẹn, cảm ơn cán bộ một cửa.",
    "Mong xã có thêm dịch vụ công trực tuyến.",
)
# Level weights 1..5: mostly satisfied, a few neutral, rarely unhappy (like seed 002's shares).
RATING_WEIGHTS = (1, 2, 8, 38, 51)


def demo_settings(year: int) -> UnitSettings:
    return replace(
        default_settings(year),
        unit_name="Ủy ban nhân dân xã Nam Đông",
        unit_code="10234",
        parent_name="Ủy ban nhân dân tỉnh Hòa Bình",
        recipient_name="Sở Nội vụ tỉnh Hòa Bình",
        place_name="Nam Đông",
        signer_title="Chủ tịch",
        signer_name="Lê Văn Hùng",
        yearly_target=DEFAULT_YEARLY_TARGET,
    )


def _answer(question: Question, rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.01:
        return 0
    if roll < 0.015:
        return 9
    if question.kind is QuestionKind.RATING:
        return rng.choices((1, 2, 3, 4, 5), weights=RATING_WEIGHTS)[0]
    if question.kind is QuestionKind.FIELD:
        return rng.choices(range(1, len(question.options) + 1),
                           weights=[4, 3, 3, *([1] * max(0, len(question.options) - 3))]
                           [: len(question.options)])[0]
    return rng.randint(1, len(question.options))


def _issue_quarterly_batches(ws: Workspace, year: int, today: date, keyed: int) -> None:
    """A quarter's forms printed at the start of each quarter so far; the newest batch is
    partly still in citizens' hands (missing), and two of its papers were spoiled."""
    per_quarter = quarter_share(DEFAULT_YEARLY_TARGET)
    q = ws.keying_questionnaire()
    last_issued = 0
    for quarter in range(4):
        issued_on = date(year, 3 * quarter + 1, 2)
        if issued_on > today:
            break
        ws.store.add_issued_batch(IssuedBatch(
            year=year, count=per_quarter, first=quarter * per_quarter + 1,
            last=(quarter + 1) * per_quarter, issued_at=datetime.combine(issued_on, time(8, 15)),
            operator=DEMO_OPERATORS[0], file_name=f"phieu-{year}-q{quarter + 1}.pdf",
            questionnaire_id=q.id, questionnaire_version=q.version))
        last_issued = (quarter + 1) * per_quarter
    for serial, kind, reason in ((keyed + 3, SpoilKind.TORN, "Phiếu bị ướt, không dùng được"),
                                 (keyed + 9, SpoilKind.LOST, "Người dân mang phiếu về")):
        if serial > last_issued:
            continue
        ws.store.spoil_serials(year, [serial], kind, reason, DEMO_OPERATORS[0],
                               datetime.combine(today, time(8, 0)))


def fill_demo(ws: Workspace, today: date, seed: int = 2026) -> Iterator[tuple[int, int, str]]:
    """Set up the demo unit and key a year of forms up to today; yields (done, total, stage)."""
    rng = random.Random(seed)
    year = today.year
    issues = apply_settings(ws, demo_settings(year), DEMO_OPERATORS[0])
    if issues:
        raise RuntimeError(f"demo settings refused: {issues}")
    q = ws.keying_questionnaire()
    start = date(year, 1, 2)
    span = max((today - start).days, 0) + 1
    total = max(30, round(DEFAULT_YEARLY_TARGET * span / 365))
    days = sorted(start + timedelta(days=rng.randrange(span)) for _ in range(total))
    _issue_quarterly_batches(ws, year, today, total)
    for i, day in enumerate(days, start=1):
        if day.weekday() >= 5:  # offices are closed at weekends: move to the Friday before
            day = max(start, day - timedelta(days=day.weekday() - 4))
        answers = {question.code: _answer(question, rng) for question in q.questions}
        record = FormRecord(
            serial=i,
            survey_date=day,
            questionnaire_id=q.id,
            questionnaire_version=q.version,
            answers=answers,
            opinion=rng.choice(DEMO_OPINIONS) if rng.random() < 0.08 else "",
            operator=DEMO_OPERATORS[i % 7 == 0],
        )
        keyed_at = datetime.combine(min(day + timedelta(days=rng.randint(0, 3)), today),
                                    time(8 + rng.randint(0, 8), rng.randint(0, 59)))
        ws.store.add_form(record, record.field_code(q), keyed_at)
        if i % 20 == 0 or i == total:
            yield i, total, "forms"
    # Two forms voided, as happens in real life (a form keyed twice, a form from another unit).
    for serial, reason in ((7, "Phiếu nhập trùng"), (total // 2, "Phiếu của đơn vị khác")):
        use = ws.store.serial_use(year, serial)
        if use is not None:
            ws.store.set_form_status(use.form_id, FormStatus.VOID, DEMO_OPERATORS[0],
                                     use.keyed_at, reason)
