"""Communities with the Leiden algorithm (leidenalg on igraph), seeded and deterministic.

The partition optimises modularity with a resolution parameter
(``RBConfigurationVertexPartition``; higher resolution, smaller communities), on the
weighted co-mention graph of the entities and, when the graph has CITES edges, on the
citation graph of the papers. Communities are numbered 0, 1, ... by size (largest first),
ties by their smallest member id, so that the numbers mean the same thing in every run
and in every export. An entity with no co-mention forms a community of its own.
"""

from __future__ import annotations

import networkx as nx

from graphbuild.analysis.projection import Projection, citation_graph, co_mention_graph

__all__ = [
    "DEFAULT_RESOLUTION",
    "DEFAULT_SEED",
    "citation_communities",
    "co_mention_communities",
    "leiden",
]

DEFAULT_RESOLUTION = 1.0
DEFAULT_SEED = 42


def leiden(
    projection: Projection, *, resolution: float = DEFAULT_RESOLUTION, seed: int = DEFAULT_SEED
) -> dict[str, int]:
    """Leiden communities of a projected graph, numbered by size.

    Args:
        projection: The graph (edge attribute ``weight``) and its vertex ids.
        resolution: Modularity resolution; values above 1 give smaller communities.
        seed: Seed of leidenalg's random number generator.

    Returns:
        Community number of each vertex id.
    """
    graph = projection.graph
    if graph.vcount() == 0:
        return {}
    import leidenalg  # imported on use (with igraph): the CLI starts without them

    partition = leidenalg.find_partition(
        graph,
        leidenalg.RBConfigurationVertexPartition,
        weights="weight" if graph.ecount() else None,
        resolution_parameter=resolution,
        seed=seed,
        n_iterations=-1,
    )
    members: dict[int, list[str]] = {}
    for vertex, community in enumerate(partition.membership):
        members.setdefault(community, []).append(projection.ids[vertex])
    ranked = sorted(members.values(), key=lambda ids: (-len(ids), min(ids)))
    return {node: number for number, ids in enumerate(ranked) for node in ids}


def co_mention_communities(
    graph: nx.MultiDiGraph,
    *,
    resolution: float = DEFAULT_RESOLUTION,
    seed: int = DEFAULT_SEED,
    weight: str = "weight",
) -> dict[str, int]:
    """Leiden communities of the entities on the co-mention graph (see the module docstring)."""
    return leiden(co_mention_graph(graph, weight), resolution=resolution, seed=seed)


def citation_communities(
    graph: nx.MultiDiGraph, *, resolution: float = DEFAULT_RESOLUTION, seed: int = DEFAULT_SEED
) -> dict[str, int]:
    """Leiden communities of the papers on the citation graph; empty without CITES edges."""
    return leiden(citation_graph(graph), resolution=resolution, seed=seed)
