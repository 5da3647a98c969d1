"""The loader against a real Neo4j: counts, idempotence, incremental loads, APOC round trip."""

from __future__ import annotations

import importlib.util
import io
import json
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import networkx as nx
import pytest

from graphbuild.build import association_strength
from graphbuild.formats.graphml import read_graphml, write_graphml
from graphbuild.neo4j.identity import FIND_STATEMENTS
from graphbuild.neo4j.loader import (
    CITATION_STATEMENTS,
    NODE_STATEMENTS,
    STATEMENTS,
    LoadReport,
    load_graph,
    load_statement_names,
)
from graphbuild.neo4j.snapshot import snapshot
from graphbuild.pipeline import build_graph
from graphbuild.readers import bundled_samples
from tests.integration.conftest import wipe

ROOT = Path(__file__).resolve().parents[2]
#: Statements that only a graph with a citation layer runs.
CITATION_LAYER_STATEMENTS = {
    *CITATION_STATEMENTS.values(),
    FIND_STATEMENTS["Author"],
    FIND_STATEMENTS["Venue"],
    NODE_STATEMENTS["Author"],
    NODE_STATEMENTS["Venue"],
    STATEMENTS["citation_counts"],
}
#: Run only by a load after a first load was cut short
#: (test_a_first_load_cut_short_is_completed_by_the_next_load).
RECOVERY_STATEMENTS = {STATEMENTS["read_entities"]}


def bench_module() -> ModuleType:
    """The benchmark script, for its graph helpers (synthesize, restrict_to_papers)."""
    spec = importlib.util.spec_from_file_location(
        "bench_load", ROOT / "benchmarks" / "bench_load.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def connection(settings: Any) -> dict[str, Any]:
    """The keyword arguments of load_graph for the test server."""
    return {
        "uri": settings.uri,
        "username": settings.username,
        "password": settings.password,
        "database": settings.database,
    }


TYPE_ORDER = ("Model", "Dataset", "Benchmark", "Method")


def expected_types(graph: nx.MultiDiGraph) -> dict[str, str]:
    """The documented rule: an entity's type in Neo4j is the one most of its papers give it
    (the `typed_as` of their MENTIONS), a tie going to the first of Model, Dataset, Benchmark,
    Method; an entity no paper mentions keeps the type of its graph."""
    votes: dict[str, Counter[str]] = {}
    for _, entity, key, data in graph.edges(keys=True, data=True):
        if key == "MENTIONS":
            kind = data.get("typed_as") or graph.nodes[entity]["labels"].lstrip(":")
            votes.setdefault(entity, Counter())[kind] += 1
    types = {}
    for node, data in graph.nodes(data=True):
        if data["labels"] != ":Paper":
            counts = votes.get(node)
            if counts:
                types[node] = max(TYPE_ORDER, key=lambda t: (counts[t], -TYPE_ORDER.index(t)))
            else:
                types[node] = data["labels"].lstrip(":")
    return types


def graph_counts(graph: nx.MultiDiGraph) -> tuple[Counter[str], Counter[str]]:
    """Nodes per Neo4j label (entities also count as :Entity, under the type the rule
    gives them) and edges per type."""
    labels: Counter[str] = Counter({"Paper": 0})
    for _, data in graph.nodes(data=True):
        if data["labels"] == ":Paper":
            labels["Paper"] += 1
    labels.update(expected_types(graph).values())
    labels["Entity"] = sum(labels.values()) - labels["Paper"]
    types = Counter(key for _, _, key in graph.edges(keys=True))
    return +labels, types


@pytest.fixture(scope="module")
def sample_graph() -> nx.MultiDiGraph:
    """The graph of the five bundled sample listings."""
    return build_graph(bundled_samples()).graph


@pytest.fixture(scope="module")
def sample_papers_by_file(sample_graph: nx.MultiDiGraph) -> list[set[str]]:
    """The ids of the papers read from each sample file, in file order."""
    files = [path.name for path in bundled_samples()]
    by_file: list[set[str]] = [set() for _ in files]
    for node, data in sample_graph.nodes(data=True):
        if data["labels"] == ":Paper":
            for source in json.loads(data["sources"]):
                by_file[files.index(Path(source.rsplit(":", 1)[0]).name)].add(node)
    return by_file


def assert_matches_graph(db: Any, graph: nx.MultiDiGraph) -> None:
    """The database holds exactly the graph: counts, weights, evidence, strengths, counts."""
    labels, types = graph_counts(graph)
    assert db.label_counts() == labels
    assert db.type_counts() == types
    for u, v, key, data in graph.edges(keys=True, data=True):
        if key != "CO_MENTIONED":
            continue
        rel = db.relationship(key, *sorted((u, v)))
        # weight and strength only: no property that grows with the corpus
        assert rel == {
            "weight": data["weight"],
            "association_strength": data["association_strength"],
        }
    for node, data in graph.nodes(data=True):
        props = db.node(node)
        if data["labels"] == ":Paper":
            assert props["title"] == data["title"]
            assert props["sources"] == json.loads(data["sources"])
        else:
            assert (props["paper_count"], props["mention_count"]) == (
                data["paper_count"],
                data["mention_count"],
            )
            assert props["name"] == data["name"]
            assert props["type"] == expected_types(graph)[node]


def test_load_samples_matches_the_graph(empty_db, neo4j_settings, sample_graph):
    progress: list[tuple[int, int]] = []
    report = load_graph(
        sample_graph,
        **connection(neo4j_settings),
        progress=lambda done, total: progress.append((done, total)),
    )
    db = snapshot(empty_db, neo4j_settings.database)
    assert_matches_graph(db, sample_graph)
    assert report.nodes_created == sample_graph.number_of_nodes() and report.nodes_updated == 0
    assert report.relationships_created == sample_graph.number_of_edges()
    assert report.relationships_updated == report.relationships_deleted == 0
    assert report.rate > 0 and "Neo4j Kernel 5." in report.server
    total = sample_graph.number_of_nodes() + sample_graph.number_of_edges()
    assert progress[-1] == (total, total)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)


