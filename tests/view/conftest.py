"""Small graphs for the view tests (the browser fixtures are in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def make_graph_two():
    """A graph of two entities named together by one paper."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_node("p1", labels=":Paper", id="p1", title="A and B", abstract="")
    for name in ("a", "b"):
        graph.add_node(name, labels=":Model", id=name, name=name.upper(), type="Model")
        graph.nodes[name]["paper_count"] = 1
        graph.add_edge("p1", name, key="MENTIONS", label="MENTIONS", spans='[["title", 0, 1]]')
    graph.add_edge("a", "b", key="CO_MENTIONED", label="CO_MENTIONED", weight=1)
    return graph
