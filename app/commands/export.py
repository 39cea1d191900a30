"""``khaosat export``: sign and write a period's bundle for iOffice, or list the exports.

Registered by app.cli (see app/commands/__init__.py). The service is
app.services.export_bundle (docs/export.md); signing refusals are worded by
app.commands.bundle.error_line. The password or PIN is read here (hidden prompt, or an
environment variable for scripts), handed to the signer and dropped: it is never printed,
logged or stored.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.bundle.signers import Signer
    from app.domain.exports import ExportRecord
    from app.domain.forms import Issue
    from app.domain.periods import Period
    from app.domain.settings import UnitSettings
    from app.services.export_bundle import ExportPreview, ExportResult
    from app.services.workspace import Workspace

Handler = Callable[[argparse.Namespace], int]

PASSWORD_ENV = "KHAOSAT_P12_PASSWORD"
PIN_ENV = "KHAOSAT_PIN"
# Exit codes (docs/cli.md): 1 = refused or failed, nothing written; 2 = usage (argparse);
# 3 = a pre-flight blocker (e.g. nothing changed since the last export): nothing to sign.
EXIT_BLOCKED = 3

STEP_LINES = {
    "report": "Đang lập báo cáo {title}…",
    "data": "Đang chuẩn bị dữ liệu phiếu và nhật ký thay đổi…",
    "sign": "Đang ký số báo cáo và gói…",
    "record": "Đang ghi nhận bản xuất và khóa kỳ…",
}

PREFLIGHT_MESSAGES: Mapping[str, str] = {
    "no_changes_since_export": (
        "{Title} đã xuất bản {version} lúc {exported_at} (tệp {file}) và từ đó không có phiếu"
        " nào thay đổi: không cần xuất lại. Hãy gửi lại tệp đã xuất; nếu tệp đó đã mất hoặc"
        " huyện yêu cầu gửi lại, thêm --reissue \"lý do\" để xuất thành bản mới."),
    "no_forms": ("{Title} chưa có phiếu nào được tính nên chưa có gì để xuất: hãy nhập phiếu"
                 " trước hoặc chọn kỳ khác."),
    "period_not_over": ("Kỳ này đến hết ngày {end} mới kết thúc: gói xuất bây giờ chưa đủ cả kỳ"
                        " (phiếu nhập sau sẽ vào bản xuất tiếp theo)."),
    "missing_serials": ("{count} phiếu đã in chưa được nhập và chưa ghi là hỏng/mất (số {first})."
                        " Nếu người dân chưa trả phiếu thì có thể bỏ qua."),
    "open_drafts": ("Còn phiếu nhập dở chưa lưu của {operators}: phiếu đó chưa có trong gói."
                    " Hãy lưu hoặc xóa phiếu dở nếu cần đưa vào."),
    "target_not_met": ("Mới có {count} phiếu được tính, chưa đủ chỉ tiêu {target} phiếu của kỳ:"
                       " đơn vị cần khảo sát bổ sung."),
    "new_version": ("Kỳ này đã xuất trước đây: lần này là bản {version}, ghi {changes} thay đổi"
                    " so với bản trước."),
}

TOKEN_WARNINGS: Mapping[str, str] = {
    "pin_final_try": ("USB token \"{label}\": chỉ còn MỘT lần nhập mã PIN, sai nữa token sẽ bị"
                      " khóa. Nếu không chắc mã PIN, hãy dừng lại (Ctrl+C)."),
    "pin_count_low": ("USB token \"{label}\": lần trước đã nhập sai mã PIN. Hãy nhập cẩn thận"
                      " (chú ý bộ gõ và phím Caps Lock)."),
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> dict[str, Handler]:
    export = sub.add_parser(
        "export", parents=[common],
        help="ký số và xuất gói gửi iOffice của một quý/năm (khóa kỳ đó)",
        description=("Ký số và xuất gói gửi iOffice: tệp .zip (dữ liệu, báo cáo, nhật ký, chữ"
                     " ký) và báo cáo PDF đã ký số. Mật khẩu/mã PIN được hỏi (không hiện khi"
                     f" gõ), hoặc lấy từ biến môi trường {PASSWORD_ENV} / {PIN_ENV}."))
    export.add_argument("--period", help="kỳ: 2026-Q3 (quý III năm 2026) hoặc 2026 (cả năm)")
    export.add_argument("--out", type=Path, metavar="THƯ_MỤC",
                        help="thư mục ghi hai tệp (phải có sẵn; không ghi đè tệp đã có)")
    export.add_argument("--p12", type=Path, metavar="FILE.p12",
                        help="ký bằng tệp chứng thư số .p12/.pfx")
    export.add_argument("--token", metavar="NHÃN",
                        help="ký bằng USB token có nhãn này (PKCS#11)")
    export.add_argument("--pkcs11-module", type=Path, metavar="THƯ_VIỆN",
                        help="thư viện PKCS#11 của USB token (mặc định: theo Cài đặt)")
    export.add_argument("--key-label", metavar="NHÃN",
                        help="nhãn khóa ký, khi token có nhiều khóa")
    export.add_argument("--number", help='số báo cáo, vd. 12 → "Số: 12/BC-UBND"'
                                         " (mặc định: số đã lưu ở màn hình Báo cáo)")
    export.add_argument("--operator", help="tên người xuất (mặc định: người nhập gần nhất)")
    export.add_argument("--reissue", metavar="LÝ_DO", default="",
                        help="xuất lại kỳ đã xuất mà số liệu không đổi (tệp cũ bị mất, huyện yêu"
                             " cầu gửi lại), thành bản mới ghi lý do này")
    export.add_argument("--history", action="store_true",
                        help="liệt kê các lần đã xuất (kỳ, bản, thời gian, mã băm, chứng thư)")

    def handler(args: argparse.Namespace) -> int:
        return cmd_export(args, export)

    return {"export": handler}


# -- arguments ----------------------------------------------------------------------------------

def _check_usage(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Wrong combinations of flags end with argparse's usage error (exit 2)."""
    signing = [name for name in ("period", "out", "p12", "token", "pkcs11_module", "key_label",
                                 "number", "operator") if getattr(args, name) is not None]
    if args.history:
        if signing:
            parser.error("--history chỉ liệt kê các lần đã xuất, không đi cùng --"
                         + signing[0].replace("_", "-") + ".")
        return
    if args.period is None or args.out is None:
        parser.error("cần --period (vd. 2026-Q3) và --out THƯ_MỤC; hoặc --history để xem các"
                     " lần đã xuất.")
    if args.p12 is not None and args.token is not None:
        parser.error("chọn một cách ký: --p12 FILE hoặc --token NHÃN, không cả hai.")
    if args.p12 is None and args.token is None:
        parser.error("cần cách ký: --p12 FILE.p12 (tệp chứng thư) hoặc --token NHÃN"
                     " (USB token, kèm --pkcs11-module nếu chưa có trong Cài đặt).")
    if args.p12 is not None and (args.pkcs11_module is not None or args.key_label is not None):
        parser.error("--pkcs11-module và --key-label chỉ dùng với --token.")


