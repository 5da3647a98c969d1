"""The map and the report in a real headless chromium: drawn, searchable, clickable, offline."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from graphbuild.view.map import write_view
from graphbuild.view.report import write_report


class Page:
    """A page with every console error, page error and non-file request recorded."""

    def __init__(self, browser, width: int = 1000, height: int = 620) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri())

    def offline_and_clean(self) -> None:
        assert self.problems == []
        assert [u for u in self.requests if not u.startswith(("file:", "data:"))] == []


def _small_png(png: bytes, path: Path, colours: int = 64) -> None:
    """Save a screenshot as a palette PNG (a few tens of KB for the README)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=colours).save(path, optimize=True)


def _ink(png: bytes) -> float:
    """Share of pixels that are not white."""
    image = Image.open(io.BytesIO(png)).convert("L")
    histogram = image.histogram()  # 256 counts of grey levels
    return sum(histogram[:235]) / sum(histogram)


@pytest.fixture(scope="module")
def map_file(analysed_samples, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("map") / "map.html"
    write_view(analysed_samples, path, title="graphbuild map: sample listings", max_nodes=150)
    return path


def test_map_draws_every_node_without_network_or_errors(browser, map_file, screenshot_dir):
    page = Page(browser)
    page.open(map_file)
    page.page.wait_for_function("window.graphbuildMap && window.graphbuildMap.ready")
    drawn = page.page.evaluate(
        """() => {
          const cy = window.graphbuildMap.cy;
          const box = cy.extent();
          const inside = cy.nodes().filter((n) => {
            const p = n.position();
            return p.x >= box.x1 && p.x <= box.x2 && p.y >= box.y1 && p.y <= box.y2;
          });
          return {nodes: cy.nodes().length, edges: cy.edges().length, inside: inside.length,
                  data: window.graphbuildMap.data.nodes.length};
        }"""
    )
    assert drawn["nodes"] == drawn["data"] == 150
    assert drawn["inside"] == 150  # the preset layout is fitted to the view
    assert drawn["edges"] > 0
    shot = page.page.locator("#cy").screenshot()
    assert _ink(shot) > 0.03  # nodes and edges painted on the canvas, not a blank area
    page.offline_and_clean()
    _small_png(page.page.screenshot(), screenshot_dir / "map.png")


def test_search_finds_an_entity_and_shows_its_papers(browser, map_file, analysed_samples):
    page = Page(browser)
    page.open(map_file)
    page.page.wait_for_function("window.graphbuildMap && window.graphbuildMap.ready")
    page.page.fill("#search", "bert")
    page.page.press("#search", "Enter")
    page.page.wait_for_selector("#details h2")
    assert page.page.inner_text("#details h2") == "BERT"
    papers = page.page.locator("#papers li")
    assert papers.count() == min(25, analysed_samples.nodes["bert"]["paper_count"])
    assert page.page.locator("#papers li mark").first.inner_text().lower() == "bert"
    assert page.page.evaluate("window.graphbuildMap.cy.$(':selected').id()") == "bert"
    page.offline_and_clean()


def test_a_click_on_a_node_shows_its_papers_and_neighbours(browser, map_file, screenshot_dir):
    page = Page(browser)
    page.open(map_file)
    page.page.wait_for_function("window.graphbuildMap && window.graphbuildMap.ready")
    # The map keeps every other node off the labelled nodes' labels: a click on the middle
    # of GPT-4, where chromium drew it, selects GPT-4.
    point = page.page.evaluate(
        """() => {
          const node = window.graphbuildMap.cy.getElementById('gpt4');
          const centre = node.renderedPosition();
          const box = document.getElementById('cy').getBoundingClientRect();
          return {x: box.left + centre.x, y: box.top + centre.y};
        }"""
    )
    page.page.mouse.click(point["x"], point["y"])
    page.page.wait_for_selector("#details h2")
    assert page.page.inner_text("#details h2") == "GPT-4"
    assert page.page.locator("#papers li").count() > 0
    assert page.page.locator("#neighbours li").count() > 0
    # Switching the colours to communities redraws the legend.
    page.page.select_option("#colour-by", "community")
    assert "community 0" in page.page.inner_text("#legend")
    page.page.wait_for_timeout(400)  # the centring animation
    page.offline_and_clean()
    _small_png(page.page.screenshot(), screenshot_dir / "map-details.png")


def test_report_shows_every_section_its_figures_and_the_map(
    browser, analysed_samples, tmp_path, screenshot_dir
):
    written = write_report(analysed_samples, tmp_path / "report", title="graphbuild report")
    page = Page(browser, width=1100, height=900)
    page.open(written.index)
    page.page.wait_for_load_state("load")
    for section in ("summary", "top", "pairs", "communities", "rising", "map"):
        assert page.page.locator(f"h2#{section}").count() == 1
    sizes = page.page.evaluate(
        "Array.from(document.images).map((i) => [i.getAttribute('src'), i.naturalWidth])"
    )
    assert sorted(src for src, _ in sizes) == [
        "figures/map.png",
        "figures/top_entities.png",
        "figures/trends.png",
    ]
    assert all(width > 300 for _, width in sizes)
    frame = page.page.frame_locator("iframe")
    frame.locator("#cy canvas").first.wait_for()
    inner = page.page.frames[1]
    inner.wait_for_function("window.graphbuildMap && window.graphbuildMap.ready")
    assert inner.evaluate("window.graphbuildMap.cy.nodes().length") > 0
    assert "BERT" in page.page.inner_text("body")
    page.offline_and_clean()
    _small_png(page.page.screenshot(), screenshot_dir / "report.png")
