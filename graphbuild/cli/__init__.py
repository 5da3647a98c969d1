"""The ``graphbuild`` command line: the click group ``cli`` and the script entry ``main``.

One module per command group, each command thin over one library function:

* :mod:`~graphbuild.cli.build`: ``build``, ``extract``, ``stats``;
* :mod:`~graphbuild.cli.neo4j`: ``load``, ``query``, ``neo4j start|stop|status``;
* :mod:`~graphbuild.cli.common`: the options and helpers they share.

Usage mistakes exit 2, other failures exit 1, each with one line naming the file or
option and the fix.
"""

from __future__ import annotations

import click

from graphbuild import __version__
from graphbuild.cli.build import build, extract, stats
from graphbuild.cli.neo4j import load, neo4j_group, query

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


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``graphbuild`` script and of ``python -m graphbuild``."""
    cli.main(args=argv, prog_name="graphbuild")
