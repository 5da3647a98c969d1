"""Load a graphbuild graph into Neo4j: constraints first, then batched, idempotent writes.

:func:`write_graph` takes a connected driver (unit tests give it a recording fake and assert
the exact Cypher and parameters); :func:`load_graph` connects from settings and calls it.

How loads stay correct when they overlap, are repeated, or are cut short:

* Loads are serialised by a lock the database holds: the first statement of a load writes
  the node ``(:GraphbuildLock {name: 'load'})`` in a transaction that stays open until the
  load ends (``load/take_lock.cypher``). A second loader waits there; a loader that dies
  releases the lock as soon as the server drops its connection.
* Papers and entities are merged on their ids (unique constraints on ``Paper.id`` and
  ``Entity.id``). ``sources`` and ``aliases`` are sorted unions over all loads.
* Papers, authors and venues are first looked up by every id kind they carry, so that a
  work two builds name differently (``arxiv:…`` here, ``openalex:…`` there) stays one
  node; a stub never downgrades a full paper (the rule: :mod:`graphbuild.neo4j.identity`).
* CITES, WROTE, PUBLISHED_IN and DRAWS_ON (the citation layer) are merged and accumulate
  over loads: ``citation_sources`` and ``entities`` are sorted unions; an author's or
  venue's ``paper_count`` is counted from the database.
* MENTIONS and INTRODUCES belong to their paper: each batch deletes the old links of its
  papers, creates the new ones and marks the papers ``pairs_pending``, in one transaction.
* Everything derived is recomputed from the MENTIONS in the database for the entities of
  the marked papers: CO_MENTIONED weights (the number of papers naming both ends; a pair
  stores nothing that grows with the corpus), ``paper_count``, ``mention_count``, the type
  (the one most of the entity's papers give; ties go to Model, Dataset, Benchmark, Method)
  and, over all pairs, the association strength. The marks are removed last, so a load
  killed at any point leaves marks that the next load completes.
* A first load (no Paper, Entity, Author or Venue in the database when it holds the lock,
  ``load/read_state.cypher``) has nothing to find, merge, replace or recompute: it creates
  its nodes and relationships and computes the pairs, counts and types from the graph, whose
  MENTIONS are then exactly the database's. It marks itself first, in a transaction of its
  own (``load/mark_first_load.cypher``), and removes the mark last; a load that finds the
  mark (a first load cut short) recomputes every entity's pairs, counts and type from the
  database, so a re-run ends in the database of one clean load.

How it is fast: rows are positional lists grouped by start node (one lookup per paper),
nodes are matched by the element ids the node merges returned, and batches of ~5,000
relationships run in two sessions at once so that Python packs one batch while the server
writes another. A first load also creates its entities and their CO_MENTIONED pairs in a
session of its own while the two create the papers: they share no node, so they never wait
for each other's locks, and the server has work while Python turns the edges into rows.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
import networkx as nx

from graphbuild.build import association_strength
from graphbuild.errors import Neo4jError
from graphbuild.neo4j.connection import DRIVER_ERRORS, SERVER_VERSION, connect, translate_error
from graphbuild.neo4j.cypher import read_cypher, split_statements
from graphbuild.neo4j.identity import (
    FIND_STATEMENTS,
    Found,
    Resolution,
    lookup_rows,
    parse_found,
    resolve,
)
from graphbuild.neo4j.lock import ENSURE_LOCK, TAKE_LOCK, consume, load_lock, retry_races
from graphbuild.neo4j.rows import (
    CITATION_LABELS,
    ENTITY_LABELS,
    REL_FIELDS,
    GraphRows,
    add_edge_rows,
    check_edges,
    node_rows,
)
from graphbuild.neo4j.sessions import Rows, Sessions, alongside, params, quiet, release
from graphbuild.neo4j.settings import Neo4jSettings
from graphbuild.runtime import batched, paused_gc

DEFAULT_BATCH_SIZE = 5_000
"""Relationships (or nodes) per transaction. Measured on 2 cores with a 512 MB heap
(benchmarks/RESULTS-load.md): 3,000-5,000 is fastest; 1,000 pays a commit (a log flush) too
often, 20,000 costs the server more CPU per relationship (transaction state to hold)."""
NODE_BATCH_TEXT = 2_000_000
"""Characters of property text per node transaction (at most ``batch_size`` nodes). Papers
carry their abstracts: 5,000 of them (10 MB) fill the 512 MB server's transaction memory,
two transactions at once run out of it and are retried, and the garbage collector works
hard; batches of ~2 MB write 100,000 papers 1.5-2x faster (benchmarks/RESULTS-load.md)."""
DEFAULT_RETRY_SECONDS = 30.0
"""How long a transaction is retried on transient errors (a deadlock, a server gone)."""
DEFAULT_WORKERS = 2
"""Sessions writing at once: one batch is packed in Python while another is written."""

#: Node label -> statement that merges it.
NODE_STATEMENTS: dict[str, str] = {
    "Paper": "load/merge_paper",
    "Model": "load/merge_model",
    "Dataset": "load/merge_dataset",
    "Benchmark": "load/merge_benchmark",
    "Method": "load/merge_method",
    "Author": "load/merge_author",
    "Venue": "load/merge_venue",
}
#: Relationship type -> statement that creates it (CO_MENTIONED is computed, not sent).
REL_STATEMENTS: dict[str, str] = {
    "MENTIONS": "load/create_mentions",
    "INTRODUCES": "load/create_introduces",
}
#: Citation relationship type -> statement that merges it (they accumulate over loads).
CITATION_STATEMENTS: dict[str, str] = {
    "CITES": "load/merge_cites",
    "WROTE": "load/merge_wrote",
    "PUBLISHED_IN": "load/merge_published_in",
    "DRAWS_ON": "load/merge_draws_on",
}
#: The attributes a first load's paper rows carry by position (``load/create_paper``),
#: after the id and sources; any other one travels in a map at the end of the row.
PAPER_FIELDS: tuple[str, ...] = (
    "title",
    "abstract",
    "norm_title",
    "authors",
    "date",
    "year",
    "doi",
    "arxiv_id",
    "url",
    "listing_date",
    "openalex_id",
    "referenced_only",
)
_PAPER_FIELD_SET = frozenset(PAPER_FIELDS)
#: The other statements of a load, by role.
STATEMENTS: dict[str, str] = {
    "schema": "schema",
    "server_version": SERVER_VERSION,
    "ensure_lock": ENSURE_LOCK,
    "take_lock": TAKE_LOCK,
    "read_links": "load/read_links",
    "delete_links": "load/delete_links",
    "mark_pending": "load/mark_pending",
    "read_pending": "load/read_pending",
    "compute_co_mentioned": "load/compute_co_mentioned",
    "read_co_mentioned": "load/read_co_mentioned",
    "create_co_mentioned": "load/create_co_mentioned",
    "update_co_mentioned": "load/update_co_mentioned",
    "delete_co_mentioned": "load/delete_co_mentioned",
    "entity_counts": "load/entity_counts",
    "clear_pending": "load/clear_pending",
    "citation_counts": "load/citation_counts",
    "read_state": "load/read_state",
    "mark_first_load": "load/mark_first_load",
    "clear_first_load": "load/clear_first_load",
    "create_paper": "load/create_paper",
    "create_entities": "load/create_entities",
    "read_entities": "load/read_entities",
}
#: Schema statements that create nothing new are not run again: they would take schema
#: locks while another load may hold the load lock.
SHOW_SCHEMA = ("SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name")
#: Papers whose pending marks one transaction of load/clear_pending.cypher removes.
CLEAR_BATCH = 10_000

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each batch; units are nodes + relationships."""


