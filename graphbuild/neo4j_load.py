"""Load a graphbuild graph into Neo4j: constraints first, then batched, idempotent writes.

The statements live in ``cypher/`` (``schema.cypher`` and ``load/*.cypher``) and are read
by name with :func:`read_cypher`. Labels and relationship types come from a fixed whitelist
(one statement per label and per relationship type); every value travels as a parameter.

How a load stays idempotent and incremental:

* Papers and entities are merged on their ids (unique constraints on ``Paper.id`` and
  ``Entity.id``; entities also carry their type label, relabelled when it changes).
  ``sources`` and ``aliases`` are sorted unions over all loads.
* MENTIONS and INTRODUCES belong to their paper: each batch deletes the old links of its
  papers and creates the new ones in one transaction (so a replay gives the same result).
  When a reloaded paper no longer mentions an entity, the same transaction takes the
  paper out of the ``papers`` of the CO_MENTIONED pairs it no longer supports.
* CO_MENTIONED ``papers`` is a set of paper ids: a load unions its papers into it and sets
  ``weight`` to its size, so loading an old paper again never counts it twice. Pairs with
  an end that had no CO_MENTIONED before the load are new and simply created.
* ``paper_count``/``mention_count`` are recomputed from the MENTIONS in the database.
  ``association_strength`` depends on global totals: sent along with the pairs when the
  database had none before, otherwise recomputed for every pair after the load.

How it is fast: rows are positional lists grouped by start node (one lookup per paper),
nodes are matched by the element ids the node merges returned, relationships known to be
new are CREATEd, and batches of ~1,000 relationships run in two sessions at once so that
Python packs one batch while the server writes another.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import neo4j
import networkx as nx
from neo4j import exceptions as nex

from graphbuild.build import association_strength
from graphbuild.errors import GraphbuildError, Neo4jError

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USERNAME = "neo4j"
DEFAULT_BATCH_SIZE = 5_000
"""Relationships (or nodes) per transaction. Measured on 2 cores with a 512 MB heap
(benchmarks/RESULTS-load.md): 3,000-5,000 is fastest; 1,000 pays a commit (a log flush) too
often, 20,000 costs the server more CPU per relationship (transaction state to hold)."""
DEFAULT_WORKERS = 2
"""Sessions writing at once: one batch is packed in Python while another is written."""

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
START_HINT = "start one with `docker compose up -d --wait` or `scripts/neo4j-local start`"

#: Node label -> statement that merges it. Labels never come from input text.
NODE_STATEMENTS: dict[str, str] = {
    "Paper": "load/merge_paper",
    "Model": "load/merge_model",
    "Dataset": "load/merge_dataset",
    "Benchmark": "load/merge_benchmark",
    "Method": "load/merge_method",
}
ENTITY_LABELS: tuple[str, ...] = ("Model", "Dataset", "Benchmark", "Method")
#: Relationship type -> statement that creates it.
REL_STATEMENTS: dict[str, str] = {
    "MENTIONS": "load/create_mentions",
    "INTRODUCES": "load/create_introduces",
    "CO_MENTIONED": "load/create_co_mentioned",
}
#: Attributes sent positionally per relationship type (any other one travels in `extra`).
REL_FIELDS: dict[str, tuple[str, ...]] = {
    "MENTIONS": ("count", "in_title", "surfaces", "spans"),
    "INTRODUCES": ("rule", "surface"),
    "CO_MENTIONED": (),
}
#: The other statements of a load, by role.
STATEMENTS: dict[str, str] = {
    "schema": "schema",
    "server_version": "load/server_version",
    "read_mentions": "load/read_mentions",
    "unlink_co_mentioned": "load/unlink_co_mentioned",
    "delete_links": "load/delete_links",
    "count_co_mentioned": "load/count_co_mentioned",
    "merge_co_mentioned": "load/merge_co_mentioned",
    "entity_counts": "load/entity_counts",
    "read_co_mentioned": "load/read_co_mentioned",
    "set_association_strength": "load/set_association_strength",
}
#: Statements that read a loaded database back (:func:`snapshot`).
CHECK_STATEMENTS: dict[str, str] = {
    "nodes": "check/nodes",
    "relationships": "check/relationships",
}

#: Attributes holding JSON lists in the graph that become native Neo4j lists of strings.
LIST_ATTRIBUTES = frozenset({"authors", "sources", "aliases", "surfaces", "papers"})
#: Attributes the loader derives itself rather than copying from the graph.
_DERIVED_NODE_ATTRIBUTES = frozenset({"labels", "id", "paper_count", "mention_count"})
_DERIVED_EDGE_ATTRIBUTES = frozenset({"label", "weight", "association_strength"})

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each batch; units are nodes + relationships."""

