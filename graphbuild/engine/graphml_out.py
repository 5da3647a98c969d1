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
from graphbuild.errors import GraphbuildError
from graphbuild.formats import graphml
from graphbuild.model import Paper
from graphbuild.resolve import Resolution

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
    MENTIONS: {"label": str, "count": int, "in_title": bool, "surfaces": str, "spans": str},
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
        rank = {"labels": 0, "label": 1}
        return {n: declared[n] for n in sorted(declared, key=lambda n: (rank.get(n, 2), n))}


class _Renderer:
    def __init__(self, keys: dict[str, tuple[str, str]]) -> None:
        self.keys = keys
        self.order = {name: i for i, name in enumerate(keys)}
        self.opening = {name: f'      <data key="{name}">' for name in keys}
        self.entity_ids: dict[str, str] = {}

    def data(self, attrs: Mapping[str, Any]) -> list[str]:
        keys, opening, lines = self.keys, self.opening, []
        for name in sorted((n for n in attrs if attrs[n] is not None), key=self.order.__getitem__):
            value = attrs[name]
            # Strings (nearly every value) need no conversion.
            text = value if type(value) is str else _lexical(_scalar(name, value), keys[name][1])
            lines.append(f"{opening[name]}{_escape(text)}</data>\n")
        return lines

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


def write_graphml(
    out: IO[bytes],
    papers: Sequence[Paper],
    paper_rows: Callable[[], Iterator[tuple[Row, ...]]],
    resolution: Resolution,
    tally: Tally,
    options: GraphOptions,
    introduced: set[str],
) -> GraphCounts:
    """Write the graph of ``papers`` (sorted by id) to ``out``.

    Args:
        out: binary file to write to.
        papers: the papers, sorted by id (the rank order of ``tally``).
        paper_rows: returns an iterator over each paper's mention rows, in the same order.
        resolution: the entities the rows' keys resolve to.
        tally: entity counts and co-mention pairs of the whole corpus.
        options: ``min_weight`` and ``min_papers`` filters.
        introduced: the ids of entities some paper INTRODUCES.

    Returns:
        The counts of what was written.
    """
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
    keys = _Keys()
    for paper in papers:
        keys.add("node", paper_attributes(paper))
    if kept:
        keys.add_kinds("node", _ENTITY_KINDS)
        keys.add_kinds("edge", _EDGE_KINDS[MENTIONS])
    if introduced & kept.keys():
        keys.add_kinds("edge", _EDGE_KINDS[INTRODUCES])
    if weights:
        keys.add_kinds("edge", _EDGE_KINDS[CO_MENTIONED])
    render = _Renderer(keys.declare())

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

    entities = resolution.entities
    entity_nodes = ((e, None) for e in sorted(kept))
    paper_nodes = ((p.id, p) for p in papers)
    nodes: Iterator[tuple[str, Paper | None]] = heapq.merge(
        paper_nodes, entity_nodes, key=lambda item: item[0]
    )
    for node_id, node_paper in nodes:
        if node_paper is not None:
            writer.write(render.node(node_id, paper_attributes(node_paper)))
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
    by_source: dict[str, list[str]] = {}
    for a, b in sorted(weights):
        by_source.setdefault(a, []).append(b)
    paper_sources = _paper_sources(papers, paper_rows(), resolution)
    entity_sources = ((a, None) for a in sorted(by_source))
    for source, found in heapq.merge(paper_sources, entity_sources, key=lambda item: item[0]):
        if found is not None:
            source_xml = _encode_id(source)
            for edge in found:
                if edge.entity_id not in kept:
                    continue
                if edge.introduced_rule is not None:
                    attrs_i = {
                        "label": INTRODUCES,
                        "rule": edge.introduced_rule,
                        "surface": edge.introduced_surface,
                    }
                    writer.write(render.edge(source_xml, render.entity_id(edge.entity_id), attrs_i))
                    counts[INTRODUCES] += 1
                attrs_m = {
                    "label": MENTIONS,
                    "count": edge.count,
                    "in_title": edge.in_title,
                    "surfaces": edge.surfaces,
                    "spans": edge.spans,
                }
                writer.write(render.edge(source_xml, render.entity_id(edge.entity_id), attrs_m))
                counts[MENTIONS] += 1
            continue
        source_xml = render.entity_id(source)
        for b in by_source[source]:
            ranks = sorted(tally.pairs[(source, b)])
            attrs_c = {
                "label": CO_MENTIONED,
                "weight": len(ranks),
                "papers": _json([papers[r].id for r in ranks]),
                "association_strength": strength[(source, b)],
            }
            writer.write(render.edge(source_xml, render.entity_id(b), attrs_c))
            counts[CO_MENTIONED] += 1
    writer.write("  </graph>\n</graphml>\n")
    writer.flush()
    per_type: dict[str, int] = {}
    for entity_id in kept:
        label = entities[entity_id].type.value
        per_type[label] = per_type.get(label, 0) + 1
    return GraphCounts(len(papers), per_type, counts, kept)


def _paper_sources(
    papers: Sequence[Paper], rows: Iterable[tuple[Row, ...]], resolution: Resolution
) -> Iterator[tuple[str, list[PaperEdges] | None]]:
    for paper, paper_rows in zip(papers, rows, strict=True):
        if paper_rows:
            yield paper.id, paper_edges(paper_rows, resolution)


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
