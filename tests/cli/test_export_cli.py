"""``khaosat export``: a signed bundle from the command line, checked by outside tools;
every refusal is one Vietnamese line that writes nothing; secrets never reach a file."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from app.bundle import signers
from app.bundle.manifest import MANIFEST_NAME, REPORT_PDF, VIETNAM_TZ
from app.bundle.signers import P12Signer, TokenSigner, create_self_signed
from app.cli import main
from app.domain.periods import Period
from app.services.demo import fill_demo
from app.services.export_bundle import run_export
from app.services.forms import void_form
from app.services.workspace import Workspace
from app.storage.errors import PeriodLockedError
from app.storage.repository import FormFilter
from tests.softhsm import Token, start_softhsm

PASSWORD = "Mật-khẩu xuất gói 2026!"
DEMO_DAY = date(2026, 11, 20)  # the demo year is keyed up to this day
CERT_START = datetime(2026, 1, 1, 8, 0, tzinfo=VIETNAM_TZ)
OPERATOR = "Nguyễn Thị Lan"
BUNDLE = "10234_2026-Q3_v1.zip"
SIGNED_PDF = "10234_2026-Q3_v1_bao-cao-ky-so.pdf"


@dataclass(frozen=True)
class Unit:
    p12: Path
    fingerprint: str
    pem: Path


def _make_p12(folder: Path, name: str, *, start: datetime, days: int) -> str:
    return create_self_signed("Ủy ban nhân dân xã Nam Đông", "10234", PASSWORD,
                              folder / f"{name}.p12", days=days, not_before=start)


@pytest.fixture(scope="module")
def unit(tmp_path_factory: pytest.TempPathFactory) -> Unit:
    folder = tmp_path_factory.mktemp("cert")
    days = (datetime.now(VIETNAM_TZ) - CERT_START).days + 5 * 365
    fingerprint = _make_p12(folder, "unit", start=CERT_START, days=days)
    _, cert, _ = pkcs12.load_key_and_certificates((folder / "unit.p12").read_bytes(),
                                                  PASSWORD.encode())
    assert cert is not None
    pem = folder / "unit.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Unit(folder / "unit.p12", fingerprint, pem)


@pytest.fixture(scope="session")
def token(tmp_path_factory: pytest.TempPathFactory) -> Token:
    """The SoftHSM2 token the bundle tests use too (tests/softhsm.py)."""
    return start_softhsm(tmp_path_factory.mktemp("softhsm"))


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo unit's year up to DEMO_DAY; copy it, never change it."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    ws = Workspace.open(folder)
    try:
        for _ in fill_demo(ws, DEMO_DAY):
            pass
    finally:
        ws.close()
    return folder


@pytest.fixture
def data_dir(demo_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_template, tmp_path / "data"))


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gửi iOffice"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def no_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Secrets come from the environment; a prompt a test did not expect fails it."""
    monkeypatch.setenv("KHAOSAT_P12_PASSWORD", PASSWORD)
    monkeypatch.delenv("KHAOSAT_PIN", raising=False)

    def unexpected(prompt: str = "") -> str:
        raise AssertionError(f"unexpected prompt: {prompt}")

    monkeypatch.setattr("getpass.getpass", unexpected)


def export(data: Path, out: Path, *extra: str | Path, period: str = "2026-Q3") -> int:
    return main(["export", "--data-dir", str(data), "--period", period, "--out", str(out),
                 *(str(e) for e in extra)])


def exports_of(data: Path) -> list[Any]:
    ws = Workspace.open(data)
    try:
        return ws.store.list_exports()
    finally:
        ws.close()


def snapshot(data: Path, *folders: Path) -> tuple[list[Any], list[list[str]]]:
    """The exports table and the listing of every folder (with sizes)."""
    listings = [sorted(f"{p.relative_to(folder)} {p.stat().st_size}" for p in folder.rglob("*"))
                if folder.exists() else [] for folder in folders]
    return exports_of(data), listings


def printed_paths(out: str) -> tuple[Path, Path]:
    lines = out.splitlines()
    return (Path(lines[1].split(":", 1)[1].strip()), Path(lines[2].split(":", 1)[1].strip()))


