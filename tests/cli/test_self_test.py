"""``khaosat --self-test`` from source: every step passes, a broken service is reported as a
failure with exit code 1, and the clerk's data folder is never touched."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from app.cli import EXIT_ERROR, EXIT_OK, main
from app.services import reports
from app.services.selftest import STEPS, SelfTestRun, StepResult, run_self_test

STEP_LINE = re.compile(r"^  (ĐẠT|LỖI)\s+(.+?): (.*) \(\d+,\d s\)$")


def step_lines(output: str) -> dict[str, tuple[str, str]]:
    found = {}
    for line in output.splitlines():
        match = STEP_LINE.match(line)
        if match:
            found[match.group(2)] = (match.group(1), match.group(3))
    return found


@pytest.fixture(autouse=True)
def _plain_application(qapp: object) -> None:
    """The Qt step calls make_application(), which installs the Vietnamese translators when it
    creates the application. In one test process it must find pytest-qt's plain one instead,
    or every later UI test would run in Vietnamese."""


@pytest.fixture
def user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the clerk's data would be; the self-test must leave it alone."""
    folder = tmp_path / "du-lieu-that"
    monkeypatch.setenv("KHAOSAT_DATA_DIR", str(folder))
    return folder


def test_every_step_passes_from_source(user_data: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test"]) == EXIT_OK
    out = capsys.readouterr().out
    steps = step_lines(out)
    assert list(steps) == [name for name, _ in STEPS] + ["Giao diện"]
    assert {mark for mark, _ in steps.values()} == {"ĐẠT"}
    assert "phiếu số 1, " in steps["Nhập phiếu"][1]
    assert re.search(r"_v1\.zip \(\d+ KB\) ký bằng chứng thư tạm vào ô ký trang [2-9], "
                     r"kiểm tra đạt \d+ mục, đã ghi lịch sử xuất$",
                     steps["Ký và kiểm tra gói gửi iOffice"][1])
    assert "Kết quả: cả 6 bước đều ĐẠT" in out
    assert not user_data.exists()


def test_a_broken_service_fails_its_step_and_those_that_need_it(
        user_data: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reports, "make_report", full_disk)
    assert main(["--self-test"]) == EXIT_ERROR
    out = capsys.readouterr().out
    steps = step_lines(out)
    assert steps["Lập báo cáo"] == ("LỖI", "OSError: [Errno 28] No space left on device")
    assert steps["Ký và kiểm tra gói gửi iOffice"] == (
        "LỖI", "không chạy được vì bước báo cáo đã lỗi")
    for name in ("Cơ sở dữ liệu", "In phiếu trắng", "Nhập phiếu", "Giao diện"):
        assert steps[name][0] == "ĐẠT", name
    assert "Kết quả: 2/6 bước LỖI (Lập báo cáo, Ký và kiểm tra gói gửi iOffice)" in out
    assert not user_data.exists()


def test_a_bundle_signed_outside_the_signature_box_fails(
        user_data: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The export service must put the stamp into the report's signature box (the last
    page), not at a fixed place: a writer that stamps page 1 is caught."""
    from app.bundle import writer
    from app.bundle.pdf_sign import Box

    real_write_bundle = writer.write_bundle

    def stamps_page_one(*args: Any, **kwargs: Any) -> Path:
        kwargs["stamp_box"] = Box(page=1, x=330, y=60, width=200, height=70)
        return real_write_bundle(*args, **kwargs)

    monkeypatch.setattr(writer, "write_bundle", stamps_page_one)
    assert main(["--self-test"]) == EXIT_ERROR
    mark, detail = step_lines(capsys.readouterr().out)["Ký và kiểm tra gói gửi iOffice"]
    assert mark == "LỖI"
    assert re.fullmatch(r"chữ ký nằm ở trang 1, không ở ô ký của báo cáo \(trang [2-9]\)",
                        detail), detail
    assert not user_data.exists()


def test_a_broken_gui_is_a_failure(user_data: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    from app.ui import selftest as gui_selftest

    def no_platform_plugin() -> str:
        raise RuntimeError("could not load the Qt platform plugin")

    monkeypatch.setattr(gui_selftest, "check_gui", no_platform_plugin)
    assert main(["--data-dir", str(user_data), "--self-test"]) == EXIT_ERROR
    steps = step_lines(capsys.readouterr().out)
    assert steps["Giao diện"] == ("LỖI", "RuntimeError: could not load the Qt platform plugin")
    assert not user_data.exists()


def test_each_step_catches_its_own_exception_in_one_line() -> None:
    seen: list[str] = []

    def explodes(run: SelfTestRun) -> str:
        raise ValueError("dòng một\n   dòng hai " + "x" * 400)

    def still_runs(run: SelfTestRun) -> str:
        seen.append(run.folder.name)
        assert run.folder.is_dir()
        return "vẫn chạy"

    results = list(run_self_test((("Hỏng", explodes), ("Sau đó", still_runs))))
    assert [r.name for r in results] == ["Hỏng", "Sau đó"]
    broken = results[0]
    assert not broken.ok
    assert broken.detail.startswith("ValueError: dòng một dòng hai xxx")
    assert "\n" not in broken.detail and len(broken.detail) < 330
    assert results[1] == StepResult("Sau đó", True, "vẫn chạy")
    assert seen and seen[0].startswith("khaosat-selftest-")


def test_the_temporary_folder_is_removed() -> None:
    folders: list[Path] = []

    def remember(run: SelfTestRun) -> str:
        folders.append(run.folder)
        (run.folder / "x.txt").write_text("x", encoding="utf-8")
        return "ok"

    assert all(r.ok for r in run_self_test((("Một", remember),)))
    assert folders and not folders[0].exists()
