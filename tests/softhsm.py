"""A SoftHSM2 token for the tests that sign through PKCS#11 (tests/bundle, tests/cli).

The token is made once per test process: the PKCS#11 library is initialised once and keeps
reading the configuration it started with, so a second token in another folder would never be
seen. Each test folder's conftest imports the ``softhsm`` fixture from here; both get the same
token.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

PIN = "pin-8642-khaosat"
SO_PIN = "so-pin-9753-khaosat"
TOKEN_LABEL = "khaosat-test"
SOFTHSM_MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
# The unit whose key goes onto the token (the same as the bundle tests' unit).
UNIT_NAME = "Ủy ban nhân dân xã Nam Đông"
UNIT_CODE = "10234"
_P12_PASSWORD = "token-import-2026"


@dataclass(frozen=True)
class Token:
    module: Path
    label: str
    pin: str
    fingerprint: str


def _run(*command: str | Path, env: dict[str, str]) -> None:
    subprocess.run([str(c) for c in command], env=env, check=True, capture_output=True)


_started: Token | None = None


def start_softhsm(folder: Path) -> Token:
    """A private SoftHSM2 token holding a unit key and certificate (same CKA_ID), made in
    ``folder`` the first time and reused after that.

    SOFTHSM2_CONF points at a config in ``folder``, so the machine's tokens are never touched.
    It stays set for the rest of the process (the library has read it already).
    """
    global _started
    if _started is not None:
        return _started
    if not SOFTHSM_MODULE.is_file() or shutil.which("softhsm2-util") is None \
            or shutil.which("pkcs11-tool") is None:
        pytest.skip("SoftHSM2/OpenSC not installed (scripts/bootstrap.sh --test installs them)")
    from datetime import datetime

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    from app.bundle.manifest import VIETNAM_TZ
    from app.bundle.signers import create_self_signed

    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\n"
                      "objectstore.backend = file\nlog.level = ERROR\n", encoding="utf-8")
    os.environ["SOFTHSM2_CONF"] = str(config)
    env = dict(os.environ)
    p12 = folder / "token-unit.p12"
    # Valid from 2026-01-01 (the bundle tests sign in October 2026) until five years from now.
    start = datetime(2026, 1, 1, 8, 0, tzinfo=VIETNAM_TZ)
    days = max(365, (datetime.now(VIETNAM_TZ) - start).days + 5 * 365)
    fingerprint = create_self_signed(UNIT_NAME, UNIT_CODE, _P12_PASSWORD, p12, days=days,
                                     not_before=start)
    key, cert, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), _P12_PASSWORD.encode())
    assert key is not None and cert is not None
    key_pem = folder / "key.pem"
    key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                          serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    cert_der = folder / "cert.der"
    cert_der.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    _run("softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL, "--pin", PIN,
         "--so-pin", SO_PIN, env=env)
    _run("softhsm2-util", "--import", key_pem, "--token", TOKEN_LABEL, "--label", "signkey",
         "--id", "01", "--pin", PIN, env=env)
    _run("pkcs11-tool", "--module", SOFTHSM_MODULE, "--token-label", TOKEN_LABEL, "--login",
         "--pin", PIN, "--write-object", cert_der, "--type", "cert", "--id", "01", "--label",
         "signkey", env=env)
    key_pem.unlink()  # the key now lives on the token only
    p12.unlink()
    _started = Token(SOFTHSM_MODULE, TOKEN_LABEL, PIN, fingerprint)
    return _started


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory) -> Token:
    """The process's SoftHSM2 token (``start_softhsm``)."""
    return start_softhsm(tmp_path_factory.mktemp("softhsm"))
