"""The entity map the analyst formats share: entity nodes, CO_MENTIONED links, colours.

GEXF, VOSviewer and the HTML view show the map of entities (papers are the evidence,
not the map); node-link, CSV and neo4j-admin CSV carry the whole graph.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import networkx as nx

CO_MENTIONED = "CO_MENTIONED"

#: Colour of each node type (colour-blind-safe Okabe-Ito hues), as RGB.
TYPE_COLOURS: dict[str, tuple[int, int, int]] = {
    "Model": (0, 114, 178),
    "Method": (213, 94, 0),
    "Dataset": (0, 158, 115),
    "Benchmark": (204, 121, 167),
    "Paper": (153, 153, 153),
}
#: Colours of communities 0..n (cycled); Tableau 10.
COMMUNITY_COLOURS: tuple[tuple[int, int, int], ...] = (
    (78, 121, 167),
    (242, 142, 43),
    (225, 87, 89),
    (118, 183, 178),
    (89, 161, 79),
    (237, 201, 72),
    (176, 122, 161),
    (255, 157, 167),
    (156, 117, 95),
    (186, 176, 172),
)
#: Attributes left out of the map formats: long lists of paper ids and evidence.
HEAVY = frozenset({"papers", "spans", "surfaces", "abstract", "labels", "label"})


def hex_colour(rgb: tuple[int, int, int]) -> str:
    """``#rrggbb`` of an RGB triple."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def type_colour(node_type: object) -> tuple[int, int, int]:
    """The colour of a node type (grey when unknown)."""
    return TYPE_COLOURS.get(str(node_type), TYPE_COLOURS["Paper"])


def community_colour(community: object) -> tuple[int, int, int]:
    """The colour of a community number (grey when absent)."""
    if isinstance(community, int) and not isinstance(community, bool):
        return COMMUNITY_COLOURS[community % len(COMMUNITY_COLOURS)]
    return TYPE_COLOURS["Paper"]


def node_size(papers: int, most: int, smallest: float = 4.0, largest: float = 40.0) -> float:
    """Size growing with the square root of papers (area ~ papers), rounded to 2 decimals."""
    if most <= 0:
        return smallest
    return round(smallest + (largest - smallest) * math.sqrt(max(papers, 0) / most), 2)


ENTITY_LABELS = frozenset({":Model", ":Method", ":Dataset", ":Benchmark"})


def is_entity(data: Mapping[str, Any]) -> bool:
    """Whether node attributes are an entity's (Model, Method, Dataset, Benchmark)."""
    return data.get("labels") in ENTITY_LABELS


def is_corpus_paper(data: Mapping[str, Any]) -> bool:
    """Whether a node is a Paper read from a record (not one known only as a reference)."""
    return data.get("labels") == ":Paper" and not data.get("referenced_only")


def entity_nodes(graph: nx.MultiDiGraph) -> list[tuple[str, dict[str, Any]]]:
    """Entity nodes sorted by id, with their attributes."""
    return sorted(((str(n), d) for n, d in graph.nodes(data=True) if is_entity(d)))


def co_mentions(graph: nx.MultiDiGraph) -> list[tuple[str, str, dict[str, Any]]]:
    """CO_MENTIONED edges sorted by their ends."""
    return sorted(
        (str(a), str(b), d) for a, b, k, d in graph.edges(keys=True, data=True) if k == CO_MENTIONED
    )


def scalar(value: object) -> object:
    """A value as a file scalar: lists, tuples and dicts as JSON text."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def column_types(rows: list[dict[str, Any]], skip: frozenset[str] = HEAVY) -> dict[str, str]:
    """The kind of each attribute over ``rows``: bool, int, float or str (widened when mixed)."""
    kinds: dict[str, str] = {}
    for row in rows:
        for name, value in row.items():
            if name in skip or value is None:
                continue
            kind = (
                "bool"
                if isinstance(value, bool)
                else "int"
                if isinstance(value, int)
                else "float"
                if isinstance(value, float)
                else "str"
            )
            old = kinds.get(name)
            if old is None or old == kind:
                kinds[name] = kind
            elif {old, kind} == {"int", "float"}:
                kinds[name] = "float"
            else:
                kinds[name] = "str"
    return dict(sorted(kinds.items()))
