"""Centrality of the entities on the weighted co-mention graph (igraph).

* ``pagerank`` — weighted PageRank (damping 0.85) on the undirected graph.
* ``degree`` — distinct co-mentioned entities; ``weighted_degree`` — the sum of the pair
  weights (papers), what VOSviewer calls total link strength.
* ``betweenness`` — normalised to [0, 1] (divided by ``(n-1)(n-2)/2``); shortest paths use
  the distance ``1 / weight``, so a pair named together often is close. Exact up to
  ``exact_limit`` entities; above that, estimated from ``samples`` source entities drawn
  with a fixed seed (Brandes & Pich 2007: the sum over the sampled sources, scaled by
  ``n / samples``).

Values are rounded to 8 decimals so that files do not change with float noise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import networkx as nx

from graphbuild.analysis.projection import Projection, co_mention_graph

__all__ = ["Centrality", "DEFAULT_EXACT_LIMIT", "DEFAULT_SAMPLES", "centrality"]

DEFAULT_EXACT_LIMIT = 5_000
DEFAULT_SAMPLES = 1_000
_DIGITS = 8


@dataclass(frozen=True)
class Centrality:
    """Centrality values by entity id, and whether betweenness was sampled."""

    pagerank: dict[str, float]
    degree: dict[str, int]
    weighted_degree: dict[str, float]
    betweenness: dict[str, float]
    betweenness_sources: int
    sampled: bool


def centrality(
    graph: nx.MultiDiGraph,
    *,
    exact_limit: int = DEFAULT_EXACT_LIMIT,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 42,
) -> Centrality:
    """Compute the centralities of every entity (see the module docstring).

    Args:
        graph: The knowledge graph.
        exact_limit: Largest entity count for which betweenness is exact.
        samples: Source entities sampled for betweenness above ``exact_limit``.
        seed: Seed of the sample.

    Returns:
        The values of each entity.
    """
    return projection_centrality(
        co_mention_graph(graph), exact_limit=exact_limit, samples=samples, seed=seed
    )


def projection_centrality(
    projection: Projection,
    *,
    exact_limit: int = DEFAULT_EXACT_LIMIT,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 42,
) -> Centrality:
    """:func:`centrality` on an already projected co-mention graph."""
    g, ids = projection.graph, projection.ids
    n = g.vcount()
    if n == 0:
        return Centrality({}, {}, {}, {}, 0, False)
    weights = g.es["weight"] if g.ecount() else None
    pagerank = g.pagerank(weights=weights, directed=False)
    strength = g.strength(weights=weights) if weights else [0.0] * n
    degree = g.degree()
    distances = [1.0 / w for w in weights] if weights else None
    sampled = n > exact_limit and samples < n
    if sampled:
        sources = sorted(random.Random(seed).sample(range(n), samples))
        raw = g.betweenness(weights=distances, directed=False, sources=sources)
        scale = n / len(sources)
    else:
        sources = list(range(n))
        raw = g.betweenness(weights=distances, directed=False)
        scale = 1.0
    norm = (n - 1) * (n - 2) / 2 if n > 2 else 1.0
    return Centrality(
        pagerank={ids[i]: round(v, _DIGITS) for i, v in enumerate(pagerank)},
        degree={ids[i]: int(v) for i, v in enumerate(degree)},
        weighted_degree={ids[i]: round(float(v), _DIGITS) for i, v in enumerate(strength)},
        betweenness={ids[i]: round(min(v * scale / norm, 1.0), _DIGITS) for i, v in enumerate(raw)},
        betweenness_sources=len(sources),
        sampled=sampled,
    )
