"""Small real graphs for the analysis tests, built by graphbuild.build from typed records."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import networkx as nx
import pytest

from graphbuild.build import build_graph
from graphbuild.model import EntityType, Field, Mention, Paper
from graphbuild.resolve import resolve


def _paper(number: int, names: Sequence[str], **dates: str) -> tuple[Paper, list[Mention]]:
    title = " and ".join(names) if names else "Nothing named"
    paper = Paper(id=f"p{number:03d}", title=title, abstract="", norm_title=title.lower(), **dates)
    mentions = []
    start = 0
    for name in names:
        mentions.append(
            Mention(paper.id, name, start, start + len(name), Field.TITLE, EntityType.MODEL, "test")
        )
        start += len(name) + 5
    return paper, mentions


@pytest.fixture
def make_graph() -> Callable[..., nx.MultiDiGraph]:
    """Build a graph from ``[(names, dates), ...]``: one paper per item, names typed Model."""

    def make(items: Sequence[tuple[Sequence[str], dict[str, str]]]) -> nx.MultiDiGraph:
        papers, mentions = [], {}
        for number, (names, dates) in enumerate(items):
            paper, found = _paper(number, names, **dates)
            papers.append(paper)
            mentions[paper.id] = found
        resolution = resolve(m for found in mentions.values() for m in found)
        return build_graph(papers, mentions, resolution)

    return make
