"""Shared plumbing of the scholarly-source readers: JSON values from lines, record guards.

A source reader gets the file as an iterable of lines (so JSON Lines snapshots are
streamed) and turns each record into a ``Paper``; :func:`json_values` hands it either one
value per JSON Lines line or the whole JSON document, and :func:`guarded` turns a
:class:`BadRecord` raised while building a paper into a ``RecordProblem``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from graphbuild.model import Ids, Paper, SourceRef
from graphbuild.readers.base import ParseItem, RecordProblem
from graphbuild.readers.identity import make_paper
from graphbuild.readers.text import line_problem

#: Deepest JSON nesting read; deeper documents are malformed (and would exhaust the stack).
MAX_DEPTH = 200
#: Longest integer read, in digits (Python's own limit for converting text to int).
MAX_DIGITS = 4300

_BRACKETS = re.compile(r'[\[\]{}]|"[^"\\]*(?:\\.[^"\\]*)*"')


class JSONLimitError(ValueError):
    """A JSON document beyond what we read: nested too deeply or a number too long."""


def loads(text: str) -> Any:
    """``json.loads`` within limits: at most :data:`MAX_DEPTH` levels, :data:`MAX_DIGITS` digits.

    Every reader parses JSON through this function, so that no input can exhaust the
    stack or trip Python's integer-conversion limit.

    Raises:
        json.JSONDecodeError: The text is not JSON.
        JSONLimitError: It is, but nested too deeply or with a number too long.
    """
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise JSONLimitError(f"nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(text, parse_int=_int)
    except RecursionError:  # a guard: _depth has already refused such documents
        raise JSONLimitError(f"nested more than {MAX_DEPTH} levels deep") from None


def raw_decode(text: str, start: int) -> tuple[Any, int]:
    """``JSONDecoder.raw_decode`` within the limits of :func:`loads` (a ValueError beyond)."""
    try:
        return json.JSONDecoder(parse_int=_int).raw_decode(text, start)
    except RecursionError:
        raise JSONLimitError(f"nested more than {MAX_DEPTH} levels deep") from None


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise JSONLimitError(f"a number of {len(digits)} digits (at most {MAX_DIGITS} are read)")
    return int(digits)


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


class BadRecord(Exception):
    """A record a reader cannot turn into a paper; the message is the reason."""


@dataclass(frozen=True)
class JsonValue:
    """One JSON value read: a JSON Lines line (``unit="line"``) or a whole document."""

    value: Any
    source: SourceRef
    unit: Literal["line", "document"]


def json_values(lines: Iterable[str], path: str) -> Iterator[JsonValue | RecordProblem]:
    """Yield each line's value for JSON Lines, or the one value of a JSON document.

    The first non-blank line decides: a line that parses alone starts JSON Lines;
    otherwise the whole file is one document.

    Yields:
        A :class:`JsonValue` per value, or a ``RecordProblem`` for a line (or a
        document) that is not valid JSON.
    """
    iterator = iter(lines)
    pending: list[str] = []
    mode = ""
    for line in iterator:
        pending.append(line)
        if line.strip():
            try:
                loads(line)
                mode = "lines"
            except JSONLimitError:
                mode = "lines"  # one line that parses, but beyond the limits: a bad line
            except ValueError:
                mode = "document"
            break
    if mode == "document":
        text = "".join(pending) + "".join(iterator)
        problem = _document_problem(text)
        if problem is not None:
            yield RecordProblem(SourceRef(path, problem[0]), f"{problem[1]}; file not read")
            return
        try:
            value = loads(text)
        except json.JSONDecodeError as err:
            yield RecordProblem(
                SourceRef(path, err.lineno),
                f"invalid JSON: {err.msg} (column {err.colno}); file not read",
            )
            return
        except JSONLimitError as err:
            yield RecordProblem(SourceRef(path, 1), f"JSON not read: {err}; file not read")
            return
        yield JsonValue(value, SourceRef(path, 1), "document")
        return
    number = 0
    for number, line in enumerate(_chain(pending, iterator), start=1):  # noqa: B007
        if not line.strip():
            continue
        source = SourceRef(path, number)
        problem_text = line_problem(line.rstrip("\r\n"))
        if problem_text is not None:
            yield RecordProblem(source, problem_text)
            continue
        try:
            value = loads(line)
        except json.JSONDecodeError as err:
            yield RecordProblem(source, f"invalid JSON: {err.msg} (column {err.colno})")
            continue
        except JSONLimitError as err:
            yield RecordProblem(source, f"JSON not read: {err}")
            continue
        yield JsonValue(value, source, "line")


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


def _document_problem(text: str) -> tuple[int, str] | None:
    for number, line in enumerate(text.split("\n"), start=1):
        problem = line_problem(line)
        if problem is not None:
            return number, problem
    return None


def records_in(
    found: JsonValue, unpack: Callable[[Any], list[Any] | None]
) -> Iterator[tuple[Any, SourceRef, Literal["line", "record"]]]:
    """Yield (record, source, unit) for each record of a JSON value.

    ``unpack`` returns the records a container holds (a results page, a list), or None
    when the value is itself one record. Records of a document are numbered from 1
    (``unit="record"``); records of a JSON Lines line carry the line.
    """
    records = unpack(found.value)
    if records is None:
        unit: Literal["line", "record"] = "line" if found.unit == "line" else "record"
        yield found.value, found.source, unit
        return
    for number, record in enumerate(records, start=1):
        if found.unit == "line":
            yield record, found.source, "line"
        else:
            yield record, SourceRef(found.source.path, number), "record"


def guarded(
    build: Callable[[Any, SourceRef], Paper],
    record: Any,
    source: SourceRef,
    unit: Literal["line", "record"],
) -> ParseItem:
    """Build a paper, turning a malformed record into a ``RecordProblem``."""
    try:
        if not isinstance(record, dict):
            raise BadRecord(f"expected an object, found {type(record).__name__}")
        return build(record, source)
    except BadRecord as err:
        return RecordProblem(source, str(err), unit)
    except (TypeError, AttributeError, KeyError, ValueError) as err:
        return RecordProblem(source, f"unexpected shape ({type(err).__name__}: {err})", unit)


def text_field(record: dict[str, Any], *names: str) -> str:
    """Return the first non-empty string among ``names`` (or ``""``)."""
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def stub(
    source: SourceRef,
    ids: Ids,
    *,
    title: str = "",
    year: int | None = None,
    abstract: str = "",
    citation_source: str = "",
) -> Paper | None:
    """A work known only from a reference or citation list; None if nothing names it."""
    if not ids and not title.strip():
        return None
    return make_paper(
        title,
        abstract,
        source,
        ids=ids,
        year=year,
        referenced_only=True,
        citation_source=citation_source,
    )


def year_of(value: Any) -> int | None:
    """Return a plausible year from an int or a string starting with four digits."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1000 <= value <= 2999 else None
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None
