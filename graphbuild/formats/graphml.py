"""GraphML out and in: deterministic and schema-valid, for Neo4j, Gephi, Cytoscape and igraph.

The file follows the data model of README.md and the GraphML schema
(graphml.xsd, checked in tests/test_graphml.py):

* ``<key>`` ids equal the attribute names (``attr.name`` repeats them), so
  ``CALL apoc.import.graphml(file, {readLabels: true})`` finds ``labels`` and
  ``label``. APOC looks for them by key id, and it reads a relationship type
  only from the first ``<data>`` of an edge. So ``labels`` comes first in every
  node and ``label`` first in every edge.
* Attribute values are GraphML scalars: bool -> ``boolean``, int -> ``long``,
  float -> ``double``, str -> ``string``. A list, tuple or dict is written as
  JSON. None means the attribute is absent. When one name has values of mixed
  types, the column is widened: int + float gives ``double``, any other mix
  gives ``string``.
* A name used by nodes and edges (or the graph) with the same type is declared
  once with ``for="all"``. Our data model keeps the names disjoint, so this is
  only a fallback, and a poor one: igraph ignores ``for="all"`` keys and APOC
  reads them as edge keys. The same name with different types raises
  `GraphbuildError`.
* Node ids are ``xs:NMTOKEN`` in the schema. ``arxiv:2301.00001``,
  ``title:0a1b…`` and ``gpt3`` qualify, but DOIs (``/``) and spaces do not.
  Which non-ASCII letters qualify depends on the XML edition's tables, so
  every character outside ``[A-Za-z0-9._:-]`` is written as ``_xHHHH_`` (the
  XmlConvert convention), and so is a ``_`` that is followed by ``x``.
  `read_graphml` reverses this. The true id also stays in the node's ``id``
  data entry, which is what Neo4j and igraph keep.
* Edges have no ``id``. It is optional in the schema, every consumer assigns its
  own, and in our graphs the multigraph key equals ``label``. On reading, the
  key is ``label`` when present, otherwise the edge ``id``, otherwise a new
  integer.
* The output is byte-identical for equal graphs whatever their insertion order.
  Keys come ``labels``, ``label``, then by name. Nodes are sorted by id, and
  edges by (source, target, label, then their rendered data). Characters that
  XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are
  dropped from text. ``\\r`` and ``\\n`` are written as ``&#13;`` and ``&#10;``:
  parsers keep them, and every line of the file holds one element.
"""

from __future__ import annotations

import io
import json
import math
import numbers
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import chain, groupby
from pathlib import Path
from typing import IO, Any, cast

import networkx as nx

from graphbuild.errors import GraphbuildError, InputError
from graphbuild.formats.atomic import atomic_output, output_error
from graphbuild.readers.base import check_input_file, input_error

__all__ = ["generate_graphml", "parse_graphml", "read_graphml", "write_graphml"]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_LOCATION = f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd"

_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1
_CHUNK = 1 << 16

# Characters XML 1.0 allows (production [2] Char); everything else is dropped from text.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Id characters written as themselves: NameChars that every XML edition and validator accepts
# ('_' too, unless an 'x' follows, which would make it look like an escape).
_ID_VERBATIM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.:-")
_ID_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{8}|[0-9A-Fa-f]{4})_")
_NMTOKEN = re.compile(r"[A-Za-z0-9._:-]+")

# GraphML attr.type of each Python kind; kinds are the classes _scalar() returns.
_TYPE_OF_KIND: dict[type, str] = {bool: "boolean", int: "long", float: "double", str: "string"}


# --------------------------------------------------------------------------- writing


