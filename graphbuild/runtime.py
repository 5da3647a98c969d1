"""Small run-time helpers shared by the stages: a paused cyclic GC, weighted batching,
whether worker processes may be forked, and reads at an offset that processes may share."""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing import get_all_start_methods
from typing import TypeVar

T = TypeVar("T")

__all__ = ["batched", "can_fork", "paused_gc", "read_at"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block.

    Use it around code that makes millions of small objects that hold no reference
    cycles (mentions, rows): the collector's repeated passes over them find nothing
    and cost 5-30% of the time. Reference counting still frees everything as usual.
    The collector is re-enabled on exit only if it was enabled on entry, so blocks nest.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def batched(
    items: Iterable[T], size: int, weight: Callable[[T], int] | None = None
) -> Iterator[list[T]]:
    """Yield consecutive slices of ``items`` whose total weight stays near ``size``.

    Args:
        items: Anything iterable; read once, lazily.
        size: The most weight a batch holds; a single item heavier than ``size``
            makes a batch of its own.
        weight: The weight of one item (default 1, so batches hold ``size`` items).

    Yields:
        Non-empty lists, in the order of ``items``.

    Raises:
        ValueError: ``size`` is below 1.
    """
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    batch: list[T] = []
    total = 0
    for item in items:
        w = weight(item) if weight is not None else 1
        if batch and total + w > size:
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += w
    if batch:
        yield batch


def can_fork() -> bool:
    """Whether worker processes may be forked from this process (else: spawned).

    A forked worker starts at once and shares the parent's memory copy-on-write; but
    macOS makes ``spawn`` the default because system libraries there are not fork-safe,
    Windows has no fork, and forking a process that runs threads can leave a lock held
    forever in the child.
    """
    return (
        sys.platform != "darwin"
        and "fork" in get_all_start_methods()
        and threading.active_count() == 1
    )


def read_at(descriptor: int, offset: int, size: int, what: str) -> bytes:
    """Read ``size`` bytes at ``offset`` of an open file, without moving a shared position.

    ``os.pread`` leaves the descriptor's offset alone, so forked processes may read one
    inherited descriptor at once (temporary files written once, read back by chunk).

    Raises:
        EOFError: the file ends before ``offset + size`` (``what`` names it).
    """
    if not hasattr(os, "pread"):
        # No pread (Windows): no forked readers there either, a seek is safe.
        os.lseek(descriptor, offset, os.SEEK_SET)
        return os.read(descriptor, size)
    parts = []
    while size > 0:
        part = os.pread(descriptor, size, offset)
        if not part:
            raise EOFError(f"{what} ended early")
        parts.append(part)
        offset, size = offset + len(part), size - len(part)
    return b"".join(parts)
