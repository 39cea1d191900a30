"""Work that waits until a window is on screen and has the keyboard, so it never delays the
first paint or the first keystroke.

A ``QTimer.singleShot(0, …)`` started next to ``show()`` runs *before* the window is painted
(the expose event comes later from the windowing system, and Qt 6 runs a zero single-shot as a
posted call, ahead of window-system events). So the jobs wait for the window to be exposed (a
widget window is painted as it is exposed) and active (or ``ACTIVATION_WAIT_MS``, for a window
opened behind another program), then ``DEFER_MS`` more, far less than a clerk takes to react to
the window but enough for the first paint to reach the screen and for early keys to come
first. They run one per event-loop pass, on a timer that fires only once pending window-system
events (paints, key presses) have been handled.

The window's state is polled (every ``POLL_FIRST_MS``, slowing to ``POLL_MAX_MS`` for a window
that stays hidden, say minimized) rather than watched with an event filter: PySide hands a
filter a bare QEvent, and finding its class builds every event class of Qt, about 8 M
instructions before the first paint (app/ui/early_qt.py, benchmarks/bench_startup.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

Job = Callable[[], object]

ACTIVATION_WAIT_MS = 250
DEFER_MS = 50
POLL_FIRST_MS = 5
POLL_MAX_MS = 100


class _WhenOnScreen:
    """Polls the window, then runs the jobs, on one-shot timers only.

    The timers get closures, not bound methods: PySide keeps a bound method's object only
    weakly, and nothing else keeps this one. It goes when the last timer has fired.
    """

    def __init__(self, window: QWidget, jobs: list[Job]) -> None:
        self._window = window
        self._jobs = jobs
        self._poll_ms = POLL_FIRST_MS
        self._inactive_ms = 0

    def check(self) -> None:
        if not self._on_screen():
            self._jobs.clear()  # a window closed meanwhile needs none of them
            return
        handle = self._window.windowHandle()  # afresh: Qt may replace it
        if handle.isExposed():
            if handle.isActive() or self._inactive_ms >= ACTIVATION_WAIT_MS:
                QTimer.singleShot(DEFER_MS, lambda: self._run_next())
                return
            self._inactive_ms += POLL_FIRST_MS
            QTimer.singleShot(POLL_FIRST_MS, lambda: self.check())
        else:  # not painted yet; slowly for a window that stays hidden (minimized)
            QTimer.singleShot(self._poll_ms, lambda: self.check())
            self._poll_ms = min(self._poll_ms * 2, POLL_MAX_MS)

    def _on_screen(self) -> bool:
        return (shiboken6.isValid(self._window) and self._window.isVisible()
                and self._window.windowHandle() is not None)

    def _run_next(self) -> None:
        if not self._jobs or not self._on_screen():
            self._jobs.clear()
            return
        job = self._jobs.pop(0)
        # 1 ms, not 0: Qt 6 runs a zero single-shot ahead of pending key presses and paints.
        QTimer.singleShot(1, lambda: self._run_next())  # the rest still run if this one raises
        job()


def after_first_paint(window: QWidget, *jobs: Job) -> None:
    """Run ``jobs`` in order, one per event-loop pass, once ``window`` is painted and active.

    ``window`` must have been shown (it then has its native window).
    """
    if window.windowHandle() is None:
        raise ValueError("after_first_paint: show the window first")
    _WhenOnScreen(window, list(jobs)).check()
