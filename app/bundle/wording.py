"""The Vietnamese words for the bundle codes: refusals when signing (``error_line``) and the
verifier's lines (``check_sentence``).

One copy for every place a clerk reads them: ``khaosat verify`` / ``khaosat export``
(app/commands/bundle.py) and the Verify screen (app/ui/verify_dialog.py) say the same
sentence for the same finding. Where the command line names its options (``--trust``,
``--fingerprint``) the screen names its fields instead (``SCREEN_MESSAGES``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.bundle.errors import BundleError
    from app.bundle.verifier import Check

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
    # audit chain (nhat-ky.jsonl)
    "audit_ok": ("Nhật ký thay đổi nhat-ky.jsonl: {entries} mục (số {first} đến {last}), chuỗi"
                 " mã băm liền mạch: không mục nào bị sửa, xóa hay chèn thêm."),
    "audit_broken": ("Nhật ký thay đổi nhat-ky.jsonl KHÔNG liền mạch ở mục số {entry}: {detail}."
                     " Nhật ký đã bị can thiệp (có thể ngay trong dữ liệu của đơn vị, trước khi"
                     " ký). Đề nghị đơn vị giải trình và gửi lại gói."),
    "audit_empty": ("Nhật ký thay đổi nhat-ky.jsonl trống, trong khi gói khaosat luôn có nhật ký"
                    " của kỳ. " + RESEND),
    "audit_unreadable": ("Nhật ký thay đổi nhat-ky.jsonl hỏng ở dòng {line} (không phải một mục"
                         " nhật ký): đã bị sửa hoặc hỏng. " + RESEND),
    "audit_not_checked": ("Chưa kiểm tra được nhật ký thay đổi nhat-ky.jsonl (tệp thiếu hoặc"
                          " không khớp mã băm: xem dòng của tệp ở trên)."),
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


# The same findings in the screen's terms (app/ui/verify_dialog.py: a file chooser and a
# fingerprint field instead of --trust and --fingerprint).
SCREEN_MESSAGES: Mapping[str, str] = {
    "trust_none": ("CHƯA XÁC ĐỊNH người ký: dấu vân tay chứng thư là {fingerprint}. Hãy gọi điện"
                   " cho đơn vị gửi, đối chiếu với dấu vân tay đơn vị đọc cho, rồi nhập vào ô"
                   " \"Dấu vân tay\" và kiểm tra lại (hoặc chọn chứng thư gốc của tổ chức chứng"
                   " thực)."),
    "trust_root_ok": "Chứng thư người ký được cấp bởi chứng thư gốc đã chọn.",
    "trust_root_mismatch": ("Chứng thư người ký ({fingerprint}) KHÔNG được cấp bởi chứng thư gốc"
                            " đã chọn."),
    "trust_root_unreadable": ("Không đọc được tệp chứng thư gốc đã chọn: cần tệp .pem, .cer hoặc"
                              " .crt (dạng PEM hoặc DER)."),
}

# What ``audit_broken`` found at the entry it names (the verifier's ``reason``).
AUDIT_BREAKS: Mapping[str, str] = {
    "hash": "nội dung mục này không khớp mã băm của nó, tức là đã bị sửa",
    "link": ("mục này không nối với mục ngay trước nó, tức là có mục bị xóa, chèn thêm hoặc"
             " đổi chỗ"),
    "id": "số thứ tự các mục bị nhảy cóc, tức là có mục bị xóa hoặc bị đánh số lại",
}
AUDIT_UNREADABLE_WHOLE = ("Không đọc được nhật ký thay đổi nhat-ky.jsonl ({reason}): đã bị sửa"
                          " hoặc hỏng. " + RESEND)
SELF_SIGNED_NOTE = " Chứng thư TỰ KÝ của đơn vị: chỉ tin khi dấu vân tay khớp."
# Parameters that are numbers but not quantities: no thousands dot ("bản 12", "mục số 1234").
_NOT_QUANTITIES = frozenset({"version", "format_version", "page", "pages", "minimum", "days",
                             "entry", "first", "last", "line"})


# Moments the verifier and the signers give as ISO 8601 in Vietnam time (``vietnam_iso``).
_MOMENTS = frozenset({"signing_time", "not_before", "not_after", "created_at", "at"})


def shown_moment(iso: str) -> str:
    """``2026-10-05T09:30:00+07:00`` → ``05/10/2026 09:30:00``, as clerks read dates; any
    other text unchanged. Every moment in a verdict is Vietnam time already."""
    try:
        return datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return iso


def _shown(key: str, value: Any) -> Any:
    from app.domain.narrative import format_count

    if isinstance(value, int) and not isinstance(value, bool) and key not in _NOT_QUANTITIES:
        return format_count(value)
    if isinstance(value, str) and key in _MOMENTS:
        return shown_moment(value)
    if isinstance(value, str) and key == "times":  # signing_time_mismatch: "t1, t2"
        return ", ".join(shown_moment(part) for part in value.split(", "))
    return value


def worded(template: str, params: Mapping[str, Any]) -> str:
    """``template`` filled with ``params``: quantities the Vietnamese way (1.234), moments
    dd/mm/yyyy hh:mm:ss."""
    shown = {key: _shown(key, value) for key, value in params.items()}
    try:
        return template.format(**shown)
    except (KeyError, IndexError):
        return template


def error_line(error: BundleError) -> str:
    """One Vietnamese sentence for a bundle refusal (the code itself if it has no wording)."""
    return worded(ERROR_MESSAGES.get(error.code, error.code), error.params)


def grouped_fingerprint(fingerprint: str, pairs: int = 8) -> str:
    """``AB:CD:…`` in groups of ``pairs`` pairs split by spaces: a screen can wrap it (a colon
    is no line-break opportunity) and a clerk reads it over the phone group by group. The
    fingerprint field accepts it back as typed."""
    parts = fingerprint.split(":")
    return " ".join(":".join(parts[i:i + pairs]) for i in range(0, len(parts), pairs))


def check_sentence(check: Check, *, screen: bool = False) -> str:
    """The Vietnamese sentence of one verifier line, without its mark (the code itself if it
    has no wording). ``screen``: words for the Verify screen instead of the command line."""
    params = dict(check.params)
    if screen and isinstance(params.get("fingerprint"), str):
        params["fingerprint"] = grouped_fingerprint(params["fingerprint"])
    template = (SCREEN_MESSAGES.get(check.code) if screen else None) \
        or VERDICT_MESSAGES.get(check.code, check.code)
    if check.code == "audit_broken":
        params["detail"] = AUDIT_BREAKS.get(str(params.get("reason")), "")
    elif check.code == "audit_unreadable" and "line" not in params:
        template = AUDIT_UNREADABLE_WHOLE  # a parser failure caught by the verifier's guard
    text = worded(template, params)
    if check.code == "cms_ok" and params.get("self_signed"):
        text += SELF_SIGNED_NOTE
    return text
