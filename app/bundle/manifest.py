"""The bundle's manifest: what was sent, by whom, for which period, and the hash of every file.

Format version 1 (docs/bundle.md). The manifest is canonical JSON: keys sorted, UTF-8 without
escapes, two-space indent, one ``\\n`` at the end. ``manifest.json.p7s`` signs these exact bytes,
so one set of facts has exactly one manifest, and ``parse_manifest`` refuses any other spelling
of them (a re-indented or re-ordered manifest is not the one that was signed).

Pure Python: parsing returns an ``Issue`` (code + parameters) for the first problem found.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from app.domain.forms import Issue
from app.domain.periods import Period
from app.domain.settings import PERIOD_CUTOFFS
from app.domain.text import fold_for_search, nfc

FORMAT_NAME = "khaosat-bundle"
FORMAT_VERSION = 1
SUPPORTED_FORMAT_VERSIONS = (1,)

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.p7s"
REPORT_PDF = "bao-cao.pdf"  # the report, PAdES-signed with a visible stamp
REPORT_XLSX = "bao-cao.xlsx"
DATA_CSV = "du-lieu-phieu.csv"  # raw data, docs/formats.md
DATA_XLSX = "du-lieu-phieu.xlsx"
AUDIT_LOG = "nhat-ky.jsonl"  # the period's audit log
SCANS_FOLDER = "anh-phieu/"  # attached scans of paper forms, optional
REQUIRED_FILES = (REPORT_PDF, REPORT_XLSX, DATA_CSV, DATA_XLSX, AUDIT_LOG)

# Vietnam has kept UTC+7 without daylight saving since 1975; a fixed offset needs no tz database
# (Windows has none without the tzdata package).
VIETNAM_TZ = timezone(timedelta(hours=7))

# Lower-case ASCII so a name survives every unzip tool, file system and iOffice upload.
_BASE_NAME = r"[a-z0-9][a-z0-9._-]{0,99}"
MEMBER_NAME = re.compile(rf"(?:{re.escape(SCANS_FOLDER)})?{_BASE_NAME}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_UNIT_CODE = re.compile(r"\d{5}")
_QUESTIONNAIRE_ID = re.compile(r"[a-z0-9._-]{1,100}")
MAX_TEXT = 1000


def vietnam_time(moment: datetime) -> datetime:
    """``moment`` in Vietnam time to the second; a naive datetime is refused (it is ambiguous)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("signing and creation times must carry a time zone")
    return moment.astimezone(VIETNAM_TZ).replace(microsecond=0)


def vietnam_iso(moment: datetime) -> str:
    """ISO 8601 in Vietnam time, as DOMAIN.md §8 asks: ``2026-10-05T09:30:00+07:00``."""
    return vietnam_time(moment).isoformat(timespec="seconds")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def scan_member_name(original: str, taken: set[str] | None = None) -> str:
    """A safe member name under ``anh-phieu/`` for a scan file named ``original``.

    Vietnamese letters are folded to ASCII, anything else becomes ``-``; a clash with a name in
    ``taken`` gets ``-2``, ``-3``... before the extension.
    """
    base = original.replace("\\", "/").rsplit("/", 1)[-1]
    folded = re.sub(r"[^a-z0-9._-]+", "-", fold_for_search(nfc(base))).strip("-.")
    stem, dot, ext = (folded or "anh").rpartition(".") if "." in folded else (folded, "", "")
    stem = stem.strip("-.")[:80] or "anh"
    ext = ext[:10]
    candidate = f"{stem}{dot}{ext}"
    number = 1
    while taken is not None and SCANS_FOLDER + candidate in taken:
        number += 1
        candidate = f"{stem}-{number}{dot}{ext}"
    return SCANS_FOLDER + candidate


@dataclass(frozen=True)
class Counts:
    """Forms of the period in the raw data: every row, those counted, those voided."""

    forms: int
    active: int
    void: int


@dataclass(frozen=True)
class FileEntry:
    sha256: str  # lower-case hex
    size: int  # bytes


@dataclass(frozen=True)
class ManifestFields:
    """What the export service knows about the bundle it asks for."""

    unit_code: str
    unit_name: str
    period: Period
    version: int  # 1 for the first export of the period; k+1 after amendments
    counts: Counts
    questionnaires: tuple[tuple[str, str], ...]  # (id, version) of the forms in the period
    changes: tuple[str, ...] = ()  # for version k+1: what changed since version k, one per line


@dataclass(frozen=True)
class Manifest:
    fields: ManifestFields
    program_version: str
    created_at: datetime  # Vietnam time, to the second
    files: Mapping[str, FileEntry] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION


def bundle_file_name(unit_code: str, period: Period, version: int) -> str:
    """``12345_2026-Q3_v1.zip``; a year is ``12345_2026-Y_v1.zip``."""
    period_part = f"{period.year}-Y" if period.quarter is None else period.label
    return f"{unit_code}_{period_part}_v{version}.zip"


