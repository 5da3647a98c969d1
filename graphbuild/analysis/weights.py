"""Co-mention weights: counting pairs at scale, and four measures of each pair's strength.

Counting follows the thresholds *before* any pair is enumerated: an entity named by
fewer than ``max(min_papers, min_weight)`` papers cannot be in a kept pair, so it is
dropped first; the remaining pairs are counted as integer codes in chunks of papers
(numpy, 8 bytes a pair occurrence, never a Python tuple per pair); ``min_weight`` and
the top-K per node prune the counts; only then are the surviving pairs' paper lists
collected. A 1M-paper corpus therefore never holds every pair with its papers.

The measures of a pair (a, b) named together by ``c`` papers, where ``n_a``/``n_b`` are
the papers naming each entity and ``N`` all papers:

* ``weight`` — the count ``c``.
* ``association_strength`` — ``2m * c / (k_a * k_b)`` with ``k`` the total pair weight
  of an entity and ``m`` the total weight of all pairs (van Eck & Waltman 2009; what
  VOSviewer normalises with).
* ``jaccard`` — ``c / (n_a + n_b - c)``.
* ``npmi`` — normalised pointwise mutual information
  ``log(c N / (n_a n_b)) / -log(c / N)`` in [-1, 1]; 1 when ``c = N``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import numpy.typing as npt

from graphbuild.analysis.projection import is_corpus_paper

__all__ = [
    "CO_MENTIONED",
    "PairCounts",
    "add_edge_weights",
    "association_strength",
    "count_pairs",
    "pair_measures",
    "pair_papers",
]

CO_MENTIONED = "CO_MENTIONED"
DIGITS = 6
"""Measures are rounded to this many decimals, so that files do not change with float noise."""
_CHUNK = 20_000


@dataclass(frozen=True)
class PairCounts:
    """The pairs kept after the thresholds, with their counts.

    Attributes:
        weights: ``(a, b) -> papers naming both`` with ``a < b``.
        paper_counts: papers naming each entity (every entity, kept or not).
        entities_considered: entities left after the per-entity threshold.
        pairs_counted: distinct pairs counted before ``min_weight`` and top-K.
    """

    weights: dict[tuple[str, str], int]
    paper_counts: dict[str, int]
    entities_considered: int
    pairs_counted: int


def count_pairs(
    paper_entities: Mapping[str, Sequence[str]],
    *,
    min_weight: int = 1,
    min_papers: int = 1,
    top_k: int | None = None,
) -> PairCounts:
    """Count the co-mentioned pairs, thresholds first.

    Args:
        paper_entities: each paper's distinct entity ids, by paper id.
        min_weight: keep pairs named together by at least this many papers.
        min_papers: consider entities named by at least this many papers.
        top_k: keep a pair only if it is among the ``top_k`` heaviest pairs of one of its
            ends (ties broken by the other end's id); None keeps all.

    Returns:
        The kept pairs and their weights.
    """
    paper_counts: Counter[str] = Counter()
    for entity_ids in paper_entities.values():
        paper_counts.update(set(entity_ids))
    floor = max(min_papers, min_weight)
    ids = sorted(e for e, n in paper_counts.items() if n >= floor)
    index = {e: i for i, e in enumerate(ids)}
    size = len(ids)
    codes, counts = _count_codes(paper_entities, index, size)
    pairs_counted = len(codes)
    keep = counts >= min_weight
    codes, counts = codes[keep], counts[keep]
    first, second = codes // max(size, 1), codes % max(size, 1)
    if top_k is not None:
        chosen = _top_k(first, second, counts, top_k)
        first, second, counts = first[chosen], second[chosen], counts[chosen]
    weights = {
        (ids[a], ids[b]): int(c)
        for a, b, c in zip(first.tolist(), second.tolist(), counts.tolist(), strict=True)
    }
    return PairCounts(weights, dict(paper_counts), size, pairs_counted)


def _count_codes(
    paper_entities: Mapping[str, Sequence[str]], index: Mapping[str, int], size: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Count pair codes ``a * size + b`` (a < b) in chunks; return sorted codes and counts."""
    total_codes = np.zeros(0, dtype=np.int64)
    total_counts = np.zeros(0, dtype=np.int64)
    pending: list[npt.NDArray[np.int64]] = []
    pending_len = 0

    def flush() -> None:
        nonlocal total_codes, total_counts, pending, pending_len
        if not pending:
            return
        chunk, chunk_counts = np.unique(np.concatenate(pending), return_counts=True)
        merged = np.concatenate([total_codes, chunk])
        merged_counts = np.concatenate([total_counts, chunk_counts.astype(np.int64)])
        total_codes, inverse = np.unique(merged, return_inverse=True)
        total_counts = np.bincount(inverse, weights=merged_counts).astype(np.int64)
        pending, pending_len = [], 0

    for entity_ids in paper_entities.values():
        kept = sorted({index[e] for e in entity_ids if e in index})
        if len(kept) < 2:
            continue
        arr = np.asarray(kept, dtype=np.int64)
        a, b = np.triu_indices(len(arr), k=1)
        pending.append(arr[a] * size + arr[b])
        pending_len += len(a)
        if pending_len >= _CHUNK * 50:
            flush()
    flush()
    return total_codes, total_counts


def _top_k(
    first: npt.NDArray[np.int64],
    second: npt.NDArray[np.int64],
    counts: npt.NDArray[np.int64],
    k: int,
) -> npt.NDArray[np.int64]:
    """Indices of the pairs among the ``k`` heaviest of either end (sorted)."""
    edges = np.arange(len(counts), dtype=np.int64)
    node = np.concatenate([first, second])
    other = np.concatenate([second, first])
    weight = np.concatenate([counts, counts])
    edge = np.concatenate([edges, edges])
    # Sort by node, then heaviest first, then the other end's index (= id order).
    order = np.lexsort((other, -weight, node))
    node_sorted = node[order]
    starts = np.r_[0, np.flatnonzero(np.diff(node_sorted)) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(node_sorted)]))
    rank = np.arange(len(node_sorted)) - group_start
    return np.unique(edge[order][rank < k])


