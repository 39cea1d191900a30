"""Work that waits until a window is on screen and has the keyboard, so it never delays the
first paint or the first keystroke.

A ``QTimer.singleShot(0, …)`` started next to ``show()`` runs *before* the window is painted
(the expose event comes later from the windowing system, and Qt 6 runs a zero single-shot as a
posted call, ahead of window-system events). So the jobs wait for the window's first Expose
and for its activation (or ``ACTIVATION_WAIT_MS``, for a window opened behind another
program), then ``DEFER_MS`` more, far less than a clerk takes to react to the window but
enough for the first paint to reach the screen and for early keys to come first. They run one
per event-loop pass, on a timer that fires only once pending window-system events (paints,
key presses) have been handled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer

if TYPE_CHECKING:
    from PySide6.QtGui import QWindow
    from PySide6.QtWidgets import QWidget

Job = Callable[[], object]

ACTIVATION_WAIT_MS = 250
DEFER_MS = 50


class _WhenOnScreen(QObject):
    def __init__(self, window: QWidget, handle: QWindow, jobs: list[Job]) -> None:
        super().__init__(window)
        self._window = window
        self._handle = handle
        self._jobs = jobs
        self._started = False
        self._step = QTimer(self)
        self._step.setSingleShot(True)
        self._step.timeout.connect(self._run_next)
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.setInterval(ACTIVATION_WAIT_MS)
        self._fallback.timeout.connect(self._start)
        if handle.isExposed():
            self._exposed()
        else:
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Expose and self._handle.isExposed():
            self._exposed()
        elif kind in (QEvent.Type.FocusIn, QEvent.Type.WindowActivate) and (
                self._fallback.isActive()):
            self._start()
        return False

    def _exposed(self) -> None:
        if self._started or self._fallback.isActive():
            return
        if self._handle.isActive():
            self._start()
        else:
            self._fallback.start()

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        self._fallback.stop()
        self._handle.removeEventFilter(self)
        self._step.start(DEFER_MS)

    def _run_next(self) -> None:
        if not self._jobs or not self._window.isVisible():
            self._jobs.clear()  # a window closed meanwhile needs none of them
            return
        job = self._jobs.pop(0)
        self._step.start(0)  # the rest still run if this one raises
        job()


def after_first_paint(window: QWidget, *jobs: Job) -> None:
    """Run ``jobs`` in order, one per event-loop pass, once ``window`` is painted and active.

    ``window`` must have been shown (it then has its native window).
    """
    handle = window.windowHandle()
    if handle is None:
        raise ValueError("after_first_paint: show the window first")
    _WhenOnScreen(window, handle, list(jobs))
