"""Fixtures shared by the UI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.ui.app import install_translators
from app.ui.main_thread_gc import collect_if_due, pin_collection_to_gui_thread


@pytest.fixture(autouse=True)
def collection_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As in the program (app/ui/main_thread_gc.py): cyclic garbage collected on this thread
    only, never on a test's worker thread (a report writer, an export)."""
    pin_collection_to_gui_thread(qapp)
    yield
    collect_if_due()


@pytest.fixture
def vietnamese(qapp: QApplication) -> Iterator[None]:
    """The shipped translations installed as the program installs them (the sentences checked
    are Vietnamese), removed afterwards so later tests see the English sources."""
    translators = install_translators(qapp)
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)
