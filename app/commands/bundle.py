"""``khaosat verify`` and ``khaosat cert create-self-signed``: the receiving office's check of a
signed bundle, and a unit certificate for offices without one from a CA.

Registered by app.cli (see app/commands/__init__.py). The Vietnamese wording of every bundle
code lives here (``error_line`` for refusals, ``verdict_lines`` for the verifier), so the
``export`` verb words its refusals the same way.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.bundle.errors import BundleError
    from app.bundle.verifier import Check, Verdict

Handler = Callable[[argparse.Namespace], int]

PASSWORD_ENV = "KHAOSAT_P12_PASSWORD"
RESEND = "Đề nghị đơn vị gửi lại gói."

ERROR_MESSAGES: Mapping[str, str] = {
    # files
    "file_exists": "Tệp {path} đã có; chương trình không ghi đè. Hãy chọn tên hoặc thư mục khác.",
    "folder_missing": "Thư mục {path} không có. Hãy tạo thư mục hoặc chọn thư mục khác.",
    "write_failed": ("Không ghi được tệp {path} ({reason}). Kiểm tra chỗ trống trên đĩa và quyền"
                     " ghi; không có tệp nào bị ghi dở."),
    "input_unreadable": "Không đọc được tệp {path} ({reason}) để đưa vào gói {name}.",
    # self-signed certificate
    "unit_name_empty": "Tên đơn vị không được để trống.",
    "password_too_short": "Mật khẩu phải có ít nhất {minimum} ký tự.",
    "days_out_of_range": "Thời hạn chứng thư {days} ngày không hợp lệ (1 đến 7 320 ngày).",
    # PKCS#12
    "p12_missing": "Không mở được tệp chứng thư {path}. Kiểm tra lại đường dẫn.",
    "p12_not_pkcs12": "Tệp {path} không phải tệp chứng thư số .p12/.pfx.",
    "p12_wrong_password": "Sai mật khẩu của tệp chứng thư {path}. Hãy nhập lại (chú ý bộ gõ và"
                          " phím Caps Lock).",
    "p12_no_key": "Tệp {path} không chứa khóa bí mật và chứng thư để ký.",
    # PKCS#11 token
    "pkcs11_module_missing": ("Không có thư viện PKCS#11 {path}. Hãy cài phần mềm của USB token"
                              " (do nhà cung cấp chữ ký số cấp) hoặc sửa đường dẫn trong Cài đặt."),
    "pkcs11_module_unloadable": ("Không nạp được thư viện PKCS#11 {path}: tệp hỏng hoặc không"
                                 " đúng loại máy (32/64 bit). Cài lại phần mềm của USB token."),
    "token_not_found": ("Không thấy USB token \"{label}\". Hãy cắm token rồi thử lại."
                        " Token đang cắm: {available}."),
    "token_absent": "USB token \"{label}\" đã bị rút ra hoặc không trả lời. Cắm lại rồi thử lại.",
    "pin_incorrect": ("Sai mã PIN của USB token \"{label}\". Nhập sai nhiều lần token sẽ bị khóa:"
                      " hãy kiểm tra kỹ trước khi thử lại."),
    "pin_invalid": "Mã PIN của USB token \"{label}\" không đúng độ dài hoặc có ký tự không hợp lệ.",
    "pin_locked": ("USB token \"{label}\" đã bị khóa do nhập sai mã PIN quá số lần. Liên hệ nhà"
                   " cung cấp chữ ký số để mở khóa; chương trình không thử PIN nữa."),
    "token_no_key": "USB token \"{label}\" không có khóa bí mật để ký.",
    "token_several_keys": ("USB token \"{label}\" có nhiều khóa ({keys}); hãy chọn khóa trong"
                           " Cài đặt."),
    "token_no_certificate": "USB token \"{label}\" không có chứng thư số đi kèm khóa ký.",
    "token_error": "USB token \"{label}\" báo lỗi {reason}. Rút ra, cắm lại rồi thử lại.",
    "signing_failed": "Ký số không thành công ({reason}). Không có tệp nào được ghi.",
    # certificate validity at signing
    "certificate_expired": ("Chứng thư số đã hết hạn lúc {not_after}; không ký với chứng thư này."
                            " Hãy gia hạn chứng thư với nhà cung cấp."),
    "certificate_not_yet_valid": ("Chứng thư số chỉ có hiệu lực từ {not_before} (bây giờ là"
                                  " {at}). Kiểm tra ngày giờ của máy tính."),
    # report PDF
    "pdf_unreadable": "Tệp báo cáo PDF không đọc được; hãy lập lại báo cáo.",
    "stamp_page_out_of_range": "Báo cáo có {pages} trang, không có trang {page} để đặt chữ ký.",
    "stamp_box_empty": "Vị trí đặt chữ ký trên báo cáo không hợp lệ; hãy lập lại báo cáo.",
    # manifest facts
    "manifest_bad_value": "Thông tin gói không hợp lệ ở mục \"{path}\".",
    "manifest_changes_mismatch": ("Bản {version}: bản 1 không ghi thay đổi, bản sau phải ghi các"
                                  " thay đổi so với bản trước."),
    "manifest_bad_file_name": "Tên tệp \"{name}\" không dùng được trong gói.",
    "manifest_missing_file": "Gói thiếu tệp bắt buộc {name}.",
}

VERDICT_MESSAGES: Mapping[str, str] = {
    # zip
    "zip_ok": "Tệp nén đọc được, cấu trúc an toàn ({entries} tệp).",
    "zip_missing": "Không tìm thấy tệp {path}. Kiểm tra lại đường dẫn.",
    "zip_too_large": "Tệp quá lớn ({size} byte, tối đa {limit}); không kiểm tra. " + RESEND,
    "zip_unreadable": ("Tệp không phải tệp nén .zip hợp lệ hoặc bị cắt cụt (tải về chưa hết?)."
                       " Hãy tải lại; nếu vẫn lỗi, " + RESEND[0].lower() + RESEND[1:]),
    "zip_unsafe_name": ("Tệp nén chứa tên nguy hiểm \"{name}\" (đường dẫn tuyệt đối hoặc có"
                        " \"..\"): có dấu hiệu giả mạo, không giải nén. " + RESEND),
    "zip_duplicate_name": "Tệp nén có hai mục cùng tên \"{name}\": gói đã bị sửa. " + RESEND,
    "zip_encrypted": "Mục \"{name}\" bị đặt mật khẩu; gói khaosat không như vậy. " + RESEND,
    "zip_unsupported_compression": "Mục \"{name}\" nén theo kiểu lạ; gói đã bị sửa. " + RESEND,
    "zip_too_many_entries": "Tệp nén có {count} mục (tối đa {limit}); không kiểm tra. " + RESEND,
    "zip_entry_too_large": ("Mục \"{name}\" khi giải nén quá lớn ({size} byte, tối đa {limit}):"
                            " có dấu hiệu \"bom nén\", không giải nén. " + RESEND),
    "zip_entry_ratio": ("Mục \"{name}\" có tỉ lệ nén bất thường ({compressed} → {size} byte):"
                        " có dấu hiệu \"bom nén\", không giải nén. " + RESEND),
    "zip_total_too_large": ("Các tệp trong gói khi giải nén quá lớn ({size} byte, tối đa {limit});"
                            " không giải nén. " + RESEND),
    "zip_entry_corrupt": ("Mục \"{name}\" bị hỏng (sai mã kiểm tra hoặc kích thước): tệp bị sửa"
                          " hoặc hỏng khi sao chép. " + RESEND),
    # manifest
    "manifest_ok": ("manifest.json hợp lệ: định dạng {format_version}, {unit_name} (mã"
                    " {unit_code}), {period_title}, bản {version}, lập lúc {created_at}."),
    "manifest_missing": "Thiếu manifest.json: đây không phải gói khaosat hoặc gói đã bị sửa.",
    "manifest_not_json": "manifest.json không phải JSON hợp lệ: gói đã bị sửa hoặc hỏng.",
    "manifest_duplicate_key": "manifest.json có mục \"{key}\" lặp lại: gói đã bị sửa.",
    "manifest_unknown_format": "manifest.json không phải của gói khaosat (định dạng \"{found}\").",
    "manifest_format_version": ("Gói dùng định dạng phiên bản {found}; chương trình này đọc được"
                                " phiên bản {supported}. Hãy cập nhật khaosat rồi kiểm tra lại."),
    "manifest_missing_field": "manifest.json thiếu mục \"{path}\": gói đã bị sửa hoặc hỏng.",
    "manifest_unexpected_field": "manifest.json có mục lạ \"{path}\": gói đã bị sửa.",
    "manifest_bad_value": "manifest.json có giá trị sai ở mục \"{path}\": gói đã bị sửa.",
    "manifest_bad_hash": "manifest.json ghi mã băm sai dạng cho tệp {name}: gói đã bị sửa.",
    "manifest_bad_file_name": "manifest.json ghi tên tệp không hợp lệ \"{name}\": gói đã bị sửa.",
    "manifest_missing_file": "manifest.json không liệt kê tệp bắt buộc {name}.",
    "manifest_changes_mismatch": "manifest.json: danh sách thay đổi không đúng với bản {version}.",
    "manifest_not_canonical": "manifest.json không đúng dạng chương trình ghi: đã bị sửa.",
    "manifest_unreadable": "Không đọc được manifest.json ({reason}): gói đã bị sửa hoặc hỏng.",
    # files
    "file_ok": "{name}: mã băm SHA-256 khớp ({size} byte).",
    "file_missing": "Thiếu tệp {name} mà manifest.json liệt kê. " + RESEND,
    "file_hash_mismatch": "{name}: mã băm SHA-256 KHÔNG khớp: tệp đã bị sửa sau khi ký.",
    "file_unexpected": "Tệp {name} không có trong manifest.json: bị thêm vào sau khi ký.",
    "files_not_checked": "Chưa kiểm tra được các tệp (manifest.json không dùng được).",
    "file_unreadable": "Không kiểm tra được các tệp ({reason}).",
    # CMS
    "cms_ok": "Chữ ký số trên manifest.json hợp lệ: người ký {signer}, lúc {signing_time}.",
    "cms_missing": "Thiếu chữ ký manifest.json.p7s: gói chưa được ký hoặc đã bị sửa.",
    "cms_not_checked": "Chưa kiểm tra được chữ ký (thiếu manifest.json).",
    "cms_malformed": "manifest.json.p7s không phải chữ ký CMS của một người ký: đã bị sửa.",
    "cms_digest_mismatch": ("Chữ ký manifest.json.p7s không khớp với manifest.json: manifest đã"
                            " bị sửa hoặc bị tráo."),
    "cms_signature_invalid": "Chữ ký manifest.json.p7s không hợp lệ: đã bị sửa.",
    "cms_unreadable": "Không đọc được chữ ký manifest.json.p7s ({reason}): đã bị sửa hoặc hỏng.",
    # PDF
    "pdf_ok": ("Chữ ký số trên báo cáo {name} hợp lệ, phủ toàn bộ tệp, cùng người ký ({signer}),"
               " lúc {signing_time}."),
    "pdf_missing": "Thiếu báo cáo {name}. " + RESEND,
    "pdf_signature_count": "Báo cáo PDF có {found} chữ ký số; gói khaosat có đúng 1.",
    "pdf_signature_invalid": "Chữ ký số trên báo cáo PDF không hợp lệ: báo cáo đã bị sửa.",
    "pdf_changed_after_signing": "Báo cáo PDF bị thêm nội dung sau khi ký.",
    "pdf_signer_differs": ("Báo cáo PDF do người khác ký ({pdf_signer}), không phải người ký"
                           " manifest.json: gói bị ghép từ nhiều nguồn."),
    "pdf_unreadable": "Không đọc được báo cáo PDF ({reason}): đã bị sửa hoặc hỏng.",
    # counts
    "counts_ok": "{name}: {forms} phiếu ({active} phiếu tính, {void} phiếu hủy), khớp manifest.",
    "counts_mismatch": ("{name} có {forms} phiếu ({active} tính, {void} hủy) nhưng manifest ghi"
                        " {expected_forms} ({expected_active} tính, {expected_void} hủy):"
                        " dữ liệu và báo cáo không khớp."),
    "counts_unreadable": "Không đọc được bảng {name} để đếm phiếu: tệp hỏng hoặc sai dạng.",
    "counts_not_checked": "Chưa đối chiếu được số phiếu (thiếu manifest hoặc tệp dữ liệu).",
    # certificate
    "certificate_ok": ("Chứng thư số có hiệu lực lúc ký {signing_time} (hiệu lực từ {not_before}"
                       " đến {not_after})."),
    "certificate_not_yet_valid_at_signing": ("Lúc ký {signing_time} chứng thư số chưa có hiệu"
                                             " lực (từ {not_before})."),
    "certificate_expired_at_signing": ("Lúc ký {signing_time} chứng thư số đã hết hạn (đến"
                                       " {not_after})."),
    "signing_time_in_future": ("Thời gian ký {signing_time} ở tương lai: máy ký để sai ngày giờ"
                               " hoặc gói bị giả mạo. " + RESEND),
    "signing_time_mismatch": "Thời gian ký không thống nhất giữa các chữ ký ({times}).",
    "signing_time_missing": "Chữ ký không ghi thời gian ký.",
    "certificate_key_usage": "Chứng thư số không dùng để ký số (thiếu mục đích ký).",
    "certificate_not_checked": "Chưa kiểm tra được chứng thư số (chữ ký không hợp lệ).",
    "certificate_unreadable": "Không đọc được chứng thư số ({reason}).",
    # trust
    "trust_none": ("CHƯA XÁC ĐỊNH người ký: dấu vân tay chứng thư là {fingerprint}. Hãy đối chiếu"
                   " với dấu vân tay đơn vị đã báo rồi chạy lại với --fingerprint, hoặc dùng"
                   " --trust với chứng thư gốc của tổ chức chứng thực."),
    "trust_fingerprint_ok": "Dấu vân tay chứng thư khớp với dấu vân tay đã cho.",
    "trust_fingerprint_mismatch": ("Dấu vân tay chứng thư ({fingerprint}) KHÁC dấu vân tay đã"
                                   " cho: gói không do đơn vị đó ký."),
    "trust_fingerprint_malformed": ("Dấu vân tay đã cho \"{given}\" không đúng dạng (64 chữ số hệ"
                                    " 16, có thể có dấu hai chấm)."),
    "trust_root_ok": "Chứng thư người ký được cấp bởi chứng thư gốc đã cho (--trust).",
    "trust_root_mismatch": ("Chứng thư người ký ({fingerprint}) KHÔNG được cấp bởi chứng thư gốc"
                            " đã cho (--trust)."),
    "trust_root_unreadable": "Không đọc được chứng thư gốc đã cho (--trust): cần tệp PEM hoặc DER.",
    "trust_not_checked": "Chưa xác định được người ký (chữ ký không hợp lệ).",
    "trust_unreadable": "Không kiểm tra được độ tin cậy ({reason}).",
}

MARKS = {"pass": "✓", "fail": "✗", "skip": "–"}


def _worded(template: str, params: Mapping[str, Any]) -> str:
    from app.domain.narrative import format_count

    shown = {key: format_count(value) if isinstance(value, int) and not isinstance(value, bool)
             and key not in ("version", "format_version", "page", "pages", "minimum", "days")
             else value for key, value in params.items()}
    try:
        return template.format(**shown)
    except (KeyError, IndexError):
        return template


def error_line(error: BundleError) -> str:
    """One Vietnamese sentence for a bundle refusal (the code itself if it has no wording)."""
    return _worded(ERROR_MESSAGES.get(error.code, error.code), error.params)


def check_line(check: Check) -> str:
    text = _worded(VERDICT_MESSAGES.get(check.code, check.code), check.params)
    if check.code == "cms_ok" and check.params.get("self_signed"):
        text += " Chứng thư TỰ KÝ của đơn vị: chỉ tin khi dấu vân tay khớp."
    return f"{MARKS.get(check.status, '?')} {text}"


def verdict_lines(verdict: Verdict) -> list[str]:
    lines = [check_line(check) for check in verdict.checks]
    failed = len(verdict.failed())
    if verdict.ok:
        lines.append("KẾT LUẬN: gói hợp lệ, đủ và đúng như khi ký; người ký đã được xác định.")
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
