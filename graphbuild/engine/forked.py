"""Worker pools that inherit the parent's data instead of receiving it through pipes.

Where the platform forks, a pool started with the ``fork`` context once the parent has
built what the workers need (the sorted papers and the extractor; later the resolution
and the tally) hands each worker that data for the price of copying page tables: only
small task arguments (index ranges) and the results cross the pipes, and no worker
builds anything again. Pages are shared copy-on-write, so a worker's memory grows only
with the objects it touches (its own chunks), not with the corpus.

Not every process may fork (`graphbuild.runtime.can_fork`: not on macOS or Windows, not
with threads running); callers then use a spawned pool that receives the data instead
(slower, same output).
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, TypeVar

R = TypeVar("R")

# What the workers of the pool being started inherit; set in the parent only while the
# pool forks (`inheriting_pool`), so the parent keeps no second reference to it.
_INHERITED: Any = None


def _start_worker() -> None:
    # Workers make no reference cycles; the cyclic collector's passes would only cost
    # time, and would touch (so copy) every shared page of the inherited objects.
    gc.disable()


@contextmanager
def inheriting_pool(jobs: int, data: object) -> Iterator[Pool]:
    """A forked pool of ``jobs`` workers that see ``data`` through `inherited`.

    Only call it when `graphbuild.runtime.can_fork` is true. The pool is terminated on exit.
    """
    global _INHERITED
    _INHERITED = data
    try:
        pool = get_context("fork").Pool(jobs, initializer=_start_worker)
    finally:
        _INHERITED = None
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


def inherited() -> Any:
    """In a worker of `inheriting_pool`: the data the pool was started with."""
    if _INHERITED is None:
        raise RuntimeError("inherited() called outside a worker of inheriting_pool")
    return _INHERITED


def in_order(
    pool: Pool,
    work: Callable[..., R],
    tasks: Iterable[tuple[Any, ...]],
    in_flight: int,
) -> Iterator[R]:
    """Run ``work(*task)`` for each task on ``pool``; yield the results in task order.

    At most ``in_flight`` tasks are queued at once, so results waiting for an earlier
    one to finish take bounded memory; tasks are read lazily.
    """
    pending: deque[AsyncResult[R]] = deque()
    queued = iter(tasks)
    for task in queued:
        pending.append(pool.apply_async(work, task))
        if len(pending) >= in_flight:
            break
    while pending:
        result = pending.popleft().get()
        following = next(queued, None)
        if following is not None:
            pending.append(pool.apply_async(work, following))
        yield result
