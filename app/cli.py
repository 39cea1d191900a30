"""The one entry point: ``khaosat`` (GUI) and its command-line verbs.

Every verb takes ``--data-dir`` (or ``KHAOSAT_DATA_DIR``); errors are one Vietnamese line on
stderr and a non-zero exit code. Flags are documented in docs/cli.md.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__

if TYPE_CHECKING:
    from app.domain.periods import Period
    from app.domain.settings import UnitSettings
    from app.services.health import DatabaseDamagedError
    from app.services.single_writer import WorkspaceLockedError
    from app.services.workspace import Workspace

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2

VERBS_HELP = """\
các lệnh (verbs):
  (không có lệnh)   mở chương trình (giao diện)
  setup             cài đặt đơn vị không cần giao diện (cho cán bộ CNTT chuẩn bị nhiều máy)
  demo              tạo cơ sở dữ liệu mẫu với một năm phiếu và mở nó
  export-data       xuất dữ liệu phiếu của một năm ra CSV (UTF-8 có BOM) hoặc XLSX
  print-forms       in phiếu trắng đánh số (PDF, có mã QR)
  report            lập báo cáo quý/năm (PDF, XLSX, thông báo niêm yết)
  import            nhập phiếu từ tệp CSV/XLSX
  backup / restore  sao lưu, khôi phục cơ sở dữ liệu
  audit verify      kiểm tra chuỗi nhật ký thay đổi
  export            ký số và xuất gói gửi iOffice của một quý/năm (--history: các lần đã xuất)
  verify            kiểm tra gói đã ký (.zip) nhận được từ đơn vị
  cert              tạo chứng thư số tự ký (.p12) cho đơn vị
  --self-test       tự kiểm tra chương trình (cho bản cài đặt), in bước nào đạt, bước nào lỗi