T = TypeVar("T")


# --------------------------------------------------------------------------- Cypher files


def cypher_dir(package_dir: Path | None = None) -> Path:
    """Return the folder holding the .cypher files.

    In an installed wheel they are force-included as ``graphbuild/_cypher``; in a checkout
    they are the repository's ``cypher/`` folder.

    Args:
        package_dir: the ``graphbuild`` package folder (default: this module's).

    Raises:
        GraphbuildError: if neither folder exists.
    """
    here = package_dir or Path(__file__).resolve().parent
    for candidate in (here / "_cypher", here.parent / "cypher"):
        if candidate.is_dir():
            return candidate
    raise GraphbuildError(f"cannot find the cypher/ folder next to {here}; reinstall graphbuild")


@cache
def read_cypher(name: str) -> str:
    """Return the text of ``cypher/<name>.cypher`` (``name`` like ``load/merge_paper``).

    Raises:
        GraphbuildError: if there is no such file.
    """
    path = cypher_dir() / f"{name}.cypher"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise GraphbuildError(f"no Cypher statement named {name!r} ({path})") from err


def split_statements(text: str) -> list[str]:
    """Split a .cypher file into statements at ``;`` ending a line; drop comment-only parts."""
    statements: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current).rstrip().rstrip(";"))
            current = []
    statements.append("\n".join(current))
    return [s.strip() for s in statements if _has_code(s)]


def _has_code(statement: str) -> bool:
    lines = (line.strip() for line in statement.splitlines())
    return any(line and not line.startswith("//") for line in lines)


def load_statement_names() -> set[str]:
    """Return the names of every statement a load runs (for the every-file-used test)."""
    return set(NODE_STATEMENTS.values()) | set(REL_STATEMENTS.values()) | set(STATEMENTS.values())


def statement_names() -> set[str]:
    """Return the names of every statement this module uses (loads and snapshots)."""
    return load_statement_names() | set(CHECK_STATEMENTS.values())


