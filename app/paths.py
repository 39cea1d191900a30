"""Where the shipped data lives: resources/ and db/, in a source tree or a frozen build."""

import sys
from pathlib import Path


def _root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)  # PyInstaller onedir unpacks data here
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


ROOT = _root()
RESOURCES = ROOT / "resources"
FORMS_DIR = RESOURCES / "forms"
FONTS_DIR = RESOURCES / "fonts"
TRANSLATIONS_DIR = RESOURCES / "translations"
ALEMBIC_DIR = ROOT / "db"
QUESTIONNAIRE_SCHEMA = FORMS_DIR / "questionnaire.schema.json"
DEFAULT_QUESTIONNAIRE = FORMS_DIR / "xa-22-tieu-chi.json"
