"""``khaosat print-forms``: numbered blank forms as a PDF, the serial range recorded as issued.

Verbs registered by app.cli (see app/commands/__init__.py).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

Handler = Callable[[argparse.Namespace], int]

CLI_OPERATOR = "khaosat (dòng lệnh)"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> dict[str, Handler]:
    parser = sub.add_parser(
        "print-forms", parents=[common], help="in phiếu trắng đánh số (PDF, có mã QR)",
        description=("In phiếu khảo sát trắng, mỗi phiếu một số phiếu; dải số được ghi nhận là"
                     " đã phát để theo dõi phiếu chưa nhập."))
    parser.add_argument("--count", type=int, required=True, help="số phiếu cần in")
    parser.add_argument("--start", type=int,
                        help="số phiếu đầu tiên (mặc định: ngay sau số lớn nhất đã phát/đã nhập)")
    parser.add_argument("--blank", action="store_true",
                        help="bản gốc để photo: không in số phiếu, không ghi nhận số nào")
    parser.add_argument("--out", type=Path, required=True, help="tệp PDF sẽ ghi")
    parser.add_argument("--layout", type=Path,
                        help="ghi thêm tệp JSON vị trí các ô trên trang (để đọc phiếu bằng máy)")
    parser.add_argument("--operator", help="người in (mặc định: người nhập phiếu gần nhất)")
    return {"print-forms": cmd_print_forms}


def _serial(n: Any) -> str:
    from app.domain.forms import format_serial

    return format_serial(n) if isinstance(n, int) else str(n)


def refusal_line(code: str, p: Mapping[str, Any]) -> str:
    """The Vietnamese sentence for a refusal of app.domain.issuance.check_new_batch."""
    if code == "print_count_out_of_range":
        return f"Số phiếu cần in phải từ 1 đến {p['max']} (nhận được {p['count']})."
    if code == "print_start_empty":
        return "Cần số phiếu đầu tiên (--start), hoặc bỏ --start để lấy số gợi ý."
    if code == "print_range_out_of_range":
        return (f"Dải số {_serial(p['first'])}–{_serial(p['last'])} vượt quá số phiếu lớn nhất"
                f" {p['max']}.")
    if code == "print_range_issued":
        issued_at = p.get("issued_at")
        when = issued_at.strftime("%d/%m/%Y") if isinstance(issued_at, datetime) else "?"
        return (f"Số {_serial(p['first'])}–{_serial(p['last'])} đã phát trong đợt in"
                f" {_serial(p['batch_first'])}–{_serial(p['batch_last'])} ngày {when}"
                f" ({p.get('operator') or '?'}): hai tờ phiếu cùng một số sẽ không nhập được."
                " Hãy bỏ --start để lấy số gợi ý, hoặc chọn số bắt đầu khác.")
    if code == "print_range_keyed":
        shown = ", ".join(_serial(n) for n in p["serials"])
        more = f" và {p['count'] - len(p['serials'])} số khác" if p["count"] > len(
            p["serials"]) else ""
        return (f"Số {shown}{more} đã được nhập phiếu năm nay: hai tờ phiếu cùng một số sẽ không"
                " nhập được. Hãy bỏ --start để lấy số gợi ý, hoặc chọn số bắt đầu khác.")
    return f"Không in được (mã {code})."


def cmd_print_forms(args: argparse.Namespace) -> int:
    from app.cli import EXIT_OK, CliError, _data_dir, _open, _require_settings
    from app.domain.forms import format_serial
    from app.domain.text import nfc
    from app.services.print_forms import PrintCancelled, PrintRefused, print_forms, run_to_end
    from app.services.setup import last_operator

    if args.blank and args.start is not None:
        raise CliError("--start không dùng với --blank: bản gốc để photo không in số phiếu.")
    out = Path(args.out)
    if out.is_dir():
        raise CliError(f"{out} là một thư mục: hãy ghi đường dẫn tệp PDF, vd. {out / 'phieu.pdf'}.")
    if not out.parent.is_dir():
        raise CliError(f"Không có thư mục {out.parent}: hãy tạo thư mục trước hoặc chọn nơi khác.")
    ws = _open(_data_dir(args))
    try:
        _require_settings(ws)
        operator = nfc(args.operator or last_operator(ws) or CLI_OPERATOR).strip()
        try:
            batch = run_to_end(print_forms(ws, operator, args.count, args.start, args.blank,
                                           out, layout_path=args.layout))
        except PrintRefused as exc:
            raise CliError(refusal_line(exc.issue.code, exc.issue.params)
                           + " Chưa in, chưa ghi nhận gì.") from None
        except PrintCancelled:
            raise CliError("Đã dừng in: không ghi tệp, không ghi nhận đợt in.") from None
        except OSError as exc:
            raise CliError(f"Không ghi được tệp {exc.filename or out}: {exc.strerror}. "
                           "Tệp cũ (nếu có) vẫn giữ nguyên; chưa ghi nhận đợt in.") from None
        layout = f" Vị trí các ô: {args.layout}." if args.layout else ""
        if batch.first is None or batch.last is None:
            print(f"Đã in {batch.count} phiếu không đánh số (bản gốc để photo) ra {out}."
                  f"{layout}")
        else:
            print(f"Đã in {batch.count} phiếu số {format_serial(batch.first)}–"
                  f"{format_serial(batch.last)} năm {batch.year} ra {out}; dải số đã được ghi"
                  f" nhận là đã phát.{layout}")
        return EXIT_OK
    finally:
        ws.close()
