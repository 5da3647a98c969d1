"""Neo4j Browser on the test server, in headless chromium: connect, apply the style, query.

The analysed sample graph is loaded; Browser connects over Bolt, ``:style`` applies
cypher/graphbuild.grass, and the neighbourhood of BERT is drawn with the style's colours.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from PIL import Image

from graphbuild.analysis import AnalysisOptions, analyse_graph
from graphbuild.neo4j.loader import load_graph
from graphbuild.pipeline import build_graph
from graphbuild.readers import bundled_samples

GRASS = Path(__file__).resolve().parents[2] / "cypher" / "graphbuild.grass"
NEIGHBOURHOOD = (
    "MATCH (e:Entity) WHERE toLower(e.name) = toLower($name) "
    "MATCH (e)-[r:CO_MENTIONED]-(other:Entity) "
    "RETURN e, r, other ORDER BY r.weight DESC LIMIT 25"
)


def _browser_url(neo4j_settings) -> str:
    if neo4j_settings.server is not None:
        return neo4j_settings.server.browser_url
    if os.environ.get("NEO4J_BROWSER_URL"):
        return os.environ["NEO4J_BROWSER_URL"]
    pytest.skip("NEO4J_URI names an external server; set NEO4J_BROWSER_URL to check Browser")


def _grass_colour(label: str, kind: str = "node") -> tuple[int, int, int]:
    rule = re.search(
        kind + r"\." + label + r" \{(.*?)\n\}", GRASS.read_text(encoding="utf-8"), re.S
    )
    assert rule, label
    hex_colour = re.search(r"color: #(\w{6});", rule.group(1)).group(1)
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _connect(page, url, neo4j_settings, errors):
    """Open Browser, log in over Bolt; return a function that runs one editor command."""
    # Browser asks the internet for news and updates; nothing of ours needs it.
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(url)
    page.wait_for_selector('[data-testid="boltaddress"]', timeout=60_000)
    page.select_option('[data-testid="bolt-scheme-select"]', "bolt://")
    page.fill('[data-testid="boltaddress"]', neo4j_settings.uri.split("://", 1)[1])
    page.fill('[data-testid="username"]', neo4j_settings.username)
    page.fill('[data-testid="password"]', neo4j_settings.password)
    page.click('[data-testid="connect"]')
    page.wait_for_selector('[data-testid="disconnectedBanner"]', state="detached")

    def run(command: str) -> None:
        page.click('[data-testid="activeEditor"]')
        page.keyboard.type(command)
        page.click('[data-testid="editor-Run"]')

    return run


def test_browser_draws_the_neighbourhood_in_the_graphbuild_style(
    browser, empty_db, neo4j_settings, screenshot_dir
):
    url = _browser_url(neo4j_settings)
    graph = build_graph(list(bundled_samples())).graph
    analyse_graph(graph, AnalysisOptions(period="month", listing_year=2024))
    load_graph(
        graph,
        uri=neo4j_settings.uri,
        username=neo4j_settings.username,
        password=neo4j_settings.password,
        database=neo4j_settings.database,
    )
    page = browser.new_page(viewport={"width": 1200, "height": 760})
    errors: list[str] = []
    try:
        run = _connect(page, url, neo4j_settings, errors)
        run(":style " + " ".join(GRASS.read_text(encoding="utf-8").split()))
        run(":param name => 'BERT'")
        run(NEIGHBOURHOOD)
        page.get_by_text("Displaying 26 nodes").wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # the force layout settles
        # The label chips of the result's overview carry the style's colours.
        for label in ("Model", "Method"):
            chip = page.locator('[data-testid="frame"]').first.get_by_text(
                re.compile(rf"^{label} \(\d+\)$")
            )
            colour = chip.evaluate("e => getComputedStyle(e).backgroundColor")
            assert colour == "rgb({}, {}, {})".format(*_grass_colour(label))
        circles = page.locator('[data-testid="frame"]').first.locator("svg g.node")
        assert circles.count() == 26
        assert errors == []
        shot = page.screenshot()
        image = Image.open(io.BytesIO(shot)).convert("RGB")
        image.quantize(colors=64).save(screenshot_dir / "neo4j-browser.png", optimize=True)
    finally:
        page.close()


#: Papers of the OpenAlex snowball with their authors, venue and citations inside it.
CITATION_VIEW = (
    "MATCH (p:Paper)-[v:PUBLISHED_IN]->(venue:Venue) WHERE p.referenced_only IS NULL "
    "WITH p, v, venue ORDER BY p.id LIMIT 3 "
    "MATCH (a:Author)-[w:WROTE]->(p) "
    "OPTIONAL MATCH (p)-[c:CITES]->(q:Paper) WHERE q.referenced_only IS NULL "
    "RETURN p, v, venue, a, w, c, q"
)


def test_browser_draws_the_citation_layer_in_the_graphbuild_style(
    browser, empty_db, neo4j_settings, shared_sources
):
    url = _browser_url(neo4j_settings)
    graph = build_graph([shared_sources / "01_openalex" / "works_snowball.jsonl"]).graph
    load_graph(
        graph,
        uri=neo4j_settings.uri,
        username=neo4j_settings.username,
        password=neo4j_settings.password,
        database=neo4j_settings.database,
    )
    page = browser.new_page(viewport={"width": 1200, "height": 760})
    errors: list[str] = []
    try:
        run = _connect(page, url, neo4j_settings, errors)
        run(":style " + " ".join(GRASS.read_text(encoding="utf-8").split()))
        run(CITATION_VIEW)
        page.get_by_text(re.compile(r"^Displaying \d+ nodes")).wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        frame = page.locator('[data-testid="frame"]').first
        for label in ("Author", "Venue", "Paper"):
            chip = frame.get_by_text(re.compile(rf"^{label} \(\d+\)$"))
            colour = chip.evaluate("e => getComputedStyle(e).backgroundColor")
            assert colour == "rgb({}, {}, {})".format(*_grass_colour(label))
        for rel_type in ("WROTE", "PUBLISHED_IN"):
            chip = frame.get_by_text(re.compile(rf"^{rel_type} \(\d+\)$"))
            colour = chip.evaluate("e => getComputedStyle(e).backgroundColor")
            assert colour == "rgb({}, {}, {})".format(*_grass_colour(rel_type, "relationship"))
        assert errors == []
    finally:
        page.close()
