"""Asks why a form of an exported (locked) period is changed (docs/export.md, "Period lock").

Once a period's bundle went to the district, adding, correcting or restoring one of its forms
is still allowed, but only with a reason: the audit log keeps it and the next export (version
k+1) lists the change. The dialog says which export locks the period and takes one line; Enter
confirms, Esc goes back with nothing saved. Keyboard only, like the keying screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from app.domain.dates import format_date
from app.domain.periods import ROMAN, Period, parse_period
from app.ui.reason_dialog import ReasonDialog
from app.ui.style import MUTED, set_bold, set_text_colour

PURPOSE_CHANGE, PURPOSE_RESTORE, PURPOSE_VOID = "change", "restore", "void"


def period_name(label: str, *, capital: bool = False) -> str:
    """"quý III năm 2026" for "2026-Q3", "năm 2026" for "2026" ("Quý …" to open a sentence);
    an unknown label is shown as it is."""
    period = parse_period(label)
    if not isinstance(period, Period):
        return label
    if period.quarter is None:
        name = QCoreApplication.translate("LockReasonDialog", "year {year}").format(
            year=period.year)
    else:
        name = QCoreApplication.translate("LockReasonDialog", "quarter {roman} of {year}").format(
            roman=ROMAN[period.quarter - 1], year=period.year)
    return name[:1].upper() + name[1:] if capital else name


def lock_text(params: Mapping[str, Any], purpose: str = PURPOSE_CHANGE) -> str:
    """The sentence a clerk reads: which export locks the period and what follows from it.

    ``params`` are those of the ``period_locked`` issue: period (label), version, exported_at.
    """
    version = int(params.get("version") or 0)
    exported_at = params.get("exported_at")
    head = QCoreApplication.translate(
        "LockReasonDialog", "{period} has been exported in the bundle sent to the district "
                            "(version {version}, {date}).").format(
        period=period_name(str(params.get("period", "")), capital=True), version=version,
        date=format_date(exported_at) if isinstance(exported_at, date) else "?")
    if purpose == PURPOSE_RESTORE:
        tail = QCoreApplication.translate(
            "LockReasonDialog", "Restoring a form of this period needs a reason; the next "
                                "export will be version {next} with the list of changes.")
    elif purpose == PURPOSE_VOID:
        tail = QCoreApplication.translate(
            "LockReasonDialog", "The reason is recorded; the next export will be version "
                                "{next} with the list of changes.")
    else:
        tail = QCoreApplication.translate(
            "LockReasonDialog", "Adding or correcting a form of this period needs a reason; "
                                "the next export will be version {next} with the list of "
                                "changes.")
    return head + " " + tail.format(next=version + 1)


class LockReasonDialog(ReasonDialog):
    """One required line: why a form of a locked period is saved (or restored) anyway."""

    def __init__(self, params: Mapping[str, Any], form_text: str = "",
                 purpose: str = PURPOSE_CHANGE, parent: QWidget | None = None) -> None:
        restoring = purpose == PURPOSE_RESTORE
        super().__init__(
            parent, name="lock", label=self.tr("&Reason (required):"),
            placeholder=self.tr("e.g. voided by mistake") if restoring
            else self.tr("e.g. keyed wrongly: question 3 is 5 on the paper form"),
            missing=self.tr("Write the reason: it is recorded with the change."))
        self.setWindowTitle(self.tr("Period already exported"))
        self.purpose = purpose
        heading = QLabel(form_text)
        set_bold(heading)
        heading.setVisible(bool(form_text))
        self.explain = QLabel(lock_text(params, purpose))
        self.explain.setObjectName("lock_text")
        self.explain.setWordWrap(True)
        keys = QLabel()
        set_text_colour(keys, MUTED)
        if restoring:
            self.ok_button.setText(self.tr("Restore with this reason"))
            self.back_button.setText(self.tr("Do not restore"))
            keys.setText(self.tr("Enter restores · Esc goes back, nothing changed"))
        else:
            self.ok_button.setText(self.tr("Save with this reason"))
            self.back_button.setText(self.tr("Do not save"))
            keys.setText(self.tr("Enter saves · Esc goes back to the form, nothing saved"))
        self.lay_out([heading, self.explain], [keys])
        self.setMinimumWidth(540)


def ask_lock_reason(parent: QWidget | None, params: Mapping[str, Any], form_text: str = "",
                    purpose: str = PURPOSE_CHANGE) -> str | None:
    """The reason typed, or None when the clerk went back (Esc): then nothing is to be saved."""
    dialog = LockReasonDialog(params, form_text, purpose, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason()
    finally:
        dialog.deleteLater()
        if parent is not None:
            # The keys go back to the window the clerk was keying in, whatever the platform
            # activates when a dialog closes (offscreen and some X11 managers: nothing).
            parent.window().activateWindow()
