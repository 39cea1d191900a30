"""Cyclic garbage is collected on the GUI thread only (app/ui/main_thread_gc.py)."""

from __future__ import annotations

import gc
import threading
import weakref

from app.ui import main_thread_gc


class Node:
    me: Node


def cycle() -> weakref.ref[Node]:
    node = Node()
    node.me = node  # freed only by the cyclic collector
    return weakref.ref(node)


def test_a_worker_never_collects_and_the_gui_timer_does(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    main_thread_gc.pin_collection_to_gui_thread(qapp)
    assert not gc.isenabled() and main_thread_gc.is_pinned()
    old = gc.get_threshold()
    gc.set_threshold(50, 10, 10)
    try:
        garbage = cycle()
        kept: list[object] = []
        # Far past the threshold, on a worker: automatic collection would free the cycle here.
        worker = threading.Thread(target=lambda: kept.extend([] for _ in range(5000)))
        worker.start()
        worker.join()
        assert garbage() is not None
        qtbot.waitUntil(lambda: garbage() is None, timeout=3 * main_thread_gc.CHECK_EVERY_MS)
    finally:
        gc.set_threshold(*old)


def test_nothing_is_collected_before_a_threshold_is_passed(qapp) -> None:  # type: ignore[no-untyped-def]
    main_thread_gc.pin_collection_to_gui_thread(qapp)
    gc.collect()
    garbage = cycle()
    main_thread_gc.collect_if_due()  # one new object: far below the first threshold
    assert garbage() is not None
    gc.collect()
    assert garbage() is None
