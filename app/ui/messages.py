"""Domain issue codes turned into sentences a clerk reads (the domain speaks codes only).

Every sentence is an English source string translated to Vietnamese through Qt Linguist
(context ``Messages``); placeholders are ``str.format`` names kept identical in the
translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app.domain.forms import Issue, format_serial
from app.domain.questionnaire import Questionnaire

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def _day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


def _clock(value: Any) -> str:
    return value.strftime("%H:%M") if isinstance(value, datetime) else ""


def question_label(params: Mapping[str, Any], questionnaire: Questionnaire | None = None) -> str:
    """"Câu 12" for a numbered item, else the short name ("Giới tính")."""
    number = str(params.get("number") or "")
    short = str(params.get("short") or "")
    code = params.get("code")
    if questionnaire is not None and code and not (number or short):
        try:
            q = questionnaire.question(str(code))
        except KeyError:
            q = None
        if q is not None:
            number, short = q.number, q.short
    if number:
        return QCoreApplication.translate("Messages", "Question {number}").format(number=number)
    return short or str(code or "")


def issue_text(issue: Issue, questionnaire: Questionnaire | None = None) -> str:
    """One sentence for a refusal; unknown codes get a generic sentence naming the code."""
    p = issue.params
    code = issue.code
    if code == "serial_empty":
        return QCoreApplication.translate("Messages", "Type the serial number printed on the form")
    if code == "serial_not_number":
        return QCoreApplication.translate(
            "Messages", "The serial \u201c{text}\u201d is not a number: type digits only"
        ).format(text=p.get("text", ""))
    if code == "serial_out_of_range":
        return QCoreApplication.translate(
            "Messages", "The serial must be between 1 and {max}").format(max=p.get("max", ""))
    if code == "serial_taken":
        serial = p.get("serial")
        serial_text = format_serial(serial) if isinstance(serial, int) else str(serial or "")
        keyed_at = p.get("keyed_at")
        if isinstance(keyed_at, datetime):
            text = QCoreApplication.translate(
                "Messages", "Form {serial} was already keyed at {time} on {date} (by {operator})"
            ).format(serial=serial_text, time=_clock(keyed_at), date=_day(keyed_at),
                     operator=p.get("operator") or "?")
        else:
            text = QCoreApplication.translate(
                "Messages", "Form {serial} was already keyed").format(serial=serial_text)
        if p.get("void"):
            text += " " + QCoreApplication.translate("Messages", "(voided form)")
        return text
    if code == "date_empty":
        return QCoreApplication.translate("Messages", "Type the survey date")
    if code == "date_format":
        return QCoreApplication.translate(
            "Messages", "\u201c{text}\u201d is not a date: type ddmmyy, ddmmyyyy or dd/mm/yyyy"
        ).format(text=p.get("text", ""))
    if code == "date_impossible":
        return QCoreApplication.translate(
            "Messages", "\u201c{text}\u201d is not a real date").format(text=p.get("text", ""))
    if code == "date_future":
        return QCoreApplication.translate(
            "Messages", "The date {date} is in the future (today is {today})"
        ).format(date=_day(p.get("date")), today=_day(p.get("today")))
    if code == "date_outside_year":
        return QCoreApplication.translate(
            "Messages", "The date {date} is not in the working year {year}"
        ).format(date=_day(p.get("date")), year=p.get("year", ""))
    if code == "answer_missing":
        return QCoreApplication.translate(
            "Messages", "{question} has no answer: press 0 if it is blank on the form"
        ).format(question=question_label(p, questionnaire))
    if code == "answer_out_of_range":
        return QCoreApplication.translate(
            "Messages", "{question}: press 1\u2013{max}, 0 if blank or 9 if unreadable"
        ).format(question=question_label(p, questionnaire), max=p.get("max", ""))
    if code == "answer_not_digit":
        return QCoreApplication.translate(
            "Messages", "Answers are keyed with digits: 1\u2013{max}, 0 if blank, 9 if unreadable"
        ).format(max=p.get("max", ""))
    if code == "answer_unknown_question":
        return QCoreApplication.translate(
            "Messages", "Answers to questions not on this form: {codes}"
        ).format(codes=", ".join(str(c) for c in p.get("codes", [])))
    if code == "opinion_too_long":
        return QCoreApplication.translate(
            "Messages", "The opinion is longer than {max} characters").format(max=p.get("max", ""))
    if code == "no_question":
        return QCoreApplication.translate("Messages", "There is no question here")
    return QCoreApplication.translate(
        "Messages", "This cannot be accepted (code {code})").format(code=code)


def confirm(parent: QWidget | None, title: str, text: str, yes: str, no: str, *,
            default_yes: bool = False) -> bool:
    """Ask a yes/no question with Vietnamese button words (Enter picks the default button).

    Qt ships no Vietnamese translation of its standard buttons, so the buttons are our own.
    Tests replace this function instead of driving the modal box.
    """
    from PySide6.QtWidgets import QMessageBox  # not loaded before the first paint

    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes_button if default_yes else no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def inform_error(parent: QWidget | None, title: str, text: str, close: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.addButton(close, QMessageBox.ButtonRole.AcceptRole)
    box.exec()
