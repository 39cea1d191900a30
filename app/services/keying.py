"""Keying forms: serial and date checks, saving, drafts and the tally.

Every call is one short database transaction; ``save`` returns only after the commit is
fsync'd (WAL, synchronous=FULL), so an acknowledged form survives a power cut.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.dates import check_survey_date, parse_survey_date
from app.domain.entry import FormEntry
from app.domain.exports import ExportRecord
from app.domain.forms import FormRecord, FormStatus, Issue, validate_form
from app.domain.issuance import is_issued, issuance_counts, next_expected_serial, numbered
from app.domain.questionnaire import Questionnaire
from app.domain.tally import Tally, build_tally
from app.services.forms import locked_export_for, one_line_reason, period_locked_issue
from app.services.workspace import Workspace
from app.storage.errors import DuplicateSerialError, PeriodLockedError


@dataclass(frozen=True)
class PendingDraft:
    """A half-keyed form left by an earlier run, and when it was last saved."""
    entry: FormEntry
    saved_at: datetime


class KeyingService:
    def __init__(self, ws: Workspace, operator: str) -> None:
        self.ws = ws
        self.operator = operator
        self._warned: set[int] = set()  # serials whose "not issued" warning was shown

    @property
    def year(self) -> int:
        return self.ws.require_settings().year

    def questionnaire(self) -> Questionnaire:
        return self.ws.keying_questionnaire()

    # -- serial and date ---------------------------------------------------------------
    def next_expected_serial(self) -> int:
        """The serial most likely on top of the stack (app/domain/issuance.py says how)."""
        state = self.ws.store.issuance_state(self.year)
        return next_expected_serial(state.batches, state.keyed,
                                    {s.serial for s in state.spoiled})

    def serial_warning(self, serial: int, *, editing_form_id: int | None = None) -> Issue | None:
        """A serial no batch issued, or one marked spoiled: said once per serial, then let go.

        Nothing is said while the year has no numbered batch (the unit does not print with
        this program), nor for a correction that keeps the form's serial.
        """
        if serial in self._warned:
            return None
        if editing_form_id is not None:
            stored = self.ws.store.get_form(editing_form_id)
            if stored is not None and stored.serial == serial:
                return None
        state = self.ws.store.issuance_state(self.year)
        issue: Issue | None = None
        spoiled = next((s for s in state.spoiled if s.serial == serial), None)
        if spoiled is not None:
            issue = Issue("serial_spoiled", {"serial": serial, "kind": str(spoiled.kind),
                                             "reason": spoiled.reason, "at": spoiled.at})
        elif numbered(state.batches) and not is_issued(state.batches, serial):
            issue = Issue("serial_not_issued", {"serial": serial})
        if issue is not None:
            self._warned.add(serial)
        return issue

    def check_serial(self, serial: int, *, editing_form_id: int | None = None) -> Issue | None:
        """Refuse a serial already keyed this year, saying when and by whom."""
        use = self.ws.store.serial_use(self.year, serial)
        if use is None or use.form_id == editing_form_id:
            return None
        return Issue("serial_taken", {"serial": serial, "keyed_at": use.keyed_at,
                                      "operator": use.operator,
                                      "void": use.status is FormStatus.VOID})

    def default_date(self) -> date:
        """The last date used, if still valid; otherwise today (or 31/12 of a past year)."""
        today = self.ws.today()
        last = self.ws.store.last_survey_date()  # of the form keyed last
        if last is not None and last.year == self.year and last <= today:
            return last
        return today if today.year == self.year else date(self.year, 12, 31)

    def parse_date(self, text: str) -> date | Issue:
        return parse_survey_date(text, today=self.ws.today(), working_year=self.year)

    # -- saving ------------------------------------------------------------------------
    def locked_export_for(self, dates: Iterable[date]) -> ExportRecord | None:
        """The export locking a form dated on one of ``dates`` (old and new), if any: saving
        it will need a reason. Read-only, for an early word on screen."""
        return locked_export_for(self.ws, dates)

    def save(self, entry: FormEntry, reason: str = "") -> FormRecord | list[Issue]:
        """Validate and store the form (new or corrected); issues mean nothing was written.

        A form whose date (old or new) is in an exported period needs ``reason``: without one
        the answer is ``Issue("period_locked", {period, version, exported_at})`` and the
        caller asks the clerk why, then saves again with the reason (audited with the change).
        """
        if entry.serial is None:
            return [Issue("serial_empty")]
        if entry.survey_date is None:
            return [Issue("date_empty")]
        date_issue = check_survey_date(entry.survey_date, today=self.ws.today(),
                                       working_year=self.year)
        if date_issue is not None:
            return [date_issue]
        taken = self.check_serial(entry.serial, editing_form_id=entry.editing_form_id)
        if taken is not None:
            return [taken]
        q = entry.questionnaire
        record = entry.to_record(self.operator)
        issues = validate_form(record, q)
        if issues:
            return issues
        now = self.ws.now()
        why = one_line_reason(reason)
        try:
            if entry.editing_form_id is None:
                saved = self.ws.store.add_form(record, record.field_code(q), now,
                                               delete_draft_of=self.operator, reason=why)
            else:
                saved = self.ws.store.update_form(record, record.field_code(q), self.operator, now,
                                                  why, delete_draft_of=self.operator)
        except PeriodLockedError as locked:
            assert isinstance(locked.export, ExportRecord)
            return [period_locked_issue(locked.export)]
        except DuplicateSerialError:
            # Another program on the same database took the serial a moment ago.
            again = self.check_serial(entry.serial, editing_form_id=entry.editing_form_id)
            return [again or Issue("serial_taken", {"serial": entry.serial})]
        return saved

    # -- drafts ------------------------------------------------------------------------
    def save_draft(self, entry: FormEntry) -> None:
        self.ws.store.save_draft(self.operator, entry.to_draft(), self.ws.now())

    def discard_draft(self) -> None:
        self.ws.store.delete_draft(self.operator)

    def pending_draft(self) -> PendingDraft | None:
        """A half-keyed form left by a crash or power cut, if it still fits this set-up.

        A draft that cannot be read (written by another version, damaged) is not offered and
        never stops the program from starting; it stays in the database until replaced.
        """
        try:
            found = self.ws.store.load_draft(self.operator)
        except ValueError:  # not JSON
            return None
        if found is None:
            return None
        data, saved_at = found
        try:
            return self._draft_entry(data, saved_at)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def _draft_entry(self, data: dict[str, Any], saved_at: datetime) -> PendingDraft | None:
        qid, version = data.get("questionnaire", [None, None])
        current = self.questionnaire()
        q = current if (qid, version) == current.key else None
        if q is None:
            try:
                q = self.ws.questionnaire(str(qid), str(version)).with_field_options(
                    self.ws.require_settings().fields)
            except Exception:  # a draft of a definition no longer stored cannot be shown
                return None
        entry = FormEntry.from_draft(q, data)
        if entry.is_empty and entry.serial is None:
            return None
        return PendingDraft(entry, saved_at)

    # -- tally -------------------------------------------------------------------------
    def tally(self) -> Tally:
        s = self.ws.require_settings()
        counts = self.ws.store.tally_counts(s.year)
        state = self.ws.store.issuance_state(s.year)
        return build_tally(
            year=s.year,
            yearly_target=s.yearly_target,
            today=self.ws.today(),
            year_count=counts.year_count,
            quarter_counts=counts.quarter_counts,
            field_counts=counts.field_counts,
            field_labels={f.code: f.label for f in s.fields},
            voided=counts.voided,
            due_day=s.due_day,
            issuance=issuance_counts(state.batches, state.keyed, state.spoiled),
        )

