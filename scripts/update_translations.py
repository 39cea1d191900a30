"""Regenerate the Vietnamese translation of the UI.

    .venv/bin/python scripts/update_translations.py

1. ``pyside6-lupdate`` collects every ``tr()``/``translate()`` string of ``app/ui`` into
   ``resources/translations/khaosat_vi.ts`` (obsolete entries dropped);
2. each message is filled from ``resources/translations/vi/*.json``
   (``{"Context": {"English source": "Vietnamese"}}``; one file per screen, so people working
   on different screens do not edit the same file);
3. ``pyside6-lrelease`` compiles ``khaosat_vi.qm``, which the program loads.

Prints the messages still without a translation and exits 1 if there are any.
The test ``tests/ui/test_translations.py`` fails on the same condition.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "khaosat_vi.ts"
QM = TS.with_suffix(".qm")
SOURCES = ROOT / "resources" / "translations" / "vi"


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in the virtualenv")
    return found


def load_sources() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(SOURCES.glob("*.json")):
        for context, messages in json.loads(path.read_text(encoding="utf-8")).items():
            merged.setdefault(context, {}).update(messages)
    return merged


def collect(ts_path: Path) -> None:
    ui_files = sorted(str(p) for p in (ROOT / "app" / "ui").rglob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *ui_files,
                    "-ts", str(ts_path)], check=True, capture_output=True)


def fill(ts_path: Path, sources: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    tree = ET.parse(ts_path)
    root = tree.getroot()
    root.set("language", "vi_VN")
    missing = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            text = sources.get(name, {}).get(source)
            if not text:
                missing.append((name, source))
                continue
            translation.attrib.pop("type", None)
            forms = translation.findall("numerusform")
            if message.get("numerus") == "yes":
                for form in forms:
                    translation.remove(form)
                ET.SubElement(translation, "numerusform").text = text
            else:
                translation.text = text
    ET.indent(tree, space="    ")
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


def compile_qm(ts_path: Path, qm_path: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts_path), "-qm", str(qm_path)], check=True,
                   capture_output=True)


def main() -> int:
    collect(TS)
    missing = fill(TS, load_sources())
    compile_qm(TS, QM)
    for context, source in missing:
        print(f"untranslated: [{context}] {source!r}")
    print(f"{TS.relative_to(ROOT)}: {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
