"""Options and helpers shared by the click commands (``cli.py``, ``cli_load.py``)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from graphbuild.build import DEFAULT_MIN_WEIGHT
from graphbuild.errors import GraphbuildError
from graphbuild.pipeline import Extraction
from graphbuild.readers import FORMATS, bundled_samples
from graphbuild.resolve import DEFAULT_FUZZY_THRESHOLD

F = TypeVar("F", bound=Callable[..., Any])


def input_options(*format_flags: str) -> Callable[[F], F]:
    """Options of every command that reads paper listings.

    Args:
        format_flags: the flags that force the input format (``--format`` and
            ``--input-format`` unless the command uses ``--format`` for its output).
    """
    flags = format_flags or ("--format", "--input-format")

    def decorate(command: F) -> F:
        options = [
            click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True)),
            click.option(
                "--samples",
                is_flag=True,
                help="Read the bundled sample listings (five Hugging Face papers pages).",
            ),
            click.option(
                *flags,
                "input_format",
                type=click.Choice(FORMATS),
                help="Force the input format instead of detecting it from content.",
            ),
            click.option(
                "--lexicon",
                "lexicon_paths",
                multiple=True,
                type=click.Path(exists=True),
                help="Extra lexicon file (TSV 'name<TAB>type<TAB>aliases' or JSON Lines); "
                "repeatable.",
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

    return decorate


min_weight_option = click.option(
    "--min-weight",
    type=click.IntRange(1),
    default=DEFAULT_MIN_WEIGHT,
    show_default=True,
    help="Keep CO_MENTIONED pairs named together by at least N papers.",
)


def chosen_inputs(
    inputs: Sequence[str], samples: bool, what: str = "INPUT files or folders"
) -> list[str]:
    """The inputs named, plus the bundled samples with ``--samples``; a usage error if none."""
    chosen = list(inputs)
    if samples:
        chosen.extend(str(p) for p in bundled_samples())
    if not chosen:
        raise click.UsageError(f"give {what}, '-' for stdin, or --samples")
    return chosen


@contextmanager
def errors() -> Iterator[None]:
    """Turn library errors into one-line click errors (exit 1), never a traceback."""
    # The driver logs its retries; the outcome is reported here, in one line.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    logging.getLogger("neo4j").propagate = False
    try:
        yield
    except GraphbuildError as err:
        raise click.ClickException(str(err)) from err


@contextmanager
def progress_bar(label: str, min_total: int = 0) -> Iterator[Callable[[int, int], None]]:
    """Yield a ``progress(done, total)`` callback drawing a bar on stderr.

    Args:
        label: shown before the bar.
        min_total: no bar for work smaller than this (short runs stay quiet).
    """
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            if total < min_total:
                return
            bar = click.progressbar(length=max(total, 1), label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def report_read_problems(extraction: Extraction) -> None:
    """List every skipped record and read warning on stderr (nothing is dropped silently)."""
    for skipped in extraction.skipped:
        click.echo(f"skipped {skipped}", err=True)
    for warning in extraction.warnings:
        click.echo(f"warning: {warning}", err=True)