def iter_cypher_files(sub: str = "") -> list[Path]:
    """Return every .cypher file under ``cypher/<sub>``, sorted."""
    return sorted((cypher_dir() / sub).rglob("*.cypher"))


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect; ``repr`` never shows the password."""

    uri: str = DEFAULT_URI
    username: str = DEFAULT_USERNAME
    password: str = field(default="", repr=False)
    database: str | None = None

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
            "password": env.get("NEO4J_PASSWORD", ""),
            "database": env.get("NEO4J_DATABASE") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


# --------------------------------------------------------------------------- graph -> rows


@dataclass
class GraphRows:
    """The graph as positional parameter rows keyed by ids, sorted by id.

    Element ids replace the ids at load time. Row layouts are documented in the header of
    each statement in ``cypher/load/``.
    """

    #: [[id, props, sources]]
    papers: list[list[Any]] = field(default_factory=list)
    #: label -> [[id, props, aliases]]
    entities: dict[str, list[list[Any]]] = field(default_factory=dict)
    #: relationship type -> paper id -> [[entity id, *fields, extra]]
    links: dict[str, dict[str, list[list[Any]]]] = field(default_factory=dict)
    #: (lower entity id, higher entity id) -> [sorted paper ids, extra]
    pairs: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return len(self.papers) + sum(len(rows) for rows in self.entities.values())

    def relationship_counts(self) -> Counter[str]:
        """Return the number of relationships per type."""
        counts: Counter[str] = Counter()
        for rel_type, by_paper in self.links.items():
            counts[rel_type] = sum(len(targets) for targets in by_paper.values())
        counts["CO_MENTIONED"] = len(self.pairs)
        return counts

    def mentioned(self, paper_id: str) -> set[str]:
        """Return the ids of the entities a paper MENTIONS in this graph."""
        return {link[0] for link in self.links["MENTIONS"].get(paper_id, ())}


def _label_of(data: Mapping[str, Any], node: Any) -> str:
    raw = str(data.get("labels", "")).strip()
    label = raw.lstrip(":").split(":")[0] if raw else ""
    if label not in NODE_STATEMENTS:
        raise GraphbuildError(
            f"node {node!r} has label {raw or '(none)'!r}; expected one of "
            + ", ".join(":" + name for name in NODE_STATEMENTS)
        )
    return label


def _as_list(value: Any, what: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as err:
            raise GraphbuildError(f"{what} is not a JSON list: {value[:80]!r}") from err
    if not isinstance(value, (list, tuple)):
        raise GraphbuildError(f"{what} is not a list: {value!r}")
    return [str(item) for item in value]


def _properties(data: Mapping[str, Any], skip: frozenset[str], what: str) -> dict[str, Any]:
    """Return the attributes to store: JSON lists decoded, derived ones left out."""
    props: dict[str, Any] = {}
    for key, value in data.items():
        if key in skip or value is None:
            continue
        if key in LIST_ATTRIBUTES:
            props[key] = sorted(set(_as_list(value, f"{what} attribute {key!r}")))
        elif isinstance(value, (str, int, float, bool)):
            props[key] = value
        else:
            raise GraphbuildError(f"{what} attribute {key!r} is not a scalar: {value!r}")
    return props


def graph_rows(graph: nx.MultiDiGraph) -> GraphRows:
    """Turn a graphbuild graph into parameter rows for the load statements.

    Args:
        graph: the graph of the data model (README, "Data model").

    Returns:
        The rows, sorted by id so that batches take locks in a stable order.

    Raises:
        GraphbuildError: on a node label or relationship type outside the whitelist, or
            an edge whose ends do not fit its type.
    """
    rows, nodes = node_rows(graph)
    add_edge_rows(graph, rows, nodes)
    return rows


def node_rows(graph: nx.MultiDiGraph) -> tuple[GraphRows, dict[Any, tuple[str, str]]]:
    """Return the rows of the nodes, and each graph node's (id, label) for the edges."""
    rows = GraphRows(
        entities={label: [] for label in ENTITY_LABELS}, links={"MENTIONS": {}, "INTRODUCES": {}}
    )
    nodes: dict[Any, tuple[str, str]] = {}
    for node, data in graph.nodes(data=True):
        label = _label_of(data, node)
        node_id = str(data.get("id", node))
        nodes[node] = (node_id, label)
        what = f"node {node_id!r}"
        listed = "sources" if label == "Paper" else "aliases"
        props = _properties(data, _DERIVED_NODE_ATTRIBUTES | {listed}, what)
        values = sorted(set(_as_list(data.get(listed), f"{what} attribute {listed!r}")))
        if label == "Paper":
            rows.papers.append([node_id, props, values])
        else:
            props["type"] = label
            rows.entities[label].append([node_id, props, values])
    rows.papers.sort(key=lambda row: row[0])
    for entity_rows in rows.entities.values():
        entity_rows.sort(key=lambda row: row[0])
    return rows, nodes


#: Attributes of each relationship type sent positionally, plus the ones never sent.
_KNOWN_EDGE_ATTRIBUTES = {
    rel_type: frozenset(fields) | _DERIVED_EDGE_ATTRIBUTES
    for rel_type, fields in REL_FIELDS.items()
}


def check_edges(graph: nx.MultiDiGraph, nodes: Mapping[Any, tuple[str, str]]) -> None:
    """Refuse an edge of a type outside the whitelist or with ends that do not fit it.

    A quick pass run before anything is written (the rows are built while nodes load).

    Raises:
        GraphbuildError: naming the edge.
    """
    for u, v, key, rel_type in graph.edges(keys=True, data="label"):
        rel_type = rel_type or key
        (start, start_label), (end, end_label) = nodes[u], nodes[v]
        if rel_type == "CO_MENTIONED":
            if start_label == "Paper" or end_label == "Paper":
                raise GraphbuildError(
                    f"CO_MENTIONED edge {start!r} -> {end!r} must join two entities"
                )
        elif rel_type == "MENTIONS" or rel_type == "INTRODUCES":
            if start_label != "Paper" or end_label == "Paper":
                raise GraphbuildError(
                    f"{rel_type} edge {start!r} -> {end!r} must go from a paper to an entity"
                )
        else:
            raise GraphbuildError(
                f"edge {start!r} -> {end!r} has type {rel_type!r}; expected one of "
                + ", ".join(REL_STATEMENTS)
            )