def field_issues(fields: ManifestFields) -> list[Issue]:
    """What is wrong with the facts the export service gives, before anything is signed."""
    issues: list[Issue] = []
    if not _UNIT_CODE.fullmatch(fields.unit_code):
        issues.append(Issue("manifest_bad_value", {"path": "unit.code",
                                                   "value": fields.unit_code}))
    if not fields.unit_name.strip() or len(fields.unit_name) > MAX_TEXT:
        issues.append(Issue("manifest_bad_value", {"path": "unit.name",
                                                   "value": fields.unit_name}))
    if fields.version < 1:
        issues.append(Issue("manifest_bad_value", {"path": "version", "value": fields.version}))
    elif (fields.version == 1) != (not fields.changes):
        issues.append(Issue("manifest_changes_mismatch", {"version": fields.version}))
    counts = fields.counts
    if min(counts.forms, counts.active, counts.void) < 0 or \
            counts.forms != counts.active + counts.void:
        issues.append(Issue("manifest_bad_value", {"path": "counts", "value": counts}))
    if not fields.questionnaires or any(
            not _QUESTIONNAIRE_ID.fullmatch(qid) or not qversion.strip()
            for qid, qversion in fields.questionnaires):
        issues.append(Issue("manifest_bad_value", {"path": "questionnaires",
                                                   "value": fields.questionnaires}))
    if any(not line.strip() or len(line) > MAX_TEXT for line in fields.changes):
        issues.append(Issue("manifest_bad_value", {"path": "changes", "value": fields.changes}))
    return issues


def build_manifest(fields: ManifestFields, files: Mapping[str, bytes], *, created_at: datetime,
                   program_version: str) -> Manifest:
    """The manifest of ``files`` (member name -> content); raises ValueError on bad facts."""
    problems = field_issues(fields)
    for name in files:
        if name in (MANIFEST_NAME, SIGNATURE_NAME) or not MEMBER_NAME.fullmatch(name):
            problems.append(Issue("manifest_bad_file_name", {"name": name}))
    problems.extend(Issue("manifest_missing_file", {"name": name})
                    for name in REQUIRED_FILES if name not in files)
    if problems:
        raise ValueError(problems)
    clean = ManifestFields(
        unit_code=fields.unit_code, unit_name=nfc(fields.unit_name).strip(),
        period=fields.period, version=fields.version, counts=fields.counts,
        questionnaires=tuple((nfc(qid), nfc(qv)) for qid, qv in fields.questionnaires),
        changes=tuple(nfc(line).strip() for line in fields.changes))
    entries = {name: FileEntry(sha256_hex(data), len(data)) for name, data in sorted(files.items())}
    return Manifest(clean, program_version, vietnam_time(created_at), entries)


def _period_json(period: Period) -> dict[str, Any]:
    return {"label": period.label, "year": period.year, "quarter": period.quarter,
            "cutoff": period.cutoff, "start": period.start.isoformat(),
            "end": period.end.isoformat()}


def manifest_json(manifest: Manifest) -> dict[str, Any]:
    f = manifest.fields
    return {
        "format": FORMAT_NAME,
        "format_version": manifest.format_version,
        "unit": {"code": f.unit_code, "name": f.unit_name},
        "period": _period_json(f.period),
        "version": f.version,
        "changes": list(f.changes),
        "counts": {"forms": f.counts.forms, "active": f.counts.active, "void": f.counts.void},
        "questionnaires": [{"id": qid, "version": qv} for qid, qv in f.questionnaires],
        "program": {"name": "khaosat", "version": manifest.program_version},
        "created_at": vietnam_iso(manifest.created_at),
        "files": {name: {"sha256": entry.sha256, "size": entry.size}
                  for name, entry in manifest.files.items()},
    }


def canonical_bytes(document: Mapping[str, Any]) -> bytes:
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def manifest_bytes(manifest: Manifest) -> bytes:
    """The exact bytes of ``manifest.json`` (what the CMS signature covers)."""
    return canonical_bytes(manifest_json(manifest))


# Parsing ------------------------------------------------------------------------------------

