"""The Vietnamese translation is complete and the shipped .qm matches the shipped .ts."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "khaosat_vi.ts"
QM = TS.with_suffix(".qm")


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "scripts" / "update_translations.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def test_every_ui_string_has_a_finished_vietnamese_translation(tmp_path: Path) -> None:
    script = _script()
    fresh = tmp_path / "fresh.ts"
    script.collect(fresh)  # every tr() string in app/ui today
    wanted = set(_messages(fresh))
    assert wanted, "no tr() strings found in app/ui"
    shipped = _messages(TS)
    missing = sorted(wanted - set(shipped))
    assert not missing, f"not in {TS.name} (run scripts/update_translations.py): {missing[:10]}"
    unfinished = sorted(
        key for key in wanted
        if shipped[key].find("translation") is None
        or shipped[key].find("translation").get("type") in ("unfinished", "obsolete")  # type: ignore[union-attr]
        or not "".join(shipped[key].find("translation").itertext()).strip()  # type: ignore[union-attr]
    )
    assert not unfinished, f"untranslated: {unfinished[:10]}"


def test_the_shipped_qm_is_compiled_from_the_shipped_ts(tmp_path: Path) -> None:
    script = _script()
    again = tmp_path / "again.qm"
    script.compile_qm(TS, again)
    assert QM.read_bytes() == again.read_bytes(), "run scripts/update_translations.py"


def test_the_program_speaks_vietnamese(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    try:
        found = [
            QCoreApplication.translate(ctx, src)
            for (ctx, src) in list(_messages(TS))[:50]
        ]
        assert any(t != src for t, (_, src) in zip(found, list(_messages(TS))[:50], strict=True))
    finally:
        QCoreApplication.removeTranslator(translator)

