"""Benchmark the Neo4j loader (placeholder: synthesizer only, filled in below)."""

from __future__ import annotations

import itertools
import json
import random

import networkx as nx


def synthesize(papers: int = 25_000, mentions: int = 4, entities: int = 5_000,
               seed: int = 7) -> nx.MultiDiGraph:
    """Build a graph of the data model: ``papers`` papers naming ``mentions`` entities each.

    Entities are drawn with a Zipf-like skew (a few hubs, a long tail), as in real listings;
    co-mention pairs, weights, paper lists and association strength follow the README.

    Args:
        papers: number of papers.
        mentions: entities named per paper.
        entities: size of the entity pool.
        seed: random seed (the graph is deterministic for a seed).

    Returns:
        The graph, with list attributes as JSON strings like the pipeline's.
    """
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    types = ("Model", "Dataset", "Benchmark", "Method")
    entity_ids = [f"ent{i:06d}" for i in range(entities)]
    cumulative = list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(entities)))
    for i, eid in enumerate(entity_ids):
        label = types[i % 4]
        graph.add_node(eid, labels=f":{label}", id=eid, name=f"Entity {i}", type=label,
                       aliases=json.dumps([f"Entity {i}", f"E-{i}"]), paper_count=0,
                       mention_count=0)
    pairs: dict[tuple[str, str], list[str]] = {}
    for p in range(papers):
        pid = f"arxiv:{2000 + p // 10000}.{p % 10000:05d}"
        graph.add_node(pid, labels=":Paper", id=pid, title=f"Paper number {p}",
                       abstract=f"Abstract of paper {p}. " * 5, norm_title=f"paper number {p}",
                       arxiv_id=pid.split(":")[1], authors=json.dumps([f"Author {p % 97}"]),
                       sources=json.dumps([f"synthetic.txt:{p + 1}"]))
        chosen: set[str] = set()
        while len(chosen) < mentions:
            chosen.update(rng.choices(entity_ids, cum_weights=cumulative, k=mentions - len(chosen)))
        for n, eid in enumerate(sorted(chosen)):
            count = rng.randint(1, 4)
            graph.add_edge(pid, eid, key="MENTIONS", label="MENTIONS", count=count,
                           in_title=(n == 0), surfaces=json.dumps([graph.nodes[eid]["name"]]),
                           spans=json.dumps([["abstract", 0, 8]] * count))
            graph.nodes[eid]["paper_count"] += 1
            graph.nodes[eid]["mention_count"] += count
        if p % 10 == 0:
            eid = sorted(chosen)[0]
            graph.add_edge(pid, eid, key="INTRODUCES", label="INTRODUCES", rule="we_propose",
                           surface=graph.nodes[eid]["name"])
        for a, b in itertools.combinations(sorted(chosen), 2):
            pairs.setdefault((a, b), []).append(pid)
    add_co_mentions(graph, pairs)
    return graph


def add_co_mentions(graph: nx.MultiDiGraph, pairs: dict[tuple[str, str], list[str]]) -> None:
    """Add CO_MENTIONED edges with weight, papers and association strength (README formula)."""
    totals: dict[str, int] = {}
    for (a, b), papers in pairs.items():
        totals[a] = totals.get(a, 0) + len(papers)
        totals[b] = totals.get(b, 0) + len(papers)
    m = sum(totals.values()) / 2
    for (a, b), papers in sorted(pairs.items()):
        weight = len(papers)
        graph.add_edge(a, b, key="CO_MENTIONED", label="CO_MENTIONED", weight=weight,
                       papers=json.dumps(sorted(papers)),
                       association_strength=2.0 * m * weight / (totals[a] * totals[b]))
