"""CSL-JSON (Zotero, Better BibTeX, citeproc tools): a list of items, or one item.

Fields: ``title``, ``abstract``, ``DOI``, ``URL``, ``PMID``, ``PMCID``, ``author``
(``family``/``given``/``literal``, ``ORCID``), ``issued`` (``date-parts``; may be empty),
``container-title`` (the venue), and ``id`` when it is an OpenAlex, DOI or arXiv URL.

Malformed -- an item that is not an object or has no title: an error naming the record
number, or a skipped record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphbuild.model import Author, Paper, SourceRef, Venue
from graphbuild.readers.base import ParseStream
from graphbuild.readers.identity import make_paper
from graphbuild.readers.ids import make_ids, person_ids
from graphbuild.readers.jsonio import (
    BadRecord,
    as_list,
    parse_records,
    text_field,
)

_CSL_KEYS = frozenset({"container-title", "issued", "DOI", "URL", "citation-key", "ISSN"})


def looks_like_csl(record: Any) -> bool:
    """True for a CSL item: a ``type`` and CSL's own keys or author shape."""
    if not isinstance(record, dict) or "type" not in record:
        return False
    authors = record.get("author")
    named = isinstance(authors, list) and any(
        isinstance(a, dict) and ({"family", "given", "literal"} & a.keys()) for a in authors
    )
    return named or bool(_CSL_KEYS & record.keys())


def parse_csl(lines: Iterable[str], path: str) -> ParseStream:
    """Parse CSL-JSON items (a list, one item, or JSON Lines of items).

    Yields:
        A ``Paper`` or ``RecordProblem`` per item, in file order.
    """
    yield from parse_records(lines, path, as_list, csl_paper)


def csl_paper(record: dict[str, Any], source: SourceRef) -> Paper:
    """Turn one CSL item into a Paper."""
    title = text_field(record, "title")
    if not title:
        raise BadRecord('no "title"')
    item_id = record.get("id") if isinstance(record.get("id"), str) else None
    ids = make_ids(
        [
            ("doi", record.get("DOI")),
            ("pubmed", record.get("PMID")),
            ("pmc", str(record.get("PMCID", "")).removeprefix("PMC") or None),
            ("openalex", item_id),
            ("doi", item_id),
            ("arxiv", item_id),
        ]
    )
    parts = _date_parts(record.get("issued"))
    date = "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts)) or None
    venue = text_field(record, "container-title")
    return make_paper(
        title,
        text_field(record, "abstract"),
        source,
        ids=ids,
        url=text_field(record, "URL") or None,
        date=date,
        venue=Venue(" ".join(venue.split())) if venue else None,
        authorships=tuple(_author(a) for a in record.get("author") or []),
    )


def _date_parts(issued: Any) -> list[int]:
    if not isinstance(issued, dict):
        return []
    parts = issued.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return []
    found = []
    for part in parts[0][:3]:
        try:
            found.append(int(part))
        except (TypeError, ValueError):
            break
    return found


def _author(item: Any) -> Author:
    if not isinstance(item, dict):
        raise BadRecord('"author" entries must be objects')
    name = text_field(item, "literal") or " ".join(
        f"{item.get('given') or ''} {item.get('family') or ''}".split()
    )
    if not name:
        raise BadRecord("an author has no name")
    return Author(name, person_ids([("orcid", item.get("ORCID"))]))
