"""khaosat: satisfaction-survey desk for Vietnamese commune one-stop offices."""

# A constant, not importlib.metadata: reading package metadata costs ~30 ms of every start-up.
# tests/test_version.py checks it equals pyproject.toml's version.
__version__ = "0.1.0"
