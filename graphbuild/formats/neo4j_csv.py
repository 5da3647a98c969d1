"""CSV files for ``neo4j-admin database import full``, with typed headers, and its command.

One node file per label (``nodes_Paper.csv``, ``nodes_Model.csv``, ...) and one
relationship file per type (``rels_MENTIONS.csv``, ...), the same data model as the
driver loader (:mod:`graphbuild.neo4j.loader`): entities carry ``:Entity`` and their type
label, ``id`` is the node key (``id:ID``), lists (``authors``, ``sources``, ``aliases``,
``surfaces``, ``papers``) are string arrays, and every other attribute keeps its type
(``:long``, ``:double``, ``:boolean``, plain string). Analysis attributes come along.
One difference remains: neo4j-admin reads an empty field as no property, so an empty
list (``aliases`` of most entities) is absent after the import where the loader writes
``[]``. tests/integration/test_neo4j_import.py checks that everything else is equal.

The import runs on a stopped server (or before its first start) and replaces the
database::

    neo4j-admin database import full neo4j --overwrite-destination=true \\
        --multiline-fields=true --array-delimiter=U+001F \\
        --nodes=nodes_Paper.csv ... --relationships=rels_MENTIONS.csv ...

:func:`write_neo4j_csv` returns that command with the files' paths.
"""

from __future__ import annotations

import csv
import json
import shlex
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild.errors import GraphbuildError
from graphbuild.formats._entities import column_types
from graphbuild.formats.atomic import atomic_write

__all__ = ["ARRAY_DELIMITER", "Neo4jCsv", "import_arguments", "write_neo4j_csv"]

#: The unit separator: it cannot occur in titles, names or paths, unlike ``;`` or ``|``.
ARRAY_DELIMITER = "\x1f"
LIST_ATTRIBUTES = frozenset({"authors", "sources", "aliases", "surfaces", "papers"})
_TYPES = {"bool": "boolean", "int": "long", "float": "double", "str": "string"}
_NODE_SKIP = frozenset({"labels", "id"})
_EDGE_SKIP = frozenset({"label"})
_ENTITY_LABELS = ("Model", "Dataset", "Benchmark", "Method")


@dataclass
class Neo4jCsv:
    """The files written, their counts, and the import command."""

    folder: Path
    node_files: list[Path] = field(default_factory=list)
    relationship_files: list[Path] = field(default_factory=list)
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    database: str = "neo4j"

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


def _text(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind == "string[]":
        items = json.loads(value) if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        return ARRAY_DELIMITER.join(str(i) for i in items)
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
    label = str(data.get("labels", "")).lstrip(":")
    if not label:
        raise GraphbuildError(f"node {data.get('id')!r} has no labels attribute")
    return label


def write_neo4j_csv(
    graph: nx.MultiDiGraph, folder: str | Path, *, database: str = "neo4j"
) -> Neo4jCsv:
    """Write the neo4j-admin import files of ``graph`` into ``folder``.

    Args:
        graph: The knowledge graph.
        folder: Where the CSV files go (created if missing).
        database: The database the import command names.

    Returns:
        The files, the node and relationship counts, and the import command.

    Raises:
        GraphbuildError: A node has no ``labels`` attribute.
    """
    folder = Path(folder).resolve()
    result = Neo4jCsv(folder, database=database)
    typed = neo4j_entity_types(graph)
    by_label: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        label = _label(data)
        if label in _ENTITY_LABELS and node in typed:
            # The type the loader gives it (the majority of its papers), not the build's.
            label = typed[node]
            data = {**data, "labels": f":{label}", "type": label}
        by_label[label].append((str(node), data))
    for label in sorted(by_label):
        rows = sorted(by_label[label], key=lambda r: r[0])
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
    by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for a, b, key, data in graph.edges(keys=True, data=True):
        rel_type = str(data.get("label", key))
        if rel_type == "CO_MENTIONED":
            # As the loader: a pair keeps no list of papers (it would grow with the corpus).
            data = {k: v for k, v in data.items() if k != "papers"}
        by_type[rel_type].append((str(a), str(b), data))
    for rel_type in sorted(by_type):
        edges = sorted(by_type[rel_type], key=lambda r: (r[0], r[1]))
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
    return result
