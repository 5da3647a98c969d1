"""The loader against a recording fake driver: the exact Cypher and parameters, no server.

The fake answers each statement (found by its text) from a small in-memory description of
the database, records every call, and checks the transaction protocol (the lock is taken
first and rolled back last). Integration tests run the same loads against a real Neo4j.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import networkx as nx
import pytest

from graphbuild.build import association_strength
from graphbuild.neo4j import loader
from graphbuild.neo4j.cypher import read_cypher, split_statements
from graphbuild.neo4j.identity import FIND_STATEMENTS
from graphbuild.neo4j.loader import (
    CITATION_STATEMENTS,
    NODE_STATEMENTS,
    PAPER_FIELDS,
    REL_STATEMENTS,
    STATEMENTS,
    write_graph,
)

#: Statement text -> name, for every statement the loader may run.
NAMES = {
    read_cypher(name): name
    for name in {
        *NODE_STATEMENTS.values(),
        *REL_STATEMENTS.values(),
        *CITATION_STATEMENTS.values(),
        *FIND_STATEMENTS.values(),
        *STATEMENTS.values(),
    }
}
SCHEMA = split_statements(read_cypher("schema"))
#: The names of every schema statement.
SCHEMA_NAMES = {re.search(r"CREATE \w+ (\w+)", s).group(1) for s in SCHEMA}


def eid(node_id: str) -> str:
    return f"eid:{node_id}"


def counters(**values: int) -> SimpleNamespace:
    base = {"nodes_created": 0, "relationships_created": 0, "relationships_deleted": 0}
    return SimpleNamespace(**{**base, **values})


class Result:
    def __init__(self, records: list[dict[str, Any]], stats: SimpleNamespace):
        self.records = records
        self.stats = stats

    def __iter__(self):
        return iter(self.records)

    def consume(self) -> SimpleNamespace:
        return SimpleNamespace(counters=self.stats)


@dataclass
class FakeDatabase:
    """What the fake server knows; every statement run is appended to ``calls``."""

    schema: set[str] = field(default_factory=set)
    linked: dict[str, list[str]] = field(default_factory=dict)  # paper -> entities now
    #: graph node id -> what load/find_* answers for it ([key, id, keys, ids] items)
    found: dict[str, list[list[Any]]] = field(default_factory=dict)
    pending: list[dict[str, Any]] = field(default_factory=list)
    computed: dict[str, list[list[Any]]] = field(default_factory=dict)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    fail_on: str | None = None
    #: load/read_state: no graphbuild node (a first load), a first load cut short
    empty: bool = False
    first_load: bool = False
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    rolled_back: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    def params(self, name: str) -> list[dict[str, Any]]:
        return [params for called, params in self.calls if called == name]

    def answer(self, query: str, params: dict[str, Any]) -> Result:
        # Recorded as sent: the driver packs the lists when the statement runs, and the loader
        # empties its rows once it has run (sessions.release).
        params = {k: list(v) if isinstance(v, list) else v for k, v in params.items()}
        if query.startswith("SHOW "):
            self.calls.append((query, params))
            return Result([{"name": name} for name in sorted(self.schema)], counters())
        name = NAMES.get(query, query)
        self.calls.append((name, params))
        if name == self.fail_on:
            raise OSError("connection reset")
        if name == "load/read_state":
            return Result([{"empty": self.empty, "first_load": self.first_load}], counters())
        if name == "load/read_entities":
            return Result(self.pending, counters())
        if name == "load/create_paper":
            nodes = [[r[0], eid(r[0])] for r in params["rows"]]
            return Result([{"nodes": nodes}], counters(nodes_created=len(nodes)))
        if name == "load/create_entities":
            nodes = [[r[0], eid(r[0])] for r in params["rows"]]
            return Result([{"nodes": nodes}], counters(nodes_created=len(nodes)))
        if name == "load/merge_paper":
            nodes = [[r[0], eid(r[0]), r[0] in self.linked] for r in params["rows"]]
            return Result([{"nodes": nodes}], counters(nodes_created=len(nodes)))
        if name in FIND_STATEMENTS.values():
            records = [
                {"id": r["id"], "found": self.found[r["id"]]}
                for r in params["rows"]
                if r["id"] in self.found
            ]
            return Result(records, counters())
        if name in NODE_STATEMENTS.values():
            nodes = [[r[0], eid(r[0])] for r in params["rows"]]
            return Result([{"nodes": nodes}], counters(nodes_created=len(nodes)))
        if name == "load/read_links":
            by_eid = {eid(p): p for p in self.linked}
            records = [
                {
                    "eid": e,
                    "mentions": [[entity, {"count": 1}] for entity in self.linked[by_eid[e]]],
                    "introduces": [],
                }
                for e in params["papers"]
            ]
            return Result(records, counters())
        if name == "load/delete_links":
            gone = sum(len(self.linked[p[4:]]) for p in params["papers"])
            return Result([], counters(relationships_deleted=gone))
        if name in (*REL_STATEMENTS.values(), *CITATION_STATEMENTS.values()) or name == (
            "load/create_co_mentioned"
        ):
            made = sum(len(row[1]) for row in params["rows"])
            return Result([], counters(relationships_created=made))
        if name == "load/read_pending":
            return Result(self.pending, counters())
        if name == "load/compute_co_mentioned":
            records = [{"eid": e, "pairs": self.computed.get(e, [])} for e in params["entities"]]
            return Result(records, counters())
        if name == "load/read_co_mentioned":
            return Result(self.pairs, counters())
        if name == "load/delete_co_mentioned":
            return Result([], counters(relationships_deleted=len(params["relationships"])))
        if name == "load/clear_pending":
            return Result([{"cleared": len(self.pending)}], counters())
        return Result([], counters())


class Tx:
    def __init__(self, db: FakeDatabase):
        self.db = db

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kw: Any) -> Result:
        return self.db.answer(query, {**(parameters or {}), **kw})

    def rollback(self) -> None:
        self.db.rolled_back.append(self.db.names()[-1])

    def close(self) -> None:
        pass


class Session:
    def __init__(self, db: FakeDatabase):
        self.db = db

    def run(self, query: str, parameters: dict[str, Any] | None = None, **kw: Any) -> Result:
        return self.db.answer(query, {**(parameters or {}), **kw})

    def execute_write(self, work: Callable[..., Any], *args: Any) -> Any:
        return work(Tx(self.db), *args)

    execute_read = execute_write

    def begin_transaction(self) -> Tx:
        return Tx(self.db)

    def close(self) -> None:
        pass

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class Driver:
    def __init__(self, db: FakeDatabase):
        self.db = db

    def session(self, database: str | None = None) -> Session:
        return Session(self.db)


def load(graph: nx.MultiDiGraph, db: FakeDatabase, **options: Any) -> loader.LoadReport:
    return write_graph(Driver(db), graph, workers=1, **options)  # type: ignore[arg-type]


def test_a_load_into_a_used_database_runs_these_statements_in_this_order(graph):
    db = FakeDatabase()
    db.pending = [{"id": e, "eid": eid(e), "papers": 1} for e in ("glue", "gpt3", "lora")]
    db.computed = {eid("glue"): [[eid("gpt3"), 1]]}
    report = load(graph, db)

    names = db.names()
    # the schema first (nothing existed: every statement runs), then the lock ...
    assert names[:2] == ["SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name"]
    assert names[2 : 2 + len(SCHEMA)] == SCHEMA
    assert names[2 + len(SCHEMA)] == "CALL db.awaitIndexes(300)"
    rest = names[3 + len(SCHEMA) :]
    assert rest == [
        "load/ensure_lock",
        "load/take_lock",
        "load/read_state",
        "load/find_papers",
        "load/merge_paper",
        "load/merge_model",
        "load/merge_benchmark",
        "load/merge_method",
        "load/create_mentions",
        "load/create_introduces",
        "load/mark_pending",
        "load/read_pending",
        "load/compute_co_mentioned",
        "load/read_co_mentioned",
        "load/create_co_mentioned",
        "load/entity_counts",
        "load/clear_pending",
    ]
    # ... which is rolled back after the last write, never committed
    assert db.rolled_back == ["load/clear_pending"]
    assert db.params("load/take_lock")[0]["holder"].count(" pid ") == 1
    assert report.nodes_created == 5 and report.relationships_created == 5


def test_a_load_into_a_used_database_sends_these_parameters(graph):
    db = FakeDatabase(schema={"paper_id"})
    db.pending = [{"id": e, "eid": eid(e), "papers": 1} for e in ("glue", "gpt3", "lora")]
    db.computed = {eid("glue"): [[eid("gpt3"), 1]]}
    load(graph, db)

    assert db.params("load/merge_paper")[0]["rows"] == [
        [
            "arxiv:2101.00001",
            {
                "title": "First",
                "abstract": "...",
                "norm_title": "First",
                "authors": ["Ada", "Alan"],
            },
            ["a.txt:1"],
            True,
        ],
        [
            "arxiv:2101.00002",
            {
                "title": "Second",
                "abstract": "...",
                "norm_title": "Second",
                "authors": ["Ada", "Alan"],
            },
            ["b.txt:3"],
            True,
        ],
    ]
    # every paper is looked up by its id and id kinds first (none here)
    assert db.params("load/find_papers")[0]["rows"] == [
        {"id": "arxiv:2101.00001"},
        {"id": "arxiv:2101.00002"},
    ]
    assert db.params("load/merge_model")[0]["rows"] == [
        ["gpt3", {"name": "GPT3"}, ["GPT3s", "gpt3"]]
    ]
    assert db.params("load/create_mentions")[0]["rows"] == [
        [
            eid("arxiv:2101.00001"),
            [
                [eid("gpt3"), 2, True, ["GPT-3"], '[["title", 0, 5]]', "Model", None],
                [eid("glue"), 1, False, ["GLUE"], "[]", "Benchmark", None],
            ],
        ],
        [eid("arxiv:2101.00002"), [[eid("lora"), 1, False, ["LoRA"], "[]", "Method", None]]],
    ]
    assert db.params("load/create_introduces")[0]["rows"] == [
        [eid("arxiv:2101.00001"), [[eid("gpt3"), "we_propose", "GPT-3", None]]]
    ]
    # new papers: marked with nothing dropped
    assert db.params("load/mark_pending")[0]["rows"] == [
        [eid("arxiv:2101.00001"), []],
        [eid("arxiv:2101.00002"), []],
    ]
    assert db.params("load/compute_co_mentioned")[0] == {
        "entities": [eid("glue"), eid("gpt3"), eid("lora")]
    }
    strength = association_strength({("glue", "gpt3"): 1})[("glue", "gpt3")]
    assert db.params("load/create_co_mentioned")[0] == {
        "rows": [[eid("glue"), [[eid("gpt3"), 1, strength, None]]]]
    }
    assert db.params("load/entity_counts")[0] == {"entities": ["glue", "gpt3", "lora"]}
    assert db.params("load/clear_pending")[0] == {"limit": loader.CLEAR_BATCH}
    # only the missing schema statements ran
    assert [s for s in SCHEMA if s in db.names()] == [s for s in SCHEMA if "paper_id" not in s]


def test_a_reload_replaces_links_and_writes_only_changed_pairs(graph):
    db = FakeDatabase(schema=set(SCHEMA_NAMES))
    # paper 1 used to name lora too; paper 2 is loaded for the first time
    db.linked = {"arxiv:2101.00001": ["glue", "gpt3", "lora"]}
    db.pending = [
        {"id": e, "eid": eid(e), "papers": n} for e, n in (("glue", 1), ("gpt3", 1), ("lora", 1))
    ]
    db.computed = {eid("glue"): [[eid("gpt3"), 1]]}
    db.pairs = [
        # glue-gpt3 had weight 2 (a paper counted twice by an old load), glue-lora no longer
        # holds, and gpt3-lora is a duplicate left by unserialised loads
        {"a": eid("glue"), "pairs": [[eid("gpt3"), 2, 1.0, "r1"], [eid("lora"), 1, 1.0, "r2"]]},
        {"a": eid("gpt3"), "pairs": [[eid("lora"), 1, 1.0, "r3"], [eid("lora"), 1, 1.0, "r4"]]},
    ]
    db.computed[eid("gpt3")] = [[eid("lora"), 1]]
    report = load(graph, db)

    assert not any(statement in db.names() for statement in SCHEMA)  # all exist already
    assert db.params("load/read_links")[0] == {"papers": [eid("arxiv:2101.00001")]}
    assert db.params("load/delete_links")[0] == {"papers": [eid("arxiv:2101.00001")]}
    assert db.params("load/mark_pending")[0]["rows"] == [
        [eid("arxiv:2101.00001"), ["lora"]],
        [eid("arxiv:2101.00002"), []],
    ]
    strengths = association_strength({("glue", "gpt3"): 1, ("gpt3", "lora"): 1})
    assert db.params("load/delete_co_mentioned")[0] == {"relationships": ["r2", "r4"]}
    assert db.params("load/update_co_mentioned")[0] == {
        "rows": [
            ["r1", 1, strengths[("glue", "gpt3")], None],
            ["r3", 1, strengths[("gpt3", "lora")], None],
        ]
    }
    assert "load/create_co_mentioned" not in db.names()
    assert report.relationships_deleted >= 2


def test_a_failed_load_releases_the_lock(graph):
    db = FakeDatabase(fail_on="load/create_mentions")
    with pytest.raises(OSError, match="connection reset"):
        load(graph, db)
    assert db.rolled_back == ["load/create_mentions"]
    assert "load/clear_pending" not in db.names()  # the marks stay for the next load


def test_a_bad_graph_writes_nothing(graph):
    graph.add_edge("arxiv:2101.00001", "lora", key="CITES", label="CITES")
    db = FakeDatabase()
    with pytest.raises(Exception, match="CITES edge .* must go from :Paper to :Paper"):
        load(graph, db)
    assert db.calls == []


def test_a_citation_layer_load_runs_these_statements(citation_graph):
    db = FakeDatabase()
    report = load(citation_graph, db)
    names = [n for n in db.names() if n.startswith("load/")]
    assert names[: names.index("load/create_mentions")] == [
        "load/ensure_lock",
        "load/take_lock",
        "load/read_state",
        "load/find_papers",
        "load/find_authors",
        "load/find_venues",
        "load/merge_paper",
        "load/merge_author",
        "load/merge_venue",
        "load/merge_model",
        "load/merge_benchmark",
        "load/merge_method",
    ]
    # CITES, WROTE, PUBLISHED_IN and DRAWS_ON after the links, then the counts
    after = names[names.index("load/mark_pending") + 1 :]
    assert after[:5] == [
        "load/merge_cites",
        "load/merge_wrote",
        "load/merge_published_in",
        "load/merge_draws_on",
        "load/citation_counts",
    ]
    assert db.params("load/merge_cites")[0] == {
        "rows": [[eid("arxiv:2101.00002"), [[eid("doi:10.1/cited"), ["openalex", "wos"], None]]]]
    }
    assert db.params("load/merge_draws_on")[0] == {
        "rows": [[eid("arxiv:2101.00002"), [[eid("arxiv:2101.00001"), ["gpt3"], None]]]]
    }
    assert db.params("load/citation_counts")[0] == {
        "nodes": [eid("author:orcid:0000-0002-1825-0097"), eid("venue:name:neurips")]
    }
    # the stub is sent as a stub (record false), the records as records
    records = {row[0]: row[3] for row in db.params("load/merge_paper")[0]["rows"]}
    assert records == {"arxiv:2101.00001": True, "arxiv:2101.00002": True, "doi:10.1/cited": False}
    assert db.params("load/find_papers")[0]["rows"][0] == {
        "id": "arxiv:2101.00001",
        "arxiv_id": "2101.00001",
        "openalex_id": "W1",
    }
    assert report.relationships_created == 4 + 4  # the fake creates everything it is sent


def test_papers_found_by_a_shared_id_get_this_load_s_edges(citation_graph):
    db = FakeDatabase()
    # An earlier build loaded paper 1 as openalex:W1 (full), the cited work as a full paper.
    db.found = {
        "arxiv:2101.00001": [
            ["openalex_id", "openalex:W1", ["id", "openalex_id"], {"openalex_id": "W1"}]
        ],
        "doi:10.1/cited": [
            ["doi", "openalex:W7", ["id", "doi", "title", "abstract"], {"doi": "10.1/cited"}]
        ],
    }
    # The stub names an entity in its (reference's) title: that must not replace the links
    # of the full paper it lands on.
    citation_graph.add_edge(
        "doi:10.1/cited",
        "lora",
        key="MENTIONS",
        label="MENTIONS",
        count=1,
        in_title=True,
        surfaces='["LoRA"]',
        spans="[]",
    )
    report = load(citation_graph, db)
    rows = {row[0]: row for row in db.params("load/merge_paper")[0]["rows"]}
    assert set(rows) == {"openalex:W1", "arxiv:2101.00002", "openalex:W7"}
    # the existing node keeps its OpenAlex id; the arXiv id and the rest are added
    assert "openalex_id" not in rows["openalex:W1"][1] and rows["openalex:W1"][1]["arxiv_id"]
    # the stub row onto the full paper adds only what the paper lacks (not its title)
    assert rows["openalex:W7"][1] == {"norm_title": "a cited work", "authors": []}
    assert rows["openalex:W7"][3] is False
    # this load's edges go to the existing nodes
    assert db.params("load/merge_cites")[0]["rows"][0][1][0][0] == eid("openalex:W7")
    assert db.params("load/merge_wrote")[0]["rows"][0][1][0][0] == eid("openalex:W1")
    mentions = db.params("load/create_mentions")[0]["rows"]
    assert [row[0] for row in mentions] == [eid("openalex:W1"), eid("arxiv:2101.00002")]
    assert report.nodes_matched == 2


# --------------------------------------------------------------------------- a first load


def test_a_first_load_creates_and_computes_the_derived_values_itself(graph):
    """An empty database (load/read_state): papers and entities are created, not merged, and
    the pairs, counts and types come from the graph's MENTIONS, not from the database."""
    db = FakeDatabase(schema=set(SCHEMA_NAMES), empty=True)
    report = load(graph, db)
    names = [n for n in db.names() if n.startswith("load/")]
    assert names[:4] == [
        "load/ensure_lock",
        "load/take_lock",
        "load/read_state",
        "load/mark_first_load",
    ]
    # the papers, and meanwhile the entities then their pairs (no node in common)
    assert sorted(names[4:7]) == [
        "load/create_co_mentioned",
        "load/create_entities",
        "load/create_paper",
    ]
    assert names.index("load/create_entities") < names.index("load/create_co_mentioned")
    # then the links, which need both ends
    assert names[7:] == [
        "load/create_mentions",
        "load/create_introduces",
        "load/clear_first_load",
    ]
    assert db.rolled_back == ["load/clear_first_load"]
    # positional: id, sources, then PAPER_FIELDS (None: not written), then the others
    assert db.params("load/create_paper")[0]["rows"][0] == [
        "arxiv:2101.00001",
        ["a.txt:1"],
        "First",
        "...",
        "First",
        ["Ada", "Alan"],
        *[None] * (len(PAPER_FIELDS) - 4),
        None,
    ]
    assert db.params("load/create_entities")[0]["rows"] == [
        ["glue", {"name": "GLUE"}, ["GLUEs", "glue"], "Benchmark", 1, 1],
        ["gpt3", {"name": "GPT3"}, ["GPT3s", "gpt3"], "Model", 1, 2],
        ["lora", {"name": "LORA"}, ["LORAs", "lora"], "Method", 1, 1],
    ]
    strength = association_strength({("glue", "gpt3"): 1})[("glue", "gpt3")]
    assert db.params("load/create_co_mentioned")[0] == {
        "rows": [[eid("glue"), [[eid("gpt3"), 1, strength, None]]]]
    }
    assert report.nodes_created == 5 and report.relationships_created == 5


