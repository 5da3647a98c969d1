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

import importlib
import io
import os
import sys
from collections.abc import Iterator, MutableMapping
from typing import NoReturn

import click

from graphbuild import __version__
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


class _LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands, each module imported when one of its commands is first used.

    ``graphbuild extract`` then never imports the Neo4j driver, the fetchers or the
    plotting libraries: a third of the start-up time of a small run.
    """

    def __init__(self, where: dict[str, tuple[str, str]]) -> None:
        self._where = where  # command name -> (module, attribute)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            module, attribute = self._where[name]
            command = self._loaded[name] = getattr(importlib.import_module(module), attribute)
        return command

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where[name] = ("", "")
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


cli.commands = _LazyCommands(
    {
        "build": ("graphbuild.cli.build", "build"),
        "extract": ("graphbuild.cli.build", "extract"),
        "stats": ("graphbuild.cli.build", "stats"),
        "load": ("graphbuild.cli.neo4j", "load"),
        "query": ("graphbuild.cli.neo4j", "query"),
        "neo4j": ("graphbuild.cli.neo4j", "neo4j_group"),
        "fetch": ("graphbuild.cli.fetch", "fetch_group"),
        "export": ("graphbuild.cli.view", "export"),
        "view": ("graphbuild.cli.view", "view"),
        "report": ("graphbuild.cli.view", "report"),
    }
)


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
