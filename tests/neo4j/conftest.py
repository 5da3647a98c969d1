"""Fixtures of the Neo4j unit tests (no server): a small graph as the pipeline builds it."""

from __future__ import annotations

import json
import socket

import networkx as nx
import pytest


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    """A new copy of :func:`small_graph` for each test."""
    return small_graph()


@pytest.fixture
def citation_graph() -> nx.MultiDiGraph:
    """:func:`small_graph` with a citation layer: a stub, an author, a venue, one edge of
    each citation type."""
    return add_citation_layer(small_graph())


@pytest.fixture
def closed_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def small_graph() -> nx.MultiDiGraph:
    """Two papers naming three entities, as the pipeline builds it (lists as JSON)."""
    g = nx.MultiDiGraph()
    for pid, title, source in (
        ("arxiv:2101.00002", "Second", "b.txt:3"),
        ("arxiv:2101.00001", "First", "a.txt:1"),
    ):
        g.add_node(
            pid,
            labels=":Paper",
            id=pid,
            title=title,
            abstract="...",
            norm_title=title,
            authors=json.dumps(["Ada", "Alan"]),
            sources=json.dumps([source]),
        )
    for eid, label in (("gpt3", "Model"), ("glue", "Benchmark"), ("lora", "Method")):
        g.add_node(
            eid,
            labels=f":{label}",
            id=eid,
            name=eid.upper(),
            type=label,
            aliases=json.dumps([eid.upper() + "s", eid]),
            paper_count=9,
            mention_count=9,
        )
    g.add_edge(
        "arxiv:2101.00001",
        "gpt3",
        key="MENTIONS",
        label="MENTIONS",
        count=2,
        in_title=True,
        surfaces=json.dumps(["GPT-3"]),
        spans=json.dumps([["title", 0, 5]]),
    )
    g.add_edge(
        "arxiv:2101.00001",
        "glue",
        key="MENTIONS",
        label="MENTIONS",
        count=1,
        in_title=False,
        surfaces=json.dumps(["GLUE"]),
        spans="[]",
    )
    g.add_edge(
        "arxiv:2101.00001",
        "gpt3",
        key="INTRODUCES",
        label="INTRODUCES",
        rule="we_propose",
        surface="GPT-3",
    )
    g.add_edge(
        "arxiv:2101.00002",
        "lora",
        key="MENTIONS",
        label="MENTIONS",
        count=1,
        in_title=False,
        surfaces=json.dumps(["LoRA"]),
        spans="[]",
    )
    # Stored higher id -> lower id on purpose: the loader orders the ends itself.
    g.add_edge(
        "gpt3",
        "glue",
        key="CO_MENTIONED",
        label="CO_MENTIONED",
        weight=1,
        papers=json.dumps(["arxiv:2101.00001"]),
        association_strength=2.0,
    )
    return g


def add_citation_layer(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The citation layer as graphbuild.citation_graph writes it (lists as JSON)."""
    g.add_node(
        "doi:10.1/cited",
        labels=":Paper",
        id="doi:10.1/cited",
        title="A cited work",
        abstract="",
        norm_title="a cited work",
        authors="[]",
        sources='["a.txt:1"]',
        doi="10.1/cited",
        referenced_only=True,
    )
    g.nodes["arxiv:2101.00001"].update(arxiv_id="2101.00001", openalex_id="W1", year=2021)
    g.add_node(
        "author:orcid:0000-0002-1825-0097",
        labels=":Author",
        id="author:orcid:0000-0002-1825-0097",
        name="Ada",
        orcid="0000-0002-1825-0097",
        openalex_id=None,
        s2_author_id=None,
        paper_count=1,
    )
    g.add_node(
        "venue:name:neurips",
        labels=":Venue",
        id="venue:name:neurips",
        name="NeurIPS",
        openalex_id=None,
        issn=None,
        s2_venue_id=None,
        paper_count=1,
    )
    g.add_edge(
        "arxiv:2101.00002",
        "doi:10.1/cited",
        key="CITES",
        label="CITES",
        citation_sources='["wos", "openalex", "wos"]',
    )
    g.add_edge(
        "author:orcid:0000-0002-1825-0097",
        "arxiv:2101.00001",
        key="WROTE",
        label="WROTE",
        position=1,
    )
    g.add_edge("arxiv:2101.00001", "venue:name:neurips", key="PUBLISHED_IN", label="PUBLISHED_IN")
    g.add_edge(
        "arxiv:2101.00002",
        "arxiv:2101.00001",
        key="DRAWS_ON",
        label="DRAWS_ON",
        entities='["gpt3"]',
        inferred=True,
    )
    return g