def test_loading_again_changes_nothing(empty_db, neo4j_settings, sample_graph):
    load_graph(sample_graph, **connection(neo4j_settings))
    first = snapshot(empty_db, neo4j_settings.database)
    report = load_graph(sample_graph, **connection(neo4j_settings), batch_size=97)
    again = snapshot(empty_db, neo4j_settings.database)
    assert again.label_counts() == first.label_counts()
    assert again.type_counts() == first.type_counts()
    assert again.checksum() == first.checksum()
    assert report.nodes_created == report.relationships_created == 0
    assert report.relationships_deleted == 0
    assert report.nodes_updated == sample_graph.number_of_nodes()
    assert report.relationships_updated == sample_graph.number_of_edges()


def test_graphml_file_loads_the_same_graph(empty_db, neo4j_settings, sample_graph, tmp_path):
    load_graph(sample_graph, **connection(neo4j_settings))
    direct = snapshot(empty_db, neo4j_settings.database).checksum()
    wipe(empty_db, neo4j_settings.database)
    write_graphml(sample_graph, tmp_path / "g.graphml")
    load_graph(read_graphml(tmp_path / "g.graphml"), **connection(neo4j_settings), workers=1)
    assert snapshot(empty_db, neo4j_settings.database).checksum() == direct


def test_incremental_load_equals_a_load_of_everything(
    empty_db, neo4j_settings, sample_graph, sample_papers_by_file
):
    """Files 1-3 then 3-5 (file 3 loaded twice) give the database of one load of 1-5."""
    bench = bench_module()
    first = set().union(*sample_papers_by_file[:3])
    second = set().union(*sample_papers_by_file[2:])
    assert first & second and first | second == set().union(*sample_papers_by_file)
    load_graph(sample_graph, **connection(neo4j_settings))
    scratch = snapshot(empty_db, neo4j_settings.database)
    wipe(empty_db, neo4j_settings.database)

    load_graph(bench.restrict_to_papers(sample_graph, first), **connection(neo4j_settings))
    report = load_graph(
        bench.restrict_to_papers(sample_graph, second), **connection(neo4j_settings)
    )
    incremental = snapshot(empty_db, neo4j_settings.database)
    assert incremental.type_counts() == scratch.type_counts()
    assert incremental.checksum() == scratch.checksum()
    assert report.nodes_updated > 0 and report.relationships_updated > 0

    # An old paper loaded again is not counted twice.
    load_graph(
        bench.restrict_to_papers(sample_graph, sample_papers_by_file[2]),
        **connection(neo4j_settings),
    )
    assert snapshot(empty_db, neo4j_settings.database).checksum() == scratch.checksum()


