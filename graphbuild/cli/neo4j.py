"""``graphbuild load``, ``query`` and ``neo4j start|stop|status``: thin over the Neo4j
library (:mod:`graphbuild.neo4j.loader`, :mod:`graphbuild.neo4j.queries`,
:mod:`graphbuild.neo4j.server`).

The password comes from ``NEO4J_PASSWORD`` (or ``--password``) and is never printed.
"""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, Literal, TypeVar

import click

from graphbuild import pipeline
from graphbuild.cli.common import (
    chosen_inputs,
    errors,
    input_options,
    min_weight_option,
    progress_bar,
    report_read_problems,
)
from graphbuild.errors import GraphbuildError, Neo4jError
from graphbuild.formats import graphml
from graphbuild.formats.atomic import check_output, refuse_input_as_output
from graphbuild.neo4j import bulk
from graphbuild.neo4j import server as neo4j_server
from graphbuild.neo4j.loader import DEFAULT_BATCH_SIZE, DEFAULT_RETRY_SECONDS
from graphbuild.neo4j.queries import QueryParameterError, describe_queries, query_database
from graphbuild.neo4j.server import ServerInfo
from graphbuild.neo4j.settings import (
    DEFAULT_URI,
    DEFAULT_USERNAME,
    Neo4jSettings,
    password_from_env,
    password_is_set,
)
from graphbuild.readers import FORMATS

F = TypeVar("F", bound=Callable[..., Any])

#: Widest cell of the query table; longer values are cut with an ellipsis.
MAX_CELL = 60