def _report_number(text: str | None) -> str | None:
    from app.cli import CliError

    if text is None:
        return None
    number = text.strip()
    if "/" in number or len(number) > 10:
        raise CliError(f'Số báo cáo "{number}" chỉ ghi phần số, vd. 12 (không ghi "/BC-UBND").')
    return number


def _operator(ws: Workspace, given: str | None) -> str:
    from app.cli import CliError
    from app.domain.text import nfc
    from app.services.setup import last_operator

    name = " ".join(nfc(given).split()) if given is not None else (last_operator(ws) or "")
    if not name:
        raise CliError("Chưa biết ai xuất gói: ghi tên bằng --operator \"Họ và tên\".")
    return name


# -- wording ------------------------------------------------------------------------------------

def _shown(value: Any) -> Any:
    from app.domain.dates import format_date
    from app.domain.forms import format_serial
    from app.domain.narrative import format_count

    if isinstance(value, datetime):
        return f"{format_date(value.date())} {value:%H:%M}"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return format_count(value)
    if isinstance(value, list):
        return ", ".join(format_serial(v) if isinstance(v, int) else str(v) for v in value)
    return value


def issue_line(issue: Issue, period: Period) -> str:
    """One Vietnamese sentence for a pre-flight issue (app.domain.exports.preflight_issues)."""
    template = PREFLIGHT_MESSAGES.get(issue.code, issue.code)
    params = {key: value if key == "version" else _shown(value)
              for key, value in issue.params.items()}
    if issue.code == "missing_serials" and issue.params["count"] > len(issue.params["first"]):
        params["first"] += ", …"
    title = period.title
    try:
        return template.format(Title=title[:1].upper() + title[1:], **params)
    except (KeyError, IndexError):
        return template


