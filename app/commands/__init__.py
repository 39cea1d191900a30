"""Command-line verbs of later capabilities, registered by app.cli.build_parser.

Each module has ``register(sub, common) -> dict[verb, handler]``; shared helpers (CliError,
_open, _data_dir) come from app.cli. Heavy imports stay inside the handlers so ``khaosat --help``
and the GUI start stay fast.
"""
