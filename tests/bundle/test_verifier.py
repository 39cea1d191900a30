"""The verifier against tampered, swapped, truncated and hostile bundles: the right line fails,
every other line is still reported, and nothing raises."""

from __future__ import annotations

import json
import struct
import warnings
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.bundle.manifest import (
    AUDIT_LOG,
    DATA_CSV,
    DATA_XLSX,
    MANIFEST_NAME,
    REPORT_PDF,
    REPORT_XLSX,
    SIGNATURE_NAME,
    Counts,
    canonical_bytes,
)
from app.bundle.signers import P12Signer
from app.bundle.verifier import FAIL, PASS, Limits, Verdict, verify_bundle
from app.bundle.writer import write_bundle

from .conftest import (
    PASSWORD,
    SIGNING_TIME,
    STAMP_BOX,
    VERIFY_NOW,
    Identity,
    PeriodFiles,
    flip_byte,
    members_of,
    period_files,
    rezip,
)


def _verify(bundle: Path, identity: Identity, **kwargs: object) -> Verdict:
    kwargs.setdefault("fingerprint", identity.fingerprint)
    return verify_bundle(bundle, now=VERIFY_NOW, **kwargs)  # type: ignore[arg-type]


def _failed(verdict: Verdict) -> set[tuple[str, str]]:
    return {(c.code, str(c.params.get("name", ""))) for c in verdict.failed()}


def test_untouched_bundle_re_zipped_still_verifies(signed_bundle: Path, identity: Identity,
                                                   tmp_path: Path) -> None:
    # Our own re-zipping (used below) changes nothing the verifier relies on.
    copy = rezip(members_of(signed_bundle), tmp_path / "copy.zip")
    assert _verify(copy, identity).ok


@pytest.mark.parametrize(("name", "expected"), [
    (REPORT_PDF, {("file_hash_mismatch", REPORT_PDF)}),
    (REPORT_XLSX, {("file_hash_mismatch", REPORT_XLSX)}),
    (DATA_CSV, {("file_hash_mismatch", DATA_CSV)}),
    (DATA_XLSX, {("file_hash_mismatch", DATA_XLSX)}),
    (AUDIT_LOG, {("file_hash_mismatch", AUDIT_LOG)}),
    (MANIFEST_NAME, {("cms_digest_mismatch", "")}),
    (SIGNATURE_NAME, set()),
])
def test_a_changed_byte_in_any_file_fails_its_line(signed_bundle: Path, identity: Identity,
                                                   tmp_path: Path, name: str,
                                                   expected: set[tuple[str, str]]) -> None:
    members = members_of(signed_bundle)
    members[name] = flip_byte(members[name])
    verdict = _verify(rezip(members, tmp_path / "tampered.zip"), identity)
    assert not verdict.ok
    assert expected <= _failed(verdict)
    if name == SIGNATURE_NAME:
        assert {c.subject for c in verdict.failed()} >= {"cms"}
    if name == REPORT_PDF:
        assert any(c.subject == "pdf" for c in verdict.failed())
    # the lines of untouched files still pass
    untouched = {n for n in (REPORT_XLSX, DATA_CSV, AUDIT_LOG) if n != name}
    passed = {str(c.params.get("name")) for c in verdict.checks
              if c.code == "file_ok" and c.status == PASS}
    if name != MANIFEST_NAME:
        assert untouched <= passed


def test_swapped_manifest(signed_bundle: Path, identity: Identity, tmp_path: Path) -> None:
    other_files = period_files(forms=104, voided=1)
    out = tmp_path / "other"
    out.mkdir()
    other = write_bundle(out, other_files.files, other_files.fields,
                         P12Signer.open(identity.path, PASSWORD), SIGNING_TIME,
                         stamp_box=STAMP_BOX)
    members, donor = members_of(signed_bundle), members_of(other)
    # the manifest alone from another bundle: its signature no longer matches
    alone = _verify(rezip({**members, MANIFEST_NAME: donor[MANIFEST_NAME]},
                          tmp_path / "alone.zip"), identity)
    assert ("cms_digest_mismatch", "") in _failed(alone)
    # manifest and signature together: validly signed, but the files are not the ones listed
    both = _verify(rezip({**members, MANIFEST_NAME: donor[MANIFEST_NAME],
                          SIGNATURE_NAME: donor[SIGNATURE_NAME]}, tmp_path / "both.zip"),
                   identity)
    assert [c.code for c in both.checks if c.subject == "cms"] == ["cms_ok"]
    assert {("file_hash_mismatch", DATA_CSV), ("file_hash_mismatch", REPORT_PDF)} <= \
        _failed(both)


