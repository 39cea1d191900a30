"""Exports of a period's signed bundle, the lock they put on the period, and what to check first.

After a period is exported (DOMAIN.md §6, issue 5) it is locked: a form dated inside it can
still be added, corrected, voided or restored, but only with a reason, which the audit log
keeps. The next export of that period is version k+1 and its manifest lists those changes
(``change_lines``), read back from the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.domain.audit import AuditEntry
from app.domain.forms import Issue, format_serial
from app.domain.periods import Period

# The audit actions that change a form; each one is a line of a later version's change list.
FORM_ACTIONS = ("form.create", "form.import", "form.update", "form.void", "form.restore")
ACTION_WORDS = {
    "form.create": "nhập mới",
    "form.import": "nhập từ tệp",
    "form.update": "sửa",
    "form.void": "hủy",
    "form.restore": "khôi phục",
}
MAX_CHANGE_LINES = 500  # a longer list ends with a line saying how many more


@dataclass(frozen=True)
class ExportRecord:
    """One signed bundle written for a period (table ``exports``, docs/schema.md)."""

    period_label: str  # "2026-Q3" or "2026"
    cutoff: str  # the period's cut-off rule (app.domain.settings.PERIOD_CUTOFFS)
    start: date
    end: date  # inclusive
    version: int
    file_name: str  # "12345_2026-Q3_v1.zip"
    folder: str  # where it was written
    sha256: str  # of the zip, lower-case hex
    size: int
    certificate_subject: str
    certificate_fingerprint: str  # "AB:CD:…"
    self_signed: bool
    forms: int
    active: int
    void: int
    changes: int  # lines of the manifest's change list
    audit_last_id: int  # the last audit entry the bundle's log carries
    exported_at: datetime  # the signing time, Vietnam wall clock, naive
    operator: str
    id: int | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def is_for(self, period: Period) -> bool:
        return (self.period_label, self.start, self.end) == (period.label, period.start,
                                                             period.end)


def locking_export(exports: Iterable[ExportRecord], days: Iterable[date]) -> ExportRecord | None:
    """The latest export whose period covers one of ``days`` (a form's old and new date)."""
    wanted = list(days)
    found = [e for e in exports if any(e.covers(day) for day in wanted)]
    return max(found, key=lambda e: (e.exported_at, e.id or 0)) if found else None


def exports_of(exports: Iterable[ExportRecord], period: Period) -> list[ExportRecord]:
    """The period's exports, oldest version first."""
    return sorted((e for e in exports if e.is_for(period)), key=lambda e: e.version)


def next_version(exports: Iterable[ExportRecord], period: Period) -> int:
    return max((e.version for e in exports if e.is_for(period)), default=0) + 1


def _form_date(values: Mapping[str, Any] | None) -> date | None:
    if not values or "survey_date" not in values:
        return None
    try:
        return date.fromisoformat(str(values["survey_date"]))
    except ValueError:
        return None


def touches_period(entry: AuditEntry, period: Period) -> bool:
    """A form entry whose form was, or now is, dated inside the period."""
    if entry.entity != "form" or entry.action not in FORM_ACTIONS:
        return False
    return any(day is not None and period.contains(day)
               for day in (_form_date(entry.before), _form_date(entry.after)))


def _changed_items(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """"câu B3: 4 → 5", "ngày: 2026-07-02 → 2026-07-03", "ý kiến" — what a correction changed."""
    items: list[str] = []
    for key, word in (("serial", "số phiếu"), ("survey_date", "ngày"), ("field_code", "lĩnh vực")):
        if before.get(key) != after.get(key):
            items.append(f"{word}: {before.get(key)} → {after.get(key)}")
    old_answers = before.get("answers") or {}
    new_answers = after.get("answers") or {}
    for code in sorted(set(old_answers) | set(new_answers)):
        if old_answers.get(code) != new_answers.get(code):
            items.append(f"câu {code}: {old_answers.get(code, '–')} → {new_answers.get(code, '–')}")
    if before.get("opinion") != after.get("opinion"):
        items.append("ý kiến")
    return items


def change_line(entry: AuditEntry) -> str:
    """One line of the change list: "2026-10-07 09:12 · Nguyễn Văn A · phiếu 0123: sửa (câu B3:
    4 → 5) · lý do: ghi nhầm"."""
    values = entry.after or entry.before or {}
    serial = values.get("serial")
    what = ACTION_WORDS.get(entry.action, entry.action)
    if entry.action == "form.update" and entry.before and entry.after:
        items = _changed_items(entry.before, entry.after)
        if items:
            what += " (" + "; ".join(items) + ")"
    subject = f"phiếu {format_serial(serial)}" if isinstance(serial, int) else "phiếu"
    line = f"{entry.at:%Y-%m-%d %H:%M} · {entry.operator} · {subject}: {what}"
    if entry.reason:
        line += f" · lý do: {entry.reason}"
    return " ".join(line.split())


def change_lines(entries: Iterable[AuditEntry], period: Period, after_id: int
                 ) -> tuple[str, ...]:
    """The change list of the next version: form entries of the period written after the
    previous export's last audit entry (``after_id``), oldest first."""
    lines = [change_line(e) for e in entries
             if (e.id or 0) > after_id and touches_period(e, period)]
    if len(lines) > MAX_CHANGE_LINES:
        rest = len(lines) - (MAX_CHANGE_LINES - 1)
        more = f"… và {rest} thay đổi khác (xem nhat-ky.jsonl trong gói)"
        lines = [*lines[:MAX_CHANGE_LINES - 1], more]
    return tuple(lines)


def audit_segment(entries: Sequence[AuditEntry], period: Period) -> list[AuditEntry]:
    """The period's segment of the hash chain: every entry from the first one about a form of
    the period to the last one written, so the receiver can check the links end to end.
    Empty when no form of the period was ever written."""
    first = next((i for i, e in enumerate(entries) if touches_period(e, period)), None)
    return [] if first is None else list(entries[first:])


# -- pre-flight -------------------------------------------------------------------------------
WARNING = "warning"  # shown, the clerk may still sign
BLOCKER = "blocker"  # nothing can be signed until it is put right


@dataclass(frozen=True)
class PreflightFacts:
    """What the export service gathers before signing, for ``preflight_issues``."""

    period: Period
    today: date
    active_forms: int  # counted forms of the period
    period_target: int  # the period's share of the yearly target
    missing_serials: Sequence[int]  # printed, not keyed, not spoiled (the period's year)
    open_drafts: Sequence[str]  # operators with a half-keyed form
    previous: ExportRecord | None  # the last export of this period, if any
    changes_since: int  # change lines since ``previous``


def preflight_issues(facts: PreflightFacts) -> list[Issue]:
    """Codes (with ``severity`` in params) to show before signing, blockers first."""
    issues: list[Issue] = []
    if facts.previous is not None and facts.changes_since == 0:
        issues.append(Issue("no_changes_since_export", {
            "severity": BLOCKER, "version": facts.previous.version,
            "exported_at": facts.previous.exported_at, "file": facts.previous.file_name}))
    if facts.active_forms == 0:
        issues.append(Issue("no_forms", {"severity": BLOCKER, "period": facts.period.label}))
    if facts.today <= facts.period.end:
        issues.append(Issue("period_not_over", {"severity": WARNING, "end": facts.period.end}))
    if facts.missing_serials:
        issues.append(Issue("missing_serials", {
            "severity": WARNING, "count": len(facts.missing_serials),
            "first": list(facts.missing_serials[:10])}))
    if facts.open_drafts:
        issues.append(Issue("open_drafts", {"severity": WARNING,
                                            "operators": list(facts.open_drafts)}))
    if facts.active_forms < facts.period_target:
        issues.append(Issue("target_not_met", {
            "severity": WARNING, "count": facts.active_forms, "target": facts.period_target}))
    if facts.previous is not None and facts.changes_since:
        issues.append(Issue("new_version", {
            "severity": WARNING, "version": facts.previous.version + 1,
            "changes": facts.changes_since}))
    return sorted(issues, key=lambda i: i.params["severity"] != BLOCKER)


def has_blocker(issues: Iterable[Issue]) -> bool:
    return any(i.params.get("severity") == BLOCKER for i in issues)
