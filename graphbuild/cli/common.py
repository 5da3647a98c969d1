"""Options and helpers the command modules share.

Every option's Python name equals the keyword of the library function it fills
(``--skip-bad-records`` fills ``on_error``), and its default is the library's constant.
"""

from __future__ import annotations

import logging
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

import click

from graphbuild.build import DEFAULT_MIN_PAPERS, DEFAULT_MIN_WEIGHT
from graphbuild.errors import GraphbuildError, InputError
from graphbuild.readers import FORMATS, ReadWarning, SkippedRecord, bundled_samples
from graphbuild.readers.base import check_input_file
from graphbuild.resolve import DEFAULT_FUZZY_THRESHOLD

F = TypeVar("F", bound=Callable[..., Any])


class FormatChoice(click.Choice[str]):
    """A ``--format`` choice that also takes retired values (accepted, not shown in help)."""

    def __init__(self, choices: Sequence[str], retired: Sequence[str] = ()) -> None:
        super().__init__(list(choices))
        self.retired = tuple(retired)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.retired:
            return value
        return super().convert(value, param, ctx)


def apply_retired_input_format(
    output_format: str, input_format: str | None, default_output: str
) -> tuple[str, str | None]:
    """Read ``--format <input format>`` (its old meaning) as ``--input-format``, with a warning.

    Returns:
        The output format and the input format to use.
    """
    if output_format in FORMATS:
        click.echo(
            f"warning: --format {output_format} names an input format; use --input-format "
            f"{output_format} (--format is now the output format)",
            err=True,
        )
        return default_output, input_format or output_format
    return output_format, input_format


def input_options(command: F) -> F:
    """Options of every command that reads paper listings (inputs, format, lexicon, errors)."""
    options = [
        click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True)),
        click.option(
            "--samples",
            is_flag=True,
            help="Read the bundled sample listings (five Hugging Face papers pages).",
        ),
        click.option(
            "--input-format",
            type=click.Choice(FORMATS),
            help="Force the input format instead of detecting it from content.",
        ),
        click.option(
            "--lexicon",
            "lexicon_paths",
            multiple=True,
            type=click.Path(),
            callback=_readable_files,
            help="Extra lexicon file (TSV 'name<TAB>type<TAB>aliases' or JSON Lines); repeatable.",
        ),
        click.option(
            "--skip-bad-records",
            "on_error",
            flag_value="skip",
            default="raise",
            help="Skip malformed records (counted and reported) instead of stopping.",
        ),
        click.option(
            "--fuzzy-threshold",
            type=click.FloatRange(0, 100),
            callback=_not_nan,
            default=DEFAULT_FUZZY_THRESHOLD,
            show_default=True,
            help="rapidfuzz ratio at which two entity names merge.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _not_nan(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if math.isnan(value):
        raise click.BadParameter("nan is not a number from 0 to 100", ctx=ctx, param=param)
    return value


def _readable_files(
    ctx: click.Context, param: click.Parameter, paths: tuple[str, ...]
) -> tuple[str, ...]:
    """Refuse, as a usage error, a path that is missing, a folder or a device."""
    for path in paths:
        try:
            check_input_file(path)
        except InputError as err:
            raise click.BadParameter(str(err), ctx=ctx, param=param) from err
    return paths


min_weight_option = click.option(
    "--min-weight",
    type=click.IntRange(1),
    default=DEFAULT_MIN_WEIGHT,
    show_default=True,
    help="Keep CO_MENTIONED pairs named together by at least N papers.",
)

min_papers_option = click.option(
    "--min-papers",
    type=click.IntRange(1),
    default=DEFAULT_MIN_PAPERS,
    show_default=True,
    help="Keep entities named by at least N papers.",
)


stop_list_option = click.option(
    "--stop-list",
    "stop_list_paths",
    multiple=True,
    type=click.Path(),
    callback=_readable_files,
    help="File of names never to extract, one per line (# starts a comment); repeatable.",
)


jobs_option = click.option(
    "--jobs",
    type=click.IntRange(1),
    default=None,
    help="Worker processes for extraction (default: every core; 1: none).",
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


class ReadProblems(Protocol):
    """Anything that carries the skipped records and warnings of a read."""

    @property
    def skipped(self) -> Sequence[SkippedRecord]: ...

    @property
    def warnings(self) -> Sequence[ReadWarning]: ...


def report_read_problems(extraction: ReadProblems) -> None:
    """List every skipped record and read warning on stderr (nothing is dropped silently)."""
    for skipped in extraction.skipped:
        click.echo(f"skipped {skipped}", err=True)
    for warning in extraction.warnings:
        click.echo(f"warning: {warning}", err=True)