def test_truncated_bundle(signed_bundle: Path, identity: Identity, tmp_path: Path) -> None:
    data = signed_bundle.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    verdict = _verify(truncated, identity)
    assert verdict.checks[0].code == "zip_unreadable" and not verdict.ok
    assert {c.status for c in verdict.checks[1:]} == {"skip"}
    missing = _verify(tmp_path / "absent.zip", identity)
    assert missing.checks[0].code == "zip_missing"


@pytest.mark.parametrize("evil", ["../../evil.txt", "/etc/cron.d/evil", "C:/Windows/evil.txt",
                                  "anh-phieu\\..\\evil.txt", "a/./b.txt"])
def test_path_traversal_is_refused_before_reading(signed_bundle: Path, identity: Identity,
                                                  tmp_path: Path, evil: str) -> None:
    members = {**members_of(signed_bundle), evil: b"owned"}
    verdict = _verify(rezip(members, tmp_path / "evil.zip"), identity)
    assert ("zip_unsafe_name", evil) in {(c.code, c.params.get("name")) for c in verdict.failed()}
    assert all(c.status == "skip" for c in verdict.checks if c.subject != "zip")


def test_duplicate_names(signed_bundle: Path, identity: Identity, tmp_path: Path) -> None:
    import zipfile

    out = tmp_path / "dup.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate we make on purpose
        with zipfile.ZipFile(out, "w") as archive:
            for name, data in members_of(signed_bundle).items():
                archive.writestr(name, data)
            archive.writestr(DATA_CSV, b"serial,status\r\n")
    verdict = _verify(out, identity)
    assert ("zip_duplicate_name", DATA_CSV) in _failed(verdict)


def test_oversized_entries_by_declared_size_and_ratio(signed_bundle: Path, identity: Identity,
                                                      tmp_path: Path) -> None:
    small = _verify(signed_bundle, identity, limits=Limits(max_entry_bytes=10_000))
    assert ("zip_entry_too_large", REPORT_PDF) in _failed(small)
    total = _verify(signed_bundle, identity, limits=Limits(max_total_bytes=50_000))
    assert "zip_total_too_large" in {c.code for c in total.failed()}
    bomb = {**members_of(signed_bundle), "anh-phieu/bom.txt": bytes(3 * 1024 * 1024)}
    verdict = _verify(rezip(bomb, tmp_path / "bomb.zip"), identity)
    assert ("zip_entry_ratio", "anh-phieu/bom.txt") in _failed(verdict)


def _patch_declared_size(zip_bytes: bytes, name: bytes, size: int) -> bytes:
    """Lower the size a zip declares for ``name`` in both its headers (a lying archive)."""
    data = bytearray(zip_bytes)
    local = data.find(b"PK\x03\x04" + b"\x14\x00")
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30: local + 30 + name_length] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + name_length] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def test_entry_bigger_than_declared_is_caught(signed_bundle: Path, identity: Identity,
                                              tmp_path: Path) -> None:
    honest = rezip(members_of(signed_bundle), tmp_path / "honest.zip").read_bytes()
    lying = tmp_path / "lying.zip"
    lying.write_bytes(_patch_declared_size(honest, AUDIT_LOG.encode(), 100))
    verdict = _verify(lying, identity)
    assert ("zip_entry_corrupt", AUDIT_LOG) in _failed(verdict)
    assert not verdict.ok


def test_unknown_format_version_is_its_own_line(signed_bundle: Path, identity: Identity,
                                                tmp_path: Path) -> None:
    members = members_of(signed_bundle)
    document = json.loads(members[MANIFEST_NAME])
    document["format_version"] = 2
    newer = canonical_bytes(document)
    signer = P12Signer.open(identity.path, PASSWORD)
    members.update({MANIFEST_NAME: newer,
                    SIGNATURE_NAME: signer.sign_detached(newer, SIGNING_TIME)})
    verdict = _verify(rezip(members, tmp_path / "v2.zip"), identity)
    manifest_line = next(c for c in verdict.checks if c.subject == "manifest")
    assert manifest_line.code == "manifest_format_version" and manifest_line.status == FAIL
    assert manifest_line.params == {"found": "2", "supported": "1"}
    assert [c.code for c in verdict.checks if c.subject == "cms"] == ["cms_ok"]


def test_extra_and_missing_files(signed_bundle: Path, identity: Identity, tmp_path: Path) -> None:
    members = members_of(signed_bundle)
    del members[DATA_CSV]
    members["ghi-chu.txt"] = b"added after signing"
    verdict = _verify(rezip(members, tmp_path / "changed.zip"), identity)
    assert {("file_missing", DATA_CSV), ("file_unexpected", "ghi-chu.txt")} <= _failed(verdict)


