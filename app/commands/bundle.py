"""``khaosat verify`` and ``khaosat cert create-self-signed``: the receiving office's check of a
signed bundle, and a unit certificate for offices without one from a CA.

Registered by app.cli (see app/commands/__init__.py). The Vietnamese wording of every bundle
code is in app/bundle/wording.py, shared with the Verify screen; ``error_line`` and the message
tables are re-exported here for the ``export`` verb.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from app.bundle.wording import ERROR_MESSAGES as ERROR_MESSAGES  # re-exported for the export verb
from app.bundle.wording import VERDICT_MESSAGES as VERDICT_MESSAGES
from app.bundle.wording import check_sentence
from app.bundle.wording import error_line as error_line

if TYPE_CHECKING:
    from app.bundle.verifier import Check, Verdict

Handler = Callable[[argparse.Namespace], int]

PASSWORD_ENV = "KHAOSAT_P12_PASSWORD"
MARKS = {"pass": "✓", "fail": "✗", "skip": "–"}


def check_line(check: Check) -> str:
    return f"{MARKS.get(check.status, '?')} {check_sentence(check)}"


def verdict_lines(verdict: Verdict) -> list[str]:
    lines = [check_line(check) for check in verdict.checks]
    failed = len(verdict.failed())
    if verdict.ok:
        lines.append("KẾT LUẬN: gói hợp lệ, đủ và đúng như khi ký; người ký đã được xác định.")
    elif verdict.untrusted_only:
        lines.append("KẾT LUẬN: gói KHÔNG đạt (1 mục ✗ ở trên): các tệp đủ và đúng như khi ký"
                     " nhưng CHƯA XÁC ĐỊNH người ký. Hãy đối chiếu dấu vân tay ở trên với dấu"
                     " vân tay đơn vị báo (qua điện thoại) rồi chạy lại với --fingerprint.")
    else:
        lines.append(f"KẾT LUẬN: gói KHÔNG đạt ({failed} mục ✗ ở trên). Không dùng gói này"
                     " trước khi làm rõ với đơn vị gửi.")
    return lines


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> dict[str, Handler]:
    verify = sub.add_parser("verify", parents=[common],
                            help="kiểm tra gói đã ký (.zip) nhận được từ đơn vị")
    verify.add_argument("bundle", type=Path, metavar="GÓI.zip", help="gói cần kiểm tra")
    verify.add_argument("--trust", type=Path, metavar="CERT.pem",
                        help="chứng thư gốc của tổ chức chứng thực (PEM/DER)")
    verify.add_argument("--fingerprint", metavar="HEX",
                        help="dấu vân tay SHA-256 chứng thư của đơn vị (đơn vị báo trước)")
    cert = sub.add_parser("cert", parents=[common], help="chứng thư số của đơn vị")
    cert_sub = cert.add_subparsers(dest="cert_action", metavar="VIỆC", required=True)
    create = cert_sub.add_parser(
        "create-self-signed", parents=[common],
        help="tạo chứng thư số tự ký (.p12) cho đơn vị chưa có chứng thư của tổ chức chứng thực")
    create.add_argument("--out", type=Path, required=True, metavar="FILE.p12",
                        help="tệp .p12 sẽ tạo (không ghi đè tệp đã có)")
    create.add_argument("--days", type=int, default=None,
                        help="số ngày hiệu lực (mặc định 5 năm)")
    create.add_argument("--unit-name", help="tên đơn vị (mặc định: theo cài đặt)")
    create.add_argument("--unit-code", help="mã đơn vị (mặc định: theo cài đặt)")
    return {"verify": cmd_verify, "cert": cmd_cert}


def cmd_verify(args: argparse.Namespace) -> int:
    from app.bundle.verifier import verify_bundle
    from app.cli import EXIT_ERROR, EXIT_OK, CliError

    trust_pem = None
    if args.trust is not None:
        try:
            trust_pem = Path(args.trust).read_bytes()
        except OSError as exc:
            raise CliError(f"Không đọc được chứng thư gốc {args.trust}: {exc.strerror}.") from None
    verdict = verify_bundle(args.bundle, trust_pem=trust_pem, fingerprint=args.fingerprint,
                            now=datetime.now(UTC))
    print(f"Kiểm tra gói {args.bundle}:")
    for line in verdict_lines(verdict):
        print(line)
    return EXIT_OK if verdict.ok else EXIT_ERROR


def _read_new_password() -> str:
    import getpass

    from app.cli import CliError

    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    first = getpass.getpass("Mật khẩu cho tệp chứng thư (không hiện khi gõ): ")
    second = getpass.getpass("Nhập lại mật khẩu: ")
    if first != second:
        raise CliError("Hai lần nhập mật khẩu không giống nhau; chưa tạo tệp nào.")
    return first


def _unit_identity(args: argparse.Namespace) -> tuple[str, str]:
    from app.cli import CliError, _data_dir, _open
    from app.domain.text import nfc

    name = nfc(args.unit_name).strip() if args.unit_name else None
    code = args.unit_code.strip() if args.unit_code else None
    if name is None or code is None:
        ws = _open(_data_dir(args))
        try:
            settings = ws.settings
        finally:
            ws.close()
        if settings is None:
            raise CliError("Chưa cài đặt đơn vị: chạy khaosat setup trước, hoặc ghi rõ"
                           " --unit-name và --unit-code.")
        name = name or settings.unit_name
        code = code or settings.unit_code
    return name, code


def cmd_cert(args: argparse.Namespace) -> int:
    from app.bundle.errors import BundleError
    from app.bundle.signers import DEFAULT_SELF_SIGNED_DAYS, create_self_signed
    from app.cli import EXIT_OK, CliError
    from app.domain.dates import format_date

    name, code = _unit_identity(args)
    days = args.days if args.days is not None else DEFAULT_SELF_SIGNED_DAYS
    password = _read_new_password()
    try:
        fingerprint = create_self_signed(name, code, password, args.out, days=days)
    except BundleError as exc:
        raise CliError(error_line(exc) + " Chưa tạo tệp nào.") from None
    until = format_date((datetime.now(UTC) + timedelta(days=days)).date())
    print(f"Đã tạo chứng thư số TỰ KÝ cho {name} (mã {code}), hiệu lực đến {until}: {args.out}")
    print("Dấu vân tay SHA-256 (đọc cho nơi nhận ghi lại):")
    print(f"  {fingerprint}")
    print("Chứng thư này do đơn vị tự tạo, không do tổ chức chứng thực cấp. Hãy báo dấu vân tay"
          " trên cho nơi nhận (qua điện thoại hoặc công văn) để họ kiểm tra gói bằng: khaosat"
          " verify GÓI.zip --fingerprint <dấu vân tay>. Giữ tệp .p12 và mật khẩu cẩn thận.")
    return EXIT_OK
