"""Who signs: a PKCS#12 file (.p12/.pfx) or a PKCS#11 token (the USB tokens of Vietnamese CAs).

Both backends give the same two things: a detached CMS signature (DER) over bytes, with the
signing time as a signed attribute, and a pyHanko signer for the PAdES signature of the report.
A certificate that is expired or not yet valid at the signing time is refused before anything is
signed (``certificate_expired`` / ``certificate_not_yet_valid``).

Passwords and PINs live only in the arguments of ``open``: they are never stored on an object,
logged, or put into an error's parameters.

Refusals are ``BundleError`` codes (docs/bundle.md): ``p12_missing``, ``p12_not_pkcs12``,
``p12_wrong_password``, ``p12_no_key``, ``pkcs11_module_missing``, ``pkcs11_module_unloadable``,
``token_not_found``, ``token_absent``, ``pin_incorrect``, ``pin_invalid``, ``pin_locked``,
``token_no_key``, ``token_several_keys``, ``token_no_certificate``, ``token_error``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from app.bundle.errors import BundleError
from app.bundle.files import write_new_file
from app.bundle.manifest import vietnam_iso, vietnam_time
from app.domain.text import nfc

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer as PyHankoSigner

SELF_SIGNED_MARK = "(tự ký)"
# 2048 bits, like the certificates of Vietnamese CAs' tokens; opening a 3072-bit .p12 costs
# 0.35 s more, because OpenSSL re-validates the RSA key on every load.
SELF_SIGNED_KEY_BITS = 2048
DEFAULT_SELF_SIGNED_DAYS = 5 * 365
MIN_PASSWORD_LENGTH = 8
_NAME_LIMIT = 64  # X.520 upper bound of CN and O


class Signer(Protocol):
    """A signing identity, open for signing until ``close``."""

    @property
    def certificate(self) -> x509.Certificate: ...

    def sign_detached(self, data: bytes, signing_time: datetime) -> bytes:
        """Detached CMS SignedData (DER) over ``data`` with ``signing_time`` signed in."""
        ...

    def pdf_signer(self) -> PyHankoSigner:
        """The pyHanko signer for a PAdES signature with this identity."""
        ...

    def close(self) -> None: ...


# Certificates ---------------------------------------------------------------------------------

def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the certificate, upper-case hex in colon-separated pairs (to read aloud)."""
    digest = certificate.fingerprint(hashes.SHA256()).hex().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def normalise_fingerprint(text: str) -> str | None:
    """64 lower-case hex digits from what a person typed (colons, spaces, any case), or None."""
    digits = "".join(ch for ch in text.lower() if ch not in ": -\t")
    if len(digits) != 64 or any(ch not in "0123456789abcdef" for ch in digits):
        return None
    return digits


def subject_text(certificate: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = certificate.subject.get_attributes_for_oid(oid)
    value = values[0].value if values else ""
    return nfc(value if isinstance(value, str) else value.decode("utf-8", "replace"))


def signer_name(certificate: x509.Certificate) -> str:
    """The name to show for the signer: the certificate's CN, else its O."""
    return (subject_text(certificate, NameOID.COMMON_NAME)
            or subject_text(certificate, NameOID.ORGANIZATION_NAME))


def is_self_signed_unit_certificate(certificate: x509.Certificate) -> bool:
    """A certificate made by ``create_self_signed`` (its O or OU carries the mark)."""
    marked = any(SELF_SIGNED_MARK in subject_text(certificate, oid)
                 for oid in (NameOID.ORGANIZATION_NAME, NameOID.ORGANIZATIONAL_UNIT_NAME))
    return marked and certificate.issuer == certificate.subject


def check_certificate_validity(certificate: x509.Certificate, at: datetime) -> None:
    """Refuse a certificate that is not valid at ``at`` (an aware datetime)."""
    not_before = certificate.not_valid_before_utc
    not_after = certificate.not_valid_after_utc
    if at < not_before:
        raise BundleError("certificate_not_yet_valid", not_before=vietnam_iso(not_before),
                          at=vietnam_iso(at))
    if at > not_after:
        raise BundleError("certificate_expired", not_after=vietnam_iso(not_after),
                          at=vietnam_iso(at))


@contextlib.contextmanager
def signing_errors() -> Iterator[None]:
    """Turn a failure while signing (token pulled out, key refused) into ``signing_failed``."""
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.sign.general import SigningError

    try:
        yield
    except PKCS11Error as exc:
        raise _token_error(exc, "") from None
    except SigningError as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, PKCS11Error):
            raise _token_error(cause, "") from None
        raise BundleError("signing_failed", reason=str(exc)[:300]) from None