class _Refusal(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.issue = Issue(code, params)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refusal("manifest_duplicate_key", key=key)
        result[key] = value
    return result


def _object(value: Any, path: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """A JSON object with exactly ``keys``: a missing or an extra key is refused."""
    if not isinstance(value, dict):
        raise _Refusal("manifest_bad_value", path=path, expected="object")
    for key in keys:
        if key not in value:
            raise _Refusal("manifest_missing_field", path=f"{path}.{key}".lstrip("."))
    for key in value:
        if key not in keys:
            raise _Refusal("manifest_unexpected_field", path=f"{path}.{key}".lstrip("."))
    return value


def _int(value: Any, path: str, minimum: int = 0) -> int:
    # bool is an int in Python but not in the format
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _Refusal("manifest_bad_value", path=path, expected=f"integer >= {minimum}")
    return value


def _text(value: Any, path: str, pattern: re.Pattern[str] | None = None) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT \
            or value != nfc(value) or (pattern is not None and not pattern.fullmatch(value)):
        raise _Refusal("manifest_bad_value", path=path, expected="text")
    return value


def _period(value: Any) -> Period:
    raw = _object(value, "period", ("label", "year", "quarter", "cutoff", "start", "end"))
    quarter = raw["quarter"]
    if quarter is not None:
        quarter = _int(quarter, "period.quarter", 1)
    if raw["cutoff"] not in PERIOD_CUTOFFS:
        raise _Refusal("manifest_bad_value", path="period.cutoff", expected="cutoff")
    try:
        period = Period(_int(raw["year"], "period.year", 2000), quarter, raw["cutoff"])
    except ValueError:
        raise _Refusal("manifest_bad_value", path="period", expected="period") from None
    if raw != _period_json(period):
        raise _Refusal("manifest_bad_value", path="period", expected=period.label)
    return period


def _created_at(value: Any) -> datetime:
    if not isinstance(value, str):
        raise _Refusal("manifest_bad_value", path="created_at", expected="ISO 8601")
    try:
        moment = datetime.fromisoformat(value)
        canonical = vietnam_iso(moment)
    except ValueError:
        raise _Refusal("manifest_bad_value", path="created_at", expected="ISO 8601") from None
    if canonical != value:
        raise _Refusal("manifest_bad_value", path="created_at", expected=canonical)
    return vietnam_time(moment)


def _files(value: Any) -> dict[str, FileEntry]:
    if not isinstance(value, dict):
        raise _Refusal("manifest_bad_value", path="files", expected="object")
    files: dict[str, FileEntry] = {}
    for name, raw in value.items():
        if name in (MANIFEST_NAME, SIGNATURE_NAME) or not MEMBER_NAME.fullmatch(name):
            raise _Refusal("manifest_bad_file_name", name=name)
        entry = _object(raw, f"files.{name}", ("sha256", "size"))
        if not isinstance(entry["sha256"], str) or not _SHA256.fullmatch(entry["sha256"]):
            raise _Refusal("manifest_bad_hash", name=name)
        files[name] = FileEntry(entry["sha256"], _int(entry["size"], f"files.{name}.size"))
    for name in REQUIRED_FILES:
        if name not in files:
            raise _Refusal("manifest_missing_file", name=name)
    return files


def _parse(data: bytes) -> Manifest:
    try:
        document = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Refusal("manifest_not_json") from None
    if not isinstance(document, dict):
        raise _Refusal("manifest_not_json")
    if document.get("format") != FORMAT_NAME:
        raise _Refusal("manifest_unknown_format", found=str(document.get("format"))[:100])
    found_version = document.get("format_version")
    if found_version not in SUPPORTED_FORMAT_VERSIONS or isinstance(found_version, bool):
        raise _Refusal("manifest_format_version", found=str(found_version)[:20],
                       supported=", ".join(map(str, SUPPORTED_FORMAT_VERSIONS)))
    root = _object(document, "", ("format", "format_version", "unit", "period", "version",
                                  "changes", "counts", "questionnaires", "program",
                                  "created_at", "files"))
    unit = _object(root["unit"], "unit", ("code", "name"))
    counts_raw = _object(root["counts"], "counts", ("forms", "active", "void"))
    counts = Counts(*(_int(counts_raw[k], f"counts.{k}") for k in ("forms", "active", "void")))
    if not isinstance(root["questionnaires"], list) or not root["questionnaires"]:
        raise _Refusal("manifest_bad_value", path="questionnaires", expected="list")
    questionnaires = []
    for index, raw in enumerate(root["questionnaires"]):
        item = _object(raw, f"questionnaires[{index}]", ("id", "version"))
        questionnaires.append((_text(item["id"], f"questionnaires[{index}].id", _QUESTIONNAIRE_ID),
                               _text(item["version"], f"questionnaires[{index}].version")))
    if not isinstance(root["changes"], list):
        raise _Refusal("manifest_bad_value", path="changes", expected="list")
    changes = tuple(_text(line, f"changes[{i}]") for i, line in enumerate(root["changes"]))
    program = _object(root["program"], "program", ("name", "version"))
    if program["name"] != "khaosat":
        raise _Refusal("manifest_bad_value", path="program.name", expected="khaosat")
    fields = ManifestFields(
        unit_code=_text(unit["code"], "unit.code", _UNIT_CODE),
        unit_name=_text(unit["name"], "unit.name"),
        period=_period(root["period"]),
        version=_int(root["version"], "version", 1),
        counts=counts,
        questionnaires=tuple(questionnaires),
        changes=changes,
    )
    for issue in field_issues(fields):
        raise _Refusal(issue.code, **issue.params)
    manifest = Manifest(fields, _text(program["version"], "program.version"),
                        _created_at(root["created_at"]), _files(root["files"]), found_version)
    if manifest_bytes(manifest) != data:
        raise _Refusal("manifest_not_canonical")
    return manifest


def parse_manifest(data: bytes) -> Manifest | Issue:
    """The manifest in ``data``, or the first problem: unknown format or format version,
    missing or unexpected field, bad value, bad hash, bad file name, not canonical."""
    try:
        return _parse(data)
    except _Refusal as refusal:
        return refusal.issue
