"""Node-link JSON out and in: the whole graph in networkx's ``node_link_data`` shape.

``{"directed": true, "multigraph": true, "graph": {}, "nodes": [{"id": ..., ...}],
"edges": [{"source": ..., "target": ..., "key": ..., ...}]}`` with nodes sorted by id,
edges by (source, target, key) and keys sorted, so equal graphs give equal bytes. D3 and
``networkx.node_link_graph(data, edges="edges")`` read it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild.formats.atomic import atomic_write

__all__ = ["node_link", "read_nodelink", "write_nodelink"]


def node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The node-link document of ``graph`` (JSON-ready, sorted)."""
    nodes = [{**data, "id": str(node)} for node, data in sorted(graph.nodes(data=True))]
    edges = [
        {**data, "source": str(a), "target": str(b), "key": str(key)}
        for a, b, key, data in sorted(
            graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
        )
    ]
    return {"directed": True, "multigraph": True, "graph": {}, "nodes": nodes, "edges": edges}


def write_nodelink(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``graph`` as node-link JSON to ``path`` (atomically)."""
    with atomic_write(path) as out:
        json.dump(node_link(graph), out, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        out.write("\n")


def read_nodelink(path: str | Path) -> nx.MultiDiGraph:
    """Read a node-link JSON file with networkx."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    return nx.MultiDiGraph(graph)