# Both backends --------------------------------------------------------------------------------

class _PyHankoBackedSigner:
    def __init__(self, pyhanko_signer: PyHankoSigner, certificate: x509.Certificate) -> None:
        self._pyhanko_signer = pyhanko_signer
        self._certificate = certificate

    @property
    def certificate(self) -> x509.Certificate:
        return self._certificate

    def pdf_signer(self) -> PyHankoSigner:
        return self._pyhanko_signer

    def sign_detached(self, data: bytes, signing_time: datetime) -> bytes:
        from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

        moment = vietnam_time(signing_time)
        check_certificate_validity(self._certificate, moment)
        attributes = PdfCMSSignedAttributes(signing_time=moment)
        # pyHanko 0.38 signs general data only through its async API (a token's is async only).
        with signing_errors():
            content_info = asyncio.run(self._pyhanko_signer.async_sign_general_data(
                data, "sha256", detached=True, signed_attr_settings=attributes))
        der: bytes = content_info.dump()
        return der

    def close(self) -> None:
        pass

    def __enter__(self) -> _PyHankoBackedSigner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# PKCS#12 file ---------------------------------------------------------------------------------

class P12Signer(_PyHankoBackedSigner):
    """A key and certificate from a .p12/.pfx file, decrypted in memory."""

    @classmethod
    def open(cls, path: Path, password: str) -> P12Signer:
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise BundleError("p12_missing", path=str(path)) from None
        except OSError as exc:
            raise BundleError("p12_missing", path=str(path), reason=exc.strerror or "") from None
        if not _looks_like_pkcs12(data):
            raise BundleError("p12_not_pkcs12", path=str(path))
        try:
            key, certificate, extra = pkcs12.load_key_and_certificates(
                data, password.encode("utf-8") if password else None)
        except ValueError:
            # The structure is a PKCS#12 (checked above), so the password is what failed.
            raise BundleError("p12_wrong_password", path=str(path)) from None
        if key is None or certificate is None:
            raise BundleError("p12_no_key", path=str(path))
        key_der = key.private_bytes(serialization.Encoding.DER,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        chain = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
                 for c in extra]
        signing_cert = asn1_x509.Certificate.load(
            certificate.public_bytes(serialization.Encoding.DER))
        pyhanko_signer = _LoadedKeySigner(
            key,
            signing_cert=signing_cert,
            signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
            cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
                [signing_cert, *chain]))
        return cls(pyhanko_signer, certificate)


