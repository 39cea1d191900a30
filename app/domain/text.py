"""Text normalisation: every Vietnamese string is stored NFC (DOMAIN.md §9)."""

import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_for_search(text: str) -> str:
    """Case- and accent-insensitive key, so 'nguyen' finds 'Nguyễn'.

    SQLite's lower()/LIKE are ASCII-only, so searching is done in Python with this key.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d")
