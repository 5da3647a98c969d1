"""The ``graphbuild`` command line: the click group ``cli`` and the script entry ``main``.

One module per command group, each command thin over one library function:

* :mod:`~graphbuild.cli.build`: ``build``, ``extract``, ``stats``;
* :mod:`~graphbuild.cli.neo4j`: ``load``, ``query``, ``neo4j start|stop|status``;
* :mod:`~graphbuild.cli.fetch`: ``fetch openalex|s2|arxiv``;
* :mod:`~graphbuild.cli.view`: ``export``, ``view``, ``report``;
* :mod:`~graphbuild.cli.common`: the options and helpers they share.

Usage mistakes exit 2, other failures exit 1, each with one line naming the file or
option and the fix.
"""

from __future__ import annotations

import io
import os
import sys
from typing import NoReturn

import click

from graphbuild import __version__
from graphbuild.cli.build import build, extract, stats
from graphbuild.cli.fetch import fetch_group
from graphbuild.cli.neo4j import load, neo4j_group, query
from graphbuild.cli.view import export, report, view
from graphbuild.formats.atomic import output_error

__all__ = ["cli", "main"]


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


cli.add_command(build)
cli.add_command(extract)
cli.add_command(stats)
cli.add_command(load)
cli.add_command(query)
cli.add_command(neo4j_group)
cli.add_command(fetch_group)
cli.add_command(export)
cli.add_command(view)
cli.add_command(report)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``graphbuild`` script and of ``python -m graphbuild``.

    Runs :data:`cli` and keeps its contract where click alone does not: a closed or full
    standard output is one line and exit 1, and an unexpected exception (a bug) is one
    line asking for a report instead of a traceback (``GRAPHBUILD_DEBUG=1`` shows it).
    """
    if sys.stdout is None or sys.stdout.closed:
        _fail("standard output is closed; redirect it instead (e.g. >/dev/null)")
    # Text that cannot be encoded (a file name with undecodable bytes) prints escaped.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        try:
            cli.main(args=argv, prog_name="graphbuild")
        finally:
            sys.stdout.flush()
    except OSError as err:
        # Library failures are GraphbuildErrors; an OSError here is a write to stdout.
        _discard_stdout()
        _fail(f"cannot write to standard output: {output_error('<stdout>', err).reason}")
    except Exception as err:
        if os.environ.get("GRAPHBUILD_DEBUG"):
            raise
        _fail(
            f"internal error: {type(err).__name__}: {err}. This is a bug in graphbuild "
            f"{__version__}: please report it with the command you ran "
            "(GRAPHBUILD_DEBUG=1 shows the traceback)"
        )


def _fail(message: str) -> NoReturn:
    if sys.stderr is not None:
        click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _discard_stdout() -> None:
    """Point file descriptor 1 at /dev/null so that the exit-time flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
