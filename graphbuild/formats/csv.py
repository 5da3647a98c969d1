"""Plain CSV out and in: ``nodes.csv`` and ``edges.csv`` of the whole graph, in a folder.

``nodes.csv`` has the columns ``id``, ``type`` (Paper, Model, ...), then every other node
attribute by name; ``edges.csv`` has ``source``, ``target``, ``type`` (the relationship
type), then every other edge attribute. An absent value is an empty field; lists are
JSON; booleans ``true``/``false``. Rows are sorted, so equal graphs give equal bytes.
Spreadsheets, pandas (``read_csv``) and Gephi's spreadsheet import read them.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild.formats._entities import scalar
from graphbuild.formats.atomic import atomic_write

__all__ = ["read_csv", "write_csv"]

NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"
_NODE_SKIP = {"labels", "id", "type"}
_EDGE_SKIP = {"label"}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(scalar(value))


def write_csv(graph: nx.MultiDiGraph, folder: str | Path) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` of ``graph`` into ``folder`` (atomically each).

    Returns:
        The two files written.
    """
    folder = Path(folder)
    nodes = sorted((str(n), d) for n, d in graph.nodes(data=True))
    node_columns = sorted({k for _, d in nodes for k in d} - _NODE_SKIP)
    edges = sorted(
        ((str(a), str(b), str(k), d) for a, b, k, d in graph.edges(keys=True, data=True)),
        key=lambda e: e[:3],
    )
    edge_columns = sorted({k for *_, d in edges for k in d} - _EDGE_SKIP)
    with atomic_write(folder / NODES_FILE, newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "type", *node_columns])
        for node, data in nodes:
            node_type = str(data.get("type") or str(data.get("labels", "")).lstrip(":"))
            writer.writerow([node, node_type, *(_text(data.get(c)) for c in node_columns)])
    with atomic_write(folder / EDGES_FILE, newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["source", "target", "type", *edge_columns])
        for a, b, key, data in edges:
            writer.writerow([a, b, key, *(_text(data.get(c)) for c in edge_columns)])
    return [folder / NODES_FILE, folder / EDGES_FILE]


def read_csv(folder: str | Path) -> nx.MultiDiGraph:
    """Read ``nodes.csv`` and ``edges.csv`` back (every value as text; empty fields absent)."""
    folder = Path(folder)
    graph = nx.MultiDiGraph()
    with open(folder / NODES_FILE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            attrs: dict[str, Any] = {k: v for k, v in row.items() if v != "" and k != "id"}
            graph.add_node(row["id"], **attrs)
    with open(folder / EDGES_FILE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            attrs = {k: v for k, v in row.items() if v != "" and k not in ("source", "target")}
            graph.add_edge(row["source"], row["target"], key=row["type"], **attrs)
    return graph
