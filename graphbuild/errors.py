"""One exception hierarchy for graphbuild; the CLI turns these into click errors."""

from __future__ import annotations

from pathlib import Path


class GraphbuildError(Exception):
    """Base class of every error graphbuild raises on purpose."""


class InputError(GraphbuildError):
    """An input file or record cannot be read; names the file and line or record."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.reason = message
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line is not None else f"{self.path}: "
        super().__init__(where + message)


class LexiconError(InputError):
    """A lexicon file is malformed."""


class Neo4jError(GraphbuildError):
    """Neo4j cannot be reached, refuses us, or is not the version we need."""


class ServerSetupError(GraphbuildError):
    """A local Neo4j server cannot be installed, started or stopped."""


class OutputError(GraphbuildError):
    """An output file cannot be written; names the file and what to do."""

    def __init__(self, message: str, path: str | Path | None = None, reason: str | None = None):
        self.path = str(path) if path is not None else None
        self.reason = reason if reason is not None else message
        super().__init__(message)

    def __reduce__(self) -> tuple[type[OutputError], tuple[str, str | None, str]]:
        # Raised in a worker process, it crosses to the parent pickled: keep the file.
        return (type(self), (str(self.args[0]), self.path, self.reason))


class FetchError(GraphbuildError):
    """A scholarly web service cannot be reached, refuses a request, or answers nonsense."""


class FetchRequestError(FetchError):
    """A fetch is asked for wrongly (a malformed id or date, options that do not go together)."""
