"""khaosat: satisfaction-survey desk for Vietnamese commune one-stop offices."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("khaosat")
except _metadata.PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.1.0"