def add_edge_rows(
    graph: nx.MultiDiGraph, rows: GraphRows, nodes: Mapping[Any, tuple[str, str]]
) -> None:
    """Add the rows of the edges to ``rows`` (the hot loop of :func:`graph_rows`)."""
    links = rows.links
    pairs = rows.pairs
    for u, v, key, data in graph.edges(keys=True, data=True):
        rel_type = data.get("label") or key
        (start, start_label), (end, end_label) = nodes[u], nodes[v]
        if rel_type == "MENTIONS" or rel_type == "INTRODUCES":
            if start_label != "Paper" or end_label == "Paper":
                raise GraphbuildError(
                    f"{rel_type} edge {start!r} -> {end!r} must go from a paper to an entity"
                )
            known = _KNOWN_EDGE_ATTRIBUTES[rel_type]
            fields = [data.get(name) for name in REL_FIELDS[rel_type]]
            if rel_type == "MENTIONS":
                fields[2] = sorted(
                    set(
                        _as_list(
                            fields[2], f"MENTIONS edge {start!r} -> {end!r} attribute 'surfaces'"
                        )
                    )
                )
            extra = None
            if any(name not in known for name in data):
                extra = _properties(data, known, f"{rel_type} edge {start!r} -> {end!r}")
            links[rel_type].setdefault(start, []).append([end, *fields, extra])
        elif rel_type == "CO_MENTIONED":
            if start_label == "Paper" or end_label == "Paper":
                raise GraphbuildError(
                    f"CO_MENTIONED edge {start!r} -> {end!r} must join two entities"
                )
            what = f"CO_MENTIONED edge {start!r} -> {end!r}"
            pair = pairs.get((start, end) if start < end else (end, start))
            if pair is None:
                pair = pairs[(start, end) if start < end else (end, start)] = [set(), None]
            pair[0].update(_as_list(data.get("papers"), f"{what} attribute 'papers'"))
            if any(
                name not in _KNOWN_EDGE_ATTRIBUTES["CO_MENTIONED"] | {"papers"} for name in data
            ):
                extra = _properties(data, _DERIVED_EDGE_ATTRIBUTES | {"papers"}, what)
                pair[1] = {**(pair[1] or {}), **extra}
        else:
            raise GraphbuildError(
                f"edge {start!r} -> {end!r} has type {rel_type!r}; expected one of "
                + ", ".join(REL_STATEMENTS)
            )
    for pair in pairs.values():
        pair[0] = sorted(pair[0])


# --------------------------------------------------------------------------- report


@dataclass
class LoadReport:
    """What a load did, for the run summary."""

    nodes_created: int = 0
    nodes_updated: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_deleted: int = 0
    seconds: float = 0.0
    server: str = ""
    #: transactions run per statement name
    statements: Counter[str] = field(default_factory=Counter)
    #: seconds spent per statement (summed over the sessions writing at once)
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def nodes(self) -> int:
        return self.nodes_created + self.nodes_updated

    @property
    def relationships(self) -> int:
        return self.relationships_created + self.relationships_updated

    @property
    def rate(self) -> float:
        """Relationships written per second of the whole load."""
        return self.relationships / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        """Return a one-line summary of the load."""
        return (
            f"nodes: {self.nodes_created} created, {self.nodes_updated} updated; "
            f"relationships: {self.relationships_created} created, "
            f"{self.relationships_updated} updated, {self.relationships_deleted} removed; "
            f"{self.seconds:.2f} s, {self.rate:,.0f} relationships/s"
        )


# --------------------------------------------------------------------------- connection


def _describe(err: BaseException) -> str:
    message = getattr(err, "message", None) or str(err) or type(err).__name__
    return " ".join(str(message).split())


def translate_error(
    err: BaseException, uri: str, username: str, database: str | None
) -> Neo4jError:
    """Turn a driver exception into one clear line (never containing the password).

    Args:
        err: what the driver raised.
        uri: the server address, named in the message.
        username: the user, named when the credentials were refused.
        database: the database asked for, if any.

    Returns:
        The :class:`Neo4jError` to raise.
    """
    where = f"database {database!r} on {uri}" if database else uri
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
                "(upgrade the server, or start a local 5.x one: `scripts/neo4j-local start`)"
            )
        return f"{record.get('name')} {version} {record.get('edition')}"
    raise Neo4jError(f"Neo4j at {uri} did not report its version (dbms.components)")


