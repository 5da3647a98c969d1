"""The citation queries on the combined graph of every shared source, in a real Neo4j.

Each query's rows are checked against the same answer computed here from the networkx
graph, in plain Python.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

import neo4j
import networkx as nx
import pytest

from graphbuild.citation_graph import CITES
from graphbuild.neo4j.loader import load_graph
from graphbuild.neo4j.queries import list_queries, run_query
from tests.integration.conftest import wipe

TESTED: set[str] = set()
#: The queries of the citation layer: those that follow CITES (tested here, not in
#: test_queries.py, which runs on the Hugging Face samples alone).
CITATION_QUERIES = {q.name for q in list_queries() if "[:CITES" in q.text}


@pytest.fixture(scope="module")
def loaded(
    neo4j_driver: neo4j.Driver, neo4j_settings: Any, citation_graph: nx.MultiDiGraph
) -> neo4j.Driver:
    """The combined graph, loaded once for this module into an emptied database."""
    wipe(neo4j_driver, neo4j_settings.database)
    load_graph(
        citation_graph,
        uri=neo4j_settings.uri,
        username=neo4j_settings.username,
        password=neo4j_settings.password,
        database=neo4j_settings.database,
    )
    return neo4j_driver


def rows(loaded: neo4j.Driver, settings: Any, query: str, **params: Any) -> list[dict[str, Any]]:
    TESTED.add(query)
    return list(run_query(loaded, query, params, database=settings.database).rows)


def is_stub(graph: nx.MultiDiGraph, node: str) -> bool:
    return graph.nodes[node].get("referenced_only") is True


def cites(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    return [(u, v) for u, v, k in graph.edges(keys=True) if k == CITES]


def references(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Corpus paper -> the papers it cites."""
    found: dict[str, set[str]] = defaultdict(set)
    for u, v in cites(graph):
        if not is_stub(graph, u):
            found[u].add(v)
    return found


@pytest.mark.parametrize("records_only", [False, True])
def test_most_cited_papers(
    loaded: neo4j.Driver, neo4j_settings: Any, citation_graph: nx.MultiDiGraph, records_only: bool
) -> None:
    graph = citation_graph
    counts = Counter(
        v
        for u, v in cites(graph)
        if not is_stub(graph, u) and not (records_only and is_stub(graph, v))
    )
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:20]
    found = rows(loaded, neo4j_settings, "most_cited_papers", limit=20, records_only=records_only)
    assert [(r["paper"], r["citations"]) for r in found] == expected
    assert [r["referenced_only"] for r in found] == [is_stub(graph, p) for p, _ in expected]
    assert found[0]["citations"] > 50
    # DRAWS_ON never counts: no paper's count includes an inferred link.
    assert any(r["referenced_only"] for r in found) is not records_only


def test_co_citation(
    loaded: neo4j.Driver, neo4j_settings: Any, citation_graph: nx.MultiDiGraph
) -> None:
    pairs: Counter[tuple[str, str]] = Counter()
    for cited in references(citation_graph).values():
        pairs.update(combinations(sorted(cited), 2))
    expected = sorted(
        ((pair, n) for pair, n in pairs.items() if n >= 3), key=lambda item: (-item[1], item[0])
    )[:30]
    found = rows(loaded, neo4j_settings, "co_citation", limit=30, min_papers=3)
    assert [((r["paper_a"], r["paper_b"]), r["papers"]) for r in found] == expected
    assert len(found) == 30


def test_bibliographic_coupling(
    loaded: neo4j.Driver, neo4j_settings: Any, citation_graph: nx.MultiDiGraph
) -> None:
    citing: dict[str, set[str]] = defaultdict(set)
    for paper, cited in references(citation_graph).items():
        for ref in cited:
            citing[ref].add(paper)
    pairs: Counter[tuple[str, str]] = Counter()
    for papers in citing.values():
        pairs.update(combinations(sorted(papers), 2))
    expected = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))[:30]
    found = rows(loaded, neo4j_settings, "bibliographic_coupling", limit=30, min_shared=2)
    assert [((r["paper_a"], r["paper_b"]), r["shared"]) for r in found] == expected
    # min_shared filters after counting
    high = rows(loaded, neo4j_settings, "bibliographic_coupling", limit=1000, min_shared=40)
    assert [r["shared"] for r in high] == sorted(
        (n for n in pairs.values() if n >= 40), reverse=True
    )


