"""Open a checked driver and turn driver exceptions into one clear line.

:func:`connect` refuses a bad URI before the driver sees it, then checks that the server
answers, accepts the credentials, is Neo4j 5.x or later and has the database.
:func:`translate_error` is used by every caller that talks to the server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import neo4j
from neo4j import exceptions as nex

from graphbuild.errors import Neo4jError
from graphbuild.neo4j.cypher import read_cypher
from graphbuild.neo4j.settings import START_HINT, Neo4jSettings, check_uri

SERVER_VERSION = "load/server_version"
#: Exceptions the driver (and the sockets under it) raise; callers translate them.
DRIVER_ERRORS = (nex.Neo4jError, nex.DriverError, OSError)


def _describe(err: BaseException) -> str:
    message = getattr(err, "message", None) or str(err) or type(err).__name__
    return " ".join(str(message).split())


def translate_error(err: BaseException, settings: Neo4jSettings) -> Neo4jError:
    """Turn a driver exception into one clear line (never containing the password).

    Args:
        err: what the driver raised.
        settings: the server address, user and database, named in the message.

    Returns:
        The :class:`Neo4jError` to raise.
    """
    uri, username, database, where = (
        settings.uri,
        settings.username,
        settings.database,
        settings.where,
    )
    if isinstance(err, nex.AuthError):
        return Neo4jError(
            f"Neo4j at {uri} refused the credentials of user {username!r}; "
            "check --username/--password (NEO4J_USERNAME, NEO4J_PASSWORD)"
        )
    if isinstance(err, nex.ClientError) and "DatabaseNotFound" in (err.code or ""):
        return Neo4jError(
            f"Neo4j at {uri} has no database {database!r}; create it "
            f"(CREATE DATABASE {database}, Enterprise Edition) or leave --database out "
            "to use the default one"
        )
    if isinstance(err, nex.IncompleteCommit):
        return Neo4jError(
            f"lost the connection to {where} while committing; the load is idempotent: "
            f"run it again once the server is back ({START_HINT})"
        )
    if isinstance(err, (nex.ServiceUnavailable, nex.SessionExpired, OSError)):
        return Neo4jError(
            f"cannot reach Neo4j at {where} ({_describe(err)}); {START_HINT}. "
            "A load cut short is safe to run again."
        )
    if isinstance(err, nex.ConfigurationError):
        return Neo4jError(f"invalid Neo4j connection settings for {uri!r}: {_describe(err)}")
    if isinstance(err, nex.TransientError):
        return Neo4jError(f"Neo4j at {where} kept failing transiently: {_describe(err)}")
    return Neo4jError(f"Neo4j at {where} failed: {_describe(err)}")


def check_version(records: Sequence[Mapping[str, Any]], uri: str) -> str:
    """Return the server's ``name version edition`` from ``dbms.components()`` records.

    Raises:
        Neo4jError: if the server is older than 5.x or reports no version.
    """
    for record in records:
        versions = list(record.get("versions") or [])
        if not versions:
            continue
        version = str(versions[0])
        try:
            major = int(version.split(".")[0])
        except ValueError:
            major = 0
        if major < 5:
            raise Neo4jError(
                f"Neo4j at {uri} is version {version}; graphbuild needs Neo4j 5.x or later "
                "(upgrade the server, or start a local 5.x one: `graphbuild neo4j start`)"
            )
        return f"{record.get('name')} {version} {record.get('edition')}"
    raise Neo4jError(f"Neo4j at {uri} did not report its version (dbms.components)")


def open_driver(settings: Neo4jSettings, *, retry_seconds: float = 30.0) -> neo4j.Driver:
    """Return a driver for ``settings`` (nothing is sent yet); the URI is checked first.

    Raises:
        Neo4jError: on a URI that is not a valid Bolt URI.
    """
    check_uri(settings.uri)
    try:
        return neo4j.GraphDatabase.driver(
            settings.uri,
            auth=settings.auth,
            max_transaction_retry_time=retry_seconds,
            connection_timeout=10.0,
            # Server notifications (e.g. "property key does not exist" on a sparse graph)
            # would otherwise be logged to stderr in the middle of the CLI's output.
            notifications_min_severity="OFF",
        )
    except (nex.ConfigurationError, ValueError) as err:
        raise Neo4jError(f"invalid Neo4j URI {settings.uri!r}: {_describe(err)}") from err


def connect(settings: Neo4jSettings, *, retry_seconds: float = 30.0) -> tuple[neo4j.Driver, str]:
    """Open a driver and check the server: reachable, credentials, 5.x or later, database.

    Args:
        settings: where and as whom to connect.
        retry_seconds: how long managed transactions retry transient failures.

    Returns:
        The driver (the caller closes it) and the server's version string.

    Raises:
        Neo4jError: with one line saying what is wrong and how to fix it.
    """
    driver = open_driver(settings, retry_seconds=retry_seconds)
    try:
        driver.verify_connectivity()
        with driver.session(database=settings.database) as session:
            records = session.run(read_cypher(SERVER_VERSION)).data()
        server = check_version(records, settings.uri)
    except Neo4jError:
        driver.close()
        raise
    except DRIVER_ERRORS as err:
        driver.close()
        raise translate_error(err, settings) from err
    return driver, server
