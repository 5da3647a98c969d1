"""Choosing the loader (graphbuild.neo4j.bulk) where no server is needed to decide.

The imports themselves run against a real server in tests/integration/test_bulk_import.py.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphbuild.cli.neo4j import load
from graphbuild.errors import Neo4jError
from graphbuild.neo4j import bulk
from graphbuild.neo4j.server import ServerInfo
from graphbuild.neo4j.settings import Neo4jSettings


def test_driver_is_chosen_when_asked_or_the_graph_is_small(tmp_path):
    settings = Neo4jSettings()
    asked = bulk.choose_method(settings, 5_000_000, method="driver", home=tmp_path)
    assert asked.line() == "load method: driver loader (asked for with --method driver)"
    small = bulk.choose_method(settings, 999_999, home=tmp_path)
    assert small.method == "driver"
    assert small.reason == "999,999 relationships, below the bulk threshold of 1,000,000"
    assert bulk.choose_method(settings, 10, home=tmp_path, bulk_threshold=11).method == "driver"


def test_auto_falls_back_to_the_driver_without_a_local_server(tmp_path):
    choice = bulk.choose_method(Neo4jSettings(), 2_000_000, home=tmp_path)
    assert choice.method == "driver"
    assert choice.reason.startswith(f"no local server runs in {tmp_path.resolve()}")


def test_a_forced_import_without_a_local_server_is_refused_in_one_line(tmp_path, graph):
    with pytest.raises(Neo4jError, match=r"^cannot bulk-import: no local server runs in "):
        bulk.choose_method(Neo4jSettings(), 10, method="import", home=tmp_path)
    graph_file = tmp_path / "g.graphml"
    from graphbuild.formats.graphml import write_graphml

    write_graphml(graph, graph_file)
    result = CliRunner().invoke(
        load, [str(graph_file), "--method", "import", "--home", str(tmp_path / "none")]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot bulk-import: no local server runs in ")
    assert "--method driver" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("uri", "same"),
    [
        ("bolt://127.0.0.1:7999", True),
        ("neo4j://localhost:7999", True),
        ("bolt://127.0.0.1:7687", False),
        ("bolt://db.example.org:7999", False),
    ],
)
def test_only_the_local_servers_port_counts_as_the_local_server(tmp_path, uri, same):
    server = ServerInfo(pid=1, home=tmp_path, bolt_port=7999, http_port=7998)
    assert bulk._same_server(uri, server) is same


def test_an_unknown_method_is_a_programming_error():
    with pytest.raises(ValueError, match="method must be one of auto, driver, import"):
        bulk.choose_method(Neo4jSettings(), 10, method="fast")  # type: ignore[arg-type]