class _LoadedKeySigner(SimpleSigner):
    """pyHanko's SimpleSigner re-reads its key from DER for every signature, and OpenSSL 3
    re-validates an RSA key on each read (~0.3 s for 3072 bits); this one keeps the key that
    the PKCS#12 file gave."""

    def __init__(self, key: PrivateKeyTypes, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._loaded_key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism["algorithm"].native in ("rsassa_pkcs1v15", "sha256_rsa") \
                and isinstance(self._loaded_key, rsa.RSAPrivateKey):
            signature: bytes = self._loaded_key.sign(
                data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            return signature
        return super().sign_raw(data, digest_algorithm)


def _looks_like_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return bool(pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native)
    except Exception:  # any parse failure means "not a PKCS#12 file"
        return False


# PKCS#11 token --------------------------------------------------------------------------------

@dataclass(frozen=True)
class TokenInfo:
    """A token in a reader, as the clerk chooses it (by label: slot numbers change)."""

    label: str
    manufacturer: str
    model: str
    serial: str
    pin_count_low: bool  # a wrong PIN was entered since the last good one
    pin_final_try: bool  # one more wrong PIN locks the token
    pin_locked: bool

    @property
    def warnings(self) -> tuple[str, ...]:
        """Codes to show before asking the PIN: ``pin_locked``, ``pin_final_try``,
        ``pin_count_low`` (the most serious first)."""
        flags = (("pin_locked", self.pin_locked), ("pin_final_try", self.pin_final_try),
                 ("pin_count_low", self.pin_count_low))
        return tuple(code for code, raised in flags if raised)


def _load_module(module_path: Path | str) -> Any:
    import pkcs11

    if not Path(module_path).is_file():
        raise BundleError("pkcs11_module_missing", path=str(module_path))
    try:
        return pkcs11.lib(str(module_path))
    except pkcs11.exceptions.PKCS11Error as exc:
        raise BundleError("pkcs11_module_unloadable", path=str(module_path),
                          reason=str(exc)[:300]) from None


def _token_error(exc: Exception, label: str) -> BundleError:
    """The code for a python-pkcs11 error; mapped by type (PinIncorrect has no message)."""
    from pkcs11 import exceptions as p11

    mapping: tuple[tuple[tuple[type[Exception], ...], str], ...] = (
        ((p11.PinIncorrect,), "pin_incorrect"),
        ((p11.PinLenRange, p11.PinInvalid), "pin_invalid"),
        ((p11.PinLocked,), "pin_locked"),
        ((p11.NoSuchToken,), "token_not_found"),
        ((p11.TokenNotPresent, p11.TokenNotRecognised, p11.DeviceRemoved,
          p11.SessionHandleInvalid, p11.SessionClosed, p11.DeviceError), "token_absent"),
    )
    for types, code in mapping:
        if isinstance(exc, types):
            return BundleError(code, label=label)
    return BundleError("token_error", label=label, reason=type(exc).__name__)


def _token_info(token: Any) -> TokenInfo:
    from pkcs11 import TokenFlag

    flags = TokenFlag(token.flags)
    return TokenInfo(
        label=nfc(token.label), manufacturer=nfc(token.manufacturer_id), model=nfc(token.model),
        serial=token.serial.decode("ascii", "replace") if isinstance(token.serial, bytes)
        else str(token.serial),
        pin_count_low=TokenFlag.USER_PIN_COUNT_LOW in flags,
        pin_final_try=TokenFlag.USER_PIN_FINAL_TRY in flags,
        pin_locked=TokenFlag.USER_PIN_LOCKED in flags)


def list_tokens(module_path: Path | str) -> list[TokenInfo]:
    """The initialised tokens present in the readers of ``module_path``."""
    from pkcs11 import TokenFlag
    from pkcs11.exceptions import PKCS11Error

    lib = _load_module(module_path)
    try:
        tokens = [slot.get_token() for slot in lib.get_slots(token_present=True)]
        return [_token_info(token) for token in tokens
                if TokenFlag.TOKEN_INITIALIZED in TokenFlag(token.flags)]
    except PKCS11Error as exc:
        raise _token_error(exc, "") from None


class TokenSigner(_PyHankoBackedSigner):
    """A key on a PKCS#11 token, used through a logged-in session until ``close``."""

    def __init__(self, pyhanko_signer: PyHankoSigner, certificate: x509.Certificate,
                 session: Any) -> None:
        super().__init__(pyhanko_signer, certificate)
        self._session = session

    @classmethod
    def open(cls, module_path: Path | str, token_label: str, pin: str, *,
             key_label: str | None = None) -> TokenSigner:
        """Log in to the token labelled ``token_label`` and pick its signing key.

        The key is the token's only private key, or the one labelled ``key_label``; its
        certificate is the one with the same CKA_ID. A token whose PIN is locked is refused
        before the PIN is tried.
        """
        from pkcs11 import Mechanism, TokenFlag
        from pkcs11.exceptions import PKCS11Error

        lib = _load_module(module_path)
        try:
            token = lib.get_token(token_label=token_label)
        except PKCS11Error as exc:
            error = _token_error(exc, token_label)
            if error.code == "token_not_found":
                labels = [info.label for info in list_tokens(module_path)]
                raise BundleError("token_not_found", label=token_label,
                                  available=", ".join(labels)) from None
            raise error from None
        if TokenFlag.USER_PIN_LOCKED in TokenFlag(token.flags):
            raise BundleError("pin_locked", label=token_label)
        try:
            session = token.open(user_pin=pin)
        except PKCS11Error as exc:
            raise _token_error(exc, token_label) from None
        try:
            key_id = _pick_key_id(session, token_label, key_label)
            mechanisms = set(token.slot.get_mechanisms())
            return cls._with_session(session, key_id,
                                     raw=Mechanism.SHA256_RSA_PKCS not in mechanisms)
        except BaseException as exc:
            session.close()
            if isinstance(exc, PKCS11Error):
                raise _token_error(exc, token_label) from None
            raise

    @classmethod
    def _with_session(cls, session: Any, key_id: bytes, *, raw: bool) -> TokenSigner:
        from pyhanko.sign.pkcs11 import PKCS11Signer

        # Tokens without SHA256-RSA hash-and-sign get the digest computed here.
        pyhanko_signer = PKCS11Signer(session, key_id=key_id, cert_id=key_id,
                                      use_raw_mechanism=raw)
        certificate = x509.load_der_x509_certificate(pyhanko_signer.signing_cert.dump())
        return cls(pyhanko_signer, certificate, session)

    def close(self) -> None:
        from pkcs11.exceptions import PKCS11Error

        # A token pulled out has no session left to close.
        with contextlib.suppress(PKCS11Error):
            self._session.close()


def _pick_key_id(session: Any, token_label: str, key_label: str | None) -> bytes:
    from pkcs11 import Attribute, ObjectClass

    keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}))
    if key_label is not None:
        keys = [key for key in keys if key.label == key_label]
    if not keys:
        raise BundleError("token_no_key", label=token_label)
    if len(keys) > 1:
        raise BundleError("token_several_keys", label=token_label,
                          keys=", ".join(sorted(str(key.label) for key in keys)))
    key_id: bytes = keys[0].id
    certificates = list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE,
                                             Attribute.ID: key_id}))
    if not certificates:
        raise BundleError("token_no_certificate", label=token_label)
    return key_id


