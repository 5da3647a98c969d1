"""Write the graph as GraphML straight from the engine's aggregates, never holding it whole.

The bytes equal those of ``graphml.write_graphml(build.build_graph(...))`` on the same
inputs (tests/engine/test_local.py checks it): the same keys, nodes sorted by id, edges
by (source, target, label), the same rendering of every value. Papers come in id order
(the order the engine extracted them in); their MENTIONS and INTRODUCES evidence is read
back from the engine's spill one paper at a time, and merged with the CO_MENTIONED edges
of the entities by source id.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from graphbuild.build import (
    CO_MENTIONED,
    INTRODUCES,
    MENTIONS,
    GraphOptions,
    association_strength,
    paper_attributes,
)
from graphbuild.engine.findings import PaperEdges, Row, Tally, paper_edges
from graphbuild.engine.layer import CitationLayer
from graphbuild.errors import GraphbuildError
from graphbuild.formats import graphml
from graphbuild.model import Paper
from graphbuild.resolve import Resolution
from graphbuild.runtime import batched

# The private helpers of formats/graphml.py spell every value; sharing them keeps the bytes equal.
_scalar = graphml._scalar
_lexical = graphml._lexical
_escape_text = graphml._escape_text
_encode_id = graphml._encode_id
_widen = graphml._widen

_ENTITY_KINDS: dict[str, type] = {
    "labels": str,
    "id": str,
    "name": str,
    "type": str,
    "aliases": str,
    "paper_count": int,
    "mention_count": int,
}
_EDGE_KINDS: dict[str, dict[str, type]] = {
    MENTIONS: {
        "label": str,
        "count": int,
        "in_title": bool,
        "surfaces": str,
        "spans": str,
        "typed_as": str,
    },
    INTRODUCES: {"label": str, "rule": str, "surface": str},
    CO_MENTIONED: {"label": str, "weight": int, "papers": str, "association_strength": float},
}


@dataclass
class GraphCounts:
    """What was written: nodes per label, edges per type, and each kept entity's counts."""

    papers: int
    entities: dict[str, int]
    edges: dict[str, int]
    kept: dict[str, tuple[int, int]]  # entity id -> (paper_count, mention_count)


class _Keys:
    """The ``<key>`` declarations, made as graphml.py makes them."""

    def __init__(self) -> None:
        self.kinds: dict[str, dict[str, set[type]]] = {"node": {}, "edge": {}}

    def add(self, domain: str, attrs: Mapping[str, Any]) -> None:
        seen = self.kinds[domain]
        for name, value in attrs.items():
            if value is not None:
                seen.setdefault(name, set()).add(type(_scalar(name, value)))

    def add_kinds(self, domain: str, kinds: Mapping[str, type]) -> None:
        seen = self.kinds[domain]
        for name, kind in kinds.items():
            seen.setdefault(name, set()).add(kind)

    def declare(self) -> dict[str, tuple[str, str]]:
        declared: dict[str, tuple[str, str]] = {}
        for domain in ("node", "edge"):
            for name, found in self.kinds[domain].items():
                attr_type = _widen(found)
                if name not in declared:
                    declared[name] = (domain, attr_type)
                    continue
                other_domain, other_type = declared[name]
                if other_type != attr_type:
                    raise GraphbuildError(
                        f"cannot write GraphML: attribute {name!r} is {other_type} on "
                        f"{other_domain}s but {attr_type} on {domain}s"
                    )
                declared[name] = ("all", attr_type)
        return {n: declared[n] for n in sorted(declared, key=_key_order)}


def _key_order(name: str) -> tuple[int, str]:
    """The order of ``<key>`` declarations and of ``<data>`` in an element (graphml.py's)."""
    return ({"labels": 0, "label": 1}.get(name, 2), name)


