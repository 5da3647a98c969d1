"""Graph -> parameter rows: the data model, whitelists and clear errors on bad values."""

from __future__ import annotations

import pytest

from graphbuild.errors import GraphbuildError, Neo4jError
from graphbuild.neo4j import loader
from graphbuild.neo4j.rows import graph_rows


def test_rows_follow_the_data_model(graph):
    rows = graph_rows(graph)
    assert [row[0] for row in rows.papers] == ["arxiv:2101.00001", "arxiv:2101.00002"]
    first_id, props, sources = rows.papers[0]
    assert sources == ["a.txt:1"]
    assert props["authors"] == ["Ada", "Alan"]  # JSON list -> native list
    assert "labels" not in props and "id" not in props and "sources" not in props
    # the type is recomputed from MENTIONS in the database, not copied
    assert rows.entities["Model"] == [["gpt3", {"name": "GPT3"}, ["GPT3s", "gpt3"]]]
    # paper_count/mention_count are recomputed from MENTIONS in the database, not copied
    assert all("paper_count" not in row[1] for rs in rows.entities.values() for row in rs)
    mentions = rows.links["MENTIONS"]["arxiv:2101.00001"]
    # without `typed_as` on the edge, the paper gives the entity its type in this graph
    assert ["gpt3", 2, True, ["GPT-3"], '[["title", 0, 5]]', "Model", None] in mentions
    assert rows.links["INTRODUCES"]["arxiv:2101.00001"] == [["gpt3", "we_propose", "GPT-3", None]]
    assert rows.co_mentioned == 1  # pairs are computed from MENTIONS by the database
    assert rows.node_count == 5
    assert rows.relationship_counts() == {"MENTIONS": 3, "INTRODUCES": 1, "CO_MENTIONED": 1}
    assert rows.mentioned("arxiv:2101.00001") == {"gpt3", "glue"}


def test_unknown_attributes_travel_as_extra_properties(graph):
    g = graph
    g.edges["arxiv:2101.00002", "lora", "MENTIONS"]["confidence"] = 0.5
    rows = graph_rows(g)
    assert rows.links["MENTIONS"]["arxiv:2101.00002"][0][-1] == {"confidence": 0.5}


@pytest.mark.parametrize("labels", [":Person", "", ":Model) DETACH DELETE (n", "Paperz"])
def test_unknown_node_labels_are_refused(labels, graph):
    g = graph
    g.nodes["gpt3"]["labels"] = labels
    with pytest.raises(GraphbuildError, match="expected one of :Paper, :Model"):
        graph_rows(g)


@pytest.mark.parametrize("rel_type", ["FOLLOWS", "MENTIONS]->() DETACH DELETE (x", "mentions"])
def test_unknown_relationship_types_are_refused(rel_type, graph):
    g = graph
    g.add_edge("arxiv:2101.00001", "lora", key=rel_type, label=rel_type)
    with pytest.raises(GraphbuildError, match="expected one of MENTIONS, INTRODUCES"):
        graph_rows(g)


def test_edges_must_fit_their_type(graph):
    g = graph
    g.add_edge("gpt3", "arxiv:2101.00001", key="MENTIONS", label="MENTIONS", count=1)
    with pytest.raises(GraphbuildError, match="from a paper to an entity"):
        graph_rows(g)
    g = graph
    g.add_edge("arxiv:2101.00001", "gpt3", key="CO_MENTIONED", label="CO_MENTIONED", papers="[]")
    with pytest.raises(GraphbuildError, match="two entities"):
        graph_rows(g)


def test_a_bad_graph_is_refused_before_connecting(graph, closed_port):
    g = graph
    g.add_edge("arxiv:2101.00001", "lora", key="FOLLOWS", label="FOLLOWS")
    with pytest.raises(GraphbuildError, match="type 'FOLLOWS'") as caught:
        loader.load_graph(g, uri=f"bolt://127.0.0.1:{closed_port}", password="pw")
    assert not isinstance(caught.value, Neo4jError)


def test_bad_list_attribute_is_named(graph):
    g = graph
    g.nodes["gpt3"]["aliases"] = "not json"
    with pytest.raises(GraphbuildError, match="'gpt3' attribute 'aliases' is not a JSON list"):
        graph_rows(g)


def test_a_paper_gives_the_type_on_its_mentions(graph):
    graph.edges["arxiv:2101.00001", "gpt3", "MENTIONS"]["typed_as"] = "Method"
    rows = graph_rows(graph)
    assert rows.links["MENTIONS"]["arxiv:2101.00001"][0][5] == "Method"
    graph.edges["arxiv:2101.00001", "gpt3", "MENTIONS"]["typed_as"] = "Person"
    with pytest.raises(GraphbuildError, match="attribute 'typed_as' is 'Person'; expected one of"):
        graph_rows(graph)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("two", "attribute 'count' is 'two'; a count is a whole number from 0"),
        (float("nan"), "attribute 'count' is nan; a count is a whole number"),
        (float("inf"), "attribute 'count' is inf; a count is a whole number"),
        (2.5, "attribute 'count' is 2.5; a count is a whole number from 0"),
        (-1, "attribute 'count' is -1; a count cannot be negative"),
        (10**22, "attribute 'count' is an integer of 23 digits, out of Neo4j's 64-bit range"),
        (True, "attribute 'count' is True; a count is a whole number"),
    ],
)
def test_bad_counts_are_refused_with_the_edge_named(graph, value, message):
    graph.edges["arxiv:2101.00001", "gpt3", "MENTIONS"]["count"] = value
    with pytest.raises(GraphbuildError) as caught:
        graph_rows(graph)
    text = str(caught.value)
    assert text.startswith("MENTIONS edge 'arxiv:2101.00001' -> 'gpt3' attribute 'count' is")
    assert message in text and "graphbuild build" in text