def connect(
    uri: str,
    username: str,
    password: str,
    database: str | None = None,
    *,
    retry_seconds: float = 30.0,
) -> tuple[neo4j.Driver, str]:
    """Open a driver and check the server: reachable, credentials, 5.x or later, database.

    Args:
        uri: ``bolt://`` or ``neo4j://`` address.
        username: the user.
        password: the password (never logged nor shown).
        database: the database, or None for the server's default.
        retry_seconds: how long managed transactions retry transient failures.

    Returns:
        The driver (the caller closes it) and the server's version string.

    Raises:
        Neo4jError: with one line saying what is wrong and how to fix it.
    """
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise Neo4jError(
            f"{uri!r} is not a Bolt URI; use e.g. bolt://localhost:7687 (schemes: "
            + ", ".join(BOLT_SCHEMES)
            + "; the HTTP port 7474 serves Neo4j Browser, not Bolt)"
        )
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(username, password),
            max_transaction_retry_time=retry_seconds,
            connection_timeout=10.0,
            # Server notifications (e.g. "property key does not exist" on a sparse graph)
            # would otherwise be logged to stderr in the middle of the CLI's output.
            notifications_min_severity="OFF",
        )
    except (nex.ConfigurationError, ValueError) as err:
        raise Neo4jError(f"invalid Neo4j URI {uri!r}: {_describe(err)}") from err
    try:
        driver.verify_connectivity()
        with driver.session(database=database) as session:
            records = session.run(read_cypher(STATEMENTS["server_version"])).data()
        server = check_version(records, uri)
    except Neo4jError:
        driver.close()
        raise
    except (nex.Neo4jError, nex.DriverError, OSError) as err:
        driver.close()
        raise translate_error(err, uri, username, database) from err
    return driver, server


# --------------------------------------------------------------------------- the load


def _batches(
    items: Iterable[T], size: int, weight: Callable[[T], int] | None = None
) -> Iterator[list[T]]:
    """Yield consecutive slices of ``items`` whose total weight stays near ``size``."""
    batch: list[T] = []
    total = 0
    for item in items:
        w = weight(item) if weight else 1
        if batch and total + w > size:
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += w
    if batch:
        yield batch


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: rows are hundreds of thousands of small lists that
    are never cyclic, and its passes over them cost a third of the Python time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Sessions:
    """Run write batches in up to ``workers`` sessions at once, one per thread.

    At most two batches per worker are in flight, so memory stays bounded; results come back
    in submission order and the first failure cancels the rest.
    """

    def __init__(self, driver: neo4j.Driver, database: str | None, workers: int):
        self.driver = driver
        self.database = database
        self.workers = max(1, workers)
        self._local = threading.local()
        self._sessions: list[neo4j.Session] = []
        self._lock = threading.Lock()
        self._executor = (
            ThreadPoolExecutor(self.workers, thread_name_prefix="graphbuild-load")
            if self.workers > 1
            else None
        )

    def session(self) -> neo4j.Session:
        """Return this thread's session."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = self.driver.session(database=self.database)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def run(self, tasks: Iterable[Callable[[neo4j.Session], T]]) -> Iterator[T]:
        """Run each task with a session; yield the results in order."""
        if self._executor is None:
            for task in tasks:
                yield task(self.session())
            return
        pending: deque[Future[T]] = deque()
        try:
            for task in tasks:
                pending.append(self._executor.submit(self._call, task))
                if len(pending) >= 2 * self.workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            for future in pending:
                if not future.cancelled():
                    future.exception()  # wait: no batch may outlive its load

    def _call(self, task: Callable[[neo4j.Session], T]) -> T:
        return task(self.session())

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        for session in self._sessions:
            session.close()


def _params(**values: Any) -> Callable[[], dict[str, Any]]:
    """Return a function giving these statement parameters (built in the worker thread)."""
    return lambda: values


def _alongside(background: Callable[[], T], foreground: Callable[[], Any]) -> T:
    """Run ``background`` in a thread while ``foreground`` runs here; return its result.

    An error of the foreground wins, once the background has finished too.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="graphbuild-load") as executor:
        future = executor.submit(background)
        try:
            foreground()
        except BaseException:
            future.exception()  # no write may outlive the load
            raise
        return future.result()


