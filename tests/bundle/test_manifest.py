"""The manifest: canonical bytes, strict parsing, names of the bundle and of scans."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.bundle.manifest import (
    DATA_CSV,
    REQUIRED_FILES,
    Counts,
    Manifest,
    build_manifest,
    bundle_file_name,
    canonical_bytes,
    manifest_bytes,
    manifest_json,
    parse_manifest,
    scan_member_name,
    vietnam_iso,
)
from app.domain.forms import Issue
from app.domain.periods import Period

from .conftest import SIGNING_TIME, PeriodFiles


@pytest.fixture
def manifest(quarter_files: PeriodFiles) -> Manifest:
    return build_manifest(quarter_files.fields, quarter_files.files, created_at=SIGNING_TIME,
                          program_version="0.1.0")


def test_bytes_are_canonical_sorted_utf8_with_one_newline(manifest: Manifest) -> None:
    data = manifest_bytes(manifest)
    assert data.endswith(b"}\n") and not data.endswith(b"\n\n")
    assert "Ủy ban nhân dân xã Nam Đông".encode() in data  # UTF-8, not \\u escapes
    document = json.loads(data)
    assert list(document) == sorted(document)
    assert document["format_version"] == 1
    assert document["created_at"] == "2026-10-05T09:30:00+07:00"
    assert document["counts"] == {"forms": 105, "active": 103, "void": 2}
    assert document["period"]["label"] == "2026-Q3" and document["period"]["end"] == "2026-09-30"
    assert set(document["files"]) == set(REQUIRED_FILES)
    assert document["files"][DATA_CSV]["size"] > 0


def test_parse_gives_back_the_same_manifest(manifest: Manifest) -> None:
    parsed = parse_manifest(manifest_bytes(manifest))
    assert parsed == manifest


def test_created_at_is_vietnam_time_whatever_zone_it_came_in(quarter_files: PeriodFiles) -> None:
    utc = SIGNING_TIME.astimezone(UTC)
    made = build_manifest(quarter_files.fields, quarter_files.files, created_at=utc,
                          program_version="0.1.0")
    assert manifest_json(made)["created_at"] == "2026-10-05T09:30:00+07:00"
    with pytest.raises(ValueError):
        vietnam_iso(datetime(2026, 10, 5, 9, 30))  # naive: refused, it is ambiguous


def _edited(manifest: Manifest, change: dict[str, object]) -> bytes:
    document = manifest_json(manifest)
    document.update(change)
    return canonical_bytes(document)


@pytest.mark.parametrize(("change", "code"), [
    ({"format_version": 2}, "manifest_format_version"),
    ({"format_version": True}, "manifest_format_version"),
    ({"format": "other-bundle"}, "manifest_unknown_format"),
    ({"extra": 1}, "manifest_unexpected_field"),
    ({"counts": {"forms": 105, "active": 103}}, "manifest_missing_field"),
    ({"counts": {"forms": 105, "active": 100, "void": 2}}, "manifest_bad_value"),
    ({"version": 0}, "manifest_bad_value"),
    ({"version": 2}, "manifest_changes_mismatch"),
    ({"created_at": "2026-10-05 09:30"}, "manifest_bad_value"),
    ({"period": {"label": "2026-Q3", "year": 2026, "quarter": 3, "cutoff": "calendar",
                 "start": "2026-07-01", "end": "2026-09-29"}}, "manifest_bad_value"),
    ({"unit": {"code": "1234", "name": "Xã"}}, "manifest_bad_value"),
])
def test_strict_validation_names_the_problem(manifest: Manifest, change: dict[str, object],
                                             code: str) -> None:
    result = parse_manifest(_edited(manifest, change))
    assert isinstance(result, Issue) and result.code == code


def test_missing_field_names_its_path(manifest: Manifest) -> None:
    document = manifest_json(manifest)
    del document["questionnaires"]
    result = parse_manifest(canonical_bytes(document))
    assert result == Issue("manifest_missing_field", {"path": "questionnaires"})


def test_bad_hash_bad_name_and_missing_required_file(manifest: Manifest) -> None:
    document = manifest_json(manifest)
    document["files"][DATA_CSV]["sha256"] = "ABC"
    assert parse_manifest(canonical_bytes(document)) == Issue("manifest_bad_hash",
                                                              {"name": DATA_CSV})
    document = manifest_json(manifest)
    document["files"]["../evil.txt"] = {"sha256": "0" * 64, "size": 1}
    assert parse_manifest(canonical_bytes(document)) == Issue("manifest_bad_file_name",
                                                              {"name": "../evil.txt"})
    document = manifest_json(manifest)
    del document["files"][DATA_CSV]
    assert parse_manifest(canonical_bytes(document)) == Issue("manifest_missing_file",
                                                              {"name": DATA_CSV})


def test_other_spellings_of_the_same_facts_are_refused(manifest: Manifest) -> None:
    data = manifest_bytes(manifest)
    assert parse_manifest(data.rstrip(b"\n")).code == "manifest_not_canonical"  # type: ignore[union-attr]
    compact = json.dumps(json.loads(data), sort_keys=True, ensure_ascii=False).encode() + b"\n"
    assert parse_manifest(compact).code == "manifest_not_canonical"  # type: ignore[union-attr]
    duplicated = data.replace(b'"version": 1\n', b'"version": 1,\n  "version": 1\n')
    assert parse_manifest(duplicated).code == "manifest_duplicate_key"  # type: ignore[union-attr]
    for garbage in (b"", b"\xff\xfe", b"[1, 2]", b"{" * 100_000):
        assert parse_manifest(garbage).code == "manifest_not_json"  # type: ignore[union-attr]


def test_a_later_version_carries_its_changes(quarter_files: PeriodFiles) -> None:
    fields = replace(quarter_files.fields, version=2,
                     changes=("Phiếu 0012: hủy (lý do: phiếu trùng).",))
    made = build_manifest(fields, quarter_files.files, created_at=SIGNING_TIME,
                          program_version="0.1.0")
    parsed = parse_manifest(manifest_bytes(made))
    assert isinstance(parsed, Manifest) and parsed.fields.changes == fields.changes
    with pytest.raises(ValueError):
        build_manifest(replace(fields, changes=()), quarter_files.files,
                       created_at=SIGNING_TIME, program_version="0.1.0")
    with pytest.raises(ValueError):
        build_manifest(replace(fields, counts=Counts(5, 5, 1)), quarter_files.files,
                       created_at=SIGNING_TIME + timedelta(1), program_version="0.1.0")


def test_bundle_names() -> None:
    assert bundle_file_name("10234", Period(2026, 3), 1) == "10234_2026-Q3_v1.zip"
    assert bundle_file_name("10234", Period(2026, None), 2) == "10234_2026-Y_v2.zip"


def test_scan_names_are_safe_and_unique() -> None:
    first = scan_member_name("C:\\Ảnh quét\\Phiếu số 12 (bản gốc).JPG")
    assert first == "anh-phieu/phieu-so-12-ban-goc.jpg"
    assert scan_member_name("../../etc/passwd") == "anh-phieu/passwd"
    second = scan_member_name("Phiếu số 12 (bản gốc).jpg", {first})
    assert second != first and second.endswith("-2.jpg")
