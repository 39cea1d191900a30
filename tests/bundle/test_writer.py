"""Writing a bundle end to end, checked by outside tools: openssl, pdfsig, pyHanko, our verifier."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from app.bundle.errors import BundleError
from app.bundle.manifest import (
    MANIFEST_NAME,
    REPORT_PDF,
    SIGNATURE_NAME,
)
from app.bundle.pdf_sign import Box
from app.bundle.signers import P12Signer, TokenSigner
from app.bundle.verifier import verify_bundle
from app.bundle.writer import write_bundle

from .conftest import (
    PASSWORD,
    SIGNING_TIME,
    STAMP_BOX,
    VERIFY_NOW,
    Identity,
    PeriodFiles,
    Token,
    make_identity,
)


def _extract(bundle: Path, folder: Path) -> Path:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    return folder


def _openssl_cms(folder: Path, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER",
         "-in", folder / SIGNATURE_NAME, "-content", folder / MANIFEST_NAME,
         "-out", "/dev/null", *extra], capture_output=True, text=True)


def _certificate_pem(identity: Identity, folder: Path) -> Path:
    _, certificate, _ = pkcs12.load_key_and_certificates(identity.path.read_bytes(),
                                                         PASSWORD.encode())
    assert certificate is not None
    path = folder / "unit.pem"
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


def _pdfsig(pdf: Path) -> str:
    # pdfsig exits 0 even on a broken signature: its text is what counts.
    return subprocess.run(["pdfsig", pdf], capture_output=True, text=True).stdout


@pytest.fixture
def p12_bundle(signed_bundle: Path) -> Path:
    return signed_bundle


def test_bundle_name_and_layout(p12_bundle: Path) -> None:
    assert p12_bundle.name == "10234_2026-Q3_v1.zip"
    with zipfile.ZipFile(p12_bundle) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert names == ["bao-cao.pdf", "bao-cao.xlsx", "du-lieu-phieu.csv", "du-lieu-phieu.xlsx",
                     "manifest.json", "manifest.json.p7s", "nhat-ky.jsonl"]
    assert {i.date_time for i in infos} == {(2026, 10, 5, 9, 30, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.extra for i in infos} == {b""}
    assert [p.name for p in p12_bundle.parent.iterdir()] == [p12_bundle.name]


def test_outside_tools_accept_both_signatures(p12_bundle: Path, identity: Identity,
                                              tmp_path: Path) -> None:
    folder = _extract(p12_bundle, tmp_path / "x")
    done = _openssl_cms(folder, "-noverify")
    assert done.returncode == 0 and "Verification successful" in done.stderr
    pem = _certificate_pem(identity, tmp_path)
    done = _openssl_cms(folder, "-CAfile", pem, "-purpose", "any")
    assert done.returncode == 0 and "Verification successful" in done.stderr
    text = _pdfsig(folder / REPORT_PDF)
    assert "Signature is Valid" in text and "Total document signed" in text
    assert "ETSI.CAdES.detached" in text
    pyhanko = Path(sys.executable).parent / "pyhanko"  # the venv's, from pyhanko-cli
    done = subprocess.run([pyhanko, "sign", "validate",
                           "--no-revocation-check", "--trust", pem, folder / REPORT_PDF],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "INTACT:TRUSTED" in done.stdout


def test_our_verifier_is_all_green(p12_bundle: Path, identity: Identity, tmp_path: Path) -> None:
    verdict = verify_bundle(p12_bundle, now=VERIFY_NOW, fingerprint=identity.fingerprint)
    assert verdict.ok, [c for c in verdict.checks if c.status != "pass"]
    pem = _certificate_pem(identity, tmp_path).read_bytes()
    verdict = verify_bundle(p12_bundle, now=VERIFY_NOW, trust_pem=pem)
    assert verdict.ok, [c for c in verdict.checks if c.status != "pass"]
    assert [c.code for c in verdict.checks if c.subject == "trust"] == ["trust_root_ok"]


def test_same_inputs_and_time_give_the_same_bytes(identity: Identity, quarter_files: PeriodFiles,
                                                  p12_bundle: Path, tmp_path: Path) -> None:
    signer = P12Signer.open(identity.path, PASSWORD)
    again = write_bundle(tmp_path, quarter_files.files, quarter_files.fields, signer,
                         SIGNING_TIME, stamp_box=STAMP_BOX)
    # RSA PKCS#1 v1.5 signatures are deterministic too, so the whole zip is identical.
    assert again.read_bytes() == p12_bundle.read_bytes()
    (tmp_path / "later").mkdir()
    later = write_bundle(tmp_path / "later", quarter_files.files, quarter_files.fields, signer,
                         SIGNING_TIME + timedelta(seconds=1), stamp_box=STAMP_BOX)
    with zipfile.ZipFile(later) as a, zipfile.ZipFile(p12_bundle) as b:
        for name in ("du-lieu-phieu.csv", "du-lieu-phieu.xlsx", "bao-cao.xlsx", "nhat-ky.jsonl"):
            assert a.read(name) == b.read(name)
        assert a.read(MANIFEST_NAME) != b.read(MANIFEST_NAME)  # created_at moved


def test_an_existing_bundle_is_never_overwritten(identity: Identity, quarter_files: PeriodFiles,
                                                 p12_bundle: Path) -> None:
    before = p12_bundle.read_bytes()
    signer = P12Signer.open(identity.path, PASSWORD)
    with pytest.raises(BundleError) as exc:
        write_bundle(p12_bundle.parent, quarter_files.files, quarter_files.fields, signer,
                     SIGNING_TIME, stamp_box=STAMP_BOX)
    assert exc.value.code == "file_exists"
    assert p12_bundle.read_bytes() == before


@pytest.mark.parametrize("problem", ["expired", "not_yet_valid", "unreadable_input", "not_pdf",
                                     "no_page", "missing_file", "bad_facts"])
def test_refusals_leave_nothing_behind(problem: str, identity: Identity,
                                       quarter_files: PeriodFiles, tmp_path: Path) -> None:
    files: dict[str, bytes | Path] = dict(quarter_files.files)
    fields, box, key = quarter_files.fields, STAMP_BOX, identity
    codes = {"expired": "certificate_expired", "not_yet_valid": "certificate_not_yet_valid",
             "unreadable_input": "input_unreadable", "not_pdf": "pdf_unreadable",
             "no_page": "stamp_page_out_of_range", "missing_file": "manifest_missing_file",
             "bad_facts": "manifest_bad_value"}
    keys = tmp_path / "keys"
    keys.mkdir()
    if problem == "expired":
        key = make_identity(keys, "old", start=SIGNING_TIME - timedelta(days=800), days=365)
    elif problem == "not_yet_valid":
        key = make_identity(keys, "new", start=SIGNING_TIME + timedelta(days=2))
    elif problem == "unreadable_input":
        files["anh-phieu/phieu-1.jpg"] = tmp_path / "no-such-scan.jpg"
    elif problem == "not_pdf":
        files[REPORT_PDF] = b"%PDF-1.7 truncated"
    elif problem == "no_page":
        box = Box(page=9, x=10, y=10, width=100, height=50)
    elif problem == "missing_file":
        del files["nhat-ky.jsonl"]
    else:
        fields = replace(fields, unit_code="12")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BundleError) as exc:
        write_bundle(out, files, fields, P12Signer.open(key.path, PASSWORD), SIGNING_TIME,
                     stamp_box=box)
    assert exc.value.code == codes[problem]
    assert list(out.iterdir()) == []


def test_token_bundle_end_to_end(softhsm: Token, quarter_files: PeriodFiles,
                                 tmp_path: Path) -> None:
    with TokenSigner.open(softhsm.module, softhsm.label, softhsm.pin) as signer:
        bundle = write_bundle(tmp_path, quarter_files.files, quarter_files.fields, signer,
                              SIGNING_TIME, stamp_box=STAMP_BOX)
    folder = _extract(bundle, tmp_path / "x")
    done = _openssl_cms(folder, "-noverify")
    assert done.returncode == 0 and "Verification successful" in done.stderr
    assert "Signature is Valid" in _pdfsig(folder / REPORT_PDF)
    verdict = verify_bundle(bundle, now=VERIFY_NOW, fingerprint=softhsm.fingerprint)
    assert verdict.ok, [c for c in verdict.checks if c.status != "pass"]
    assert verdict.signer_fingerprint == softhsm.fingerprint