@pytest.mark.parametrize(
    ("where", "key", "value", "message"),
    [
        ("node", "paper_count", float("nan"), "node 'gpt3' attribute 'paper_count' is nan"),
        ("node", "mention_count", "many", "node 'gpt3' attribute 'mention_count' is 'many'"),
        ("node", "score", float("-inf"), "node 'gpt3' attribute 'score' is -inf, not a finite"),
        ("node", "rank", -(2**70), "node 'gpt3' attribute 'rank' is an integer of 22 digits"),
        ("node", "name", "GPT\ud8003", "node 'gpt3' attribute 'name' holds '\\ud800'"),
        ("edge", "weight", float("inf"), "edge 'gpt3' -> 'glue' attribute 'weight' is inf"),
        ("edge", "association_strength", float("nan"), "attribute 'association_strength' is nan"),
    ],
)
def test_values_neo4j_cannot_store_are_refused(graph, where, key, value, message):
    if where == "node":
        graph.nodes["gpt3"][key] = value
    else:
        graph.edges["gpt3", "glue", "CO_MENTIONED"][key] = value
    with pytest.raises(GraphbuildError) as caught:
        graph_rows(graph)
    assert message in str(caught.value)


def test_lone_surrogates_in_lists_and_ids_are_refused(graph):
    graph.nodes["gpt3"]["aliases"] = '["ok", "bad \\ud800"]'
    with pytest.raises(GraphbuildError, match="node 'gpt3' attribute 'aliases' holds"):
        graph_rows(graph)


def test_further_pair_attributes_go_along_with_the_computed_pairs(graph):
    graph.edges["gpt3", "glue", "CO_MENTIONED"]["npmi"] = 0.5
    rows = graph_rows(graph)
    assert rows.pair_extras == {("glue", "gpt3"): {"npmi": 0.5}}  # ends ordered, no papers


def test_citation_layer_rows(citation_graph):
    rows = graph_rows(citation_graph)
    stub = rows.papers[-1]  # sorted by id
    assert stub == [
        "doi:10.1/cited",
        {
            "title": "A cited work",
            "abstract": "",
            "norm_title": "a cited work",
            "authors": [],
            "doi": "10.1/cited",
            "referenced_only": True,
        },
        ["a.txt:1"],
    ]
    assert rows.papers[0][1]["openalex_id"] == "W1" and rows.papers[0][1]["year"] == 2021
    # paper_count is recomputed in the database; None attributes are not sent
    assert rows.citation_nodes == {
        "Author": [
            ["author:orcid:0000-0002-1825-0097", {"name": "Ada", "orcid": "0000-0002-1825-0097"}]
        ],
        "Venue": [["venue:name:neurips", {"name": "NeurIPS"}]],
    }
    assert rows.citations == {
        "CITES": {"arxiv:2101.00002": [["doi:10.1/cited", ["openalex", "wos"], None]]},
        "WROTE": {"author:orcid:0000-0002-1825-0097": [["arxiv:2101.00001", 1, None]]},
        "PUBLISHED_IN": {"arxiv:2101.00001": [["venue:name:neurips", None]]},
        # `inferred` is written by the statement itself, always true
        "DRAWS_ON": {"arxiv:2101.00002": [["arxiv:2101.00001", ["gpt3"], None]]},
    }
    assert rows.node_count == 8
    counts = rows.relationship_counts()
    assert [counts[t] for t in ("CITES", "WROTE", "PUBLISHED_IN", "DRAWS_ON")] == [1, 1, 1, 1]


@pytest.mark.parametrize(
    ("edge", "message"),
    [
        (("arxiv:2101.00001", "gpt3", "CITES"), "CITES edge .* from :Paper to :Paper"),
        (("arxiv:2101.00001", "venue:name:neurips", "WROTE"), "from :Author to :Paper"),
        (("venue:name:neurips", "arxiv:2101.00001", "PUBLISHED_IN"), "from :Paper to :Venue"),
        (
            ("arxiv:2101.00001", "author:orcid:0000-0002-1825-0097", "MENTIONS"),
            "from a paper to an entity",
        ),
    ],
)
def test_citation_edges_must_fit_their_type(citation_graph, edge, message):
    g = citation_graph
    g.add_edge(edge[0], edge[1], key=edge[2], label=edge[2])
    with pytest.raises(GraphbuildError, match=message):
        graph_rows(g)


def test_draws_on_is_always_inferred(citation_graph):
    g = citation_graph
    g.edges["arxiv:2101.00002", "arxiv:2101.00001", "DRAWS_ON"]["inferred"] = False
    with pytest.raises(GraphbuildError, match="DRAWS_ON is always inferred"):
        graph_rows(g)
