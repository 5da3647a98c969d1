"""CSV files for ``neo4j-admin database import full``, with typed headers, and its command.

One node file per label (``nodes_Paper.csv``, ``nodes_Model.csv``, ...) and one
relationship file per type (``rels_MENTIONS.csv``, ...), the same data model as the
driver loader (:mod:`graphbuild.neo4j.loader`): entities carry ``:Entity`` and their type
label, ``id`` is the node key (``id:ID``), lists (the loader's list attributes:
``authors``, ``sources``, ``aliases``, ``surfaces``, ...) are string arrays, and every
other attribute keeps its type (``:long``, ``:double``, ``:boolean``, plain string).
Labels and types are the graph's own, so the citation layer (``Author``, ``Venue``;
``CITES``, ``WROTE``, ``PUBLISHED_IN``, ``DRAWS_ON``) comes along like the rest, and so do
analysis attributes.

Two modes:

* the export (default) writes the graph's values. One difference from a driver load
  remains: neo4j-admin reads an empty field as no property, so an empty list (``aliases``
  of most entities) is absent after the import where the loader writes ``[]``.
* ``as_loaded=True`` writes what the driver loader would write into an empty database:
  lists sorted and without repeats, ``sources``/``aliases``/``surfaces`` always present,
  entity counts, types and the CO_MENTIONED pairs (weights, association strengths)
  computed from the MENTIONS as the database does. Empty values the files cannot carry
  are named, per row, by a ``graphbuild_empty`` number into
  :attr:`Neo4jCsv.empty_values`; :mod:`graphbuild.neo4j.bulk` sets them after the import
  and removes the number.

The import runs on a stopped server (or before its first start) and replaces the
database::

    neo4j-admin database import full neo4j --overwrite-destination=true \\
        --multiline-fields=true --array-delimiter=U+001F \\
        --nodes=nodes_Paper.csv ... --relationships=rels_MENTIONS.csv ...

:func:`write_neo4j_csv` returns that command with the files' paths.
"""

from __future__ import annotations

import csv
import itertools
import json
import shlex
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild.build import association_strength
from graphbuild.errors import GraphbuildError
from graphbuild.formats._entities import column_types
from graphbuild.formats.atomic import atomic_write
from graphbuild.neo4j.rows import LIST_ATTRIBUTES as LOADER_LISTS

__all__ = [
    "ARRAY_DELIMITER",
    "EMPTY_COLUMN",
    "Neo4jCsv",
    "import_arguments",
    "neo4j_entity_types",
    "write_neo4j_csv",
]

#: The unit separator: it cannot occur in titles, names or paths, unlike ``;`` or ``|``.
ARRAY_DELIMITER = "\x1f"
#: Attributes written as string arrays: the loader's list attributes.
LIST_ATTRIBUTES = frozenset(LOADER_LISTS)
#: The column naming a row's empty values (``as_loaded`` only).
EMPTY_COLUMN = "graphbuild_empty"
_TYPES = {"bool": "boolean", "int": "long", "float": "double", "str": "string"}
_NODE_SKIP = frozenset({"labels", "id"})
_EDGE_SKIP = frozenset({"label"})
_ENTITY_LABELS = ("Model", "Dataset", "Benchmark", "Method")
#: Lists the driver loader always writes, ``[]`` when the graph has none.
_ALWAYS_LISTS: dict[str, tuple[str, ...]] = {
    "Paper": ("sources",),
    **{label: ("aliases",) for label in _ENTITY_LABELS},
    "MENTIONS": ("surfaces",),
}
#: Attributes the loader derives (entities' counts; a link's weight), not copied.
_DERIVED_ENTITY = frozenset({"paper_count", "mention_count"})
_DERIVED_LINK = frozenset({"weight", "association_strength"})
#: Attributes of a graph's CO_MENTIONED edge the database computes or does not keep.
_PAIR_SKIP = frozenset({"label", "weight", "association_strength", "papers"})

#: (start id, end id, properties) of one relationship.
Relationship = tuple[str, str, dict[str, Any]]


@dataclass
class Neo4jCsv:
    """The files written, their counts, and the import command."""

    folder: Path
    node_files: list[Path] = field(default_factory=list)
    relationship_files: list[Path] = field(default_factory=list)
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    database: str = "neo4j"
    #: ``as_loaded`` only: the empty values of the rows whose ``graphbuild_empty`` is the
    #: index in this list (e.g. ``{"aliases": []}``); neo4j-admin cannot write them.
    empty_values: list[dict[str, Any]] = field(default_factory=list)

    @property
    def arguments(self) -> list[str]:
        """The arguments of ``neo4j-admin`` that import these files."""
        return import_arguments(self.node_files, self.relationship_files, self.database)

    @property
    def command(self) -> str:
        """The shell command that imports these files (run with the server stopped)."""
        return shlex.join(["neo4j-admin", *self.arguments])