def test_a_first_load_gives_each_entity_the_type_most_of_its_papers_give(graph):
    graph.add_node("arxiv:2101.00003", labels=":Paper", id="arxiv:2101.00003", title="Third")
    for paper, entity, typed_as in (
        ("arxiv:2101.00002", "glue", "Dataset"),
        ("arxiv:2101.00002", "gpt3", "Method"),
        ("arxiv:2101.00002", "lora", "Method"),
        ("arxiv:2101.00003", "glue", "Dataset"),
        ("arxiv:2101.00003", "lora", "Method"),
    ):
        graph.add_edge(paper, entity, key="MENTIONS", label="MENTIONS", count=3, typed_as=typed_as)
    graph.edges["gpt3", "glue", "CO_MENTIONED"]["npmi"] = 0.5  # a further pair attribute
    db = FakeDatabase(empty=True)
    load(graph, db)
    rows = {row[0]: row[3:] for row in db.params("load/create_entities")[0]["rows"]}
    # glue: Benchmark 1, Dataset 2; gpt3: Model 1, Method 1 (a tie keeps the earlier type)
    assert rows == {"glue": ["Dataset", 3, 7], "gpt3": ["Model", 2, 5], "lora": ["Method", 2, 6]}
    sent = {
        (a, link[0]): link[1:]
        for a, links in db.params("load/create_co_mentioned")[0]["rows"]
        for link in links
    }
    weights = {("glue", "gpt3"): 2, ("glue", "lora"): 2, ("gpt3", "lora"): 1}
    strengths = association_strength(weights)
    assert sent == {
        (eid(a), eid(b)): [w, strengths[(a, b)], {"npmi": 0.5} if b == "gpt3" else None]
        for (a, b), w in weights.items()
    }


