"""The Qt part of ``khaosat --self-test``: can this build open windows, paint Vietnamese text,
load our translation and reach the print system?

PyInstaller leaves out Qt plugins the spec does not keep; a missing platform plugin makes Qt
abort the process, so the platform is chosen before QApplication exists: the clerk's display
when there is one, else Qt's offscreen platform (a server or a build machine without a screen).
"""

from __future__ import annotations

import os
import sys

from app import paths

VIETNAMESE_SAMPLE = "Phiếu khảo sát mức độ hài lòng – Ủy ban nhân dân xã"


def _choose_platform() -> None:
    has_display = any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and not has_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def check_gui() -> str:
    """One line saying what was checked; raises (with the reason) when something is missing."""
    _choose_platform()
    from PySide6.QtCore import QTranslator, qVersion
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QLabel

    from app.ui.app import make_application

    app = make_application()
    translator = QTranslator()
    catalogue = paths.TRANSLATIONS_DIR / "khaosat_vi.qm"
    if not translator.load(str(catalogue)) or translator.isEmpty():
        raise RuntimeError(f"không nạp được bản dịch giao diện {catalogue}")
    label = QLabel(VIETNAMESE_SAMPLE)
    label.adjustSize()
    image = label.grab().toImage()
    label.deleteLater()
    if image.isNull() or image.width() < 100:
        raise RuntimeError("không vẽ được chữ tiếng Việt lên cửa sổ")
    if not any(image.pixelColor(x, image.height() // 2) != image.pixelColor(0, 0)
               for x in range(image.width())):
        raise RuntimeError("cửa sổ vẽ ra trống: thiếu phông chữ?")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if not printer.isValid():
        raise RuntimeError("không khởi tạo được máy in của Qt")
    return (f"Qt {qVersion()}, nền {app.platformName()}, vẽ chữ tiếng Việt, "
            "bản dịch giao diện, hệ thống in")
