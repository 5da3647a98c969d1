"""Read a file once: the bytes already read to tell its format, then the rest, streamed.

A file is opened once, so that a FIFO or a pipe named as a file reads like a regular file:
the first chunk (for format detection) is put back in front of the rest.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

_CHUNK = 1 << 20


class Rejoined:
    """A binary reader serving ``head`` first, then whatever ``handle`` still holds."""

    def __init__(self, head: bytes, handle: BinaryIO) -> None:
        self._head = head
        self._handle = handle

    def read(self, size: int = -1) -> bytes:
        """Return up to ``size`` bytes (all that is left when ``size`` is negative)."""
        if self._head:
            if size < 0:
                data, self._head = self._head + self._handle.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._handle.read(size)


def decoded_lines(reader: Rejoined) -> Iterator[str]:
    """Yield the UTF-8 text lines of ``reader``, each with its line end, BOM dropped.

    Only ``\\n`` ends a line (``\\r\\n`` keeps its ``\\r``), so that a U+2028 inside a
    JSON string does not split a record. Invalid bytes become lone surrogates, which the
    readers report with their line.
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="surrogateescape")
    pending = ""
    while True:
        chunk = reader.read(_CHUNK)
        text = pending + decoder.decode(chunk, final=not chunk)
        parts = text.split("\n")
        pending = parts.pop()
        for part in parts:
            yield part + "\n"
        if not chunk:
            break
    if pending:
        yield pending
