"""The citation layer of a streamed build: CITES, authors, venues and DRAWS_ON.

The local and Dask engines stream papers and entities, but the citation layer is built
by the same functions as the in-memory build (`graphbuild.citation_graph`), on a small
graph that holds only what the layer touches: the papers named by citations, authors
and venues (as bare nodes), the Author and Venue nodes, and the DRAWS_ON edges, found
from what each paper names and introduces (`findings.PaperUse`) without a graph of the
mentions. Its cost grows with the citations, people, venues and DRAWS_ON edges.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphbuild.citation_graph import (
    AUTHOR,
    CITES,
    DRAWS_ON,
    PUBLISHED_IN,
    VENUE,
    WROTE,
    add_citation_layer,
    draws_on_edges,
)
from graphbuild.engine.findings import PaperUse, Row, paper_use
from graphbuild.model import Citation, Paper
from graphbuild.resolve import Resolution
from graphbuild.runtime import paused_gc

LAYER_EDGES = (CITES, WROTE, PUBLISHED_IN, DRAWS_ON)


@dataclass(frozen=True)
class PaperDates:
    """What DRAWS_ON needs of a paper once the `Paper` records are gone."""

    id: str
    date: str | None
    year: int | None
    referenced_only: bool


@dataclass
class CitationLayer:
    """The citation layer's graph, and what the summary counts of the papers."""

    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    dates: list[PaperDates] = field(default_factory=list)
    stubs: int = 0
    with_abstract: int = 0

    @classmethod
    def of(cls, papers: Sequence[Paper], citations: Sequence[Citation]) -> CitationLayer:
        """Build the layer of ``papers`` (all of them, before they are dropped)."""
        # Made after the whole corpus is read: the cyclic collector's passes would walk it.
        with paused_gc():
            return cls._of(papers, citations)

    @classmethod
    def _of(cls, papers: Sequence[Paper], citations: Sequence[Citation]) -> CitationLayer:
        layer = cls()
        ids = {p.id for p in papers} if citations else set()
        for citation in citations:
            for paper_id in (citation.citing, citation.cited):
                if paper_id in ids:
                    layer.graph.add_node(paper_id)
        add_citation_layer(layer.graph, papers, citations)
        for paper in papers:
            if paper.referenced_only:
                layer.stubs += 1
            elif paper.abstract:
                layer.with_abstract += 1
            if paper.date or paper.year or paper.referenced_only:
                layer.dates.append(
                    PaperDates(paper.id, paper.date, paper.year, paper.referenced_only)
                )
        return layer

    def add_draws_on(
        self,
        paper_ids: Sequence[str],
        paper_rows: Iterable[tuple[Row, ...]],
        resolution: Resolution,
        kept: set[str],
    ) -> None:
        """Add DRAWS_ON from the spilled rows (a paper drawing on an earlier introducer)."""
        if not self.dates:
            return
        with paused_gc():  # tuples per paper, no cycles: see `of`
            uses = [
                paper_use(rank, rows, resolution) for rank, rows in enumerate(paper_rows) if rows
            ]
            self.add_draws_on_uses(paper_ids, uses, kept)

    def add_draws_on_uses(
        self, paper_ids: Sequence[str], uses: Sequence[PaperUse], kept: set[str]
    ) -> None:
        """Add DRAWS_ON from what each paper names and introduces (`Tally.uses`).

        Args:
            paper_ids: the papers by rank.
            uses: (rank, entities named, entities introduced) of the papers naming any.
            kept: the entities of the graph; the others neither introduce nor are named.
        """
        if not self.dates:
            return
        with paused_gc():
            stubs = {d.id for d in self.dates if d.referenced_only}
            introducers: dict[str, list[str]] = defaultdict(list)
            for rank, _, introduces in uses:
                paper_id = paper_ids[rank]
                if paper_id not in stubs:
                    for entity_id in introduces:
                        if entity_id in kept:
                            introducers[entity_id].append(paper_id)
            users: dict[str, list[str]] = defaultdict(list)
            for rank, named, _ in uses:
                for entity_id in named:
                    if entity_id in introducers:
                        users[entity_id].append(paper_ids[rank])
            edges = draws_on_edges(introducers, users, self.dates)  # type: ignore[arg-type]
            for user, introducer, attributes in edges:
                self.graph.add_edge(user, introducer, key=DRAWS_ON, **attributes)

    def nodes(self, paper_ids: set[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """The Author and Venue nodes with their attributes, sorted by id."""
        labels = {f":{AUTHOR}", f":{VENUE}"}
        for node in sorted(self.graph.nodes, key=str):
            data = self.graph.nodes[node]
            if data.get("labels") in labels:
                yield str(node), data

    def edges_by_source(self) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
        """The layer's edges, by source: (target, label, attributes)."""
        found: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        for u, v, key, data in self.graph.edges(keys=True, data=True):
            if key in LAYER_EDGES:
                found.setdefault(str(u), []).append((str(v), str(key), data))
        return found

    def summary(self, papers: int) -> dict[str, object]:
        """`graphbuild.citation_graph.citation_summary` of the streamed graph."""
        edges = dict.fromkeys(LAYER_EDGES, 0)
        inside = 0
        stubs = {d.id for d in self.dates if d.referenced_only}
        for u, v, key in self.graph.edges(keys=True):
            if key in edges:
                edges[key] += 1
                if key == CITES and u not in stubs and v not in stubs:
                    inside += 1
        if not self.stubs and not any(edges.values()):
            return {}
        labels = [d.get("labels") for _, d in self.graph.nodes(data=True)]
        return {
            "papers_in_corpus": papers - self.stubs,
            "referenced_only": self.stubs,
            "with_abstract": self.with_abstract,
            "authors": labels.count(f":{AUTHOR}"),
            "venues": labels.count(f":{VENUE}"),
            "edges": edges,
            "cites_inside_corpus": inside,
        }
