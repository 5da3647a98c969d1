"""Build the networkx knowledge graph from papers, mentions and resolved entities.

See README.md, "Data model", for every node and edge attribute. Lists are stored
as JSON strings so that every attribute is a GraphML scalar.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from graphbuild.citation_graph import add_citation_layer, add_draws_on, paper_citation_attributes
from graphbuild.model import Citation, EntityType, Field, Mention, Paper
from graphbuild.resolve import Resolution, commonest_type

MENTIONS, INTRODUCES, CO_MENTIONED = "MENTIONS", "INTRODUCES", "CO_MENTIONED"
DEFAULT_MIN_WEIGHT = 1
"""Default of ``min_weight``: keep every CO_MENTIONED pair."""
DEFAULT_MIN_PAPERS = 1
"""Default of ``min_papers``: keep every entity."""


@dataclass(frozen=True)
class GraphOptions:
    """Filters for the CO_MENTIONED edges.

    Attributes:
        min_weight: keep pairs named together by at least this many papers.
        min_papers: keep entities mentioned by at least this many papers (papers always stay).
    """

    min_weight: int = DEFAULT_MIN_WEIGHT
    min_papers: int = DEFAULT_MIN_PAPERS


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def paper_attributes(paper: Paper) -> dict[str, object]:
    """The node attributes of a Paper (``labels`` first)."""
    attributes: dict[str, object] = {
        "labels": ":Paper",
        "id": paper.id,
        "title": paper.title,
        "abstract": paper.abstract,
        "norm_title": paper.norm_title,
        "arxiv_id": paper.arxiv_id,
        "doi": paper.doi,
        "url": paper.url,
        "date": paper.date,
        "listing_date": paper.listing_date,
        "user_id": paper.user_id,
        "authors": _json(list(paper.authors)),
        # Sorted, so that the file does not depend on the order the inputs were named in.
        "sources": _json(sorted(str(s) for s in paper.sources)),
        **paper_citation_attributes(paper),
    }
    return {k: v for k, v in attributes.items() if v is not None}


def build_graph(
    papers: Sequence[Paper],
    mentions: Mapping[str, Sequence[Mention]],
    resolution: Resolution,
    options: GraphOptions = GraphOptions(),
    citations: Sequence[Citation] = (),
) -> nx.MultiDiGraph:
    """Return the knowledge graph.

    Args:
        papers: the distinct papers, in reading order.
        mentions: each paper's mentions, by paper id.
        resolution: the canonical entities the mentions map to.
        options: filters for entities and CO_MENTIONED edges.
        citations: citations between the papers (CITES edges); authors, venues and the
            inferred DRAWS_ON edges are added too (see :mod:`graphbuild.citation_graph`).

    Returns:
        A MultiDiGraph whose edge keys are the relationship types.
    """
    # No graph "name": a graph attribute sharing a node attribute's name becomes a
    # GraphML key "for all", which igraph ignores.
    graph = nx.MultiDiGraph()
    paper_entities: dict[str, list[str]] = {}
    entity_papers: dict[str, set[str]] = defaultdict(set)
    entity_mentions: Counter[str] = Counter()
    for paper in papers:
        by_entity: dict[str, list[Mention]] = defaultdict(list)
        for mention in mentions.get(paper.id, ()):
            by_entity[resolution.entity_id(mention)].append(mention)
        paper_entities[paper.id] = sorted(by_entity)
        for entity_id, found in by_entity.items():
            entity_papers[entity_id].add(paper.id)
            entity_mentions[entity_id] += len(found)
        graph.add_node(paper.id, **paper_attributes(paper))
        for entity_id, found in sorted(by_entity.items()):
            _add_paper_edges(graph, paper.id, entity_id, found)

    kept = {e for e, ps in entity_papers.items() if len(ps) >= options.min_papers}
    for entity_id in sorted(entity_papers):
        if entity_id not in kept:
            continue
        entity = resolution.entities[entity_id]
        graph.add_node(
            entity_id,
            labels=f":{entity.type.value}",
            id=entity_id,
            name=entity.name,
            type=entity.type.value,
            aliases=_json(list(entity.aliases)),
            paper_count=len(entity_papers[entity_id]),
            mention_count=entity_mentions[entity_id],
        )
    # Edges to filtered-out entities would create attribute-less nodes: drop them.
    dropped = [e for e in entity_papers if e not in kept]
    graph.remove_nodes_from(dropped)
    _add_co_mentions(graph, paper_entities, kept, options.min_weight)
    add_citation_layer(graph, papers, citations)
    add_draws_on(graph, papers, INTRODUCES)
    return graph


def paper_type(found: Sequence[Mention]) -> EntityType:
    """Return the type one paper gives an entity: the commonest type of its mentions there.

    Lexicon mentions outvote the others (as in resolution); a tie goes to the first of
    Model, Dataset, Benchmark, Method. Neo4j types an entity by the majority of these
    per-paper types, so that its type does not depend on the order of the loads.
    """
    return type_by_votes([(m.type, m.rule == "lexicon" and bool(m.canonical_hint)) for m in found])


def type_by_votes(votes: Sequence[tuple[EntityType, bool]]) -> EntityType:
    """`paper_type` from each mention's (type, whether it is a lexicon match with a
    canonical name), so that the engine can type rows without making `Mention` records."""
    if len(votes) == 1:  # most pairs of a paper and an entity: one mention
        return votes[0][0]
    lexicon = Counter(t for t, strong in votes if strong)
    return commonest_type(lexicon or Counter(t for t, _ in votes))


def _add_paper_edges(
    graph: nx.MultiDiGraph, paper_id: str, entity_id: str, found: list[Mention]
) -> None:
    spans = sorted([m.field.value, m.start, m.end] for m in found)
    graph.add_edge(
        paper_id,
        entity_id,
        key=MENTIONS,
        label=MENTIONS,
        count=len(found),
        in_title=any(m.field is Field.TITLE for m in found),
        surfaces=_json(sorted({m.surface for m in found})),
        spans=_json(spans),
        typed_as=paper_type(found).value,
    )
    introduced = sorted((m for m in found if m.introduced), key=lambda m: (m.field.value, m.start))
    if introduced:
        graph.add_edge(
            paper_id,
            entity_id,
            key=INTRODUCES,
            label=INTRODUCES,
            rule=introduced[0].rule,
            surface=introduced[0].surface,
        )


def _add_co_mentions(
    graph: nx.MultiDiGraph, paper_entities: Mapping[str, list[str]], kept: set[str], min_weight: int
) -> None:
    pair_papers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for paper_id, entity_ids in paper_entities.items():
        named = [e for e in entity_ids if e in kept]
        for a, b in combinations(named, 2):  # entity_ids are sorted: a < b
            pair_papers[(a, b)].append(paper_id)
    pairs = {pair: sorted(ps) for pair, ps in pair_papers.items() if len(ps) >= min_weight}
    strength = association_strength({pair: len(ps) for pair, ps in pairs.items()})
    for (a, b), paper_ids in sorted(pairs.items()):
        graph.add_edge(
            a,
            b,
            key=CO_MENTIONED,
            label=CO_MENTIONED,
            weight=len(paper_ids),
            papers=_json(paper_ids),
            association_strength=strength[(a, b)],
        )


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
        (a, b): round(2 * m * weight / (totals[a] * totals[b]), 6)
        for (a, b), weight in weights.items()
    }