def test_counts_that_do_not_add_up(identity: Identity, quarter_files: PeriodFiles,
                                   tmp_path: Path) -> None:
    fields = replace(quarter_files.fields, counts=Counts(forms=106, active=104, void=2))
    bundle = write_bundle(tmp_path, quarter_files.files, fields,
                          P12Signer.open(identity.path, PASSWORD), SIGNING_TIME,
                          stamp_box=STAMP_BOX)
    verdict = _verify(bundle, identity)
    assert {("counts_mismatch", DATA_CSV), ("counts_mismatch", DATA_XLSX)} == _failed(verdict)


def test_pdf_signed_by_someone_else(signed_bundle: Path, identity: Identity,
                                    other_identity: Identity, quarter_files: PeriodFiles,
                                    tmp_path: Path) -> None:
    other = write_bundle(tmp_path, quarter_files.files, quarter_files.fields,
                         P12Signer.open(other_identity.path, PASSWORD), SIGNING_TIME,
                         stamp_box=STAMP_BOX)
    members = members_of(signed_bundle)
    document = json.loads(members[MANIFEST_NAME])
    pdf = members_of(other)[REPORT_PDF]
    from app.bundle.manifest import sha256_hex

    document["files"][REPORT_PDF] = {"sha256": sha256_hex(pdf), "size": len(pdf)}
    manifest = canonical_bytes(document)
    members.update({REPORT_PDF: pdf, MANIFEST_NAME: manifest, SIGNATURE_NAME: P12Signer.open(
        identity.path, PASSWORD).sign_detached(manifest, SIGNING_TIME)})
    verdict = _verify(rezip(members, tmp_path / "mixed.zip"), identity)
    assert {c.code for c in verdict.failed()} == {"pdf_signer_differs"}


def test_trust_lines(signed_bundle: Path, identity: Identity, other_identity: Identity,
                     tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    none = verify_bundle(signed_bundle, now=VERIFY_NOW)
    assert [c.code for c in none.failed()] == ["trust_none"]
    assert none.failed()[0].params["fingerprint"] == identity.fingerprint
    assert sum(c.status == PASS for c in none.checks) == len(none.checks) - 1
    wrong = _verify(signed_bundle, identity, fingerprint=other_identity.fingerprint)
    assert [c.code for c in wrong.failed()] == ["trust_fingerprint_mismatch"]
    typed = _verify(signed_bundle, identity, fingerprint=identity.fingerprint.lower()
                    .replace(":", " "))
    assert typed.ok
    garbage = _verify(signed_bundle, identity, fingerprint="12:34")
    assert [c.code for c in garbage.failed()] == ["trust_fingerprint_malformed"]
    _, other_cert, _ = pkcs12.load_key_and_certificates(other_identity.path.read_bytes(),
                                                        PASSWORD.encode())
    assert other_cert is not None
    root = _verify(signed_bundle, identity, fingerprint=None,
                   trust_pem=other_cert.public_bytes(serialization.Encoding.PEM))
    assert [c.code for c in root.failed()] == ["trust_root_mismatch"]
    unreadable = _verify(signed_bundle, identity, trust_pem=b"not a certificate")
    assert "trust_root_unreadable" in {c.code for c in unreadable.failed()}


def test_signing_time_ahead_of_now(signed_bundle: Path, identity: Identity) -> None:
    verdict = verify_bundle(signed_bundle, now=SIGNING_TIME - timedelta(days=3),
                            fingerprint=identity.fingerprint)
    assert [c.code for c in verdict.failed()] == ["signing_time_in_future"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(cut=st.one_of(st.none(), st.integers(min_value=0, max_value=200_000)),
       flips=st.lists(st.tuples(st.floats(min_value=0, max_value=1, exclude_max=True),
                                st.integers(min_value=1, max_value=255)), max_size=4))
def test_fuzzed_bundles_always_get_a_verdict(signed_bundle: Path, identity: Identity,
                                             tmp_path: Path, cut: int | None,
                                             flips: list[tuple[float, int]]) -> None:
    data = bytearray(signed_bundle.read_bytes())
    for where, mask in flips:
        data[int(where * len(data))] ^= mask
    if cut is not None:
        data = data[:cut]
    target = tmp_path / "fuzzed.zip"
    target.write_bytes(bytes(data))
    verdict = _verify(target, identity)
    assert isinstance(verdict, Verdict) and verdict.checks
    if cut is not None and cut < len(signed_bundle.read_bytes()) - 22:
        assert not verdict.ok  # a zip cut before its end record cannot pass