def test_incremental_pipeline_loads_keep_weights_true(empty_db, neo4j_settings):
    """Two pipeline runs on overlapping inputs: every weight, evidence list, count and
    strength in the database agrees with the MENTIONS in the database."""
    samples = bundled_samples()
    load_graph(build_graph(samples[:3]).graph, **connection(neo4j_settings))
    load_graph(build_graph(samples[2:]).graph, **connection(neo4j_settings))
    db = snapshot(empty_db, neo4j_settings.database)
    mentions: dict[str, set[str]] = {}
    counts: Counter[str] = Counter()
    total_mentions: Counter[str] = Counter()
    for rel_type, start, end, props in db.relationships:
        if rel_type == "MENTIONS":
            mentions.setdefault(end, set()).add(start)
            counts[end] += 1
            total_mentions[end] += json.loads(props)["count"]
    weights = {}
    for rel_type, start, end, props in db.relationships:
        if rel_type == "CO_MENTIONED":
            rel = json.loads(props)
            assert start < end
            assert set(rel) == {"weight", "association_strength"}
            assert rel["weight"] == len(mentions[start] & mentions[end])
            weights[(start, end)] = (rel["weight"], rel["association_strength"])
    strengths = association_strength({pair: w for pair, (w, _) in weights.items()})
    assert all(strengths[pair] == s for pair, (_, s) in weights.items())
    papers = [node_id for labels, node_id, _ in db.nodes if "Paper" in labels]
    assert len(papers) == len(set(papers)) == 433
    for labels, node_id, props in db.nodes:
        if "Entity" in labels:
            node = json.loads(props)
            assert (node["paper_count"], node["mention_count"]) == (
                counts[node_id],
                total_mentions[node_id],
            )


def changed_graphs() -> tuple[nx.MultiDiGraph, nx.MultiDiGraph, nx.MultiDiGraph]:
    """Before: p1 names a, b, c and p2 names a, b. After: p1 names a and d, and c's type
    changed from Model to Method. Also returns the graph of the final state alone."""
    bench = bench_module()

    def graph(p1_entities: list[str], c_label: str) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        for pid in ("p1", "p2"):
            g.add_node(
                pid,
                labels=":Paper",
                id=pid,
                title=pid.upper(),
                abstract="",
                norm_title=pid,
                authors="[]",
                sources=json.dumps([f"{pid}.txt:1"]),
            )
        for eid, label in (("a", "Model"), ("b", "Dataset"), ("c", c_label), ("d", "Benchmark")):
            g.add_node(
                eid,
                labels=f":{label}",
                id=eid,
                name=eid.upper(),
                type=label,
                aliases="[]",
                paper_count=0,
                mention_count=0,
            )
        for pid, entities in (("p1", p1_entities), ("p2", ["a", "b"])):
            for eid in entities:
                g.add_edge(
                    pid,
                    eid,
                    key="MENTIONS",
                    label="MENTIONS",
                    count=1,
                    in_title=False,
                    surfaces=json.dumps([eid.upper()]),
                    spans="[]",
                )
        g.add_edge(
            "p1", p1_entities[0], key="INTRODUCES", label="INTRODUCES", rule="r", surface="A"
        )
        return bench.restrict_to_papers(g, ["p1", "p2"])

    before = graph(["a", "b", "c"], "Model")
    after = graph(["a", "d"], "Method")
    after.add_node("c", **dict(before.nodes["c"], labels=":Method", type="Method"))
    return before, after, graph(["a", "d"], "Method")


