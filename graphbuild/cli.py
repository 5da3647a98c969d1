"""The ``graphbuild`` command line: thin click commands over the library API."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from graphbuild import __version__, graphml, pipeline
from graphbuild.build import DEFAULT_MIN_WEIGHT
from graphbuild.cli_load import load, query
from graphbuild.cli_neo4j import neo4j_group
from graphbuild.errors import GraphbuildError
from graphbuild.readers import FORMATS, bundled_samples
from graphbuild.resolve import DEFAULT_FUZZY_THRESHOLD

F = TypeVar("F", bound=Callable[..., Any])


def input_options(*format_flags: str) -> Callable[[F], F]:
    """Options shared by every command that reads paper listings."""
    return lambda command: _add_input_options(
        command, format_flags or ("--format", "--input-format")
    )


def _add_input_options(command: F, format_flags: Sequence[str]) -> F:
    options = [
        click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True)),
        click.option(
            "--samples",
            is_flag=True,
            help="Read the bundled sample listings (five Hugging Face papers pages).",
        ),
        click.option(
            *format_flags,
            "input_format",
            type=click.Choice(FORMATS),
            help="Force the input format instead of detecting it from content.",
        ),
        click.option(
            "--lexicon",
            "lexicon_paths",
            multiple=True,
            type=click.Path(exists=True),
            help="Extra lexicon file (TSV 'name<TAB>type<TAB>aliases' or JSON Lines); repeatable.",
        ),
        click.option(
            "--skip-bad-records",
            "skip_bad",
            is_flag=True,
            help="Skip malformed records (counted and reported) instead of stopping.",
        ),
        click.option(
            "--fuzzy-threshold",
            type=click.FloatRange(0, 100),
            default=DEFAULT_FUZZY_THRESHOLD,
            show_default=True,
            help="rapidfuzz ratio at which two entity names merge.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _inputs(inputs: Sequence[str], samples: bool) -> list[str]:
    chosen = list(inputs)
    if samples:
        chosen.extend(str(p) for p in bundled_samples())
    if not chosen:
        raise click.UsageError("give INPUT files or folders, '-' for stdin, or --samples")
    return chosen


@contextmanager
def _errors() -> Iterator[None]:
    """Turn library errors into one-line click errors (exit 1)."""
    try:
        yield
    except GraphbuildError as err:
        raise click.ClickException(str(err)) from err


@contextmanager
def _progress_bar(label: str) -> Iterator[pipeline.Progress]:
    """A progress bar on stderr for long inputs; silent when stderr is not a terminal."""
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if total < 2000 and bar is None:
            return
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


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
@click.option(
    "--min-weight",
    type=click.IntRange(1),
    default=DEFAULT_MIN_WEIGHT,
    show_default=True,
    help="Keep CO_MENTIONED pairs named together by at least N papers.",
)
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
    with _errors(), _progress_bar("extracting") as progress:
        result = pipeline.build_graph(
            _inputs(inputs, samples),
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
    for skipped in result.extraction.skipped:
        click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
    for warning in result.extraction.warnings:
        click.echo(f"warning: {warning}", err=True)
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
    with _errors():
        extraction = pipeline.extract_papers(
            _inputs(inputs, samples),
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
    for skipped in extraction.skipped:
        click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)


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
    with _errors():
        graph = graphml.read_graphml(Path(graph_file))
    summary = pipeline.summarize(graph, top=top)
    click.echo(
        json.dumps(summary, ensure_ascii=False, indent=2) if as_json else format_summary(summary)
    )


cli.add_command(neo4j_group)
cli.add_command(load)
cli.add_command(query)


def main() -> None:
    """Entry point of the ``graphbuild`` script."""
    cli(prog_name="graphbuild")


if __name__ == "__main__":
    main()
