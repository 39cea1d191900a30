"""Signer backends: the PKCS#12 file, the SoftHSM2 token, the self-signed unit certificate."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from app.bundle import signers
from app.bundle.errors import BundleError
from app.bundle.signers import (
    P12Signer,
    TokenSigner,
    create_self_signed,
    list_tokens,
    normalise_fingerprint,
)

from .conftest import PASSWORD, SIGNING_TIME, Identity, Token, make_identity


def _openssl_verifies(tmp_path: Path, content: bytes, signature: bytes) -> bool:
    (tmp_path / "content").write_bytes(content)
    (tmp_path / "content.p7s").write_bytes(signature)
    done = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                           tmp_path / "content.p7s", "-content", tmp_path / "content",
                           "-noverify", "-out", "/dev/null"], capture_output=True, text=True)
    return done.returncode == 0 and "Verification successful" in done.stderr


def test_self_signed_certificate_says_so(identity: Identity) -> None:
    _, certificate, _ = pkcs12.load_key_and_certificates(identity.path.read_bytes(),
                                                         PASSWORD.encode())
    assert certificate is not None
    organisation = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0]
    assert organisation.value == "Ủy ban nhân dân xã Nam Đông (tự ký)"
    assert certificate.subject == certificate.issuer
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert signers.fingerprint(certificate) == identity.fingerprint
    assert len(identity.fingerprint) == 95 and identity.fingerprint.count(":") == 31
    assert signers.is_self_signed_unit_certificate(certificate)


def test_self_signed_refuses_to_overwrite_and_short_passwords(tmp_path: Path) -> None:
    target = tmp_path / "unit.p12"
    target.write_bytes(b"the unit's existing key")
    with pytest.raises(BundleError) as exc:
        create_self_signed("Xã A", "10234", PASSWORD, target)
    assert exc.value.code == "file_exists"
    assert target.read_bytes() == b"the unit's existing key"
    with pytest.raises(BundleError) as exc:
        create_self_signed("Xã A", "10234", "short", tmp_path / "new.p12")
    assert exc.value.code == "password_too_short"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unit.p12"]  # no temporary left


def test_p12_signs_a_detached_cms_openssl_accepts(identity: Identity, tmp_path: Path) -> None:
    signer = P12Signer.open(identity.path, PASSWORD)
    data = "manifest có chữ tiếng Việt\n".encode()
    signature = signer.sign_detached(data, SIGNING_TIME)
    assert _openssl_verifies(tmp_path, data, signature)
    assert not _openssl_verifies(tmp_path, data + b" ", signature)


@pytest.mark.parametrize(("password", "content", "code"), [
    ("sai mật khẩu", None, "p12_wrong_password"),
    ("", None, "p12_wrong_password"),
    (PASSWORD, b"not a pkcs12 file", "p12_not_pkcs12"),
])
def test_p12_refusals(identity: Identity, tmp_path: Path, password: str, content: bytes | None,
                      code: str) -> None:
    path = identity.path
    if content is not None:
        path = tmp_path / "bad.p12"
        path.write_bytes(content)
    with pytest.raises(BundleError) as exc:
        P12Signer.open(path, password)
    assert exc.value.code == code
    assert password not in str(exc.value) or not password


def test_p12_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BundleError) as exc:
        P12Signer.open(tmp_path / "none.p12", PASSWORD)
    assert exc.value.code == "p12_missing"


@pytest.mark.parametrize(("start", "code"), [
    (SIGNING_TIME - timedelta(days=400), "certificate_expired"),
    (SIGNING_TIME + timedelta(days=1), "certificate_not_yet_valid"),
])
def test_certificate_out_of_validity_is_refused_before_signing(tmp_path: Path, start: Any,
                                                               code: str) -> None:
    identity = make_identity(tmp_path, "dated", start=start, days=365)
    signer = P12Signer.open(identity.path, PASSWORD)
    with pytest.raises(BundleError) as exc:
        signer.sign_detached(b"data", SIGNING_TIME)
    assert exc.value.code == code


def test_fingerprint_as_typed() -> None:
    hexdigits = "ab" * 32
    assert normalise_fingerprint(":".join(["AB"] * 32)) == hexdigits
    assert normalise_fingerprint(" ".join(["ab"] * 32)) == hexdigits
    assert normalise_fingerprint("ab" * 31) is None
    assert normalise_fingerprint("zz" * 32) is None


# Token (SoftHSM2) ----------------------------------------------------------------------------

def test_token_is_listed_by_label_with_its_pin_warnings(softhsm: Token) -> None:
    TokenSigner.open(softhsm.module, softhsm.label, softhsm.pin).close()  # a good PIN resets
    tokens = list_tokens(softhsm.module)
    assert [t.label for t in tokens] == [softhsm.label]  # the uninitialised slot is left out
    assert tokens[0].manufacturer and tokens[0].warnings == ()
    with pytest.raises(BundleError):
        TokenSigner.open(softhsm.module, softhsm.label, "wrong-pin-1111")
    # the token itself reports the failed try; the clerk is warned before the next PIN
    assert list_tokens(softhsm.module)[0].warnings == ("pin_count_low",)
    TokenSigner.open(softhsm.module, softhsm.label, softhsm.pin).close()
    assert list_tokens(softhsm.module)[0].warnings == ()


def test_token_signs_a_detached_cms(softhsm: Token, tmp_path: Path) -> None:
    with TokenSigner.open(softhsm.module, softhsm.label, softhsm.pin) as signer:
        assert signers.fingerprint(signer.certificate) == softhsm.fingerprint
        data = b'{"format": "khaosat-bundle"}\n'
        assert _openssl_verifies(tmp_path, data, signer.sign_detached(data, SIGNING_TIME))


@pytest.mark.parametrize(("what", "code"), [
    ("pin", "pin_incorrect"), ("label", "token_not_found"), ("module", "pkcs11_module_missing"),
    ("not-a-library", "pkcs11_module_unloadable"),
])
def test_token_refusals(softhsm: Token, tmp_path: Path, what: str, code: str) -> None:
    module, label, pin = softhsm.module, softhsm.label, softhsm.pin
    if what == "pin":
        pin = "wrong-pin-0000"
    elif what == "label":
        label = "token-not-plugged-in"
    elif what == "module":
        module = tmp_path / "missing" / "vnpt-ca.so"
    else:
        module = tmp_path / "fake.so"
        module.write_bytes(b"not a shared library")
    with pytest.raises(BundleError) as exc:
        TokenSigner.open(module, label, pin)
    assert exc.value.code == code
    assert pin not in str(exc.value)
    if code == "token_not_found":
        assert exc.value.params["available"] == softhsm.label


class _FakeToken:
    def __init__(self, flags: int) -> None:
        self.flags = flags
        self.label, self.manufacturer_id, self.model, self.serial = "VNPT", "VNPT", "m", b"1"
        self.opened = False

    def open(self, **_: Any) -> None:
        self.opened = True


def test_locked_token_is_refused_before_the_pin_is_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    from pkcs11 import TokenFlag

    locked = _FakeToken(TokenFlag.TOKEN_INITIALIZED | TokenFlag.USER_PIN_LOCKED)
    lib = SimpleNamespace(get_token=lambda token_label: locked)
    monkeypatch.setattr(signers, "_load_module", lambda path: lib)
    with pytest.raises(BundleError) as exc:
        TokenSigner.open("/usr/lib/vnpt.so", "VNPT", "123456")
    assert exc.value.code == "pin_locked" and not locked.opened


def test_pin_flags_become_warnings() -> None:
    from pkcs11 import TokenFlag

    info = signers._token_info(_FakeToken(TokenFlag.TOKEN_INITIALIZED
                                          | TokenFlag.USER_PIN_FINAL_TRY
                                          | TokenFlag.USER_PIN_COUNT_LOW))
    assert info.warnings == ("pin_final_try", "pin_count_low")
