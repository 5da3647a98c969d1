"""A real headless chromium (Debian's package) driven by Playwright, for the browser tests.

No browser is downloaded: Playwright launches the ``chromium`` on PATH (``scripts/test``
installs it with apt when run as root). A missing chromium fails the tests, naming the fix.
Screenshots go to the test's temporary folder, or to ``docs/img`` of the repository when
``GRAPHBUILD_UPDATE_SCREENSHOTS=1`` (how the README's pictures are made).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail(
            "chromium is not installed: run `apt-get update && apt-get install -y chromium` "
            "as root (scripts/test does this)",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    if os.environ.get("GRAPHBUILD_UPDATE_SCREENSHOTS") == "1":
        folder = REPO / "docs" / "img"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path


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
