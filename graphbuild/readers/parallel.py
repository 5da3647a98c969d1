"""Parse input files in worker processes, handing results back in file order.

`graphbuild.readers.read_papers` with ``jobs > 1`` parses each file in one of ``jobs``
spawned processes (JSON decoding and record checks are most of reading); the results
come back in the order of the files, so the identity step, which stays in the calling
process, sees exactly what one process would. Standard input is parsed in the calling
process. At most two files per worker are in flight.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
from pathlib import Path

from graphbuild.errors import InputError
from graphbuild.readers.base import ParseItem, ParseStream

Parse = Callable[[str, str, "str | None"], ParseStream]
"""Parses one file's text: (name, text, input format) -> items."""
Load = Callable[[Path], Callable[[], str]]
"""Makes the loader of a path."""


@dataclass(frozen=True)
class _Failed:
    """A file a worker could not load: raised as an `InputError` when its turn comes."""

    message: str
    path: str | None
    line: int | None


def _parse_file(
    name: str, input_format: str | None, parse: Parse, load: Load
) -> list[ParseItem] | _Failed:
    try:
        text = load(Path(name))()
    except InputError as err:
        return _Failed(err.reason, err.path, err.line)
    return list(parse(name, text, input_format))


def parse_in_workers(
    sources: Iterable[tuple[str, Callable[[], str]]],
    input_format: str | None,
    jobs: int,
    parse: Parse,
    load: Load,
    stdin_name: str,
) -> Iterator[tuple[str, Iterable[ParseItem]]]:
    """Yield ``(file name, parsed items)`` in the order of ``sources``.

    Args:
        sources: (name, loader) of each file, in order (the loaders of files are not
            sent: workers load by name with ``load``).
        input_format: the format forced, or None.
        jobs: worker processes.
        parse: parses one file's text (module-level, so that it can be pickled).
        load: makes the loader of a path (module-level).
        stdin_name: the name standard input goes by; parsed here, in its turn.
    """
    context = get_context("spawn")
    with context.Pool(jobs) as pool:
        pending: deque[tuple[str, AsyncResult[list[ParseItem] | _Failed] | Callable[[], str]]]
        pending = deque()

        def ready() -> tuple[str, Iterable[ParseItem]]:
            name, job = pending.popleft()
            if not isinstance(job, AsyncResult):
                return name, parse(name, job(), input_format)
            result = job.get()
            if isinstance(result, _Failed):
                raise InputError(result.message, result.path, result.line)
            return name, result

        for name, loader in sources:
            if name == stdin_name:
                pending.append((name, loader))
            else:
                task = pool.apply_async(_parse_file, (name, input_format, parse, load))
                pending.append((name, task))
            while len(pending) > 2 * jobs:
                yield ready()
        while pending:
            yield ready()
