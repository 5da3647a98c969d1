"""Turn a graphbuild graph into the parameter rows of the load statements.

Labels and relationship types come from a fixed whitelist (:data:`NODE_LABELS`,
:data:`REL_TYPES`); every value travels as a parameter. Values are checked here, so a
GraphML file with a count that is not a number (or NaN, infinite, or beyond Neo4j's 64-bit
integers) is refused with one line naming the node or edge, before anything is written.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphbuild.errors import GraphbuildError

ENTITY_LABELS: tuple[str, ...] = ("Model", "Dataset", "Benchmark", "Method")
#: Node labels a graph may use; labels never come from input text.
NODE_LABELS: tuple[str, ...] = ("Paper", *ENTITY_LABELS)
#: Relationship types a graph may use.
REL_TYPES: tuple[str, ...] = ("MENTIONS", "INTRODUCES", "CO_MENTIONED")
#: Attributes sent positionally per relationship type (any other one travels in `extra`).
REL_FIELDS: dict[str, tuple[str, ...]] = {
    "MENTIONS": ("count", "in_title", "surfaces", "spans"),
    "INTRODUCES": ("rule", "surface"),
    "CO_MENTIONED": (),
}
#: Attributes holding JSON lists in the graph that become native Neo4j lists of strings.
LIST_ATTRIBUTES = frozenset({"authors", "sources", "aliases", "surfaces", "papers"})
#: Attributes the loader derives itself rather than copying from the graph.
_DERIVED_NODE_ATTRIBUTES = frozenset({"labels", "id", "paper_count", "mention_count"})
_DERIVED_EDGE_ATTRIBUTES = frozenset({"label", "weight", "association_strength"})
#: Neo4j integers are signed 64-bit.
INT_RANGE = (-(2**63), 2**63 - 1)


@dataclass
class GraphRows:
    """The graph as positional parameter rows keyed by ids, sorted by id.

    Element ids replace the ids at load time. Row layouts are documented in the header of
    each statement in ``cypher/load/``.
    """

    #: [[id, props, sources]]
    papers: list[list[Any]] = field(default_factory=list)
    #: label -> [[id, props, aliases]]
    entities: dict[str, list[list[Any]]] = field(default_factory=dict)
    #: relationship type -> paper id -> [[entity id, *fields, extra]]
    links: dict[str, dict[str, list[list[Any]]]] = field(default_factory=dict)
    #: (lower entity id, higher entity id) -> [sorted paper ids, extra]
    pairs: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    @property
    def node_count(self) -> int:
        return len(self.papers) + sum(len(rows) for rows in self.entities.values())

    def relationship_counts(self) -> Counter[str]:
        """Return the number of relationships per type."""
        counts: Counter[str] = Counter()
        for rel_type, by_paper in self.links.items():
            counts[rel_type] = sum(len(targets) for targets in by_paper.values())
        counts["CO_MENTIONED"] = len(self.pairs)
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


def _as_list(value: Any, what: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as err:
            raise GraphbuildError(f"{what} is not a JSON list: {value[:80]!r}") from err
    if not isinstance(value, (list, tuple)):
        raise GraphbuildError(f"{what} is not a list: {value!r}")
    return [str(item) for item in value]


def _properties(data: Mapping[str, Any], skip: frozenset[str], what: str) -> dict[str, Any]:
    """Return the attributes to store: JSON lists decoded, derived ones left out."""
    props: dict[str, Any] = {}
    for key, value in data.items():
        if key in skip or value is None:
            continue
        if key in LIST_ATTRIBUTES:
            props[key] = sorted(set(_as_list(value, f"{what} attribute {key!r}")))
        elif isinstance(value, (str, int, float, bool)):
            props[key] = value
        else:
            raise GraphbuildError(f"{what} attribute {key!r} is not a scalar: {value!r}")
    return props


def graph_rows(graph: nx.MultiDiGraph) -> GraphRows:
    """Turn a graphbuild graph into parameter rows for the load statements.

    Args:
        graph: the graph of the data model (README, "Data model").

    Returns:
        The rows, sorted by id so that batches take locks in a stable order.

    Raises:
        GraphbuildError: on a node label or relationship type outside the whitelist, or
            an edge whose ends do not fit its type.
    """
    rows, nodes = node_rows(graph)
    add_edge_rows(graph, rows, nodes)
    return rows


def node_rows(graph: nx.MultiDiGraph) -> tuple[GraphRows, dict[Any, tuple[str, str]]]:
    """Return the rows of the nodes, and each graph node's (id, label) for the edges."""
    rows = GraphRows(
        entities={label: [] for label in ENTITY_LABELS}, links={"MENTIONS": {}, "INTRODUCES": {}}
    )
    nodes: dict[Any, tuple[str, str]] = {}
    for node, data in graph.nodes(data=True):
        label = _label_of(data, node)
        node_id = str(data.get("id", node))
        nodes[node] = (node_id, label)
        what = f"node {node_id!r}"
        listed = "sources" if label == "Paper" else "aliases"
        props = _properties(data, _DERIVED_NODE_ATTRIBUTES | {listed}, what)
        values = sorted(set(_as_list(data.get(listed), f"{what} attribute {listed!r}")))
        if label == "Paper":
            rows.papers.append([node_id, props, values])
        else:
            props["type"] = label
            rows.entities[label].append([node_id, props, values])
    rows.papers.sort(key=lambda row: row[0])
    for entity_rows in rows.entities.values():
        entity_rows.sort(key=lambda row: row[0])
    return rows, nodes