def connection_options(command: F) -> F:
    """Options naming the Neo4j server. Unset ones come from the NEO4J_* environment
    variables, read by :meth:`Neo4jSettings.from_env` (the one place that reads them)."""
    options = [
        click.option(
            "--uri",
            default=None,
            help=f"Bolt URI of the server [env NEO4J_URI; default: {DEFAULT_URI}].",
        ),
        click.option(
            "--username",
            default=None,
            help=f"User [env NEO4J_USERNAME or NEO4J_USER; default: {DEFAULT_USERNAME}].",
        ),
        # The password is never shown: no default in --help, never in a message.
        click.option(
            "--password",
            default=None,
            help="Password [env NEO4J_PASSWORD; default: the local server's].",
        ),
        click.option(
            "--database",
            default=None,
            help="Database [env NEO4J_DATABASE; default: the server's default].",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.command()
@input_options
@click.option("--format", "retired_format", type=click.Choice(FORMATS), hidden=True)
@min_weight_option
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Also write the built graph to this GraphML file.",
)
@connection_options
@click.option(
    "--batch-size",
    type=click.IntRange(1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Relationships (or nodes) per transaction.",
)
@click.option(
    "--retry-seconds",
    type=click.FloatRange(0),
    default=DEFAULT_RETRY_SECONDS,
    show_default=True,
    help="How long a batch is retried while the server fails transiently or is unreachable.",
)
@click.option(
    "--method",
    type=click.Choice(bulk.METHODS),
    default="auto",
    show_default=True,
    help="driver: batched Cypher over Bolt; import: neo4j-admin database import into the "
    "local server (stopped and started again); auto: import when the graph has at least "
    "--bulk-threshold relationships, the database is empty and graphbuild runs the server.",
)
@click.option(
    "--bulk-threshold",
    type=click.IntRange(0),
    default=bulk.DEFAULT_THRESHOLD,
    show_default=True,
    help="Relationships from which --method auto imports with neo4j-admin.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Let --method import replace a database that holds data.",
)
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the local server an import goes into (as `graphbuild neo4j start "
    "--home`). Default: $GRAPHBUILD_NEO4J_HOME or ~/.local/share/graphbuild/neo4j.",
)
def load(
    inputs: tuple[str, ...],
    samples: bool,
    input_format: str | None,
    lexicon_paths: tuple[str, ...],
    on_error: Literal["raise", "skip"],
    fuzzy_threshold: float,
    retired_format: str | None,
    min_weight: int,
    output: str | None,
    uri: str | None,
    username: str | None,
    password: str | None,
    database: str | None,
    batch_size: int,
    retry_seconds: float,
    method: bulk.Method,
    bulk_threshold: int,
    overwrite: bool,
    home: Path | None,
) -> None:
    """Build the graph of INPUT listings and load it into Neo4j (or load a GRAPH.graphml
    written earlier by `graphbuild build`).

    Loads are idempotent (loading the same input again changes nothing) and incremental
    (new papers are added; co-mention weights, evidence and association strengths are
    updated without counting a paper twice). A load cut short is safe to run again.
    A first load of a big graph into the empty database of the local server goes through
    neo4j-admin import (--method); it says which loader it chose and why.

    \b
    Examples:
      graphbuild load ../shared/samples/*.txt
      graphbuild load graph.graphml --uri bolt://127.0.0.1:7687 --batch-size 2000
      NEO4J_PASSWORD=secret graphbuild load new-listing.txt --database papers
      graphbuild load big.graphml --method import     # into `graphbuild neo4j start`'s server
    """
    chosen = chosen_inputs(inputs, samples, "INPUT listings or a GRAPH.graphml file")
    settings = _settings(uri, username, password, database)  # a bad URI before any work
    if retired_format:
        click.echo(f"warning: use --input-format {retired_format} (--format is retired)", err=True)
        input_format = input_format or retired_format
    with errors():
        if output:
            check_output(output)
            refuse_input_as_output(output, [*chosen, *lexicon_paths])
        graph = _graph_for(
            chosen,
            input_format=input_format,
            lexicon_paths=lexicon_paths,
            on_error=on_error,
            fuzzy_threshold=fuzzy_threshold,
            min_weight=min_weight,
        )
        if output:
            graphml.write_graphml(graph, output)
            click.echo(f"wrote {output}", err=True)
        with progress_bar("loading into Neo4j") as progress:
            choice, report = bulk.load(
                graph,
                settings,
                method=method,
                home=home,
                bulk_threshold=bulk_threshold,
                overwrite=overwrite,
                say=_progress,
                progress=progress,
                batch_size=batch_size,
                retry_seconds=retry_seconds,
            )
    where = choice.server.bolt_uri if choice.server is not None else settings.where
    click.echo(f"loaded into {where}, {report.server}")
    click.echo(report.summary())


def _settings(
    uri: str | None, username: str | None, password: str | None, database: str | None
) -> Neo4jSettings:
    """The connection settings: the options given, the NEO4J_* environment for the others.

    Raises:
        click.BadParameter: on a URI that is not a valid Bolt URI (a usage error).
    """
    settings = Neo4jSettings.from_env(
        uri=uri, username=username, password=password, database=database
    )
    try:
        return settings.checked()
    except Neo4jError as err:
        raise click.BadParameter(str(err), param_hint="--uri (or NEO4J_URI)") from None


def _graph_for(inputs: Sequence[str], **build_options: Any) -> Any:
    """Read a GraphML file, or build the graph of listing inputs."""
    graph_files = [i for i in inputs if Path(i).suffix.lower() == ".graphml"]
    if graph_files:
        if len(inputs) > 1:
            raise GraphbuildError(
                "give either one GRAPH.graphml file or listing inputs, not both: "
                + ", ".join(inputs)
            )
        path = Path(graph_files[0])
        if not path.is_file():
            raise GraphbuildError(f"{path}: no such GraphML file (write one with graphbuild build)")
        return graphml.read_graphml(path)
    result = pipeline.build_graph(inputs, **build_options)
    report_read_problems(result.extraction)
    return result.graph


@click.command()
@click.argument("name", required=False)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter, e.g. --param name=BERT; repeatable.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="How to print the rows.",
)
@click.option("--list", "list_only", is_flag=True, help="List the queries and their parameters.")
@connection_options
def query(
    name: str | None,
    params: tuple[str, ...],
    output_format: str,
    list_only: bool,
    uri: str | None,
    username: str | None,
    password: str | None,
    database: str | None,
) -> None:
    """Run the library query NAME against Neo4j and print its rows.

    \b
    Examples:
      graphbuild query --list
      graphbuild query top_pairs --param limit=10
      graphbuild query models_on_benchmark -p benchmark=GLUE --format json
      graphbuild query shortest_path -p from=BERT -p to=LoRA
    """
    with errors():
        if list_only:
            for query_name, description, described in describe_queries():
                click.echo(f"{query_name}\n    {description}\n    params: {described}")
            return
        if not name:
            raise click.UsageError("give a query NAME, or --list to see them")
        values = {}
        for item in params:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
            values[key.strip().lstrip("$")] = value
        try:
            result = query_database(name, values, _settings(uri, username, password, database))
        except QueryParameterError as err:
            raise click.BadParameter(str(err), param_hint="--param") from None
    if result.note:
        click.echo(result.note, err=True)
    if output_format == "json":
        click.echo(json.dumps(list(result.rows), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(format_table(result.columns, result.rows))


def _cell(value: Any) -> str:
    """Render one value for the table: nodes by their caption, lists joined."""
    if isinstance(value, dict) and "_labels" in value:
        labels = ":".join(label for label in value["_labels"] if label != "Entity")
        return f"(:{labels} {value.get('name') or value.get('title') or value.get('id')})"
    if isinstance(value, dict) and "_type" in value:
        return f"[:{value['_type']} {value.get('weight', '')}]".replace(" ]", "]")
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def format_table(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """Return rows as a plain-text table with a header line and a row count."""
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [
        max([len(column)] + [len(row[i]) for row in cells]) for i, column in enumerate(columns)
    ]
    lines = [
        "  ".join(column.ljust(w) for column, w in zip(columns, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


# --------------------------------------------------------------------------- neo4j server

_HOME_OPTION = click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Server folder (config, data, logs). Default: $GRAPHBUILD_NEO4J_HOME or "
    "~/.local/share/graphbuild/neo4j.",
)


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _describe(info: ServerInfo) -> str:
    # Say where the password comes from, never what it is.
    password = (
        "the value of NEO4J_PASSWORD"
        if password_is_set()
        else "the local default (NEO4J_PASSWORD is unset; see the README, Neo4j: getting a server)"
    )
    return "\n".join(
        [
            f"  Bolt URI:  {info.bolt_uri}",
            f"  Browser:   {info.browser_url}",
            f"  Username:  {info.username}",
            f"  Password:  {password}",
            f"  Memory:    {info.heap} heap, {info.page_cache} page cache",
            f"  Home:      {info.home}",
            f"  Log:       {info.log_file}",
            f"  pid:       {info.pid}",
        ]
    )


@click.group(name="neo4j")
def neo4j_group() -> None:
    """Run a local Neo4j 5.26 server from Maven jars (no Docker needed).

    Needs Java 17+ and Maven (`apt-get install openjdk-17-jre-headless maven`); the jars are
    downloaded once into ~/.cache/graphbuild. The password of user neo4j is NEO4J_PASSWORD.

    \b
    Example:
        graphbuild neo4j start
        graphbuild neo4j status
        graphbuild neo4j stop
    """


@neo4j_group.command()
@click.option(
    "--temp",
    is_flag=True,
    help="Throw-away server in a new temporary folder; runs until Ctrl-C, then is deleted.",
)
@_HOME_OPTION
@click.option("--bolt-port", type=click.IntRange(1, 65535), help="Default: 7687 if free.")
@click.option("--http-port", type=click.IntRange(1, 65535), help="Default: 7474 if free.")
@click.option(
    "--timeout", type=float, default=120, show_default=True, help="Seconds to wait for Bolt."
)
@click.option(
    "--heap",
    metavar="SIZE",
    help=f"Java heap, e.g. 2g. Default: the last start's, else {neo4j_server.DEFAULT_HEAP} "
    "(docker-compose.yml's).",
)
@click.option(
    "--page-cache",
    metavar="SIZE",
    help=f"Page cache, e.g. 1g. Default: the last start's, else {neo4j_server.DEFAULT_PAGE_CACHE}.",
)
def start(
    temp: bool,
    home: Path | None,
    bolt_port: int | None,
    http_port: int | None,
    timeout: float,
    heap: str | None,
    page_cache: str | None,
) -> None:
    """Start Neo4j in the background (or report the one already running).

    \b
    Example:
        NEO4J_PASSWORD=s3cret-pass graphbuild neo4j start --bolt-port 7687
        graphbuild neo4j start --heap 2g --page-cache 2g   # a larger graph
        graphbuild neo4j start --temp      # foreground, deleted on Ctrl-C
    """
    try:
        info = neo4j_server.start_server(
            home,
            password=password_from_env(),
            temp=temp,
            bolt_port=bolt_port,
            http_port=http_port,
            timeout=timeout,
            progress=_progress,
            heap=heap,
            page_cache=page_cache,
        )
    except GraphbuildError as err:
        raise click.ClickException(str(err)) from err
    if info.already_running:
        click.echo(f"Neo4j is already running in {info.home}:")
    else:
        click.echo(f"Neo4j {neo4j_server.NEO4J_VERSION} started:")
    click.echo(_describe(info))
    if temp:
        _serve_until_interrupted(info)


def _serve_until_interrupted(info: ServerInfo) -> None:
    """Keep a temporary server up until Ctrl-C or SIGTERM, then stop it and delete its folder."""

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    click.echo("Press Ctrl-C to stop the server and delete its folder.")
    try:
        while neo4j_server.server_status(info.home) is not None:
            time.sleep(1)
        click.echo("The server exited on its own.", err=True)
    except KeyboardInterrupt:
        pass
    finally:
        neo4j_server.stop_server(info.home)
        signal.signal(signal.SIGTERM, previous)
    click.echo("Stopped; temporary folder removed.")


@neo4j_group.command()
@_HOME_OPTION
def stop(home: Path | None) -> None:
    """Stop the server started by `start`, by its process id.

    \b
    Example:
        graphbuild neo4j stop
        graphbuild neo4j stop --home ./neo4j-dev
    """
    home = (home or neo4j_server.default_home()).expanduser()
    try:
        stopped = neo4j_server.stop_server(home)
    except GraphbuildError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Stopped Neo4j in {home}." if stopped else f"No Neo4j server running in {home}.")


@neo4j_group.command()
@_HOME_OPTION
def status(home: Path | None) -> None:
    """Show the server's address; exit 1 if it is not running.

    \b
    Example:
        graphbuild neo4j status
    """
    home = (home or neo4j_server.default_home()).expanduser()
    info = neo4j_server.server_status(home)
    if info is None:
        click.echo(f"No Neo4j server running in {home}.")
        click.get_current_context().exit(1)
    click.echo(f"Neo4j is running in {info.home}:")
    click.echo(_describe(info))
