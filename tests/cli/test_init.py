"""The command group: help, the README, ``python -m graphbuild`` and the public API."""

import inspect
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import graphbuild
from graphbuild import pipeline
from graphbuild.cli import cli
from graphbuild.engine import build_graph_file
from graphbuild.engine.records import extract_records
from graphbuild.neo4j import bulk

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def runner():
    return CliRunner()


def all_commands(group: click.Group, prefix: str = ""):
    for name, command in sorted(group.commands.items()):
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from all_commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize(("name", "command"), list(all_commands(cli)))
def test_every_command_has_help_with_an_example(runner, name, command):
    result = runner.invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0
    if not isinstance(command, click.Group):
        assert "Example" in result.output or "example" in result.output


@pytest.mark.parametrize(("name", "command"), list(all_commands(cli)))
def test_readme_shows_every_command(name, command):
    assert f"graphbuild {name}" in README.read_text(encoding="utf-8")


def test_python_m_graphbuild_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "graphbuild", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"graphbuild, version {graphbuild.__version__}"


@pytest.mark.parametrize("name", graphbuild.__all__)
def test_public_api_is_importable_from_the_package(name):
    assert getattr(graphbuild, name) is not None


def test_the_package_says_what_it_holds():
    assert graphbuild.__doc__ and "build_graph" in graphbuild.__doc__
    assert "load_graph" in graphbuild.__doc__


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_thing"):
        graphbuild.no_such_thing  # noqa: B018


def _library_keywords(*functions):
    keywords = {}
    for function in functions:
        for name, parameter in inspect.signature(function).parameters.items():
            keywords.setdefault(name, parameter.default)
    return keywords


@pytest.mark.parametrize(
    ("command", "functions", "presentation"),
    [
        # build and extract run on an engine (graphbuild.engine): every core, or Dask.
        (
            "build",
            [build_graph_file],
            {"samples", "explain_merges", "as_json", "output_format"},
        ),
        ("extract", [extract_records], {"samples", "output_format"}),
        ("stats", [pipeline.graph_stats], {"output_format", "as_json"}),
        # The Neo4j connection options (uri, username, password, database) are left out
        # until their defaults live in one settings module (issue 7, the neo4j package).
        (
            "load",
            [pipeline.build_graph, graphbuild.load_graph, bulk.load],
            {"samples", "retired_format", "output", "uri", "username", "password", "database"},
        ),
    ],
)
def test_options_fill_the_library_keyword_of_the_same_name_with_its_default(
    command, functions, presentation
):
    keywords = _library_keywords(*functions)
    for param in cli.commands[command].params:
        if param.name in presentation or param.name in ("inputs", "graph_file"):
            continue
        assert param.name in keywords, f"{command} --{param.name} fills no library keyword"
        default = keywords[param.name]
        if default not in (inspect.Parameter.empty, None, ()):
            given = param.get_default(click.Context(cli.commands[command]))
            if getattr(param, "is_flag", False) and given is None:
                given = False  # a flag without a default is off
            assert given == default, f"{command} --{param.name}: two defaults"


def test_commands_load_their_module_on_first_use():
    # `graphbuild extract` starts without the Neo4j driver and the fetchers: their
    # modules load only for their own commands.
    code = (
        "import sys, graphbuild.cli; "
        "cli = graphbuild.cli.cli; "
        "assert cli.commands['extract'].name == 'extract'; "
        "print(sorted(m for m in ('neo4j', 'graphbuild.cli.neo4j', 'graphbuild.cli.fetch') "
        "if m in sys.modules)); "
        "assert cli.commands['neo4j'].name == 'neo4j'; "
        "print('neo4j' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split("\n")[:2] == ["[]", "True"]
