"""The unit's settings, filled by the first-run wizard (DESIGN.md Workflows 1)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from app.domain.forms import Issue
from app.domain.questionnaire import MAX_OPTIONS, ChoiceOption
from app.domain.quota import DEFAULT_YEARLY_TARGET
from app.domain.text import nfc

DEFAULT_FIELDS = (
    ChoiceOption("TP", "Tư pháp"),
    ChoiceOption("TNMT", "Tài nguyên và Môi trường"),
    ChoiceOption("LDTBXH", "Lao động, Thương binh và Xã hội"),
)
DEFAULT_CATALOGUE = "QĐ 19/2025/QĐ-TTg"

# How report periods cut the data (DOMAIN.md §6): calendar quarters/years, or the government
# reporting regime of Decree 09/2019 (15th of the month before to the 14th of the last month).
PERIOD_CALENDAR = "calendar"
PERIOD_DECREE_09 = "decree09"
PERIOD_CUTOFFS = (PERIOD_CALENDAR, PERIOD_DECREE_09)


@dataclass(frozen=True)
class UnitSettings:
    """The unit's settings: name and code, year, target, questionnaire, fields."""
    unit_name: str  # "Ủy ban nhân dân xã Nam Đông"
    unit_code: str  # 5-digit commune code, zero-padded text
    year: int
    yearly_target: int = DEFAULT_YEARLY_TARGET
    unit_code_catalogue: str = DEFAULT_CATALOGUE
    office_name: str = "Bộ phận Tiếp nhận và Trả kết quả"
    parent_name: str = ""  # "Ủy ban nhân dân tỉnh …"
    recipient_name: str = ""  # who receives the reports
    place_name: str = ""  # "Nam Đông" in "Nam Đông, ngày … tháng … năm …"
    fields: tuple[ChoiceOption, ...] = DEFAULT_FIELDS
    questionnaire_id: str = "xa-22-tieu-chi"
    questionnaire_version: str = "2017.1"
    signer_title: str = "Chủ tịch"
    signer_name: str = ""
    due_day: int = 20
    period_cutoff: str = PERIOD_CALENDAR
    backup_mirror_dir: str = ""  # optional second backup location (USB drive, network folder)
    pkcs11_module: str = ""  # the USB signing token's PKCS#11 library (empty: none)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit_name": self.unit_name,
            "unit_code": self.unit_code,
            "year": self.year,
            "yearly_target": self.yearly_target,
            "unit_code_catalogue": self.unit_code_catalogue,
            "office_name": self.office_name,
            "parent_name": self.parent_name,
            "recipient_name": self.recipient_name,
            "place_name": self.place_name,
            "fields": [{"code": f.code, "label": f.label} for f in self.fields],
            "questionnaire_id": self.questionnaire_id,
            "questionnaire_version": self.questionnaire_version,
            "signer_title": self.signer_title,
            "signer_name": self.signer_name,
            "due_day": self.due_day,
            "period_cutoff": self.period_cutoff,
            "backup_mirror_dir": self.backup_mirror_dir,
            "pkcs11_module": self.pkcs11_module,
            "extra": self.extra,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UnitSettings:
        values = dict(data)
        values["fields"] = tuple(
            ChoiceOption(f["code"], f["label"]) for f in data.get("fields", [])
        )
        known = {k: v for k, v in values.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def validate_settings(s: UnitSettings) -> list[Issue]:
    issues: list[Issue] = []
    if not nfc(s.unit_name).strip():
        issues.append(Issue("unit_name_empty"))
    if not re.fullmatch(r"\d{5}", s.unit_code):
        issues.append(Issue("unit_code_format", {"text": s.unit_code}))
    if not 2000 <= s.year <= 2100:
        issues.append(Issue("year_out_of_range", {"year": s.year}))
    if not 1 <= s.yearly_target <= 100_000:
        issues.append(Issue("target_out_of_range", {"target": s.yearly_target}))
    if not 1 <= len(s.fields) <= MAX_OPTIONS:
        issues.append(Issue("fields_count", {"max": MAX_OPTIONS}))
    codes = [f.code for f in s.fields]
    if len(set(codes)) != len(codes):
        issues.append(Issue("fields_duplicate"))
    for f in s.fields:
        if not re.fullmatch(r"[A-Z][A-Z0-9_]{0,15}", f.code) or not f.label.strip():
            issues.append(Issue("field_invalid", {"code": f.code, "label": f.label}))
    if not 1 <= s.due_day <= 28:
        issues.append(Issue("due_day_out_of_range", {"day": s.due_day}))
    if s.period_cutoff not in PERIOD_CUTOFFS:
        issues.append(Issue("period_cutoff_unknown", {"value": s.period_cutoff}))
    return issues


def normalise_unit_code(text: str) -> str:
    digits = text.strip()
    return digits.zfill(5) if digits.isdigit() and len(digits) <= 5 else digits
