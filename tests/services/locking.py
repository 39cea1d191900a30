"""Locking a period in tests the way an export does, without signing anything."""

from __future__ import annotations

from datetime import datetime

from app.domain.exports import ExportRecord
from app.domain.periods import Period
from app.services.workspace import Workspace


def lock_period(ws: Workspace, period: Period, exported_at: datetime, version: int = 1,
                operator: str = "Lan") -> ExportRecord:
    """Record version ``version`` of ``period`` as exported: its forms need a reason from now."""
    return ws.store.record_export(ExportRecord(
        period_label=period.label, cutoff=period.cutoff, start=period.start, end=period.end,
        version=version, file_name=f"12345_{period.label}_v{version}.zip", folder="/tmp",
        sha256="0" * 64, size=1, certificate_subject="CN=Nguyễn Văn An",
        certificate_fingerprint="AB:CD", self_signed=True, forms=0, active=0, void=0,
        changes=0, audit_last_id=0, exported_at=exported_at, operator=operator))
