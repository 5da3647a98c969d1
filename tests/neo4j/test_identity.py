"""One node per work across loads: the rule of graphbuild.neo4j.identity (no server)."""

from __future__ import annotations

from typing import Any

import pytest

from graphbuild.neo4j.identity import ID_KEYS, Found, lookup_rows, parse_found, resolve


def found(key: str, node_id: str, stub: bool = False, **ids: str) -> Found:
    keys = {"id", "title", *ids} | ({"referenced_only"} if stub else set())
    return Found(key, node_id, frozenset(keys), ids, stub)


def test_id_kinds_follow_the_build_s_order_of_strength() -> None:
    assert ID_KEYS["Paper"] == (
        "arxiv_id",
        "doi",
        "openalex_id",
        "s2_id",
        "s2_corpus_id",
        "acl_id",
        "pubmed_id",
        "pmc_id",
        "mag_id",
        "dblp_id",
        "citeseer_id",
        "ref_id",
    )
    assert ID_KEYS["Author"] == ("orcid", "openalex_id", "s2_author_id")


def test_lookup_rows_send_the_id_and_the_id_values_only() -> None:
    rows = [["arxiv:1", {"title": "T", "arxiv_id": "1", "doi": "10.1/x", "year": 2020}, []]]
    assert lookup_rows("Paper", rows) == [{"id": "arxiv:1", "arxiv_id": "1", "doi": "10.1/x"}]


def test_parse_found_reads_the_statement_s_items() -> None:
    [item] = parse_found(
        "Paper",
        [
            [
                "doi",
                "openalex:W1",
                ["id", "doi", "referenced_only"],
                {"doi": "10.1/x", "arxiv_id": None, "referenced_only": True},
            ]
        ],
    )
    assert item == Found(
        "doi", "openalex:W1", frozenset({"id", "doi", "referenced_only"}), {"doi": "10.1/x"}, True
    )


def test_nothing_found_keeps_the_graph_s_id_and_props() -> None:
    rows = [["arxiv:1", {"arxiv_id": "1", "title": "A"}]]
    target = resolve("Paper", rows, {}).targets["arxiv:1"]
    assert (target.node_id, target.props, target.onto_full) == (
        "arxiv:1",
        {"arxiv_id": "1", "title": "A"},
        False,
    )


def test_a_shared_id_kind_finds_the_node_and_adds_only_missing_ids() -> None:
    # Build B names Adam by its arXiv id; build A loaded it as openalex:W2964121744.
    rows = [
        [
            "arxiv:1412.6980",
            {
                "arxiv_id": "1412.6980",
                "openalex_id": "W2964121744",
                "doi": "10.9/other",
                "title": "Adam",
            },
        ]
    ]
    existing = found(
        "openalex_id", "openalex:W2964121744", openalex_id="W2964121744", doi="10.1/adam"
    )
    resolution = resolve("Paper", rows, {"arxiv:1412.6980": [existing]})
    target = resolution.targets["arxiv:1412.6980"]
    assert target.node_id == "openalex:W2964121744"
    # the node keeps its DOI and OpenAlex id; the arXiv id is new to it
    assert target.props == {"arxiv_id": "1412.6980", "title": "Adam"}
    assert resolution.held_elsewhere == []


def test_the_same_id_wins_then_the_strongest_kind() -> None:
    rows = [["doi:10.1/a", {"doi": "10.1/a", "arxiv_id": "2001.1", "openalex_id": "W1"}]]
    by_openalex = found("openalex_id", "openalex:W1", openalex_id="W1")
    by_arxiv = found("arxiv_id", "arxiv:2001.1", arxiv_id="2001.1")
    same = found("id", "doi:10.1/a", doi="10.1/a")
    choose = resolve("Paper", rows, {"doi:10.1/a": [by_openalex, by_arxiv]})
    assert choose.targets["doi:10.1/a"].node_id == "arxiv:2001.1"
    # the OpenAlex id is held by the other node: not written (unique), the nodes stay two
    assert choose.held_elsewhere == [("doi:10.1/a", "openalex_id", "W1")]
    assert "openalex_id" not in choose.targets["doi:10.1/a"].props
    again = resolve("Paper", rows, {"doi:10.1/a": [by_openalex, by_arxiv, same]})
    assert again.targets["doi:10.1/a"].node_id == "doi:10.1/a"


def test_a_node_is_claimed_once_per_load() -> None:
    # Both graph papers share a DOI-less node by OpenAlex id and its own id respectively.
    rows = [
        ["arxiv:1", {"arxiv_id": "1", "openalex_id": "W1"}],
        ["openalex:W1", {"openalex_id": "W1", "s2_id": "abc"}],
    ]
    node = found("openalex_id", "openalex:W1", openalex_id="W1")
    same = found("id", "openalex:W1", openalex_id="W1")
    resolution = resolve("Paper", rows, {"arxiv:1": [node], "openalex:W1": [same]})
    assert resolution.targets["openalex:W1"].node_id == "openalex:W1"
    # arxiv:1 gets a node of its own, without the OpenAlex id the other node holds
    assert resolution.targets["arxiv:1"].node_id == "arxiv:1"
    assert resolution.targets["arxiv:1"].props == {"arxiv_id": "1"}


def test_two_graph_nodes_with_one_id_value_write_it_once() -> None:
    rows = [
        ["venue:issn:1", {"issn": "1"}],
        ["venue:openalex:S1", {"openalex_id": "S1", "issn": "1"}],
    ]
    resolution = resolve("Venue", rows, {})
    assert resolution.targets["venue:issn:1"].props == {"issn": "1"}
    assert resolution.targets["venue:openalex:S1"].props == {"openalex_id": "S1"}
    assert resolution.held_elsewhere == [("venue:openalex:S1", "issn", "1")]


@pytest.mark.parametrize(
    ("row_stub", "node_stub", "props", "onto_full"),
    [
        # a stub never downgrades a full paper: only what it lacks
        (True, False, {"year": 1998}, True),
        # a record on a stub: everything (the statement removes the flag)
        (False, True, {"title": "Full title", "abstract": "Text", "year": 1998}, False),
        (True, True, {"title": "Full title", "year": 1998, "referenced_only": True}, False),
        (False, False, {"title": "Full title", "abstract": "Text", "year": 1998}, False),
    ],
)
def test_stubs_and_records(
    row_stub: bool, node_stub: bool, props: dict[str, Any], onto_full: bool
) -> None:
    row_props: dict[str, Any] = {"doi": "10.1/x", "title": "Full title", "year": 1998}
    if row_stub:
        row_props["referenced_only"] = True
    else:
        row_props["abstract"] = "Text"
    node = found("doi", "openalex:W9", stub=node_stub, doi="10.1/x")
    target = resolve("Paper", [["doi:10.1/x", row_props]], {"doi:10.1/x": [node]}).targets[
        "doi:10.1/x"
    ]
    assert target.node_id == "openalex:W9"
    assert target.props == props and target.onto_full is onto_full
