"""PySide's scan of imported modules, answered up front for the modules known not to need it.

Once PySide6 is loaded it hooks ``import``: the first time a statement names a module it has not
seen, it reads that module's whole source (``inspect.getsource``) to look for the text
"PySide6", so as to know whether ``from __feature__ import …`` (snake_case names, true
properties) may apply there. khaosat never uses ``__feature__``; still, on the way to the keying
window the scan read 36 sources, typing.py and datetime.py among them: 13.7 M instructions and
several milliseconds of the start-up (benchmarks/bench_startup.py, decision 28).

So the answers are given before the scan asks: a module loaded before PySide does not use it
(-1, "ignore"), a module of ``app.ui`` uses it without features (0), which is what the scan
would find. Where PySide keeps these answers is its own business: if that changes, nothing is
given and the scan runs as before (tests/ui/test_early_qt.py notices).
"""

# Nothing else is imported at the top: PySide would scan it before the answers are given.
import sys

import PySide6.QtCore  # noqa: F401  (loads shiboken's support modules, the import hook among them)

UI_PACKAGE = __name__.rpartition(".")[0]  # app.ui


def answer_the_feature_scan() -> bool:
    """Record the answers for what is loaded now and for every module of app.ui; False when
    PySide no longer keeps them where expected."""
    feature = sys.modules.get("shibokensupport.feature")
    known = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(known, dict):
        return False
    for name in list(sys.modules):
        known.setdefault(name, 0 if name.startswith(("PySide6", "shiboken")) else -1)
    import os  # answered above, so not scanned

    try:
        file_names = os.listdir(os.path.dirname(__file__))
    except OSError:
        return True  # a frozen build: no source files, and the scan finds none to read either
    for file_name in file_names:
        stem, dot_py = os.path.splitext(file_name)
        if dot_py == ".py" and stem != "__init__":
            known.setdefault(f"{UI_PACKAGE}.{stem}", 0)
    return True
