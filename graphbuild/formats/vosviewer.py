"""VOSviewer out: map and network files, or one VOSviewer JSON file, of the entity map.

Both follow the VOSviewer manual (section "Map and network files" and the JSON format of
VOSviewer 1.6.16+):

* **map file** — tab-separated, a header line naming the columns: ``id`` (1, 2, ... in
  entity id order), ``label`` (the entity's name), ``description`` (type, papers and
  first seen, shown on hover), ``cluster`` (the Leiden community + 1, since VOSviewer
  numbers clusters from 1; absent when the graph was not analysed), the weight columns
  ``weight<Papers>``, ``weight<Links>`` and ``weight<Total link strength>``, and the
  score columns ``score<PageRank>`` and ``score<Growth>`` when analysed (used by the
  overlay visualisation). No ``x``/``y``: VOSviewer lays the map out itself.
* **network file** — tab-separated, no header: ``id``, ``id``, strength, one line per
  CO_MENTIONED pair; the strength is the number of papers naming both.
* **JSON** — ``{"config": {"terminology": ...}, "network": {"items": [...], "links":
  [...]}}`` with the same ids, labels, clusters, weights and scores, and ``source_id``,
  ``target_id`` and ``strength`` per link.

VOSviewer normalises strengths with association strength by default, the measure
graphbuild also stores on each pair, so it shows the same map.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from graphbuild.errors import InputError
from graphbuild.formats._entities import co_mentions, entity_nodes
from graphbuild.formats.atomic import atomic_write

__all__ = [
    "VosMap",
    "read_vosviewer",
    "read_vosviewer_json",
    "vosviewer_items",
    "write_vosviewer",
    "write_vosviewer_json",
]

WEIGHTS = ("Papers", "Links", "Total link strength")
SCORES = ("PageRank", "Growth")


@dataclass(frozen=True)
class VosMap:
    """A VOSviewer map as read back: items by id and links ``(id, id) -> strength``."""

    items: dict[int, dict[str, Any]]
    links: dict[tuple[int, int], float]


def _clean(text: str) -> str:
    # A tab or line break inside a field would break the map file's columns.
    return " ".join(text.split())


def vosviewer_items(graph: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], list[list[Any]]]:
    """Items and links of the VOSviewer map of ``graph`` (ids numbered from 1).

    Returns:
        The items (``id``, ``label``, ``description``, optional ``cluster``, ``weights``,
        ``scores``) and the links ``[source_id, target_id, strength]``.
    """
    nodes = entity_nodes(graph)
    number = {node: i for i, (node, _) in enumerate(nodes, start=1)}
    links = [
        [number[a], number[b], int(d.get("weight", 1))]
        for a, b, d in co_mentions(graph)
        if a in number and b in number
    ]
    degree: dict[int, int] = {}
    strength: dict[int, int] = {}
    for a, b, w in links:
        for end in (a, b):
            degree[end] = degree.get(end, 0) + 1
            strength[end] = strength.get(end, 0) + w
    items = []
    for node, data in nodes:
        i = number[node]
        papers = int(data.get("paper_count", 0))
        parts = [str(data.get("type", "")), f"{papers} paper" + ("" if papers == 1 else "s")]
        if data.get("first_seen"):
            parts.append(f"first seen {data['first_seen']}")
        item: dict[str, Any] = {
            "id": i,
            "label": _clean(str(data.get("name", node))),
            "description": _clean(", ".join(parts)),
        }
        if isinstance(data.get("community"), int):
            item["cluster"] = int(data["community"]) + 1
        item["weights"] = {
            "Papers": int(data.get("paper_count", 0)),
            "Links": degree.get(i, 0),
            "Total link strength": strength.get(i, 0),
        }
        if "pagerank" in data:
            item["scores"] = {
                "PageRank": float(data["pagerank"]),
                "Growth": float(data.get("growth", 0.0)),
            }
        items.append(item)
    return items, links


def write_vosviewer(graph: nx.MultiDiGraph, map_path: str | Path, network_path: str | Path) -> None:
    """Write the VOSviewer map file and network file of ``graph`` (atomically)."""
    items, links = vosviewer_items(graph)
    clustered = any("cluster" in item for item in items)
    scored = any("scores" in item for item in items)
    header = ["id", "label", "description"]
    header += ["cluster"] if clustered else []
    header += [f"weight<{w}>" for w in WEIGHTS]
    header += [f"score<{s}>" for s in SCORES] if scored else []
    with atomic_write(map_path) as out:
        out.write("\t".join(header) + "\n")
        for item in items:
            row = [str(item["id"]), item["label"], item["description"]]
            row += [str(item.get("cluster", ""))] if clustered else []
            row += [str(item["weights"][w]) for w in WEIGHTS]
            if scored:
                row += [repr(float(item.get("scores", {}).get(s, 0.0))) for s in SCORES]
            out.write("\t".join(row) + "\n")
    with atomic_write(network_path) as out:
        for a, b, w in links:
            out.write(f"{a}\t{b}\t{w}\n")


def write_vosviewer_json(graph: nx.MultiDiGraph, path: str | Path) -> None:
    """Write the VOSviewer JSON file of ``graph`` (atomically)."""
    items, links = vosviewer_items(graph)
    document = {
        "config": {
            "terminology": {
                "item": "Entity",
                "items": "Entities",
                "link": "Co-mention",
                "links": "Co-mentions",
                "link_strength": "Papers naming both",
                "total_link_strength": "Total link strength",
            }
        },
        "network": {
            "items": items,
            "links": [{"source_id": a, "target_id": b, "strength": w} for a, b, w in links],
        },
    }
    with atomic_write(path) as out:
        json.dump(document, out, ensure_ascii=False, indent=1, sort_keys=True)
        out.write("\n")


def read_vosviewer(map_path: str | Path, network_path: str | Path) -> VosMap:
    """Read a map file and a network file as the VOSviewer manual describes them.

    Raises:
        InputError: A line does not follow the format (named by file and line).
    """
    items: dict[int, dict[str, Any]] = {}
    with open(map_path, encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        if "id" not in header or "label" not in header:
            raise InputError("map file header lacks an id or label column", map_path, 1)
        for line_no, line in enumerate(handle, start=2):
            fields = line.rstrip("\n").split("\t")
            if len(fields) != len(header):
                raise InputError(
                    f"{len(fields)} fields, the header has {len(header)}", map_path, line_no
                )
            row = dict(zip(header, fields, strict=True))
            try:
                items[int(row["id"])] = row
            except ValueError:
                raise InputError(f"id {row['id']!r} is not a number", map_path, line_no) from None
    links: dict[tuple[int, int], float] = {}
    with open(network_path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            fields = line.split()
            if len(fields) not in (2, 3):
                raise InputError("expected: id, id, strength", network_path, line_no)
            try:
                a, b = int(fields[0]), int(fields[1])
                strength = float(fields[2]) if len(fields) == 3 else 1.0
            except ValueError:
                raise InputError(
                    "ids and strength must be numbers", network_path, line_no
                ) from None
            if a not in items or b not in items:
                raise InputError(f"link names an id missing from {map_path}", network_path, line_no)
            links[(a, b)] = strength
    return VosMap(items, links)


def read_vosviewer_json(path: str | Path) -> VosMap:
    """Read a VOSviewer JSON file (``network.items`` and ``network.links``)."""
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    network = document["network"]
    items = {int(item["id"]): item for item in network["items"]}
    links = {
        (int(link["source_id"]), int(link["target_id"])): float(link.get("strength", 1))
        for link in network.get("links", [])
    }
    return VosMap(items, links)
