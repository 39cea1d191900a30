"""The keying window builds and paints without PySide's Qt namespace (app/ui/early_qt.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import QApplication

from app.ui import early_qt
from app.ui.main_window import MainWindow
from tests.ui.workspaces import set_up_workspace

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 22, 10, 0)

# The start as app.cli.cmd_gui and app.ui.app.run_gui do it (operator given); at the first
# moment the window is exposed with the serial focused, report whether PySide has built its Qt
# namespace, and which module sources it read.
START = r"""
import json, sys
from pathlib import Path
from app.cli import _prepare_gui_start
_prepare_gui_start(Path(sys.argv[1]))
import PySide6.QtCore as QtCore
from PySide6.QtCore import QTimer
feature = sys.modules["shibokensupport.feature"]
scan, scanned = feature._mod_uses_pyside, []
def counted_scan(module):
    if str(getattr(module, "__file__", "")).endswith(".py"):
        scanned.append(module.__name__)  # a source read (app/ui/feature_scan.py)
    return scan(module)
feature._mod_uses_pyside = counted_scan
from app.ui.app import _open_workspace, make_application, start_window
app = make_application()
ws = _open_workspace(Path(sys.argv[1]))
window = start_window(ws, "Lan")
serial = window.keying_page.serial_edit
def ready():
    if not (window.windowHandle().isExposed() and app.focusWidget() is serial):
        QTimer.singleShot(1, ready)
        return
    print(json.dumps({"qt_at_first_paint": "Qt" in vars(QtCore),
                      "grid_painted": window.keying_page.grid._geometry is not None,
                      "sources_scanned": sorted(scanned)}), flush=True)
    def after():
        if "Qt" in vars(QtCore):
            print(json.dumps({"qt_after": True}), flush=True)
            app.quit()
        else:
            QTimer.singleShot(5, after)
    after()
QTimer.singleShot(0, ready)
QTimer.singleShot(10000, app.quit)
app.exec()
"""


def test_numbers_are_qt_values() -> None:
    align = Qt.AlignmentFlag
    assert align.AlignLeft.value == early_qt.ALIGN_LEFT
    assert align.AlignRight.value == early_qt.ALIGN_RIGHT
    assert align.AlignHCenter.value == early_qt.ALIGN_HCENTER
    assert align.AlignTop.value == early_qt.ALIGN_TOP
    assert align.AlignBottom.value == early_qt.ALIGN_BOTTOM
    assert align.AlignVCenter.value == early_qt.ALIGN_VCENTER
    assert align.AlignCenter.value == early_qt.ALIGN_CENTER
    assert Qt.FocusPolicy.NoFocus.value == early_qt.NO_FOCUS
    assert Qt.FocusPolicy.StrongFocus.value == early_qt.STRONG_FOCUS
    with_children = Qt.ShortcutContext.WidgetWithChildrenShortcut
    assert with_children.value == early_qt.WIDGET_WITH_CHILDREN_SHORTCUT
    assert Qt.ToolButtonStyle.ToolButtonTextOnly.value == early_qt.TOOL_BUTTON_TEXT_ONLY


def test_the_keying_window_is_painted_before_the_qt_namespace_is_built(tmp_path: Path) -> None:
    set_up_workspace(tmp_path, lambda: NOW).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", START, str(tmp_path)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    first = lines[0]
    assert first["qt_at_first_paint"] is False and first["grid_painted"] is True, (
        "something on the start path touched Qt; see app/ui/early_qt.py")
    # PySide read no module's source to look for "PySide6" but the two imported before the
    # answers are given (app/ui/feature_scan.py), where it used to read 36 (typing, datetime…).
    assert set(first["sources_scanned"]) <= {"__future__", "app.ui.feature_scan"}, first
    # ... and right after the first paint the window builds it, before any key press.
    assert lines[1:] == [{"qt_after": True}]


def test_the_window_finishes_its_start_after_the_first_paint(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = set_up_workspace(tmp_path, lambda: NOW)
    try:
        window = MainWindow(ws, "Lan")
        qtbot.addWidget(window)
        page = window.keying_page
        assert page.serial_edit.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        # Unikey/Telex off on the serial and the date, as on the grid, once the window is up.
        qtbot.waitUntil(lambda: not page.serial_edit.testAttribute(
            Qt.WidgetAttribute.WA_InputMethodEnabled))
        assert not page.date_edit.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
        assert not page.grid.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
        # The properties set by number mean what they say.
        assert page.grid.focusPolicy() == Qt.FocusPolicy.StrongFocus
        assert page.save_action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
        assert page.clear_action.shortcut() == QKeySequence("Esc")
        assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
        assert window.toolbar.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert window.toolBarArea(window.toolbar) == Qt.ToolBarArea.TopToolBarArea
        assert window.action_keying.shortcut() == QKeySequence("F2")
        assert window.action_keying.shortcutContext() == Qt.ShortcutContext.WindowShortcut
        assert window.action_restore.shortcut().isEmpty()
        assert page.question_text.alignment() == (
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    finally:
        ws.close()


@pytest.mark.parametrize("text", ["Trả lời, giải thích đầy đủ", "Nơi ngồi chờ có đủ chỗ ngồi",
                                  "x", ""])
def test_elided_matches_qt_within_one_character(qapp, text: str) -> None:  # type: ignore[no-untyped-def]
    metrics = QFontMetrics(QFont(QApplication.font()))
    for width in range(0, metrics.horizontalAdvance(text) + 20, 3):
        ours = early_qt.elided(metrics, text, width)
        qt = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        assert metrics.horizontalAdvance(ours) <= max(width, 0) or ours == ""
        if metrics.horizontalAdvance(text) <= width:
            assert ours == text
        else:
            assert ours == "" or ours.endswith(early_qt.ELLIPSIS)
            kept, qt_kept = ours.rstrip(early_qt.ELLIPSIS).rstrip(), qt.rstrip("…").rstrip()
            assert text.startswith(kept)
            assert abs(len(kept) - len(qt_kept)) <= 1, (width, ours, qt)


def test_circle_pixmaps_are_discs_and_rings(qapp) -> None:  # type: ignore[no-untyped-def]
    navy = QColor("#17365d")
    disc = early_qt.circle_pixmap(6.0, navy).toImage()
    ring = early_qt.circle_pixmap(6.0, navy, ring_width=1.2).toImage()
    assert disc.width() == disc.height() == 14  # 2 × radius + 2
    middle = disc.width() // 2
    assert disc.pixelColor(middle, middle) == navy
    assert disc.pixelColor(0, 0).alpha() == 0
    centre = ring.width() // 2
    assert ring.pixelColor(centre, centre).alpha() == 0  # hollow
    # Straight above the centre the line crosses the ring: about 1.2 pixels of ink.
    above = [ring.pixelColor(centre, y) for y in range(centre)]
    assert 1.0 <= sum(c.alphaF() for c in above) <= 1.5
    darkest = max(above, key=lambda c: c.alpha())
    # The colour, give or take the rounding of premultiplied alpha.
    assert abs(darkest.red() - navy.red()) <= 2
    assert abs(darkest.green() - navy.green()) <= 2
    assert abs(darkest.blue() - navy.blue()) <= 2
