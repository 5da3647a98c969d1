"""Shared plumbing of the scholarly-source readers: JSON values from lines, record guards.

A source reader gets the file as an iterable of lines (so JSON Lines snapshots are
streamed) and turns each record into a ``Paper``; :func:`json_values` hands it either one
value per JSON Lines line or the whole JSON document, and :func:`guarded` turns a
:class:`BadRecord` raised while building a paper into a ``RecordProblem``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from graphbuild.model import Ids, Paper, SourceRef
from graphbuild.readers.base import ParseItem, RecordProblem
from graphbuild.readers.bounded_json import JSONLimitError, loads
from graphbuild.readers.identity import make_paper
from graphbuild.readers.text import line_problem


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
    otherwise the whole file is one document. Lines with a ``first_line`` attribute
    (`graphbuild.readers.pieces.NumberedLines`: a piece of a JSON Lines file) are JSON
    Lines numbered from there.

    Yields:
        A :class:`JsonValue` per value, or a ``RecordProblem`` for a line (or a
        document) that is not valid JSON.
    """
    iterator = iter(lines)
    pending: list[str] = []
    first_line: int = getattr(lines, "first_line", 1)
    mode = "lines" if first_line > 1 else ""
    for line in iterator if not mode else ():
        pending.append(line)
        if line.strip():
            try:
                loads(line)
                mode = "lines"
            except JSONLimitError:
                mode = "lines"  # a line that is JSON, beyond our limits: reported per line
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
    for number, line in enumerate(_chain(pending, iterator), start=first_line):  # noqa: B007
        if not line.strip():
            continue
        source = SourceRef(path, number)
        problem_text = line_problem(line.rstrip("\r\n"))
        if problem_text is not None:
            yield RecordProblem(source, problem_text)
            continue
        try:
            yield JsonValue(loads(line), source, "line")
        except json.JSONDecodeError as err:
            yield RecordProblem(source, f"invalid JSON: {err.msg} (column {err.colno})")
        except JSONLimitError as err:
            yield RecordProblem(source, f"JSON not read: {err}")


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


def as_list(value: Any) -> list[Any] | None:
    """The records of a JSON array, or None when the value is itself one record."""
    return value if isinstance(value, list) else None


def parse_records(
    lines: Iterable[str],
    path: str,
    unpack: Callable[[Any], list[Any] | None],
    build: Callable[[Any, SourceRef], Paper],
) -> Iterator[ParseItem]:
    """Build a paper from every record of a JSON or JSON Lines file, in file order.

    Args:
        lines: the file's lines.
        path: its name, for sources and problems.
        unpack: the records a value holds (see :func:`records_in`).
        build: one record to a ``Paper``; malformed records become ``RecordProblem``.
    """
    for found in json_values(lines, path):
        if not isinstance(found, JsonValue):
            yield found
            continue
        for record, source, unit in records_in(found, unpack):
            yield guarded(build, record, source, unit)


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
