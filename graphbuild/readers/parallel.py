"""Parse input files in worker processes, handing results back in file order.

`graphbuild.readers.read_papers` with ``jobs > 1`` parses each file in one of ``jobs``
processes (decoding and record checks are most of reading); the results come
back in the order of the files, so the identity step, which stays in the calling
process, sees exactly what one process would. Standard input and files of
``LARGE_FILE`` bytes or more are parsed, streaming, in the calling process, unless they
come as pieces (`graphbuild.readers.pieces`). At most two files or pieces per worker are
in flight.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult

from graphbuild.errors import InputError
from graphbuild.readers.base import ParseItem, ParseStream
from graphbuild.runtime import can_fork

Stream = Callable[["str | None"], ParseStream]
"""Parses one input in a given format (None: detect it) into items."""

LARGE_FILE = 256 << 20
"""Files this large are streamed in the calling process, never held whole in a worker."""


@dataclass(frozen=True)
class _Failed:
    """An input error met in a worker: raised in the caller when the file's turn comes."""

    message: str
    path: str | None
    line: int | None


def _parse_all(stream: Stream, input_format: str | None) -> list[ParseItem] | _Failed:
    try:
        return list(stream(input_format))
    except InputError as err:
        return _Failed(err.reason, err.path, err.line)


def _replay(items: list[ParseItem] | _Failed) -> Stream:
    def stream(_format: str | None) -> ParseStream:
        if isinstance(items, _Failed):
            raise InputError(items.message, items.path, items.line)
        yield from items

    return stream


def _in_worker(name: str, stream: Stream) -> bool:
    if getattr(stream, "in_worker", False):
        return True  # a piece of a file (graphbuild.readers.pieces), whatever the file's size
    try:
        return os.path.getsize(name) < LARGE_FILE
    except OSError:
        return False  # stdin, or what the caller's own parse reports on


def parse_in_workers(
    sources: Iterable[tuple[str, Stream]], input_format: str | None, jobs: int
) -> Iterator[tuple[str, Stream]]:
    """Yield ``(name, stream)`` in the order of ``sources``, parsed ahead by ``jobs`` workers.

    Args:
        sources: (name, stream) of each input; the streams of files must pickle (a
            module-level function or a ``functools.partial`` of one).
        input_format: the format forced, or None.
        jobs: worker processes.
    """
    # Forked workers start at once (a spawned one imports the package first); they
    # receive the same pickled stream either way.
    context = get_context("fork" if can_fork() else "spawn")
    with context.Pool(jobs) as pool:
        pending: deque[tuple[str, Stream | AsyncResult[list[ParseItem] | _Failed]]] = deque()

        def ready() -> tuple[str, Stream]:
            name, job = pending.popleft()
            if isinstance(job, AsyncResult):
                return name, _replay(job.get())
            return name, job

        iterator = iter(sources)
        while True:
            try:
                name, stream = next(iterator)
            except StopIteration:
                break
            except InputError as err:
                # Raised in its turn, after the files before it, as one process would.
                failed = _Failed(err.reason, err.path, err.line)
                pending.append((err.path or "", _replay(failed)))
                break
            if _in_worker(name, stream):
                pending.append((name, pool.apply_async(_parse_all, (stream, input_format))))
            else:
                pending.append((name, stream))
            while len(pending) > 2 * jobs:
                yield ready()
        while pending:
            yield ready()