def generate_graphml(graph: nx.MultiDiGraph) -> Iterator[str]:
    """Generate a GraphML document for ``graph``, in chunks of text.

    Every value is checked before the first chunk is yielded, so a graph that
    cannot be written fails before any output.

    Args:
        graph: The knowledge graph. Node ids are written as strings; attribute
            values are bool, int, float, str, None (absent), or list/tuple/dict
            (written as JSON).

    Yields:
        Pieces of the UTF-8 document, each holding whole lines. Joined, they
        form the file; the same content gives the same bytes.

    Raises:
        GraphbuildError: An attribute name is not an XML name token, an
            attribute has different types on nodes and on edges, a value has an
            unsupported type or is an int outside 64 bits, or two node ids
            collide (one of them empty, or ``1`` and ``"1"``).
    """
    keys = _declare_keys(graph)
    node_xml_ids = _xml_node_ids(graph)
    order = {name: i for i, name in enumerate(keys)}

    def render_data(attrs: Mapping[str, Any], indent: str) -> list[str]:
        lines = []
        for name in sorted((n for n in attrs if attrs[n] is not None), key=order.__getitem__):
            text = _lexical(_scalar(name, attrs[name]), keys[name][1])
            lines.append(f'{indent}<data key="{name}">{_escape_text(text)}</data>\n')
        return lines

    head = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="{_XSI_NS}"'
        f' xsi:schemaLocation="{_SCHEMA_LOCATION}">\n',
    ]
    for name, (domain, attr_type) in keys.items():
        head.append(
            f'  <key id="{name}" for="{domain}" attr.name="{name}" attr.type="{attr_type}"/>\n'
        )
    head.append('  <graph id="G" edgedefault="directed">\n')
    # Graph data must precede the nodes: APOC attaches a <data> to the last element it saw.
    head += render_data(graph.graph, "    ")
    yield "".join(head)

    buffer: list[str] = []
    size = 0

    def emit(lines: list[str]) -> Iterator[str]:
        nonlocal size
        buffer.extend(lines)
        size += sum(map(len, lines))
        if size >= _CHUNK:
            yield "".join(buffer)
            buffer.clear()
            size = 0

    for node in sorted(graph.nodes, key=str):
        data = render_data(graph.nodes[node], "      ")
        xml_id = node_xml_ids[node]
        if data:
            yield from emit([f'    <node id="{xml_id}">\n', *data, "    </node>\n"])
        else:
            yield from emit([f'    <node id="{xml_id}"/>\n'])

    def edge_order(edge: tuple[Any, Any, Any]) -> tuple[str, str, str]:
        u, v, key = edge
        label = graph.edges[u, v, key].get("label")
        return str(u), str(v), "" if label is None else _lexical(_scalar("label", label), "string")

    for _, run in groupby(sorted(graph.edges(keys=True), key=edge_order), key=edge_order):
        blocks = []
        for u, v, key in run:
            data = render_data(graph.edges[u, v, key], "      ")
            start = f'    <edge source="{node_xml_ids[u]}" target="{node_xml_ids[v]}"'
            blocks.append([start + ">\n", *data, "    </edge>\n"] if data else [start + "/>\n"])
        # Parallel edges with the same label: order them by their rendered data.
        for block in sorted(blocks):
            yield from emit(block)

    yield "".join(buffer) + "  </graph>\n</graphml>\n"


def write_graphml(graph: nx.MultiDiGraph, path: str | Path | IO[Any]) -> None:
    """Write ``graph`` as GraphML (UTF-8), streaming it chunk by chunk.

    A path is written atomically (:func:`~graphbuild.formats.atomic.atomic_output`): the
    previous file stays until the new one is complete, and a failed or interrupted write
    leaves no partial file.

    Args:
        graph: The knowledge graph (see `generate_graphml`).
        path: A file path, or an open file. A text file gets str, any other gets bytes.

    Raises:
        GraphbuildError: The graph cannot be written (see `generate_graphml`).
            Nothing has been written then.
        OutputError: The file cannot be written (names it and the fix).
    """
    chunks = generate_graphml(graph)
    first = next(chunks)  # all checks run before the first chunk: fail before touching the file
    if isinstance(path, (str, Path)):
        with atomic_output(path) as out:
            _write_chunks(out, first, chunks)
        return
    try:
        _write_chunks(path, first, chunks)
        path.flush()
    except OSError as err:
        raise output_error(str(getattr(path, "name", "<stream>")), err) from err


def _write_chunks(out: IO[Any], first: str, rest: Iterable[str]) -> None:
    text = isinstance(out, io.TextIOBase)
    for chunk in chain((first,), rest):
        out.write(chunk if text else chunk.encode("utf-8"))


