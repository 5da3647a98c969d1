"""JSON decoding within limits, for every reader of JSON input.

Python's ``json`` module recurses once per nesting level and converts integers of
any length: a document nested 100,000 levels deep exhausts the stack, and an
integer of 5,000 digits raises a ``ValueError`` from ``int``. Every reader decodes
through :func:`loads` so that both become a :class:`JSONLimitError` that names
the limit, which the readers report as a bad record with its file and line.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Deepest JSON nesting read; deeper documents are malformed (and would exhaust the stack).
MAX_DEPTH = 200
#: Longest integer read, in digits (Python's own limit for converting text to int).
MAX_DIGITS = 4300

_BRACKETS = re.compile(r'[\[\]{}]|"[^"\\]*(?:\\.[^"\\]*)*"')


class JSONLimitError(ValueError):
    """A JSON document beyond what we read: nested too deeply or a number too long."""


def loads(text: str) -> Any:
    """``json.loads`` within limits: at most :data:`MAX_DEPTH` levels, :data:`MAX_DIGITS` digits.

    Raises:
        json.JSONDecodeError: The text is not JSON.
        JSONLimitError: It is, but nested too deeply or with a number too long.
    """
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise JSONLimitError(f"nested more than {MAX_DEPTH} levels deep")
    try:
        if text.startswith("\ufeff"):
            return json.loads(text, parse_int=_int)  # its own error for a byte-order mark
        # One decoder for every call: json.loads with an option makes a new one each time.
        return _DECODER.decode(text)
    except RecursionError:  # a guard: _depth has already refused such documents
        raise JSONLimitError(f"nested more than {MAX_DEPTH} levels deep") from None


def raw_decode(text: str, start: int) -> tuple[Any, int]:
    """``JSONDecoder.raw_decode`` of the value at ``start``, within the same limits as loads.

    Raises:
        json.JSONDecodeError: The text at ``start`` is not JSON.
        JSONLimitError: It is, but nested too deeply or with a number too long.
    """
    try:
        return _DECODER.raw_decode(text, start)
    except RecursionError:
        raise JSONLimitError(f"nested more than {MAX_DEPTH} levels deep") from None


def _int(digits: str) -> int:
    if len(digits) > MAX_DIGITS:
        raise JSONLimitError(f"a number of {len(digits)} digits (at most {MAX_DIGITS} are read)")
    return int(digits)


_DECODER = json.JSONDecoder(parse_int=_int)


def _depth(text: str) -> int:
    """The deepest nesting of brackets outside strings (a cheap scan, no parsing)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest
