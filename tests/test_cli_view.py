import json

import pytest
from click.testing import CliRunner

from graphbuild.cli import cli
from graphbuild.formats.gexf import read_gexf
from graphbuild.formats.vosviewer import read_vosviewer
from graphbuild.pipeline import build_graph


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def sample_entities(sample_paths) -> int:
    graph = build_graph(sample_paths).graph
    return sum(1 for _, d in graph.nodes(data=True) if d["labels"] != ":Paper")


def test_export_chooses_the_format_by_extension(runner, tmp_path, sample_entities):
    out = tmp_path / "map.gexf"
    result = runner.invoke(cli, ["export", "--samples", "--listing-year", "2024", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert "433 dated papers" in result.output
    assert read_gexf(out).number_of_nodes() == sample_entities


def test_export_neo4j_csv_prints_the_import_command(runner, tmp_path):
    result = runner.invoke(
        cli, ["export", "--samples", "--format", "neo4j-csv", "-o", str(tmp_path / "csv")]
    )
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full neo4j" in result.output
    assert (tmp_path / "csv" / "nodes_Paper.csv").is_file()


def test_export_vosviewer_folder_from_a_graphml_file(runner, tmp_path, sample_entities):
    graph = tmp_path / "graph.graphml"
    assert runner.invoke(cli, ["build", "--samples", "-o", str(graph)]).exit_code == 0
    result = runner.invoke(
        cli, ["export", str(graph), "--format", "vosviewer", "-o", str(tmp_path / "vos"), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["format"] == "vosviewer" and len(summary["files"]) == 2
    assert len(read_vosviewer(*summary["files"]).items) == sample_entities


def test_export_refuses_an_unknown_extension(runner, tmp_path):
    result = runner.invoke(cli, ["export", "--samples", "-o", str(tmp_path / "map.txt")])
    assert result.exit_code == 1
    assert "cannot tell the format of" in result.output and "--format" in result.output
    assert "Traceback" not in result.output


def test_export_without_output_is_a_usage_error(runner):
    result = runner.invoke(cli, ["export", "--samples"])
    assert result.exit_code == 2 and "--output" in result.output


def test_missing_graphml_input_is_one_clear_line(runner, tmp_path):
    missing = tmp_path / "nope.graphml"
    result = runner.invoke(cli, ["view", str(missing), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 1
    assert f"{missing}: no such GraphML file" in result.output


def test_view_reports_what_the_map_shows(runner, tmp_path, sample_entities):
    out = tmp_path / "map.html"
    result = runner.invoke(
        cli, ["view", "--samples", "--max-nodes", "50", "-o", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert (summary["entities"], summary["total_entities"]) == (50, sample_entities)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_writes_the_page_figures_and_map(runner, tmp_path):
    out = tmp_path / "report"
    result = runner.invoke(
        cli,
        ["report", "--samples", "--listing-year", "2024", "--period", "month", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    for name in ("index.html", "map.html", "figures/trends.png"):
        assert (out / name).is_file()
        assert f"wrote {out / name}" in result.output
    assert "periods 2024-03 to 2024-05" in result.output


def test_resolution_changes_the_communities(runner, tmp_path):
    def communities(resolution: str) -> int:
        result = runner.invoke(
            cli,
            ["export", "--samples", "--resolution", resolution, "--json"]
            + ["-o", str(tmp_path / f"g{resolution}.json")],
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["analysis"]["communities"]

    assert communities("3.0") > communities("0.5")


def test_unwritable_outputs_fail_before_any_work(runner, tmp_path):
    missing = tmp_path / "no" / "map.html"
    result = runner.invoke(cli, ["view", "--samples", "-o", str(missing)])
    assert result.exit_code == 1
    assert "does not exist; create it first" in result.output
    result = runner.invoke(cli, ["export", "--samples", "--format", "gexf", "-o", str(tmp_path)])
    assert result.exit_code == 1 and "it is a folder" in result.output
    a_file = tmp_path / "report.txt"
    a_file.write_text("keep", encoding="utf-8")
    result = runner.invoke(cli, ["report", "--samples", "-o", str(a_file)])
    assert result.exit_code == 2 and "is a file" in result.output  # click's usage check
    assert a_file.read_text(encoding="utf-8") == "keep"


def test_the_input_graph_is_never_overwritten(runner, tmp_path):
    graph = tmp_path / "graph.graphml"
    assert runner.invoke(cli, ["build", "--samples", "-o", str(graph)]).exit_code == 0
    before = graph.read_bytes()
    result = runner.invoke(cli, ["export", str(graph), "-o", str(graph)])
    assert result.exit_code == 1 and graph.read_bytes() == before
