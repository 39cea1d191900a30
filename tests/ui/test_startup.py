"""Start-up work after the first paint (app/ui/startup.py) and the early error hook."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from app.ui import app as ui_app
from app.ui import startup


def test_jobs_run_in_order_after_the_window_is_on_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QLabel("khaosat")
    qtbot.addWidget(window)
    window.show()
    ran: list[str] = []
    startup.after_first_paint(window, lambda: ran.append("one"), lambda: ran.append("two"))
    assert ran == []  # never inside show()
    qtbot.waitUntil(lambda: ran == ["one", "two"])


def test_a_job_that_raises_does_not_stop_the_next(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: seen.append("error"))
    window = QLabel("khaosat")
    qtbot.addWidget(window)
    window.show()

    def broken() -> None:
        raise RuntimeError("x")

    startup.after_first_paint(window, broken, lambda: seen.append("next"))
    qtbot.waitUntil(lambda: "next" in seen)
    assert seen == ["error", "next"]


def test_jobs_of_a_window_closed_meanwhile_are_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QLabel("khaosat")
    qtbot.addWidget(window)
    window.show()
    ran: list[str] = []
    startup.after_first_paint(window, lambda: ran.append("one"))
    window.close()
    qtbot.wait(startup.DEFER_MS + startup.ACTIVATION_WAIT_MS + 100)
    assert ran == []


def test_a_window_not_shown_is_refused(qapp) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        startup.after_first_paint(QLabel("x"), lambda: None)


def test_the_early_hook_loads_the_full_handler_on_the_first_error(
        qapp, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui import error_dialog

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[object] = []
    monkeypatch.setattr(error_dialog.ExceptionHandler, "_present",
                        lambda self, incident: shown.append(incident))
    hook = ui_app.EarlyErrorHook(tmp_path)
    hook.install()
    worker = threading.Thread(target=lambda: 1 / 0)
    worker.start()
    worker.join()
    assert len(hook.pending) == 1 and hook.handler is None  # waits for the GUI thread
    try:
        raise ValueError("first")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    assert isinstance(hook.handler, error_dialog.ExceptionHandler)
    assert hook.pending == [] and len(shown) == 2
    assert sys.excepthook == hook.handler.handle  # the full handler from now on
    assert QApplication.instance() is not None
