"""GEXF 1.3 out: the entity map for Gephi, coloured by type and sized by papers.

The file holds the entities (nodes) and their CO_MENTIONED pairs (undirected edges whose
GEXF ``weight`` is the number of papers naming both). Every scalar attribute of the
entities and pairs becomes a GEXF attribute (the analysis attributes of
:mod:`graphbuild.analysis` included); the long evidence lists (``papers``) stay out.
``viz:color`` is the entity type's colour and ``viz:size`` grows with the square root of
its papers, so Gephi shows the map styled before any layout. The output is
byte-identical for equal graphs: nodes by id, edges by ends, attributes by name, and no
modification date.

networkx's ``read_gexf`` reads the file back (see tests/formats/test_gexf.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import networkx as nx

from graphbuild.formats._entities import (
    HEAVY,
    co_mentions,
    column_types,
    entity_nodes,
    node_size,
    scalar,
    type_colour,
)
from graphbuild.formats.atomic import atomic_write

__all__ = ["generate_gexf", "read_gexf", "write_gexf"]

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
_GEXF_TYPES = {"bool": "boolean", "int": "long", "float": "double", "str": "string"}
_SKIP_NODE = HEAVY | {"id", "name"}
_SKIP_EDGE = HEAVY | {"weight"}


def _value(value: object, kind: str) -> str:
    value = scalar(value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        number = float(value)  # type: ignore[arg-type]
        return repr(number) if math.isfinite(number) else "0.0"
    return str(value)


def _clean(text: str) -> str:
    # Characters XML 1.0 forbids are dropped.
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


def _attr(text: str) -> str:
    return quoteattr(_clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def generate_gexf(graph: nx.MultiDiGraph) -> Iterator[str]:
    """Generate the GEXF 1.3 document of the entity map of ``graph``, in lines.

    Args:
        graph: The knowledge graph (analysed or not).

    Yields:
        Lines of the UTF-8 document.
    """
    nodes = entity_nodes(graph)
    edges = co_mentions(graph)
    node_kinds = {
        k: _GEXF_TYPES[v] for k, v in column_types([d for _, d in nodes], _SKIP_NODE).items()
    }
    edge_kinds = {
        k: _GEXF_TYPES[v] for k, v in column_types([d for _, _, d in edges], _SKIP_EDGE).items()
    }
    most = max((int(d.get("paper_count", 0)) for _, d in nodes), default=0)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{GEXF_NS} {GEXF_NS}/gexf.xsd" version="1.3">\n'
    )
    yield "  <meta>\n    <creator>graphbuild</creator>\n"
    yield (
        "    <description>Entities named in papers (nodes, coloured by type, sized by papers)"
        " and how many papers name each pair together (edge weight)</description>\n"
    )
    yield "  </meta>\n"
    yield '  <graph defaultedgetype="undirected" mode="static">\n'
    for cls, kinds in (("node", node_kinds), ("edge", edge_kinds)):
        yield f'    <attributes class="{cls}">\n'
        for name, kind in kinds.items():
            yield f"      <attribute id={_attr(name)} title={_attr(name)} type={_attr(kind)}/>\n"
        yield "    </attributes>\n"
    yield "    <nodes>\n"
    for node, data in nodes:
        label = str(data.get("name", node))
        yield f"      <node id={_attr(node)} label={_attr(label)}>\n"
        yield from _attvalues(data, node_kinds)
        red, green, blue = type_colour(data.get("type"))
        yield f'        <viz:color r="{red}" g="{green}" b="{blue}" a="1.0"/>\n'
        size = node_size(int(data.get("paper_count", 0)), most)
        yield f'        <viz:size value="{size!r}"/>\n'
        yield "      </node>\n"
    yield "    </nodes>\n"
    yield "    <edges>\n"
    for number, (a, b, data) in enumerate(edges):
        weight = float(data.get("weight", 1))
        yield (
            f'      <edge id="{number}" source={_attr(a)} target={_attr(b)}'
            f' label="CO_MENTIONED" weight="{weight!r}">\n'
        )
        yield from _attvalues(data, edge_kinds)
        yield "      </edge>\n"
    yield "    </edges>\n"
    yield "  </graph>\n"
    yield "</gexf>\n"


def _attvalues(data: dict[str, Any], kinds: dict[str, str]) -> Iterator[str]:
    present = [(n, k) for n, k in kinds.items() if data.get(n) is not None]
    if not present:
        return
    yield "        <attvalues>\n"
    for name, kind in present:
        yield (f"          <attvalue for={_attr(name)} value={_attr(_value(data[name], kind))}/>\n")
    yield "        </attvalues>\n"


def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write the GEXF 1.3 entity map of ``graph`` to ``path`` (atomically)."""
    with atomic_write(path) as out:
        out.writelines(generate_gexf(graph))


def read_gexf(path: str | Path) -> nx.Graph:
    """Read a GEXF file with networkx (node ids as strings)."""
    return nx.read_gexf(path, node_type=str)
