"""``khaosat import FILE``: forms from a raw data CSV/XLSX (docs/cli.md, docs/formats.md).

Prints the plan (rows OK, every refused row with its reason in Vietnamese) and writes only
when no row is refused, or when ``--skip-bad-rows`` says to leave the refused rows out.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import EXIT_ERROR, EXIT_OK, CliError, _data_dir, _open, _require_settings

if TYPE_CHECKING:
    from app.services.import_data import ImportPlan

Handler = Callable[[argparse.Namespace], int]

ROW_MESSAGES = {
    "serial_empty": "số phiếu để trống",
    "serial_not_number": 'số phiếu "{text}" không phải là số (chỉ gồm chữ số, vd. 0124)',
    "serial_out_of_range": "số phiếu phải từ 1 đến {max}",
    "date_empty": "ngày khảo sát để trống",
    "date_format": 'ngày "{text}" sai dạng; hãy ghi ngày/tháng/năm, vd. 22/11/2026',
    "date_impossible": "ngày {text} không hợp lệ",
    "date_future": "ngày {date} chưa tới (hôm nay là {today})",
    "date_outside_year": "ngày {date} không thuộc năm làm việc {year}",
    "questionnaire_unknown": ('mẫu phiếu "{text}" chưa có trong chương trình; hãy nạp tệp mẫu '
                              "phiếu của cấp trên trong Cài đặt trước"),
    "field_empty": ("lĩnh vực để trống; ghi mã lĩnh vực, 0 nếu phiếu bỏ trống, "
                    "9 nếu không đọc được"),
    "field_unknown": 'mã lĩnh vực "{code}" không có trong cài đặt của đơn vị (có: {allowed})',
    "answer_empty": ("câu {code} để trống; ghi 0 nếu phiếu bỏ trống câu này, "
                     "9 nếu không đọc được"),
    "answer_not_number": 'câu {code}: "{text}" không phải mã trả lời (một chữ số)',
    "answer_out_of_range": ("câu {code}: không có mã {answer} (chỉ 1 đến {max}, 0 bỏ trống, "
                            "9 không đọc được)"),
    "answer_not_in_questionnaire": ("có trả lời ở cột {codes} nhưng mẫu phiếu {questionnaire} "
                                    "không có các câu này"),
    "opinion_too_long": "ý kiến dài {length} ký tự, quá {max} ký tự cho phép",
    "status_unknown": 'trạng thái "{text}" không hợp lệ (chỉ active hoặc void)',
    "serial_repeated": "số phiếu {serial} có nhiều lần trong tệp (cả ở dòng {rows})",
    "serial_taken": "số phiếu {serial} đã có trong dữ liệu (nhập lúc {keyed_at}, {operator})",
    "period_locked": ("{period} đã xuất gói gửi huyện (bản {version}), không nhập từ tệp được; "
                      "hãy nhập tay từng phiếu với lý do"),
}

FILE_MESSAGES = {
    "file_empty": "Tệp trống, không có dòng tên cột.",
    "no_rows": "Tệp chỉ có dòng tên cột, không có phiếu nào.",
    "header_empty": "Dòng đầu của tệp không có tên cột nào.",
    "column_missing": ("Thiếu cột bắt buộc {columns}: dòng đầu phải là tên cột như tệp xuất "
                       "dữ liệu (serial, date, field, …)."),
    "column_unknown": ("Không nhận ra cột {columns}: chỉ dùng tên cột như tệp xuất dữ liệu "
                       "(serial, date, field, mã các câu hỏi, opinion, status, operator, "
                       "keyed_at, questionnaire)."),
    "column_duplicate": "Cột {columns} có hai lần; hãy xóa cột thừa.",
    "answer_columns_missing": "Thiếu cột các câu của mẫu phiếu {questionnaire}: {columns}.",
    "encoding_utf16": ("Tệp ở dạng Unicode UTF-16 (\"Văn bản Unicode\" của Excel); hãy lưu lại "
                       "dạng \"CSV UTF-8 (phân cách bằng dấu phẩy)\"."),
    "nul_bytes": ("Tệp có ký tự NUL ở dòng {line}: không phải tệp CSV dạng văn bản (nếu là tệp "
                  "Excel, hãy đặt đuôi .xlsx)."),
    "encoding_mixed": ("Tệp lẫn hai bảng mã (UTF-8 và bảng mã khác), sai từ dòng {line}; không "
                       "đọc để tránh ghi sai dấu tiếng Việt. Hãy mở tệp bằng Excel và lưu lại "
                       "dạng \"CSV UTF-8\"."),
    "encoding_unknown": ("Không đọc được bảng mã của tệp (dòng {line}); hãy lưu lại dạng "
                         "\"CSV UTF-8\"."),
    "csv_malformed": "Tệp CSV hỏng ở dòng {line} ({detail}).",
    "too_many_rows": ("Tệp có hơn {max} phiếu, quá giới hạn một lần nhập; hãy chia thành "
                      "nhiều tệp nhỏ hơn."),
    "file_too_large": "Tệp quá lớn ({size_mb} MB; tối đa {max_mb} MB).",
    "xlsx_not_zip": ("Tệp có đuôi .xlsx nhưng không phải tệp Excel: tệp hỏng hoặc đặt sai "
                     "đuôi."),
    "xlsx_unreadable": "Không đọc được tệp Excel ({detail}); hãy mở bằng Excel và lưu lại.",
    # "code:reason": a sentence for what the reading recognised (params["reason"])
    "xlsx_unreadable:encrypted": ("Tệp Excel có đặt mật khẩu nên không đọc được. Hãy mở bằng "
                                  "Excel, bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc > "
                                  "Mã hóa bằng mật khẩu, xóa trống), lưu lại rồi nhập tệp đó."),
    "xlsx_unreadable:unpacked_too_large": (
        "Tệp Excel quá lớn khi giải nén ({detail}), không phải tệp dữ liệu phiếu; hãy chép "
        "riêng bảng phiếu sang một tệp Excel mới rồi nhập tệp đó."),
    "xlsx_unreadable:no_worksheet": ("Tệp Excel không có trang tính nào (tệp hỏng hoặc chỉ có "
                                     "biểu đồ); hãy mở bằng Excel, kiểm tra và lưu lại."),
    "xlsx_unreadable:rows_beyond_excel": ("Tệp Excel hỏng: có dòng nằm sau dòng cuối cùng Excel "
                                          "cho phép ({detail}); hãy mở bằng Excel và lưu lại."),
    "file_empty:first_sheet": ("Trang tính đầu tiên (\"{sheet}\") của tệp trống, không có dòng "
                               "tên cột; bảng phiếu phải nằm ở trang tính đầu tiên của tệp "
                               "Excel."),
    "xls_old_format": ("Tệp .xls (Excel 97–2003) không nhập được; hãy mở bằng Excel và lưu "
                       "dạng .xlsx."),
    "file_type_unknown": 'Chỉ nhập được tệp .csv hoặc .xlsx (tệp này có đuôi "{suffix}").',
    "file_unreadable": "Không đọc được tệp: {detail}.",
    "rows_refused": ("Có {bad} dòng lỗi nên chưa nhập gì. Hãy sửa tệp rồi nhập lại, hoặc "
                     "thêm --skip-bad-rows để nhập {good} dòng đúng và bỏ qua các dòng lỗi."),
    "rows_refused:no_good_row": ("Cả {bad} dòng đều lỗi nên chưa nhập gì (--skip-bad-rows "
                                 "cũng không còn dòng nào để nhập); hãy sửa tệp rồi nhập lại."),
    "nothing_to_import": "Không có dòng nào nhập được; chưa nhập gì.",
    "serial_taken_meanwhile": ("Số phiếu {serial} vừa được nhập ở chương trình khác trong lúc "
                               "nhập tệp; chưa nhập gì, hãy chạy lại."),
    "backup_failed": ("Không sao lưu được trước khi nhập ({reason}; thư mục {folder}); "
                      "chưa nhập gì."),
    "period_locked_meanwhile": ("{period} vừa được xuất gói gửi huyện (bản {version}) trong "
                                "lúc nhập tệp; chưa nhập gì. Hãy chọn lại tệp: các phiếu của "
                                "kỳ này phải nhập tay từng phiếu với lý do."),
    "row_changed": "Dòng {row} không còn hợp lệ với cài đặt hiện tại; chưa nhập gì, hãy chạy lại.",
}


def sentence(messages: Mapping[str, str], code: str, params: Mapping[str, Any]) -> str:
    from app.services.import_data import display_params

    template = messages.get(f"{code}:{params.get('reason', '')}") or messages.get(code, code)
    try:
        return template.format(**(display_params(params) | _period_words(params)))
    except (KeyError, IndexError):
        return template


def _period_words(params: Mapping[str, Any]) -> dict[str, str]:
    """"{period}" as a clerk says it: "Quý III năm 2026" for "2026-Q3"."""
    from app.domain.periods import Period, parse_period

    if "period" not in params:
        return {}
    period = parse_period(str(params["period"]))
    if not isinstance(period, Period):
        return {}
    return {"period": period.title[:1].upper() + period.title[1:]}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> dict[str, Handler]:
    verb = sub.add_parser("import", parents=[common], help="nhập phiếu từ tệp CSV/XLSX",
                          description="Nhập phiếu từ tệp CSV hoặc XLSX cùng dạng tệp "
                                      "export-data (docs/formats.md).")
    verb.add_argument("file", type=Path, metavar="TỆP", help="tệp .csv hoặc .xlsx")
    verb.add_argument("--skip-bad-rows", action="store_true",
                      help="nhập các dòng đúng, bỏ qua các dòng lỗi")
    verb.add_argument("--dry-run", action="store_true",
                      help="chỉ kiểm tra và in kết quả, không ghi gì")
    verb.add_argument("--operator", help="tên người nhập (mặc định: người nhập lần trước)")
    return {"import": cmd_import}


def cmd_import(args: argparse.Namespace) -> int:
    from app.services.import_data import ImportRefusedError, apply_import, plan_import
    from app.services.setup import known_operators, last_operator

    if not args.file.is_file():
        raise CliError(f"Không có tệp {args.file}.")
    ws = _open(_data_dir(args))
    try:
        _require_settings(ws)
        operator = (args.operator or last_operator(ws) or next(iter(known_operators(ws)), "")
                    ).strip()
        if not operator:
            raise CliError("Chưa biết ai nhập: thêm --operator \"Họ tên\".")
        plan = None
        for progress in plan_import(ws, args.file):
            plan = progress.plan or plan
        assert plan is not None
        _print_plan(plan)
        if plan.refusal:
            raise CliError(" ".join(sentence(FILE_MESSAGES, i.code, i.params)
                                    for i in plan.refusal) + " Chưa nhập gì.")
        blocking = plan.blocking_issue(args.skip_bad_rows)
        if blocking is not None:
            # with no good row, advising --skip-bad-rows would promise an import of nothing
            reason = {"reason": "no_good_row"} if not plan.good else {}
            raise CliError(sentence(FILE_MESSAGES, blocking.code, {**blocking.params, **reason}))
        if args.dry_run:
            print(f"Chạy thử: {len(plan.good)} phiếu sẽ được nhập; chưa ghi gì.")
            return EXIT_OK
        result = None
        try:
            for progress in apply_import(ws, plan, operator, skip_bad_rows=args.skip_bad_rows):
                result = progress.result or result
        except ImportRefusedError as exc:
            raise CliError(sentence(FILE_MESSAGES, exc.issue.code, exc.issue.params)) from None
        if result is None:
            return EXIT_ERROR
        skipped = f", bỏ qua {result.skipped} dòng lỗi" if result.skipped else ""
        print(f"Đã nhập {result.imported} phiếu{skipped} (người nhập: {operator}).")
        return EXIT_OK
    finally:
        ws.close()


def _print_plan(plan: ImportPlan) -> None:
    encoding = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1258": "Windows-1258 (không phải "
                "UTF-8: hãy kiểm tra dấu tiếng Việt)"}.get(plan.encoding, "")
    kind = f"{plan.file_type.upper()}" + (f", bảng mã {encoding}" if encoding else "")
    print(f"Tệp {plan.source.name} ({kind}): {plan.row_count} dòng phiếu, "
          f"{len(plan.good)} dòng đúng, {len(plan.bad)} dòng lỗi.")
    for bad in plan.bad:
        reasons = "; ".join(sentence(ROW_MESSAGES, i.code, i.params) for i in bad.issues)
        print(f"Dòng {bad.row}: {reasons}.")
