"""The interactive map: one self-contained HTML file (``graphbuild view``).

The page draws the entity map with cytoscape.js (vendored in ``view/static`` with its
licence; no network is needed to open the file): nodes coloured by type or by community
(a switch), sized by papers, labels on the most-named entities (all labels once zoomed
in), a search box, and a side panel that shows, for the clicked or found entity, its
papers with the words that named it (the evidence) and its strongest neighbours. Big
graphs are trimmed by the rule of :mod:`graphbuild.view.layout`.

The file is byte-identical for equal graphs: the data is sorted, positions are seeded
and rounded, and nothing records the time.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild.formats._entities import (
    community_colour,
    hex_colour,
    is_corpus_paper,
    node_size,
    type_colour,
)
from graphbuild.formats.atomic import atomic_write
from graphbuild.view.layout import (
    DEFAULT_MAX_EDGES,
    DEFAULT_MAX_NODES,
    clear_labels,
    select_map,
)

__all__ = ["MapSummary", "generate_view", "map_data", "write_view"]

MAX_PAPERS = 25
"""Papers listed per entity in the side panel (the total is shown too)."""
MAX_NEIGHBOURS = 15
LABELLED = 25
"""Entities whose labels are always shown (the most-named); others appear when zoomed in."""
_SNIPPET = 90
# The page's label font (map.html: 13 px bold for the labelled nodes), in layout units:
# about 7.5 units a character and 18 high, and a margin around every box.
_CHAR_WIDTH = 7.5
_LABEL_HALF_HEIGHT = 9.0
_MARGIN = 2.0


@dataclass(frozen=True)
class MapSummary:
    """What a written map shows."""

    path: Path
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int

    @property
    def trimmed(self) -> bool:
        """Whether the map leaves entities or pairs out."""
        return self.nodes < self.total_nodes or self.edges < self.total_edges


def _static(name: str) -> str:
    return (resources.files("graphbuild.view") / "static" / name).read_text(encoding="utf-8")


def _evidence(graph: nx.MultiDiGraph, paper: str, entity: str) -> list[str]:
    """``[before, words, after]`` around the first place the paper names the entity."""
    data = graph.edges[paper, entity, "MENTIONS"]
    try:
        spans = json.loads(str(data.get("spans", "[]")))
    except json.JSONDecodeError:
        spans = []
    if not spans:
        return ["", "", ""]
    field, start, end = spans[0]
    text = str(graph.nodes[paper].get("title" if field == "title" else "abstract", ""))
    before = text[max(0, start - _SNIPPET) : start]
    after = text[end : end + _SNIPPET]
    if start > _SNIPPET:
        before = "…" + before.split(" ", 1)[-1]
    if end + _SNIPPET < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return [before, text[start:end], after]


def map_data(
    graph: nx.MultiDiGraph,
    *,
    title: str = "graphbuild map",
    max_nodes: int = DEFAULT_MAX_NODES,
    max_edges: int = DEFAULT_MAX_EDGES,
) -> dict[str, Any]:
    """The JSON data the page draws (sorted; see the module docstring)."""
    selection = select_map(graph, max_nodes=max_nodes, max_edges=max_edges)
    most = max((int(d.get("paper_count", 0)) for _, d in selection.nodes), default=0)
    labelled = {node for node, _ in selection.nodes[:LABELLED]}
    sizes = {
        node: node_size(int(data.get("paper_count", 0)), most, 12.0, 60.0)
        for node, data in selection.nodes
    }
    # The always-shown labels are written over their nodes: none may cover another node.
    positions = clear_labels(
        selection.positions,
        {
            node: _box(sizes[node], str(data.get("name", node)) if node in labelled else "")
            for node, data in selection.nodes
        },
        labelled,
    )
    papers: dict[str, dict[str, str]] = {}
    nodes = []
    for node, data in selection.nodes:
        mentioning = sorted(
            (str(p) for p, _, k in graph.in_edges(node, keys=True) if k == "MENTIONS"),
            key=lambda p: (str(graph.nodes[p].get("period", "")), p),
            reverse=True,
        )
        evidence = []
        for paper in mentioning[:MAX_PAPERS]:
            attrs = graph.nodes[paper]
            papers.setdefault(
                paper,
                {
                    k: str(v)
                    for k, v in (
                        ("title", attrs.get("title", paper)),
                        ("url", attrs.get("url")),
                        ("period", attrs.get("period")),
                    )
                    if v
                },
            )
            evidence.append([paper, *_evidence(graph, paper, node)])
        neighbours = sorted(
            (
                (-int(d.get("weight", 1)), str(graph.nodes[other].get("name", other)), str(other))
                for other, d in _co_mentioned(graph, node)
            )
        )[:MAX_NEIGHBOURS]
        x, y = positions[node]
        item: dict[str, Any] = {
            "id": node,
            "label": str(data.get("name", node)),
            "type": str(data.get("type", "")),
            "papers": int(data.get("paper_count", 0)),
            "size": sizes[node],
            "x": x,
            "y": y,
            "typeColour": hex_colour(type_colour(data.get("type"))),
            "communityColour": hex_colour(community_colour(data.get("community"))),
            "top": node in labelled,
            "evidence": evidence,
            "neighbours": [[name, other, -w] for w, name, other in neighbours],
        }
        for name in ("community", "pagerank", "betweenness", "first_seen", "growth", "burst"):
            if data.get(name) is not None:
                item[name] = data[name]
        nodes.append(item)
    edges = [
        {
            "source": a,
            "target": b,
            "weight": int(d.get("weight", 1)),
            "strength": float(d.get("association_strength", 0.0)),
        }
        for a, b, d in selection.edges
    ]
    paper_count = sum(1 for _, d in graph.nodes(data=True) if is_corpus_paper(d))
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "papers": dict(sorted(papers.items())),
        "totals": {
            "papers": paper_count,
            "entities": selection.total_nodes,
            "pairs": selection.total_edges,
            "shownEntities": len(selection.nodes),
            "shownPairs": len(selection.edges),
            "maxNodes": max_nodes,
            "maxEdges": max_edges,
        },
    }


def _box(size: float, label: str) -> tuple[float, float]:
    """Half width and height of a node ``size`` across, with ``label`` written over it."""
    radius = size / 2
    return (
        max(radius, len(label) * _CHAR_WIDTH / 2) + _MARGIN,
        max(radius, _LABEL_HALF_HEIGHT if label else 0.0) + _MARGIN,
    )


def _co_mentioned(graph: nx.MultiDiGraph, node: str) -> list[tuple[str, dict[str, Any]]]:
    found = [
        (b, d) for _, b, k, d in graph.out_edges(node, keys=True, data=True) if k == "CO_MENTIONED"
    ]
    found += [
        (a, d) for a, _, k, d in graph.in_edges(node, keys=True, data=True) if k == "CO_MENTIONED"
    ]
    return found


def _script_json(data: object) -> str:
    # Inside <script>, "<" could open "</script>": escape it (JSON allows \u003c).
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def generate_view(graph: nx.MultiDiGraph, **options: Any) -> str:
    """The HTML page of the map of ``graph``; ``options`` go to :func:`map_data`."""
    data = map_data(graph, **options)
    # Split on the markers (not str.replace), so that marker-like text in the data or the
    # library is never substituted.
    head, rest = _static("map.html").split("/*__CYTOSCAPE__*/")
    middle, tail = rest.split("__DATA__")
    head = head.replace("__TITLE__", html.escape(str(data["title"])))
    return "".join((head, _static("cytoscape.min.js"), middle, _script_json(data), tail))


def write_view(
    graph: nx.MultiDiGraph,
    path: str | Path,
    *,
    title: str = "graphbuild map",
    max_nodes: int = DEFAULT_MAX_NODES,
    max_edges: int = DEFAULT_MAX_EDGES,
) -> MapSummary:
    """Write the self-contained HTML map of ``graph`` to ``path`` (atomically).

    Args:
        graph: The knowledge graph (analysed for community colours and details).
        path: The HTML file to write.
        title: The page title.
        max_nodes: Most entities shown (the trim rule of :mod:`graphbuild.view.layout`).
        max_edges: Strongest pairs kept per entity.

    Returns:
        What the map shows.
    """
    page = generate_view(graph, title=title, max_nodes=max_nodes, max_edges=max_edges)
    with atomic_write(path) as out:
        out.write(page)
    selection = select_map(graph, max_nodes=max_nodes, max_edges=max_edges, layout=False)
    return MapSummary(
        Path(path),
        len(selection.nodes),
        len(selection.edges),
        selection.total_nodes,
        selection.total_edges,
    )
