"""Large JSON Lines files cut into pieces that worker processes parse side by side.

A JSON Lines file holds one record a line, so any cut after a line end gives pieces
that parse alone. With ``jobs > 1``, `graphbuild.readers.read_papers` reads a file of
at least ``2 * PIECE_BYTES`` in a splittable format (:data:`SPLIT_FORMATS`: one record
per line, no state from one line to the next) as pieces of about `PIECE_BYTES`: the
arXiv metadata snapshot, one file of several gigabytes, is then parsed on every core
instead of streamed in one process, and the last file of a folder no longer leaves the
other workers idle. A piece yields exactly what the same lines yield in the whole file:
the same records, problems and warnings with the same line numbers, in order. The one
warning per file that `graphbuild.readers.records` sums up over the file
(`records.UserIdSummary`) is added up over the pieces by `SummaryJoiner`.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graphbuild.errors import InputError
from graphbuild.readers.base import (
    DETECT_BYTES,
    ParseItem,
    ParseStream,
    ReadWarning,
    input_error,
)
from graphbuild.readers.bounded_json import loads
from graphbuild.readers.records import UserIdSummary, parse_jsonl
from graphbuild.readers.sources import LINE_PARSERS
from graphbuild.readers.text import decode

PIECE_BYTES = 16 << 20
"""About the size of a piece: large enough that a piece's own costs (a task, a file
of stored abstracts) are nothing beside its parsing, small enough that the workers end
together."""

SPLIT_FORMATS = ("jsonl", "arxiv-snapshot", "openalex", "s2")
"""Formats of one record per line whose parsers keep nothing from one line to the next."""


class NumberedLines(list[str]):
    """The lines of a piece, the first being line `first_line` of its file.

    `graphbuild.readers.jsonio.json_values` numbers from there and reads them as JSON
    Lines (a piece is never a whole JSON document).
    """

    def __init__(self, lines: list[str], first_line: int) -> None:
        super().__init__(lines)
        self.first_line = first_line


@dataclass(frozen=True)
class Piece:
    """Bytes ``start:end`` of the file ``path``, whole lines, the first being line
    ``first_line``; called like a whole file's stream (and pickled to a worker)."""

    path: str
    input_format: str
    start: int
    end: int
    first_line: int

    in_worker = True
    """Parsed in a worker whatever the size of its file (`graphbuild.readers.parallel`)."""

    def __call__(self, _input_format: str | None = None) -> ParseStream:
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self.start)
                data = handle.read(self.end - self.start)
        except OSError as err:
            raise input_error(Path(self.path), err) from err
        text = decode(data, self.path)
        if self.input_format == "jsonl":
            yield from parse_jsonl(text, self.path, first_line=self.first_line)
            return
        # Only "\n" ends a line in a StringIO, as when the file is streamed (readers.stream).
        lines = NumberedLines(io.StringIO(text).readlines(), self.first_line)
        yield from LINE_PARSERS[self.input_format](lines, self.path)


def file_pieces(
    path: str,
    input_format: str | None,
    detect: Callable[[bytes], str],
    piece_bytes: int | None = None,
) -> Iterator[Piece] | None:
    """The pieces of the file ``path``, or None to read it whole: when it is under
    ``2 * piece_bytes`` (default `PIECE_BYTES`), its format (``input_format``, else what
    ``detect`` tells from its start) is not in :data:`SPLIT_FORMATS`, or it is UTF-16 or
    one JSON document. A file that cannot be read or told is read whole too: that reading
    reports the problem, in its turn.

    The pieces come as the file is read, a piece at a time (to find line ends and count
    lines), so the first are parsed while the parent still counts the lines of the next.
    """
    piece_bytes = piece_bytes or PIECE_BYTES
    try:
        if Path(path).stat().st_size < 2 * piece_bytes:
            return None  # most files: not even opened here
        with open(path, "rb") as handle:
            head = handle.read(DETECT_BYTES)
        found = input_format or detect(head)
    except (OSError, InputError):
        return None
    if found not in SPLIT_FORMATS or not _json_lines(head):
        return None
    return _cut(path, found, piece_bytes)


def _cut(path: str, input_format: str, piece_bytes: int) -> Iterator[Piece]:
    start, line = 0, 1
    try:
        with open(path, "rb") as handle:
            while True:
                data = handle.read(piece_bytes)
                if not data:
                    return
                if not data.endswith(b"\n"):
                    data += handle.readline()
                yield Piece(path, input_format, start, start + len(data), line)
                start += len(data)
                line += _line_ends(data, crlf_aware=input_format == "jsonl")
    except OSError as err:
        raise input_error(Path(path), err) from err


def _json_lines(head: bytes) -> bool:
    """The file's first non-blank line is a JSON value alone: JSON Lines, not one document."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False  # UTF-16: line ends are not the bytes looked for here
    for raw in head.split(b"\n")[:-1]:  # the last part may be a cut line
        if raw.strip():
            try:
                loads(raw.decode("utf-8-sig", "surrogateescape"))
            except ValueError:
                return False
            return True
    return False


def _line_ends(data: bytes, *, crlf_aware: bool) -> int:
    """How many lines ``data`` ends, counted as its parser counts them.

    JSON Lines read whole (`records.parse_jsonl`) also ends a line at a lone CR; the
    streamed formats end lines at LF only.
    """
    ends = data.count(b"\n")
    if crlf_aware:
        ends += data.count(b"\r") - data.count(b"\r\n")
    return ends


class SummaryJoiner:
    """Add up each file's `UserIdSummary` over its pieces, kept where the whole file
    puts it: after the file's other items."""

    def __init__(self) -> None:
        self._held: UserIdSummary | None = None

    def items(self, stream: ParseStream) -> Iterator[ParseItem]:
        """The items of a piece (or a file), holding its summary back."""
        for item in stream:
            if isinstance(item, UserIdSummary):
                self._held = item if self._held is None else self._held.plus(item)
            else:
                yield item

    def file_ended(self) -> ReadWarning | None:
        """The held summary of the file just ended, if any (its pieces are all read)."""
        held, self._held = self._held, None
        return held
