import io
import json
from pathlib import Path

from graphbuild.analysis import AnalysisOptions, analyse_graph
from graphbuild.formats.graphml import write_graphml
from graphbuild.pipeline import build_graph

ENTITY_ATTRIBUTES = {
    "community",
    "pagerank",
    "degree",
    "weighted_degree",
    "betweenness",
    "dated_papers",
    "papers_per_period",
    "growth",
    "burst",
    "first_seen",
    "last_seen",
}


def _graphml(graph) -> bytes:
    buffer = io.BytesIO()
    write_graphml(graph, buffer)
    return buffer.getvalue()


def test_every_entity_gets_every_attribute(sample_paths, assert_valid_graphml):
    graph = build_graph(sample_paths).graph
    report = analyse_graph(graph, AnalysisOptions(period="month", listing_year=2024))
    entities = [d for _, d in graph.nodes(data=True) if d["labels"] != ":Paper"]
    for data in entities:
        assert set(data) >= ENTITY_ATTRIBUTES, data["id"]
        assert json.loads(data["papers_per_period"])
    assert report.entities == len(entities)
    assert report.communities == len({d["community"] for d in entities})
    assert report.dated_papers == 433 and report.undated_papers == 0
    for _, _, key, data in graph.edges(keys=True, data=True):
        if key == "CO_MENTIONED":
            assert {"jaccard", "npmi", "association_strength"} <= set(data)
    assert all("period" in d for _, d in graph.nodes(data=True) if d["labels"] == ":Paper")
    assert set(report.seconds) == {"weights", "communities", "centrality", "trends"}
    assert_valid_graphml(_graphml(graph))


def test_two_runs_write_byte_identical_graphml(sample_paths):
    options = AnalysisOptions(period="month", listing_year=2024)
    first = build_graph(sample_paths).graph
    second = build_graph(sample_paths).graph
    analyse_graph(first, options)
    analyse_graph(second, options)
    assert _graphml(first) == _graphml(second)


def test_without_a_year_listing_papers_stay_undated(sample_paths):
    graph = build_graph(sample_paths).graph
    report = analyse_graph(graph)
    assert report.dated_papers == 0 and report.periods == []
    bert = graph.nodes["bert"]
    assert "first_seen" not in bert and bert["dated_papers"] == 0 and bert["burst"] is False
    assert "community" in bert and "pagerank" in bert


SOURCES = Path(__file__).resolve().parents[3] / "shared" / "sources"


def test_citation_communities_and_years_of_a_real_export():
    export = SOURCES / "04_bibtex_ris_csl" / "pybibx_wos_export.bib"
    assert export.is_file(), f"{export} is missing: shared/ must sit beside the repository"
    graph = build_graph([export]).graph
    report = analyse_graph(graph)
    cites = [(a, b) for a, b, k in graph.edges(keys=True) if k == "CITES"]
    assert cites and report.citation_communities > 1
    for a, b in cites:
        assert "citation_community" in graph.nodes[a] and "citation_community" in graph.nodes[b]
    # Records give years: every corpus paper with one is dated; works known only as
    # references are not counted.
    corpus = [d for _, d in graph.nodes(data=True) if d["labels"] == ":Paper"]
    corpus = [d for d in corpus if not d.get("referenced_only")]
    with_year = [d for d in corpus if d.get("year") or d.get("date")]
    assert len(with_year) > 200
    assert report.dated_papers == len(with_year) == sum(1 for d in corpus if "period" in d)
    assert report.undated_papers == len(corpus) - len(with_year)
    assert report.periods == [str(y) for y in range(int(report.periods[0]), 2023)]
    # Authors and venues are not entities of the co-mention map.
    entities = [d for _, d in graph.nodes(data=True) if "community" in d]
    assert {d["labels"] for d in entities} <= {":Model", ":Method", ":Dataset", ":Benchmark"}