def _declare_keys(graph: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    """Return ``{name: (for, attr.type)}`` in output order, checking every value on the way."""
    kinds: dict[str, dict[str, set[type]]] = {"graph": {}, "node": {}, "edge": {}}

    def collect(domain: str, attrs: Mapping[Any, Any], where: Any) -> None:
        seen = kinds[domain]
        for name, value in attrs.items():
            if value is None:
                continue
            if not isinstance(name, str) or not _NMTOKEN.fullmatch(name):
                raise GraphbuildError(
                    f"cannot write GraphML: attribute name {name!r} of {where} is not an "
                    "XML name token (use letters, digits, '.', '-', '_' or ':')"
                )
            kind = type(_scalar(name, value, where))
            seen.setdefault(name, set()).add(kind)

    collect("graph", graph.graph, "the graph")
    for node, attrs in graph.nodes(data=True):
        collect("node", attrs, f"node {node!r}")
    for u, v, attrs in graph.edges(data=True):
        collect("edge", attrs, f"edge {u!r} -> {v!r}")

    declared: dict[str, tuple[str, str]] = {}
    for domain in ("node", "edge", "graph"):
        for name, found in kinds[domain].items():
            attr_type = _widen(found)
            if name not in declared:
                declared[name] = (domain, attr_type)
                continue
            other_domain, other_type = declared[name]
            if other_type != attr_type:
                raise GraphbuildError(
                    f"cannot write GraphML: attribute {name!r} is {other_type} on "
                    f"{other_domain}s but {attr_type} on {domain}s; GraphML key ids must be "
                    "unique, so one name needs one type (rename one of them)"
                )
            declared[name] = ("all", attr_type)
    rank = {"labels": 0, "label": 1}
    return {n: declared[n] for n in sorted(declared, key=lambda n: (rank.get(n, 2), n))}


def _widen(kinds: set[type]) -> str:
    if len(kinds) == 1:
        return _TYPE_OF_KIND[next(iter(kinds))]
    if kinds == {int, float}:
        return "double"
    return "string"


def _scalar(name: str, value: Any, where: Any = None) -> bool | int | float | str:
    """Return ``value`` as a plain bool, int, float or str (lists etc. as JSON)."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        return str.__str__(value)  # a (str, Enum) member gives its value, not "Cls.MEMBER"
    if isinstance(value, numbers.Integral):
        number = int(value)
        if not _LONG_MIN <= number <= _LONG_MAX:
            raise GraphbuildError(
                f"cannot write GraphML: attribute {name!r}{_of(where)} is {number}, "
                "outside the 64-bit range of GraphML's long"
            )
        return number
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, (list, tuple, dict)):
        try:
            return json.dumps(value, sort_keys=True, ensure_ascii=False)
        except (TypeError, ValueError) as err:
            raise GraphbuildError(
                f"cannot write GraphML: attribute {name!r}{_of(where)} is not JSON-serialisable: "
                f"{err}"
            ) from err
    raise GraphbuildError(
        f"cannot write GraphML: attribute {name!r}{_of(where)} has a value of type "
        f"{type(value).__name__}; use bool, int, float, str, a list or None"
    )


def _of(where: Any) -> str:
    return "" if where is None else f" of {where}"


def _lexical(value: bool | int | float | str, attr_type: str) -> str:
    """Spell ``value`` in the column's type (a widened column takes ints as doubles)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) or (attr_type == "double" and isinstance(value, int)):
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            # Java's Double.parseDouble (APOC, Gephi, Cytoscape) reads Infinity but not INF.
            return "Infinity" if number > 0 else "-Infinity"
        return repr(number)
    return str(value)


def _escape_text(text: str) -> str:
    text = _INVALID_XML.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")  # a literal CR would be read back as LF
        .replace("\n", "&#10;")  # keeps one element per line
    )


def _encode_id(node_id: str) -> str:
    """Return ``node_id`` as an xs:NMTOKEN, escaping other characters as ``_xHHHH_``."""
    if _NMTOKEN.fullmatch(node_id) and "_x" not in node_id:
        return node_id
    out = []
    for i, char in enumerate(node_id):
        if char in _ID_VERBATIM or (char == "_" and node_id[i + 1 : i + 2] != "x"):
            out.append(char)
        else:
            code = ord(char)
            out.append(f"_x{code:04X}_" if code <= 0xFFFF else f"_x{code:08X}_")
    return "".join(out)


def _decode_id(xml_id: str) -> str:
    """Reverse `_encode_id`; an id from another tool without escapes comes back unchanged."""
    if "_x" not in xml_id:
        return xml_id

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ID_ESCAPE.sub(char, xml_id)


