"""Fixtures shared by the UI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.ui.app import install_translators


@pytest.fixture
def vietnamese(qapp: QApplication) -> Iterator[None]:
    """The shipped translations installed as the program installs them (the sentences checked
    are Vietnamese), removed afterwards so later tests see the English sources."""
    translators = install_translators(qapp)
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)
