"""RIS (Zotero, EndNote, Mendeley, Lens exports): ``TY  -`` opens a record, ``ER  -`` ends it.

Tags read: ``TI``/``T1`` title, ``AB``/``N2`` abstract, ``AU``/``A1`` authors, ``PY``/``Y1``
year, ``DA`` date, ``DO`` DOI, ``T2``/``JO``/``JF``/``J2`` venue, ``UR`` URL (an arXiv URL
gives the arXiv id). A line without a tag continues the previous field.

Malformed -- a record without a title, a tag outside a record, or a record not closed by
``ER``: an error naming the record's first line, or a skipped record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graphbuild.model import Author, Paper, SourceRef, Venue
from graphbuild.readers.base import ParseStream, RecordProblem
from graphbuild.readers.identity import make_paper, parse_arxiv_id
from graphbuild.readers.ids import make_ids
from graphbuild.readers.jsonio import BadRecord, year_of
from graphbuild.readers.text import line_problem

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def looks_like_ris(text: str) -> bool:
    """True when the first non-blank line is a ``TY  -`` tag."""
    for line in text.splitlines():
        if line.strip():
            return line.lstrip("\ufeff").startswith("TY  -")
    return False


def parse_ris(lines: Iterable[str], path: str) -> ParseStream:
    """Parse RIS records; the source of each is its ``TY`` line.

    Yields:
        A ``Paper`` or ``RecordProblem`` per record, in file order.
    """
    fields: dict[str, list[str]] | None = None
    start = 0
    last = ""
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        problem = line_problem(line)
        if problem is not None:
            yield RecordProblem(SourceRef(path, number), problem)
            continue
        match = _TAG.match(line)
        if match is None:
            if line.strip() and fields is not None and last:
                fields[last][-1] += " " + line.strip()
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if fields is not None:
                yield RecordProblem(
                    SourceRef(path, start), "record not closed by ER before the next TY"
                )
            fields, start, last = {"TY": [value]}, number, "TY"
        elif fields is None:
            yield RecordProblem(
                SourceRef(path, number), f"tag {tag} outside a record (no TY before it)"
            )
        elif tag == "ER":
            yield _record(fields, SourceRef(path, start))
            fields, last = None, ""
        else:
            fields.setdefault(tag, []).append(value)
            last = tag
    if fields is not None:
        yield RecordProblem(
            SourceRef(path, start), "record not closed by ER at the end of the file"
        )


def _record(fields: dict[str, list[str]], source: SourceRef) -> Paper | RecordProblem:
    try:
        return ris_paper(fields, source)
    except BadRecord as err:
        return RecordProblem(source, str(err))


def _first(fields: dict[str, list[str]], *tags: str) -> str:
    for tag in tags:
        for value in fields.get(tag, []):
            if value.strip():
                return " ".join(value.split())
    return ""


def ris_paper(fields: dict[str, list[str]], source: SourceRef) -> Paper:
    """Turn one RIS record (tag -> values) into a Paper."""
    title = _first(fields, "TI", "T1", "CT")
    if not title:
        raise BadRecord("no title (TI or T1)")
    url = _first(fields, "UR", "L2") or None
    pairs: list[tuple[str, object]] = [("doi", _first(fields, "DO"))]
    if url and (arxiv := parse_arxiv_id(url)) is not None:
        pairs.append(("arxiv", arxiv))
    date = _first(fields, "DA", "Y1", "PY").strip("/") or None
    names = [n for tag in ("AU", "A1") for n in fields.get(tag, []) if n.strip()]
    venue = _first(fields, "T2", "JO", "JF", "J2")
    return make_paper(
        title,
        _first(fields, "AB", "N2"),
        source,
        ids=make_ids(pairs),
        url=url,
        date=date.replace("/", "-") if date else None,
        year=year_of(_first(fields, "PY", "Y1", "DA")),
        venue=Venue(venue) if venue else None,
        authorships=tuple(Author(_name(n)) for n in names),
    )


def _name(value: str) -> str:
    last, comma, first = value.partition(",")
    return " ".join(f"{first} {last}".split()) if comma else " ".join(value.split())