def _blocked(issues: list[Issue], period: Period) -> int:
    for issue in issues:
        print(f"khaosat: {issue_line(issue, period)} Chưa ký, chưa ghi tệp nào.", file=sys.stderr)
    return EXIT_BLOCKED


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# -- the secret and the signer ------------------------------------------------------------------

def _secret(env_name: str, prompt: str) -> str:
    """From the environment (scripts) or a hidden prompt; never echoed or kept."""
    import getpass

    from_env = os.environ.get(env_name)
    if from_env is not None:
        return from_env
    return getpass.getpass(prompt)


def _token_module(args: argparse.Namespace, settings: UnitSettings) -> Path:
    from app.cli import CliError

    if args.pkcs11_module is not None:
        return Path(args.pkcs11_module)
    configured = str(getattr(settings, "pkcs11_module", "") or "").strip()
    if not configured:
        raise CliError("Chưa biết thư viện PKCS#11 của USB token: ghi --pkcs11-module"
                       " ĐƯỜNG_DẪN (vd. C:\\Windows\\System32\\eTPKCS11.dll) hoặc điền trong"
                       " Cài đặt.")
    return Path(configured)


def _check_token_before_pin(module: Path, label: str) -> None:
    """Refuse a token that is not plugged in or is locked, and warn about failed PIN tries,
    before a PIN is asked (a wrong guess counts towards locking the token)."""
    from app.bundle.errors import BundleError
    from app.bundle.signers import list_tokens

    tokens = list_tokens(module)
    token = next((t for t in tokens if t.label == label), None)
    if token is None:
        raise BundleError("token_not_found", label=label,
                          available=", ".join(t.label for t in tokens) or "không có")
    if token.pin_locked:
        raise BundleError("pin_locked", label=label)
    for code in token.warnings:
        _progress("Lưu ý: " + TOKEN_WARNINGS[code].format(label=label))


def _open_signer(args: argparse.Namespace, settings: UnitSettings) -> Signer:
    """Raises BundleError (app.bundle.errors) for a wrong password, PIN, file or token."""
    from app.bundle.signers import P12Signer, TokenSigner

    if args.p12 is not None:
        password = _secret(PASSWORD_ENV, f"Mật khẩu tệp chứng thư {args.p12.name}"
                                         " (không hiện khi gõ): ")
        return P12Signer.open(args.p12, password)
    module = _token_module(args, settings)
    _check_token_before_pin(module, args.token)
    pin = _secret(PIN_ENV, f"Mã PIN của USB token \"{args.token}\" (không hiện khi gõ): ")
    return TokenSigner.open(module, args.token, pin, key_label=args.key_label)


# -- the verb -----------------------------------------------------------------------------------

def cmd_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from app.cli import _data_dir, _open, _require_settings

    _check_usage(args, parser)
    ws = _open(_data_dir(args))
    try:
        settings = _require_settings(ws)
        if args.history:
            return _print_history(ws)
        return _export(ws, settings, args)
    finally:
        ws.close()


def _refuse_existing_outputs(out_dir: Path, unit_code: str, preview: ExportPreview) -> None:
    """The service checks these too; checked here first so no password is asked in vain."""
    from app.bundle.errors import BundleError
    from app.bundle.manifest import bundle_file_name
    from app.services.export_bundle import signed_pdf_name

    if not out_dir.is_dir():
        raise BundleError("folder_missing", path=str(out_dir))
    bundle_name = bundle_file_name(unit_code, preview.period, preview.version)
    for name in (bundle_name, signed_pdf_name(bundle_name)):
        if (out_dir / name).exists():
            raise BundleError("file_exists", path=str(out_dir / name))


