"""The citation layer in a real Neo4j: the combined graph of every shared source loaded
twice, incremental loads of two sources, one paper across two builds, stubs and records."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx
import pytest

from graphbuild.citation_graph import CITES, DRAWS_ON, PUBLISHED_IN, WROTE
from graphbuild.errors import Neo4jError
from graphbuild.neo4j.identity import FIND_STATEMENTS, ID_KEYS
from graphbuild.neo4j.loader import (
    CITATION_STATEMENTS,
    NODE_STATEMENTS,
    STATEMENTS,
    LoadReport,
    load_graph,
)
from graphbuild.neo4j.snapshot import Snapshot, snapshot
from graphbuild.pipeline import build_graph
from tests.integration.conftest import wipe

CITATION_TYPES = (CITES, WROTE, PUBLISHED_IN, DRAWS_ON)
#: Figures of the combined load, printed at the end of the module (for the notes).
FIGURES: dict[str, Any] = {}


def connection(settings: Any) -> dict[str, Any]:
    """The keyword arguments of load_graph for the test server."""
    return {
        "uri": settings.uri,
        "username": settings.username,
        "password": settings.password,
        "database": settings.database,
    }


def nodes(db: Snapshot, label: str) -> dict[str, dict[str, Any]]:
    """The properties of the nodes with ``label``, by id."""
    return {nid: json.loads(props) for labels, nid, props in db.nodes if label in labels}


def rels(db: Snapshot, rel_type: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The properties of the relationships of ``rel_type``, by (start id, end id)."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for kind, start, end, props in db.relationships:
        if kind == rel_type:
            assert (start, end) not in found, f"two {rel_type} {start} -> {end}"
            found[(start, end)] = json.loads(props)
    return found


def label_of(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node]["labels"]).lstrip(":")


def graph_list(value: Any) -> list[str]:
    return sorted(set(json.loads(value))) if isinstance(value, str) else sorted(set(value))


@pytest.fixture(scope="module")
def combined_load(
    neo4j_driver: neo4j.Driver, neo4j_settings: Any, citation_graph: nx.MultiDiGraph
) -> tuple[Snapshot, list[LoadReport], list[float]]:
    """The combined graph loaded twice into an emptied database: both snapshots' data."""
    wipe(neo4j_driver, neo4j_settings.database)
    reports, seconds, snaps = [], [], []
    for _ in range(2):
        started = time.perf_counter()
        reports.append(load_graph(citation_graph, **connection(neo4j_settings)))
        seconds.append(time.perf_counter() - started)
        snaps.append(snapshot(neo4j_driver, neo4j_settings.database))
    assert snaps[1].checksum() == snaps[0].checksum()
    FIGURES["labels"] = dict(sorted(snaps[0].label_counts().items()))
    FIGURES["types"] = dict(sorted(snaps[0].type_counts().items()))
    FIGURES["seconds"] = [round(s, 1) for s in seconds]
    FIGURES["reports"] = [r.summary() for r in reports]
    return snaps[0], reports, seconds


def test_combined_graph_loads_as_built(
    combined_load: tuple[Snapshot, list[LoadReport], list[float]],
    citation_graph: nx.MultiDiGraph,
) -> None:
    db, reports, _ = combined_load
    graph = citation_graph
    labels = Counter(label_of(graph, n) for n in graph)
    loaded = db.label_counts()
    for label in ("Paper", "Author", "Venue"):
        assert loaded[label] == labels[label], label
    entities = sum(labels[t] for t in ("Model", "Dataset", "Benchmark", "Method"))
    assert loaded["Entity"] == entities
    types = Counter(key for _, _, key in graph.edges(keys=True))
    assert db.type_counts() == types
    # The first load created everything; one paper per node of the graph (no id is shared
    # by two papers of one build, so none was found by another's id).
    assert reports[0].nodes_created == graph.number_of_nodes()
    assert reports[0].nodes_matched == 0 and reports[0].ids_held_elsewhere == 0
    # Every statement of the citation layer ran; the lookups by id in the reload (a first
    # load, into an empty database, has nothing to find).
    citation_layer = {
        *CITATION_STATEMENTS.values(),
        NODE_STATEMENTS["Author"],
        NODE_STATEMENTS["Venue"],
        STATEMENTS["citation_counts"],
    }
    assert citation_layer <= set(reports[0].statements)
    assert not set(FIND_STATEMENTS.values()) & set(reports[0].statements)
    assert set(FIND_STATEMENTS.values()) <= set(reports[1].statements)


def test_papers_keep_their_ids_and_stub_flags(
    combined_load: tuple[Snapshot, list[LoadReport], list[float]],
    citation_graph: nx.MultiDiGraph,
) -> None:
    db, _, _ = combined_load
    papers = nodes(db, "Paper")
    stubs = 0
    for node, data in citation_graph.nodes(data=True):
        if data["labels"] != ":Paper":
            continue
        props = papers[node]
        for key in ID_KEYS["Paper"]:
            assert props.get(key) == data.get(key), (node, key)
        assert props.get("referenced_only") == data.get("referenced_only"), node
        stubs += data.get("referenced_only") is True
        assert props["sources"] == graph_list(data["sources"])
        assert props.get("year") == data.get("year")
    assert stubs == sum(1 for p in papers.values() if p.get("referenced_only") is True) > 20_000


