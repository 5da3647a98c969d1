"""Bulk loads with neo4j-admin import (graphbuild.neo4j.bulk) against a real local server.

The import stops and starts its server, so these tests start their own server in a
folder of their own (not the session's throw-away server, whose folder a stop deletes),
and compare everything it holds after an import with what the driver loader writes into
the same database after a wipe: every node and relationship with labels, type and
properties (the load-lock node included), and the schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import neo4j
import networkx as nx
import pytest
from click.testing import CliRunner

from graphbuild.analysis import AnalysisOptions, analyse_graph
from graphbuild.cli.neo4j import load as load_command
from graphbuild.errors import Neo4jError
from graphbuild.formats.graphml import write_graphml
from graphbuild.neo4j import bulk
from graphbuild.neo4j import server as neo4j_server
from graphbuild.neo4j.loader import load_graph
from graphbuild.neo4j.settings import Neo4jSettings, password_from_env
from graphbuild.pipeline import build_graph
from graphbuild.readers import bundled_samples
from tests.integration.conftest import SMALL_SERVER, wipe

Everything = tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[str]]


def _everything(settings: Neo4jSettings) -> Everything:
    """Every node, relationship and schema item of the database, in a canonical order."""
    with neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth) as driver:
        nodes, _, _ = driver.execute_query(
            "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
        )
        rels, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, "
            "properties(r) AS props"
        )
        schema, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, owningConstraint"
        )
    canon = lambda props: json.dumps(props, sort_keys=True)  # noqa: E731
    return (
        sorted((tuple(sorted(r["labels"])), canon(r["props"])) for r in nodes),
        sorted((r["type"], r["a"], r["b"], canon(r["props"])) for r in rels),
        sorted(json.dumps(r.data(), sort_keys=True) for r in schema if r["type"] != "LOOKUP"),
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Neo4jSettings]]:
    """A local server in a folder of its own, stopped at the end."""
    home = tmp_path_factory.mktemp("bulk") / "home"
    password = password_from_env()
    bolt = neo4j_server.find_free_port()
    http = neo4j_server.find_free_port(exclude=(bolt,))
    info = neo4j_server.start_server(
        home, password=password, bolt_port=bolt, http_port=http, **SMALL_SERVER
    )
    try:
        yield info.home, Neo4jSettings(info.bolt_uri, info.username, password, None)
    finally:
        neo4j_server.stop_server(info.home)


def _wipe(settings: Neo4jSettings) -> None:
    with neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth) as driver:
        wipe(driver, "neo4j")


@pytest.fixture(scope="module")
def samples_graph() -> nx.MultiDiGraph:
    graph = build_graph(list(bundled_samples())).graph
    analyse_graph(graph, AnalysisOptions(period="month", listing_year=2024))
    return graph


def _half(first: bool) -> nx.MultiDiGraph:
    """The graph of the first (or second) half of the sample listings."""
    samples = sorted(bundled_samples())
    half = len(samples) // 2
    return build_graph(samples[:half] if first else samples[half:]).graph


def test_import_gives_the_driver_loaders_database_and_a_reload_changes_nothing(
    server, samples_graph
):
    home, settings = server
    _wipe(settings)
    choice, report = bulk.load(samples_graph, settings, method="import", home=home)
    assert choice.method == "import" and choice.reason == "asked for with --method import"
    assert report.relationships_created == samples_graph.number_of_edges()
    assert {"neo4j-admin import", "stop server", "start server"} <= set(report.timings)
    imported = _everything(settings)
    assert ("GraphbuildLock",) in {labels for labels, _ in imported[0]}
    assert imported[2], "the schema was created"

    # A driver load of the same graph on top changes nothing.
    again = load_graph(samples_graph, settings)
    assert (again.nodes_created, again.relationships_created) == (0, 0)
    assert again.relationships_deleted == 0
    assert _everything(settings) == imported

    # The driver loader into the emptied database gives the same database.
    _wipe(settings)
    load_graph(samples_graph, settings)
    loaded = _everything(settings)
    assert len(loaded[0]) == len(imported[0]) and len(loaded[1]) == len(imported[1])
    assert loaded == imported


def test_an_incremental_driver_load_on_top_of_an_import(server):
    home, settings = server
    first, second = _half(True), _half(False)
    _wipe(settings)
    load_graph(first, settings)
    load_graph(second, settings)
    by_driver = _everything(settings)

    _wipe(settings)
    bulk.import_graph(first, settings, home=home)
    report = load_graph(second, settings)
    assert report.nodes_created > 0 and report.relationships_created > 0
    assert _everything(settings) == by_driver


def test_auto_chooses_and_import_refuses_with_one_line(server, samples_graph):
    home, settings = server
    rels = samples_graph.number_of_edges()
    small = bulk.choose_method(settings, rels, home=home)
    assert small.method == "driver"
    assert small.line() == (
        f"load method: driver loader ({rels:,} relationships, below the bulk threshold of "
        "1,000,000)"
    )
    _wipe(settings)
    big = bulk.choose_method(settings, rels, home=home, bulk_threshold=rels)
    assert big.method == "import" and big.server is not None
    assert "into an empty database" in big.line()
    remote = replace(settings, uri="bolt://db.example.org:7687")
    elsewhere = bulk.choose_method(remote, rels, home=home, bulk_threshold=0)
    assert elsewhere.method == "driver"
    assert "bolt://db.example.org:7687 is not the local server of" in elsewhere.reason
    with pytest.raises(Neo4jError, match="^cannot bulk-import: bolt://db.example.org:7687 is"):
        bulk.choose_method(remote, rels, method="import", home=home)

    load_graph(_half(True), settings)
    on_top = bulk.choose_method(settings, rels, home=home, bulk_threshold=0)
    assert on_top.method == "driver" and "holds data: loading on top of it" in on_top.reason
    with pytest.raises(Neo4jError, match="is not empty; pass --overwrite to replace it"):
        bulk.choose_method(settings, rels, method="import", home=home)
    replacing = bulk.choose_method(settings, rels, method="import", home=home, overwrite=True)
    assert replacing.method == "import" and replacing.reason.endswith("replacing what it held")


def test_load_command_imports_and_says_why(server, samples_graph, tmp_path):
    home, settings = server
    _wipe(settings)
    graph_file = tmp_path / "g.graphml"
    write_graphml(samples_graph, graph_file)
    args = [str(graph_file), "--uri", settings.uri, "--home", str(home)]
    result = CliRunner().invoke(load_command, [*args, "--bulk-threshold", "1000"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("load method: neo4j-admin import (") and "empty" in lines[0]
    assert any(line.startswith("  neo4j-admin: IMPORT DONE") for line in lines)
    assert lines[-1].startswith(f"nodes: {samples_graph.number_of_nodes()} created")
    # Not empty any more: a forced import is refused in one line, exit 1.
    result = CliRunner().invoke(load_command, [*args, "--method", "import"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("Error: cannot bulk-import: database")
    assert "Traceback" not in result.output
