"""The few domain errors the core raises. Front ends turn them into one clear line each.

Every error carries a message for the user (Vietnamese first, English after) and, where there is
one, what to do about it. Nothing here formats tracebacks or exits: that is the edge's job.
"""

from __future__ import annotations


class HoidapError(Exception):
    """Base of every error a user may see. `hint` says what to do next."""

    exit_code = 1

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class BadInput(HoidapError):
    """The user's input cannot be used (empty question, too long, unreadable file...)."""

    exit_code = 2


class IndexMissing(HoidapError):
    """No index exists in the data directory yet."""


class EmbedderMismatch(HoidapError):
    """The index was built with another embedder than the one asked for now."""


class EmbedderUnavailable(HoidapError):
    """The embedder's package or model files are not on this machine."""


class StoreError(HoidapError):
    """The vector store could not be opened or read."""
