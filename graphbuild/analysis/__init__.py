"""Analysis of the knowledge graph, written back as node and edge attributes.

:func:`analyse_graph` runs every analysis and sets, in place:

* on every entity: ``community`` (Leiden on the co-mention graph, :mod:`.communities`),
  ``pagerank``, ``degree``, ``weighted_degree``, ``betweenness`` (:mod:`.centrality`),
  ``dated_papers``, ``papers_per_period`` (JSON), ``growth``, ``burst`` and, when the
  entity has dated papers, ``first_seen``, ``last_seen`` and (if it bursts)
  ``burst_start``, ``burst_end``, ``burst_weight`` (:mod:`.trends`);
* on every dated paper: ``period``; on papers in the citation graph (CITES edges):
  ``citation_community``;
* on every CO_MENTIONED edge: ``jaccard``, ``npmi`` and ``association_strength``
  (:mod:`.weights`).

Every value is a GraphML scalar, and every run on the same graph gives the same values.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

import networkx as nx

from graphbuild.analysis import centrality as _centrality
from graphbuild.analysis import communities as _communities
from graphbuild.analysis import trends as _trends
from graphbuild.analysis import weights as _weights
from graphbuild.analysis.communities import DEFAULT_RESOLUTION, DEFAULT_SEED
from graphbuild.analysis.projection import co_mention_graph
from graphbuild.analysis.trends import Period

__all__ = ["AnalysisOptions", "AnalysisReport", "analyse_graph"]


@dataclass(frozen=True)
class AnalysisOptions:
    """Settings of :func:`analyse_graph`.

    Attributes:
        resolution: Leiden resolution (higher: smaller communities).
        seed: Seed of Leiden and of the betweenness sample.
        period: Trend periods: ``year``, ``month`` or ``day``.
        listing_year: Year of Hugging Face listing dates (they carry none); None leaves
            papers dated only by a listing header undated.
        betweenness_exact_limit: Entity count up to which betweenness is exact.
        betweenness_samples: Sampled sources above that.
        burst_s: Burst rate ratio of the Kleinberg automaton.
        burst_gamma: Burst entry cost factor.
    """

    resolution: float = DEFAULT_RESOLUTION
    seed: int = DEFAULT_SEED
    period: Period = "year"
    listing_year: int | None = None
    betweenness_exact_limit: int = _centrality.DEFAULT_EXACT_LIMIT
    betweenness_samples: int = _centrality.DEFAULT_SAMPLES
    burst_s: float = _trends.DEFAULT_BURST_S
    burst_gamma: float = _trends.DEFAULT_BURST_GAMMA


@dataclass
class AnalysisReport:
    """What :func:`analyse_graph` found, and how long each step took."""

    communities: int = 0
    citation_communities: int = 0
    entities: int = 0
    periods: list[str] = field(default_factory=list)
    dated_papers: int = 0
    undated_papers: int = 0
    bursting: int = 0
    betweenness_sampled: bool = False
    rising: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {
            "communities": self.communities,
            "citation_communities": self.citation_communities,
            "entities": self.entities,
            "periods": self.periods,
            "dated_papers": self.dated_papers,
            "undated_papers": self.undated_papers,
            "bursting": self.bursting,
            "betweenness_sampled": self.betweenness_sampled,
            "rising": self.rising,
        }


def analyse_graph(
    graph: nx.MultiDiGraph, options: AnalysisOptions = AnalysisOptions()
) -> AnalysisReport:
    """Run every analysis on ``graph`` and store the results as attributes (in place).

    Args:
        graph: The knowledge graph of :func:`graphbuild.build.build_graph`.
        options: Settings; see :class:`AnalysisOptions`.

    Returns:
        A summary of the results with the seconds each step took.

    Raises:
        GraphbuildError: An option is invalid.
    """
    report = AnalysisReport()
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[step] = round(now - clock, 3)
        clock = now

    _weights.add_edge_weights(graph)
    lap("weights")
    projection = co_mention_graph(graph)
    membership = _communities.leiden(projection, resolution=options.resolution, seed=options.seed)
    for node, number in membership.items():
        graph.nodes[node]["community"] = number
    report.communities = len(set(membership.values()))
    report.entities = len(membership)
    cited = _communities.citation_communities(
        graph, resolution=options.resolution, seed=options.seed
    )
    for node, number in cited.items():
        graph.nodes[node]["citation_community"] = number
    report.citation_communities = len(set(cited.values()))
    lap("communities")
    found = _centrality.projection_centrality(
        projection,
        exact_limit=options.betweenness_exact_limit,
        samples=options.betweenness_samples,
        seed=options.seed,
    )
    for node in projection.ids:
        attrs = graph.nodes[node]
        attrs["pagerank"] = found.pagerank[node]
        attrs["degree"] = found.degree[node]
        attrs["weighted_degree"] = found.weighted_degree[node]
        attrs["betweenness"] = found.betweenness[node]
    report.betweenness_sampled = found.sampled
    lap("centrality")
    timeline = _trends.trends(
        graph,
        period=options.period,
        listing_year=options.listing_year,
        burst_s=options.burst_s,
        burst_gamma=options.burst_gamma,
    )
    for paper, when in timeline.paper_periods.items():
        graph.nodes[paper]["period"] = when
    for node, trend in timeline.entities.items():
        attrs = graph.nodes[node]
        attrs["dated_papers"] = trend.dated_papers
        attrs["papers_per_period"] = json.dumps(trend.papers_per_period, sort_keys=True)
        attrs["growth"] = trend.growth
        attrs["burst"] = trend.burst
        optional = {
            "first_seen": trend.first_seen,
            "last_seen": trend.last_seen,
            "burst_start": trend.burst_start,
            "burst_end": trend.burst_end,
            "burst_weight": trend.burst_weight,
        }
        for name, value in optional.items():
            if value is None:
                attrs.pop(name, None)
            else:
                attrs[name] = value
    report.periods = timeline.periods
    report.dated_papers = len(timeline.paper_periods)
    report.undated_papers = timeline.undated_papers
    report.bursting = sum(1 for t in timeline.entities.values() if t.burst)
    report.rising = _trends.rising(timeline)
    lap("trends")
    return report
