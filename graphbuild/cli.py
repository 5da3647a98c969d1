"""The ``graphbuild`` command line: thin click commands over the library API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from graphbuild import __version__, graphml, pipeline
from graphbuild.cli_common import (
    chosen_inputs,
    errors,
    input_options,
    min_weight_option,
    progress_bar,
    report_read_problems,
)
from graphbuild.cli_load import load, query
from graphbuild.cli_neo4j import neo4j_group
from graphbuild.cli_view import export, report, view


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphbuild")
def cli() -> None:
    """Turn paper listings into a knowledge graph of papers, models, methods, datasets
    and benchmarks.

    \b
    Start with:
      graphbuild build --samples -o graph.graphml
      graphbuild extract paper-listing.txt --format jsonl
      graphbuild stats graph.graphml
    """


@cli.command()
@input_options()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="graph.graphml",
    show_default=True,
    help="GraphML file to write ('-': stdout).",
)
@min_weight_option
@click.option(
    "--min-papers",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Keep entities named by at least N papers.",
)
@click.option(
    "--explain-merges", is_flag=True, help="Print which names were merged into one entity, and why."
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def build(
    inputs: tuple[str, ...],
    samples: bool,
    input_format: str | None,
    lexicon_paths: tuple[str, ...],
    skip_bad: bool,
    fuzzy_threshold: float,
    output: str,
    min_weight: int,
    min_papers: int,
    explain_merges: bool,
    as_json: bool,
) -> None:
    """Build the knowledge graph of INPUT listings and write it as GraphML.

    INPUT is a file, a folder (read recursively) or '-' for stdin: Hugging Face
    papers listing pages saved as text, or JSON / JSON Lines records.

    \b
    Example:
      graphbuild build ../shared/samples/*.txt -o graph.graphml --min-weight 2
    """
    with errors(), progress_bar("extracting", min_total=2000) as progress:
        result = pipeline.build_graph(
            chosen_inputs(inputs, samples),
            input_format=input_format,
            lexicon_paths=lexicon_paths,
            on_error="skip" if skip_bad else "raise",
            min_weight=min_weight,
            min_papers=min_papers,
            fuzzy_threshold=fuzzy_threshold,
            progress=progress,
        )
        if output == "-":
            graphml.write_graphml(result.graph, sys.stdout.buffer)
        else:
            graphml.write_graphml(result.graph, output)
    summary = dict(result.summary, output=output, seconds=round(result.seconds, 3))
    echo = click.echo if output != "-" else lambda s: click.echo(s, err=True)
    if explain_merges:
        for merge in result.extraction.resolution.merges:
            echo(f"merged {merge.merged!r} into {merge.into!r}: {merge.reason}")
    report_read_problems(result.extraction)
    echo(json.dumps(summary, ensure_ascii=False, indent=2) if as_json else format_summary(summary))


def format_summary(summary: dict[str, Any]) -> str:
    """A short human summary of a graph (papers, entities per type, edges, top entities)."""
    lines = []
    if "records_read" in summary:
        lines.append(
            f"records read: {summary['records_read']}  skipped: {summary.get('skipped', 0)}"
        )
    lines.append(f"papers: {summary['papers']}")
    entities = summary["entities"]
    lines.append(
        f"entities: {sum(entities.values())} ("
        + ", ".join(f"{t} {n}" for t, n in entities.items())
        + ")"
    )
    lines.append("edges: " + ", ".join(f"{label} {n}" for label, n in summary["edges"].items()))
    if summary["top_entities"]:
        lines.append(
            "top entities: "
            + ", ".join(
                f"{e['name']} ({e['type']}, {e['papers']})" for e in summary["top_entities"]
            )
        )
    if "output" in summary:
        lines.append(f"wrote {summary['output']} in {summary['seconds']} s")
    return "\n".join(lines)


@cli.command()
@input_options("--input-format")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "json"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one object per paper.",
)
def extract(
    inputs: tuple[str, ...],
    samples: bool,
    input_format: str | None,
    lexicon_paths: tuple[str, ...],
    skip_bad: bool,
    fuzzy_threshold: float,
    output_format: str,
) -> None:
    """Print the entities found in each paper, one JSON object per paper.

    Each object is {"id", "title", "entities": [{"name", "type", "canonical",
    "entity_id", "introduced", "mentions": [...]}]}. This is the shape the
    evaluation scorer reads.

    \b
    Example:
      graphbuild extract listing.txt --format jsonl > entities.jsonl
    """
    with errors():
        extraction = pipeline.extract_papers(
            chosen_inputs(inputs, samples),
            input_format=input_format,
            lexicon_paths=lexicon_paths,
            on_error="skip" if skip_bad else "raise",
            fuzzy_threshold=fuzzy_threshold,
        )
    records = pipeline.extraction_records(extraction)
    if output_format == "json":
        click.echo(json.dumps(list(records), ensure_ascii=False, indent=2))
    else:
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    report_read_problems(extraction)


@cli.command()
@click.argument("graph_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--top",
    type=click.IntRange(0),
    default=10,
    show_default=True,
    help="How many of the most mentioned entities to list.",
)
def stats(graph_file: str, as_json: bool, top: int) -> None:
    """Summarise a GraphML file written by `graphbuild build`.

    \b
    Example:
      graphbuild stats graph.graphml --top 20
    """
    with errors():
        graph = graphml.read_graphml(Path(graph_file))
    summary = pipeline.summarize(graph, top=top)
    click.echo(
        json.dumps(summary, ensure_ascii=False, indent=2) if as_json else format_summary(summary)
    )


cli.add_command(neo4j_group)
cli.add_command(load)
cli.add_command(query)
cli.add_command(export)
cli.add_command(view)
cli.add_command(report)


def main() -> None:
    """Entry point of the ``graphbuild`` script."""
    cli(prog_name="graphbuild")


if __name__ == "__main__":
    main()
