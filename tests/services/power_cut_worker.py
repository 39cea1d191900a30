"""Keys forms into a data folder forever, the way the keying screen does; killed by the test.

Usage: python power_cut_worker.py DATA_DIR OPERATOR

The folder must already be set up. Prints ``ready`` once the workspace is open, then for every
form: answers the questions (a draft after the first half and one before saving, as the screen
saves drafts while keying), saves through KeyingService, and prints the serial only after
``save`` returned — so every printed serial is a form acknowledged as saved.
Answers are a function of the serial (``expected_answer``) so the test can check stored forms.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.domain.entry import FormEntry
from app.domain.questionnaire import Question
from app.services.keying import KeyingService
from app.services.workspace import Workspace


def expected_answer(serial: int, position: int, question: Question) -> int:
    """The answer keyed for a question: 1..n, and now and then 0 (blank) or 9 (unreadable)."""
    cycle = (serial * 7 + position * 3) % 11
    if cycle == 9:
        return 9
    if cycle == 10:
        return 0
    return cycle % question.option_count + 1


def main(data_dir: Path, operator: str) -> None:
    ws = Workspace.open(data_dir)
    keying = KeyingService(ws, operator)
    q = keying.questionnaire()
    half = len(q.questions) // 2
    print("ready", flush=True)
    while True:
        serial = keying.next_expected_serial()
        entry = FormEntry(q, serial=serial, survey_date=keying.default_date(),
                          opinion=f"Phiếu số {serial}: cán bộ nhiệt tình")
        for position, question in enumerate(q.questions):
            if entry.answer_current(expected_answer(serial, position, question)) is not None:
                raise SystemExit(f"answer refused at {question.code}")
            if position == half:
                keying.save_draft(entry)
        keying.save_draft(entry)
        result = keying.save(entry)
        if isinstance(result, list):
            raise SystemExit(f"save refused: {result}")
        print(result.serial, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
