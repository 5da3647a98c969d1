"""Benchmark the Neo4j loader (placeholder: synthesizer only, filled in below)."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterable

import networkx as nx

from graphbuild.build import association_strength


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
    strength = association_strength({pair: len(papers) for pair, papers in pairs.items()})
    for (a, b), papers in sorted(pairs.items()):
        graph.add_edge(a, b, key="CO_MENTIONED", label="CO_MENTIONED", weight=len(papers),
                       papers=json.dumps(sorted(papers)), association_strength=strength[(a, b)])


def restrict_to_papers(graph: nx.MultiDiGraph, paper_ids: Iterable[str]) -> nx.MultiDiGraph:
    """Return the graph of some of ``graph``'s papers, as the pipeline would build it.

    Keeps those papers, their MENTIONS and INTRODUCES and the entities they name, with
    paper_count, mention_count and the CO_MENTIONED pairs recomputed from those papers
    alone: what a load of just these papers would bring.
    """
    keep = set(paper_ids)
    sub = nx.MultiDiGraph()
    named: dict[str, list[str]] = {}
    for pid in sorted(keep):
        sub.add_node(pid, **graph.nodes[pid])
        for _, eid, key, data in graph.out_edges(pid, keys=True, data=True):
            if eid not in sub:
                sub.add_node(eid, **dict(graph.nodes[eid], paper_count=0, mention_count=0))
            sub.add_edge(pid, eid, key=key, **data)
            if key == "MENTIONS":
                named.setdefault(pid, []).append(eid)
                sub.nodes[eid]["paper_count"] += 1
                sub.nodes[eid]["mention_count"] += data["count"]
    pairs: dict[tuple[str, str], list[str]] = {}
    for pid, entities in named.items():
        for a, b in itertools.combinations(sorted(entities), 2):
            pairs.setdefault((a, b), []).append(pid)
    add_co_mentions(sub, pairs)
    return sub
