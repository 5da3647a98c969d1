"""``export``, ``view`` and ``report``: thin click commands over :mod:`graphbuild.exports`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from graphbuild import exports
from graphbuild.analysis import AnalysisOptions, AnalysisReport
from graphbuild.analysis.communities import DEFAULT_RESOLUTION, DEFAULT_SEED
from graphbuild.cli.common import (
    chosen_inputs,
    errors,
    input_options,
    min_papers_option,
    min_weight_option,
    progress_bar,
)
from graphbuild.view.layout import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES

F = TypeVar("F", bound=Callable[..., Any])


def analysis_options(command: F) -> F:
    """Options of the analysis (and of building) shared by export, view and report."""
    options = [
        min_weight_option,
        min_papers_option,
        click.option(
            "--resolution",
            type=click.FloatRange(min=0, min_open=True),
            default=DEFAULT_RESOLUTION,
            show_default=True,
            help="Leiden resolution: higher gives smaller communities.",
        ),
        click.option(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            show_default=True,
            help="Seed of Leiden and of sampled betweenness.",
        ),
        click.option(
            "--period",
            type=click.Choice(["year", "month", "day"]),
            default="year",
            show_default=True,
            help="Time step of the trends.",
        ),
        click.option(
            "--listing-year",
            type=click.IntRange(1900, 2200),
            default=None,
            help="Year of Hugging Face listing dates ('Mar 12' has none); without it such "
            "papers stay undated.",
        ),
        click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _build_options(params: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments of exports.analysed_graph from the shared options."""
    inputs = chosen_inputs(params.pop("inputs"), params.pop("samples"))
    return {
        "inputs": inputs,
        "input_format": params.pop("input_format"),
        "lexicon_paths": params.pop("lexicon_paths"),
        "on_error": params.pop("on_error"),
        "fuzzy_threshold": params.pop("fuzzy_threshold"),
        "min_weight": params.pop("min_weight"),
        "min_papers": params.pop("min_papers"),
        "analysis": AnalysisOptions(
            resolution=params.pop("resolution"),
            seed=params.pop("seed"),
            period=params.pop("period"),
            listing_year=params.pop("listing_year"),
        ),
    }


def _echo_analysis(report: AnalysisReport) -> None:
    facts = report.as_dict()
    periods = report.periods
    click.echo(
        f"analysis: {facts['entities']} entities in {facts['communities']} communities; "
        f"{facts['dated_papers']} dated papers, {facts['undated_papers']} undated"
        + (f"; periods {periods[0]} to {periods[-1]}" if periods else "")
        + f"; {facts['bursting']} bursting"
    )


@click.command()
@input_options
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=False),
    required=True,
    help="File to write (format from its extension), or folder for csv, neo4j-csv, vosviewer.",
)
@click.option(
    "--format",
    "format",
    type=click.Choice(exports.FORMATS),
    help="Output format (default: from the extension: "
    + ", ".join(f"{k} {v}" for k, v in exports.EXTENSIONS.items())
    + ").",
)
@analysis_options
def export(output: str, format: str | None, as_json: bool, **params: Any) -> None:
    """Build and analyse the graph of INPUT listings (or read a GraphML file) and write it
    in another format, with communities, centrality and trends on every entity.

    \b
    Formats: graphml, gexf (Gephi), vosviewer (map.txt + network.txt in a folder),
    vosviewer-json, nodelink (JSON), csv (nodes.csv + edges.csv in a folder),
    neo4j-csv (neo4j-admin database import files in a folder; prints the command).

    \b
    Example:
      graphbuild export --samples --listing-year 2024 -o map.gexf
      graphbuild export graph.graphml --format neo4j-csv -o import/
    """
    with errors(), progress_bar("Extracting", min_total=2000) as progress:
        result = exports.export_graph(
            output=output, format=format, progress=progress, **_build_options(params)
        )
    if as_json:
        data = {
            "format": result.format,
            "files": [str(f) for f in result.files],
            "counts": result.counts,
            "analysis": result.analysed.analysis.as_dict(),
            "import_command": result.import_command,
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _echo_analysis(result.analysed.analysis)
    for path in result.files:
        click.echo(f"wrote {path}")
    if result.import_command:
        click.echo("import into a stopped Neo4j (replaces the database) with:")
        click.echo(f"  {result.import_command}")


@click.command()
@input_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="map.html",
    show_default=True,
    help="HTML file to write.",
)
@click.option("--title", default="graphbuild map", show_default=True, help="Page title.")
@click.option(
    "--max-nodes",
    type=click.IntRange(1),
    default=DEFAULT_MAX_NODES,
    show_default=True,
    help="Show at most N entities (those named by the most papers).",
)
@click.option(
    "--max-edges",
    type=click.IntRange(1),
    default=DEFAULT_MAX_EDGES,
    show_default=True,
    help="Keep each entity's N strongest pairs.",
)
@analysis_options
def view(
    output: str, title: str, max_nodes: int, max_edges: int, as_json: bool, **params: Any
) -> None:
    """Write an interactive map of the graph as one self-contained HTML file.

    Open it in a browser (no network needed): nodes coloured by type or community, sized
    by papers; search by name; click an entity for its papers and neighbours.

    \b
    Example:
      graphbuild view --samples --listing-year 2024 -o map.html
      graphbuild view graph.graphml --max-nodes 500
    """
    with errors(), progress_bar("Extracting", min_total=2000) as progress:
        shown, analysed = exports.view_graph(
            output=output,
            title=title,
            max_nodes=max_nodes,
            max_edges=max_edges,
            progress=progress,
            **_build_options(params),
        )
    if as_json:
        data = {
            "file": str(shown.path),
            "entities": shown.nodes,
            "pairs": shown.edges,
            "total_entities": shown.total_nodes,
            "total_pairs": shown.total_edges,
            "analysis": analysed.analysis.as_dict(),
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _echo_analysis(analysed.analysis)
    trimmed = " (trimmed)" if shown.trimmed else ""
    click.echo(
        f"wrote {shown.path}: {shown.nodes} of {shown.total_nodes} entities, "
        f"{shown.edges} of {shown.total_edges} pairs{trimmed}"
    )


@click.command()
@input_options
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False),
    default="report",
    show_default=True,
    help="Folder to write index.html, map.html and figures/ into.",
)
@click.option("--title", default="graphbuild report", show_default=True, help="Page title.")
@analysis_options
def report(output: str, title: str, as_json: bool, **params: Any) -> None:
    """Write a report of the graph: an HTML page with PNG figures and the map.

    The page shows the run summary, the top entities per type, the strongest pairs, the
    communities with their top members, the rising entities with trend lines, and the map.

    \b
    Example:
      graphbuild report --samples --listing-year 2024 --period month -o report/
    """
    with errors(), progress_bar("Extracting", min_total=2000) as progress:
        written, analysed = exports.report_graph(
            output=output, title=title, progress=progress, **_build_options(params)
        )
    files = [written.index, *(written.figures), *([written.map] if written.map else [])]
    if as_json:
        data = {"files": [str(f) for f in files], "analysis": analysed.analysis.as_dict()}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _echo_analysis(analysed.analysis)
    for path in files:
        click.echo(f"wrote {path}")
