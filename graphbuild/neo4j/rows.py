"""Turn a graphbuild graph into the parameter rows of the load statements.

Labels and relationship types come from a fixed whitelist (:data:`NODE_LABELS`,
:data:`REL_TYPES`); every value travels as a parameter. Values are checked here, so a
GraphML file with a count that is not a number (or NaN, infinite, or beyond Neo4j's 64-bit
integers) is refused with one line naming the node or edge, before anything is written.
"""

from __future__ import annotations

import functools
import json
import math
import operator
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphbuild.errors import GraphbuildError

ENTITY_LABELS: tuple[str, ...] = ("Model", "Dataset", "Benchmark", "Method")
#: Labels of the citation layer besides Paper (graphbuild/citation_graph.py).
CITATION_LABELS: tuple[str, ...] = ("Author", "Venue")
#: Node labels a graph may use; labels never come from input text.
NODE_LABELS: tuple[str, ...] = ("Paper", *ENTITY_LABELS, *CITATION_LABELS)
#: Relationship types of the citation layer -> the labels of their start and end nodes.
#: They accumulate over loads (MERGE), unlike MENTIONS and INTRODUCES (replaced per paper).
CITATION_TYPES: dict[str, tuple[str, str]] = {
    "CITES": ("Paper", "Paper"),
    "WROTE": ("Author", "Paper"),
    "PUBLISHED_IN": ("Paper", "Venue"),
    "DRAWS_ON": ("Paper", "Paper"),
}
#: Relationship types a graph may use.
REL_TYPES: tuple[str, ...] = ("MENTIONS", "INTRODUCES", "CO_MENTIONED", *CITATION_TYPES)
#: Attributes sent positionally per relationship type (any other one travels in `extra`).
REL_FIELDS: dict[str, tuple[str, ...]] = {
    "MENTIONS": ("count", "in_title", "surfaces", "spans", "typed_as"),
    "INTRODUCES": ("rule", "surface"),
    "CO_MENTIONED": (),
    "CITES": ("citation_sources",),
    "WROTE": ("position",),
    "PUBLISHED_IN": (),
    "DRAWS_ON": ("entities",),
}
#: Attributes holding JSON lists in the graph that become native Neo4j lists of strings.
LIST_ATTRIBUTES = frozenset(
    {"authors", "sources", "aliases", "surfaces", "papers", "citation_sources", "entities"}
)
#: Attributes the loader derives itself rather than copying from the graph.
_DERIVED_NODE_ATTRIBUTES = frozenset({"labels", "id", "paper_count", "mention_count"})
_DERIVED_EDGE_ATTRIBUTES = frozenset({"label", "weight", "association_strength"})
_DERIVED = _DERIVED_NODE_ATTRIBUTES
#: Derived attributes that, when present, must be counts (checked, then left out).
_COUNT_ATTRIBUTES = frozenset({"paper_count", "mention_count", "weight", "count"})
#: Neo4j integers are signed 64-bit.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


@dataclass
class GraphRows:
    """The graph as positional parameter rows keyed by ids, sorted by id.

    Element ids replace the ids at load time. Row layouts are documented in the header of
    each statement in ``cypher/load/``. CO_MENTIONED edges are checked and counted but not
    sent: the database computes its pairs from MENTIONS.
    """

    #: [[id, props, sources]]
    papers: list[list[Any]] = field(default_factory=list)
    #: label -> [[id, props, aliases]]
    entities: dict[str, list[list[Any]]] = field(default_factory=dict)
    #: relationship type -> paper id -> [[entity id, *fields, extra]]
    links: dict[str, dict[str, list[list[Any]]]] = field(default_factory=dict)
    #: Author / Venue -> [[id, props]]
    citation_nodes: dict[str, list[list[Any]]] = field(default_factory=dict)
    #: citation relationship type -> start id -> [[end id, *fields, extra]]
    citations: dict[str, dict[str, list[list[Any]]]] = field(default_factory=dict)
    #: CO_MENTIONED edges of the graph
    co_mentioned: int = 0
    #: (lower entity id, higher entity id) -> further attributes of that pair (e.g. the
    #: analysis' npmi, jaccard); weight and association strength are computed, not sent
    pair_extras: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return (
            len(self.papers)
            + sum(len(rows) for rows in self.entities.values())
            + sum(len(rows) for rows in self.citation_nodes.values())
        )

    def relationship_counts(self) -> Counter[str]:
        """Return the number of relationships per type."""
        counts: Counter[str] = Counter()
        for rel_type, by_start in (*self.links.items(), *self.citations.items()):
            if by_start or rel_type in self.links:
                counts[rel_type] = sum(len(targets) for targets in by_start.values())
        counts["CO_MENTIONED"] = self.co_mentioned
        return counts

    def mentioned(self, paper_id: str) -> set[str]:
        """Return the ids of the entities a paper MENTIONS in this graph."""
        return {link[0] for link in self.links["MENTIONS"].get(paper_id, ())}


