"""Load a graphbuild graph into Neo4j: constraints first, then batched, idempotent writes.

:func:`write_graph` takes a connected driver (unit tests give it a recording fake and assert
the exact Cypher and parameters); :func:`load_graph` connects from settings and calls it.

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

import dataclasses
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import neo4j
import networkx as nx

from graphbuild.build import association_strength
from graphbuild.neo4j.connection import DRIVER_ERRORS, SERVER_VERSION, connect, translate_error
from graphbuild.neo4j.cypher import read_cypher, split_statements
from graphbuild.neo4j.rows import ENTITY_LABELS, GraphRows, add_edge_rows, check_edges, node_rows
from graphbuild.neo4j.sessions import Sessions, alongside, batches, gc_paused, params
from graphbuild.neo4j.settings import Neo4jSettings

DEFAULT_BATCH_SIZE = 5_000
"""Relationships (or nodes) per transaction. Measured on 2 cores with a 512 MB heap
(benchmarks/RESULTS-load.md): 3,000-5,000 is fastest; 1,000 pays a commit (a log flush) too
often, 20,000 costs the server more CPU per relationship (transaction state to hold)."""
DEFAULT_WORKERS = 2
"""Sessions writing at once: one batch is packed in Python while another is written."""

#: Node label -> statement that merges it.
NODE_STATEMENTS: dict[str, str] = {
    "Paper": "load/merge_paper",
    "Model": "load/merge_model",
    "Dataset": "load/merge_dataset",
    "Benchmark": "load/merge_benchmark",
    "Method": "load/merge_method",
}
#: Relationship type -> statement that creates it.
REL_STATEMENTS: dict[str, str] = {
    "MENTIONS": "load/create_mentions",
    "INTRODUCES": "load/create_introduces",
    "CO_MENTIONED": "load/create_co_mentioned",
}
#: The other statements of a load, by role.
STATEMENTS: dict[str, str] = {
    "schema": "schema",
    "server_version": SERVER_VERSION,
    "read_mentions": "load/read_mentions",
    "unlink_co_mentioned": "load/unlink_co_mentioned",
    "delete_links": "load/delete_links",
    "count_co_mentioned": "load/count_co_mentioned",
    "merge_co_mentioned": "load/merge_co_mentioned",
    "entity_counts": "load/entity_counts",
    "read_co_mentioned": "load/read_co_mentioned",
    "set_association_strength": "load/set_association_strength",
}

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each batch; units are nodes + relationships."""


def load_statement_names() -> set[str]:
    """Return the names of every statement a load runs (for the every-file-used test)."""
    return set(NODE_STATEMENTS.values()) | set(REL_STATEMENTS.values()) | set(STATEMENTS.values())


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


