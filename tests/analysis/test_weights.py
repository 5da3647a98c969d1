import math

import pytest

from graphbuild.analysis import weights
from graphbuild.build import association_strength as build_strength


def _corpus() -> dict[str, list[str]]:
    return {
        "p1": ["a", "b", "c"],
        "p2": ["a", "b"],
        "p3": ["a", "b", "d"],
        "p4": ["c", "d"],
        "p5": ["e"],
    }


def test_counts_every_pair_without_thresholds():
    counts = weights.count_pairs(_corpus())
    assert counts.weights == {
        ("a", "b"): 3,
        ("a", "c"): 1,
        ("a", "d"): 1,
        ("b", "c"): 1,
        ("b", "d"): 1,
        ("c", "d"): 1,
    }
    assert counts.paper_counts == {"a": 3, "b": 3, "c": 2, "d": 2, "e": 1}


def test_min_weight_drops_rare_entities_before_counting_pairs():
    counts = weights.count_pairs(_corpus(), min_weight=2)
    assert counts.weights == {("a", "b"): 3}
    # e (1 paper) cannot be in a pair of weight 2: it was never considered.
    assert counts.entities_considered == 4


def test_min_papers_drops_entities_first():
    counts = weights.count_pairs(_corpus(), min_papers=3)
    assert counts.weights == {("a", "b"): 3}
    assert counts.entities_considered == 2


def test_top_k_keeps_each_ends_heaviest_pairs():
    corpus = {f"p{i}": ["hub", f"x{i % 4}"] for i in range(10)}
    corpus["q"] = ["x0", "x1"]
    counts = weights.count_pairs(corpus, top_k=1)
    # hub's heaviest pair is x0 or x1 (3 papers each; ties by id: x0); every x keeps its
    # pair with hub, so the x0-x1 pair (1 paper) is nobody's top 1.
    assert set(counts.weights) == {("hub", "x0"), ("hub", "x1"), ("hub", "x2"), ("hub", "x3")}


def test_counting_in_chunks_gives_the_same_counts(monkeypatch):
    corpus = {f"p{i}": [f"e{j}" for j in range(i % 7, i % 7 + 5)] for i in range(500)}
    whole = weights.count_pairs(corpus)
    monkeypatch.setattr(weights, "_CHUNK", 1)  # flush after every few papers
    assert weights.count_pairs(corpus).weights == whole.weights


def test_pair_papers_lists_only_the_requested_pairs():
    found = weights.pair_papers(_corpus(), [("a", "b"), ("c", "d")])
    assert found == {("a", "b"): ["p1", "p2", "p3"], ("c", "d"): ["p4"]}


def test_measures_follow_their_formulas():
    counts = weights.count_pairs(_corpus())
    measures = weights.pair_measures(counts.weights, counts.paper_counts, total_papers=5)
    ab = measures[("a", "b")]
    assert ab["jaccard"] == 1.0  # a and b are named by the same three papers
    expected = math.log(3 * 5 / (3 * 3)) / -math.log(3 / 5)
    assert ab["npmi"] == pytest.approx(expected, abs=1e-6)
    cd = measures[("c", "d")]
    assert cd["jaccard"] == pytest.approx(1 / 3, abs=1e-6)


def test_npmi_is_one_when_a_pair_is_in_every_paper():
    measures = weights.pair_measures({("a", "b"): 2}, {"a": 2, "b": 2}, total_papers=2)
    assert measures[("a", "b")]["npmi"] == 1.0


def test_association_strength_matches_the_builders():
    counts = weights.count_pairs(_corpus())
    assert weights.association_strength(counts.weights) == build_strength(counts.weights)


def test_add_edge_weights_sets_every_measure(make_graph):
    graph = make_graph([(["A", "B"], {}), (["A", "B", "C"], {}), (["C"], {})])
    assert weights.add_edge_weights(graph) == 3
    data = graph.edges["a", "b", "CO_MENTIONED"]
    assert data["jaccard"] == 1.0
    assert data["npmi"] == pytest.approx(math.log(2 * 3 / 4) / -math.log(2 / 3), abs=1e-6)
    assert {"association_strength", "jaccard", "npmi"} <= set(graph.edges["a", "c", "CO_MENTIONED"])