def load_statement_names() -> set[str]:
    """Return the names of every statement a load runs (for the every-file-used test)."""
    return (
        set(NODE_STATEMENTS.values())
        | set(REL_STATEMENTS.values())
        | set(CITATION_STATEMENTS.values())
        | set(FIND_STATEMENTS.values())
        | set(STATEMENTS.values())
    )


@dataclass
class LoadReport:
    """What a load did, for the run summary."""

    nodes_created: int = 0
    nodes_updated: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_deleted: int = 0
    seconds: float = 0.0
    #: seconds spent waiting for another load to finish (the load lock)
    waited: float = 0.0
    #: nodes of the graph written onto an existing node with another id (a shared id kind)
    nodes_matched: int = 0
    #: id values not written because another node holds them (graphbuild/neo4j/identity.py)
    ids_held_elsewhere: int = 0
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
            + (f" (waited {self.waited:.1f} s for another load)" if self.waited >= 0.5 else "")
            + (f"; {self.nodes_matched} nodes found by a shared id" if self.nodes_matched else "")
            + (
                f"; {self.ids_held_elsewhere} id values left out (held by another node)"
                if self.ids_held_elsewhere
                else ""
            )
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
        #: papers whose stub row went onto a full paper: their links are left alone
        self.keep_links: set[str] = set()
        #: element ids of the authors and venues of this load (their paper_count)
        self.counted: list[str] = []
        #: a first load: the database held no graphbuild node when the lock was taken
        self.first = False
        #: a first load was cut short: every entity's pairs, counts and type are recomputed
        self.recover = False
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
        self, name: str, make_params: Callable[[], dict[str, Any]], *, read: bool = False
    ) -> Callable[[neo4j.Session], tuple[list[neo4j.Record], Any]]:
        """Return a task running one statement in a managed write (or read) transaction.

        The parameters are built inside the task, in the worker thread; the transaction is
        retried on transient errors, so each statement must be safe to replay.
        """
        query = read_cypher(name)

        def work(
            tx: neo4j.ManagedTransaction, params: dict[str, Any]
        ) -> tuple[list[neo4j.Record], Any]:
            sent = quiet(params)
            try:
                result = tx.run(query, sent)
                records = list(result)
                return records, result.consume().counters
            finally:
                release(sent)

        def task(session: neo4j.Session) -> tuple[list[neo4j.Record], Any]:
            started = time.perf_counter()
            try:
                if read:
                    return session.execute_read(work, make_params())
                return session.execute_write(work, make_params())
            finally:
                self._count(name, time.perf_counter() - started)

        return task

    def _one(self, name: str, **values: Any) -> tuple[list[neo4j.Record], Any]:
        """Run one statement in one transaction, in this thread's session."""
        return self._write(name, lambda: values)(self.sessions.session())

    # -- phases

    def schema(self) -> None:
        """Create the constraints and indexes that do not exist yet."""
        started = time.perf_counter()
        session = self.sessions.session()
        existing = {record["name"] for show in SHOW_SCHEMA for record in session.run(show)}
        created = False
        for statement in split_statements(read_cypher(STATEMENTS["schema"])):
            match = re.search(r"CREATE\s+(?:CONSTRAINT|INDEX)\s+(\w+)", statement)
            if match and match.group(1) in existing:
                continue
            try:
                retry_races(functools.partial(consume, session, statement))
            except neo4j.exceptions.Neo4jError as err:
                if "ConstraintCreationFailed" not in (err.code or ""):
                    raise
                # Duplicates written before the constraint existed (e.g. two papers with one
                # DOI from loads by a version that did not match papers by their ids).
                reason = " ".join(str(err.message).split()).rstrip(".")
                raise Neo4jError(
                    f"cannot create the unique constraint {match.group(1) if match else ''}: "
                    f"{reason}; merge or delete the duplicate nodes (or load into an empty "
                    "database), then load again"
                ) from None
            created = True
        if created:
            session.run("CALL db.awaitIndexes(300)").consume()
        self._count(STATEMENTS["schema"], time.perf_counter() - started)

    def state(self) -> None:
        """Read, under the load lock, whether this is a first load (an empty database) and
        whether a first load was cut short; mark a first load before anything is written."""
        records, _ = self._one(STATEMENTS["read_state"])
        self.first = bool(records[0]["empty"])
        self.recover = bool(records[0]["first_load"]) and not self.first
        if self.first:
            self._one(STATEMENTS["mark_first_load"])

    def identify(self, rows: GraphRows) -> dict[str, Resolution]:
        """Find the existing papers, authors and venues of the graph by their ids (read
        transactions, under the load lock) and apply the rule of :mod:`identity`.

        A first load finds nothing, so it asks nothing (the rule still keeps an id value
        that two nodes of the graph share on one of them)."""
        groups = [("Paper", rows.papers)]
        groups += [(label, rows.citation_nodes.get(label, [])) for label in CITATION_LABELS]
        tasks = []
        for label, label_rows in groups if not self.first else ():
            for batch in batched(label_rows, self.batch_size):
                lookup = lookup_rows(label, batch)
                tasks.append(
                    (label, self._write(FIND_STATEMENTS[label], params(rows=lookup), read=True))
                )
        found: dict[str, dict[str, list[Found]]] = {label: {} for label, _ in groups}
        results = self.sessions.run(task for _, task in tasks)
        for (label, _), (records, _) in zip(tasks, results, strict=True):
            for record in records:
                found[label][record["id"]] = parse_found(label, record["found"])
        resolutions = {
            label: resolve(label, label_rows, found[label]) for label, label_rows in groups
        }
        for label, label_rows in groups:
            resolution = resolutions[label]
            self._tally(
                nodes_matched=sum(
                    1 for row in label_rows if resolution.targets[row[0]].node_id != row[0]
                ),
                ids_held_elsewhere=len(resolution.held_elsewhere),
            )
        return resolutions

    def nodes(self, rows: GraphRows, started: Callable[[], None] | None = None) -> None:
        """Merge the papers, entities, authors and venues; remember their element ids.

        Papers, authors and venues go onto the existing node that shares an id kind
        (:meth:`identify`); the element ids are kept under the graph's ids. A first load
        creates its papers (``load/create_paper``) and leaves the entities to
        :meth:`first_entities`, which needs the edge rows. The rows of a batch are made when
        the sessions ask for it, so the first batches go out at once; ``started`` is called
        once every session has one.
        """
        resolutions = self.identify(rows)
        groups: list[tuple[str, Iterable[list[Any]]]] = []
        back: dict[str, dict[str, str]] = {}  # label -> node id -> graph id
        for label, label_rows in (("Paper", rows.papers), *rows.citation_nodes.items()):
            targets = resolutions[label].targets
            groups.append((label, self._node_rows(label, label_rows, targets)))
            back[label] = {targets[row[0]].node_id: row[0] for row in label_rows}
        if not self.first:
            groups += [(label, rows.entities.get(label, [])) for label in ENTITY_LABELS]
        self._write_nodes(groups, back, started=started)

    def _node_rows(
        self, label: str, label_rows: list[list[Any]], targets: dict[str, Any]
    ) -> Iterator[list[Any]]:
        """Yield the statement rows of one label's nodes (see :meth:`nodes`)."""
        for row in label_rows:
            target = targets[row[0]]
            if label == "Paper" and self.first:
                yield _paper_row(target.node_id, row[2], target.props)
            elif label == "Paper":
                record = row[1].get("referenced_only") is not True
                if target.onto_full:
                    self.keep_links.add(row[0])
                yield [target.node_id, target.props, row[2], record]
            else:
                yield [target.node_id, target.props]

    def _write_nodes(
        self,
        groups: list[tuple[str, Iterable[list[Any]]]],
        back: dict[str, dict[str, str]],
        *,
        serial: bool = False,
        started: Callable[[], None] | None = None,
    ) -> None:
        """Write the node rows of each label in batches; keep the element ids they return.

        ``serial``: in this thread's session, one batch after the other (the sessions of the
        pool may be busy with other nodes meanwhile). Batches are made as they are asked
        for; ``started`` is called once each session has been given one (or all are made).
        """
        made: list[tuple[str, int]] = []  # label and size of each batch made so far
        floor = max(1, NODE_BATCH_TEXT // self.batch_size)  # so that batch_size stays the cap
        workers = 1 if serial else self.sessions.workers

        def tasks() -> Iterator[Callable[[neo4j.Session], tuple[list[neo4j.Record], Any]]]:
            for label, label_rows in groups:
                statement = NODE_STATEMENTS.get(label, "")
                if self.first and label == "Paper":
                    statement = STATEMENTS["create_paper"]
                elif self.first and label == "Entity":
                    statement = STATEMENTS["create_entities"]
                # A first load's paper rows are positional (_paper_row), others [id, props, ...].
                positional = statement == STATEMENTS["create_paper"]
                weight = functools.partial(_row_weight, floor, positional)
                for batch in batched(label_rows, NODE_BATCH_TEXT, weight):
                    made.append((label, len(batch)))
                    yield self._write(statement, params(rows=batch))
                    if len(made) == workers and started is not None:
                        started()
            if started is not None:
                started()

        if serial:
            results: Iterable[tuple[list[neo4j.Record], Any]] = (
                task(self.sessions.session()) for task in tasks()
            )
        else:
            results = self.sessions.run(tasks())
        for index, (records, counters) in enumerate(results):
            label, size = made[index]
            for item in records[0]["nodes"]:
                graph_id = back[label][item[0]] if label in back else item[0]
                self.eids[graph_id] = item[1]
                if label == "Paper" and len(item) > 2 and item[2]:
                    self.linked.add(graph_id)
                elif label in CITATION_LABELS:
                    self.counted.append(item[1])
            self._tally(
                nodes_created=counters.nodes_created, nodes_updated=size - counters.nodes_created
            )
            self._advance(size)

    def first_entities(self, rows: GraphRows) -> None:
        """Create the entities of a first load with their counts and type.

        The database holds exactly the graph's MENTIONS afterwards, so the values
        ``load/entity_counts`` would compute from them are computed here, the same way:
        paper_count and mention_count, and the type most of the entity's papers give it
        (ties to the earlier of :data:`ENTITY_LABELS`; the graph's type when none does).
        """
        papers: Counter[str] = Counter()
        mentions: Counter[str] = Counter()
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for links in rows.links["MENTIONS"].values():
            for link in links:
                papers[link[0]] += 1
                mentions[link[0]] += link[1] or 0
                votes[link[0]][link[5]] += 1
        created = []
        for label in ENTITY_LABELS:
            for row in rows.entities.get(label, []):
                best = label
                if row[0] in votes:
                    # Strictly more votes wins, so a tie keeps the earlier type.
                    best = max(
                        ENTITY_LABELS, key=lambda t: (votes[row[0]][t], -ENTITY_LABELS.index(t))
                    )
                created.append([*row, best, papers[row[0]], mentions[row[0]]])
        created.sort(key=lambda row: row[0])
        self._write_nodes([("Entity", created)], {}, serial=True)

    def links(self, rows: GraphRows) -> None:
        """Replace the MENTIONS and INTRODUCES of every paper in the graph, batch by batch."""

        weights: Counter[str] = Counter()
        for by_paper in rows.links.values():
            for paper_id, links in by_paper.items():
                weights[paper_id] += len(links)

        def weight(paper_id: str) -> int:
            return weights[paper_id]

        papers = [
            row[0]
            for row in rows.papers
            if (weight(row[0]) or row[0] in self.linked) and row[0] not in self.keep_links
        ]
        chunks = list(batched(papers, self.batch_size, lambda p: max(1, weight(p))))

        def task(batch: list[str]) -> Callable[[neo4j.Session], dict[str, int]]:
            def run(session: neo4j.Session) -> dict[str, int]:
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
                relationships_updated=replaced + stats["unchanged"],
                relationships_deleted=stats["deleted"] - replaced,
            )
            self._advance(sum(weight(p) for p in batch))

    def _replace_links(
        self, tx: neo4j.ManagedTransaction, batch: list[str], rows: GraphRows
    ) -> dict[str, int]:
        """One transaction: drop the old links of the changed papers of a batch, create the
        new ones and mark the papers for the recomputation of what depends on them."""
        stats = {"created": 0, "deleted": 0, "unchanged": 0}
        dropped: dict[str, list[str]] = {}
        unchanged: set[str] = set()
        old_linked = [self.eids[p] for p in batch if p in self.linked]
        if old_linked:
            by_eid = {self.eids[p]: p for p in batch}
            self._count(STATEMENTS["read_links"], 0.0)
            sent = {"papers": Rows(old_linked)}
            result = tx.run(read_cypher(STATEMENTS["read_links"]), sent)
            for record in result:
                paper_id = by_eid[record["eid"]]
                old = {"MENTIONS": record["mentions"], "INTRODUCES": record["introduces"]}
                if all(
                    _same_links(old[rel_type], by_paper.get(paper_id, ()), rel_type)
                    for rel_type, by_paper in rows.links.items()
                ):
                    unchanged.add(paper_id)
                    stats["unchanged"] += sum(len(links) for links in old.values())
                    continue
                gone = {link[0] for link in old["MENTIONS"]} - rows.mentioned(paper_id)
                dropped[paper_id] = sorted(gone)
            release(sent)
            changed = [eid for eid in old_linked if by_eid[eid] not in unchanged]
            if changed:
                self._count(STATEMENTS["delete_links"], 0.0)
                sent = {"papers": Rows(changed)}
                summary = tx.run(read_cypher(STATEMENTS["delete_links"]), sent).consume()
                release(sent)
                stats["deleted"] += summary.counters.relationships_deleted
        batch = [p for p in batch if p not in unchanged]
        if not batch:
            return stats
        for rel_type, by_paper in rows.links.items():
            type_rows = [
                [self.eids[p], [[self.eids[link[0]], *link[1:]] for link in by_paper[p]]]
                for p in batch
                if p in by_paper
            ]
            if type_rows:
                self._count(REL_STATEMENTS[rel_type], 0.0)
                sent = {"rows": Rows(type_rows)}
                summary = tx.run(read_cypher(REL_STATEMENTS[rel_type]), sent).consume()
                release(sent)
                stats["created"] += summary.counters.relationships_created
        if self.first:
            return stats  # no marks: a first load cut short is recovered as a whole
        self._count(STATEMENTS["mark_pending"], 0.0)
        sent = {"rows": Rows([self.eids[p], dropped.get(p, [])] for p in batch)}
        tx.run(read_cypher(STATEMENTS["mark_pending"]), sent).consume()
        release(sent)
        return stats

    def citations(self, rows: GraphRows) -> None:
        """Merge the CITES, WROTE, PUBLISHED_IN and DRAWS_ON of the graph, then recompute the
        paper_count of its authors and venues from the database.

        One session: a MERGE locks both ends, and a much-cited paper is the end of many
        batches (two sessions would deadlock on it).
        """
        serial = self.sessions.session()
        for rel_type, by_start in rows.citations.items():
            start_rows = [
                [self.eids[start], [[self.eids[link[0]], *link[1:]] for link in links]]
                for start, links in sorted(by_start.items())
            ]
            for batch in batched(start_rows, self.batch_size, lambda row: len(row[1])):
                size = sum(len(row[1]) for row in batch)
                statement = CITATION_STATEMENTS[rel_type]
                _, counters = self._write(statement, params(rows=batch))(serial)
                created = counters.relationships_created
                self._tally(relationships_created=created, relationships_updated=size - created)
                self._advance(size)
        for counted in batched(self.counted, 5 * self.batch_size):
            self._write(STATEMENTS["citation_counts"], params(nodes=counted))(serial)

    def affected(self) -> list[tuple[str, str, int]]:
        """Return (id, element id, MENTIONS) of every entity of a marked paper, by id; of
        every entity when a first load was cut short."""
        records, _ = self._one(STATEMENTS["read_entities" if self.recover else "read_pending"])
        return [(r["id"], r["eid"], int(r["papers"])) for r in records]

    def first_co_mentioned(self, rows: GraphRows) -> None:
        """Create the pairs of a first load from the graph's MENTIONS: the database holds
        exactly those and no pair, so the weights and association strengths that
        :meth:`co_mentioned` would compute from the database are computed here. Written in
        this thread's session: the pairs need only the entities, not the MENTIONS."""
        weights: Counter[tuple[str, str]] = Counter()
        for links in rows.links["MENTIONS"].values():
            weights.update(itertools.combinations(sorted({link[0] for link in links}), 2))
        strengths = association_strength(weights)
        eids, extras = self.eids, rows.pair_extras
        create: dict[str, list[list[Any]]] = {}
        for (a, b), weight in sorted(weights.items()):
            create.setdefault(eids[a], []).append(
                [eids[b], weight, strengths[(a, b)], extras.get((a, b))]
            )
        created = len(weights)
        self._write_pairs(create, [], [])
        self._tally(relationships_updated=max(0, rows.co_mentioned - created))
        self._advance(rows.co_mentioned)

    def co_mentioned(
        self,
        affected: list[tuple[str, str, int]],
        pairs_in_graph: int,
        extras: dict[tuple[str, str], dict[str, Any]] | None = None,
    ) -> None:
        """Bring the pairs of the affected entities, and every association strength, up to date.

        The pairs starting at each affected entity are computed from MENTIONS (read
        transactions, in batches of about ``batch_size`` MENTIONS so that a hub entity gets
        one of its own) and compared with every pair in the database; only the pairs that
        are new, changed or no longer supported are written.
        """
        chunks = list(batched(affected, self.batch_size, lambda item: max(1, item[2])))
        tasks = (
            self._write(
                STATEMENTS["compute_co_mentioned"],
                params(entities=[item[1] for item in chunk]),
                read=True,
            )
            for chunk in chunks
        )
        computed: dict[str, list[list[Any]]] = {}
        for records, _ in self.sessions.run(tasks):
            for record in records:
                computed[record["eid"]] = record["pairs"]
        records, _ = self._one(STATEMENTS["read_co_mentioned"])
        # (start, end) element ids -> [weight, association strength, relationship element id]
        current: dict[tuple[str, str], list[Any]] = {}
        duplicates: list[str] = []
        for record in records:
            a = record["a"]
            for b, weight, strength, rel in record["pairs"]:
                if (a, b) in current:
                    duplicates.append(rel)
                else:
                    current[(a, b)] = [weight, strength, rel]
        weights = {pair: values[0] for pair, values in current.items() if pair[0] not in computed}
        for a, pairs in computed.items():
            weights.update(((a, b), weight) for b, weight in pairs)
        strengths = association_strength(weights)
        # The graph's further pair attributes, by element ids (either direction).
        by_eid: dict[tuple[str, str], dict[str, Any]] = {}
        for (x, y), further in (extras or {}).items():
            if x in self.eids and y in self.eids:
                by_eid[(self.eids[x], self.eids[y])] = further
                by_eid[(self.eids[y], self.eids[x])] = further
        create: dict[str, list[list[Any]]] = {}
        update: list[list[Any]] = []
        for (a, b), weight in sorted(weights.items()):
            strength = strengths[(a, b)]
            extra = by_eid.get((a, b))
            old = current.get((a, b))
            if old is None:
                create.setdefault(a, []).append([b, weight, strength, extra])
            elif old[0] != weight or old[1] != strength or extra:
                update.append([old[2], weight, strength, extra])
        delete = sorted(duplicates + [v[2] for p, v in current.items() if p not in weights])
        created = sum(len(links) for links in create.values())
        self._write_pairs(create, update, delete)
        # The graph's pairs that existed count as updated (written again or confirmed).
        self._tally(relationships_updated=max(0, pairs_in_graph - created))
        self._advance(pairs_in_graph)

    def _write_pairs(
        self, create: dict[str, list[list[Any]]], update: list[list[Any]], delete: list[str]
    ) -> None:
        """Write the pair changes. Deletes and creates lock both end nodes, so they run in one
        session (two at once would deadlock on hub entities); updates lock only the pair."""
        serial = self.sessions.session()
        for chunk in batched(delete, self.batch_size):
            _, counters = self._write(
                STATEMENTS["delete_co_mentioned"], params(relationships=chunk)
            )(serial)
            self._tally(relationships_deleted=counters.relationships_deleted)
        start_rows = [[a, links] for a, links in create.items()]
        for batch in batched(start_rows, self.batch_size, lambda row: len(row[1])):
            _, counters = self._write(STATEMENTS["create_co_mentioned"], params(rows=batch))(serial)
            self._tally(relationships_created=counters.relationships_created)
        tasks = (
            self._write(STATEMENTS["update_co_mentioned"], params(rows=batch))
            for batch in batched(update, self.batch_size)
        )
        for _ in self.sessions.run(tasks):
            pass

    def entity_counts(self, entities: list[str]) -> None:
        """Recompute the counts and the type of these entities from their MENTIONS."""
        tasks = (
            self._write(STATEMENTS["entity_counts"], params(entities=batch))
            for batch in batched(entities, 5 * self.batch_size)
        )
        for _ in self.sessions.run(tasks):
            pass

    def clear_pending(self) -> None:
        """Remove the marks of the papers whose derived values are now written, then the
        mark of a first load (this one, or one cut short)."""
        while not self.first:
            records, _ = self._one(STATEMENTS["clear_pending"], limit=CLEAR_BATCH)
            if int(records[0]["cleared"]) < CLEAR_BATCH:
                break
        if self.first or self.recover:
            self._one(STATEMENTS["clear_first_load"])


