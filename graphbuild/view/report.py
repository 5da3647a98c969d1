"""The report a person reads (``graphbuild report``): an HTML page with PNG figures.

``write_report(graph, folder)`` writes into ``folder``:

* ``index.html`` — the run summary (papers, entities per type, links, dates, settings),
  the top entities of each type, the strongest pairs, the communities with their top
  members, the rising entities, and the figures;
* ``figures/top_entities.png`` — the most-named entities of each type (bars);
* ``figures/trends.png`` — papers per period of the top rising entities (lines);
* ``figures/map.png`` — a static map of the most-named entities, coloured by community;
* ``map.html`` — the interactive map of :mod:`graphbuild.view.map`, linked and embedded.

The graph should be analysed (:func:`graphbuild.analysis.analyse_graph`); sections whose
attributes are missing say so. Figures are written with matplotlib's Agg backend and no
timestamp, so equal graphs give equal files.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild.analysis.trends import period_range
from graphbuild.formats._entities import (
    co_mentions,
    community_colour,
    entity_nodes,
    hex_colour,
    is_corpus_paper,
    node_size,
    type_colour,
)
from graphbuild.formats.atomic import atomic_write, atomic_write_bytes
from graphbuild.view.layout import select_map
from graphbuild.view.map import write_view

__all__ = ["ReportSummary", "write_report"]

TYPES = ("Model", "Method", "Dataset", "Benchmark")
TOP = 10
RISING = 6
_PNG = {"Software": None}
_STYLE = """
body { font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: #222; max-width: 1100px;
       margin: 0 auto; padding: 0 16px 40px; }
h1 { margin-top: 24px; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border-bottom: 1px solid #eee; padding: 3px 10px 3px 0; text-align: left;
         vertical-align: top; }
