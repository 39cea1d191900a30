"""``khaosat report``: the quarterly or yearly report files (PDF, XLSX, notice page).

Registered by app.cli (see app/commands/__init__.py). The narrative and the "Nơi nhận" lines
are the clerk's saved draft of that period (the report screen), else a draft from the figures.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

Handler = Callable[[argparse.Namespace], int]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> dict[str, Handler]:
    report = sub.add_parser("report", parents=[common],
                            help="lập báo cáo quý/năm (PDF, XLSX, thông báo niêm yết)")
    report.add_argument("--period", required=True,
                        help="kỳ báo cáo: 2026-Q3 (quý III năm 2026) hoặc 2026 (cả năm)")
    report.add_argument("--out", type=Path, required=True, help="thư mục ghi các tệp")
    report.add_argument("--number", help='số báo cáo, vd. 12 → "Số: 12/BC-UBND"'
                                         " (mặc định: số đã lưu, hoặc để trống)")
    report.add_argument("--date", help="ngày báo cáo dd/mm/yyyy (mặc định: hôm nay)")
    return {"report": cmd_report}


def _parse_report_date(text: str) -> date:
    from app.cli import CliError

    match = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", text)
    if match is None:
        raise CliError(f'Ngày báo cáo "{text}" phải có dạng dd/mm/yyyy, vd. 05/10/2026.')
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise CliError(f"Ngày báo cáo {text} không có thật trên lịch.") from None


def cmd_report(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from app.cli import EXIT_OK, CliError, _data_dir, _open, _period_argument, _require_settings
    from app.services import reports

    report_date = _parse_report_date(args.date) if args.date else None
    number = args.number.strip() if args.number is not None else None
    if number is not None and ("/" in number or len(number) > 10):
        raise CliError(f'Số báo cáo "{number}" chỉ ghi phần số, vd. 12 (không ghi "/BC-UBND").')
    ws = _open(_data_dir(args))
    try:
        settings = _require_settings(ws)
        period = _period_argument(args.period, settings, "kỳ báo cáo")
        today = ws.today()
        tabulation = reports.tabulate_period(ws, period, today)
        if tabulation.forms == 0:
            title = period.title[:1].upper() + period.title[1:]
            raise CliError(f"{title} chưa có phiếu nào nên chưa có gì để báo cáo:"
                           " hãy nhập phiếu trước hoặc chọn kỳ khác.")
        request = reports.default_request(ws, period, today)
        request = replace(request, report_date=report_date or today,
                          number=request.number if number is None else number)
        try:
            outputs = None
            for progress in reports.make_report(ws, request, args.out, today):
                outputs = progress.outputs or outputs
        except OSError as exc:
            raise CliError(f"Không ghi được vào thư mục {args.out}:"
                           f" {exc.strerror or exc}. Các tệp cũ (nếu có) vẫn giữ nguyên.") from None
        assert outputs is not None
        print(f"Đã lập báo cáo {period.title} ({tabulation.forms} phiếu):")
        for path in (outputs.pdf, outputs.xlsx, outputs.notice):
            print(f"  {path}")
        return EXIT_OK
    finally:
        ws.close()