class _Renderer:
    """Render nodes and edges; ``keys`` gives the column types (None: each value's own)."""

    def __init__(self, keys: dict[str, tuple[str, str]] | None = None) -> None:
        self.keys = keys or {}
        self.opening: dict[str, str] = {}
        self.entity_ids: dict[str, str] = {}
        # Every edge of a type has the same attribute names, and counts and flags take
        # few values: their order and spellings are worked out once, not per element.
        self._orders: dict[tuple[str, ...], list[str]] = {}
        self._spelled: dict[tuple[str, type, Any], str] = {}

    def data(self, attrs: Mapping[str, Any]) -> list[str]:
        opening, lines = self.opening, []
        names = tuple(attrs)
        order = self._orders.get(names)
        if order is None:
            order = self._orders[names] = sorted(names, key=_key_order)
        for name in order:
            value = attrs[name]
            if value is None:
                continue
            if type(value) is str:  # nearly every value: no conversion
                text = value
            elif type(value) is bool or (type(value) is int and -1024 <= value <= 1024):
                known = (name, type(value), value)
                spelled = self._spelled.get(known)
                if spelled is None:
                    spelled = self._spelled[known] = self.lexical(name, value)
                text = spelled
            else:
                text = self.lexical(name, value)
            start = opening.get(name)
            if start is None:
                start = opening[name] = f'      <data key="{name}">'
            lines.append(f"{start}{_escape(text)}</data>\n")
        return lines

    def lexical(self, name: str, value: Any) -> str:
        """``value`` spelled in its column's type (its own type when no column is known)."""
        scalar = _scalar(name, value)
        column = self.keys.get(name)
        return _lexical(scalar, column[1] if column else graphml._TYPE_OF_KIND[type(scalar)])

    def node(self, node_id: str, attrs: Mapping[str, Any]) -> str:
        if not node_id:
            raise GraphbuildError("cannot write GraphML: a node has an empty id")
        data = self.data(attrs)
        xml_id = _encode_id(node_id)
        if not data:
            return f'    <node id="{xml_id}"/>\n'
        return "".join([f'    <node id="{xml_id}">\n', *data, "    </node>\n"])

    def entity_id(self, entity_id: str) -> str:
        """The XML id of an entity (entities recur in many edges: encoded once)."""
        xml_id = self.entity_ids.get(entity_id)
        if xml_id is None:
            xml_id = self.entity_ids[entity_id] = _encode_id(entity_id)
        return xml_id

    def edge(self, source_xml: str, target_xml: str, attrs: Mapping[str, Any]) -> str:
        start = f'    <edge source="{source_xml}" target="{target_xml}"'
        data = self.data(attrs)
        return "".join([start + ">\n", *data, "    </edge>\n"]) if data else start + "/>\n"


class PaperNodes:
    """Render paper nodes one by one, early, so that the `Paper` records can be dropped.

    A paper's ``<node>`` element does not depend on the rest of the graph; the kinds of
    its attributes are kept for the ``<key>`` declarations written later.
    """

    def __init__(self) -> None:
        self.keys = _Keys()
        self._render = _Renderer()

    def render(self, paper: Paper) -> str:
        attrs = paper_attributes(paper)
        self.keys.add("node", attrs)
        return self._render.node(paper.id, attrs)

    def add_kinds(self, kinds: Mapping[str, set[type]]) -> None:
        """Add the attribute kinds another `PaperNodes` (in a worker) collected."""
        seen = self.keys.kinds["node"]
        for name, found in kinds.items():
            seen.setdefault(name, set()).update(found)

    @property
    def kinds(self) -> dict[str, set[type]]:
        """The kinds of the attributes of the papers rendered so far."""
        return self.keys.kinds["node"]

    def check(self) -> None:
        """Fail if a paper attribute had values of two kinds (rendered without widening)."""
        for name, kinds in self.keys.kinds["node"].items():
            if len(kinds) > 1:
                raise GraphbuildError(
                    f"cannot write GraphML: paper attribute {name!r} has values of several "
                    f"types ({', '.join(sorted(k.__name__ for k in kinds))}); give it one"
                )


def _escape(text: str) -> str:
    """`graphml._escape_text`, with a fast path for printable ASCII (most values)."""
    if text.isascii() and text.isprintable():
        if "&" in text:
            text = text.replace("&", "&amp;")
        if "<" in text:
            text = text.replace("<", "&lt;")
        if ">" in text:
            text = text.replace(">", "&gt;")
        return text
    return _escape_text(text)


@dataclass
class GraphPlan:
    """What writing the graph needs once the tally is known; fixed before anything is written.

    A paper's edges depend only on its rows and on this plan, so they can be rendered
    anywhere (`render_paper_edges`), in worker processes too, before being written.
    """

    resolution: Resolution
    tally: Tally
    kept: dict[str, tuple[int, int]]  # entity id -> (paper_count, mention_count)
    weights: dict[tuple[str, str], int]
    strength: dict[tuple[str, str], float]
    render: _Renderer
    layer_nodes: list[tuple[str, dict[str, Any]]]
    paper_extra: dict[str, list[tuple[str, str, Any]]]  # layer edges by paper source
    others: dict[str, list[tuple[str, str, Any]]]  # edges from entities and authors


@dataclass
class RenderedEdges:
    """The edges of consecutive papers, rendered: (paper id, XML) per paper that has any."""

    sources: list[tuple[str, str]]
    mentions: int = 0
    introduces: int = 0


EdgeRendering = Callable[[GraphPlan], Iterable[RenderedEdges]]
"""Renders every paper's edges, in paper order, in batches (e.g. on worker processes)."""


