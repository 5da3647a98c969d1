"""Bulk first loads: ``neo4j-admin database import full`` into the local server, chosen
automatically for a big graph and an empty database.

:func:`choose_method` says which loader a load uses and why (one line);
:func:`import_graph` does the import; :func:`load` does either. The import:

1. refuses a graph the driver loader would refuse (same label and type whitelist);
2. writes the CSV export as the driver loader would write the graph into an empty database
   (:func:`graphbuild.formats.neo4j_csv.write_neo4j_csv` with ``as_loaded=True``: derived
   counts, types, CO_MENTIONED weights and association strengths computed from MENTIONS);
3. stops the local server (Community Edition imports offline only), runs
   ``neo4j-admin database import full`` with the server's own jars and home, and starts the
   server again on the same ports, waiting until the database answers;
4. does what the driver loader keeps besides the data: the schema (``schema.cypher``), the
   load-lock node, and the empty values neo4j-admin cannot write (``aliases: []``).

Afterwards the database is the one a driver load of the same graph into an empty database
gives: a driver load of the same graph changes nothing, and later driver loads add to it
incrementally. No pending marks are left (there is nothing to recompute).

Only a server graphbuild manages can be imported into: the one running in a known home
folder (``graphbuild neo4j start``, ``--home`` or ``$GRAPHBUILD_NEO4J_HOME``) whose Bolt
port the connection settings name.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import networkx as nx

from graphbuild.errors import Neo4jError
from graphbuild.formats.neo4j_csv import write_neo4j_csv
from graphbuild.neo4j.connection import DRIVER_ERRORS, connect, translate_error
from graphbuild.neo4j.cypher import read_cypher, split_statements
from graphbuild.neo4j.loader import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_RETRY_SECONDS,
    LoadReport,
    ProgressCallback,
    load_graph,
)
from graphbuild.neo4j.lock import ENSURE_LOCK
from graphbuild.neo4j.rows import check_edges, node_rows
from graphbuild.neo4j.server import (
    ServerInfo,
    check_java,
    default_home,
    ensure_distribution,
    server_status,
    start_server,
    stop_server,
)
from graphbuild.neo4j.settings import Neo4jSettings
from graphbuild.runtime import paused_gc

DEFAULT_THRESHOLD = 1_000_000
"""Relationships from which ``auto`` imports into an empty database. The import's fixed
cost (stop, import, start, schema: about 30 s on 2 cores) pays off from a few hundred
thousand relationships (benchmarks/RESULTS-load.md); a million leaves a wide margin."""
#: The one user database of Neo4j Community Edition.
DEFAULT_DATABASE = "neo4j"
METHODS = ("auto", "driver", "import")
Method = Literal["auto", "driver", "import"]
Say = Callable[[str], None]
"""Called with one line per step of an import (stop, import, start, schema)."""

#: Statements of an import, by role.
STATEMENTS: dict[str, str] = {
    "database_used": "bulk/database_used",
    "set_empty_nodes": "bulk/set_empty_nodes",
    "set_empty_relationships": "bulk/set_empty_relationships",
}
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
#: neo4j-admin's JVM heap; the importer keeps its big caches off the heap.
_ADMIN_HEAP = "-Xmx1g"
#: The importer's off-heap memory (its default, 90% of free RAM, is too greedy on a shared
#: machine; 2 GB is ample for millions of relationships).
_ADMIN_OFF_HEAP = "--max-off-heap-memory=2G"
#: Lines of neo4j-admin's output passed on as progress (its step headers and the end).
_ADMIN_STEPS = re.compile(r"^(\(\d+/\d+\)|IMPORT DONE|Imported:)")


def statement_names() -> set[str]:
    """Return the names of the statements an import runs (for the every-file-used test)."""
    return set(STATEMENTS.values())


@dataclass(frozen=True)
class Choice:
    """The loader a load uses, and why."""

    method: Literal["driver", "import"]
    reason: str
    #: the local server an import goes into
    server: ServerInfo | None = None

    def line(self) -> str:
        """One line for the user: which loader, and why."""
        how = "neo4j-admin import" if self.method == "import" else "driver loader"
        return f"load method: {how} ({self.reason})"


def _same_server(uri: str, server: ServerInfo) -> bool:
    """Return whether ``uri`` names the Bolt port of the local ``server``."""
    try:
        parts = urlsplit(uri)
        port = parts.port or 7687
    except ValueError:
        return False
    return (parts.hostname or "") in _LOCAL_HOSTS and port == server.bolt_port


def _managed_server(settings: Neo4jSettings, home: Path) -> tuple[ServerInfo | None, str]:
    """Return the local server the settings name and "", or None and why there is none."""
    server = server_status(home)
    if server is None:
        return None, (
            f"no local server runs in {home} (start one with `graphbuild neo4j start`, "
            "or name its folder with --home)"
        )
    if not _same_server(settings.uri, server):
        return None, f"{settings.uri} is not the local server of {home} ({server.bolt_uri})"
    if (settings.database or DEFAULT_DATABASE) != DEFAULT_DATABASE:
        return None, (
            f"Neo4j Community imports only into the database {DEFAULT_DATABASE!r}, "
            f"not {settings.database!r}"
        )
    return server, ""


def database_used(settings: Neo4jSettings, retry_seconds: float = DEFAULT_RETRY_SECONDS) -> bool:
    """Return whether the database holds any node besides the load lock.

    Raises:
        Neo4jError: if the server cannot be reached or refuses us.
    """
    driver, _ = connect(settings, retry_seconds=retry_seconds)
    try:
        records, _, _ = driver.execute_query(
            read_cypher(STATEMENTS["database_used"]), database_=settings.database
        )
        return bool(records[0]["used"])
    except DRIVER_ERRORS as err:
        raise translate_error(err, settings) from err
    finally:
        driver.close()


def choose_method(
    settings: Neo4jSettings,
    relationships: int,
    *,
    method: Method = "auto",
    home: Path | None = None,
    bulk_threshold: int = DEFAULT_THRESHOLD,
    overwrite: bool = False,
) -> Choice:
    """Choose between the driver loader and a neo4j-admin import.

    ``auto`` imports only a graph of at least ``bulk_threshold`` relationships into an empty
    database of a local server graphbuild manages; ``import`` insists (and may replace a
    database that is not empty when ``overwrite`` is true); ``driver`` never imports.

    Args:
        settings: where the load goes.
        relationships: the graph's number of relationships.
        method: ``auto``, ``driver`` or ``import``.
        home: the local server's folder (default: :func:`default_home`).
        bulk_threshold: the smallest graph, in relationships, that ``auto`` imports.
        overwrite: let ``import`` replace a database that holds data.

    Returns:
        The choice, with a reason for the user.

    Raises:
        Neo4jError: ``import`` is impossible (no local server, a remote URI, another
            database, a database with data and no ``overwrite``), naming the fix.
    """
    if method == "driver":
        return Choice("driver", "asked for with --method driver")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if method == "auto" and relationships < bulk_threshold:
        return Choice(
            "driver",
            f"{relationships:,} relationships, below the bulk threshold of {bulk_threshold:,}",
        )
    home = (home or default_home()).expanduser().resolve()
    server, problem = _managed_server(settings, home)
    if server is None:
        if method == "import":
            raise Neo4jError(f"cannot bulk-import: {problem}; or use --method driver")
        return Choice("driver", f"{problem}; neo4j-admin import needs a server graphbuild runs")
    used = database_used(settings)
    where = f"database {settings.database or DEFAULT_DATABASE!r} on {settings.uri}"
    if used and method == "auto":
        return Choice("driver", f"{where} holds data: loading on top of it")
    if used and not overwrite:
        raise Neo4jError(
            f"cannot bulk-import: {where} is not empty; pass --overwrite to replace "
            "it, or use --method driver to load on top of it"
        )
    why = (
        "asked for with --method import"
        if method == "import"
        else (
            f"{relationships:,} relationships into an empty database, "
            f"at least the bulk threshold of {bulk_threshold:,}"
        )
    )
    return Choice("import", why + (", replacing what it held" if used else ""), server)


def admin_import(
    home: Path, arguments: list[str], *, say: Say | None = None, timeout: float = 3600
) -> str:
    """Run ``neo4j-admin`` (the AdminTool of the server's own jars) for the server of ``home``.

    Args:
        home: the server's folder (its ``conf/neo4j.conf`` names the data folder).
        arguments: the arguments after ``neo4j-admin``.
        say: called with neo4j-admin's step lines as they come.
        timeout: seconds before giving up.

    Returns:
        neo4j-admin's output.

    Raises:
        ServerSetupError: Java or the server jars are missing.
        Neo4jError: neo4j-admin failed (the message quotes the end of its output).
    """
    java = check_java()
    dist = ensure_distribution()
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_PASSWORD",)}
    env.update(NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    command = [java, _ADMIN_HEAP, "-cp", f"{dist / 'lib'}/*", "org.neo4j.cli.AdminTool"]
    lines: list[str] = []
    with subprocess.Popen(
        [*command, *arguments],
        env=env,
        cwd=home,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    ) as process:
        assert process.stdout is not None
        deadline = time.monotonic() + timeout
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if say is not None and _ADMIN_STEPS.match(line):
                say(f"  neo4j-admin: {line.strip()}")
            if time.monotonic() > deadline:
                process.kill()
                break
        code = process.wait()
    output = "\n".join(lines)
    if code != 0:
        tail = "\n".join(lines[-25:])
        raise Neo4jError(f"neo4j-admin database import failed (exit {code}):\n{tail}")
    return output


def _wait_for_database(settings: Neo4jSettings, timeout: float = 180) -> str:
    """Wait until the database answers after a start; return the server's version."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            driver, server = connect(settings, retry_seconds=5)
        except Neo4jError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
            continue
        try:
            driver.execute_query("RETURN 1", database_=settings.database)
            return server
        except DRIVER_ERRORS as err:
            if time.monotonic() > deadline:
                raise translate_error(err, settings) from err
            time.sleep(0.5)
        finally:
            driver.close()


def _bookkeeping(settings: Neo4jSettings, empty_values: list[dict[str, Any]]) -> None:
    """What a driver load keeps besides the data: schema, lock node, empty values."""
    driver, _ = connect(settings)
    try:
        with driver.session(database=settings.database) as session:
            for statement in split_statements(read_cypher("schema")):
                session.run(statement).consume()
            session.run("CALL db.awaitIndexes(600)").consume()
            session.run(read_cypher(ENSURE_LOCK)).consume()
            if empty_values:
                for name in ("set_empty_nodes", "set_empty_relationships"):
                    session.run(read_cypher(STATEMENTS[name]), values=empty_values).consume()
    except DRIVER_ERRORS as err:
        raise translate_error(err, settings) from err
    finally:
        driver.close()


def import_graph(
    graph: nx.MultiDiGraph,
    settings: Neo4jSettings,
    *,
    home: Path | None = None,
    overwrite: bool = False,
    say: Say | None = None,
    choice: Choice | None = None,
) -> LoadReport:
    """Load ``graph`` with ``neo4j-admin database import full`` into the local server.

    The server is stopped for the import and started again on the same ports; the database
    is then what a driver load of the graph into an empty database gives.

    Args:
        graph: the graph of the data model.
        settings: the local server's address and credentials (the password is checked
            again when the server restarts).
        home: the local server's folder (default: :func:`default_home`).
        overwrite: replace a database that holds data (otherwise refused).
        say: called with one line per step.
        choice: a choice made by :func:`choose_method` (it is made here when None).

    Returns:
        What was created, the seconds taken (per step in ``timings``) and the rate.

    Raises:
        GraphbuildError: the graph does not follow the data model (nothing is touched).
        Neo4jError: the import is impossible (see :func:`choose_method`) or failed.
        ServerSetupError: the server did not start again (the message quotes its log).
    """
    started = time.perf_counter()
    tell = say or (lambda _: None)
    with paused_gc():
        _, nodes = node_rows(graph)
        check_edges(graph, nodes)  # the loader's whitelist: refuse before stopping anything
    if choice is None:
        choice = choose_method(
            settings, graph.number_of_edges(), method="import", home=home, overwrite=overwrite
        )
    server = choice.server
    if choice.method != "import" or server is None:
        raise Neo4jError(f"cannot bulk-import: {choice.reason}")
    settings = Neo4jSettings(
        server.bolt_uri, settings.username, settings.password, settings.database
    )
    report = LoadReport()
    step = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal step
        now = time.perf_counter()
        report.timings[name] += now - step
        report.statements[name] += 1
        step = now

    with tempfile.TemporaryDirectory(prefix="graphbuild-import-") as folder:
        tell(f"writing the import files ({graph.number_of_edges():,} relationships)")
        written = write_neo4j_csv(
            graph, folder, database=settings.database or DEFAULT_DATABASE, as_loaded=True
        )
        lap("write files")
        tell(f"stopping Neo4j in {server.home} (Community imports offline)")
        stop_server(server.home)
        lap("stop server")
        try:
            tell("neo4j-admin database import full")
            admin_import(server.home, [*written.arguments, _ADMIN_OFF_HEAP], say=say)
            lap("neo4j-admin import")
        finally:
            tell(f"starting Neo4j again on {server.bolt_uri}")
            start_server(
                server.home,
                password=settings.password,
                bolt_port=server.bolt_port,
                http_port=server.http_port,
                progress=say,
            )
            report.server = _wait_for_database(settings)
            lap("start server")
    tell("creating the schema and the load lock")
    _bookkeeping(settings, written.empty_values)
    lap("schema and bookkeeping")
    report.nodes_created = sum(written.nodes.values())
    report.relationships_created = sum(written.relationships.values())
    report.seconds = time.perf_counter() - started
    return report


def load(
    graph: nx.MultiDiGraph,
    settings: Neo4jSettings,
    *,
    method: Method = "auto",
    home: Path | None = None,
    bulk_threshold: int = DEFAULT_THRESHOLD,
    overwrite: bool = False,
    say: Say | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    retry_seconds: float = DEFAULT_RETRY_SECONDS,
) -> tuple[Choice, LoadReport]:
    """Load ``graph`` with the loader :func:`choose_method` picks.

    Args:
        graph: the graph of the data model.
        settings: where the load goes.
        method: ``auto``, ``driver`` or ``import``.
        home: the local server's folder (default: :func:`default_home`).
        bulk_threshold: the smallest graph, in relationships, that ``auto`` imports.
        overwrite: let ``import`` replace a database that holds data.
        say: called with the choice and one line per import step.
        progress: the driver loader's ``progress(done, total)``.
        batch_size: the driver loader's relationships per transaction.
        retry_seconds: how long the driver loader retries transient errors.

    Returns:
        The choice and the load's report.

    Raises:
        GraphbuildError: a bad graph; Neo4jError: the load failed or the import is impossible.
    """
    choice = choose_method(
        settings,
        graph.number_of_edges(),
        method=method,
        home=home,
        bulk_threshold=bulk_threshold,
        overwrite=overwrite,
    )
    if say is not None:
        say(choice.line())
    if choice.method == "import":
        report = import_graph(graph, settings, say=say, choice=choice)
    else:
        report = load_graph(
            graph, settings, batch_size=batch_size, progress=progress, retry_seconds=retry_seconds
        )
    return choice, report
