"""Errors a user can act on. The CLI prints them as one line, without a traceback."""

from __future__ import annotations

from typing import Literal


class LangngheError(Exception):
    """Base class for errors caused by the user's input or environment, not by a bug."""


class ConfigError(LangngheError):
    """A configuration file or setting is wrong; the message names file, key and expectation."""


class InputError(LangngheError):
    """An input file (JSONL, CSV...) is unreadable; the message names the file and line."""


class ModelMissingError(LangngheError):
    """A model artifact or an optional extra is not installed; the message says what to do."""


class BackendUnavailable(LangngheError):
    """A backend (index, queue, store) cannot be reached, is busy (429), timed out, or refuses
    writes (a read-only file, a full disk). Transient: the work is retried later and never
    counted against an item; the message names the backend and what it said.

    ``backend`` names it for people ("Elasticsearch"), ``where`` is its address or file (never
    with credentials), ``problem`` what kind of trouble it is: the CLI's error boundary
    (:mod:`langnghe.cli.boundary`) words its one line from them."""

    def __init__(
        self, message: str, *, backend: str | None = None, where: str | None = None,
        problem: BackendProblem = "unavailable",
    ) -> None:  # fmt: skip
        super().__init__(message)
        self.backend = backend
        self.where = where
        self.problem: BackendProblem = problem


BackendProblem = Literal["unreachable", "timeout", "unavailable", "tls", "denied"]