class _Loader:
    """One load: the sessions, the element ids, the report and the progress."""

    def __init__(
        self,
        sessions: _Sessions,
        batch_size: int,
        progress: ProgressCallback | None,
        total: int,
        report: LoadReport,
    ):
        self.sessions = sessions
        self.batch_size = max(1, batch_size)
        self.progress = progress
        self.total = total
        self.done = 0
        self.report = report
        self.eids: dict[str, str] = {}
        self.linked: set[str] = set()
        self.fresh: set[str] = set()
        self.touched: set[str] = set()
        self._lock = threading.Lock()

    # -- plumbing

    def _advance(self, units: int) -> None:
        with self._lock:
            self.done += units
            if self.progress is not None:
                self.progress(min(self.done, self.total), self.total)

    def _tally(self, **counts: int) -> None:
        """Add to the report's counters (two phases may run at once)."""
        with self._lock:
            for name, value in counts.items():
                setattr(self.report, name, getattr(self.report, name) + value)

    def _count(self, name: str, seconds: float) -> None:
        with self._lock:
            self.report.statements[name] += 1
            self.report.timings[name] += seconds

    def _write(
        self, name: str, make_params: Callable[[], dict[str, Any]]
    ) -> Callable[[neo4j.Session], tuple[list[neo4j.Record], Any]]:
        """Return a task running one statement in a managed write transaction.

        The parameters are built inside the task, in the worker thread; the transaction is
        retried on transient errors, so each statement must be safe to replay.
        """
        query = read_cypher(name)

        def work(
            tx: neo4j.ManagedTransaction, params: dict[str, Any]
        ) -> tuple[list[neo4j.Record], Any]:
            result = tx.run(query, params)
            records = list(result)
            return records, result.consume().counters

        def task(session: neo4j.Session) -> tuple[list[neo4j.Record], Any]:
            started = time.perf_counter()
            try:
                return session.execute_write(work, make_params())
            finally:
                self._count(name, time.perf_counter() - started)

        return task

    def _one(self, name: str, **params: Any) -> tuple[list[neo4j.Record], Any]:
        return next(self.sessions.run([self._write(name, lambda: params)]))

    # -- phases

    def schema(self) -> None:
        session = self.sessions.session()
        for statement in split_statements(read_cypher(STATEMENTS["schema"])):
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
        self._count(STATEMENTS["schema"], 0.0)

    def nodes(self, rows: GraphRows) -> None:
        groups: list[tuple[str, list[list[Any]]]] = [("Paper", rows.papers)]
        groups += [(label, rows.entities.get(label, [])) for label in ENTITY_LABELS]
        tasks = []
        for label, label_rows in groups:
            for batch in _batches(label_rows, self.batch_size):
                tasks.append(
                    (
                        label,
                        len(batch),
                        self._write(NODE_STATEMENTS[label], _params(rows=batch)),
                    )
                )
        results = self.sessions.run(task for _, _, task in tasks)
        for (label, size, _), (records, counters) in zip(tasks, results, strict=True):
            for node_id, eid, flag in records[0]["nodes"]:
                self.eids[node_id] = eid
                if flag:
                    (self.linked if label == "Paper" else self.fresh).add(node_id)
            self._tally(
                nodes_created=counters.nodes_created, nodes_updated=size - counters.nodes_created
            )
            self._advance(size)

    def links(self, rows: GraphRows) -> None:
        """Replace the MENTIONS and INTRODUCES of every paper in the graph, batch by batch."""
        with self._lock:
            for by_paper in rows.links.values():
                for targets in by_paper.values():
                    self.touched.update(link[0] for link in targets)

        def weight(paper_id: str) -> int:
            return sum(len(by_paper.get(paper_id, ())) for by_paper in rows.links.values())

        papers = [row[0] for row in rows.papers if weight(row[0]) or row[0] in self.linked]
        batches = list(_batches(papers, self.batch_size, lambda p: max(1, weight(p))))

        def task(batch: list[str]) -> Callable[[neo4j.Session], dict[str, Any]]:
            def run(session: neo4j.Session) -> dict[str, Any]:
                started = time.perf_counter()
                try:
                    return session.execute_write(self._replace_links, batch, rows)
                finally:
                    self._count("links", time.perf_counter() - started)

            return run

        for batch, stats in zip(batches, self.sessions.run(task(b) for b in batches), strict=True):
            replaced = min(stats["created"], stats["deleted"])
            self._tally(
                relationships_created=stats["created"] - replaced,
                relationships_updated=replaced,
                relationships_deleted=stats["deleted"] - replaced + stats["pairs_deleted"],
            )
            with self._lock:
                self.touched.update(stats["gone"])
            self._advance(sum(weight(p) for p in batch))

    def _replace_links(
        self, tx: neo4j.ManagedTransaction, batch: list[str], rows: GraphRows
    ) -> dict[str, Any]:
        """One transaction: fix the pairs of changed papers, drop old links, create new ones."""
        stats: dict[str, Any] = {"created": 0, "deleted": 0, "pairs_deleted": 0, "gone": set()}
        old_linked = [self.eids[p] for p in batch if p in self.linked]
        if old_linked:
            by_eid = {self.eids[p]: p for p in batch}
            unlink: set[tuple[str, str, str]] = set()
            self._count(STATEMENTS["read_mentions"], 0.0)
            result = tx.run(read_cypher(STATEMENTS["read_mentions"]), papers=old_linked)
            for record in result:
                paper_id = by_eid[record["eid"]]
                old = set(record["entities"])
                for gone in old - rows.mentioned(paper_id):
                    stats["gone"].add(gone)
                    for other in old - {gone}:
                        a, b = sorted((gone, other))
                        unlink.add((a, b, paper_id))
            if unlink:
                self._count(STATEMENTS["unlink_co_mentioned"], 0.0)
                summary = tx.run(
                    read_cypher(STATEMENTS["unlink_co_mentioned"]),
                    rows=[list(row) for row in sorted(unlink)],
                ).consume()
                stats["pairs_deleted"] += summary.counters.relationships_deleted
            self._count(STATEMENTS["delete_links"], 0.0)
            summary = tx.run(read_cypher(STATEMENTS["delete_links"]), papers=old_linked).consume()
            stats["deleted"] += summary.counters.relationships_deleted
        for rel_type, by_paper in rows.links.items():
            type_rows = [
                [self.eids[p], [[self.eids[link[0]], *link[1:]] for link in by_paper[p]]]
                for p in batch
                if p in by_paper
            ]
            if type_rows:
                self._count(REL_STATEMENTS[rel_type], 0.0)
                summary = tx.run(read_cypher(REL_STATEMENTS[rel_type]), rows=type_rows).consume()
                stats["created"] += summary.counters.relationships_created
        return stats

    def co_mentioned(self, rows: GraphRows) -> bool:
        """Create the new pairs and merge the others; return whether strengths were sent."""
        records, _ = self._one(STATEMENTS["count_co_mentioned"])
        first = records[0]["pairs"] == 0
        strengths = (
            association_strength({pair: len(p[0]) for pair, p in rows.pairs.items()})
            if first
            else {}
        )
        new: dict[str, list[list[Any]]] = {}
        maybe: dict[str, list[list[Any]]] = {}
        with self._lock:
            self.touched.update(a for pair in rows.pairs for a in pair)
        for (a, b), (papers, extra) in sorted(rows.pairs.items()):
            if a in self.fresh or b in self.fresh:
                new.setdefault(a, []).append(
                    [self.eids[b], len(papers), papers, strengths.get((a, b)), extra]
                )
            else:
                maybe.setdefault(a, []).append([self.eids[b], papers, extra])
        for statement, grouped in (
            (REL_STATEMENTS["CO_MENTIONED"], new),
            (STATEMENTS["merge_co_mentioned"], maybe),
        ):
            start_rows = [[self.eids[a], links] for a, links in grouped.items()]
            batches = list(_batches(start_rows, self.batch_size, lambda r: len(r[1])))
            tasks = (self._write(statement, _params(rows=batch)) for batch in batches)
            for batch, (_, counters) in zip(batches, self.sessions.run(tasks), strict=True):
                count = sum(len(row[1]) for row in batch)
                self._tally(
                    relationships_created=counters.relationships_created,
                    relationships_updated=count - counters.relationships_created,
                )
                self._advance(count)
        return first and not maybe

    def entity_counts(self) -> None:
        tasks = (
            self._write(STATEMENTS["entity_counts"], _params(entities=batch))
            for batch in _batches(sorted(self.touched), 5 * self.batch_size)
        )
        for _ in self.sessions.run(tasks):
            pass

    def recompute_strengths(self) -> None:
        """Recompute every pair's association strength (it depends on global totals)."""
        records, _ = self._one(STATEMENTS["read_co_mentioned"])
        current = {
            (r["a"], b): (weight, strength) for r in records for b, weight, strength in r["pairs"]
        }
        fresh = association_strength({pair: weight for pair, (weight, _) in current.items()})
        changed: dict[str, list[list[Any]]] = {}
        for (a, b), value in sorted(fresh.items()):
            if current[(a, b)][1] != value:
                changed.setdefault(a, []).append([b, value])
        start_rows = [[a, links] for a, links in changed.items()]
        tasks = (
            self._write(STATEMENTS["set_association_strength"], _params(rows=batch))
            for batch in _batches(start_rows, self.batch_size, lambda r: len(r[1]))
        )
        for _ in self.sessions.run(tasks):
            pass


