"""Bytes to lines: encodings, byte-order marks and newlines, the same for every format."""

from __future__ import annotations

import codecs
import re

from graphbuild.errors import InputError

# Undecodable bytes survive decoding as lone surrogates (surrogateescape), so a reader can
# name the line they are on and skip only that record instead of the whole file.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def decode(data: bytes, path: str, *, partial: bool = False) -> str:
    """Decode a file's bytes: UTF-8 (BOM optional), or UTF-16 when it starts with a BOM.

    Invalid UTF-8 bytes are kept as lone surrogates; :func:`line_problem` finds them.

    Args:
        data: The bytes.
        path: The file's name for error messages.
        partial: ``data`` is only the start of the file: a character cut off at the end
            is dropped rather than reported as invalid.

    Raises:
        InputError: The file starts with a UTF-16 BOM but is not valid UTF-16.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return codecs.getincrementaldecoder("utf-16")().decode(data, final=not partial)
        except UnicodeDecodeError as err:
            raise InputError(
                f"starts with a UTF-16 byte-order mark but is not valid UTF-16 ({err.reason}); "
                "re-save the file as UTF-8",
                path,
            ) from err
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    return strip_bom(decoder.decode(data, final=not partial))


def strip_bom(text: str) -> str:
    """Drop a leading byte-order mark, which editors on Windows add."""
    return text[1:] if text.startswith("\ufeff") else text


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF only.

    ``str.splitlines`` also splits on form feeds and U+2028, which would make our line
    numbers disagree with every editor's.
    """
    if "\r" not in text:
        return text.split("\n")  # the same lines, several times faster than the expression
    return _NEWLINE.split(text)


def line_problem(line: str) -> str | None:
    """Say why a decoded line is not text (an invalid UTF-8 byte, a NUL), or None if it is."""
    # An undecodable byte is escaped as a surrogate, never ASCII: most lines need no search.
    match = None if line.isascii() else _ESCAPED_BYTE.search(line)
    if match is not None:
        byte = ord(match.group()) - 0xDC00
        return (
            f"not valid UTF-8 (byte 0x{byte:02X} at column {match.start() + 1}); "
            "re-save the file as UTF-8"
        )
    if "\x00" in line:
        return f"NUL byte at column {line.index(chr(0)) + 1}: binary data, not a text file"
    return None


def first_problem(text: str) -> tuple[int, str] | None:
    """Return the 1-based line and description of the first undecodable line, if any."""
    if not _ESCAPED_BYTE.search(text) and "\x00" not in text:
        return None
    for number, line in enumerate(split_lines(text), start=1):
        problem = line_problem(line)
        if problem is not None:
            return number, problem
    return None
