import json
from collections import Counter

import igraph
import networkx as nx
import pytest

from graphbuild import build
from graphbuild.build import association_strength
from graphbuild.formats.graphml import generate_graphml, read_graphml, write_graphml
from graphbuild.pipeline import build_graph, extract_papers, extraction_records


def test_samples_give_433_papers_and_typed_entities(sample_build):
    summary = sample_build.summary
    assert summary["records_read"] == 510
    assert summary["papers"] == 433
    assert summary["skipped"] == 0
    assert all(count > 0 for count in summary["entities"].values())
    assert all(count > 0 for count in summary["edges"].values())


def test_a_paper_in_several_listings_is_one_node_with_every_source(sample_build):
    graph = sample_build.graph
    papers = [d for _, d in graph.nodes(data=True) if d["labels"] == ":Paper"]
    multi = [p for p in papers if len(json.loads(p["sources"])) > 1]
    assert len(multi) == 62


def test_node_and_edge_attributes_follow_the_data_model(sample_build):
    graph = sample_build.graph
    for node, data in graph.nodes(data=True):
        assert next(iter(data)) == "labels"
        assert data["id"] == node
        if data["labels"] != ":Paper":
            assert data["labels"] == f":{data['type']}"
            assert isinstance(json.loads(data["aliases"]), list)
    for source, target, key, data in graph.edges(keys=True, data=True):
        assert next(iter(data)) == "label"
        assert data["label"] == key
        if key == "CO_MENTIONED":
            assert source < target
            assert data["weight"] == len(json.loads(data["papers"]))
        else:
            assert graph.nodes[source]["labels"] == ":Paper"


def test_co_mention_weights_count_the_papers_naming_both(sample_build):
    graph = sample_build.graph
    entities_of = {}
    for paper, entity, key in graph.edges(keys=True):
        if key == "MENTIONS":
            entities_of.setdefault(paper, set()).add(entity)
    expected = Counter()
    for entities in entities_of.values():
        ordered = sorted(entities)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                expected[(a, b)] += 1
    found = {
        (a, b): d["weight"]
        for a, b, k, d in graph.edges(keys=True, data=True)
        if k == "CO_MENTIONED"
    }
    assert found == dict(expected)


def test_association_strength_is_vosviewers():
    strength = association_strength({("a", "b"): 2, ("a", "c"): 1, ("b", "c"): 1})
    # m = 4; k_a = 3, k_b = 3, k_c = 2
    assert strength[("a", "b")] == pytest.approx(2 * 4 * 2 / (3 * 3))
    assert strength[("a", "c")] == pytest.approx(2 * 4 * 1 / (3 * 2))


@pytest.mark.parametrize("min_weight", [2, 3])
def test_min_weight_filters_co_mentions(sample_build, min_weight):
    # The graph stage alone, on the session's extraction: no need to extract again.
    extraction = sample_build.extraction
    graph = build.build_graph(
        extraction.papers,
        extraction.mentions,
        extraction.resolution,
        build.GraphOptions(min_weight=min_weight),
    )
    weights = [d["weight"] for *_, k, d in graph.edges(keys=True, data=True) if k == "CO_MENTIONED"]
    assert weights and min(weights) >= min_weight
    assert graph.number_of_edges() < sample_build.graph.number_of_edges()


def test_graphml_is_byte_identical_across_runs(sample_build, sample_paths):
    first = "".join(generate_graphml(sample_build.graph))
    second = "".join(generate_graphml(build_graph(sample_paths).graph))
    assert first == second


def test_input_order_changes_no_node_nor_edge(sample_build, sample_paths):
    reordered = build_graph(list(reversed(sample_paths))).graph
    graph = sample_build.graph
    assert sorted(reordered.nodes) == sorted(graph.nodes)
    assert sorted(reordered.edges(keys=True)) == sorted(graph.edges(keys=True))
    for a, b, key, data in graph.edges(keys=True, data=True):
        assert reordered.edges[a, b, key] == data


def test_graphml_round_trip_and_readers(sample_build, tmp_path):
    path = tmp_path / "graph.graphml"
    write_graphml(sample_build.graph, path)
    back = read_graphml(path)
    assert back.number_of_nodes() == sample_build.graph.number_of_nodes()
    assert back.number_of_edges() == sample_build.graph.number_of_edges()
    plain = nx.read_graphml(path)
    assert plain.number_of_nodes() == sample_build.graph.number_of_nodes()
    with pytest.warns(RuntimeWarning, match="already an 'id' vertex attribute"):
        loaded = igraph.Graph.Read_GraphML(str(path))
    assert loaded.vcount() == sample_build.graph.number_of_nodes()
    assert sorted(set(loaded.vs["labels"])) == [
        ":Benchmark",
        ":Dataset",
        ":Method",
        ":Model",
        ":Paper",
    ]


def test_explained_merges_name_their_reason(sample_build):
    reasons = {m.reason.split(" (")[0] for m in sample_build.extraction.resolution.merges}
    assert reasons  # the samples do hold plural and abbreviation variants
    assert reasons <= {
        "plural",
        "abbreviation and long form",
        "same abbreviation and long form",
        "abbreviation (commonest of several senses)",
        "long form written alone",
        "fuzzy match",
    }


def test_extraction_records_have_the_scorer_shape(sample_paths):
    extraction = extract_papers(sample_paths[:1])
    records = list(extraction_records(extraction))
    assert len(records) == len(extraction.papers)
    for record in records:
        assert {"id", "title", "entities"} <= set(record)
        for entity in record["entities"]:
            assert {"name", "type", "mentions"} <= set(entity)
            assert entity["type"] in {"Model", "Dataset", "Benchmark", "Method"}
            for mention in entity["mentions"]:
                text = extraction.papers[0].title  # any paper: check offsets below
                assert mention["end"] > mention["start"]
    by_id = {p.id: p for p in extraction.papers}
    for record in records:
        paper = by_id[record["id"]]
        for entity in record["entities"]:
            for mention in entity["mentions"]:
                text = paper.title if mention["field"] == "title" else paper.abstract
                assert text[mention["start"] : mention["end"]] == mention["surface"]


def test_sample_graph_is_valid_graphml(sample_build, assert_valid_graphml):
    data = "".join(generate_graphml(sample_build.graph)).encode("utf-8")
    assert_valid_graphml(data)