def test_changed_mentions_and_types_are_replaced(empty_db, neo4j_settings):
    before, after, final = changed_graphs()
    statements: Counter[str] = Counter()
    reports: list[LoadReport] = [load_graph(before, **connection(neo4j_settings))]
    reports.append(load_graph(after, **connection(neo4j_settings)))
    db = snapshot(empty_db, neo4j_settings.database)
    assert db.relationship("CO_MENTIONED", "a", "b")["weight"] == 1  # p2 only
    assert db.relationship("CO_MENTIONED", "a", "d")["weight"] == 1  # p1 only
    for gone in (("a", "c"), ("b", "c")):
        with pytest.raises(KeyError):
            db.relationship("CO_MENTIONED", *gone)
    # No paper mentions c any more: its type is not up to this graph; it keeps its type.
    c = [labels for labels, node_id, _ in db.nodes if node_id == "c"]
    assert c == [("Entity", "Model")]
    assert (db.node("c")["paper_count"], db.node("b")["paper_count"]) == (0, 1)
    # p1's links to b and c became one to d (one fewer), and pairs (a, c), (b, c) are gone
    assert reports[1].relationships_deleted == 3

    # The relationships equal a fresh load of the final state.
    wipe(empty_db, neo4j_settings.database)
    reports.append(load_graph(final, **connection(neo4j_settings)))
    assert snapshot(empty_db, neo4j_settings.database).relationships == db.relationships
    for report in reports:
        statements.update(report.statements)
    # (the citation layer's statements run in test_citation_load.py)
    assert load_statement_names() - CITATION_LAYER_STATEMENTS - RECOVERY_STATEMENTS <= set(
        statements
    )


class Interrupted(Exception):
    """Raised from the progress callback: the load stops between two batches."""


# Progress units of the samples: 433 papers, then 917 entities (0.19 of all), 1,979 MENTIONS
# and INTRODUCES (0.47), 3,765 CO_MENTIONED at once (1.0, before the mark is removed).
@pytest.mark.parametrize("stop_at", [0.03, 0.3, 1.0])
def test_a_first_load_cut_short_is_completed_by_the_next_load(
    empty_db, neo4j_settings, sample_graph, stop_at
):
    """A first load (an empty database) creates its nodes and relationships without the
    per-paper marks and computes pairs, counts and types from the graph; stopped among its
    papers, its MENTIONS or after its pairs, the next load recomputes every entity from the
    database and ends in the database of one clean load."""
    load_graph(sample_graph, **connection(neo4j_settings))
    clean = snapshot(empty_db, neo4j_settings.database).checksum()
    wipe(empty_db, neo4j_settings.database)
    total = sample_graph.number_of_nodes() + sample_graph.number_of_edges()

    def progress(done: int, _: int) -> None:
        if done >= stop_at * total:
            raise Interrupted

    with pytest.raises(Interrupted):
        load_graph(sample_graph, **connection(neo4j_settings), batch_size=50, progress=progress)
    partial = snapshot(empty_db, neo4j_settings.database)
    assert len(partial.nodes) > 0
    assert (partial.checksum() == clean) is (stop_at == 1.0)
    marks, _, _ = empty_db.execute_query(
        "MATCH (m:GraphbuildLock {name: 'first_load'}) RETURN count(m) AS n",
        database_=neo4j_settings.database,
    )
    assert marks[0]["n"] == 1

    report = load_graph(sample_graph, **connection(neo4j_settings))
    assert report.statements[STATEMENTS["read_entities"]] == 1
    assert snapshot(empty_db, neo4j_settings.database).checksum() == clean
    marks, _, _ = empty_db.execute_query(
        "MATCH (m:GraphbuildLock) RETURN collect(m.name) AS names",
        database_=neo4j_settings.database,
    )
    assert marks[0]["names"] == ["load"]


