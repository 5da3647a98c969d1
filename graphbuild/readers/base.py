"""Records shared by the format readers and the dispatcher: results, skips, warnings."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from graphbuild.errors import InputError
from graphbuild.model import Citation, Paper, SourceRef

if TYPE_CHECKING:
    from graphbuild.readers.merge import PaperMerge


@dataclass(frozen=True)
class SkippedRecord:
    """A record left out under ``on_error="skip"``, with why; shown in the run summary."""

    source: SourceRef
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class ReadWarning:
    """Something odd but still read (e.g. a final title with no abstract)."""

    source: SourceRef
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True)
class ReadResult:
    """What the read stage hands on.

    Attributes:
        papers: Distinct papers, in order of first appearance; each ``Paper.sources``
            holds every place it was read, in reading order.
        records_read: Paper records read, duplicates included, skipped ones not.
        skipped: Records (or whole files) left out under ``on_error="skip"``.
        files: Files read, in order (``<stdin>`` for ``-``).
        warnings: Records read despite an oddity the caller should report.
        citations: Citations between ``papers`` (by paper id), from every source that
            gives references, sorted.
        merges: Records merged into a paper with another id, with the reason.
    """

    papers: tuple[Paper, ...]
    records_read: int
    skipped: tuple[SkippedRecord, ...]
    files: tuple[str, ...]
    warnings: tuple[ReadWarning, ...] = ()
    citations: tuple[Citation, ...] = ()
    merges: tuple[PaperMerge, ...] = ()


@dataclass(frozen=True)
class RecordProblem:
    """A bad record found by a format parser; the dispatcher raises or skips it.

    ``unit`` says what ``source.line`` counts: a ``"line"``, a ``"record"`` of a JSON
    array (the message then says "record N" rather than claim a line number), or
    ``"file"`` when the whole file is unreadable (the line is only a position to sort by).
    """

    source: SourceRef
    reason: str
    unit: Literal["line", "record", "file"] = "line"

    def message(self) -> str:
        return f"record {self.source.line}: {self.reason}" if self.unit == "record" else self.reason

    def to_error(self) -> InputError:
        line = self.source.line if self.unit == "line" else None
        return InputError(self.message(), self.source.path, line)

    def to_skipped(self) -> SkippedRecord:
        return SkippedRecord(self.source, self.message())


# What a format parser yields, in reading order; a parser never raises on bad data.
ParseItem = Paper | RecordProblem | ReadWarning
ParseStream = Iterator[ParseItem]


# errno -> why an input cannot be read, and what to do.
DETECT_BYTES = 64 * 1024
"""The start of a file read to tell its format: enough to see a listing's header or the
first JSON line without reading a whole file."""

_READ_FIXES: dict[int, str] = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied; make it readable (chmod u+r) or copy it somewhere readable",
    errno.EPERM: "permission denied; make it readable or copy it somewhere readable",
    errno.ENAMETOOLONG: "the file name is too long; rename the file or give a shorter path",
    errno.ENOTDIR: "a part of the path is not a folder; check the path",
    errno.ELOOP: "too many symbolic links; check the path",
    errno.EISDIR: "it is a folder; give a file",
    errno.EIO: "an input/output error occurred; check the disk or copy the file",
    errno.EINVAL: "the file cannot be read like a file (a special file?); copy it to a file",
}


def input_error(path: str | Path, err: OSError) -> InputError:
    """The one-line error for an ``OSError`` met opening or reading input ``path``."""
    code = err.errno if err.errno is not None else 0
    reason = _READ_FIXES.get(code) or f"cannot read: {err.strerror or err}"
    return InputError(reason, path)


def check_input_file(path: str | Path) -> os.stat_result:
    """Check that ``path`` is something graphbuild can read as a file: a regular file or a
    pipe (``<(command)``, a FIFO). Devices and sockets are refused: ``/dev/zero`` never ends.

    Returns:
        The file's ``stat``.

    Raises:
        InputError: Naming ``path``, why and what to do.
    """
    try:
        info = os.stat(path)
    except OSError as err:
        raise input_error(path, err) from err
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise InputError("it is a folder; give a file", path)
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        kind = "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise InputError(
            f"is {kind}, not a file; save what it holds to a file, or pipe it to '-' (stdin)",
            path,
        )
    return info