def test_citation_relationships_carry_their_properties(
    combined_load: tuple[Snapshot, list[LoadReport], list[float]],
    citation_graph: nx.MultiDiGraph,
) -> None:
    db, _, _ = combined_load
    loaded = {rel_type: rels(db, rel_type) for rel_type in CITATION_TYPES}
    for u, v, key, data in citation_graph.edges(keys=True, data=True):
        if key == CITES:
            assert loaded[CITES][(u, v)] == {
                "citation_sources": graph_list(data["citation_sources"])
            }
        elif key == DRAWS_ON:
            assert loaded[DRAWS_ON][(u, v)] == {
                "entities": graph_list(data["entities"]),
                "inferred": True,
            }
            # inferred links are never citations
            assert (u, v) not in loaded[CITES] or citation_graph.has_edge(u, v, key=CITES)
        elif key == WROTE:
            assert loaded[WROTE][(u, v)] == {"position": data["position"]}
        elif key == PUBLISHED_IN:
            assert loaded[PUBLISHED_IN][(u, v)] == {}
    for label in ("Author", "Venue"):
        for node_id, props in nodes(db, label).items():
            data = citation_graph.nodes[node_id]
            expected = {k: v for k, v in data.items() if v is not None and k != "labels"}
            assert props == expected, node_id  # paper_count recomputed in the database


def test_loading_the_combined_graph_again_changes_nothing(
    combined_load: tuple[Snapshot, list[LoadReport], list[float]],
) -> None:
    _, reports, _ = combined_load
    again = reports[1]
    assert again.nodes_created == 0 and again.relationships_created == 0
    assert again.relationships_deleted == 0


# -- incremental loads and one paper across builds

A = "01_openalex/works_snowball.jsonl"
B = "03_arxiv/unarXive_data_sample.tar.gz"


def paper_key(props: dict[str, Any], node_id: str) -> tuple[tuple[str, str], ...]:
    """A paper by its id values (two builds may give it different ids), else by its id."""
    ids = tuple((key, str(props[key])) for key in ID_KEYS["Paper"] if key in props)
    return ids or (("id", node_id),)


def citation_part(db: Snapshot) -> dict[str, Any]:
    """The citation part of a database with papers named by their id values."""
    papers = nodes(db, "Paper")
    key = {nid: paper_key(props, nid) for nid, props in papers.items()}
    return {
        "papers": {
            key[nid]: (props.get("referenced_only"), props["sources"])
            for nid, props in papers.items()
        },
        "authors": nodes(db, "Author"),
        "venues": nodes(db, "Venue"),
        CITES: {(key[a], key[b]): p for (a, b), p in rels(db, CITES).items()},
        WROTE: {(a, key[b]): p for (a, b), p in rels(db, WROTE).items()},
        PUBLISHED_IN: {(key[a], b): p for (a, b), p in rels(db, PUBLISHED_IN).items()},
    }


@pytest.fixture(scope="module")
def build(shared_sources: Path) -> Any:
    """Build the graph of some shared source files (cached: each is built once)."""
    cache: dict[tuple[str, ...], nx.MultiDiGraph] = {}

    def built(*names: str) -> nx.MultiDiGraph:
        if names not in cache:
            cache[names] = build_graph([shared_sources / name for name in names]).graph
        return cache[names]

    return built


def test_source_a_then_b_equals_both_at_once(
    neo4j_driver: neo4j.Driver, neo4j_settings: Any, build: Any
) -> None:
    database = neo4j_settings.database
    wipe(neo4j_driver, database)
    load_graph(build(A, B), **connection(neo4j_settings))
    together = citation_part(snapshot(neo4j_driver, database))
    wipe(neo4j_driver, database)
    first = load_graph(build(A), **connection(neo4j_settings))
    second = load_graph(build(B), **connection(neo4j_settings))
    one_by_one = snapshot(neo4j_driver, database)
    assert first.nodes_matched == 0
    # Five works are cited from both files: two under the same id, three under other ids
    # in B (the unarXive references name them by DOI or arXiv id, the snowball by OpenAlex
    # id), found by their shared OpenAlex id.
    assert second.nodes_matched == 3 and second.ids_held_elsewhere == 0
    assert citation_part(one_by_one) == together
    # (DRAWS_ON is inferred within a build, so it is left out of the comparison.)
    # Loading B again changes nothing.
    again = load_graph(build(B), **connection(neo4j_settings))
    assert again.nodes_created == 0 and again.relationships_created == 0
    assert snapshot(neo4j_driver, database).checksum() == one_by_one.checksum()