def _xml_node_ids(graph: nx.MultiDiGraph) -> dict[Any, str]:
    ids: dict[Any, str] = {}
    owner: dict[str, Any] = {}
    for node in graph.nodes:
        text = str(node)
        if not text:
            raise GraphbuildError("cannot write GraphML: a node has an empty id")
        xml_id = _encode_id(text)
        if xml_id in owner:
            raise GraphbuildError(
                f"cannot write GraphML: nodes {owner[xml_id]!r} and {node!r} have the same id "
                "as text"
            )
        owner[xml_id] = node
        ids[node] = xml_id
    return ids


# --------------------------------------------------------------------------- reading


def read_graphml(path: str | Path | IO[Any]) -> nx.MultiDiGraph:
    """Read a GraphML file into a MultiDiGraph, with typed attribute values.

    Files written by `write_graphml` come back equal to the graph written.
    Files from other tools load too: networkx's ``d0``-style key ids, keys
    without ``attr.type`` (read as strings) or without ``attr.name`` (named by
    their id), ``<default>`` values, and undirected edges (read as
    source -> target). yEd's graphics data is skipped.

    Args:
        path: A file path, or an open file (binary, or text).

    Returns:
        The graph. ``boolean`` values are bool, ``int``/``long`` are int,
        ``float``/``double`` are float, and everything else is str (JSON lists
        stay strings). Node ids are strings. An edge's key is its ``label``.

    Raises:
        InputError: The file cannot be read (missing, a folder, a device), is not
            well-formed XML or declares an unknown encoding, or is not GraphML that we
            can represent (a hyperedge, an edge to an undeclared node, a value that
            does not parse as its declared type, a long outside 64 bits).
    """
    if isinstance(path, (str, Path)):
        check_input_file(path)
        try:
            with open(path, "rb") as source:
                return _read(iter(lambda: source.read(_CHUNK), b""), str(path))
        except OSError as err:
            raise input_error(path, err) from err
    name = str(getattr(path, "name", "<stream>"))
    return _read(iter(lambda: path.read(_CHUNK), path.read(0)), name)


def parse_graphml(text: str | bytes) -> nx.MultiDiGraph:
    """Parse a GraphML document held in memory (see `read_graphml`).

    Args:
        text: The document, as str or as bytes in the encoding it declares.

    Returns:
        The graph, as `read_graphml` returns it.

    Raises:
        InputError: As for `read_graphml`; the path is given as ``<string>``.
    """
    return _read((text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK)), "<string>")


class _Key:
    __slots__ = ("default", "domain", "name", "type")

    def __init__(self, name: str, attr_type: str, domain: str) -> None:
        self.name = name
        self.type = attr_type
        self.domain = domain
        self.default: Any = None


