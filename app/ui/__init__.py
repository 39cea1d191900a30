"""The desktop interface (PySide6): the only package that imports Qt.

Widgets lay out and forward keys; rules live in ``app.domain`` and use cases in
``app.services``. Every user-visible string goes through ``tr()`` with an English source and a
Vietnamese translation in ``resources/translations/vi/*.json``.
"""

from app.ui.feature_scan import answer_the_feature_scan

answer_the_feature_scan()