#: Attributes of each relationship type sent positionally, plus the ones never sent.
_KNOWN_EDGE_ATTRIBUTES = {
    rel_type: frozenset(fields) | _DERIVED_EDGE_ATTRIBUTES
    for rel_type, fields in REL_FIELDS.items()
}


def check_edges(graph: nx.MultiDiGraph, nodes: Mapping[Any, tuple[str, str]]) -> None:
    """Refuse an edge of a type outside the whitelist or with ends that do not fit it.

    A quick pass run before anything is written (the rows are built while nodes load).

    Raises:
        GraphbuildError: naming the edge.
    """
    for u, v, key, rel_type in graph.edges(keys=True, data="label"):
        rel_type = rel_type or key
        (start, start_label), (end, end_label) = nodes[u], nodes[v]
        if rel_type == "CO_MENTIONED":
            if start_label == "Paper" or end_label == "Paper":
                raise GraphbuildError(
                    f"CO_MENTIONED edge {start!r} -> {end!r} must join two entities"
                )
        elif rel_type == "MENTIONS" or rel_type == "INTRODUCES":
            if start_label != "Paper" or end_label == "Paper":
                raise GraphbuildError(
                    f"{rel_type} edge {start!r} -> {end!r} must go from a paper to an entity"
                )
        else:
            raise GraphbuildError(
                f"edge {start!r} -> {end!r} has type {rel_type!r}; expected one of "
                + ", ".join(REL_TYPES)
            )


def add_edge_rows(
    graph: nx.MultiDiGraph, rows: GraphRows, nodes: Mapping[Any, tuple[str, str]]
) -> None:
    """Add the rows of the edges to ``rows`` (the hot loop of :func:`graph_rows`)."""
    links = rows.links
    pairs = rows.pairs
    for u, v, key, data in graph.edges(keys=True, data=True):
        rel_type = data.get("label") or key
        (start, start_label), (end, end_label) = nodes[u], nodes[v]
        if rel_type == "MENTIONS" or rel_type == "INTRODUCES":
            if start_label != "Paper" or end_label == "Paper":
                raise GraphbuildError(
                    f"{rel_type} edge {start!r} -> {end!r} must go from a paper to an entity"
                )
            known = _KNOWN_EDGE_ATTRIBUTES[rel_type]
            fields = [data.get(name) for name in REL_FIELDS[rel_type]]
            if rel_type == "MENTIONS":
                fields[2] = sorted(
                    set(
                        _as_list(
                            fields[2], f"MENTIONS edge {start!r} -> {end!r} attribute 'surfaces'"
                        )
                    )
                )
            extra = None
            if any(name not in known for name in data):
                extra = _properties(data, known, f"{rel_type} edge {start!r} -> {end!r}")
            links[rel_type].setdefault(start, []).append([end, *fields, extra])
        elif rel_type == "CO_MENTIONED":
            if start_label == "Paper" or end_label == "Paper":
                raise GraphbuildError(
                    f"CO_MENTIONED edge {start!r} -> {end!r} must join two entities"
                )
            what = f"CO_MENTIONED edge {start!r} -> {end!r}"
            pair = pairs.get((start, end) if start < end else (end, start))
            if pair is None:
                pair = pairs[(start, end) if start < end else (end, start)] = [set(), None]
            pair[0].update(_as_list(data.get("papers"), f"{what} attribute 'papers'"))
            if any(
                name not in _KNOWN_EDGE_ATTRIBUTES["CO_MENTIONED"] | {"papers"} for name in data
            ):
                extra = _properties(data, _DERIVED_EDGE_ATTRIBUTES | {"papers"}, what)
                pair[1] = {**(pair[1] or {}), **extra}
        else:
            raise GraphbuildError(
                f"edge {start!r} -> {end!r} has type {rel_type!r}; expected one of "
                + ", ".join(REL_TYPES)
            )
    for pair in pairs.values():
        pair[0] = sorted(pair[0])