def _paper_row(node_id: str, sources: list[str], props: dict[str, Any]) -> list[Any]:
    """Return the positional row of ``load/create_paper`` for a paper of a first load.

    What merge_paper leaves on a new node: a record has no referenced_only (a stub has it
    true). The attributes of :data:`PAPER_FIELDS` go by position (None: not written), any
    other in a map at the end (None when there is none).
    """
    row = [node_id, sources, *map(props.get, PAPER_FIELDS)]
    if row[-1] is not True:
        row[-1] = None
    extra = None
    if not _PAPER_FIELD_SET.issuperset(props):
        extra = {k: v for k, v in props.items() if k not in _PAPER_FIELD_SET}
    row.append(extra)
    return row


def _row_weight(floor: int, positional: bool, row: list[Any]) -> int:
    """Return the weight of a node row in a batch: its text, at least ``floor``."""
    return max(floor, _text_size(row if positional else row[1].values()))


def _text_size(values: Iterable[Any]) -> int:
    """Return the characters of text in a node's property values (None counts 0: a value
    not written; other values count 8)."""
    size = 0
    for value in values:
        kind = type(value)
        if kind is str:
            size += len(value)
        elif value is None:
            continue
        elif kind is list:
            size += sum([len(item) if type(item) is str else 8 for item in value])
        else:
            size += 8
    return size