Thư mục dữ liệu: --data-dir THƯ_MỤC, hoặc biến môi trường KHAOSAT_DATA_DIR.
"""


# Verbs of later capabilities live in their own modules under app/commands; each has
# ``register(sub, common) -> {verb: handler}`` and imports its heavy code inside the handler.
VERB_MODULES = (
    "app.commands.print_forms",
    "app.commands.reports",
    "app.commands.maintenance",
    "app.commands.import_data",
    "app.commands.bundle",
    "app.commands.export",
)


class CliError(Exception):
    """A refusal to print as one line (already in Vietnamese)."""


def _data_dir_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help="thư mục dữ liệu (mặc định: thư mục dữ liệu của người dùng)")
    return parent


def build_parser() -> argparse.ArgumentParser:
    common = _data_dir_parent()
    parser = argparse.ArgumentParser(
        prog="khaosat",
        description=("khaosat – nhập phiếu khảo sát mức độ hài lòng và theo dõi chỉ tiêu"
                     " 420 phiếu/năm."),
        epilog=VERBS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"khaosat {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="tự kiểm tra chương trình trong một thư mục tạm (không đụng dữ liệu)"
                             " rồi thoát; mã thoát 0 khi mọi bước đạt")
    sub = parser.add_subparsers(dest="verb", metavar="LỆNH")

    setup = sub.add_parser("setup", parents=[common], help="cài đặt đơn vị không cần giao diện")
    setup.add_argument("--unit-name", required=True,
                       help='tên đơn vị, vd. "Ủy ban nhân dân xã Nam Đông"')
    setup.add_argument("--unit-code", required=True, help="mã đơn vị hành chính 5 chữ số")
    setup.add_argument("--year", type=int, required=True, help="năm làm việc")
    setup.add_argument("--operator", required=True, help="tên người nhập phiếu")
    setup.add_argument("--target", type=int, help="chỉ tiêu phiếu/năm (mặc định 420)")
    setup.add_argument("--transactions", type=int,
                       help="số hồ sơ giải quyết/năm: tính chỉ tiêu tối thiểu theo bảng cỡ mẫu")
    setup.add_argument("--office-name", help="tên bộ phận một cửa")
    setup.add_argument("--parent-name", help="cơ quan cấp trên")
    setup.add_argument("--recipient", help="nơi nhận báo cáo")
    setup.add_argument("--place", help="địa danh ghi ngày tháng")
    setup.add_argument("--signer-title", help="chức vụ người ký")
    setup.add_argument("--signer-name", help="họ tên người ký")
    setup.add_argument("--questionnaire",
                       help="mẫu phiếu: ID@PHIÊN_BẢN đã có, hoặc đường dẫn tệp JSON của cấp trên")
    setup.add_argument("--fields", help='lĩnh vực: "TP=Tư pháp;TNMT=Tài nguyên và Môi trường;…"')

    demo = sub.add_parser("demo", parents=[common], help="tạo dữ liệu mẫu và mở chương trình")
    demo.add_argument("--no-open", action="store_true",
                      help="chỉ chuẩn bị dữ liệu, không mở giao diện")
    demo.add_argument("--reset", action="store_true", help="tạo lại dữ liệu mẫu từ đầu")

    export = sub.add_parser("export-data", parents=[common],
                            help="xuất dữ liệu phiếu ra CSV hoặc XLSX")
    export.add_argument("--year", type=int, help="năm (mặc định: năm làm việc)")
    export.add_argument("--out", type=Path, required=True,
                        help="tệp sẽ ghi: .csv hoặc .xlsx (định dạng theo đuôi tệp)")
    export.add_argument("--format", choices=("csv", "xlsx"),
                        help="định dạng, khi đuôi tệp không phải .csv/.xlsx")
    for module_name in VERB_MODULES:
        module = importlib.import_module(module_name)
        COMMANDS.update(module.register(sub, common))
    return parser


def _data_dir(args: argparse.Namespace) -> Path:
    from app.services.workspace import default_data_dir

    given = getattr(args, "data_dir", None)
    return Path(given) if given else default_data_dir()


def _open(data_dir: Path):  # type: ignore[no-untyped-def]
    from app.services.health import DatabaseDamagedError
    from app.services.single_writer import WorkspaceLockedError
    from app.services.workspace import Workspace
    from app.storage.migrations import DatabaseTooNewError, NotAKhaosatDatabaseError

    try:
        return Workspace.open(data_dir)
    except WorkspaceLockedError as exc:
        raise CliError(locked_message(exc)) from None
    except DatabaseDamagedError as exc:
        raise CliError(damaged_message(exc)) from None
    except DatabaseTooNewError as exc:
        raise CliError(f"Cơ sở dữ liệu do phiên bản khaosat mới hơn tạo (bản {exc.revision}); "
                       "hãy cập nhật chương trình. Dữ liệu không bị thay đổi.") from None
    except NotAKhaosatDatabaseError:
        raise CliError(f"Tệp {data_dir} không phải cơ sở dữ liệu khaosat; "
                       "không mở, không sửa.") from None
    except OSError as exc:  # no permission, a read-only or full disk, a removed drive
        raise CliError(f"Không ghi được vào thư mục dữ liệu {data_dir}: {exc.strerror or exc}. "
                       "Hãy chọn thư mục khác bằng --data-dir; dữ liệu không bị thay đổi."
                       ) from None


def locked_message(exc: WorkspaceLockedError) -> str:
    who = f" ({exc.holder})" if exc.holder else ""
    return (f"Thư mục dữ liệu {exc.folder} đang được một chương trình khaosat khác mở{who}. "
            "Hãy đóng chương trình đó rồi chạy lại; không có gì bị thay đổi.")


def damaged_message(exc: DatabaseDamagedError) -> str:
    newest = exc.newest_good
    offer = (f"Bản sao lưu tốt mới nhất: {newest.path} ({newest.created_at:%d/%m/%Y %H:%M}); "
             f"khôi phục bằng: khaosat restore \"{newest.path}\"." if newest is not None
             else "Không tìm thấy bản sao lưu tốt trong thư mục backups; hãy gọi cán bộ CNTT.")
    return (f"Cơ sở dữ liệu {exc.db_path} bị hỏng nên không được mở để ghi "
            f"(kiểm tra: {'; '.join(exc.problems)}). {offer} Tệp hỏng được giữ nguyên.")


def _require_settings(ws: Workspace) -> UnitSettings:
    """The unit's settings, or the one-line refusal every verb gives before set-up."""
    from app.services.workspace import NotSetUpError

    try:
        return ws.require_settings()
    except NotSetUpError:
        raise CliError("Chưa cài đặt đơn vị: chạy khaosat (giao diện) "
                       "hoặc khaosat setup trước.") from None