def load_graph(
    graph: nx.MultiDiGraph,
    *,
    uri: str = DEFAULT_URI,
    username: str = DEFAULT_USERNAME,
    password: str = "",
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    workers: int = DEFAULT_WORKERS,
    retry_seconds: float = 30.0,
) -> LoadReport:
    """Load a graphbuild graph into Neo4j, idempotently and incrementally.

    Loading the same graph twice leaves the database unchanged; loading new papers adds
    them and updates weights, ``papers``, counts and association strengths as if everything
    had been loaded at once. A load cut short (killed, server gone) is safe to run again.

    Args:
        graph: the graph of the data model (as built, or read back from GraphML).
        uri: the server's ``bolt://`` or ``neo4j://`` address.
        username: the user.
        password: the password; never printed nor logged.
        database: the database, or None for the server's default.
        batch_size: relationships (or nodes) per transaction.
        progress: called as ``progress(done, total)`` after each batch.
        workers: sessions writing at once.
        retry_seconds: how long a batch is retried on transient errors.

    Returns:
        Counts of what was created and updated, the time taken and the rate.

    Raises:
        GraphbuildError: if the graph does not follow the data model.
        Neo4jError: if the server cannot be reached, refuses us, is older than 5.x, has no
            such database, or fails during the load.
    """
    started = time.perf_counter()
    with _gc_paused():
        rows, nodes = node_rows(graph)
        check_edges(graph, nodes)  # refuse a bad graph before writing (or connecting)
        total = graph.number_of_nodes() + graph.number_of_edges()
        driver, server = connect(uri, username, password, database, retry_seconds=retry_seconds)
        report = LoadReport(server=server)
        report.statements[STATEMENTS["server_version"]] += 1
        sessions = _Sessions(driver, database, workers)
        try:
            loader = _Loader(sessions, batch_size, progress, total, report)
            loader.schema()
            # The server merges the nodes while this thread turns the edges into rows.
            _alongside(lambda: loader.nodes(rows), lambda: add_edge_rows(graph, rows, nodes))
            # Links and pairs touch different relationships, so they are written at once: the
            # pairs a load unions in never involve the entities a reloaded paper dropped.
            sent = _alongside(lambda: loader.co_mentioned(rows), lambda: loader.links(rows))
            if not sent:
                loader.recompute_strengths()
            loader.entity_counts()
        except (nex.Neo4jError, nex.DriverError, OSError) as err:
            raise translate_error(err, uri, username, database) from err
        finally:
            sessions.close()
            driver.close()
    report.seconds = time.perf_counter() - started
    return report


