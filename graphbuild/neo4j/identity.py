"""One node per paper, author and venue across loads: find existing nodes by shared ids.

A Paper's ``id`` is derived from the ids its build knows (``arxiv:`` outranks ``doi:``,
which outranks ``openalex:`` ...), so two separate builds can name one work differently:
an OpenAlex record gives ``openalex:W2964121744``, an arXiv full text citing it gives
``arxiv:1412.6980``. Before merging, the loader looks every Paper, Author and Venue of the
graph up by its ``id`` and by each id kind it carries (:data:`ID_KEYS`, one unique
constraint each in ``cypher/schema.cypher``) and applies this rule:

1. A node with the same ``id`` is the node (reloads always find themselves).
2. Otherwise the node sharing the strongest id kind (the order of :data:`ID_KEYS`; the
   smallest ``id`` on a tie) is the node, unless another node of this load has claimed it
   first (claims go by ``id`` matches first, then in ``id`` order); then this one is
   created under its own ``id``. Existing nodes are never merged with each other.
3. The matched node keeps its ``id`` and every id value it has; a load only adds the id
   kinds it lacks. An id value held by another node is not written (it would break the
   unique constraint): those two nodes stay two, as they were.
4. A stub (``referenced_only``: a work known only from a reference list) never downgrades
   a full paper: on a full paper it only adds the properties the paper lacks, and its
   MENTIONS and INTRODUCES (from a reference's title) leave the paper's own alone. A full
   record on a stub makes it a full paper (the flag is removed, title and abstract set).

Nothing here talks to the server: :func:`lookup_rows` builds the parameters of the
``load/find_*`` statements and :func:`resolve` applies the rule to what they return.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graphbuild.citation_graph import ID_ATTRIBUTES
from graphbuild.model import ID_KINDS

#: Id kinds per label, strongest first: each has a unique constraint and is matched on.
ID_KEYS: dict[str, tuple[str, ...]] = {
    "Paper": tuple(
        {"arxiv": "arxiv_id", "doi": "doi"}.get(kind) or ID_ATTRIBUTES[kind]
        for kind in ID_KINDS
        if kind in ("arxiv", "doi") or kind in ID_ATTRIBUTES
    ),
    "Author": ("orcid", "openalex_id", "s2_author_id"),
    "Venue": ("openalex_id", "issn", "s2_venue_id"),
}
#: The statement that looks the nodes of a label up (``load/find_*.cypher``).
FIND_STATEMENTS: dict[str, str] = {
    "Paper": "load/find_papers",
    "Author": "load/find_authors",
    "Venue": "load/find_venues",
}


@dataclass(frozen=True)
class Found:
    """An existing node that shares the ``id`` or an id kind with a node of the graph."""

    #: "id" or the id kind matched (a name of :data:`ID_KEYS`)
    key: str
    #: the existing node's ``id``
    node_id: str
    #: the existing node's property names
    keys: frozenset[str]
    #: the existing node's id values by kind (absent kinds left out)
    ids: Mapping[str, str]
    #: the existing node is a stub (``referenced_only``)
    stub: bool = False


@dataclass
class Target:
    """Where one node of the graph goes, and what of its properties to write there."""

    #: the ``id`` to merge on: the existing node's, or the graph node's own
    node_id: str
    #: the properties to write (id values the node has or another node holds removed)
    props: dict[str, Any]
    #: a stub row onto a full paper: add missing properties only, keep the paper's links
    onto_full: bool = False


@dataclass
class Resolution:
    """The targets of the nodes of one label, and the id values not written."""

    targets: dict[str, Target] = field(default_factory=dict)
    #: (graph node id, id kind, value) not written because another node holds the value
    held_elsewhere: list[tuple[str, str, str]] = field(default_factory=list)


def lookup_rows(label: str, rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Return the rows of ``load/find_*``: each node's ``id`` and id values, as one map.

    Args:
        label: Paper, Author or Venue.
        rows: node rows ``[id, props, ...]`` (see :mod:`graphbuild.neo4j.rows`).
    """
    keys = ID_KEYS[label]
    return [
        {"id": row[0], **{key: row[1][key] for key in keys if row[1].get(key) is not None}}
        for row in rows
    ]


def parse_found(label: str, record_found: Iterable[Sequence[Any]]) -> list[Found]:
    """Turn the ``found`` list of one ``load/find_*`` record into :class:`Found` items.

    Each item is ``[key, node id, property names, {kind: value}]``.
    """
    del label  # one layout for every label
    return [
        Found(
            key=str(key),
            node_id=str(node_id),
            keys=frozenset(names),
            ids={k: str(v) for k, v in ids.items() if v is not None and k != "referenced_only"},
            stub=ids.get("referenced_only") is True,
        )
        for key, node_id, names, ids in record_found
    ]


def resolve(
    label: str, rows: Sequence[Sequence[Any]], found: Mapping[str, Sequence[Found]]
) -> Resolution:
    """Apply the module's rule: the target node and the properties to write, per graph node.

    Args:
        label: Paper, Author or Venue.
        rows: the graph's node rows ``[id, props, ...]``, sorted by id.
        found: graph node id -> the existing nodes sharing its ``id`` or an id value.

    Returns:
        A target for every row (its own ``id`` when nothing matched).
    """
    keys = ID_KEYS[label]
    rank = {key: index for index, key in enumerate(("id", *keys))}
    claimed: dict[str, str] = {}  # existing node id -> graph node id
    chosen: dict[str, Found] = {}
    # Same id first: a reload finds itself whatever else matches.
    for row in rows:
        for item in found.get(row[0], ()):
            if item.key == "id":
                claimed[item.node_id] = row[0]
                chosen[row[0]] = item
    for row in rows:
        if row[0] in chosen:
            continue
        candidates = sorted(found.get(row[0], ()), key=lambda f: (rank[f.key], f.node_id))
        for item in candidates:
            if item.node_id not in claimed:
                claimed[item.node_id] = row[0]
                chosen[row[0]] = item
                break
    # Id values already written to some node: by the database, then by this load.
    holder: dict[tuple[str, str], str] = {}
    for items in found.values():
        for item in items:
            for kind, value in item.ids.items():
                if kind in rank:
                    holder[(kind, value)] = item.node_id
    resolution = Resolution()
    for row in rows:
        graph_id: str = row[0]
        # The row's own map unless a value must go (then a copy: rows are not changed).
        props = row[1]
        match = chosen.get(graph_id)
        node_id = match.node_id if match is not None else graph_id
        for kind in keys:
            wanted = props.get(kind)
            if wanted is None:
                continue
            if match is None or kind not in match.keys:
                owner = holder.setdefault((kind, str(wanted)), node_id)
                if owner == node_id:
                    continue
                resolution.held_elsewhere.append((graph_id, kind, str(wanted)))
            # The node keeps the value it has, or another node holds it: not written.
            if props is row[1]:
                props = dict(props)
            del props[kind]
        onto_full = False
        if label == "Paper" and match is not None and props.get("referenced_only") is True:
            onto_full = not match.stub
            if onto_full:
                props = {k: v for k, v in props.items() if k not in match.keys}
                props.pop("referenced_only", None)
        resolution.targets[graph_id] = Target(node_id, props, onto_full)
    return resolution