def test_citation_path(
    loaded: neo4j.Driver, neo4j_settings: Any, citation_graph: nx.MultiDiGraph
) -> None:
    graph = nx.DiGraph(cites(citation_graph))
    # The first corpus paper (by id) with a paper three citations away.
    start, end = next(
        (a, b)
        for a in sorted(n for n in graph if not is_stub(citation_graph, n))
        for b, hops in sorted(nx.single_source_shortest_path_length(graph, a).items())
        if hops == 3
    )
    paths = sorted(nx.all_shortest_paths(graph, start, end))
    found = rows(loaded, neo4j_settings, "citation_path", citing=start, cited=end, limit=100)
    assert [r["papers"] for r in found] == paths
    assert {r["hops"] for r in found} == {3}
    # Papers may be named by DOI or exact title too; the direction matters.
    doi = citation_graph.nodes[start].get("doi")
    title = citation_graph.nodes[end]["title"]
    if doi:
        by_doi = rows(loaded, neo4j_settings, "citation_path", citing=doi, cited=end, limit=1)
        assert by_doi[0]["papers"] == paths[0]
    # A title names the first paper (by id) that has it, ignoring case.
    named = min(
        n
        for n, d in citation_graph.nodes(data=True)
        if d["labels"] == ":Paper" and str(d["title"]).lower() == title.lower()
    )
    to_named = (
        sorted(nx.all_shortest_paths(graph, start, named))
        if named in graph and (nx.has_path(graph, start, named))
        else []
    )
    by_title = rows(loaded, neo4j_settings, "citation_path", citing=start, cited=title.upper())
    assert [r["papers"] for r in by_title] == to_named[:5]
    # CITES is directed: the way back exists only if the end cites its way to the start.
    back = (
        sorted(nx.all_shortest_paths(graph, end, start)) if nx.has_path(graph, end, start) else []
    )
    found_back = rows(loaded, neo4j_settings, "citation_path", citing=end, cited=start)
    assert [r["papers"] for r in found_back] == back[:5]


def introducers(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Entity -> the papers that INTRODUCE it."""
    found: dict[str, set[str]] = defaultdict(set)
    for u, v, k in graph.edges(keys=True):
        if k == "INTRODUCES":
            found[v].add(u)
    return found


def mentioning(graph: nx.MultiDiGraph, entity: str) -> set[str]:
    return {u for u, _, k in graph.in_edges(entity, keys=True) if k == "MENTIONS"}


def unique_entity(graph: nx.MultiDiGraph, candidates: list[str]) -> str:
    """The first candidate whose id names no other entity (by name or alias)."""
    for entity in candidates:
        others = [
            n
            for n, d in graph.nodes(data=True)
            if n != entity
            and d.get("labels") not in (":Paper", ":Author", ":Venue")
            and (
                str(d.get("name", "")).lower() == entity.lower()
                or entity.lower() in str(d.get("aliases", "")).lower()
            )
        ]
        if not others:
            return entity
    raise AssertionError("no entity to test with")


def test_citing_the_introducer(
    loaded: neo4j.Driver, neo4j_settings: Any, citation_graph: nx.MultiDiGraph
) -> None:
    graph = citation_graph
    by_entity = introducers(graph)
    citing_of = {
        entity: {(o, u) for o in origins for u, _, k in graph.in_edges(o, keys=True) if k == CITES}
        for entity, origins in by_entity.items()
    }
    ranked = sorted(citing_of, key=lambda e: (-len(citing_of[e]), e))
    entity = unique_entity(graph, ranked)
    expected = sorted(citing_of[entity])
    assert len(expected) >= 2
    found = rows(loaded, neo4j_settings, "citing_the_introducer", name=entity, limit=500)
    assert [(r["introduced_by"], r["paper"]) for r in found] == expected
    users = mentioning(graph, entity)
    assert [r["names_entity"] for r in found] == [p in users for _, p in expected]
    assert {r["entity"] for r in found} == {graph.nodes[entity]["name"]}


@pytest.mark.parametrize("with_references", [True, False])
def test_uses_without_citing(
    loaded: neo4j.Driver,
    neo4j_settings: Any,
    citation_graph: nx.MultiDiGraph,
    with_references: bool,
) -> None:
    graph = citation_graph
    refs = references(graph)
    by_entity = introducers(graph)

    def answer(entity: str) -> list[tuple[str, int]]:
        origins = by_entity[entity]
        return sorted(
            (p, len(refs.get(p, ())))
            for p in mentioning(graph, entity)
            if not is_stub(graph, p)
            and p not in origins
            and not refs.get(p, set()) & origins
            and (refs.get(p) or not with_references)
        )

    # Entities that some papers use while citing their introducer and others use without.
    answers = {e: answer(e) for e in by_entity}
    candidates = sorted(
        (e for e in by_entity if answers[e]),
        key=lambda e: (
            -sum(1 for p in mentioning(graph, e) if refs.get(p, set()) & by_entity[e]),
            -len(answers[e]),
            e,
        ),
    )
    entity = unique_entity(graph, candidates)
    expected = answer(entity)
    found = rows(
        loaded,
        neo4j_settings,
        "uses_without_citing",
        name=entity,
        limit=1000,
        with_references=with_references,
    )
    assert [(r["paper"], r["references"]) for r in found] == expected
    assert found[0]["introducers"] == sorted(by_entity[entity])
    if with_references:
        assert all(r["references"] > 0 for r in found)


def test_every_citation_query_is_tested() -> None:
    """Runs last in this module: each citation query was checked above."""
    assert {
        "most_cited_papers",
        "co_citation",
        "bibliographic_coupling",
        "citation_path",
        "citing_the_introducer",
        "uses_without_citing",
    } == CITATION_QUERIES
    assert CITATION_QUERIES <= TESTED
