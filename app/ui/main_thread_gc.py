"""Cyclic garbage collection on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to cross an allocation threshold:
in khaosat often a worker (the report writer, the export and its signing). A cycle that holds a
Qt object (a closed dialog, a page and the closures connected to its signals) is then freed on
that thread; shiboken hands the C++ deletion over to the GUI thread, and with PySide 6.11 that
hand-over crashed the process (a jump to a null pointer in
``BindingManager::runDeletionInMainThread``, seen in the UI tests while a report was written).

So automatic collection is switched off and a timer on the GUI thread collects instead, by the
same thresholds (the pattern of calibre and pyqtgraph). Garbage made by a worker waits for the
next tick; reference counting still frees everything that is not in a cycle at once.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 1000

_timer: QTimer | None = None


def collect_if_due() -> None:
    """What automatic collection would have done by now, generation by generation."""
    threshold0, threshold1, threshold2 = gc.get_threshold()
    if gc.get_count()[0] > threshold0:
        gc.collect(0)
        if gc.get_count()[1] > threshold1:
            gc.collect(1)
            if gc.get_count()[2] > threshold2:
                gc.collect(2)


def pin_collection_to_gui_thread(owner: QObject) -> None:
    """Switch automatic collection off and collect on a timer of ``owner``'s (the GUI) thread.

    Once per process; ``owner`` should live as long as the program (the application).
    """
    global _timer
    gc.disable()
    if is_pinned():
        return
    _timer = QTimer(owner)
    _timer.setInterval(CHECK_EVERY_MS)
    _timer.timeout.connect(collect_if_due)
    _timer.start()


def is_pinned() -> bool:
    return _timer is not None and shiboken6.isValid(_timer) and _timer.isActive()
