"""Which entities a picture shows, and where: the trim rule and a seeded layout.

**Trim rule** (documented in the map's footer and the README): a map shows at most
``max_nodes`` entities, those named by the most papers (ties: higher PageRank, then id).
Among them, each entity keeps its ``max_edges`` strongest CO_MENTIONED pairs (by papers,
ties by association strength, then the other end's id); a pair is drawn when it is among
the strongest of either end. Small graphs are shown whole.

The layout is networkx's force-directed ``spring_layout`` (Fruchterman-Reingold) on the
shown pairs, weighted by ``log(1 + papers)``, with a fixed seed, scaled to
``[-300, 300]`` and rounded, so the same graph gives the same picture. Entities with no
shown pair sit on a ring around the rest. A map that writes labels over some nodes then
moves nodes until no such label covers another node (:func:`clear_labels`), so that a
click on what a reader sees selects it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphbuild.formats._entities import co_mentions, entity_nodes

__all__ = ["DEFAULT_MAX_EDGES", "DEFAULT_MAX_NODES", "MapSelection", "clear_labels", "select_map"]

DEFAULT_MAX_NODES = 300
DEFAULT_MAX_EDGES = 8
LAYOUT_SEED = 7
SCALE = 300
"""Half the width of the layout, in the map's pixels at zoom 1."""


@dataclass(frozen=True)
class MapSelection:
    """The entities and pairs a map shows, with positions.

    Attributes:
        nodes: ``(id, attributes)`` of the shown entities, most papers first.
        edges: ``(a, b, attributes)`` of the shown pairs, sorted.
        positions: ``id -> (x, y)``.
        total_nodes: entities in the graph.
        total_edges: CO_MENTIONED pairs in the graph.
    """

    nodes: list[tuple[str, dict[str, Any]]]
    edges: list[tuple[str, str, dict[str, Any]]]
    positions: dict[str, tuple[float, float]]
    total_nodes: int
    total_edges: int

    @property
    def trimmed(self) -> bool:
        """Whether entities or pairs were left out."""
        return len(self.nodes) < self.total_nodes or len(self.edges) < self.total_edges


def _rank(data: dict[str, Any]) -> tuple[int, float]:
    return (-int(data.get("paper_count", 0)), -float(data.get("pagerank", 0.0)))


def select_map(
    graph: nx.MultiDiGraph,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_edges: int = DEFAULT_MAX_EDGES,
    layout: bool = True,
) -> MapSelection:
    """Apply the trim rule to ``graph`` and lay the rest out (see the module docstring).

    Args:
        graph: The knowledge graph (analysed or not).
        max_nodes: Most entities shown.
        max_edges: Strongest pairs kept per entity.
        layout: Compute positions (otherwise all are ``(0, 0)``).

    Returns:
        The shown entities and pairs with positions.
    """
    everything = entity_nodes(graph)
    all_edges = co_mentions(graph)
    ranked = sorted(everything, key=lambda item: (*_rank(item[1]), item[0]))
    nodes = ranked[:max_nodes]
    shown = {node for node, _ in nodes}
    candidates = [(a, b, d) for a, b, d in all_edges if a in shown and b in shown]
    per_node: dict[str, list[tuple[int, float, str, int]]] = {}
    for index, (a, b, data) in enumerate(candidates):
        weight, strength = int(data.get("weight", 1)), float(data.get("association_strength", 0))
        per_node.setdefault(a, []).append((-weight, -strength, b, index))
        per_node.setdefault(b, []).append((-weight, -strength, a, index))
    keep: set[int] = set()
    for options in per_node.values():
        keep.update(index for *_, index in sorted(options)[:max_edges])
    edges = [candidates[i] for i in sorted(keep)]
    positions = _layout(shown, edges) if layout else {node: (0.0, 0.0) for node in shown}
    return MapSelection(nodes, edges, positions, len(everything), len(all_edges))


