"""The load and query commands over the Neo4j package (no server needed)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graphbuild.cli.neo4j import format_table, load, query
from graphbuild.neo4j import queries


def test_load_command_reports_an_unreachable_server_in_one_line(tmp_path, graph, closed_port):
    graph_file = tmp_path / "g.graphml"
    from graphbuild.formats.graphml import write_graphml

    write_graphml(graph, graph_file)
    uri = f"bolt://127.0.0.1:{closed_port}"
    result = CliRunner().invoke(
        load, [str(graph_file), "--uri", uri, "--password", "pw-never-shown"]
    )
    assert result.exit_code == 1
    # The choice of loader goes to stderr first, then the one-line error.
    choice, error = result.output.splitlines()
    assert choice == (
        "load method: driver loader (5 relationships, below the bulk threshold of 1,000,000)"
    )
    assert error.startswith(f"Error: cannot reach Neo4j at {uri}")
    assert "graphbuild neo4j start" in result.output
    assert "pw-never-shown" not in result.output and "Traceback" not in result.output


def test_load_command_needs_inputs_and_finds_graphml_files(tmp_path, graph):
    result = CliRunner().invoke(load, [])
    assert result.exit_code == 2 and "give INPUT listings" in result.output
    result = CliRunner().invoke(load, [str(tmp_path / "missing.graphml")])
    assert result.exit_code == 1 and "no such GraphML file" in result.output


def test_query_list_names_every_query_with_its_parameters(graph):
    result = CliRunner().invoke(query, ["--list"])
    assert result.exit_code == 0
    for q in queries.list_queries():
        assert f"{q.name}\n    {q.description}\n" in result.output
    assert "params: $benchmark (string), $limit (int, default 25)" in result.output


def test_query_command_checks_its_arguments(graph):
    result = CliRunner().invoke(query, [])
    assert result.exit_code == 2 and "give a query NAME" in result.output
    result = CliRunner().invoke(query, ["top_pairs", "--param", "limit"])
    assert result.exit_code == 2 and "'limit' is not KEY=VALUE" in result.output
    result = CliRunner().invoke(query, ["top_pairs", "-p", "lmit=2"])
    assert result.exit_code == 2 and "has no parameter lmit" in result.output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1" * 23, "'limit' must be an integer from -9223372036854775808 to 9223372036854775807"),
        ("9223372036854775808", "not a number of 19 digits"),
        (b"caf\xe9".decode("utf-8", "surrogateescape"), "'limit' is not valid UTF-8 text"),
        ("ten", "not 'ten'"),
    ],
)
def test_bad_query_parameters_are_usage_errors(value, message, closed_port):
    uri = f"bolt://127.0.0.1:{closed_port}"  # refused before connecting
    result = CliRunner().invoke(query, ["top_pairs", "-p", f"limit={value}", "--uri", uri])
    assert result.exit_code == 2, result.output
    assert message in result.output and "--param" in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert errors == [result.output.strip().splitlines()[-1]]
    assert errors[0].startswith("Error: Invalid value for --param: parameter 'limit'")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [load, query])
def test_help_has_an_example_and_hides_the_password(command, monkeypatch, graph):
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-in-env")
    result = CliRunner().invoke(command, ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "graphbuild " + command.name in result.output
    assert "pw-in-env" not in result.output and "graphbuild-local" not in result.output


def test_table_format(graph):
    text = format_table(
        ("entity", "neighbour", "weight"),
        [
            {
                "entity": {"_labels": ["Entity", "Model"], "name": "BERT"},
                "neighbour": {"_labels": ["Paper"], "title": "x" * 80},
                "weight": 0.123456,
            }
        ],
    )
    lines = text.splitlines()
    assert lines[0].split() == ["entity", "neighbour", "weight"]
    assert lines[2].startswith("(:Model BERT)  (:Paper " + "x" * 40)
    assert "0.1235" in lines[2] and lines[-1] == "(1 row)"


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("bolt://host:abc", "'bolt://host:abc' has port 'abc'; a port is a number from 1 to 65535"),
        ("bolt://host:99999", "'bolt://host:99999' has port '99999'; a port is a number"),
        ("bolt://host:0", "'bolt://host:0' has port '0'"),
        ("http://localhost:7474", "'http://localhost:7474' is not a Bolt URI"),
        ("bolt://:7687", "'bolt://:7687' names no host"),
    ],
)
@pytest.mark.parametrize("command", ["load", "query"])
def test_bad_uris_are_usage_errors_before_any_work(tmp_path, graph, uri, message, command):
    from graphbuild.formats.graphml import write_graphml

    graph_file = tmp_path / "g.graphml"
    write_graphml(graph, graph_file)
    args = [str(graph_file)] if command == "load" else ["top_pairs"]
    result = CliRunner().invoke(load if command == "load" else query, [*args, "--uri", uri])
    assert result.exit_code == 2, result.output
    assert message in result.output and "--uri (or NEO4J_URI)" in result.output
    assert "Traceback" not in result.output


def test_the_uri_may_come_from_the_environment_and_is_checked_the_same(graph, tmp_path):
    result = CliRunner().invoke(query, ["top_pairs"], env={"NEO4J_URI": "bolt://db:99999"})
    assert result.exit_code == 2
    assert "'bolt://db:99999' has port '99999'" in result.output
