"""Shared test set-up: Qt runs without a display (before any Qt import)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
