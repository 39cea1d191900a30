"""A bundle made the way a unit makes it, and bundles altered after the fact.

``export_quarter`` sets up a unit, keys a dozen forms of 2026 Q3 (one of them voided),
and exports the quarter with the real export service (app.services.export_bundle.run_export),
signed with a self-signed .p12. ``resigned`` replaces members and signs the manifest again with
the unit's key, as only the unit itself could: what is left to catch such a bundle is the
content, not the signature. Used by the verifier tests and the Verify screen tests.
"""

from __future__ import annotations

import json
import random
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.bundle.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    VIETNAM_TZ,
    canonical_bytes,
    sha256_hex,
)
from app.bundle.signers import P12Signer, create_self_signed
from app.domain.forms import FormRecord, FormStatus
from app.domain.periods import Period
from app.services.demo import demo_settings
from app.services.export_bundle import run_export
from app.services.setup import apply_settings
from app.services.workspace import Workspace

SIGNED_AT = datetime(2026, 10, 5, 9, 30, 0, tzinfo=VIETNAM_TZ)
CERT_FROM = datetime(2026, 1, 1, 8, 0, 0, tzinfo=VIETNAM_TZ)
PASSWORD = "Mật-khẩu xuất gói 2026"
OPERATOR = "Nguyễn Thị Lan"
QUARTER = Period(2026, 3)
FORMS = 12


@dataclass(frozen=True)
class ExportedBundle:
    path: Path
    p12: Path
    fingerprint: str

    def members(self) -> dict[str, bytes]:
        with zipfile.ZipFile(self.path) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}


def export_quarter(folder: Path) -> ExportedBundle:
    """Export 2026 Q3 of a freshly set-up unit into ``folder`` (about 5 s)."""
    ws = Workspace.open(folder / "data", now=lambda: SIGNED_AT.replace(tzinfo=None))
    try:
        assert apply_settings(ws, demo_settings(2026), OPERATOR) == []
        questionnaire = ws.keying_questionnaire()
        rng = random.Random(5)
        for serial in range(1, FORMS + 1):
            day = date(2026, 7, serial + 5)
            record = FormRecord(
                serial=serial, survey_date=day, questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                answers={q.code: rng.randint(1, q.option_count) for q in questionnaire.questions},
                opinion="Cán bộ hướng dẫn tận tình." if serial % 5 == 0 else "",
                operator=OPERATOR)
            ws.store.add_form(record, record.field_code(questionnaire),
                              datetime(2026, 7, serial + 5, 10, 0))
        use = ws.store.serial_use(2026, 3)
        assert use is not None
        ws.store.set_form_status(use.form_id, FormStatus.VOID, OPERATOR,
                                 datetime(2026, 8, 3, 9, 0), "Phiếu nhập trùng")
        p12 = folder / "don-vi.p12"
        fingerprint = create_self_signed("Ủy ban nhân dân xã Nam Đông", "10234", PASSWORD, p12,
                                         not_before=CERT_FROM)
        out = folder / "goi"
        out.mkdir()
        with P12Signer.open(p12, PASSWORD) as signer:
            result = run_export(ws, QUARTER, out, signer, OPERATOR, now=SIGNED_AT)
    finally:
        ws.close()
    return ExportedBundle(result.bundle, p12, fingerprint)


def resigned(bundle: ExportedBundle, changes: Mapping[str, bytes], out: Path) -> Path:
    """``bundle`` with ``changes`` (member name → new bytes), the manifest's hashes and sizes
    updated to match and signed again with the unit's own key and signing time."""
    members = bundle.members()
    document = json.loads(members[MANIFEST_NAME])
    for name, data in changes.items():
        members[name] = data
        document["files"][name] = {"sha256": sha256_hex(data), "size": len(data)}
    manifest = canonical_bytes(document)
    with P12Signer.open(bundle.p12, PASSWORD) as signer:
        signature = signer.sign_detached(manifest, SIGNED_AT)
    members.update({MANIFEST_NAME: manifest, SIGNATURE_NAME: signature})
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(members.items()):
            archive.writestr(name, data)
    return out
