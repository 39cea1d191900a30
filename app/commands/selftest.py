"""``khaosat --self-test``: print which steps of the self-test passed and which failed.

Not a verb: a flag of the main parser (app.cli.main), so ``khaosat-cli --self-test`` is what
an IT clerk types after installing. Exit code 0 only when every step passed. The steps are the
services' own (app/services/selftest.py) plus the Qt check of app/ui/selftest.py.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable

from app.services.selftest import STEPS, SelfTestRun, Step, run_self_test

PASSED = "ĐẠT"
FAILED = "LỖI"


def _gui_step(_run: SelfTestRun) -> str:
    from app.ui.selftest import check_gui

    detail: str = check_gui()  # app.ui is not type-checked (pyproject: follow_imports skip)
    return detail


ALL_STEPS: tuple[Step, ...] = (*STEPS, ("Giao diện", _gui_step))


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " s"


def cmd_self_test(args: argparse.Namespace, steps: tuple[Step, ...] = ALL_STEPS,
                  out: Callable[[str], None] = print) -> int:
    from app import __version__
    from app.cli import EXIT_ERROR, EXIT_OK

    frozen = "bản đóng gói" if getattr(sys, "frozen", False) else "mã nguồn"
    out(f"khaosat {__version__} – tự kiểm tra ({frozen}, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()})")
    out("Chạy trong một thư mục tạm; dữ liệu của đơn vị không bị mở hay thay đổi.")
    started = last = time.perf_counter()
    failures = []
    count = 0
    for result in run_self_test(steps):
        now = time.perf_counter()
        count += 1
        mark = PASSED if result.ok else FAILED
        out(f"  {mark:<4} {result.name}: {result.detail} ({_seconds(now - last)})")
        last = now
        if not result.ok:
            failures.append(result.name)
    total = _seconds(time.perf_counter() - started)
    if failures:
        out(f"Kết quả: {len(failures)}/{count} bước LỖI ({', '.join(failures)}), {total}. "
            "Chương trình cài đặt chưa dùng được: hãy cài lại bản cài đặt, nếu vẫn lỗi thì "
            "gửi nguyên màn hình này cho cán bộ CNTT.")
        return EXIT_ERROR
    out(f"Kết quả: cả {count} bước đều ĐẠT, {total}.")
    return EXIT_OK