def pair_papers(
    paper_entities: Mapping[str, Sequence[str]], pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[str]]:
    """The sorted papers naming both ends of each of ``pairs`` (only those pairs)."""
    wanted: dict[str, set[str]] = {}
    result: dict[tuple[str, str], list[str]] = {}
    for a, b in pairs:
        wanted.setdefault(a, set()).add(b)
        result[(a, b)] = []
    for paper_id, entity_ids in paper_entities.items():
        named = sorted(set(entity_ids))
        present = set(named)
        for a in named:
            partners = wanted.get(a)
            if partners:
                for b in partners & present:
                    result[(a, b)].append(paper_id)
    for papers in result.values():
        papers.sort()
    return result


def association_strength(weights: Mapping[tuple[str, str], int]) -> dict[tuple[str, str], float]:
    """VOSviewer's association strength ``2m * c_ij / (k_i * k_j)`` of each pair.

    ``c_ij`` is the pair's weight, ``k_i`` the total weight of the pairs entity *i*
    is in, and ``m`` the total weight of all pairs (van Eck & Waltman, 2009).
    """
    totals: Counter[str] = Counter()
    for (a, b), weight in weights.items():
        totals[a] += weight
        totals[b] += weight
    m = sum(weights.values())
    return {
        (a, b): round(2 * m * weight / (totals[a] * totals[b]), DIGITS)
        for (a, b), weight in weights.items()
    }


def pair_measures(
    weights: Mapping[tuple[str, str], int], paper_counts: Mapping[str, int], total_papers: int
) -> dict[tuple[str, str], dict[str, float]]:
    """``jaccard`` and ``npmi`` of each pair (see the module docstring)."""
    measures: dict[tuple[str, str], dict[str, float]] = {}
    for (a, b), c in weights.items():
        n_a, n_b = paper_counts[a], paper_counts[b]
        jaccard = c / (n_a + n_b - c)
        p_ab = c / total_papers
        pmi = math.log(c * total_papers / (n_a * n_b))
        npmi = 1.0 if p_ab >= 1.0 else pmi / -math.log(p_ab)
        measures[(a, b)] = {"jaccard": round(jaccard, DIGITS), "npmi": round(npmi, DIGITS)}
    return measures


def add_edge_weights(graph: nx.MultiDiGraph) -> int:
    """Set ``jaccard``, ``npmi`` and ``association_strength`` on every CO_MENTIONED edge.

    ``paper_count`` of the entity nodes gives ``n_a``/``n_b`` and the Paper nodes ``N``.

    Returns:
        The number of edges updated.
    """
    weights = {
        (a, b): int(data["weight"])
        for a, b, key, data in graph.edges(keys=True, data=True)
        if key == CO_MENTIONED
    }
    if not weights:
        return 0
    counts = {n: int(d.get("paper_count", 0)) for n, d in graph.nodes(data=True)}
    total = sum(1 for _, d in graph.nodes(data=True) if is_corpus_paper(d))
    measures = pair_measures(weights, counts, max(total, 1))
    strength = association_strength(weights)
    for (a, b), values in measures.items():
        data = graph.edges[a, b, CO_MENTIONED]
        data["association_strength"] = strength[(a, b)]
        data.update(values)
    return len(weights)
