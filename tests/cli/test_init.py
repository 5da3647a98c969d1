"""The command group: help, the README, ``python -m graphbuild`` and the public API."""

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import graphbuild
from graphbuild.cli import cli

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
