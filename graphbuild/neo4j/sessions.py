"""Run write batches in a few sessions at once, and the small helpers a load needs.

(Batching and the paused garbage collector are :mod:`graphbuild.runtime`'s.)

Python packs one batch while the server writes another: :class:`Sessions` keeps one
session per worker thread and at most two batches per worker in flight.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import neo4j

T = TypeVar("T")


class Sessions:
    """Run write batches in up to ``workers`` sessions at once, one per thread.

    At most two batches per worker are in flight, so memory stays bounded; results come back
    in submission order and the first failure cancels the rest.
    """

    def __init__(self, driver: neo4j.Driver, database: str | None, workers: int):
        self.driver = driver
        self.database = database
        self.workers = max(1, workers)
        self._local = threading.local()
        self._sessions: list[neo4j.Session] = []
        self._lock = threading.Lock()
        self._executor = (
            ThreadPoolExecutor(self.workers, thread_name_prefix="graphbuild-load")
            if self.workers > 1
            else None
        )

    def session(self) -> neo4j.Session:
        """Return this thread's session."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = self.driver.session(database=self.database)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def run(self, tasks: Iterable[Callable[[neo4j.Session], T]]) -> Iterator[T]:
        """Run each task with a session; yield the results in order."""
        if self._executor is None:
            for task in tasks:
                yield task(self.session())
            return
        pending: deque[Future[T]] = deque()
        try:
            for task in tasks:
                pending.append(self._executor.submit(self._call, task))
                if len(pending) >= 2 * self.workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
            for future in pending:
                if not future.cancelled():
                    future.exception()  # wait: no batch may outlive its load

    def _call(self, task: Callable[[neo4j.Session], T]) -> T:
        return task(self.session())

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        for session in self._sessions:
            session.close()


class Rows(list[Any]):
    """A list parameter whose ``repr`` is its length; sent exactly as a list.

    The driver (neo4j 6.4) formats the parameters of every RUN message for its debug log
    before the logger checks whether debug messages are wanted (``" ".join(map(repr,
    fields))`` in ``_bolt5.py``): for a load of 100,000 papers with abstracts that is the
    ``repr`` of 190 MB of rows, 2 s of CPU. A short ``repr`` makes it free (and keeps a debug
    log readable).
    """

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def quiet(values: dict[str, Any]) -> dict[str, Any]:
    """Return statement parameters with every list made a :class:`Rows`."""
    return {k: Rows(v) if isinstance(v, list) else v for k, v in values.items()}


def release(values: dict[str, Any]) -> None:
    """Empty the :class:`Rows` of a statement that has run.

    The driver's objects for a statement refer to each other (the result, its transaction)
    and keep its parameters: they live until the cyclic garbage collector runs, which a load
    pauses. Without this every row sent would live to the end of the load and then cost
    the collector a pass over all of them (1 s for 100,000 papers); emptied, the rows are
    freed as soon as their statement has run.
    """
    for value in values.values():
        if isinstance(value, Rows):
            value.clear()


def params(**values: Any) -> Callable[[], dict[str, Any]]:
    """Return a function giving these statement parameters (built in the worker thread)."""
    return lambda: values


def alongside(background: Callable[[], Any], foreground: Callable[[], T]) -> T:
    """Run ``background`` in a thread while ``foreground`` runs here; return the foreground's
    result once both have finished.

    An error of the foreground wins, once the background has finished too.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="graphbuild-load") as executor:
        future = executor.submit(background)
        try:
            result = foreground()
        except BaseException:
            future.exception()  # no write may outlive the load
            raise
        future.result()
        return result