def _export(ws: Workspace, settings: UnitSettings, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from app.bundle.errors import BundleError
    from app.cli import EXIT_OK, CliError, _period_argument
    from app.commands.bundle import error_line
    from app.services.export_bundle import ExportRefused, export_bundle, preview_export
    from app.services.reports import default_request

    period = _period_argument(args.period, settings, "kỳ xuất")
    number = _report_number(args.number)
    operator = _operator(ws, args.operator)
    out_dir: Path = args.out
    preview = preview_export(ws, period, ws.today())
    blockers = preview.blockers(args.reissue)  # a reason may pass "nothing changed since"
    if blockers:
        return _blocked(blockers, period)
    for issue in preview.issues:
        if issue.params["severity"] == "warning":
            _progress("Lưu ý: " + issue_line(issue, period))
    request = default_request(ws, period, ws.today())
    if number is not None:
        request = replace(request, number=number)
    result = None
    try:
        _refuse_existing_outputs(out_dir, settings.unit_code, preview)
        signer = _open_signer(args, settings)
        try:
            for progress in export_bundle(ws, period, out_dir, signer, operator,
                                          request=request, reissue_reason=args.reissue):
                if progress.step in STEP_LINES:
                    _progress(f"[{progress.done + 1}/{progress.total}] "
                              + STEP_LINES[progress.step].format(title=period.title))
                result = progress.result or result
        finally:
            signer.close()
    except ExportRefused as refused:
        return _blocked(refused.issues, period)
    except BundleError as exc:
        raise CliError(error_line(exc) + _nothing_written(exc.code)) from None
    except OSError as exc:
        raise CliError(f"Không ghi được vào thư mục {out_dir}: {exc.strerror or exc}. Không có"
                       " tệp nào được ghi, kỳ chưa bị khóa; hãy kiểm tra chỗ trống trên đĩa,"
                       " quyền ghi rồi thử lại.") from None
    assert result is not None
    _print_result(result, settings, period)
    return EXIT_OK


def _nothing_written(code: str) -> str:
    # Some of the bundle package's sentences already say it.
    return "" if code in ("write_failed", "signing_failed") else " Chưa ghi tệp nào."


def _print_result(result: ExportResult, settings: UnitSettings, period: Period) -> None:
    from app.domain.narrative import format_count

    record = result.record
    print(f"Đã xuất bản {record.version} của {period.title}: {format_count(record.forms)} phiếu"
          f" ({format_count(record.active)} tính, {format_count(record.void)} hủy),"
          f" ký lúc {_shown(record.exported_at)}.")
    print(f"  Gói dữ liệu (.zip):   {result.bundle}")
    print(f"  Báo cáo đã ký số:     {result.signed_pdf}")
    print(f"SHA-256 của gói: {record.sha256}")
    kind = " (chứng thư TỰ KÝ của đơn vị)" if record.self_signed else ""
    print(f"Người ký: {record.certificate_subject}{kind}")
    print(f"Dấu vân tay chứng thư: {record.certificate_fingerprint}")
    if result.changes:
        print(f"Thay đổi so với bản trước ({format_count(len(result.changes))}):")
        for line in result.changes:
            print(f"  {line}")
    print(f"{period.title[:1].upper() + period.title[1:]} đã được khóa: sửa phiếu của kỳ này"
          f" phải ghi lý do, lần xuất sau sẽ là bản {record.version + 1}.")
    recipient = settings.recipient_name.strip() or "cơ quan nhận báo cáo"
    print("Gửi qua iOffice:")
    print(f"  1. Tạo văn bản đi mới; đính kèm {result.signed_pdf.name} làm văn bản chính"
          " (báo cáo đã ký số).")
    print(f"  2. Đính kèm thêm {result.bundle.name} (dữ liệu phiếu, nhật ký và chữ ký để nơi"
          " nhận kiểm tra bằng khaosat verify).")
    trust = (" Chứng thư tự ký: hãy báo dấu vân tay ở trên cho nơi nhận (điện thoại hoặc"
             " công văn)." if record.self_signed else "")
    print(f"  3. Chọn nơi nhận {recipient} rồi gửi; không gửi bản giấy.{trust}")


# -- history ------------------------------------------------------------------------------------

HISTORY_HEADER = ("Kỳ", "Bản", "Thời gian ký", "Tệp", "Phiếu", "Tự ký", "SHA-256 của gói",
                  "Dấu vân tay chứng thư")


def history_rows(records: list[ExportRecord]) -> list[tuple[str, ...]]:
    from app.domain.narrative import format_count

    return [(r.period_label, str(r.version), _shown(r.exported_at), r.file_name,
             f"{format_count(r.forms)} ({format_count(r.void)} hủy)",
             "có" if r.self_signed else "không", r.sha256, r.certificate_fingerprint)
            for r in records]


def _print_history(ws: Workspace) -> int:
    from app.cli import EXIT_OK
    from app.services.export_bundle import history

    records = history(ws)
    if not records:
        print("Chưa xuất gói nào. Xuất gói của một kỳ bằng: khaosat export --period 2026-Q3"
              " --out THƯ_MỤC --p12 FILE.p12 (hoặc --token NHÃN).")
        return EXIT_OK
    rows = [HISTORY_HEADER, *history_rows(records)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HISTORY_HEADER))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip())
    print(f"{len(records)} lần xuất, mới nhất trước.")
    return EXIT_OK
