"""The one exception of the bundle package: a code plus parameters, worded by the caller."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class BundleError(Exception):
    """A refusal with a stable ``code`` (docs/bundle.md lists them) and its parameters.

    Raised before anything is written: a caller that catches it knows no file was changed.
    Parameters never carry a password or a PIN.
    """

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params: Mapping[str, Any] = params

    def __str__(self) -> str:
        if not self.params:
            return self.code
        details = ", ".join(f"{key}={value!r}" for key, value in sorted(self.params.items()))
        return f"{self.code} ({details})"
