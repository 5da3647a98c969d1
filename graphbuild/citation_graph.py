"""The citation part of the graph: CITES, authors, venues, and inferred DRAWS_ON links.

Added to the networkx graph that :func:`graphbuild.build.build_graph` makes:

``(:Paper)-[:CITES {citation_sources}]->(:Paper)``
    From every source that gives references (``citation_sources``: ``openalex``, ``s2``,
    ``s2orc``, ``specter``, ``wos``, ``scopus``, ``citeseer``, as a JSON list). A cited
    work outside the corpus is a Paper with ``referenced_only=true``.
``(:Author)-[:WROTE {position}]->(:Paper)``
    Authors are one node per ORCID, OpenAlex A-id or S2 authorId (any shared id joins
    them); an author without an id is one node per name as written within one source
    file. People are never merged by similar names.
``(:Paper)-[:PUBLISHED_IN]->(:Venue)``
    Venues are one node per OpenAlex S-id, ISSN or S2 venue id, else per normalised name.
``(:Paper)-[:DRAWS_ON {entities, inferred: true}]->(:Paper)``
    Inferred, not a citation: the paper mentions an entity that an earlier paper of the
    corpus (a record, not a work known only from a reference list) INTRODUCES first
    (`first_introducers`). Earlier
    means an earlier date (or year) on both papers; papers without dates get no DRAWS_ON.
    ``entities`` lists the entity ids (the evidence).
    Queries that count citations must use CITES only.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import networkx as nx

from graphbuild.model import Author, Citation, Paper, Venue
from graphbuild.readers.identity import normalise_title

CITES, WROTE, PUBLISHED_IN, DRAWS_ON = "CITES", "WROTE", "PUBLISHED_IN", "DRAWS_ON"
AUTHOR, VENUE = "Author", "Venue"
#: Paper id kinds written as their own node attribute (arXiv and DOI have theirs already).
ID_ATTRIBUTES = {
    "openalex": "openalex_id",
    "s2": "s2_id",
    "s2corpus": "s2_corpus_id",
    "acl": "acl_id",
    "pubmed": "pubmed_id",
    "pmc": "pmc_id",
    "mag": "mag_id",
    "dblp": "dblp_id",
    "citeseer": "citeseer_id",
    "ref": "ref_id",
}
_AUTHOR_ID_ORDER = ("orcid", "openalex", "s2")
_VENUE_ID_ORDER = ("openalex", "issn", "s2")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def paper_citation_attributes(paper: Paper) -> dict[str, object]:
    """The Paper node attributes of the citation layer: ids per kind, year, the stub flag."""
    attributes: dict[str, object] = {}
    for kind, value in paper.ids:
        name = ID_ATTRIBUTES.get(kind)
        if name is not None:
            attributes.setdefault(name, value)
    if paper.year is not None:
        attributes["year"] = paper.year
    if paper.referenced_only:
        attributes["referenced_only"] = True
    return attributes


def add_citation_layer(
    graph: nx.MultiDiGraph, papers: Sequence[Paper], citations: Iterable[Citation]
) -> None:
    """Add CITES edges, Author and Venue nodes with WROTE and PUBLISHED_IN edges.

    Args:
        graph: The graph holding a node per paper (by ``Paper.id``).
        papers: The papers, whose ``authorships`` and ``venue`` give the people and venues.
        citations: Resolved citations between papers of ``graph``.
    """
    for citation in citations:
        if citation.citing in graph and citation.cited in graph:
            graph.add_edge(
                citation.citing,
                citation.cited,
                key=CITES,
                label=CITES,
                citation_sources=_json(list(citation.sources)),
            )
    _add_authors(graph, papers)
    _add_venues(graph, papers)


def _add_authors(graph: nx.MultiDiGraph, papers: Sequence[Paper]) -> None:
    # Union the id keys of each person so that an ORCID seen with an A-id joins both.
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    wrote: list[tuple[str, str, int, Author]] = []
    for paper in papers:
        source: str | None = None  # made when needed: most authors carry an id
        for position, author in enumerate(paper.authorships, start=1):
            keys = [f"{kind}:{value}" for kind, value in author.ids]
            if not keys:
                if source is None:
                    source = Path(paper.sources[0].path).name if paper.sources else ""
                digest = hashlib.sha1(f"{source}\0{author.name}".encode()).hexdigest()[:16]
                keys = [f"name:{digest}"]
            for key in keys[1:]:
                a, b = find(keys[0]), find(key)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            wrote.append((paper.id, keys[0], position, author))
    members: dict[str, list[Author]] = defaultdict(list)
    for _, key, _, author in wrote:
        members[find(key)].append(author)
    node_of = {root: _author_node_id(root, people) for root, people in members.items()}
    for root, people in sorted(members.items(), key=lambda item: node_of[item[0]]):
        ids = dict(sorted({pair for person in people for pair in person.ids}))
        node = node_of[root]
        graph.add_node(
            node,
            labels=f":{AUTHOR}",
            id=node,
            name=people[0].name,
            orcid=ids.get("orcid"),
            openalex_id=ids.get("openalex"),
            s2_author_id=ids.get("s2"),
        )
    for paper_id, key, position, _ in wrote:
        node = node_of[find(key)]
        if not graph.has_edge(node, paper_id, key=WROTE):
            graph.add_edge(node, paper_id, key=WROTE, label=WROTE, position=position)
    for node in node_of.values():
        graph.nodes[node]["paper_count"] = sum(
            1 for _, _, k in graph.out_edges(node, keys=True) if k == WROTE
        )


def _author_node_id(root: str, people: list[Author]) -> str:
    kinds = {kind: value for person in people for kind, value in person.ids}
    for kind in _AUTHOR_ID_ORDER:
        if kind in kinds:
            return f"author:{kind}:{kinds[kind]}"
    return f"author:{root}"


def _add_venues(graph: nx.MultiDiGraph, papers: Sequence[Paper]) -> None:
    counts: dict[str, int] = defaultdict(int)
    for paper in papers:
        venue = paper.venue
        if venue is None or paper.id not in graph:
            continue
        node = venue_id(venue)
        if node not in graph:
            ids = dict(venue.ids)
            graph.add_node(
                node,
                labels=f":{VENUE}",
                id=node,
                name=venue.name,
                openalex_id=ids.get("openalex"),
                issn=ids.get("issn"),
                s2_venue_id=ids.get("s2"),
            )
        if not graph.has_edge(paper.id, node, key=PUBLISHED_IN):
            graph.add_edge(paper.id, node, key=PUBLISHED_IN, label=PUBLISHED_IN)
            counts[node] += 1
    for node, count in counts.items():
        graph.nodes[node]["paper_count"] = count


def venue_id(venue: Venue) -> str:
    """The node id of a venue: its strongest id, else its normalised name."""
    ids = dict(venue.ids)
    for kind in _VENUE_ID_ORDER:
        if kind in ids:
            return f"venue:{kind}:{ids[kind]}"
    return "venue:name:" + "-".join(normalise_title(venue.name).split())


def add_draws_on(
    graph: nx.MultiDiGraph, papers: Sequence[Paper], introduces: str = "INTRODUCES"
) -> None:
    """Add inferred DRAWS_ON edges: a paper mentioning an entity to its first introducers.

    See `draws_on_edges`, which this reads the introducers and users off ``graph`` for.

    Args:
        graph: The graph with MENTIONS and INTRODUCES edges already added.
        papers: The papers, for their dates.
        introduces: The relationship type of introductions.
    """
    # Only a record of the corpus introduces: a stub's title alone is thin evidence.
    stubs = {p.id for p in papers if p.referenced_only}
    introducers: dict[str, list[str]] = defaultdict(list)
    for paper_id, entity_id, key in graph.edges(keys=True):
        if key == introduces and paper_id not in stubs:
            introducers[entity_id].append(paper_id)
    users = {
        entity_id: [
            user for user, _, key in graph.in_edges(entity_id, keys=True) if key == "MENTIONS"
        ]
        for entity_id in introducers
    }
    for user, introducer, attributes in draws_on_edges(introducers, users, papers):
        graph.add_edge(user, introducer, key=DRAWS_ON, **attributes)


def draws_on_edges(
    introducers: Mapping[str, Sequence[str]],
    users: Mapping[str, Iterable[str]],
    papers: Iterable[Paper],
) -> list[tuple[str, str, dict[str, object]]]:
    """The inferred DRAWS_ON edges, sorted: (user, introducer, attributes).

    An entity's first introducers are the papers that INTRODUCE it with no other
    introducer surely before them (see `first_introducers`); a later paper that names the
    entity draws on each of them that is surely earlier than itself. Later papers that
    also claim to introduce the entity (a variant, or an extractor's mistake) are not
    drawn on: one link per user and entity keeps the edges linear in the mentions,
    where linking every earlier introducer would grow with their product.

    Args:
        introducers: Per entity, the corpus records (not stubs) that introduce it.
        users: Per entity, the papers that mention it (introducers may be among them).
        papers: The papers (or anything with their ``id``, ``date`` and ``year``), for
            their dates.
    """
    when = {p.id: _when(p) for p in papers}
    evidence: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entity_id, by in introducers.items():
        dated = {paper_id: when[paper_id] for paper_id in by if when.get(paper_id)}
        first = first_introducers(dated)
        if not first:
            continue
        introducing = set(by)
        for user in users.get(entity_id, ()):
            if user in introducing or not when.get(user):
                continue
            for introducer in first:
                if _before(dated[introducer], when[user]):
                    evidence[(user, introducer)].add(entity_id)
    return [
        (
            user,
            introducer,
            {"label": DRAWS_ON, "entities": _json(sorted(entities)), "inferred": True},
        )
        for (user, introducer), entities in sorted(evidence.items())
    ]


def first_introducers(dates: dict[str, str]) -> list[str]:
    """The papers of ``dates`` that no other paper is surely before, sorted.

    Dates have different precisions (``2019``, ``2019-05``, ``2019-05-17``), so "surely
    before" (`_before`) compares two dates at the coarser one and the earliest papers can
    be several. Done in linear time: ``i`` has a paper surely before it exactly when, at
    some precision ``n`` no finer than its own, the least ``n``-character prefix among the
    dates at least that fine is less than ``i``'s.
    """
    sizes = {len(date) for date in dates.values()}
    least: dict[int, str] = {}
    for date in dates.values():
        for size in sizes:
            if size <= len(date) and (size not in least or date[:size] < least[size]):
                least[size] = date[:size]
    return sorted(
        paper_id
        for paper_id, date in dates.items()
        if not any(size <= len(date) and least[size] < date[:size] for size in least)
    )


def _when(paper: Paper) -> str:
    if paper.date and paper.date[:4].isdigit():
        return paper.date
    return str(paper.year) if paper.year else ""


def _before(a: str, b: str) -> bool:
    """True when date ``a`` is surely before ``b`` (compared at the coarser precision)."""
    size = min(len(a), len(b))
    return a[:size] < b[:size]


def citation_summary(graph: nx.MultiDiGraph) -> dict[str, object]:
    """Counts of the citation layer for ``stats``; empty when the graph has none of it.

    Returns:
        ``papers_in_corpus`` (read as records), ``referenced_only``, ``with_abstract``
        (papers in the corpus with an abstract), ``authors``, ``venues``, ``edges`` per
        type, and ``cites_inside_corpus`` (CITES edges with a record at both ends).
    """
    papers = [d for _, d in graph.nodes(data=True) if d.get("labels") == ":Paper"]
    stubs = {n for n, d in graph.nodes(data=True) if d.get("referenced_only") is True}
    edges = dict.fromkeys((CITES, WROTE, PUBLISHED_IN, DRAWS_ON), 0)
    inside = 0
    for u, v, key in graph.edges(keys=True):
        if key in edges:
            edges[key] += 1
            if key == CITES and u not in stubs and v not in stubs:
                inside += 1
    if not stubs and not any(edges.values()):
        return {}
    labels = [d.get("labels") for _, d in graph.nodes(data=True)]
    return {
        "papers_in_corpus": len(papers) - len(stubs),
        "referenced_only": len(stubs),
        "with_abstract": sum(
            1 for d in papers if d.get("abstract") and d.get("referenced_only") is not True
        ),
        "authors": labels.count(f":{AUTHOR}"),
        "venues": labels.count(f":{VENUE}"),
        "edges": edges,
        "cites_inside_corpus": inside,
    }