# Self-signed unit certificate -----------------------------------------------------------------

def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip()


def create_self_signed(unit_name: str, unit_code: str, password: str, out_path: Path, *,
                       days: int = DEFAULT_SELF_SIGNED_DAYS,
                       not_before: datetime | None = None) -> str:
    """Make a self-signed unit certificate and its key as a .p12 at ``out_path``.

    The subject says it is self-signed (O ends with "(tự ký)"); key usage digitalSignature and
    nonRepudiation. The file is encrypted with ``password`` and written whole or not at all; an
    existing file is never overwritten. Returns the SHA-256 fingerprint for the recipient to
    note (``fingerprint``).
    """
    name = nfc(unit_name).strip()
    if not name:
        raise BundleError("unit_name_empty")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BundleError("password_too_short", minimum=MIN_PASSWORD_LENGTH)
    if not 1 <= days <= 20 * 366:
        raise BundleError("days_out_of_range", days=days)
    start = vietnam_time(not_before or datetime.now(UTC))
    key = rsa.generate_private_key(public_exponent=65537, key_size=SELF_SIGNED_KEY_BITS)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME,
                           f"{_clip(name, _NAME_LIMIT - len(SELF_SIGNED_MARK) - 1)} "
                           f"{SELF_SIGNED_MARK}"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"Mã đơn vị {unit_code.strip()}"),
        x509.NameAttribute(NameOID.COMMON_NAME, _clip(name, _NAME_LIMIT)),
    ])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        name=name.encode("utf-8"), key=key, cert=certificate, cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode("utf-8")))
    write_new_file(Path(out_path), data)
    return fingerprint(certificate)


def certificate_sha256(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()
