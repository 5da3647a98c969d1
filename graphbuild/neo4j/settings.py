"""Connection settings: the one place that reads the ``NEO4J_*`` environment variables.

``NEO4J_URI``, ``NEO4J_USERNAME`` (or ``NEO4J_USER``), ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` are read by :meth:`Neo4jSettings.from_env` only; the CLI, the local
server and the tests take their defaults from here. URIs are checked before any driver
sees them, so ``bolt://host:abc`` or port 99999 give one clear error instead of a driver
traceback or a port silently wrapped to another.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from graphbuild.errors import Neo4jError

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USERNAME = "neo4j"
#: The password of the local server (``graphbuild neo4j start``) when NEO4J_PASSWORD is unset.
DEFAULT_PASSWORD = "graphbuild-local"
DEFAULT_PORT = 7687
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
#: How to get a server, for error messages.
START_HINT = "start one with `graphbuild neo4j start` or `docker compose up -d --wait`"

#: Environment variable -> setting, in the order they are documented.
ENV_VARIABLES = {
    "NEO4J_URI": "uri",
    "NEO4J_USERNAME": "username",
    "NEO4J_USER": "username",
    "NEO4J_PASSWORD": "password",
    "NEO4J_DATABASE": "database",
}


def check_uri(uri: str) -> str:
    """Return ``uri`` if it is a Bolt URI with a valid host and port.

    Args:
        uri: e.g. ``bolt://localhost:7687`` or ``neo4j+s://db.example.org``.

    Returns:
        The URI, unchanged.

    Raises:
        Neo4jError: naming the URI and the fix, on another scheme, no host, or a port that
            is not a number from 1 to 65535.
    """
    example = "use e.g. bolt://localhost:7687"
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise Neo4jError(
            f"{uri!r} is not a Bolt URI; {example} (schemes: "
            + ", ".join(BOLT_SCHEMES)
            + "; the HTTP port 7474 serves Neo4j Browser, not Bolt)"
        )
    try:
        parts = urlsplit(uri)
        port = parts.port  # raises ValueError on "abc" and on numbers out of 0-65535
    except ValueError:
        port = -1
    if port == -1 or port == 0:
        raw = uri.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[-1]
        raise Neo4jError(
            f"{uri!r} has port {raw!r}; a port is a number from 1 to 65535 ({example})"
        )
    if not parts.hostname:
        raise Neo4jError(f"{uri!r} names no host; {example}")
    return uri


def password_from_env(environ: Mapping[str, str] | None = None) -> str:
    """Return ``$NEO4J_PASSWORD``, or the documented local default."""
    env = os.environ if environ is None else environ
    return env.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD


def password_is_set(environ: Mapping[str, str] | None = None) -> bool:
    """Return whether NEO4J_PASSWORD is set (to say where a password comes from, never what)."""
    env = os.environ if environ is None else environ
    return bool(env.get("NEO4J_PASSWORD"))


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect; ``repr`` never shows the password."""

    uri: str = DEFAULT_URI
    username: str = DEFAULT_USERNAME
    password: str = field(default=DEFAULT_PASSWORD, repr=False)
    database: str | None = None

    @property
    def auth(self) -> tuple[str, str]:
        """The ``(username, password)`` pair for ``neo4j.GraphDatabase.driver``."""
        return (self.username, self.password)

    @property
    def where(self) -> str:
        """The URI, with the database when one is named (for messages)."""
        return f"database {self.database!r} on {self.uri}" if self.database else self.uri

    def checked(self) -> Neo4jSettings:
        """Return these settings after :func:`check_uri` (raises Neo4jError)."""
        check_uri(self.uri)
        return self

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Neo4jSettings:
        """Read the settings from the environment; keyword ``overrides`` that are not None win.

        The variables are ``NEO4J_URI``, ``NEO4J_USERNAME`` (or ``NEO4J_USER``),
        ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``.

        Args:
            environ: the environment to read (default ``os.environ``).
            **overrides: ``uri``, ``username``, ``password``, ``database``.

        Returns:
            The settings.
        """
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {
            "uri": env.get("NEO4J_URI") or DEFAULT_URI,
            "username": env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or DEFAULT_USERNAME,
            "password": password_from_env(env),
            "database": env.get("NEO4J_DATABASE") or None,
        }
        unknown = set(overrides) - set(values)
        if unknown:
            raise TypeError(f"unknown Neo4j settings: {', '.join(sorted(unknown))}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