def _extract(bundle: Path, folder: Path) -> Path:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    return folder


# -- the export, checked by outside tools ---------------------------------------------------

def test_quarter_export_is_accepted_by_openssl_pdfsig_pyhanko_and_verify(
        data_dir: Path, out_dir: Path, unit: Unit, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert export(data_dir, out_dir, "--p12", unit.p12, "--number", "7") == 0
    captured = capsys.readouterr()
    bundle, signed_pdf = printed_paths(captured.out)
    assert (bundle.name, signed_pdf.name) == (BUNDLE, SIGNED_PDF)
    assert sorted(p.name for p in out_dir.iterdir()) == [BUNDLE, SIGNED_PDF]
    out = captured.out
    assert out.startswith("Đã xuất bản 1 của quý III năm 2026: ")
    assert f"SHA-256 của gói: {hashlib.sha256(bundle.read_bytes()).hexdigest()}\n" in out
    assert f"Dấu vân tay chứng thư: {unit.fingerprint}\n" in out
    assert "Người ký: Ủy ban nhân dân xã Nam Đông (chứng thư TỰ KÝ của đơn vị)" in out
    iOffice = out[out.index("Gửi qua iOffice:"):].splitlines()
    assert [line[:5] for line in iOffice[1:]] == ["  1. ", "  2. ", "  3. "]
    assert SIGNED_PDF in iOffice[1] and BUNDLE in iOffice[2]
    assert "Sở Nội vụ tỉnh Hòa Bình" in iOffice[3] and "dấu vân tay" in iOffice[3]
    steps = [line for line in captured.err.splitlines() if line.startswith("[")]
    assert steps == ["[1/4] Đang lập báo cáo quý III năm 2026…",
                     "[2/4] Đang chuẩn bị dữ liệu phiếu và nhật ký thay đổi…",
                     "[3/4] Đang ký số báo cáo và gói…",
                     "[4/4] Đang ghi nhận bản xuất và khóa kỳ…"]
    # the demo's last batch is still partly with citizens: a warning, and the export goes on
    assert any(line.startswith("Lưu ý: ") for line in captured.err.splitlines())

    folder = _extract(bundle, tmp_path / "x")
    assert (folder / REPORT_PDF).read_bytes() == signed_pdf.read_bytes()
    done = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER",
                           "-in", folder / "manifest.json.p7s", "-content",
                           folder / MANIFEST_NAME, "-noverify", "-out", "/dev/null"],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "Verification successful" in done.stderr
    pdfsig = subprocess.run(["pdfsig", signed_pdf], capture_output=True, text=True).stdout
    assert "Signature is Valid" in pdfsig and "Total document signed" in pdfsig
    pyhanko = Path(sys.executable).parent / "pyhanko"
    done = subprocess.run([pyhanko, "sign", "validate", "--no-revocation-check",
                           "--trust", unit.pem, signed_pdf], capture_output=True, text=True)
    assert done.returncode == 0 and "INTACT:TRUSTED" in done.stdout, done.stdout + done.stderr
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["version"] == 1 and manifest["changes"] == []
    assert main(["verify", str(bundle), "--fingerprint", unit.fingerprint]) == 0
    assert "Số: 07/BC-UBND" in subprocess.run(["pdftotext", "-l", "1", signed_pdf, "-"],
                                               capture_output=True, text=True).stdout

    [record] = exports_of(data_dir)
    assert (record.period_label, record.version, record.operator) == ("2026-Q3", 1, OPERATOR)
    capsys.readouterr()
    assert main(["export", "--history", "--data-dir", str(data_dir)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:4] == ["Kỳ", "Bản", "Thời", "gian"]
    row = table[1]
    assert row.startswith("2026-Q3  1  ") and BUNDLE in row and "có" in row
    assert row.endswith(f"{record.sha256}  {unit.fingerprint}")
    assert f"{record.forms} ({record.void} hủy)" in row
    assert table[2] == "1 lần xuất, mới nhất trước."


def test_token_export_through_the_cli(data_dir: Path, out_dir: Path, token: Token,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": prompts.append(prompt) or token.pin)
    capsys.readouterr()
    assert export(data_dir, out_dir, "--token", token.label, "--pkcs11-module",
                  token.module, period="2026") == 0
    assert prompts == [f'Mã PIN của USB token "{token.label}" (không hiện khi gõ): ']
    captured = capsys.readouterr()
    bundle, _ = printed_paths(captured.out)
    assert bundle.name == "10234_2026-Y_v1.zip"
    assert f"Dấu vân tay chứng thư: {token.fingerprint}" in captured.out
    assert "đến hết ngày 31/12/2026 mới kết thúc" in captured.err  # the year is not over
    assert main(["verify", str(bundle), "--fingerprint", token.fingerprint]) == 0
    [record] = exports_of(data_dir)
    assert record.certificate_fingerprint == token.fingerprint


def test_the_module_comes_from_the_settings_and_the_password_from_a_prompt(
        data_dir: Path, out_dir: Path, unit: Unit, token: Token,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import replace

    from app.services.setup import apply_settings

    ws = Workspace.open(data_dir)
    try:
        settings = replace(ws.require_settings(), pkcs11_module=str(token.module))
        assert apply_settings(ws, settings, OPERATOR) == []
    finally:
        ws.close()
    monkeypatch.setenv("KHAOSAT_PIN", token.pin)
    assert export(data_dir, out_dir, "--token", token.label) == 0
    monkeypatch.delenv("KHAOSAT_P12_PASSWORD")
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": prompts.append(prompt) or PASSWORD)
    assert export(data_dir, out_dir, "--p12", unit.p12, period="2026-Q2") == 0
    assert prompts == ["Mật khẩu tệp chứng thư unit.p12 (không hiện khi gõ): "]
    assert [e.period_label for e in exports_of(data_dir)] == ["2026-Q3", "2026-Q2"]
    assert PASSWORD not in capsys.readouterr().out


# -- refusals: one clear line, nothing written ------------------------------------------------

def _expired(folder: Path) -> Path:
    _make_p12(folder, "expired", start=datetime.now(VIETNAM_TZ) - timedelta(days=10), days=3)
    return folder / "expired.p12"


def _not_yet_valid(folder: Path) -> Path:
    _make_p12(folder, "later", start=datetime.now(VIETNAM_TZ) + timedelta(days=2), days=30)
    return folder / "later.p12"


@dataclass(frozen=True)
class Refusal:
    args: Callable[[Unit, Path, Path], list[str | Path]]  # (unit, out folder, tmp) → flags
    message: str
    code: int = 1


REFUSALS = {
    "wrong password": Refusal(lambda u, o, t: [o, "--p12", u.p12],
                              "Sai mật khẩu của tệp chứng thư"),
    "expired certificate": Refusal(lambda u, o, t: [o, "--p12", _expired(t)],
                                   "Chứng thư số đã hết hạn lúc"),
    "not yet valid": Refusal(lambda u, o, t: [o, "--p12", _not_yet_valid(t)],
                             "Chứng thư số chỉ có hiệu lực từ"),
    "not a p12": Refusal(lambda u, o, t: [o, "--p12", u.pem],
                         "không phải tệp chứng thư số .p12/.pfx"),
    "folder missing": Refusal(lambda u, o, t: [o / "chưa tạo", "--p12", u.p12],
                              "không có. Hãy tạo thư mục hoặc chọn thư mục khác"),
    "period text": Refusal(lambda u, o, t: [o, "--p12", u.p12, "--period", "2026-Q5"],
                           'Kỳ xuất "2026-Q5" không hợp lệ: ghi 2026-Q3'),
    "empty period": Refusal(lambda u, o, t: [o, "--p12", u.p12, "--period", "2025-Q4"],
                            "Quý IV năm 2025 chưa có phiếu nào được tính", code=3),
    "report number": Refusal(lambda u, o, t: [o, "--p12", u.p12, "--number", "7/BC-UBND"],
                             "chỉ ghi phần số"),
    "no module": Refusal(lambda u, o, t: [o, "--token", "VNPT", "--pkcs11-module",
                                          t / "vnpt.so"], "Không có thư viện PKCS#11"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_refusals_say_what_to_do_and_write_nothing(
        case: str, data_dir: Path, out_dir: Path, unit: Unit, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    refusal = REFUSALS[case]
    if case == "wrong password":
        monkeypatch.setenv("KHAOSAT_P12_PASSWORD", "sai mật khẩu")
    flags = refusal.args(unit, out_dir, tmp_path)
    before = snapshot(data_dir, out_dir)
    capsys.readouterr()
    assert main(["export", "--data-dir", str(data_dir), "--period", "2026-Q3", "--out",
                 *(str(f) for f in flags)]) == refusal.code
    err = capsys.readouterr().err.splitlines()
    refused = [line for line in err if line.startswith("khaosat: ")]
    assert len(refused) == 1 and refusal.message in refused[0], err
    assert snapshot(data_dir, out_dir) == before


def test_an_existing_file_is_never_overwritten(data_dir: Path, out_dir: Path, unit: Unit,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (out_dir / SIGNED_PDF).write_bytes(b"the clerk's own file")
    before = snapshot(data_dir, out_dir)
    assert export(data_dir, out_dir, "--p12", unit.p12) == 1
    err = capsys.readouterr().err
    assert f"{SIGNED_PDF} đã có; chương trình không ghi đè" in err
    assert snapshot(data_dir, out_dir) == before
    assert (out_dir / SIGNED_PDF).read_bytes() == b"the clerk's own file"


class _Slot:
    def __init__(self, flags: int) -> None:
        self.token = SimpleNamespace(flags=flags, label="VNPT-CA", manufacturer_id="VNPT",
                                     model="m", serial=b"1")

    def get_token(self) -> Any:
        return self.token


@pytest.mark.parametrize(("case", "message"), [
    ("absent", 'Không thấy USB token "không-cắm". Hãy cắm token rồi thử lại. Token đang cắm:'),
    ("wrong pin", 'Sai mã PIN của USB token "khaosat-test"'),
    ("locked", 'USB token "VNPT-CA" đã bị khóa do nhập sai mã PIN quá số lần'),
])
def test_token_refusals(case: str, message: str, data_dir: Path, out_dir: Path, token: Token,
                        monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    label = {"absent": "không-cắm", "locked": "VNPT-CA"}.get(case, token.label)
    if case == "wrong pin":
        monkeypatch.setenv("KHAOSAT_PIN", "sai-pin-0000")
    if case == "locked":
        # SoftHSM2 never locks a PIN; a token that reports itself locked stands in for one.
        from pkcs11 import TokenFlag

        flags = TokenFlag.TOKEN_INITIALIZED | TokenFlag.USER_PIN_LOCKED
        lib = SimpleNamespace(get_slots=lambda token_present: [_Slot(flags)],
                              get_token=lambda token_label: _Slot(flags).token)
        monkeypatch.setattr(signers, "_load_module", lambda path: lib)
    before = snapshot(data_dir, out_dir)
    capsys.readouterr()
    try:
        assert export(data_dir, out_dir, "--token", label, "--pkcs11-module",
                      token.module) == 1
    finally:
        if case == "wrong pin":  # a good PIN clears the token's failed-try flag again
            TokenSigner.open(token.module, token.label, token.pin).close()
    err = capsys.readouterr().err
    assert message in err and err.rstrip().endswith("Chưa ghi tệp nào."), err
    assert snapshot(data_dir, out_dir) == before


def test_a_warned_token_says_so_before_the_pin(data_dir: Path, out_dir: Path, token: Token,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(Exception, match="pin_incorrect"):
        TokenSigner.open(token.module, token.label, "sai-pin-1111")
    monkeypatch.setenv("KHAOSAT_PIN", token.pin)
    capsys.readouterr()
    assert export(data_dir, out_dir, "--token", token.label, "--pkcs11-module",
                  token.module) == 0
    err = capsys.readouterr().err
    assert f'Lưu ý: USB token "{token.label}": lần trước đã nhập sai mã PIN.' in err


@pytest.mark.parametrize(("argv", "message"), [
    (["--period", "2026-Q3"], "cần --period (vd. 2026-Q3) và --out"),
    (["--period", "2026-Q3", "--out", "x"], "cần cách ký: --p12"),
    (["--period", "2026-Q3", "--out", "x", "--p12", "a.p12", "--token", "T"],
     "chọn một cách ký"),
    (["--history", "--period", "2026"], "--history chỉ liệt kê"),
])
def test_usage_errors(argv: list[str], message: str, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--data-dir", str(tmp_path / "d"), *argv])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_token_without_a_module_anywhere(data_dir: Path, out_dir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert export(data_dir, out_dir, "--token", "VNPT") == 1
    assert "ghi --pkcs11-module" in capsys.readouterr().err


def test_a_unit_not_set_up_is_refused(tmp_path: Path, out_dir: Path, unit: Unit,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert export(tmp_path / "empty", out_dir, "--p12", unit.p12) == 1
    assert "Chưa cài đặt đơn vị" in capsys.readouterr().err
    assert main(["export", "--history", "--data-dir", str(tmp_path / "empty")]) == 1
    assert list(out_dir.iterdir()) == []


# -- versions: the lock, k+1, nothing changed -----------------------------------------------

def _q3_form_id(data: Path) -> int:
    ws = Workspace.open(data)
    try:
        forms = ws.store.list_forms(FormFilter(date_from=date(2026, 7, 1),
                                               date_to=date(2026, 9, 30)))
        return next(record.id for record, _ in forms if record.id is not None)
    finally:
        ws.close()


def test_second_version_after_a_correction_and_a_blocker_without_one(
        data_dir: Path, out_dir: Path, unit: Unit, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert export(data_dir, out_dir, "--p12", unit.p12) == 0
    # nothing changed since version 1: refused before any password, with what to do
    before = snapshot(data_dir, out_dir)
    capsys.readouterr()
    assert export(data_dir, out_dir, "--p12", unit.p12) == 3
    err = capsys.readouterr().err
    assert "Quý III năm 2026 đã xuất bản 1 lúc" in err and f"(tệp {BUNDLE})" in err
    assert "Hãy gửi lại tệp đã xuất" in err and "Chưa ký, chưa ghi tệp nào." in err
    assert snapshot(data_dir, out_dir) == before

    form_id = _q3_form_id(data_dir)
    ws = Workspace.open(data_dir)
    try:
        with pytest.raises(PeriodLockedError):
            void_form(ws, form_id, OPERATOR, "")
        void_form(ws, form_id, OPERATOR, "Phiếu của đơn vị khác")
    finally:
        ws.close()
    capsys.readouterr()
    assert export(data_dir, out_dir, "--p12", unit.p12) == 0
    captured = capsys.readouterr()
    assert "Lưu ý: Kỳ này đã xuất trước đây: lần này là bản 2, ghi 1 thay đổi" in captured.err
    assert captured.out.startswith("Đã xuất bản 2 của quý III năm 2026")
    assert "Thay đổi so với bản trước (1):" in captured.out
    bundle, _ = printed_paths(captured.out)
    assert bundle.name == "10234_2026-Q3_v2.zip"
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    [change] = manifest["changes"]
    assert "lý do: Phiếu của đơn vị khác" in change and OPERATOR in change
    assert f"  {change}" in captured.out
    assert main(["verify", str(bundle), "--fingerprint", unit.fingerprint]) == 0
    assert [e.version for e in exports_of(data_dir)] == [1, 2]


# -- determinism ------------------------------------------------------------------------------

def test_same_data_and_signing_time_give_the_same_bundle(demo_template: Path, unit: Unit,
                                                         tmp_path: Path) -> None:
    moment = datetime(2026, 11, 20, 15, 30, tzinfo=VIETNAM_TZ)
    members, zips = [], []
    for run in ("a", "b"):
        data = Path(shutil.copytree(demo_template, tmp_path / run / "data"))
        (tmp_path / run / "out").mkdir()
        ws = Workspace.open(data)
        try:
            with P12Signer.open(unit.p12, PASSWORD) as signer:
                result = run_export(ws, Period(2026, 3), tmp_path / run / "out", signer,
                                    OPERATOR, now=moment)
        finally:
            ws.close()
        zips.append(result.bundle.read_bytes())
        with zipfile.ZipFile(result.bundle) as archive:
            members.append({info.filename: archive.read(info) for info in archive.infolist()})
    first, second = members
    assert sorted(first) == sorted(second) and len(first) == 7
    differing = [name for name in first if first[name] != second[name]]
    # RSA PKCS#1 v1.5 is deterministic: with the same time even both signatures are equal,
    # so the whole zip is the same byte for byte.
    assert differing == []
    assert zips[0] == zips[1]


# -- issue 6 part 9: the password and the PIN never reach a file ------------------------------

def _files_holding(folder: Path, needles: list[bytes]) -> list[str]:
    return [str(path) for path in folder.rglob("*") if path.is_file()
            for needle in needles if needle in path.read_bytes()]


def test_password_and_pin_reach_no_file_log_or_output(
        data_dir: Path, out_dir: Path, unit: Unit, token: Token, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture[str]) -> None:
    from app.services.errorlog import setup_logging

    log_file = setup_logging(data_dir)
    caplog.set_level(logging.DEBUG)
    secrets = [PASSWORD, "sai mật khẩu xuất", token.pin, "sai-pin-7777"]
    needles = [s.encode(encoding) for s in secrets for encoding in ("utf-8", "utf-16-le")]
    # Held open, so the database's -wal file stays beside it and is searched too.
    holder = Workspace.open(data_dir)
    try:
        holder.store.list_exports()
        monkeypatch.setenv("KHAOSAT_P12_PASSWORD", "sai mật khẩu xuất")
        assert export(data_dir, out_dir, "--p12", unit.p12) == 1
        monkeypatch.setenv("KHAOSAT_P12_PASSWORD", PASSWORD)
        assert export(data_dir, out_dir, "--p12", unit.p12) == 0
        monkeypatch.setenv("KHAOSAT_PIN", "sai-pin-7777")
        assert export(data_dir, out_dir, "--token", token.label, "--pkcs11-module",
                      token.module, period="2026-Q2") == 1
        monkeypatch.setenv("KHAOSAT_PIN", token.pin)
        assert export(data_dir, out_dir, "--token", token.label, "--pkcs11-module",
                      token.module, period="2026-Q2") == 0
        assert (data_dir / "khaosat.sqlite3-wal").stat().st_size > 0
        assert _files_holding(data_dir, needles) == []
        assert main(["backup", "--data-dir", str(data_dir)]) == 0
    finally:
        holder.close()
    logging.getLogger("khaosat").info("export done")  # the log file exists and is scanned
    assert log_file is not None and log_file.is_relative_to(data_dir) and log_file.is_file()
    assert any((data_dir / "backups").iterdir())
    assert len(list(out_dir.iterdir())) == 4
    assert _files_holding(data_dir, needles) == []
    assert _files_holding(tmp_path, needles) == []  # the output folder is in there too
    control = tmp_path / "control.txt"  # the search does find a secret written either way
    control.write_text(f"x{token.pin}x", encoding="utf-16-le")
    assert _files_holding(tmp_path, needles) == [str(control)]
    captured = capsys.readouterr()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in secrets:
        assert secret not in captured.out + captured.err + logged


def test_reissue_of_unchanged_data_is_a_new_version_saying_why(
        data_dir: Path, out_dir: Path, unit: Unit, capsys: pytest.CaptureFixture[str]) -> None:
    assert export(data_dir, out_dir, "--p12", unit.p12) == 0
    capsys.readouterr()
    assert export(data_dir, out_dir, "--p12", unit.p12) == 3
    assert '--reissue "lý do"' in capsys.readouterr().err
    first = out_dir / BUNDLE
    first.unlink()  # the clerk lost the file
    assert export(data_dir, out_dir, "--p12", unit.p12, "--reissue", "Tệp cũ bị mất") == 0
    captured = capsys.readouterr()
    bundle, _ = printed_paths(captured.out)
    assert bundle.name == "10234_2026-Q3_v2.zip"
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    [change] = manifest["changes"]
    assert "xuất lại bản 1 (số liệu không đổi) · lý do: Tệp cũ bị mất" in change
    assert main(["verify", str(bundle), "--fingerprint", unit.fingerprint]) == 0
    assert [e.version for e in exports_of(data_dir)] == [1, 2]