td.n, th.n { text-align: right; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 0 24px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; }
img { max-width: 100%; } iframe { width: 100%; height: 640px; border: 1px solid #ddd; }
.muted { color: #666; font-size: 13px; }
"""


@dataclass
class ReportSummary:
    """The files a report wrote."""

    folder: Path
    index: Path
    figures: list[Path] = field(default_factory=list)
    map: Path | None = None


def _esc(value: object) -> str:
    return html.escape(str(value))


def _num(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return _esc(value)


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: set[int]) -> str:
    head = "".join(
        f"<th{' class=n' if i in numeric else ''}>{_esc(h)}</th>" for i, h in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = "".join(
            f"<td{' class=n' if i in numeric else ''}>"
            + (cell if isinstance(cell, _Raw) else _num(cell))
            + "</td>"
            for i, cell in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>\n"


class _Raw(str):
    """HTML that is already escaped."""


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("name", node))


def _entity_rank(item: tuple[str, dict[str, Any]]) -> tuple[int, float, str]:
    node, data = item
    return (-int(data.get("paper_count", 0)), -float(data.get("pagerank", 0.0)), node)


def _series(data: Mapping[str, Any], periods: list[str]) -> list[int]:
    try:
        counts = json.loads(str(data.get("papers_per_period", "{}")))
    except json.JSONDecodeError:
        counts = {}
    return [int(counts.get(p, 0)) for p in periods]


def _periods(entities: list[tuple[str, dict[str, Any]]]) -> list[str]:
    seen: set[str] = set()
    for _, data in entities:
        try:
            seen.update(json.loads(str(data.get("papers_per_period", "{}"))))
        except json.JSONDecodeError:
            continue
    if not seen:
        return []
    first, last = min(seen), max(seen)
    kind = {4: "year", 7: "month", 10: "day"}.get(len(first), "year")
    return period_range(first, last, kind)  # type: ignore[arg-type]


def _rising(entities: list[tuple[str, dict[str, Any]]], last: str | None) -> list[str]:
    def key(item: tuple[str, dict[str, Any]]) -> tuple[float, float, str]:
        node, data = item
        ongoing = float(data.get("burst_weight") or 0.0) if data.get("burst_end") == last else 0.0
        return (-ongoing, -float(data.get("growth", 0.0)), node)

    dated = [item for item in entities if int(item[1].get("dated_papers", 0)) > 0]
    return [node for node, _ in sorted(dated, key=key)[:RISING]]


def _burst(data: Mapping[str, Any]) -> str:
    return f"{data.get('burst_start')} to {data.get('burst_end')}" if data.get("burst") else ""


def _save(figure: Any, path: Path) -> None:
    with atomic_write_bytes(path) as out:
        figure.savefig(out, format="png", dpi=80, metadata=_PNG)
    _pyplot().close(figure)


def _top_entities_figure(
    graph: nx.MultiDiGraph, entities: list[tuple[str, dict[str, Any]]], path: Path
) -> None:
    figure, axes = _pyplot().subplots(2, 2, figsize=(10, 6.4))
    for ax, entity_type in zip(axes.flat, TYPES, strict=True):
        top = sorted((e for e in entities if e[1].get("type") == entity_type), key=_entity_rank)[
            :TOP
        ]
        names = [_name(graph, n)[:28] for n, _ in reversed(top)]
        values = [int(d.get("paper_count", 0)) for _, d in reversed(top)]
        ax.barh(names, values, color=hex_colour(type_colour(entity_type)))
        ax.set_title(f"{entity_type}s", fontsize=11)
        ax.tick_params(labelsize=8)
        ax.set_xlabel("papers", fontsize=8)
    figure.tight_layout()
    _save(figure, path)


def _trends_figure(
    graph: nx.MultiDiGraph, rising: list[str], periods: list[str], path: Path
) -> None:
    figure, ax = _pyplot().subplots(figsize=(10, 4.2))
    if periods and rising:
        for node in rising:
            series = _series(graph.nodes[node], periods)
            ax.plot(range(len(periods)), series, marker="o", markersize=3, label=_name(graph, node))
        step = max(1, len(periods) // 12)
        ax.set_xticks(range(0, len(periods), step), periods[::step], fontsize=8, rotation=30)
        ax.set_ylabel("papers")
        ax.legend(fontsize=8, loc="upper left")
    else:
        ax.text(0.5, 0.5, "No dated papers: trends need dates", ha="center", va="center")
        ax.set_axis_off()
    ax.set_title("Papers per period of the top rising entities", fontsize=11)
    figure.tight_layout()
    _save(figure, path)


def _map_figure(graph: nx.MultiDiGraph, path: Path) -> None:
    selection = select_map(graph, max_nodes=80, max_edges=4)
    figure, ax = _pyplot().subplots(figsize=(10, 7))
    pos = selection.positions
    for a, b, _ in selection.edges:
        ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], color="#c8ced6", lw=0.6, zorder=1)
    most = max((int(d.get("paper_count", 0)) for _, d in selection.nodes), default=0)
    xs = [pos[n][0] for n, _ in selection.nodes]
    ys = [pos[n][1] for n, _ in selection.nodes]
    sizes = [node_size(int(d.get("paper_count", 0)), most, 3, 24) ** 2 for _, d in selection.nodes]
    colours = [hex_colour(community_colour(d.get("community"))) for _, d in selection.nodes]
    ax.scatter(xs, ys, s=sizes, c=colours, edgecolors="white", linewidths=0.5, zorder=2)
    for node, data in selection.nodes[:25]:
        ax.annotate(
            str(data.get("name", node)), pos[node], fontsize=8, ha="center", va="center", zorder=3
        )
    ax.set_axis_off()
    ax.set_title(
        f"The {len(selection.nodes)} most-named entities, coloured by community", fontsize=11
    )
    figure.tight_layout()
    _save(figure, path)


def write_report(
    graph: nx.MultiDiGraph,
    folder: str | Path,
    *,
    title: str = "graphbuild report",
    summary: Mapping[str, object] | None = None,
    settings: Mapping[str, object] | None = None,
) -> ReportSummary:
    """Write the report of an analysed ``graph`` into ``folder`` (see the module docstring).

    Args:
        graph: The knowledge graph after :func:`graphbuild.analysis.analyse_graph`.
        folder: Where ``index.html``, ``map.html`` and ``figures/`` go (created if missing).
        title: The page title.
        summary: Extra run facts shown in the summary (e.g. records read, skipped).
        settings: The analysis settings, shown in the summary.

    Returns:
        The files written.
    """
    folder = Path(folder)
    figures = folder / "figures"
    result = ReportSummary(folder, folder / "index.html")
    entities = entity_nodes(graph)
    by_type = Counter(str(d.get("type", "")) for _, d in entities)
    papers = [(str(n), d) for n, d in graph.nodes(data=True) if is_corpus_paper(d)]
    edges = Counter(str(k) for _, _, k in graph.edges(keys=True))
    periods = _periods(entities)
    rising = _rising(entities, periods[-1] if periods else None)
    analysed = any("community" in d for _, d in entities)

    result.figures = [figures / n for n in ("top_entities.png", "trends.png", "map.png")]
    _top_entities_figure(graph, entities, result.figures[0])
    _trends_figure(graph, rising, periods, result.figures[1])
    _map_figure(graph, result.figures[2])
    result.map = folder / "map.html"
    write_view(graph, result.map, title=title + ": map")

    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{_esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n",
        f"<h1>{_esc(title)}</h1>\n",
        '<h2 id="summary">Run summary</h2>\n',
    ]
    facts: list[tuple[str, object]] = [("papers", len(papers))]
    facts += [(f"{t} entities", by_type.get(t, 0)) for t in TYPES]
    facts += [(f"{k} links", v) for k, v in sorted(edges.items())]
    dated = sum(1 for _, d in papers if d.get("period"))
    facts.append(("dated papers", f"{dated} of {len(papers)}"))
    if periods:
        facts.append(("periods", f"{periods[0]} to {periods[-1]} ({len(periods)})"))
    if analysed:
        facts.append(("communities", len({d.get("community") for _, d in entities})))
    facts += list((summary or {}).items())
    facts += [(f"setting: {k}", v) for k, v in (settings or {}).items()]
    parts.append(_table(["", "value"], facts, {1}))
    if not analysed:
        parts.append(
            '<p class="muted">The graph was not analysed: no communities or centrality.</p>\n'
        )

    parts.append('<h2 id="top">Top entities per type</h2>\n<div class="grid">\n')
    for entity_type in TYPES:
        top = sorted((e for e in entities if e[1].get("type") == entity_type), key=_entity_rank)[
            :TOP
        ]
        parts.append(f"<div><h3>{entity_type}s</h3>\n")
        parts.append(
            _table(
                ["entity", "papers", "PageRank", "betweenness", "community", "first seen"],
                [
                    (
                        _name(graph, n),
                        d.get("paper_count", 0),
                        d.get("pagerank", ""),
                        d.get("betweenness", ""),
                        d.get("community", ""),
                        d.get("first_seen", ""),
                    )
                    for n, d in top
                ],
                {1, 2, 3, 4},
            )
        )
        parts.append("</div>\n")
    parts.append("</div>\n")
    parts.append('<img src="figures/top_entities.png" alt="Most-named entities of each type">\n')

    pairs = sorted(co_mentions(graph), key=lambda e: (-int(e[2].get("weight", 1)), e[0], e[1]))[:20]
    parts.append('<h2 id="pairs">Strongest pairs</h2>\n')
    parts.append(
        _table(
            ["entity", "entity", "papers", "association strength", "Jaccard", "NPMI"],
            [
                (
                    _name(graph, a),
                    _name(graph, b),
                    d.get("weight", 1),
                    d.get("association_strength", ""),
                    d.get("jaccard", ""),
                    d.get("npmi", ""),
                )
                for a, b, d in pairs
            ],
            {2, 3, 4, 5},
        )
    )

    parts.append('<h2 id="communities">Communities</h2>\n')
    if analysed:
        members: dict[int, list[tuple[str, dict[str, Any]]]] = {}
        for node, data in entities:
            members.setdefault(int(data["community"]), []).append((node, data))
        rows = []
        for number in sorted(members)[:12]:
            ranked = sorted(members[number], key=_entity_rank)
            mix = Counter(str(d.get("type")) for _, d in ranked)
            colour = hex_colour(community_colour(number))
            rows.append(
                (
                    _Raw(f'<span class="swatch" style="background:{colour}"></span>{number}'),
                    len(ranked),
                    ", ".join(f"{v} {k}" for k, v in sorted(mix.items())),
                    ", ".join(_name(graph, n) for n, _ in ranked[:8]),
                )
            )
        parts.append(_table(["community", "entities", "types", "top members"], rows, {1}))
    else:
        parts.append('<p class="muted">Not analysed.</p>\n')

    parts.append('<h2 id="rising">Rising entities</h2>\n')
    if rising:
        parts.append(
            _table(
                ["entity", "type", "first seen", "papers in last period", "growth", "burst"],
                [
                    (
                        _name(graph, n),
                        graph.nodes[n].get("type", ""),
                        graph.nodes[n].get("first_seen", ""),
                        _series(graph.nodes[n], periods)[-1] if periods else "",
                        graph.nodes[n].get("growth", ""),
                        _burst(graph.nodes[n]),
                    )
                    for n in rising
                ],
                {3, 4},
            )
        )
    else:
        parts.append('<p class="muted">No dated papers, so no trends.</p>\n')
    parts.append(
        '<img src="figures/trends.png" alt="Papers per period of the top rising entities">\n'
    )

    parts.append('<h2 id="map">Map</h2>\n')
    parts.append('<img src="figures/map.png" alt="Map of the most-named entities">\n')
    parts.append(
        '<p><a href="map.html">Open the interactive map</a> (search, click for papers).</p>\n'
    )
    parts.append('<iframe src="map.html" title="Interactive map"></iframe>\n')
    parts.append("</body>\n</html>\n")
    with atomic_write(result.index) as out:
        out.write("".join(parts))
    return result


def _pyplot() -> Any:
    """matplotlib's pyplot on the Agg backend, imported on first use.

    Importing matplotlib costs a second and writes a cache folder: commands other than
    ``report`` must not pay for it.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
