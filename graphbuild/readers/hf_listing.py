"""Hugging Face papers listing pages saved as text: header, then title/abstract line pairs.

A well-formed page::

    new                                       <- header: five lines, each followed
                                                 by a blank; any may be missing
    Get trending papers in your email inbox!
    ...
    byAK and the research community

    Mar 12                                    <- listing date, no year

    <title>                                   <- one line
                                              <- blank
    <abstract>                                <- one line
                                              <- blank

Blank lines carry no meaning here: stray or missing ones are tolerated. What keeps the
titles and abstracts aligned is their shape. A line is *abstract-like* when it is longer
than :data:`ABSTRACT_MIN_CHARS` characters or holds :data:`ABSTRACT_MIN_SENTENCES`
sentences or more; otherwise it is *title-like*. (In the samples titles are at most 174
characters, abstracts at least 1358.)

Malformed -- an error naming the line, or under ``on_error="skip"`` a skipped record:

* a line that is not text (invalid UTF-8, a NUL byte): its title/abstract pair;
* three or more non-blank lines in a row (a wrapped or pasted paragraph): the run, and
  the title before it if the run is where its abstract should be;
* an abstract-like line where a title is expected (a title missing, or an abstract
  split over several lines): that line;
* a title followed by a title-like line and then an abstract-like one (the title has no
  abstract; the next line is the next title): that title.

Read with a warning: a last title with no abstract (kept with an empty abstract; pages
saved before they finished loading end like this), a title-like abstract (short
abstracts exist, so it is kept), and lines before the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphbuild.model import Paper, SourceRef
from graphbuild.readers.base import ParseStream, ReadWarning, RecordProblem
from graphbuild.readers.identity import make_paper
from graphbuild.readers.text import line_problem, split_lines

HEADER_LINES = (
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "byAK and the research community",
)
ABSTRACT_MIN_CHARS = 300
ABSTRACT_MIN_SENTENCES = 4

# The two header lines that no paper title would be; they identify the format.
_MARKERS = frozenset(line.casefold() for line in HEADER_LINES[1::2])
_HEADER = frozenset(line.casefold() for line in HEADER_LINES)
_DATE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z(]")
# How far into a file the header may start (a copied page may begin with site navigation).
_HEADER_SEARCH_LINES = 12


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    problem: str | None  # why the line is not text, if it is not


@dataclass(frozen=True)
class _Run:
    """Three or more non-blank lines in a row: never part of a well-formed page."""

    first: int
    last: int

    def reason(self) -> str:
        return (
            f"{self.last - self.first + 1} non-blank lines in a row (lines {self.first}-"
            f"{self.last}); a title and its abstract are one line each, separated by a blank"
        )


_Unit = _Line | _Run


def looks_like_hf_listing(text: str) -> bool:
    """Return True if the first lines of ``text`` hold the listing header."""
    lines = [line.strip().casefold() for line in split_lines(text[:20_000]) if line.strip()]
    return any(line in _MARKERS for line in lines[:_HEADER_SEARCH_LINES])


def is_abstract_like(line: str) -> bool:
    """Return True if ``line`` has the shape of an abstract rather than a title."""
    return (
        len(line) > ABSTRACT_MIN_CHARS
        or len(_SENTENCE_BREAK.findall(line)) >= ABSTRACT_MIN_SENTENCES - 1
    )


def parse_hf_listing(text: str, path: str) -> ParseStream:
    """Parse a listing page, yielding papers, problems and warnings in file order.

    A file without the header is read as bare title/abstract pairs (``--format
    hf-listing`` forces that). Never raises on bad data: problems are yielded.

    Args:
        text: The decoded file (undecodable bytes as lone surrogates).
        path: The file's name for ``SourceRef`` (``<stdin>`` for standard input).

    Yields:
        A ``Paper`` (one source: the title's line), ``RecordProblem`` or ``ReadWarning``.
    """
    units = _units(split_lines(text))
    start = _header_start(units)
    if start > 0:
        first, last = _line_span(units[0]), _line_span(units[start - 1])
        yield ReadWarning(
            SourceRef(path, first), f"ignored lines {first}-{last} before the listing header"
        )
    index, listing_date = _skip_header(units, start)
    entries = 0
    while index < len(units):
        unit = units[index]
        if isinstance(unit, _Run):
            yield RecordProblem(SourceRef(path, unit.first), unit.reason())
            index += 1
            continue
        if _is_header(unit):
            # Two pages pasted into one file: the second header starts a new listing.
            index, listing_date = _skip_header(units, index)
            continue
        if is_abstract_like(unit.text):
            yield RecordProblem(
                SourceRef(path, unit.number),
                f"expected a title, found a line that looks like an abstract "
                f"({len(unit.text)} characters): is a title missing, or an abstract split "
                "over several lines?",
            )
            index += 1
            continue
        source = SourceRef(path, unit.number)
        following = units[index + 1] if index + 1 < len(units) else None
        if following is None or _is_header(following):
            yield ReadWarning(source, "title has no abstract (end of listing); kept without one")
            yield _paper_or_problem(unit, None, source, listing_date)
            entries += 1
            index += 1
            continue
        if isinstance(following, _Run):
            yield RecordProblem(source, f"title has no single-line abstract: {following.reason()}")
            index += 2
            continue
        if not is_abstract_like(following.text):
            after = units[index + 2] if index + 2 < len(units) else None
            if isinstance(after, _Line) and is_abstract_like(after.text):
                yield RecordProblem(
                    source,
                    f"title has no abstract: line {following.number} looks like the next "
                    f"title (line {after.number} like its abstract)",
                )
                index += 1
                continue
            yield ReadWarning(
                SourceRef(path, following.number),
                "abstract is short and looks like a title; check that none is missing",
            )
        yield _paper_or_problem(unit, following, source, listing_date)
        entries += 1
        index += 2
    if entries == 0:
        yield ReadWarning(SourceRef(path, 1), "no papers in this listing")


def _paper_or_problem(
    title: _Line, abstract: _Line | None, source: SourceRef, listing_date: str | None
) -> Paper | RecordProblem:
    if title.problem is not None:
        return RecordProblem(source, title.problem)
    if abstract is not None and abstract.problem is not None:
        return RecordProblem(source, f"abstract on line {abstract.number}: {abstract.problem}")
    return make_paper(
        title.text, abstract.text if abstract else "", source, listing_date=listing_date
    )


def _units(lines: list[str]) -> list[_Unit]:
    units: list[_Unit] = []
    run: list[_Line] = []
    for number, raw in enumerate([*lines, ""], start=1):
        text = raw.strip()
        if text:
            run.append(_Line(number, text, line_problem(raw)))
            continue
        # A header typed without its blank separators is still a header, not a run.
        head = _header_length(run)
        units.extend(run[:head])
        body = run[head:]
        if len(body) >= 3:
            units.append(_Run(body[0].number, body[-1].number))
        else:
            units.extend(body)
        run = []
    return units


def _header_length(run: list[_Line]) -> int:
    count = 0
    while count < len(run) and run[count].text.casefold() in _HEADER:
        count += 1
    if 0 < count < len(run) and _DATE.fullmatch(run[count].text):
        count += 1
    return count


def _line_span(unit: _Unit) -> int:
    return unit.number if isinstance(unit, _Line) else unit.first


def _is_header(unit: _Unit) -> bool:
    return isinstance(unit, _Line) and unit.text.casefold() in _HEADER


def _header_start(units: list[_Unit]) -> int:
    """Index of the header's first line, or 0 when the file has no header."""
    for index, unit in enumerate(units[:_HEADER_SEARCH_LINES]):
        if _is_header(unit):
            following = units[index : index + len(HEADER_LINES)]
            if any(isinstance(u, _Line) and u.text.casefold() in _MARKERS for u in following):
                return index
            break
    return 0


def _skip_header(units: list[_Unit], index: int) -> tuple[int, str | None]:
    """Skip header lines from ``index``; return where the papers start and the listing date."""
    start = index
    while index < len(units) and _is_header(units[index]):
        index += 1
    unit = units[index] if index < len(units) else None
    if index > start and isinstance(unit, _Line) and _DATE.fullmatch(unit.text):
        return index + 1, unit.text
    return index, None
