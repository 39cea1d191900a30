"""The embedded serif family every PDF uses.

reportlab's built-in Times-Roman has no Vietnamese letters and drops them silently, so every PDF
embeds Liberation Serif (SIL OFL, metric-compatible with Times New Roman, DOMAIN.md §7) from
``resources/fonts``. Register once, then use the names below in any canvas or paragraph style.
"""

from __future__ import annotations

from functools import cache

from app.paths import FONTS_DIR

SERIF = "KhaosatSerif"
SERIF_BOLD = "KhaosatSerif-Bold"
SERIF_ITALIC = "KhaosatSerif-Italic"
SERIF_BOLD_ITALIC = "KhaosatSerif-BoldItalic"

_FILES = {
    SERIF: "LiberationSerif-Regular.ttf",
    SERIF_BOLD: "LiberationSerif-Bold.ttf",
    SERIF_ITALIC: "LiberationSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}


@cache
def register_fonts() -> str:
    """Register the family with reportlab (idempotent); returns the regular face's name.

    After this, ``<b>``/``<i>`` in Paragraph markup pick the right embedded face.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename)))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
    addMapping(SERIF, 0, 1, SERIF_ITALIC)
    addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
    return SERIF
