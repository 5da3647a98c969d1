"""Fixtures for tests that talk to a real Neo4j 5.26 server over Bolt.

Every test in ``tests/integration`` is marked ``neo4j``; deselect them explicitly with
``pytest -m "not neo4j"``. They never skip on their own: when no server can be started or
reached, the fixtures fail with the URI and how to start one.

Which server:
    * ``NEO4J_URI`` set: that server, logged in with ``NEO4J_USERNAME`` (or ``NEO4J_USER``,
      default ``neo4j``) and ``NEO4J_PASSWORD`` (default ``graphbuild-local``), database
      ``NEO4J_DATABASE`` (default ``neo4j``). E.g. after ``docker compose up -d --wait``:
      ``NEO4J_URI=bolt://127.0.0.1:7687 pytest``. The Browser check in test_server.py needs
      ``NEO4J_BROWSER_URL`` then (e.g. http://127.0.0.1:7474/browser/) and says so when skipped.
    * otherwise: a throw-away server started with :mod:`graphbuild.neo4j.server` (Java 17+ and
      Maven needed; jars cached in ``~/.cache/graphbuild``) on free ports, stopped by its process
      id when the session ends, also after a failure, Ctrl-C or SIGTERM.

Fixtures:
    neo4j_settings (session): an :class:`IntegrationServer` with ``uri``, ``username``,
        ``password``, ``database``, ``auth`` (the ``(username, password)`` tuple) and
        ``server`` (the :class:`~graphbuild.neo4j.server.ServerInfo` of the throw-away server,
        or None when ``NEO4J_URI`` chose the server).
    neo4j_driver (session): a connected ``neo4j.Driver`` for ``neo4j_settings``; closed at the
        end of the session. Pass ``database_=neo4j_settings.database`` to ``execute_query``.
    empty_db (function): deletes every node and relationship of ``neo4j_settings.database``
        before the test (:func:`wipe`) and returns ``neo4j_driver``. Indexes and constraints
        are kept.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import neo4j
import pytest

from graphbuild.errors import GraphbuildError
from graphbuild.neo4j import server as neo4j_server
from graphbuild.neo4j.server import ServerInfo
from graphbuild.neo4j.settings import Neo4jSettings, password_from_env

_HERE = Path(__file__).resolve().parent
_HOW_TO_START = (
    "Start a server with `docker compose up -d --wait` or `scripts/neo4j-local start` and set "
    "NEO4J_URI (e.g. bolt://127.0.0.1:7687) and NEO4J_PASSWORD, or unset NEO4J_URI to let the "
    "tests start a throw-away server (needs Java 17+ and Maven). "
    'To leave these tests out, run pytest -m "not neo4j".'
)


@dataclass(frozen=True)
class IntegrationServer:
    """Where the integration tests find Neo4j (see the module docstring)."""

    uri: str
    username: str
    password: str = field(default="", repr=False)
    database: str = "neo4j"
    server: ServerInfo | None = None

    @property
    def auth(self) -> tuple[str, str]:
        """The ``(username, password)`` pair for ``neo4j.GraphDatabase.driver``."""
        return (self.username, self.password)

    @property
    def settings(self) -> Neo4jSettings:
        """The library's connection settings for this server."""
        return Neo4jSettings(self.uri, self.username, self.password, self.database)


#: The memory of the suite's servers: smaller than a user's (`neo4j_server.DEFAULT_HEAP`,
#: docker-compose.yml's), so that every load test also shows that a load fits a 512 MB heap.
SMALL_SERVER = {"heap": "512m", "page_cache": "128m"}


def _in_this_folder(path: Path) -> bool:
    return _HERE in path.resolve().parents


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Print one line per Neo4j test (name, outcome, seconds) even without ``-v``: they are
    slow, and a quiet run of several minutes looks like a hang."""
    if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
        return
    if not _in_this_folder(Path(report.fspath)) or _CONFIG.get("verbose", 1) > 0:
        return
    reporter = _reporter()
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_line(f"{report.nodeid} {report.outcome.upper()} ({report.duration:.1f} s)")


_CONFIG: dict[str, Any] = {}


def pytest_configure(config: pytest.Config) -> None:
    _CONFIG["verbose"] = config.get_verbosity()
    _CONFIG["config"] = config


def _reporter() -> Any:
    """pytest's terminal reporter (registered after this conftest is configured)."""
    config = _CONFIG.get("config")
    return None if config is None else config.pluginmanager.get_plugin("terminalreporter")