def _label_of(data: Mapping[str, Any], node: Any) -> str:
    raw = str(data.get("labels", "")).strip()
    label = raw.lstrip(":").split(":")[0] if raw else ""
    if label not in NODE_LABELS:
        raise GraphbuildError(
            f"node {node!r} has label {raw or '(none)'!r}; expected one of "
            + ", ".join(":" + name for name in NODE_LABELS)
        )
    return label


_FIX = "fix the graph file, or build it again with `graphbuild build`"


def check_text(value: str, what: str) -> str:
    """Return ``value`` if it can be sent to Neo4j as UTF-8 (no lone surrogates).

    Raises:
        GraphbuildError: naming ``what``.
    """
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise GraphbuildError(
                f"{what} holds {value[err.start : err.end]!r} at character {err.start}, "
                f"which is not valid Unicode text (a lone surrogate); {_FIX}"
            ) from None
    return value


def check_value(value: Any, what: str) -> Any:
    """Return a scalar property value Neo4j stores as given, or raise a clear error.

    Integers must fit in 64 bits, floats must be finite, strings valid Unicode.

    Raises:
        GraphbuildError: naming ``what`` and the value.
    """
    if isinstance(value, str):
        return check_text(value, what)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if not INT_MIN <= value <= INT_MAX:
            digits = len(str(abs(value)))
            raise GraphbuildError(
                f"{what} is an integer of {digits} digits, out of Neo4j's 64-bit range "
                f"({INT_MIN} to {INT_MAX}); {_FIX}"
            )
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise GraphbuildError(f"{what} is {value!r}, not a finite number; {_FIX}")
        return value
    raise GraphbuildError(f"{what} is not a scalar: {_short(value)}")


def check_count(value: Any, what: str) -> int | None:
    """Return a count: a whole number from 0 to 2**63-1 (None stays None).

    Raises:
        GraphbuildError: on text, booleans, fractions, NaN, infinities or huge numbers.
    """
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and not math.isfinite(value):
            raise GraphbuildError(f"{what} is {value!r}; a count is a whole number; {_FIX}")
        raise GraphbuildError(
            f"{what} is {_short(value)}; a count is a whole number from 0; {_FIX}"
        )
    check_value(value, what)
    if value < 0:
        raise GraphbuildError(f"{what} is {value}; a count cannot be negative; {_FIX}")
    return value