def _period_argument(text: str, settings: UnitSettings, noun: str) -> Period:
    """``--period`` as typed ("2026-Q3" or "2026"), or the refusal naming it ``noun``
    ("kỳ báo cáo", "kỳ xuất")."""
    from app.domain.forms import Issue
    from app.domain.periods import parse_period

    period = parse_period(text, settings.period_cutoff)
    if not isinstance(period, Issue):
        return period
    if period.code == "period_year_out_of_range":
        raise CliError(f"Năm {period.params['year']} của {noun} không hợp lệ"
                       f" (từ {period.params['min']} đến {period.params['max']}).")
    raise CliError(f'{noun[:1].upper() + noun[1:]} "{text}" không hợp lệ: ghi 2026-Q3 cho quý III'
                   " năm 2026, hoặc 2026 cho cả năm.")


def _parse_fields(text: str):  # type: ignore[no-untyped-def]
    from app.domain.questionnaire import ChoiceOption

    out = []
    for part in text.split(";"):
        if not part.strip():
            continue
        code, sep, label = part.partition("=")
        if not sep:
            raise CliError(f'Lĩnh vực "{part}" phải có dạng MÃ=Tên, vd. "TP=Tư pháp".')
        out.append(ChoiceOption(code.strip().upper(), label.strip()))
    return tuple(out)


SETTINGS_MESSAGES = {
    "unit_name_empty": "Tên đơn vị không được để trống.",
    "unit_code_format": ("Mã đơn vị phải gồm 5 chữ số (theo danh mục đơn vị hành chính),"
                         " nhận được \"{text}\"."),
    "year_out_of_range": "Năm làm việc {year} không hợp lệ.",
    "target_out_of_range": "Chỉ tiêu {target} phiếu/năm không hợp lệ (1 đến 100 000).",
    "fields_count": "Cần từ 1 đến {max} lĩnh vực.",
    "fields_duplicate": "Có mã lĩnh vực bị trùng.",
    "field_invalid": ("Lĩnh vực \"{code}={label}\" không hợp lệ:"
                      " mã viết hoa không dấu, tên không trống."),
    "due_day_out_of_range": "Ngày hạn báo cáo {day} phải từ 1 đến 28.",
    "questionnaire_unknown": "Không có mẫu phiếu {id}@{version}.",
    "period_cutoff_unknown": ("Cách tính kỳ báo cáo \"{value}\" không hợp lệ"
                              " (calendar hoặc decree09)."),
}


def _questionnaire_error_line(exc: Exception) -> str:
    from app.domain.questionnaire import QuestionnaireError

    assert isinstance(exc, QuestionnaireError)
    problems = {
        "unreadable": "không đọc được tệp",
        "invalid_json": "không phải JSON hợp lệ (dòng {line}, cột {column})",
        "required": "thiếu mục bắt buộc {missing}",
        "type": "sai kiểu dữ liệu (cần {expected})",
        "enum": "giá trị không nằm trong danh sách cho phép",
        "const": "giá trị phải là {expected}",
        "pattern": "giá trị sai dạng (mã viết hoa không dấu, vd. TC1)",
        "minItems": "danh sách quá ngắn (ít nhất {expected})",
        "maxItems": "danh sách quá dài (nhiều nhất {expected})",
        "minLength": "chuỗi trống hoặc quá ngắn",
        "maxLength": "chuỗi quá dài (nhiều nhất {expected} ký tự)",
        "additionalProperties": "có mục không được phép {unexpected}",
        "duplicate_code": "mã {code} bị trùng",
        "unsupported_format": "định dạng {found} không được hỗ trợ",
        "not_stored": "chưa có trong cơ sở dữ liệu",
        "too_deep": "lồng ngoặc sâu hàng nghìn tầng, không phải mẫu phiếu",
    }
    template = problems.get(exc.problem, exc.problem)
    try:
        what = template.format(**exc.params)
    except (KeyError, IndexError):
        what = template
    return f"Mẫu phiếu {exc.source}, vị trí {exc.json_path}: {what}."


