"""The graphs the analyses run on, as igraph graphs with a fixed vertex order.

* the co-mention graph: every entity node (isolated ones too), undirected CO_MENTIONED
  edges weighted by ``weight`` (papers naming both);
* the citation graph: Paper nodes that cite or are cited, undirected CITES edges.

Vertices are in sorted id order and edges in sorted (source, target) order, so that the
seeded algorithms give the same result whatever order the graph was built in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from graphbuild.model import EntityType

__all__ = [
    "CITES",
    "CO_MENTIONED",
    "ENTITY_LABELS",
    "Projection",
    "citation_graph",
    "co_mention_graph",
    "is_corpus_paper",
    "is_entity",
]

CO_MENTIONED = "CO_MENTIONED"
CITES = "CITES"

if TYPE_CHECKING:
    import igraph as ig


@dataclass(frozen=True)
class Projection:
    """An igraph graph and the networkx node id of each vertex."""

    graph: ig.Graph
    ids: list[str]


ENTITY_LABELS = frozenset(f":{t.value}" for t in EntityType)


def is_entity(data: Mapping[str, object]) -> bool:
    """Whether a node's attributes are an entity's (Model, Method, Dataset, Benchmark)."""
    return data.get("labels") in ENTITY_LABELS


def is_corpus_paper(data: Mapping[str, object]) -> bool:
    """Whether a node is a Paper read from a record (not one known only as a reference)."""
    return data.get("labels") == ":Paper" and not data.get("referenced_only")


def co_mention_graph(graph: nx.MultiDiGraph, weight: str = "weight") -> Projection:
    """The undirected, weighted co-mention graph of the entities of ``graph``."""
    ids = sorted(str(n) for n, d in graph.nodes(data=True) if is_entity(d))
    return _project(graph, ids, CO_MENTIONED, weight)


def citation_graph(graph: nx.MultiDiGraph) -> Projection:
    """The undirected citation graph of the papers that cite or are cited (unweighted)."""
    ends: set[str] = set()
    for a, b, key in graph.edges(keys=True):
        if key == CITES:
            ends.update((str(a), str(b)))
    return _project(graph, sorted(ends), CITES, None)


def _project(graph: nx.MultiDiGraph, ids: list[str], key: str, weight: str | None) -> Projection:
    index = {node: i for i, node in enumerate(ids)}
    pairs: dict[tuple[int, int], float] = {}
    for a, b, edge_key, data in graph.edges(keys=True, data=True):
        if edge_key != key or a == b or a not in index or b not in index:
            continue
        i, j = sorted((index[a], index[b]))
        value = float(data.get(weight, 1)) if weight else 1.0
        # A pair cited both ways, or listed twice, counts once with the larger weight.
        pairs[(i, j)] = max(value, pairs.get((i, j), 0.0))
    edges = sorted(pairs)
    import igraph as ig  # imported on use: the CLI starts without it

    result = ig.Graph(n=len(ids), edges=edges, directed=False)
    result.es["weight"] = [pairs[e] for e in edges]
    return Projection(result, ids)