def check_number(value: Any, what: str) -> float:
    """Return a finite number (int or float, not bool) as given.

    Raises:
        GraphbuildError: on text, booleans, NaN or infinities.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise GraphbuildError(f"{what} is {_short(value)}, not a number; {_FIX}")
    return float(check_value(value, what))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _as_list(value: Any, what: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (json.JSONDecodeError, RecursionError) as err:
            raise GraphbuildError(f"{what} is not a JSON list: {value[:80]!r}") from err
    if not isinstance(value, (list, tuple)):
        raise GraphbuildError(f"{what} is not a list: {_short(value)}")
    items = []
    for item in value:
        if isinstance(item, (list, dict)):
            raise GraphbuildError(f"{what} holds a nested value {_short(item)}; expected text")
        items.append(check_text(str(item), what))
    return items


# The checks below run once per value of a graph with millions of them: each takes the
# common case (ASCII text, a plain int, a finite float, a JSON list of ASCII text) at once
# and leaves anything else to the checks above, which name what they refuse. The name is
# only built then (`what` is a function), since formatting it costs more than the check.
Describe = Callable[[], str]
"""Returns the name of a node or edge for an error message, e.g. ``node 'x'``."""
_decode_json = json.JSONDecoder().raw_decode


def _text_list(value: Any, what: Describe, key: str) -> list[str]:
    """Return a list attribute (a JSON list in the graph) as a sorted list without repeats."""
    if type(value) is str and value.isascii():
        # The usual lists at once: none, or one plain text (a paper's `file:line` source);
        # a quote, escape or control character inside goes to the decoder below.
        if value == "[]":
            return []
        inner = value[2:-2]
        if (
            len(value) >= 4
            and value.startswith('["')
            and value.endswith('"]')
            and '"' not in inner
            and "\\" not in inner
            and inner.isprintable()
        ):
            return [inner]
    items = value
    if type(value) is str and value.startswith("["):
        try:
            items, end = _decode_json(value)  # json.loads without its wrappers
        except (json.JSONDecodeError, RecursionError):
            items, end = None, 0
        if end != len(value):
            items = None  # more after the list: the full check says what
    if type(items) is list and all(type(item) is str and item.isascii() for item in items):
        return sorted(set(items))
    return sorted(set(_as_list(value, f"{what()} attribute {key!r}")))


def _scalar(value: Any, what: Describe, key: str) -> Any:
    """Return a scalar attribute as :func:`check_value` does."""
    kind = type(value)
    if kind is str:
        if value.isascii():
            return value
    elif kind is bool:
        return value
    elif kind is int:
        if INT_MIN <= value <= INT_MAX:
            return value
    elif kind is float and math.isfinite(value):
        return value
    return check_value(value, f"{what()} attribute {key!r}")


def _count(value: Any, what: Describe, key: str) -> int | None:
    """Return a count as :func:`check_count` does."""
    if value is None or (type(value) is int and 0 <= value <= INT_MAX):
        return value
    return check_count(value, f"{what()} attribute {key!r}")


def _properties(data: Mapping[str, Any], skip: frozenset[str], what: Describe) -> dict[str, Any]:
    """Return the attributes to store: JSON lists decoded, values checked, derived left out."""
    props: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if key in skip:
            if key in _COUNT_ATTRIBUTES:
                _count(value, what, key)
            elif key == "association_strength" and not (
                type(value) is float and math.isfinite(value)
            ):
                check_number(value, f"{what()} attribute {key!r}")
            continue
        if key in LIST_ATTRIBUTES:
            props[key] = _text_list(value, what, key)
        else:
            if type(key) is not str or not key.isascii():
                key = check_text(str(key), f"{what()} attribute name")
            if type(value) is str and value.isascii():
                props[key] = value  # the usual value: spare the call
            else:
                props[key] = _scalar(value, what, key)
    return props


def graph_rows(graph: nx.MultiDiGraph) -> GraphRows:
    """Turn a graphbuild graph into parameter rows for the load statements.

    Args:
        graph: the graph of the data model (README, "Data model").

    Returns:
        The rows, sorted by id so that batches take locks in a stable order.

    Raises:
        GraphbuildError: on a node label or relationship type outside the whitelist, an
            edge whose ends do not fit its type, or a value Neo4j cannot store as given.
    """
    rows, nodes = node_rows(graph)
    add_edge_rows(graph, rows, nodes)
    return rows


#: Attributes left out of each label's properties (derived, or sent apart from them).
_SKIPPED_NODE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "Paper": _DERIVED_NODE_ATTRIBUTES | {"sources"},
    # an entity's type is recomputed from MENTIONS (load/entity_counts.cypher)
    **{label: _DERIVED_NODE_ATTRIBUTES | {"aliases", "type"} for label in ENTITY_LABELS},
    # paper_count is recomputed from WROTE / PUBLISHED_IN (load/citation_counts)
    **{label: _DERIVED for label in CITATION_LABELS},
}
#: The usual spellings of the labels attribute, and their label.
_LABEL_SPELLINGS: dict[str, str] = {
    **{f":{label}": label for label in NODE_LABELS},
    **{label: label for label in NODE_LABELS},
}


def node_rows(graph: nx.MultiDiGraph) -> tuple[GraphRows, dict[Any, tuple[str, str]]]:
    """Return the rows of the nodes, and each graph node's (id, label) for the edges."""
    rows = GraphRows(
        entities={label: [] for label in ENTITY_LABELS},
        links={"MENTIONS": {}, "INTRODUCES": {}},
        citation_nodes={label: [] for label in CITATION_LABELS},
        citations={rel_type: {} for rel_type in CITATION_TYPES},
    )
    nodes: dict[Any, tuple[str, str]] = {}
    for node, data in graph.nodes(data=True):
        raw_label = data.get("labels")
        label = _LABEL_SPELLINGS.get(raw_label) if type(raw_label) is str else None
        if label is None:
            label = _label_of(data, node)
        node_id = data.get("id", node)
        if type(node_id) is not str or not node_id.isascii():
            node_id = check_text(str(node_id), f"node {node!r} attribute 'id'")
        nodes[node] = (node_id, label)
        what = functools.partial("node {!r}".format, node_id)
        props = _properties(data, _SKIPPED_NODE_ATTRIBUTES[label], what)
        if label in CITATION_LABELS:
            rows.citation_nodes[label].append([node_id, props])
            continue
        listed = "sources" if label == "Paper" else "aliases"
        values = _text_list(data.get(listed), what, listed)
        if label == "Paper":
            rows.papers.append([node_id, props, values])
        else:
            rows.entities[label].append([node_id, props, values])
    by_id = operator.itemgetter(0)
    rows.papers.sort(key=by_id)
    for label_rows in (*rows.entities.values(), *rows.citation_nodes.values()):
        label_rows.sort(key=by_id)
    return rows, nodes