def test_a_load_after_a_first_load_cut_short_recomputes_every_entity(graph):
    """The mark of a first load is still there (it was killed): the entities of every paper
    are recomputed from the database, and the mark goes last."""
    db = FakeDatabase(schema=set(SCHEMA_NAMES), first_load=True)
    db.linked = {"arxiv:2101.00001": ["glue", "gpt3"]}
    db.pending = [{"id": e, "eid": eid(e), "papers": 1} for e in ("glue", "gpt3", "lora")]
    load(graph, db)
    names = [n for n in db.names() if n.startswith("load/")]
    assert "load/read_entities" in names and "load/read_pending" not in names
    assert "load/mark_first_load" not in names and "load/create_paper" not in names
    assert names[-2:] == ["load/clear_pending", "load/clear_first_load"]
    assert db.params("load/entity_counts")[0] == {"entities": ["glue", "gpt3", "lora"]}


def test_a_first_load_that_fails_keeps_its_mark(graph):
    db = FakeDatabase(empty=True, fail_on="load/create_co_mentioned")
    with pytest.raises(OSError, match="connection reset"):
        load(graph, db)
    assert db.rolled_back == ["load/create_co_mentioned"]
    assert "load/mark_first_load" in db.names()
    assert "load/clear_first_load" not in db.names()  # the next load recomputes everything
