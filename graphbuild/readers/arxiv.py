"""arXiv: API Atom feeds, the Kaggle metadata snapshot (JSON Lines), OAI-PMH ``arXiv`` records.

``arxiv-atom``
    An Atom feed from ``export.arxiv.org/api/query``, raw or inside a recorded JSON
    wrapper ``{"url", "status_code", "body"}``. Per entry: the versionless id, title,
    summary, ``published`` date, authors, ``arxiv:doi``, ``arxiv:journal_ref``. The
    API's error entries (``.../api/errors#...``) are bad records.
``arxiv-snapshot``
    The metadata snapshot (``arxiv-metadata-oai-snapshot.json``, one record a line:
    id, authors, title, abstract, doi, journal-ref, versions, update_date,
    authors_parsed). Streamed line by line, never loaded whole. The date is the v1
    submission date.
``arxiv-oai``
    An OAI-PMH ``ListRecords``/``GetRecord`` response with ``metadataPrefix=arXiv``, raw
    or as a recorded exchange (a JSON list of ``{"status", "response"}``; a non-200
    exchange such as 503 + Retry-After is a warning). Deleted records are warnings.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from email.utils import parsedate_to_datetime
from typing import Any

from graphbuild.model import Author, Paper, SourceRef
from graphbuild.readers.base import ParseItem, ParseStream, ReadWarning, RecordProblem
from graphbuild.readers.bounded_json import JSONLimitError, loads
from graphbuild.readers.identity import make_paper, parse_arxiv_id, parse_doi
from graphbuild.readers.jsonio import BadRecord, JsonValue, guarded, json_values, text_field

ATOM, ARXIV, OAI = (
    "{http://www.w3.org/2005/Atom}",
    "{http://arxiv.org/schemas/atom}",
    "{http://www.openarchives.org/OAI/2.0/}",
)
OAI_ARXIV = "{http://arxiv.org/OAI/arXiv/}"
_RFC2822_DATE = re.compile(r"\w{3}, (\d{1,2}) (\w{3}) (\d{4}) ")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def looks_like_snapshot(record: Any) -> bool:
    """True for a line of the arXiv metadata snapshot."""
    return (
        isinstance(record, dict)
        and "id" in record
        and bool({"submitter", "authors_parsed", "versions"} & record.keys())
    )


# --- Atom ----------------------------------------------------------------------------------


def parse_atom(lines: Iterable[str], path: str) -> ParseStream:
    """Parse an arXiv API Atom feed (raw XML or the JSON wrapper of a recorded response).

    Entries are numbered from 1 (``record N``): XML gives no line per entry.

    Yields:
        A ``Paper`` or ``RecordProblem`` per entry.
    """
    for body, source in _bodies(lines, path, "body", "status_code"):
        if isinstance(body, (RecordProblem, ReadWarning)):
            yield body
            continue
        root = _xml(body, source)
        if isinstance(root, RecordProblem):
            yield root
            continue
        for number, entry in enumerate(root.iter(f"{ATOM}entry"), start=1):
            yield _guard_xml(_atom_paper, entry, SourceRef(path, number))


def _bodies(
    lines: Iterable[str], path: str, body_key: str, status_key: str
) -> Iterator[tuple[str | RecordProblem | ReadWarning, SourceRef]]:
    """Yield the XML text of a raw file, or of each recorded response in a JSON wrapper."""
    text = "".join(lines)
    source = SourceRef(path, 1)
    if text.lstrip().startswith("<"):
        yield text, source
        return
    try:
        value = loads(text)
    except JSONLimitError as err:
        yield RecordProblem(SourceRef(path, 1), f"JSON not read: {err}; file not read"), source
        return
    except json.JSONDecodeError as err:
        yield (
            RecordProblem(SourceRef(path, err.lineno), f"invalid JSON: {err.msg}; file not read"),
            source,
        )
        return
    exchanges = value if isinstance(value, list) else [value]
    for number, exchange in enumerate(exchanges, start=1):
        where = SourceRef(path, number)
        if not isinstance(exchange, dict) or not isinstance(exchange.get(body_key), str):
            yield (
                RecordProblem(where, f'expected a recorded response with a "{body_key}"', "record"),
                where,
            )
            continue
        status = exchange.get(status_key, 200)
        if status != 200:
            yield (
                ReadWarning(
                    where, f"record {number}: recorded response has status {status}; no records"
                ),
                where,
            )
            continue
        yield exchange[body_key], where


def _xml(body: str, source: SourceRef) -> ET.Element | RecordProblem:
    try:
        return ET.fromstring(body.encode("utf-8"))
    except ET.ParseError as err:
        line = source.line if source.line > 1 else err.position[0]
        return RecordProblem(SourceRef(source.path, line), f"invalid XML: {err}; not read")


def _guard_xml(build: Any, element: ET.Element, source: SourceRef) -> ParseItem:
    try:
        paper: Paper = build(element, source)
        return paper
    except BadRecord as err:
        return RecordProblem(source, str(err), "record")


def _text(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def _atom_paper(entry: ET.Element, source: SourceRef) -> Paper:
    raw_id = _text(entry, f"{ATOM}id")
    if "/api/errors" in raw_id:
        raise BadRecord(f"the API returned an error: {_text(entry, f'{ATOM}summary')}")
    arxiv = parse_arxiv_id(raw_id)
    if arxiv is None:
        raise BadRecord(f"entry id {raw_id!r} is not an arXiv id")
    title = _text(entry, f"{ATOM}title")
    if not title:
        raise BadRecord("entry has no title")
    doi = parse_doi(_text(entry, f"{ARXIV}doi")) if entry.find(f"{ARXIV}doi") is not None else None
    authors = tuple(
        Author(name)
        for author in entry.findall(f"{ATOM}author")
        if (name := _text(author, f"{ATOM}name"))
    )
    return make_paper(
        title,
        _text(entry, f"{ATOM}summary"),
        source,
        arxiv_id=arxiv,
        doi=doi,
        url=f"https://arxiv.org/abs/{arxiv}",
        date=_text(entry, f"{ATOM}published")[:10] or None,
        authorships=authors,
    )


# --- the metadata snapshot -----------------------------------------------------------------


def parse_snapshot(lines: Iterable[str], path: str) -> ParseStream:
    """Parse the arXiv metadata snapshot, one record a line, streaming.

    Yields:
        A ``Paper`` or ``RecordProblem`` per line, in file order.
    """
    for found in json_values(lines, path):
        if not isinstance(found, JsonValue):
            yield found
        elif isinstance(found.value, list):
            for number, record in enumerate(found.value, start=1):
                yield guarded(snapshot_paper, record, SourceRef(path, number), "record")
        else:
            yield guarded(snapshot_paper, found.value, found.source, "line")


def snapshot_paper(record: dict[str, Any], source: SourceRef) -> Paper:
    """Turn one snapshot record into a Paper."""
    raw_id = record.get("id")
    arxiv = parse_arxiv_id(raw_id) if isinstance(raw_id, str) else None
    if arxiv is None:
        raise BadRecord(f'"id" {raw_id!r} is not an arXiv id (quote it: a number loses zeros)')
    title = text_field(record, "title")
    if not title:
        raise BadRecord('no "title"')
    doi_text = text_field(record, "doi")
    # Some records list several DOIs separated by spaces; the first names the paper.
    doi = parse_doi(doi_text.split()[0]) if doi_text else None
    return make_paper(
        title,
        text_field(record, "abstract"),
        source,
        arxiv_id=arxiv,
        doi=doi,
        url=f"https://arxiv.org/abs/{arxiv}",
        date=_first_version_date(record.get("versions")) or record.get("update_date") or None,
        authorships=_snapshot_authors(record),
    )


def _first_version_date(versions: Any) -> str | None:
    if not isinstance(versions, list) or not versions or not isinstance(versions[0], dict):
        return None
    created = versions[0].get("created")
    if not isinstance(created, str):
        return None
    quick = _RFC2822_DATE.match(created)  # "Mon, 2 Apr 2007 19:18:42 GMT", without email.utils
    if quick is not None and quick.group(2) in _MONTHS:
        day, month, year = quick.groups()
        return f"{year}-{_MONTHS.index(month) + 1:02d}-{int(day):02d}"
    try:
        return parsedate_to_datetime(created).date().isoformat()
    except (TypeError, ValueError):
        return None


def _snapshot_authors(record: dict[str, Any]) -> tuple[Author, ...]:
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if isinstance(parts, list) and parts:
                last, first = str(parts[0]), str(parts[1]) if len(parts) > 1 else ""
                suffix = str(parts[2]) if len(parts) > 2 else ""
                name = " ".join(f"{first} {last} {suffix}".split())
                if name:
                    names.append(Author(name))
        return tuple(names)
    text = text_field(record, "authors")
    return tuple(Author(n) for n in (" ".join(p.split()) for p in text.split(",")) if n)


# --- OAI-PMH -----------------------------------------------------------------------------


def parse_oai(lines: Iterable[str], path: str) -> ParseStream:
    """Parse an OAI-PMH response (``metadataPrefix=arXiv``) or a recorded exchange of them.

    Yields:
        A ``Paper``, ``RecordProblem`` or ``ReadWarning`` per record; records are numbered
        from 1 across the responses.
    """
    number = 0
    for body, where in _bodies(lines, path, "response", "status"):
        if isinstance(body, (RecordProblem, ReadWarning)):
            yield body
            continue
        root = _xml(body, where)
        if isinstance(root, RecordProblem):
            yield root
            continue
        for record in root.iter(f"{OAI}record"):
            number += 1
            source = SourceRef(path, number)
            header = record.find(f"{OAI}header")
            if header is not None and header.get("status") == "deleted":
                yield ReadWarning(source, f"record {number}: deleted at the source; skipped")
                continue
            yield _guard_xml(_oai_paper, record, source)


def _oai_paper(record: ET.Element, source: SourceRef) -> Paper:
    meta = record.find(f"{OAI}metadata/{OAI_ARXIV}arXiv")
    if meta is None:
        raise BadRecord("no arXiv metadata (harvest with metadataPrefix=arXiv)")
    raw_id = _text(meta, f"{OAI_ARXIV}id")
    arxiv = parse_arxiv_id(raw_id)
    if arxiv is None:
        raise BadRecord(f"id {raw_id!r} is not an arXiv id")
    title = _text(meta, f"{OAI_ARXIV}title")
    if not title:
        raise BadRecord("no title")
    authors = []
    for author in meta.iter(f"{OAI_ARXIV}author"):
        name = " ".join(
            f"{_text(author, f'{OAI_ARXIV}forenames')} {_text(author, f'{OAI_ARXIV}keyname')}"
            f" {_text(author, f'{OAI_ARXIV}suffix')}".split()
        )
        if name:
            authors.append(Author(name))
    doi_text = _text(meta, f"{OAI_ARXIV}doi")
    return make_paper(
        title,
        _text(meta, f"{OAI_ARXIV}abstract"),
        source,
        arxiv_id=arxiv,
        doi=parse_doi(doi_text.split()[0]) if doi_text else None,
        url=f"https://arxiv.org/abs/{arxiv}",
        date=_text(meta, f"{OAI_ARXIV}created") or None,
        authorships=tuple(authors),
    )