#: Attributes of each relationship type sent positionally, plus the ones never sent.
_KNOWN_EDGE_ATTRIBUTES = {
    rel_type: frozenset(fields) | _DERIVED_EDGE_ATTRIBUTES
    for rel_type, fields in REL_FIELDS.items()
}
# DRAWS_ON is inferred by definition: the statement writes `inferred: true` itself.
_KNOWN_EDGE_ATTRIBUTES["DRAWS_ON"] |= {"inferred"}


def _edge_type(rel_type: str, start: tuple[str, str], end: tuple[str, str]) -> None:
    """Refuse a type outside the whitelist or ends that do not fit it."""
    (a, a_label), (b, b_label) = start, end
    if rel_type == "CO_MENTIONED":
        if a_label not in ENTITY_LABELS or b_label not in ENTITY_LABELS:
            raise GraphbuildError(f"CO_MENTIONED edge {a!r} -> {b!r} must join two entities")
    elif rel_type == "MENTIONS" or rel_type == "INTRODUCES":
        if a_label != "Paper" or b_label not in ENTITY_LABELS:
            raise GraphbuildError(
                f"{rel_type} edge {a!r} -> {b!r} must go from a paper to an entity"
            )
    elif rel_type in CITATION_TYPES:
        start_label, end_label = CITATION_TYPES[rel_type]
        if (a_label, b_label) != (start_label, end_label):
            raise GraphbuildError(
                f"{rel_type} edge {a!r} -> {b!r} must go from :{start_label} to :{end_label}"
            )
    else:
        raise GraphbuildError(
            f"edge {a!r} -> {b!r} has type {rel_type!r}; expected one of " + ", ".join(REL_TYPES)
        )


#: Every (type, start label, end label) an edge may have (:func:`_edge_type`'s rule).
_FITTING_ENDS = frozenset(
    [("CO_MENTIONED", a, b) for a in ENTITY_LABELS for b in ENTITY_LABELS]
    + [(rel_type, "Paper", b) for rel_type in ("MENTIONS", "INTRODUCES") for b in ENTITY_LABELS]
    + [(rel_type, a, b) for rel_type, (a, b) in CITATION_TYPES.items()]
)
#: Derived attributes an edge may carry, checked (then left out) when it does.
_CHECKED_DERIVED = frozenset({"weight", "association_strength"})
#: (start label, end label) of the pairs of entities CO_MENTIONED joins.
_ENTITY_PAIRS = frozenset((a, b) for a in ENTITY_LABELS for b in ENTITY_LABELS)
#: Attributes of a CO_MENTIONED edge that are not sent along with the pair.
_PAIR_SKIPPED = _DERIVED_EDGE_ATTRIBUTES | {"papers"}


def check_edges(graph: nx.MultiDiGraph, nodes: Mapping[Any, tuple[str, str]]) -> int:
    """Refuse an edge of a type outside the whitelist or with ends that do not fit it.

    A quick pass run before anything is written (the rows are built while nodes load).

    Returns:
        The number of edges.

    Raises:
        GraphbuildError: naming the edge.
    """
    count = 0
    for u, v, key, rel_type in graph.edges(keys=True, data="label"):
        count += 1
        kind = rel_type or key
        start, end = nodes[u], nodes[v]
        if type(kind) is not str or (kind, start[1], end[1]) not in _FITTING_ENDS:
            _edge_type(str(kind), start, end)
    return count


def _edge_name(rel_type: Any, start: str, end: str) -> str:
    return f"{rel_type} edge {start!r} -> {end!r}"


