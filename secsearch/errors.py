"""The only exceptions the CLI turns into one-line messages."""

from __future__ import annotations


class SecsearchError(Exception):
    """Base class: the message is shown to the user as is, on one line."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class BadPdfError(SecsearchError):
    """A file that cannot be read as a Panel paper; message names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IndexAccessError(SecsearchError):
    """The index is missing, of another schema version, or busy."""


class IndexDamagedError(IndexAccessError):
    """The index's files are not what was written (cut short, changed, missing)."""


class IndexBusyError(IndexAccessError):
    """Another process holds the index's write lock."""


class QueryError(SecsearchError):
    """A query string that cannot be parsed."""
