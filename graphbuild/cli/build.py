"""``graphbuild build``, ``extract`` and ``stats``: thin over :mod:`graphbuild.pipeline`."""

from __future__ import annotations

import json
import sys
from typing import Any, Literal

import click

from graphbuild import pipeline
from graphbuild.cli.common import (
    FormatChoice,
    apply_retired_input_format,
    chosen_inputs,
    errors,
    input_options,
    jobs_option,
    min_papers_option,
    min_weight_option,
    progress_bar,
    report_read_problems,
    stop_list_option,
)
from graphbuild.engine import ENGINES, build_graph_file
from graphbuild.engine.records import extract_records
from graphbuild.readers import FORMATS

#: Graph file formats ``build --format`` writes.
GRAPH_FORMATS = ("graphml",)


@click.command()
@input_options
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True),
    default="graph.graphml",
    show_default=True,
    help="Graph file to write ('-': stdout). Written atomically: an interrupted run "
    "leaves the previous file.",
)
@click.option(
    "--format",
    "output_format",
    type=FormatChoice(GRAPH_FORMATS, retired=FORMATS),
    default=GRAPH_FORMATS[0],
    show_default=True,
    help="Format of the graph file.",
)
@min_weight_option
@min_papers_option
@click.option(
    "--explain-merges",
    is_flag=True,
    help="Print which names were merged into one entity, and which paper records into one "
    "paper, and why.",
)
@click.option(
    "--drop-referenced-only",
    is_flag=True,
    default=False,
    help="Leave out works known only from reference lists (and the CITES edges to them).",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="local: worker processes on this machine; dask: a Dask cluster (--scheduler).",
)
@jobs_option
@stop_list_option
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler (tcp://host:8786) for --engine dask; default: a local cluster.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def build(
    inputs: tuple[str, ...],
    samples: bool,
    input_format: str | None,
    lexicon_paths: tuple[str, ...],
    on_error: Literal["raise", "skip"],
    fuzzy_threshold: float,
    output: str,
    output_format: str,
    min_weight: int,
    min_papers: int,
    explain_merges: bool,
    drop_referenced_only: bool,
    engine: Literal["local", "dask"],
    jobs: int | None,
    stop_list_paths: tuple[str, ...],
    scheduler: str | None,
    as_json: bool,
) -> None:
    """Build the knowledge graph of INPUT listings and write it as GraphML.

    INPUT is a file, a folder (read recursively) or '-' for stdin: Hugging Face
    papers listing pages saved as text, JSON / JSON Lines records, or scholarly
    exports: OpenAlex, Semantic Scholar, S2ORC, arXiv (Atom, snapshot, OAI-PMH),
    BibTeX (Web of Science, Scopus), RIS, CSL-JSON, CiteSeer.

    \b
    Example:
      graphbuild build ../shared/samples/*.txt -o graph.graphml --min-weight 2
    """
    output_format, input_format = apply_retired_input_format(
        output_format, input_format, GRAPH_FORMATS[0]
    )
    with errors(), progress_bar("extracting", min_total=2000) as progress:
        result = build_graph_file(
            chosen_inputs(inputs, samples),
            sys.stdout.buffer if output == "-" else output,
            engine=engine,
            jobs=jobs,
            scheduler=scheduler,
            input_format=input_format,
            lexicon_paths=lexicon_paths,
            stop_list_paths=stop_list_paths,
            on_error=on_error,
            min_weight=min_weight,
            min_papers=min_papers,
            fuzzy_threshold=fuzzy_threshold,
            progress=progress,
            drop_referenced_only=drop_referenced_only,
        )
    summary = dict(result.summary, output=output)
    to_stderr = output == "-"
    if explain_merges:
        for merge in result.resolution.merges:
            click.echo(str(merge), err=to_stderr)
        for paper_merge in result.paper_merges:
            click.echo(str(paper_merge), err=to_stderr)
    report_read_problems(result)
    click.echo(
        json.dumps(summary, ensure_ascii=False, indent=2) if as_json else format_summary(summary),
        err=to_stderr,
    )


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
    if "citations" in summary:
        cited = summary["citations"]
        lines.append(
            f"citations: papers in corpus {cited['papers_in_corpus']}, referenced only "
            f"{cited['referenced_only']}, with abstract {cited['with_abstract']}, authors "
            f"{cited['authors']}, venues {cited['venues']}, CITES inside corpus "
            f"{cited['cites_inside_corpus']}; "
            + ", ".join(f"{label} {n}" for label, n in cited["edges"].items())
        )
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


@click.command()
@input_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "json"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one object per paper; json: one array.",
)
@jobs_option
@stop_list_option
@click.option(
    "--explain",
    is_flag=True,
    help="Add to each entity found_by (the lexicon entry and its catalogue, or the rule) "
    "and typed_by (why it has its type).",
)
def extract(
    inputs: tuple[str, ...],
    samples: bool,
    input_format: str | None,
    lexicon_paths: tuple[str, ...],
    on_error: Literal["raise", "skip"],
    fuzzy_threshold: float,
    output_format: str,
    jobs: int | None,
    stop_list_paths: tuple[str, ...],
    explain: bool,
) -> None:
    """Print the entities found in each paper, one JSON object per paper.

    Each object is {"id", "title", "entities": [{"name", "type", "canonical",
    "entity_id", "introduced", "mentions": [...]}]}. This is the shape the
    evaluation scorer reads.

    \b
    Example:
      graphbuild extract listing.txt --format jsonl > entities.jsonl
      graphbuild extract listing.txt --explain --stop-list not-names.txt
    """
    with errors(), progress_bar("extracting", min_total=2000) as progress:
        extraction = extract_records(
            chosen_inputs(inputs, samples),
            input_format=input_format,
            lexicon_paths=lexicon_paths,
            stop_list_paths=stop_list_paths,
            on_error=on_error,
            fuzzy_threshold=fuzzy_threshold,
            jobs=jobs,
            progress=progress,
            explain=explain,
        )
    records = extraction.records()
    if output_format == "json":
        click.echo(json.dumps(list(records), ensure_ascii=False, indent=2))
    else:
        # Standard output as click.echo writes it, without its flush per line (a system
        # call per paper): the same bytes, flushed when the command ends.
        write = sys.stdout.write
        # One encoder for every record: json.dumps with options makes one per call.
        encode = json.JSONEncoder(ensure_ascii=False).encode
        for record in records:
            write(encode(record) + "\n")
    report_read_problems(extraction)


@click.command()
@click.argument("graph_file", type=click.Path())
@click.option(
    "--input-format",
    type=click.Choice(["graphml"]),
    default="graphml",
    show_default=True,
    help="Format of GRAPH_FILE.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the summary.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON (--format json).")
@click.option(
    "--top",
    type=click.IntRange(0),
    default=pipeline.DEFAULT_TOP,
    show_default=True,
    help="How many of the most mentioned entities to list.",
)
def stats(graph_file: str, input_format: str, output_format: str, as_json: bool, top: int) -> None:
    """Summarise a GraphML file written by `graphbuild build`.

    \b
    Example:
      graphbuild stats graph.graphml --top 20
    """
    with errors():
        summary = pipeline.graph_stats(graph_file, input_format=input_format, top=top)
    if as_json or output_format == "json":
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        click.echo(format_summary(summary))