def add_edge_rows(
    graph: nx.MultiDiGraph, rows: GraphRows, nodes: Mapping[Any, tuple[str, str]]
) -> None:
    """Add the rows of the edges to ``rows`` (the hot loop of :func:`graph_rows`).

    Raises:
        GraphbuildError: as :func:`check_edges`, or on a value Neo4j cannot store as given.
    """
    links = rows.links
    # The surfaces of an entity recur in many MENTIONS: each JSON text is decoded once, and
    # its list shared by those rows (nothing changes a row once built).
    surfaces_of: dict[str, list[str]] = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        rel_type = data.get("label") or key
        start, end = nodes[u], nodes[v]
        what = functools.partial(_edge_name, rel_type, start[0], end[0])
        if rel_type == "MENTIONS":
            if start[1] != "Paper" or end[1] not in ENTITY_LABELS:
                _edge_type(rel_type, start, end)
            in_title, surfaces, spans, typed_as = (
                data.get("in_title"),
                data.get("surfaces"),
                data.get("spans"),
                data.get("typed_as"),
            )
            if in_title is not None and type(in_title) is not bool:
                _check_flag(in_title, f"{what()} attribute 'in_title'")
            listed = surfaces_of.get(surfaces) if type(surfaces) is str else None
            if listed is None:
                listed = _text_list(surfaces, what, "surfaces")
                if type(surfaces) is str:
                    surfaces_of[surfaces] = listed
            if type(typed_as) is not str or typed_as not in ENTITY_LABELS:
                typed_as = _check_type(typed_as, end[1], f"{what()} attribute 'typed_as'")
            fields = [
                _count(data.get("count"), what, "count"),
                in_title,
                listed,
                None if spans is None else _scalar(spans, what, "spans"),
                typed_as,
            ]
        elif rel_type == "INTRODUCES":
            if start[1] != "Paper" or end[1] not in ENTITY_LABELS:
                _edge_type(rel_type, start, end)
            fields = [
                None if data.get(name) is None else _scalar(data[name], what, name)
                for name in REL_FIELDS["INTRODUCES"]
            ]
        elif rel_type in CITATION_TYPES:
            _edge_type(rel_type, start, end)
            _add_citation_row(rows, rel_type, start[0], end[0], data, what)
            continue
        else:
            if rel_type != "CO_MENTIONED" or (start[1], end[1]) not in _ENTITY_PAIRS:
                _edge_type(str(rel_type), start, end)
            # Pairs are computed from MENTIONS in the database; further attributes go along.
            further = _properties(data, _PAIR_SKIPPED, what)
            if further:
                pair = (start[0], end[0]) if start[0] < end[0] else (end[0], start[0])
                rows.pair_extras[pair] = {**rows.pair_extras.get(pair, {}), **further}
            rows.co_mentioned += 1
            continue
        known = _KNOWN_EDGE_ATTRIBUTES[rel_type]
        extra: dict[str, Any] | None = None
        if not known.issuperset(data):
            extra = _properties(data, known, what)
        elif not _CHECKED_DERIVED.isdisjoint(data):
            _properties({k: data[k] for k in _CHECKED_DERIVED if k in data}, known, what)
        links[rel_type].setdefault(start[0], []).append([end[0], *fields, extra])


def _add_citation_row(
    rows: GraphRows, rel_type: str, start: str, end: str, data: Mapping[str, Any], what: Describe
) -> None:
    """Add one CITES / WROTE / PUBLISHED_IN / DRAWS_ON row: ``[end id, *fields, extra]``."""
    fields: list[Any] = []
    for name in REL_FIELDS[rel_type]:
        value = data.get(name)
        if name in LIST_ATTRIBUTES:
            fields.append(_text_list(value, what, name))
        else:
            fields.append(None if value is None else _scalar(value, what, name))
    if rel_type == "DRAWS_ON" and data.get("inferred") not in (None, True):
        raise GraphbuildError(
            f"{what()} attribute 'inferred' is {_short(data['inferred'])}; DRAWS_ON is always "
            f"inferred (citations are CITES); {_FIX}"
        )
    known = _KNOWN_EDGE_ATTRIBUTES[rel_type]
    extra = _properties(data, known, what) if not known.issuperset(data) else None
    rows.citations[rel_type].setdefault(start, []).append([end, *fields, extra or None])


def _check_flag(value: Any, what: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise GraphbuildError(f"{what} is {_short(value)}; expected true or false; {_FIX}")


def _check_type(value: Any, default: str, what: str) -> str:
    if value is None or value == "":
        return default
    if value not in ENTITY_LABELS:
        raise GraphbuildError(
            f"{what} is {_short(value)}; expected one of {', '.join(ENTITY_LABELS)}; {_FIX}"
        )
    return str(value)