def cmd_setup(args: argparse.Namespace) -> int:
    from app.domain.questionnaire import QuestionnaireError
    from app.domain.quota import minimum_sample
    from app.domain.text import nfc
    from app.services.setup import (
        add_questionnaire_file,
        apply_settings,
        available_questionnaires,
        default_settings,
    )

    ws = _open(_data_dir(args))
    try:
        settings = ws.settings or default_settings(args.year)
        changes: dict[str, object] = {
            "unit_name": nfc(args.unit_name).strip(),
            "unit_code": args.unit_code.strip(),
            "year": args.year,
        }
        if args.transactions is not None:
            if args.transactions < 0:
                raise CliError("Số hồ sơ giải quyết/năm không được âm.")
            changes["yearly_target"] = max(1, minimum_sample(args.transactions))
        if args.target is not None:
            changes["yearly_target"] = args.target
        for flag, key in (("office_name", "office_name"), ("parent_name", "parent_name"),
                          ("recipient", "recipient_name"), ("place", "place_name"),
                          ("signer_title", "signer_title"), ("signer_name", "signer_name")):
            value = getattr(args, flag)
            if value is not None:
                changes[key] = nfc(value).strip()
        if args.fields:
            changes["fields"] = _parse_fields(nfc(args.fields))
        if args.questionnaire:
            candidate = Path(args.questionnaire)
            if candidate.suffix.lower() == ".json" or candidate.exists():
                try:
                    q = add_questionnaire_file(ws, candidate)
                except QuestionnaireError as exc:
                    raise CliError(_questionnaire_error_line(exc)) from None
                changes["questionnaire_id"], changes["questionnaire_version"] = q.id, q.version
            else:
                qid, _, version = args.questionnaire.partition("@")
                matches = [q for q in available_questionnaires(ws)
                           if q.id == qid and (not version or q.version == version)]
                if not matches:
                    known = ", ".join(f"{q.id}@{q.version}" for q in available_questionnaires(ws))
                    raise CliError(f"Không có mẫu phiếu {args.questionnaire}. Các mẫu có: {known}.")
                changes["questionnaire_id"] = matches[-1].id
                changes["questionnaire_version"] = matches[-1].version
        settings = replace(settings, **changes)
        issues = apply_settings(ws, settings, nfc(args.operator).strip())
        if issues:
            lines = []
            for issue in issues:
                template = SETTINGS_MESSAGES.get(issue.code, issue.code)
                lines.append(template.format(**issue.params))
            raise CliError(" ".join(lines) + " Chưa lưu gì.")
        saved = ws.require_settings()
        print(f"Đã cài đặt {saved.unit_name} (mã {saved.unit_code}), năm {saved.year}, "
              f"chỉ tiêu {saved.yearly_target} phiếu, mẫu phiếu {saved.questionnaire_id}@"
              f"{saved.questionnaire_version}, dữ liệu tại {ws.data_dir}.")
        return EXIT_OK
    finally:
        ws.close()


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services.demo import fill_demo
    from app.services.workspace import DB_FILENAME, DEMO_SUBDIR

    demo_dir = _data_dir(args) / DEMO_SUBDIR
    db = demo_dir / DB_FILENAME
    if args.reset and db.exists():
        # Only the demo folder's own files: a user's real database is never in demo/.
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    ws = _open(demo_dir)
    try:
        if ws.settings is None:
            done = 0
            for step in fill_demo(ws, date.today()):
                done = step[0]
            print(f"Đã tạo dữ liệu mẫu: {done} phiếu tại {demo_dir}.")
        else:
            print(f"Dữ liệu mẫu đã có tại {demo_dir} (dùng --reset để tạo lại).")
    finally:
        ws.close()
    if args.no_open:
        return EXIT_OK
    _import_core_before_qt()
    from app.ui.app import run_gui

    return int(run_gui(demo_dir, demo=True))


