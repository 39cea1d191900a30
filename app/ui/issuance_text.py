"""Sentences for the issuance codes (app/domain/issuance.py, KeyingService.serial_warning):
printing refusals, spoiling refusals, the "not issued" warning. Context ``IssuanceText``.

Each sentence is a literal ``QCoreApplication.translate("IssuanceText", …)`` so that
pyside6-lupdate finds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.forms import Issue, format_serial
from app.domain.issuance import SpoilKind


def _serial(value: Any) -> str:
    return format_serial(value) if isinstance(value, int) else str(value or "")


def _day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else "?"


def kind_text(kind: str) -> str:
    labels = {
        SpoilKind.TORN: QCoreApplication.translate("IssuanceText", "torn or spoiled"),
        SpoilKind.LOST: QCoreApplication.translate("IssuanceText", "lost"),
        SpoilKind.OTHER: QCoreApplication.translate("IssuanceText", "other reason"),
    }
    return labels[SpoilKind(kind)] if kind in set(SpoilKind) else kind


def range_text(first: int, last: int) -> str:
    return f"{format_serial(first)}–{format_serial(last)}"


def issuance_text(issue: Issue) -> str:
    """One sentence naming the problem and what to do."""
    p: Mapping[str, Any] = issue.params
    code = issue.code
    serial = _serial(p.get("serial"))
    if code == "serial_not_issued":
        return QCoreApplication.translate(
            "IssuanceText", "Serial {serial} was never printed: check the paper; if right, "
            "press Enter again").format(serial=serial)
    if code == "serial_spoiled":
        return QCoreApplication.translate(
            "IssuanceText", "Serial {serial} was marked {kind} ({date}); if this is that paper, "
            "press Enter again").format(serial=serial, kind=kind_text(str(p.get("kind", ""))),
                                        date=_day(p.get("at")))
    if code == "print_count_out_of_range":
        return QCoreApplication.translate(
            "IssuanceText", "Print between 1 and {max} forms at a time.").format(
            max=p.get("max", ""))
    if code == "print_start_empty":
        return QCoreApplication.translate("IssuanceText", "Type the first serial to print.")
    if code == "print_range_out_of_range":
        return QCoreApplication.translate(
            "IssuanceText", "Serials cannot go above {max}: print fewer forms or start lower."
        ).format(max=p.get("max", ""))
    if code == "print_range_issued":
        return QCoreApplication.translate(
            "IssuanceText", "Serials {range} were already printed on {date} (batch {batch}, by "
            "{operator}). Two papers with one number could not both be keyed: start at the "
            "suggested serial.").format(
            range=range_text(p["first"], p["last"]), date=_day(p.get("issued_at")),
            batch=range_text(p["batch_first"], p["batch_last"]),
            operator=p.get("operator") or "?")
    if code == "print_range_keyed":
        return QCoreApplication.translate(
            "IssuanceText", "{count} serials in this range are already keyed this year "
            "({serials}): start at the suggested serial.").format(
            count=p.get("count", 0), serials=", ".join(_serial(n) for n in p.get("serials", [])))
    if code == "spoil_not_issued":
        return QCoreApplication.translate(
            "IssuanceText", "Serial {serial} was never printed, so it cannot be marked spoiled."
        ).format(serial=serial)
    if code == "spoil_keyed":
        return QCoreApplication.translate(
            "IssuanceText", "Form {serial} is already keyed: void it in the list of forms "
            "instead.").format(serial=serial)
    if code == "spoil_already":
        return QCoreApplication.translate(
            "IssuanceText", "Serial {serial} is already marked spoiled or lost.").format(
            serial=serial)
    if code == "spoil_reason_empty":
        return QCoreApplication.translate(
            "IssuanceText", "Write the reason when choosing \u201cother reason\u201d.")
    if code == "spoil_reason_too_long":
        return QCoreApplication.translate(
            "IssuanceText", "The reason is longer than {max} characters.").format(
            max=p.get("max", ""))
    if code == "spoil_nothing_selected":
        return QCoreApplication.translate("IssuanceText", "Choose a serial in the list first.")
    return QCoreApplication.translate(
        "IssuanceText", "This cannot be done (code {code}).").format(code=code)
