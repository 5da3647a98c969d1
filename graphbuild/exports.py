"""The jobs behind ``graphbuild export``, ``view`` and ``report``: graph, analysis, files.

Each job takes the inputs ``graphbuild build`` takes (listings, records, folders, ``-``)
or one GraphML file that ``graphbuild build`` wrote, builds (or reads) the graph, runs
:func:`graphbuild.analysis.analyse_graph` on it and writes its output:

* :func:`export_graph` — one file format, chosen by ``format`` or by the output's
  extension (:data:`EXTENSIONS`); the folder formats (``csv``, ``neo4j-csv``,
  ``vosviewer``) need ``format``.
* :func:`view_graph` — the self-contained HTML map.
* :func:`report_graph` — the report folder.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import networkx as nx

from graphbuild import build, pipeline
from graphbuild.analysis import AnalysisOptions, AnalysisReport, analyse_graph
from graphbuild.errors import GraphbuildError, InputError, OutputError
from graphbuild.formats import csv as csv_format
from graphbuild.formats import gexf, graphml, neo4j_csv, nodelink, vosviewer
from graphbuild.formats._entities import is_entity
from graphbuild.formats.atomic import atomic_write_bytes, check_output, refuse_input_as_output
from graphbuild.resolve import DEFAULT_FUZZY_THRESHOLD
from graphbuild.view.layout import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES
from graphbuild.view.map import MapSummary, write_view
from graphbuild.view.report import ReportSummary, write_report

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "AnalysedGraph",
    "ExportResult",
    "analysed_graph",
    "export_graph",
    "format_for",
    "report_graph",
    "view_graph",
]

FORMATS = ("graphml", "gexf", "vosviewer", "vosviewer-json", "nodelink", "csv", "neo4j-csv")
#: Output extension -> format (the longest matching suffix wins).
EXTENSIONS = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".vos.json": "vosviewer-json",
    ".vosviewer.json": "vosviewer-json",
    ".json": "nodelink",
}
FOLDER_FORMATS = ("vosviewer", "csv", "neo4j-csv")
Progress = Callable[[int, int], None]


def check_target(output: str | Path, inputs: Sequence[object], folder: bool) -> None:
    """Fail before any work when ``output`` cannot be written or would overwrite an input.

    Args:
        output: The file, or the folder of a folder format (made if missing).
        inputs: The inputs and lexicons the job reads.
        folder: Whether ``output`` is a folder.

    Raises:
        OutputError: Naming the output and the fix.
    """
    if folder:
        path = Path(output)
        if not str(output):
            raise OutputError("the output folder name is empty; give a folder", output)
        if path.exists() and not path.is_dir():
            raise OutputError(f"cannot write {output}: it is a file; give a folder", output)
        return
    check_output(output)
    refuse_input_as_output(output, [str(i) for i in inputs])


@dataclass
class AnalysedGraph:
    """A graph with its analysis attributes, and what went into it."""

    graph: nx.MultiDiGraph
    analysis: AnalysisReport
    summary: dict[str, object] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class ExportResult:
    """What :func:`export_graph` wrote."""

    format: str
    files: list[Path]
    analysed: AnalysedGraph
    import_command: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


def format_for(output: str | Path, format: str | None = None) -> str:
    """The format to write: ``format`` if given, else the one of the output's extension.

    Raises:
        GraphbuildError: The format is unknown, or neither is given.
    """
    if format is not None:
        if format not in FORMATS:
            raise GraphbuildError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        return format
    name = Path(output).name.lower()
    for suffix in sorted(EXTENSIONS, key=len, reverse=True):
        if name.endswith(suffix):
            return EXTENSIONS[suffix]
    raise GraphbuildError(
        f"cannot tell the format of {output} from its extension "
        f"({', '.join(EXTENSIONS)}); give --format ({', '.join(FORMATS)})"
    )


def analysed_graph(
    inputs: Sequence[str | Path],
    *,
    input_format: str | None = None,
    lexicon_paths: Sequence[str | Path] = (),
    on_error: Literal["raise", "skip"] = "raise",
    min_weight: int = build.DEFAULT_MIN_WEIGHT,
    min_papers: int = 1,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    analysis: AnalysisOptions | None = None,
    progress: Progress | None = None,
) -> AnalysedGraph:
    """Build the graph of ``inputs`` (or read the one GraphML file given) and analyse it.

    Args:
        inputs: Files, folders or ``-``; or a single ``.graphml`` file.
        input_format: Force a reader (see ``graphbuild build``).
        lexicon_paths: User lexicon files.
        on_error: ``raise`` on a bad record, or ``skip`` it.
        min_weight: Keep pairs named together by at least this many papers.
        min_papers: Keep entities named by at least this many papers.
        fuzzy_threshold: rapidfuzz ratio at which names merge.
        analysis: Analysis settings (defaults of :class:`AnalysisOptions` if None).
        progress: Extraction progress callback.

    Returns:
        The analysed graph, the analysis report and the run summary.

    Raises:
        InputError: An input cannot be read.
    """
    started = time.perf_counter()
    if len(inputs) == 1 and str(inputs[0]).lower().endswith(".graphml"):
        path = Path(inputs[0])
        if not path.is_file():
            raise InputError("no such GraphML file", path)
        graph = graphml.read_graphml(path)
        summary: dict[str, object] = {"graph": str(path)}
    else:
        built = pipeline.build_graph(
            inputs,
            input_format=input_format,
            lexicon_paths=lexicon_paths,
            on_error=on_error,
            min_weight=min_weight,
            min_papers=min_papers,
            fuzzy_threshold=fuzzy_threshold,
            progress=progress,
        )
        graph = built.graph
        summary = {
            "records read": built.summary.get("records_read", 0),
            "records skipped": built.summary.get("skipped", 0),
        }
    report = analyse_graph(graph, analysis or AnalysisOptions())
    return AnalysedGraph(graph, report, summary, time.perf_counter() - started)


def _write(graph: nx.MultiDiGraph, output: Path, chosen: str) -> tuple[list[Path], str | None]:
    if chosen == "graphml":
        with atomic_write_bytes(output) as out:
            graphml.write_graphml(graph, out)
        return [output], None
    if chosen == "gexf":
        gexf.write_gexf(graph, output)
        return [output], None
    if chosen == "vosviewer-json":
        vosviewer.write_vosviewer_json(graph, output)
        return [output], None
    if chosen == "nodelink":
        nodelink.write_nodelink(graph, output)
        return [output], None
    if chosen == "vosviewer":
        files = [output / "map.txt", output / "network.txt"]
        vosviewer.write_vosviewer(graph, *files)
        return files, None
    if chosen == "csv":
        return csv_format.write_csv(graph, output), None
    written = neo4j_csv.write_neo4j_csv(graph, output)
    return [*written.node_files, *written.relationship_files], written.command


def export_graph(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    format: str | None = None,
    **options: object,
) -> ExportResult:
    """Build (or read), analyse and write the graph in one format.

    Args:
        inputs: As for :func:`analysed_graph`.
        output: The file (or, for ``csv``, ``neo4j-csv`` and ``vosviewer``, the folder).
        format: One of :data:`FORMATS`; by default chosen by the output's extension.
        **options: Keyword arguments of :func:`analysed_graph`.

    Returns:
        The files written and, for ``neo4j-csv``, the ``neo4j-admin`` import command.

    Raises:
        GraphbuildError: Unknown format, unreadable input, or an unwritable output.
    """
    chosen = format_for(output, format)
    lexicons = options.get("lexicon_paths") or ()
    check_target(output, [*inputs, *lexicons], chosen in FOLDER_FORMATS)  # type: ignore[misc]
    analysed = analysed_graph(inputs, **options)  # type: ignore[arg-type]
    try:
        files, command = _write(analysed.graph, Path(output), chosen)
    except OSError as err:
        raise GraphbuildError(f"cannot write {output}: {err.strerror or err}") from err
    graph = analysed.graph
    counts = {
        "papers": sum(1 for _, d in graph.nodes(data=True) if d.get("labels") == ":Paper"),
        "entities": sum(1 for _, d in graph.nodes(data=True) if is_entity(d)),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
    }
    return ExportResult(chosen, files, analysed, command, counts)


def view_graph(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    title: str = "graphbuild map",
    max_nodes: int = DEFAULT_MAX_NODES,
    max_edges: int = DEFAULT_MAX_EDGES,
    **options: object,
) -> tuple[MapSummary, AnalysedGraph]:
    """Build (or read), analyse and write the self-contained HTML map.

    Args:
        inputs: As for :func:`analysed_graph`.
        output: The HTML file.
        title: Page title.
        max_nodes: Most entities shown.
        max_edges: Strongest pairs per entity.
        **options: Keyword arguments of :func:`analysed_graph`.

    Returns:
        What the map shows, and the analysed graph.
    """
    lexicons = options.get("lexicon_paths") or ()
    check_target(output, [*inputs, *lexicons], folder=False)  # type: ignore[misc]
    analysed = analysed_graph(inputs, **options)  # type: ignore[arg-type]
    try:
        shown = write_view(
            analysed.graph, output, title=title, max_nodes=max_nodes, max_edges=max_edges
        )
    except OSError as err:
        raise GraphbuildError(f"cannot write {output}: {err.strerror or err}") from err
    return shown, analysed


def report_graph(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    title: str = "graphbuild report",
    **options: object,
) -> tuple[ReportSummary, AnalysedGraph]:
    """Build (or read), analyse and write the report folder.

    Args:
        inputs: As for :func:`analysed_graph`.
        output: The report folder.
        title: Page title.
        **options: Keyword arguments of :func:`analysed_graph`.

    Returns:
        The files written, and the analysed graph.
    """
    check_target(output, [], folder=True)
    analysed = analysed_graph(inputs, **options)  # type: ignore[arg-type]
    analysis = options.get("analysis") or AnalysisOptions()
    settings: dict[str, object] = {}
    if isinstance(analysis, AnalysisOptions):
        settings = {
            "resolution": analysis.resolution,
            "seed": analysis.seed,
            "period": analysis.period,
            "listing year": analysis.listing_year if analysis.listing_year else "none",
        }
    try:
        written = write_report(
            analysed.graph, output, title=title, summary=analysed.summary, settings=settings
        )
    except OSError as err:
        raise GraphbuildError(f"cannot write {output}: {err.strerror or err}") from err
    return written, analysed
