"""Write the dataclass code cache (app/dataclass_code.py) for the GUI start path to ``OUT``.

    python scripts/make_dataclass_cache.py OUT

Imports what the keying window's start imports, with the cache recording, and saves it (when
something had to be compiled: run twice, the second run reports 0 compiled). The
installer build ships the result (build_installer.spec): an installed program's folder is often
read-only, so it could not write the cache at its first start as a source tree does.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(out: Path) -> int:
    from app import dataclass_code

    out.parent.mkdir(parents=True, exist_ok=True)
    cache = dataclass_code.install(out)
    if cache.path != out:
        raise SystemExit("make_dataclass_cache: run it in a fresh process")
    import app.cli

    app.cli._import_core_before_qt()
    import app.ui.app
    import app.ui.main_window

    compiled = cache.compiled
    dataclass_code.save()
    if not out.is_file():
        raise SystemExit(f"make_dataclass_cache: nothing written to {out}")
    print(f"make_dataclass_cache: {len(cache.used)} methods, {compiled} compiled now -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