def plan_graph(
    paper_ids: Sequence[str],
    paper_nodes: PaperNodes,
    resolution: Resolution,
    tally: Tally,
    options: GraphOptions,
    layer: CitationLayer | None = None,
) -> GraphPlan:
    """Decide what is written: kept entities and pairs, the ``<key>`` columns, layer edges."""
    kept = {
        e: (n, tally.entity_mentions[e])
        for e, n in tally.entity_papers.items()
        if n >= options.min_papers
    }
    weights = {
        pair: len(ranks)
        for pair, ranks in tally.pairs.items()
        if len(ranks) >= options.min_weight and pair[0] in kept and pair[1] in kept
    }
    strength = association_strength(weights)
    paper_nodes.check()
    keys = paper_nodes.keys
    if kept:
        keys.add_kinds("node", _ENTITY_KINDS)
        keys.add_kinds("edge", _EDGE_KINDS[MENTIONS])
    if tally.introduced & kept.keys():
        keys.add_kinds("edge", _EDGE_KINDS[INTRODUCES])
    if weights:
        keys.add_kinds("edge", _EDGE_KINDS[CO_MENTIONED])
    layer_nodes: list[tuple[str, dict[str, Any]]] = []
    if layer is not None:
        layer_nodes = list(layer.nodes())
        for _, data in layer_nodes:
            keys.add("node", data)
        for _, targets in layer.edges_by_source().items():
            for _, _, data in targets:
                keys.add("edge", data)
    render = _Renderer(keys.declare())

    extra = layer.edges_by_source() if layer is not None else {}
    # Sources other than papers: entities (CO_MENTIONED) and the layer's authors.
    others: dict[str, list[tuple[str, str, Any]]] = {}
    for a, b in sorted(weights):
        others.setdefault(a, []).append((b, CO_MENTIONED, None))
    paper_set = set(paper_ids) if extra else set()
    for source in [s for s in extra if s not in paper_set]:
        others.setdefault(source, []).extend(extra.pop(source))
    return GraphPlan(resolution, tally, kept, weights, strength, render, layer_nodes, extra, others)


def write_graphml(
    out: IO[bytes],
    paper_ids: Sequence[str],
    paper_nodes: PaperNodes,
    paper_xml: Iterable[str],
    paper_rows: Iterable[tuple[Row, ...]],
    resolution: Resolution,
    tally: Tally,
    options: GraphOptions,
    layer: CitationLayer | None = None,
    rendering: EdgeRendering | None = None,
) -> GraphCounts:
    """Write the graph to ``out``.

    Args:
        out: binary file to write to.
        paper_ids: the paper ids, sorted (the rank order of ``tally``).
        paper_nodes: what rendered the paper nodes (for their ``<key>`` declarations).
        paper_xml: each paper's ``<node>`` element, in the order of ``paper_ids``.
        paper_rows: each paper's mention rows, in the same order (read only when
            ``rendering`` is None).
        resolution: the entities the rows' keys resolve to.
        tally: entity counts and co-mention pairs of the whole corpus.
        options: ``min_weight`` and ``min_papers`` filters.
        layer: the citation layer (CITES, authors, venues, DRAWS_ON), if any.
        rendering: renders the papers' edges from the plan, in paper order; called
            before the nodes are written, so that it can start work on other processes
            meanwhile. None: rendered here, from ``paper_rows``.

    Returns:
        The counts of what was written.
    """
    plan = plan_graph(paper_ids, paper_nodes, resolution, tally, options, layer)
    if rendering is not None:
        rendered = rendering(plan)
    else:
        papers = zip(paper_ids, paper_rows, strict=True)
        rendered = (render_paper_edges(plan, batch) for batch in batched(papers, 512))
    render = plan.render
    writer = _Chunked(out)
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<graphml xmlns="{graphml.GRAPHML_NS}" xmlns:xsi="{graphml._XSI_NS}"'
        f' xsi:schemaLocation="{graphml._SCHEMA_LOCATION}">\n',
    ]
    for name, (domain, attr_type) in render.keys.items():
        head.append(
            f'  <key id="{name}" for="{domain}" attr.name="{name}" attr.type="{attr_type}"/>\n'
        )
    head.append('  <graph id="G" edgedefault="directed">\n')
    writer.write("".join(head))

    kept = plan.kept
    entities = resolution.entities
    entity_nodes = ((e, None) for e in sorted(kept))
    papers_xml = zip(paper_ids, paper_xml, strict=True)
    layer_xml = ((node_id, render.node(node_id, data)) for node_id, data in plan.layer_nodes)
    nodes: Iterator[tuple[str, str | None]] = heapq.merge(
        papers_xml, entity_nodes, layer_xml, key=lambda item: item[0]
    )
    for node_id, xml in nodes:
        if xml is not None:
            writer.write(xml)
            continue
        entity = entities[node_id]
        paper_count, mention_count = kept[node_id]
        attrs = {
            "labels": f":{entity.type.value}",
            "id": node_id,
            "name": entity.name,
            "type": entity.type.value,
            "aliases": _json(list(entity.aliases)),
            "paper_count": paper_count,
            "mention_count": mention_count,
        }
        writer.write(render.node(node_id, attrs))

    counts = {MENTIONS: 0, INTRODUCES: 0, CO_MENTIONED: 0}
    others = plan.others
    paper_sources = _rendered_sources(rendered, counts)
    other_sources = ((source, None) for source in sorted(others))
    for source, edges_xml in heapq.merge(paper_sources, other_sources, key=lambda item: item[0]):
        if edges_xml is not None:
            writer.write(edges_xml)
            continue
        found: list[tuple[str, str, Any]] = [
            (target, label, data) if data is not None else (target, label, source)
            for target, label, data in others[source]
        ]
        found.sort(key=lambda edge: (edge[0], edge[1]))
        source_xml = _encode_id(source)
        for target, label, data in found:
            if label == CO_MENTIONED and isinstance(data, str):
                ranks = sorted(tally.pairs[(source, target)])
                attrs_c = {
                    "label": CO_MENTIONED,
                    "weight": len(ranks),
                    "papers": _json([paper_ids[r] for r in ranks]),
                    "association_strength": plan.strength[(source, target)],
                }
                writer.write(render.edge(source_xml, render.entity_id(target), attrs_c))
                counts[CO_MENTIONED] += 1
            else:
                writer.write(render.edge(source_xml, _encode_id(target), data))
    writer.write("  </graph>\n</graphml>\n")
    writer.flush()
    per_type: dict[str, int] = {}
    for entity_id in kept:
        label = entities[entity_id].type.value
        per_type[label] = per_type.get(label, 0) + 1
    return GraphCounts(len(paper_ids), per_type, counts, kept)


