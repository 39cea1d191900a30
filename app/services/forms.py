"""Review of keyed forms: search, open, correct (through KeyingService.save), void, restore."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.domain.entry import FormEntry
from app.domain.exports import ExportRecord, locking_export
from app.domain.forms import FormRecord, FormStatus, Issue, format_serial, parse_serial
from app.domain.text import fold_for_search, nfc
from app.services.workspace import Workspace
from app.storage.repository import FormFilter


@dataclass(frozen=True)
class FormListRow:
    """A row of the forms list: the form and the label of its field of service."""
    record: FormRecord
    field_code: str
    field_label: str

    @property
    def serial_text(self) -> str:
        return format_serial(self.record.serial)


@dataclass(frozen=True)
class FormSearch:
    """What a clerk can search by. ``text`` matches the serial or words of the opinion,
    accent- and case-insensitively (SQLite's LIKE cannot do that for Vietnamese)."""

    year: int | None = None
    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    field_code: str | None = None
    operator: str | None = None
    include_void: bool = True


def search_forms(ws: Workspace, search: FormSearch) -> list[FormListRow]:
    text = nfc(search.text).strip()
    # Only what parse_serial accepts is a serial: "²" is a digit int() refuses, a 20-digit
    # number overflows SQLite, and a phone number is looked for in the opinions instead.
    parsed = parse_serial(text) if text.isdecimal() else None
    serial = parsed if isinstance(parsed, int) else None
    rows = ws.store.list_forms(FormFilter(
        year=search.year, serial=serial, date_from=search.date_from, date_to=search.date_to,
        field_code=search.field_code, operator=search.operator, include_void=search.include_void,
    ))
    if text and serial is None:
        needle = fold_for_search(text)
        rows = [r for r in rows if needle in fold_for_search(r[0].opinion)]
    labels = {}
    settings = ws.settings
    if settings is not None:
        labels = {f.code: f.label for f in settings.fields}
    return [FormListRow(rec, code, labels.get(code, "")) for rec, code in rows]


def open_for_correction(ws: Workspace, form_id: int) -> FormEntry:
    """The stored form as an entry for the keying screen, under the version it was keyed in."""
    record = ws.store.get_form(form_id)
    if record is None:
        raise KeyError(form_id)
    q = ws.questionnaire(record.questionnaire_id, record.questionnaire_version)
    settings = ws.settings
    if settings is not None:
        q = q.with_field_options(settings.fields)
    entry = FormEntry.from_record(q, record)
    # The field answer is a position in the unit's list, which the settings may have reordered
    # since keying: re-derive it from the stored field code, or ask again if the field is gone.
    stored_code = ws.store.form_field_code(form_id)
    fq = q.field_question
    if stored_code is not None and stored_code not in ("0", "9"):
        position = next((i for i, o in enumerate(fq.options, 1) if o.code == stored_code), None)
        if position is None:
            entry.answers.pop(fq.code, None)
            entry.go_to(q.questions.index(fq))
        else:
            entry.answers[fq.code] = position
    return entry


def void_form(ws: Workspace, form_id: int, operator: str, reason: str) -> FormRecord:
    """Mark a form void: kept and shown, left out of tallies; the reason is audited.

    Raises PeriodLockedError (app.storage.errors) when the form is dated in an exported period
    and the reason is empty; nothing is written then.
    """
    return ws.store.set_form_status(form_id, FormStatus.VOID, operator, ws.now(),
                                    one_line_reason(reason))


def restore_form(ws: Workspace, form_id: int, operator: str, reason: str = "") -> FormRecord:
    """Count a voided form again. A restore needs no reason, except in an exported period:
    there PeriodLockedError is raised (nothing written) until one is given."""
    return ws.store.set_form_status(form_id, FormStatus.ACTIVE, operator, ws.now(),
                                    one_line_reason(reason))


def one_line_reason(reason: str) -> str:
    """A reason as the audit log keeps it: NFC, one line, single spaces."""
    return " ".join(nfc(reason).split())


def locked_export_for(ws: Workspace, days: Iterable[date]) -> ExportRecord | None:
    """The export that locks a form dated on one of ``days`` (its old and new date), if any:
    a change to it will need a reason (docs/export.md, "Period lock"). Read-only."""
    return locking_export(ws.store.list_exports(), days)


def period_locked_issue(export: ExportRecord) -> Issue:
    """What the UI needs to ask for a reason: ``period_locked`` (period label, version,
    exported_at)."""
    return Issue("period_locked", {"period": export.period_label, "version": export.version,
                                   "exported_at": export.exported_at})
