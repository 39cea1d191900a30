"""Maintenance verbs: ``backup [--to DIR] [--list]``, ``restore FILE [--yes]``, ``audit verify``.

Messages are Vietnamese (the CLI has no Qt translator); refusals are one line, exit code 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import EXIT_ERROR, EXIT_OK, CliError, _data_dir, _open

if TYPE_CHECKING:
    from app.domain.forms import Issue
    from app.services.backup import BackupInfo

Handler = Callable[[argparse.Namespace], int]

REASONS = {
    "manual": "sao lưu thủ công",
    "daily": "hằng ngày",
    "exit": "khi thoát",
    "before-migration": "trước khi nâng cấp",
    "before-import": "trước khi nhập tệp",
    "before-restore": "trước khi khôi phục",
}

ISSUES = {
    "backup_disk_full": "Ổ đĩa chứa {folder} đã đầy: hãy xóa bớt tệp không cần rồi sao lưu lại.",
    "backup_read_only": ("Không được phép ghi vào {folder} ({reason}): hãy chọn thư mục khác "
                         "hoặc nhờ cán bộ CNTT cấp quyền."),
    "backup_device_gone": ("Không tìm thấy {folder} ({reason}): ổ USB hoặc thư mục mạng đã bị "
                           "rút/ngắt? Hãy cắm lại rồi sao lưu lại."),
    "backup_database_locked": ("Cơ sở dữ liệu đang bận (một chương trình khác đang ghi): "
                               "chờ một lát rồi thử lại."),
    "backup_database_damaged": ("Cơ sở dữ liệu bị hỏng nên không sao lưu được; hãy khôi phục "
                                "một bản sao lưu tốt (khaosat backup --list)."),
    "backup_io_error": "Lỗi đọc/ghi đĩa tại {folder}: {reason}. Hãy thử lại hoặc chọn nơi khác.",
    "backup_check_failed": ("Bản sao lưu vừa ghi tại {folder} không qua kiểm tra ({problem}) "
                            "nên đã bị bỏ; dữ liệu hiện tại có thể bị hỏng, hãy gọi cán bộ CNTT."),
    "mirror_missing": ("Chưa sao thêm được vào nơi thứ hai {folder}: không thấy thư mục (ổ USB "
                       "chưa cắm?). Bản sao lưu chính vẫn đầy đủ."),
    "mirror_failed": ("Sao thêm vào nơi thứ hai {folder} bị lỗi ({reason}); bản dở đã được bỏ. "
                      "Bản sao lưu chính vẫn đầy đủ."),
    "restore_missing": "Không có tệp {file}.",
    "restore_damaged": "Tệp {file} bị hỏng ({problem}) nên không khôi phục từ tệp này.",
    "restore_not_khaosat": "Tệp {file} không phải cơ sở dữ liệu khaosat.",
    "restore_too_new": ("Tệp {file} do phiên bản khaosat mới hơn tạo (bản {revision}): "
                        "hãy cập nhật chương trình trước."),
}
NOTHING_CHANGED = " Dữ liệu hiện tại không bị thay đổi."


def issue_line(issue: Issue) -> str:
    template = ISSUES.get(issue.code, "Không thực hiện được ({code}).")
    params: Mapping[str, Any] = {"code": issue.code, **issue.params}
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser],
             common: argparse.ArgumentParser) -> dict[str, Handler]:
    backup = sub.add_parser("backup", parents=[common],
                            help="sao lưu cơ sở dữ liệu ngay, hoặc liệt kê các bản sao lưu")
    backup.add_argument("--to", type=Path, help="ghi bản sao lưu vào thư mục này (vd. ổ USB)")
    backup.add_argument("--list", action="store_true",
                        help="liệt kê các bản sao lưu với ngày giờ và kết quả kiểm tra")

    restore = sub.add_parser("restore", parents=[common],
                             help="khôi phục cơ sở dữ liệu từ một bản sao lưu")
    restore.add_argument("file", type=Path, metavar="TỆP", help="tệp sao lưu (.sqlite3)")
    restore.add_argument("--yes", action="store_true", help="không hỏi lại")
    restore.add_argument("--operator", help="tên người khôi phục (ghi vào nhật ký)")

    audit = sub.add_parser("audit", parents=[common], help="nhật ký thay đổi")
    audit_sub = audit.add_subparsers(dest="audit_action", metavar="VIỆC", required=True)
    audit_sub.add_parser("verify", parents=[common],
                         help="kiểm tra chuỗi băm của nhật ký, chỉ ra mục hỏng đầu tiên")
    return {"backup": cmd_backup, "restore": cmd_restore, "audit": cmd_audit}


def _line(info: BackupInfo) -> str:
    from app.services.backup import DAMAGED, NOT_KHAOSAT, OK, TOO_NEW, format_size

    if info.status == OK:
        forms = f"{info.forms:,}".replace(",", ".") if info.forms is not None else "?"
        check = f"tốt, {forms} phiếu"
    elif info.status == DAMAGED:
        check = f"HỎNG ({info.problems[0] if info.problems else ''})"
    elif info.status == NOT_KHAOSAT:
        check = "không phải dữ liệu khaosat"
    elif info.status == TOO_NEW:
        check = "của phiên bản mới hơn"
    else:
        check = "chưa kiểm tra"
    reason = REASONS.get(info.reason, info.reason)
    return (f"{info.created_at:%d/%m/%Y %H:%M:%S}  {reason:<20}  {format_size(info.size):>9}  "
            f"{check}  {info.path.name}")


def cmd_backup(args: argparse.Namespace) -> int:
    from app.services.backup import BackupError, backup_now, list_backups

    data_dir = _data_dir(args)
    if args.list:
        # Listing works on a damaged database too: it is how the clerk picks what to restore.
        infos = list_backups(data_dir)
        if not infos:
            print(f"Chưa có bản sao lưu nào trong {data_dir / 'backups'}.")
            return EXIT_OK
        print(f"Các bản sao lưu trong {data_dir / 'backups'} (mới nhất trước):")
        for info in infos:
            print(_line(info))
        return EXIT_OK
    ws = _open(data_dir)
    try:
        try:
            info = backup_now(ws, to=args.to)
        except BackupError as exc:
            raise CliError(issue_line(exc.issue) + NOTHING_CHANGED) from None
        print(f"Đã sao lưu vào {info.path} (đã kiểm tra: tốt).")
        if info.mirror_path is not None:
            print(f"Đã sao thêm vào {info.mirror_path}.")
        if info.mirror_issue is not None:
            print(issue_line(info.mirror_issue), file=sys.stderr)
        return EXIT_OK
    finally:
        ws.close()


def _confirmed(args: argparse.Namespace, question: str) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise CliError("Khôi phục sẽ thay dữ liệu hiện tại: thêm --yes để xác nhận." +
                       NOTHING_CHANGED)
    answer = input(f"{question} Gõ \"co\" để tiếp tục: ")
    return answer.strip().lower() in ("co", "có")


def cmd_restore(args: argparse.Namespace) -> int:
    from app.cli import locked_message
    from app.services.backup import (
        DB_FILENAME,
        BackupError,
        check_restorable,
        restore,
        restore_damaged,
    )
    from app.services.health import check_health
    from app.services.setup import last_operator
    from app.services.single_writer import WorkspaceLockedError

    data_dir = _data_dir(args)
    file = args.file
    try:
        info = check_restorable(file)
    except BackupError as exc:
        raise CliError(issue_line(exc.issue) + NOTHING_CHANGED) from None
    made = f"{info.created_at:%d/%m/%Y %H:%M}"
    question = (f"Khôi phục dữ liệu từ bản sao lưu lúc {made} ({info.forms} phiếu)? "
                "Những gì nhập sau thời điểm đó sẽ không còn trong dữ liệu đang dùng "
                "(dữ liệu hiện tại được sao lưu trước).")
    if not check_health(data_dir / DB_FILENAME).ok:
        # The damaged database cannot be opened: the backup is put in its place, the damaged
        # file kept beside the backups.
        if not _confirmed(args, question):
            print("Đã hủy; không có gì thay đổi.")
            return EXIT_ERROR
        try:
            result = restore_damaged(data_dir, file)
        except WorkspaceLockedError as exc:
            raise CliError(locked_message(exc)) from None
        except BackupError as exc:
            raise CliError(issue_line(exc.issue) + NOTHING_CHANGED) from None
        print(f"Đã khôi phục từ {file} (bản lúc {made}). Tệp hỏng được giữ tại "
              f"{result.safety_copy}.")
        return EXIT_OK
    ws = _open(data_dir)
    try:
        if not _confirmed(args, question):
            print("Đã hủy; không có gì thay đổi.")
            return EXIT_ERROR
        operator = args.operator or last_operator(ws) or "khaosat"
        try:
            result = restore(ws, file, operator)
        except BackupError as exc:
            raise CliError(issue_line(exc.issue) + NOTHING_CHANGED) from None
        print(f"Đã khôi phục từ {file} (bản lúc {made}, {info.forms} phiếu). Dữ liệu trước khi "
              f"khôi phục được giữ tại {result.safety_copy}.")
        return EXIT_OK
    finally:
        ws.close()


def cmd_audit(args: argparse.Namespace) -> int:
    from app.domain.audit import first_broken_entry

    ws = _open(_data_dir(args))
    try:
        entries = list(ws.store.iter_audit())
        broken = first_broken_entry(entries)
        if broken is None:
            count = f"{len(entries):,}".replace(",", ".")
            print(f"Nhật ký thay đổi nguyên vẹn: {count} mục, chuỗi băm khớp từ đầu đến cuối.")
            return EXIT_OK
        print(f"Nhật ký thay đổi bị sửa hoặc hỏng từ mục số {broken.id} "
              f"(lúc {broken.at:%d/%m/%Y %H:%M:%S}, người thao tác {broken.operator or '?'}, "
              f"việc {broken.action}): mã băm không khớp với nội dung hoặc với mục trước. "
              "Hãy giữ nguyên tệp dữ liệu và báo cán bộ CNTT.", file=sys.stderr)
        return EXIT_ERROR
    finally:
        ws.close()