def _rendered_sources(
    rendered: Iterable[RenderedEdges], counts: dict[str, int]
) -> Iterator[tuple[str, str | None]]:
    """Each paper's rendered edges, adding the batches' counts to ``counts``."""
    for batch in rendered:
        counts[MENTIONS] += batch.mentions
        counts[INTRODUCES] += batch.introduces
        yield from batch.sources


def render_paper_edges(
    plan: GraphPlan, papers: Iterable[tuple[str, tuple[Row, ...]]]
) -> RenderedEdges:
    """Render the edges of each (paper id, mention rows), sorted by (target, label).

    A paper's edges are its MENTIONS and INTRODUCES evidence per kept entity and the
    layer's edges from it (CITES, PUBLISHED_IN, DRAWS_ON).
    """
    render, kept = plan.render, plan.kept
    rendered = RenderedEdges([])
    for paper_id, paper_rows in papers:
        edges: list[tuple[str, str, Any]] = []
        for found in paper_edges(paper_rows, plan.resolution) if paper_rows else ():
            if found.introduced_rule is not None:
                edges.append((found.entity_id, INTRODUCES, found))
            edges.append((found.entity_id, MENTIONS, found))
        more = plan.paper_extra.get(paper_id)
        if more:
            edges.extend(more)
            edges.sort(key=lambda edge: (edge[0], edge[1]))
        if not edges:
            continue
        source_xml = _encode_id(paper_id)
        xml: list[str] = []
        for target, label, attrs in edges:
            if not isinstance(attrs, PaperEdges):
                xml.append(render.edge(source_xml, _encode_id(target), attrs))
                continue
            if attrs.entity_id not in kept:
                continue
            target_xml = render.entity_id(attrs.entity_id)
            if label == INTRODUCES:
                attrs_i = {
                    "label": INTRODUCES,
                    "rule": attrs.introduced_rule,
                    "surface": attrs.introduced_surface,
                }
                xml.append(render.edge(source_xml, target_xml, attrs_i))
                rendered.introduces += 1
                continue
            attrs_m = {
                "label": MENTIONS,
                "count": attrs.count,
                "in_title": attrs.in_title,
                "surfaces": attrs.surfaces,
                "spans": attrs.spans,
                "typed_as": attrs.typed_as,
            }
            xml.append(render.edge(source_xml, target_xml, attrs_m))
            rendered.mentions += 1
        if xml:
            rendered.sources.append((paper_id, "".join(xml)))
    return rendered


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class _Chunked:
    """Buffer text and write it as UTF-8 in chunks of about 1 MiB."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= 1 << 20:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.parts).encode("utf-8"))
        self.parts.clear()
        self.size = 0
