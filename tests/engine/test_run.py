"""Choosing the engine: the library call and the ``build``/``extract`` options behind it."""

import pytest
from click.testing import CliRunner

from graphbuild.cli import cli
from graphbuild.engine import build_graph_file
from graphbuild.errors import GraphbuildError


def test_a_scheduler_needs_the_dask_engine(engine_inputs, tmp_path):
    with pytest.raises(GraphbuildError, match="needs the dask engine"):
        build_graph_file(engine_inputs, tmp_path / "g.graphml", scheduler="tcp://127.0.0.1:1")


def test_an_unknown_engine_is_refused(engine_inputs, tmp_path):
    with pytest.raises(GraphbuildError, match="unknown engine 'spark'"):
        build_graph_file(engine_inputs, tmp_path / "g.graphml", engine="spark")  # type: ignore[arg-type]


def test_build_jobs_option_gives_the_same_file(tmp_path):
    runner = CliRunner()
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.graphml"
        result = runner.invoke(cli, ["build", "--samples", "--jobs", jobs, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "papers: 433" in result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("command", ["build", "extract"])
def test_jobs_below_one_is_a_usage_error(command):
    result = CliRunner().invoke(cli, [command, "--samples", "--jobs", "0"])
    assert result.exit_code == 2
    assert "--jobs" in result.output


def test_scheduler_without_dask_engine_is_one_line(tmp_path):
    result = CliRunner().invoke(
        cli,
        ["build", "--samples", "--scheduler", "tcp://127.0.0.1:1", "-o", str(tmp_path / "g")],
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: a scheduler address needs the dask engine (--engine dask)"
    )