def _say(message: str) -> None:
    """Write a progress line of the server start (download steps, start) to the terminal,
    past pytest's output capture (the server starts inside the first test's setup)."""
    config = _CONFIG.get("config")
    reporter = _reporter()
    if config is None or reporter is None:
        return
    capture = config.pluginmanager.get_plugin("capturemanager")
    if capture is None:
        reporter.write_line(f"[neo4j] {message}")
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"[neo4j] {message}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/integration with ``neo4j``."""
    # This hook sees the whole session's items, so filter to this folder.
    for item in items:
        if _HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.neo4j)


def _settings_from_env() -> IntegrationServer | None:
    if not os.environ.get("NEO4J_URI"):
        return None
    settings = Neo4jSettings.from_env()
    return IntegrationServer(
        uri=settings.uri,
        username=settings.username,
        password=settings.password,
        database=settings.database or "neo4j",
    )


def _fail_unless_reachable(settings: IntegrationServer, driver: neo4j.Driver | None = None) -> None:
    """Fail the requesting test (never skip it) if ``settings`` cannot log in."""
    try:
        if driver is not None:
            driver.verify_connectivity()
        else:
            with neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth) as probe:
                probe.verify_connectivity()
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError, ValueError) as err:
        problem = f"cannot use Neo4j at {settings.uri} as {settings.username!r}: {err}"
    else:
        return
    # Failing outside `except` keeps the driver's chained tracebacks out of the report.
    pytest.fail(f"{problem}\n{_HOW_TO_START}", pytrace=False)


def _raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[IntegrationServer]:
    """Return the server to test against, starting a throw-away one if NEO4J_URI is unset."""
    external = _settings_from_env()
    if external is not None:
        _fail_unless_reachable(external)
        yield external
        return

    # A CI timeout sends SIGTERM; turn it into the Ctrl-C path so the teardown below runs.
    previous = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        try:
            _say("starting a throw-away Neo4j server for the tests (NEO4J_URI is unset)")
            info = neo4j_server.start_server(
                password=password_from_env(), temp=True, progress=_say, **SMALL_SERVER
            )
            _say(f"Neo4j is up at {info.bolt_uri}")
        except GraphbuildError as err:
            problem = f"could not start a throw-away Neo4j server (NEO4J_URI is unset): {err}"
        else:
            problem = ""
        if problem:
            pytest.fail(f"{problem}\n{_HOW_TO_START}", pytrace=False)
        try:
            yield IntegrationServer(
                uri=info.bolt_uri,
                username=info.username,
                password=password_from_env(),
                database="neo4j",
                server=info,
            )
        finally:
            neo4j_server.stop_server(info.home)
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: IntegrationServer) -> Iterator[neo4j.Driver]:
    """Return a driver connected to ``neo4j_settings``; closed when the session ends."""
    with neo4j.GraphDatabase.driver(neo4j_settings.uri, auth=neo4j_settings.auth) as driver:
        _fail_unless_reachable(neo4j_settings, driver)
        yield driver


@pytest.fixture
def empty_db(neo4j_driver: neo4j.Driver, neo4j_settings: IntegrationServer) -> neo4j.Driver:
    """Delete all nodes and relationships (not the schema); return the driver."""
    wipe(neo4j_driver, neo4j_settings.database)
    return neo4j_driver


def wipe(driver: neo4j.Driver, database: str) -> None:
    """Delete every relationship, then every node, in small transactions (a 50,000-paper
    graph does not fit in one transaction on the 512 MB test server)."""
    with driver.session(database=database) as session:
        session.run(
            "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
        ).consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


#: The real scholarly records shared beside the repository clone (see its README).
SOURCES = _HERE.parents[1] / ".." / "shared" / "sources"


@pytest.fixture(scope="session")
def shared_sources() -> Path:
    """Return ``../shared/sources``, failing with the fix when it is missing."""
    if not (SOURCES / "README.md").is_file():
        pytest.fail(
            f"{SOURCES.resolve()} is missing: the citation tests read the real files in "
            "shared/sources; put the shared folder beside the repository clone",
            pytrace=False,
        )
    return SOURCES.resolve()


@pytest.fixture(scope="session")
def citation_graph(shared_sources: Path) -> Any:
    """The combined graph of every file in ``../shared/sources`` plus the bundled Hugging
    Face samples (built once per session: it takes several seconds)."""
    from graphbuild.pipeline import build_graph
    from graphbuild.readers import bundled_samples

    return build_graph([shared_sources, *bundled_samples()]).graph
