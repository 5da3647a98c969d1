"""Read a loaded database back in canonical form, to compare two databases by checksum.

The tests use it to prove that a re-load, a load on top, concurrent loads and a re-run
after a killed load all end in the database of one clean load.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import neo4j

from graphbuild.neo4j.cypher import read_cypher

#: Statements that read a loaded database back (:func:`snapshot`).
CHECK_STATEMENTS: dict[str, str] = {
    "nodes": "check/nodes",
    "relationships": "check/relationships",
}


@dataclass(frozen=True)
class Snapshot:
    """A loaded database in canonical form: sorted nodes and relationships with properties."""

    #: (sorted labels, id, properties as sorted JSON)
    nodes: tuple[tuple[tuple[str, ...], str, str], ...]
    #: (type, start id, end id, properties as sorted JSON)
    relationships: tuple[tuple[str, str, str, str], ...]

    def label_counts(self) -> Counter[str]:
        """Return the number of nodes per label (an entity counts for :Entity and its type)."""
        return Counter(label for labels, _, _ in self.nodes for label in labels)

    def type_counts(self) -> Counter[str]:
        """Return the number of relationships per type."""
        return Counter(rel[0] for rel in self.relationships)

    def node(self, node_id: str) -> dict[str, Any]:
        """Return the properties of the node with this id (KeyError if absent)."""
        for _, nid, props in self.nodes:
            if nid == node_id:
                return dict(json.loads(props))
        raise KeyError(node_id)

    def relationship(self, rel_type: str, start: str, end: str) -> dict[str, Any]:
        """Return the properties of one relationship (KeyError if absent)."""
        for kind, a, b, props in self.relationships:
            if (kind, a, b) == (rel_type, start, end):
                return dict(json.loads(props))
        raise KeyError((rel_type, start, end))

    def checksum(self) -> str:
        """Return a SHA-256 of the sorted nodes and relationships with their properties."""
        digest = hashlib.sha256()
        for item in (*self.nodes, *self.relationships):
            digest.update(json.dumps(item, ensure_ascii=False).encode("utf-8"))
            digest.update(b"\n")
        return digest.hexdigest()


def snapshot(driver: neo4j.Driver, database: str | None = None) -> Snapshot:
    """Read every graphbuild node and relationship back, sorted, to compare two databases.

    Args:
        driver: a connected driver.
        database: the database, or None for the default one.

    Returns:
        The snapshot.
    """

    def canonical(props: Mapping[str, Any]) -> str:
        return json.dumps(props, sort_keys=True, ensure_ascii=False)

    with driver.session(database=database) as session:
        nodes = sorted(
            (tuple(sorted(r["labels"])), str(r["props"].get("id")), canonical(r["props"]))
            for r in session.run(read_cypher(CHECK_STATEMENTS["nodes"]))
        )
        rels = sorted(
            (r["type"], str(r["start"]), str(r["end"]), canonical(r["props"]))
            for r in session.run(read_cypher(CHECK_STATEMENTS["relationships"]))
        )
    return Snapshot(tuple(nodes), tuple(rels))