def test_a_first_load_writing_papers_entities_and_pairs_at_once_equals_the_database(
    empty_db, neo4j_settings, sample_graph
):
    """A first load creates its entities and their pairs in a session of its own while two
    sessions create the papers; in small batches these interleave. The pairs, counts and
    types it computed from the graph are what the database's MENTIONS give: recomputing
    every entity from the database (the recovery of a first load cut short) changes
    nothing."""
    report = load_graph(sample_graph, **connection(neo4j_settings), batch_size=10)
    assert report.relationships_created == sample_graph.number_of_edges()
    written = snapshot(empty_db, neo4j_settings.database)
    empty_db.execute_query(
        "MERGE (:GraphbuildLock {name: 'first_load'})", database_=neo4j_settings.database
    )
    again = load_graph(sample_graph, **connection(neo4j_settings))
    assert again.statements[STATEMENTS["read_entities"]] == 1  # every entity recomputed
    assert again.relationships_created == again.relationships_deleted == 0
    assert snapshot(empty_db, neo4j_settings.database).checksum() == written.checksum()


def test_apoc_imports_our_graphml_with_labels_and_types(empty_db, neo4j_settings, sample_graph):
    """apoc.import.graphml(…, {readLabels: true}) restores labels and relationship types.

    The file is sent as bytes (APOC's binary input), so the test does not depend on the
    server's import folder.
    """
    buffer = io.BytesIO()
    write_graphml(sample_graph, buffer)
    records, _, _ = empty_db.execute_query(
        "CALL apoc.import.graphml($data, {readLabels: true, compression: 'NONE'})",
        data=buffer.getvalue(),
        database_=neo4j_settings.database,
    )
    assert records[0]["nodes"] == sample_graph.number_of_nodes()
    assert records[0]["relationships"] == sample_graph.number_of_edges()
    # APOC sets the labels of the file (not our shared :Entity, nor the type by majority)
    labels = Counter(data["labels"].lstrip(":") for _, data in sample_graph.nodes(data=True))
    types = Counter(key for _, _, key in sample_graph.edges(keys=True))
    found, _, _ = empty_db.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n",
        database_=neo4j_settings.database,
    )
    assert {r["label"]: r["n"] for r in found} == labels
    found, _, _ = empty_db.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n", database_=neo4j_settings.database
    )
    assert {r["type"]: r["n"] for r in found} == types
    found, _, _ = empty_db.execute_query(
        "MATCH (p:Paper {id: $id})-[:MENTIONS]->(e:Model) RETURN e.id AS id",
        id="title:0234a44e09bd2312",
        database_=neo4j_settings.database,
    )
    assert {"bert", "gpt"} <= {r["id"] for r in found}


def test_sources_and_aliases_accumulate_over_loads(empty_db, neo4j_settings):
    """A paper read from a second file keeps both sources; aliases are a union too."""
    before, _, _ = changed_graphs()
    load_graph(before, **connection(neo4j_settings))
    again = before.copy()
    again.nodes["p1"]["sources"] = json.dumps(["later.txt:9"])
    again.nodes["a"]["aliases"] = json.dumps(["A-1"])
    again.nodes["p1"]["title"] = "P1, revised"
    load_graph(again, **connection(neo4j_settings))
    db = snapshot(empty_db, neo4j_settings.database)
    assert db.node("p1")["sources"] == ["later.txt:9", "p1.txt:1"]
    assert db.node("p1")["title"] == "P1, revised"  # plain attributes: the latest load wins
    assert db.node("a")["aliases"] == ["A-1"]
    again.nodes["a"]["aliases"] = json.dumps(["A-2", "A-1"])
    load_graph(again, **connection(neo4j_settings))
    assert snapshot(empty_db, neo4j_settings.database).node("a")["aliases"] == ["A-1", "A-2"]