def cmd_export_data(args: argparse.Namespace) -> int:
    from app.services.export_data import export_file, format_for
    file_format = format_for(args.out, args.format)
    if file_format is None:
        raise CliError(f"Không biết ghi tệp {args.out} theo định dạng nào: đặt tên tệp đuôi "
                       ".csv hoặc .xlsx, hoặc thêm --format csv|xlsx.")
    ws = _open(_data_dir(args))
    try:
        year = args.year or _require_settings(ws).year
        try:
            count = export_file(ws, year, args.out, file_format)
        except OSError as exc:
            raise CliError(f"Không ghi được tệp {args.out}: {exc.strerror}. "
                           "Tệp cũ (nếu có) vẫn giữ nguyên.") from None
        print(f"Đã xuất {count} phiếu năm {year} ra {args.out}.")
        return EXIT_OK
    finally:
        ws.close()


def _import_core_before_qt() -> None:
    """Import the keying path's pure-Python modules before PySide6 is loaded.

    Once PySide6 is imported it hooks every later import and reads the module's source file to
    look for ``from __feature__ import``; for the ~25 modules of the keying path that costs about
    10 ms of start-up (benchmarks/bench_startup.py). Imported first, they are never inspected.
    It is the whole list: scripts/make_dataclass_cache.py builds the installed program's
    dataclass code cache from it.
    """
    import app.domain.entry
    import app.services.health  # Workspace.open imports it only when it opens a database
    import app.services.keying
    import app.services.single_writer
    import app.services.workspace  # noqa: F401


def _start_health_check(data_dir: Path) -> None:
    """Run the start-up quick_check beside the Qt imports (app.services.health)."""
    from app.services.health import start_early_check
    from app.services.workspace import DB_FILENAME

    start_early_check(data_dir / DB_FILENAME)


def _prepare_gui_start(data_dir: Path) -> None:
    """What the GUI start does before Qt is imported (benchmarks/bench_startup.py follows it).

    No cyclic garbage collection until the window is up (then app.ui.app runs it on the GUI
    thread only, app/ui/main_thread_gc.py): each pass would scan the ~200 000 objects the
    imports create, and find almost nothing. The dataclass code cache, the health check beside
    the Qt imports, the keying path's modules.
    """
    gc.disable()
    from app import dataclass_code

    dataclass_code.install()
    _start_health_check(data_dir)
    _import_core_before_qt()


def cmd_gui(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    _prepare_gui_start(data_dir)
    from app.ui.app import run_gui

    return int(run_gui(data_dir))


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "setup": cmd_setup, "demo": cmd_demo, "export-data": cmd_export_data,
}


def _plain_gui_start(argv: Sequence[str]) -> argparse.Namespace | None:
    """``khaosat`` or ``khaosat --data-dir DIR``: how the shortcut starts the program.

    These skip building every verb's parser (about 10 ms of the start-up budget); anything else
    goes through argparse as usual.
    """
    if not argv:
        return argparse.Namespace(verb=None)
    if len(argv) == 2 and argv[0] == "--data-dir" and argv[1] and not argv[1].startswith("-"):
        return argparse.Namespace(verb=None, data_dir=Path(argv[1]))
    return None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = _plain_gui_start(arguments) or build_parser().parse_args(arguments)
    if getattr(args, "self_test", False):
        from app.commands.selftest import cmd_self_test

        return cmd_self_test(args)
    handler = COMMANDS.get(args.verb or "", cmd_gui)
    try:
        return handler(args)
    except CliError as exc:
        print(f"khaosat: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("khaosat: đã dừng.", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