def _layout(
    nodes: set[str], edges: list[tuple[str, str, dict[str, Any]]]
) -> dict[str, tuple[float, float]]:
    if not nodes:
        return {}
    linked = nx.Graph()
    for a, b, data in edges:
        linked.add_edge(a, b, weight=math.log1p(float(data.get("weight", 1))))
    raw: dict[str, tuple[float, float]] = {}
    if linked.number_of_nodes():
        ordered = nx.Graph()
        ordered.add_nodes_from(sorted(linked.nodes))
        ordered.add_edges_from(sorted(linked.edges(data=True)))
        k = 4.0 / math.sqrt(ordered.number_of_nodes())
        found = nx.spring_layout(ordered, weight="weight", seed=LAYOUT_SEED, iterations=150, k=k)
        raw = {str(n): (float(x), float(y)) for n, (x, y) in found.items()}
    # Entities without a shown pair would be pushed far away: put them on a ring instead.
    alone = sorted(nodes - set(raw))
    for i, node in enumerate(alone):
        angle = 2 * math.pi * i / len(alone)
        raw[node] = (1.15 * math.cos(angle), 1.15 * math.sin(angle))
    return {
        node: (round(x * SCALE, 1), round(y * SCALE, 1)) for node, (x, y) in sorted(raw.items())
    }


CLEARING_ROUNDS = 300
"""Most rounds of :func:`clear_labels`; a round that finds no overlap ends it."""


def clear_labels(
    positions: dict[str, tuple[float, float]],
    boxes: dict[str, tuple[float, float]],
    labelled: Iterable[str],
    *,
    rounds: int = CLEARING_ROUNDS,
) -> dict[str, tuple[float, float]]:
    """Move nodes apart until no labelled box overlaps another node's box.

    Only pairs with a labelled node are pushed apart (a map labels a few nodes and draws
    hundreds), so the layout keeps its shape and its size grows little; unlabelled
    nodes may still touch each other.

    Args:
        positions: ``id -> (x, y)``, each box's centre.
        boxes: ``id -> (half width, half height)``: a labelled node's label box, any
            other node's circle.
        labelled: The ids whose labels are drawn.
        rounds: Most rounds; each moves both nodes of every overlapping pair half the
            overlap apart, along the axis where they overlap least.

    Returns:
        The moved positions, rounded to 0.1. Deterministic: two nodes at one point
        part in the order of ``positions``.
    """
    ids = list(positions)
    index = {node: i for i, node in enumerate(ids)}
    rows = np.array(sorted(index[node] for node in labelled if node in index), dtype=int)
    if len(ids) < 2 or len(rows) == 0:
        return dict(positions)
    centre = np.array([positions[i] for i in ids], dtype=float)
    half = np.array([boxes[i] for i in ids], dtype=float)
    columns = np.arange(len(ids))
    # Each pair once: a row meets the unlabelled nodes and the labelled ones of later rows.
    order = np.full(len(ids), -1)
    order[rows] = np.arange(len(rows))
    pairs_of = (order[None, :] < 0) | (order[None, :] > np.arange(len(rows))[:, None])
    tie = np.where(columns[None, :] > rows[:, None], -1.0, 1.0)[..., None]
    for _ in range(rounds):
        gap = centre[rows][:, None, :] - centre[None, :, :]
        overlap = half[rows][:, None, :] + half[None, :, :] - np.abs(gap)
        hit = pairs_of & (overlap[..., 0] > 0) & (overlap[..., 1] > 0)
        if not hit.any():
            break
        along_x = overlap[..., 0] <= overlap[..., 1]
        direction = np.where(gap != 0, np.sign(gap), tie)
        push = np.zeros_like(gap)
        push[..., 0] = np.where(hit & along_x, direction[..., 0] * overlap[..., 0], 0.0)
        push[..., 1] = np.where(hit & ~along_x, direction[..., 1] * overlap[..., 1], 0.0)
        move = -0.5 * push.sum(axis=0)
        np.add.at(move, rows, 0.5 * push.sum(axis=1))
        # A hair more than half the overlap each, so that touching boxes part.
        centre += move + np.sign(move) * 0.05
    return {
        node: (round(float(x), 1), round(float(y), 1))
        for node, (x, y) in zip(ids, centre, strict=True)
    }