# --------------------------------------------------------------------------- reading back


@dataclass(frozen=True)
class Snapshot:
    """A loaded database in canonical form: sorted nodes and relationships with properties."""

    #: (sorted labels, id, properties as sorted JSON)
    nodes: tuple[tuple[tuple[str, ...], str, str], ...]
    #: (type, start id, end id, properties as sorted JSON)
    relationships: tuple[tuple[str, str, str, str], ...]

    def label_counts(self) -> Counter[str]:
        """Return the number of nodes per label (an entity counts for :Entity and its type)."""
        return Counter(label for labels, _, _ in self.nodes for label in labels)

    def type_counts(self) -> Counter[str]:
        """Return the number of relationships per type."""
        return Counter(rel[0] for rel in self.relationships)

    def node(self, node_id: str) -> dict[str, Any]:
        """Return the properties of the node with this id (KeyError if absent)."""
        for _, nid, props in self.nodes:
            if nid == node_id:
                return dict(json.loads(props))
        raise KeyError(node_id)

    def relationship(self, rel_type: str, start: str, end: str) -> dict[str, Any]:
        """Return the properties of one relationship (KeyError if absent)."""
        for kind, a, b, props in self.relationships:
            if (kind, a, b) == (rel_type, start, end):
                return dict(json.loads(props))
        raise KeyError((rel_type, start, end))

    def checksum(self) -> str:
        """Return a SHA-256 of the sorted nodes and relationships with their properties."""
        digest = hashlib.sha256()
        for item in (*self.nodes, *self.relationships):
            digest.update(json.dumps(item, ensure_ascii=False).encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()


def snapshot(driver: neo4j.Driver, database: str | None = None) -> Snapshot:
    """Read every graphbuild node and relationship back, sorted, to compare two databases.

    Args:
        driver: a connected driver.
        database: the database, or None for the default one.

    Returns:
        The snapshot.
    """

    def canonical(props: Mapping[str, Any]) -> str:
        return json.dumps(props, sort_keys=True, ensure_ascii=False)

    with driver.session(database=database) as session:
        nodes = sorted(
            (tuple(sorted(r["labels"])), str(r["props"].get("id")), canonical(r["props"]))
            for r in session.run(read_cypher(CHECK_STATEMENTS["nodes"]))
        )
        rels = sorted(
            (r["type"], str(r["start"]), str(r["end"]), canonical(r["props"]))
            for r in session.run(read_cypher(CHECK_STATEMENTS["relationships"]))
        )
    return Snapshot(tuple(nodes), tuple(rels))