@pytest.mark.parametrize("order", [(A, B), (B, A)])
def test_one_work_named_differently_by_two_builds_is_one_paper(
    neo4j_driver: neo4j.Driver, neo4j_settings: Any, order: tuple[str, str], build: Any
) -> None:
    """Adam (arXiv 1412.6980): an OpenAlex id in the OpenAlex snowball, an arXiv id (and
    its OpenAlex id) in the unarXive full texts' references."""
    database = neo4j_settings.database
    graphs = {name: build(name) for name in (A, B)}
    assert "openalex:W2964121744" in graphs[A] and "arxiv:1412.6980" in graphs[B]
    assert "arxiv:1412.6980" not in graphs[A] and "openalex:W2964121744" not in graphs[B]
    wipe(neo4j_driver, database)
    for name in order:
        load_graph(graphs[name], **connection(neo4j_settings))
    db = snapshot(neo4j_driver, database)
    [(node_id, adam)] = [
        (nid, p) for nid, p in nodes(db, "Paper").items() if p.get("arxiv_id") == "1412.6980"
    ]
    # The first load names the node; the second adds its ids and edges to it.
    assert node_id == ("openalex:W2964121744" if order[0] == A else "arxiv:1412.6980")
    assert adam["openalex_id"] == "W2964121744"
    sources = {Path(s.rsplit(":", 1)[0]).name for s in adam["sources"]}
    assert {"works_snowball.jsonl"} <= sources and len(sources) >= 2
    citing = {a for (a, b) in rels(db, CITES) if b == node_id}
    expected = {u for g in graphs.values() for u, v, k in g.edges(keys=True) if k == CITES}
    expected_citing = {
        u
        for name, g in graphs.items()
        for u, v, k in g.edges(keys=True)
        if k == CITES and v in ("openalex:W2964121744", "arxiv:1412.6980")
    }
    assert expected_citing <= expected
    assert citing == expected_citing and len(citing) >= 2


def test_a_stub_becomes_a_record_and_a_record_stays_one(
    neo4j_driver: neo4j.Driver, neo4j_settings: Any, build: Any
) -> None:
    """Scopus then WoS: some works are references (stubs) in one export and records in
    the other, under the same DOI."""
    database = neo4j_settings.database
    scopus, wos = (
        "04_bibtex_ris_csl/pybibx_scopus_export.bib",
        "04_bibtex_ris_csl/pybibx_wos_export.bib",
    )
    first, second = build(scopus), build(wos)

    def kind(graph: nx.MultiDiGraph) -> dict[str, bool]:
        return {
            str(d["doi"]): d.get("referenced_only") is True
            for _, d in graph.nodes(data=True)
            if d["labels"] == ":Paper" and d.get("doi")
        }

    before, after = kind(first), kind(second)
    upgraded = sorted(doi for doi, stub in before.items() if stub and after.get(doi) is False)
    kept = sorted(doi for doi, stub in before.items() if not stub and after.get(doi) is True)
    assert upgraded and kept
    wipe(neo4j_driver, database)
    load_graph(first, **connection(neo4j_settings))
    full_before = {
        p["doi"]: p
        for p in nodes(snapshot(neo4j_driver, database), "Paper").values()
        if p.get("doi")
    }
    load_graph(second, **connection(neo4j_settings))
    papers = {
        p["doi"]: p
        for p in nodes(snapshot(neo4j_driver, database), "Paper").values()
        if p.get("doi")
    }
    records = {str(d["doi"]): d for _, d in second.nodes(data=True) if d.get("doi")}
    for doi in upgraded:
        assert "referenced_only" not in papers[doi]
        assert papers[doi]["title"] == records[doi]["title"]
        assert papers[doi]["abstract"] == records[doi]["abstract"]
    for doi in kept:
        assert "referenced_only" not in papers[doi]
        for name in ("title", "abstract"):
            assert papers[doi][name] == full_before[doi][name]


def test_zz_figures(combined_load: tuple[Snapshot, list[LoadReport], list[float]]) -> None:
    """Print the figures of the combined load (nodes and relationships per type, times)."""
    print(json.dumps(FIGURES, indent=1))
    assert FIGURES["seconds"][1] > 0


def test_duplicate_ids_from_older_loads_are_named(
    neo4j_driver: neo4j.Driver, neo4j_settings: Any, build: Any
) -> None:
    """Two papers sharing a DOI (written before the constraint existed) stop the load with
    the constraint, the value and the fix; once they are gone the load recreates it."""
    database = neo4j_settings.database
    wipe(neo4j_driver, database)
    with neo4j_driver.session(database=database) as session:
        session.run("DROP CONSTRAINT paper_doi IF EXISTS").consume()
        session.run(
            "CREATE (:Paper {id: 'old:1', doi: '10.1/same'}), "
            "(:Paper {id: 'old:2', doi: '10.1/same'})"
        ).consume()
    graph = build("01_openalex/keypaper_results_page_1.json")
    with pytest.raises(
        Neo4jError, match=r"unique constraint paper_doi: .*'10\.1/same'.*merge or delete"
    ):
        load_graph(graph, **connection(neo4j_settings))
    wipe(neo4j_driver, database)
    load_graph(graph, **connection(neo4j_settings))
    with neo4j_driver.session(database=database) as session:
        names = {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name")}
    assert "paper_doi" in names
