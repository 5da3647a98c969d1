"""Write output files atomically: a temporary file beside the target, then ``os.replace``.

A reader never sees half a file, and a failed write leaves the old file (if any) in place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write", "atomic_write_bytes"]


@contextmanager
def _replace_on_success(path: str | Path, mode: str, **kwargs: Any) -> Iterator[IO[Any]]:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with open(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file 0600; give it the usual permissions of a new file.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_write(
    path: str | Path, *, encoding: str = "utf-8", newline: str | None = "\n"
) -> Iterator[IO[str]]:
    """Open a text file that replaces ``path`` only when the ``with`` block succeeds.

    Args:
        path: The file to write; its folder is created if missing.
        encoding: Text encoding.
        newline: Passed to ``open``; ``""`` for the csv module.

    Yields:
        The open temporary file.
    """
    with _replace_on_success(path, "w", encoding=encoding, newline=newline) as handle:
        yield handle


@contextmanager
def atomic_write_bytes(path: str | Path) -> Iterator[IO[bytes]]:
    """Open a binary file that replaces ``path`` only when the ``with`` block succeeds."""
    with _replace_on_success(path, "wb") as handle:
        yield handle