class _Loader:
    """One load: the sessions, the element ids, the report and the progress."""

    def __init__(
        self,
        sessions: Sessions,
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
            for batch in batches(label_rows, self.batch_size):
                tasks.append(
                    (
                        label,
                        len(batch),
                        self._write(NODE_STATEMENTS[label], params(rows=batch)),
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
        chunks = list(batches(papers, self.batch_size, lambda p: max(1, weight(p))))

        def task(batch: list[str]) -> Callable[[neo4j.Session], dict[str, Any]]:
            def run(session: neo4j.Session) -> dict[str, Any]:
                started = time.perf_counter()
                try:
                    return session.execute_write(self._replace_links, batch, rows)
                finally:
                    self._count("links", time.perf_counter() - started)

            return run

        for batch, stats in zip(chunks, self.sessions.run(task(b) for b in chunks), strict=True):
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
            chunks = list(batches(start_rows, self.batch_size, lambda r: len(r[1])))
            tasks = (self._write(statement, params(rows=batch)) for batch in chunks)
            for batch, (_, counters) in zip(chunks, self.sessions.run(tasks), strict=True):
                count = sum(len(row[1]) for row in batch)
                self._tally(
                    relationships_created=counters.relationships_created,
                    relationships_updated=count - counters.relationships_created,
                )
                self._advance(count)
        return first and not maybe

    def entity_counts(self) -> None:
        tasks = (
            self._write(STATEMENTS["entity_counts"], params(entities=batch))
            for batch in batches(sorted(self.touched), 5 * self.batch_size)
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
            self._write(STATEMENTS["set_association_strength"], params(rows=batch))
            for batch in batches(start_rows, self.batch_size, lambda r: len(r[1]))
        )
        for _ in self.sessions.run(tasks):
            pass


def write_graph(
    driver: neo4j.Driver,
    graph: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    workers: int = DEFAULT_WORKERS,
    server: str = "",
) -> LoadReport:
    """Write a graphbuild graph with a connected driver, idempotently and incrementally.

    Args:
        driver: a connected driver (the caller closes it).
        graph: the graph of the data model (as built, or read back from GraphML).
        database: the database, or None for the server's default.
        batch_size: relationships (or nodes) per transaction.
        progress: called as ``progress(done, total)`` after each batch.
        workers: sessions writing at once.
        server: the server's version string, for the report.

    Returns:
        Counts of what was created and updated, the time taken and the rate.

    Raises:
        GraphbuildError: if the graph does not follow the data model (nothing is written).
        neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError: from the driver.
    """
    started = time.perf_counter()
    with gc_paused():
        rows, nodes = node_rows(graph)
        check_edges(graph, nodes)  # refuse a bad graph before writing anything
        total = graph.number_of_nodes() + graph.number_of_edges()
        report = LoadReport(server=server)
        sessions = Sessions(driver, database, workers)
        try:
            loader = _Loader(sessions, batch_size, progress, total, report)
            loader.schema()
            # The server merges the nodes while this thread turns the edges into rows.
            alongside(lambda: loader.nodes(rows), lambda: add_edge_rows(graph, rows, nodes))
            # Links and pairs touch different relationships, so they are written at once: the
            # pairs a load unions in never involve the entities a reloaded paper dropped.
            sent = alongside(lambda: loader.co_mentioned(rows), lambda: loader.links(rows))
            if not sent:
                loader.recompute_strengths()
            loader.entity_counts()
        finally:
            sessions.close()
    report.seconds = time.perf_counter() - started
    return report


def load_graph(
    graph: nx.MultiDiGraph,
    settings: Neo4jSettings | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    workers: int = DEFAULT_WORKERS,
    retry_seconds: float = 30.0,
    **connection: Any,
) -> LoadReport:
    """Connect to Neo4j and load a graphbuild graph, idempotently and incrementally.

    Loading the same graph twice leaves the database unchanged; loading new papers adds
    them and updates weights, counts and association strengths as if everything had been
    loaded at once. A load cut short (killed, server gone) is safe to run again.

    Args:
        graph: the graph of the data model (as built, or read back from GraphML).
        settings: where and as whom to connect (default: the NEO4J_* environment).
        batch_size: relationships (or nodes) per transaction.
        progress: called as ``progress(done, total)`` after each batch.
        workers: sessions writing at once.
        retry_seconds: how long a batch is retried on transient errors.
        **connection: ``uri``, ``username``, ``password``, ``database`` overriding
            ``settings`` (None values are ignored).

    Returns:
        Counts of what was created and updated, the time taken and the rate.

    Raises:
        GraphbuildError: if the graph does not follow the data model.
        Neo4jError: if the server cannot be reached, refuses us, is older than 5.x, has no
            such database, or fails during the load.
    """
    settings = _settings(settings, connection)
    # Refuse a bad graph before connecting.
    with gc_paused():
        _, nodes = node_rows(graph)
        check_edges(graph, nodes)
    driver, server = connect(settings, retry_seconds=retry_seconds)
    try:
        report = write_graph(
            driver,
            graph,
            database=settings.database,
            batch_size=batch_size,
            progress=progress,
            workers=workers,
            server=server,
        )
    except DRIVER_ERRORS as err:
        raise translate_error(err, settings) from err
    finally:
        driver.close()
    report.statements[STATEMENTS["server_version"]] += 1
    return report


def _settings(settings: Neo4jSettings | None, overrides: dict[str, Any]) -> Neo4jSettings:
    """Return ``settings`` (or the environment's) with the non-None ``overrides`` applied."""
    if settings is None:
        return Neo4jSettings.from_env(**overrides)
    unknown = set(overrides) - {"uri", "username", "password", "database"}
    if unknown:
        raise TypeError(f"unknown Neo4j settings: {', '.join(sorted(unknown))}")
    values = {k: v for k, v in overrides.items() if v is not None}
    return dataclasses.replace(settings, **values) if values else settings