def _read(chunks: Iterable[str | bytes], where: str) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    keys: dict[str, _Key] = {}
    with_defaults: list[_Key] = []
    declared: set[str] = set()
    endpoints: dict[str, str] = {}  # node id -> the first edge naming it, until it is declared
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    stack: list[ET.Element] = []

    def fail(message: str) -> InputError:
        return InputError(f"not readable as GraphML: {message}", where)

    def value(key_id: str, element: ET.Element, owner: str) -> tuple[str, Any] | None:
        key = keys.get(key_id) or _Key(key_id, "string", "all")
        text = element.text or ""
        try:
            return key.name, _parse_value(text, key.type)
        except ValueError:
            if not text.strip():
                return None  # an empty number or boolean means no value
            raise fail(
                f"{owner}: value {_short(text)!r} of {key.name!r} is not a GraphML {key.type}"
            ) from None

    def data_of(element: ET.Element, domain: str, owner: str) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        for child in element:
            if (
                _local_name(child.tag) == "data" and len(child) == 0
            ):  # children: yEd graphics, skipped
                found = value(child.get("key", ""), child, owner)
                if found is not None:
                    attrs[found[0]] = found[1]
        for key in with_defaults:
            if key.domain in (domain, "all"):
                attrs.setdefault(key.name, key.default)
        return attrs

    def handle(element: ET.Element) -> None:
        local = _local_name(element.tag)
        parent = stack[-1] if stack else None
        if local is None or parent is None:
            return
        parent_local = _local_name(parent.tag)
        if local == "hyperedge":
            raise fail("hyperedges cannot be represented in a graph")
        if local == "key":
            key_id = element.get("id", "")
            name = element.get("attr.name") or key_id
            key = _Key(name, element.get("attr.type", "string"), element.get("for", "all"))
            for child in element:
                if _local_name(child.tag) == "default":
                    try:
                        key.default = _parse_value(child.text or "", key.type)
                    except ValueError:
                        raise fail(
                            f"default {_short(child.text or '')!r} of key {key_id!r} is not a "
                            f"GraphML {key.type}"
                        ) from None
            keys[key_id] = key
            if key.default is not None:
                with_defaults.append(key)
        elif local == "data" and parent_local == "graph" and len(stack) == 2 and len(element) == 0:
            found = value(element.get("key", ""), element, "the graph")
            if found is not None:
                graph.graph[found[0]] = found[1]
            parent.remove(element)
        elif local == "node":
            node = _decode_id(element.get("id", ""))
            if not node:
                raise fail("a <node> has no id")
            graph.add_node(node, **data_of(element, "node", f"node {node!r}"))
            declared.add(node)
            endpoints.pop(node, None)
            parent.remove(element)
        elif local == "edge":
            u = _decode_id(element.get("source", ""))
            v = _decode_id(element.get("target", ""))
            if not u or not v:
                raise fail("an <edge> lacks its source or target")
            attrs = data_of(element, "edge", f"edge {u!r} -> {v!r}")
            for end in (u, v):
                if end not in declared:
                    endpoints.setdefault(end, f"{u!r} -> {v!r}")
            key = _edge_key(graph, u, v, attrs.get("label"), element.get("id"))
            graph.add_edge(u, v, key=key, **attrs)
            parent.remove(element)

    def drain() -> None:
        # Only "start" and "end" were asked for: every event carries an element.
        for event, element in cast("Iterator[tuple[str, ET.Element]]", parser.read_events()):
            if event == "start":
                stack.append(element)
            else:
                stack.pop()
                handle(element)

    try:
        for chunk in chunks:
            parser.feed(chunk)
            drain()
        parser.close()
        drain()
    except ET.ParseError as err:
        line = err.position[0] if err.position else None
        raise InputError(f"not well-formed XML: {err}", where, line) from err
    except LookupError as err:  # expat met an encoding= it does not know
        raise InputError(
            f"the XML declaration names an unknown encoding ({err}); write "
            'encoding="UTF-8" and save the file as UTF-8',
            where,
            1,
        ) from err
    if endpoints:
        node, edge = next(iter(endpoints.items()))
        raise fail(f"edge {edge} names node {node!r}, which is not declared as a <node>")
    return graph


def _short(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for a one-line message."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


@lru_cache(maxsize=256)
def _local_name(tag: Any) -> str | None:
    """Return the GraphML local name of an element's tag, or None for another namespace's."""
    if not isinstance(tag, str):
        return None  # a comment or processing instruction
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return local if namespace == GRAPHML_NS else None
    return tag


def _parse_value(text: str, attr_type: str) -> Any:
    """Return ``text`` as the Python value of GraphML type ``attr_type``; ValueError if it isn't."""
    if attr_type == "boolean":
        word = text.strip().lower()
        if word in ("true", "1"):
            return True
        if word in ("false", "0"):
            return False
        raise ValueError(text)
    if attr_type in ("long", "int"):
        number = int(text)
        if not _LONG_MIN <= number <= _LONG_MAX:
            raise ValueError(text)  # GraphML's long has 64 bits, like Java's and Neo4j's
        return number
    if attr_type in ("double", "float"):
        return float(text)
    return text


def _edge_key(graph: nx.MultiDiGraph, u: str, v: str, label: Any, edge_id: str | None) -> Any:
    """Key a read edge by its label (our convention), else its id, else a new integer."""
    candidates: list[Any] = []
    if label is not None and label != "":
        candidates.append(label)
    if edge_id:
        # networkx writes multigraph keys 0, 1, … as edge ids and reads them back as ints.
        candidates.append(int(edge_id) if edge_id.isdecimal() else edge_id)
    for key in candidates:
        if not graph.has_edge(u, v, key):
            return key
    return graph.new_edge_key(u, v)