def _same_links(old: list[list[Any]], new: Any, rel_type: str) -> bool:
    """Return whether a paper's links in the database (``[entity id, properties]``) are the
    links of its rows (``[entity id, *fields, extra]``)."""
    if len(old) != len(new):
        return False
    fields = REL_FIELDS[rel_type]
    wanted = []
    for link in new:
        props = {
            name: value for name, value in zip(fields, link[1:-1], strict=True) if value is not None
        }
        props.update(link[-1] or {})
        wanted.append((link[0], props))
    key = lambda item: (item[0], sorted(item[1].items(), key=repr))  # noqa: E731
    return sorted(((e, dict(p)) for e, p in old), key=key) == sorted(wanted, key=key)


def write_graph(
    driver: neo4j.Driver,
    graph: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    workers: int = DEFAULT_WORKERS,
    server: str = "",
    checked: tuple[GraphRows, dict[Any, tuple[str, str]]] | None = None,
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
        checked: the graph's :func:`~graphbuild.neo4j.rows.node_rows`, its edges already
            checked (:func:`~graphbuild.neo4j.rows.check_edges`), when the caller has them.

    Returns:
        Counts of what was created and updated, the time taken and the rate.

    Raises:
        GraphbuildError: if the graph does not follow the data model (nothing is written).
        neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError: from the driver.
    """
    started = time.perf_counter()
    with paused_gc():
        if checked is None:
            checked = node_rows(graph)
            check_edges(graph, checked[1])  # refuse a bad graph before writing anything
        rows, nodes = checked
        total = graph.number_of_nodes() + len(graph.edges)  # number_of_edges sums degrees: slow
        report = LoadReport(server=server)
        sessions = Sessions(driver, database, workers)
        try:
            loader = _Loader(sessions, batch_size, progress, total, report)
            loader.schema()
            with load_lock(driver, database, report):
                loader.state()
                if loader.first:
                    papers_started = threading.Event()

                    def papers() -> None:
                        try:
                            loader.nodes(rows, started=papers_started.set)
                        finally:
                            papers_started.set()

                    def entities_and_pairs() -> None:
                        # Once each session has its first papers: the server starts at once
                        # and this Python does not hold up the rows of those batches.
                        papers_started.wait()
                        add_edge_rows(graph, rows, nodes)
                        loader.first_entities(rows)
                        loader.first_co_mentioned(rows)

                    # The sessions create the papers while this thread turns the edges into
                    # rows and creates the entities and their pairs in a session of its own
                    # (no node in common, so no lock either: the server works on both).
                    alongside(papers, entities_and_pairs)
                    loader.links(rows)
                    loader.citations(rows)
                else:
                    # The server merges the nodes while this thread turns the edges into rows.
                    alongside(lambda: loader.nodes(rows), lambda: add_edge_rows(graph, rows, nodes))
                    loader.links(rows)
                    loader.citations(rows)
                    affected = loader.affected()
                    loader.co_mentioned(affected, rows.co_mentioned, rows.pair_extras)
                    entities = {row[0] for rows_ in rows.entities.values() for row in rows_}
                    loader.entity_counts(sorted(entities.union(item[0] for item in affected)))
                loader.clear_pending()
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
    retry_seconds: float = DEFAULT_RETRY_SECONDS,
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
    started = time.perf_counter()
    settings = _settings(settings, connection)
    # One pause of the collector for the whole load (each resume costs a full pass).
    with paused_gc():
        # Refuse a bad graph before connecting (the rows are the load's: built once).
        checked = node_rows(graph)
        check_edges(graph, checked[1])
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
                checked=checked,
            )
        except DRIVER_ERRORS as err:
            raise translate_error(err, settings) from err
        finally:
            driver.close()
        # Freed before the collector resumes, which would otherwise pass over every row.
        del checked
    report.statements[STATEMENTS["server_version"]] += 1
    report.seconds = time.perf_counter() - started  # the whole load, checks and connection
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