def import_arguments(
    node_files: list[Path], relationship_files: list[Path], database: str = "neo4j"
) -> list[str]:
    """``neo4j-admin`` arguments importing the given files into ``database``."""
    return [
        "database",
        "import",
        "full",
        # The database first: after --relationships it would be read as one more file.
        database,
        "--overwrite-destination=true",
        "--multiline-fields=true",
        "--array-delimiter=U+001F",
        *(f"--nodes={f}" for f in node_files),
        *(f"--relationships={f}" for f in relationship_files),
    ]


def _items(value: object) -> list[Any]:
    """The items of a list attribute: a JSON list string or a list."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            loaded = json.loads(value)
        except json.JSONDecodeError as err:
            raise GraphbuildError(f"list attribute is not a JSON list: {value[:80]!r}") from err
        return list(loaded) if isinstance(loaded, list) else [loaded]
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    return [value]


def _text(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind == "string[]":
        return ARRAY_DELIMITER.join(str(i) for i in _items(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _header(kinds: dict[str, str]) -> dict[str, str]:
    typed = {}
    for name, kind in kinds.items():
        typed[name] = "string[]" if name in LIST_ATTRIBUTES else _TYPES[kind]
    return typed


def neo4j_entity_types(graph: nx.MultiDiGraph) -> dict[Any, str]:
    """Return the type the Neo4j loader gives each mentioned entity: the one most of its
    papers give it (MENTIONS ``typed_as``, else the entity's own type), a tie going to the
    first of Model, Dataset, Benchmark, Method (README, "Loading again ...")."""
    votes: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_ENTITY_LABELS, 0))
    for _, entity, key, data in graph.edges(keys=True, data=True):
        if str(data.get("label", key)) == "MENTIONS":
            kind = data.get("typed_as") or _label(graph.nodes[entity])
            if kind in _ENTITY_LABELS:
                votes[entity][kind] += 1
    return {
        entity: max(_ENTITY_LABELS, key=lambda t: (counts[t], -_ENTITY_LABELS.index(t)))
        for entity, counts in votes.items()
    }


def _label(data: dict[str, Any]) -> str:
    label = str(data.get("labels", "")).lstrip(":").split(":")[0]
    if not label:
        raise GraphbuildError(f"node {data.get('id')!r} has no labels attribute")
    return label


class _Empties:
    """Numbers the distinct sets of empty values (``as_loaded``)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.values: list[dict[str, Any]] = []

    def take(self, props: dict[str, Any]) -> dict[str, Any]:
        """Return ``props`` without its empty values, numbered in ``graphbuild_empty``."""
        if all(v or v is False or v == 0 for v in props.values()):
            return props  # the usual case: nothing empty
        empty = {k: v for k, v in props.items() if isinstance(v, (list, str)) and len(v) == 0}
        if not empty:
            return props
        key = json.dumps(empty, sort_keys=True)
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(dict(sorted(empty.items())))
        kept = {k: v for k, v in props.items() if k not in empty}
        kept[EMPTY_COLUMN] = self.index[key]
        return kept


def _loaded_lists(props: dict[str, Any], always: Iterable[str]) -> dict[str, Any]:
    """Lists as the loader stores them: sorted, without repeats; ``always`` ones present."""
    for name in always:
        props.setdefault(name, [])
    for name, value in props.items():
        if name in LIST_ATTRIBUTES:
            props[name] = sorted({str(item) for item in _items(value)})
    return props


def _node_records(
    graph: nx.MultiDiGraph, as_loaded: bool
) -> tuple[dict[str, list[tuple[str, dict[str, Any]]]], dict[Any, str]]:
    """Return label -> [(id, properties)] and each graph node's id."""
    typed = neo4j_entity_types(graph)
    counts: dict[Any, list[int]] = {}
    if as_loaded:
        for _, entity, key, data in graph.edges(keys=True, data=True):
            if str(data.get("label", key)) == "MENTIONS":
                tally = counts.setdefault(entity, [0, 0])
                tally[0] += 1
                tally[1] += int(data.get("count") or 0)
    by_label: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    ids: dict[Any, str] = {}
    for node, data in graph.nodes(data=True):
        label = _label(data)
        node_id = str(data.get("id", node))
        ids[node] = node_id
        props = {k: v for k, v in data.items() if k not in _NODE_SKIP and v is not None}
        if label in _ENTITY_LABELS:
            # The type the loader gives it (the majority of its papers), not the build's.
            label = typed.get(node, label)
            props["type"] = label
            if as_loaded:
                paper_count, mention_count = counts.get(node, (0, 0))
                props.update(paper_count=paper_count, mention_count=mention_count)
        if as_loaded:
            props = _loaded_lists(props, _ALWAYS_LISTS.get(label, ()))
        by_label[label].append((node_id, props))
    return by_label, ids


def _edge_records(
    graph: nx.MultiDiGraph, ids: dict[Any, str], as_loaded: bool
) -> dict[str, list[Relationship]]:
    """Return type -> [(start id, end id, properties)]."""
    by_type: dict[str, list[Relationship]] = defaultdict(list)
    pair_extras: dict[tuple[str, str], dict[str, Any]] = {}
    for a, b, key, data in graph.edges(keys=True, data=True):
        rel_type = str(data.get("label", key))
        start, end = ids[a], ids[b]
        if rel_type == "CO_MENTIONED" and as_loaded:
            # The pair itself comes from MENTIONS (below); only further attributes are kept.
            further = {k: v for k, v in data.items() if k not in _PAIR_SKIP and v is not None}
            if further:
                pair = (start, end) if start < end else (end, start)
                pair_extras[pair] = {**pair_extras.get(pair, {}), **further}
            continue
        props = {k: v for k, v in data.items() if k not in _EDGE_SKIP and v is not None}
        if rel_type == "CO_MENTIONED":
            # As the loader: a pair keeps no list of papers (it would grow with the corpus).
            props.pop("papers", None)
        elif as_loaded:
            if rel_type in ("MENTIONS", "INTRODUCES"):
                props = {k: v for k, v in props.items() if k not in _DERIVED_LINK}
            if rel_type == "MENTIONS" and not props.get("typed_as"):
                props["typed_as"] = _label(graph.nodes[b])
            props = _loaded_lists(props, _ALWAYS_LISTS.get(rel_type, ()))
        by_type[rel_type].append((start, end, props))
    if as_loaded:
        pairs = _database_pairs(by_type.get("MENTIONS", []), pair_extras)
        if pairs:
            by_type["CO_MENTIONED"] = pairs
    return by_type


def _database_pairs(
    mentions: list[Relationship], extras: dict[tuple[str, str], dict[str, Any]]
) -> list[Relationship]:
    """The CO_MENTIONED pairs the database computes from MENTIONS (load/compute_co_mentioned):
    lower id -> higher id, weight = papers naming both, the association strength over all
    pairs, and the graph's further attributes of the pair."""
    named: dict[str, set[str]] = defaultdict(set)
    for paper, entity, _ in mentions:
        named[paper].add(entity)
    weights: Counter[tuple[str, str]] = Counter()
    for entities in named.values():
        weights.update(itertools.combinations(sorted(entities), 2))
    strengths = association_strength(weights)
    return [
        (
            a,
            b,
            {
                **extras.get((a, b), {}),
                "weight": weight,
                "association_strength": strengths[(a, b)],
            },
        )
        for (a, b), weight in weights.items()
    ]


def write_neo4j_csv(
    graph: nx.MultiDiGraph,
    folder: str | Path,
    *,
    database: str = "neo4j",
    as_loaded: bool = False,
) -> Neo4jCsv:
    """Write the neo4j-admin import files of ``graph`` into ``folder``.

    Args:
        graph: The knowledge graph.
        folder: Where the CSV files go (created if missing).
        database: The database the import command names.
        as_loaded: Write what the driver loader would write into an empty database
            (derived values from MENTIONS; empty values numbered, see the module notes).

    Returns:
        The files, the node and relationship counts, and the import command.

    Raises:
        GraphbuildError: A node has no ``labels`` attribute, or a list attribute is not
            a JSON list.
    """
    folder = Path(folder).resolve()
    result = Neo4jCsv(folder, database=database)
    empties = _Empties()
    by_label, ids = _node_records(graph, as_loaded)
    for label in sorted(by_label):
        rows = sorted(by_label[label], key=lambda r: r[0])
        if as_loaded:
            rows = [(node, empties.take(props)) for node, props in rows]
        types = _header(column_types([d for _, d in rows], _NODE_SKIP))
        path = folder / f"nodes_{label}.csv"
        with atomic_write(path, newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(
                ["id:ID", ":LABEL", *(f"{n}:{t}" if t != "string" else n for n, t in types.items())]
            )
            # :LABEL is an array column too: its labels are split on the array delimiter.
            labels = ARRAY_DELIMITER.join(["Entity", label] if label in _ENTITY_LABELS else [label])
            for node, data in rows:
                writer.writerow([node, labels, *(_text(data.get(n), t) for n, t in types.items())])
        result.node_files.append(path)
        result.nodes[label] = len(rows)
    by_type = _edge_records(graph, ids, as_loaded)
    for rel_type in sorted(by_type):
        edges = sorted(by_type[rel_type], key=lambda r: (r[0], r[1]))
        if as_loaded:
            edges = [(a, b, empties.take(props)) for a, b, props in edges]
        types = _header(column_types([d for *_, d in edges], _EDGE_SKIP))
        path = folder / f"rels_{rel_type}.csv"
        with atomic_write(path, newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(
                [
                    ":START_ID",
                    ":END_ID",
                    ":TYPE",
                    *(f"{n}:{t}" if t != "string" else n for n, t in types.items()),
                ]
            )
            for a, b, data in edges:
                writer.writerow(
                    [a, b, rel_type, *(_text(data.get(n), t) for n, t in types.items())]
                )
        result.relationship_files.append(path)
        result.relationships[rel_type] = len(edges)
    result.empty_values = empties.values
    return result
