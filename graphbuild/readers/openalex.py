"""OpenAlex works: API pages (``{"meta", "results": [...]}``), lists, JSON Lines snapshots.

Per work: title (``display_name``/``title``), the abstract rebuilt from
``abstract_inverted_index``, ids (OpenAlex W-id, DOI, MAG, PubMed, PMC, and the arXiv
id of an arXiv location), ``publication_date``/``publication_year``, authorships
(name, OpenAlex A-id, ORCID), the venue (``primary_location.source``) and
``referenced_works`` (each a cited work; stubs unless the work is in the corpus).

Malformed -- a record that is not an object, has no title, or has fields of the wrong
shape: an error naming the line (JSON Lines) or record number, or a skipped record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphbuild.model import Author, Paper, SourceRef, Venue
from graphbuild.readers.base import ParseStream
from graphbuild.readers.identity import make_paper, parse_arxiv_id
from graphbuild.readers.ids import make_ids, person_ids
from graphbuild.readers.jsonio import (
    BadRecord,
    parse_records,
    stub,
    text_field,
    year_of,
)

SOURCE = "openalex"


def looks_like_openalex(record: Any) -> bool:
    """True for an OpenAlex work object or a page of them."""
    if isinstance(record, dict) and isinstance(record.get("results"), list) and "meta" in record:
        return True
    return isinstance(record, dict) and (
        "abstract_inverted_index" in record
        or str(record.get("id", "")).startswith("https://openalex.org/W")
    )


def parse_openalex(lines: Iterable[str], path: str) -> ParseStream:
    """Parse OpenAlex works (pages, lists or JSON Lines), one ``Paper`` per work.

    Yields:
        A ``Paper`` or ``RecordProblem`` per work, in file order.
    """
    yield from parse_records(lines, path, _unpack, work_paper)


def _unpack(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and isinstance(value.get("results"), list):
        return list(value["results"])
    return None


def abstract_text(index: Any) -> str:
    """Rebuild an abstract from OpenAlex's ``abstract_inverted_index`` (word -> positions)."""
    if not index:
        return ""
    if not isinstance(index, dict):
        raise BadRecord('"abstract_inverted_index" must be an object')
    placed: dict[int, str] = {}
    for word, positions in index.items():
        for position in positions:
            placed[int(position)] = word
    return " ".join(placed[i] for i in sorted(placed))


def work_paper(record: dict[str, Any], source: SourceRef) -> Paper:
    """Turn one OpenAlex work object into a one-source Paper (with its references)."""
    # OpenAlex has works with an empty title (W2963341956, BERT, in the snowball); the
    # W-id names them, and another source may give the title.
    title = text_field(record, "display_name", "title")
    ids_field = record.get("ids") or {}
    if not isinstance(ids_field, dict):
        raise BadRecord('"ids" must be an object')
    pairs: list[tuple[str, object]] = [
        ("openalex", record.get("id")),
        ("openalex", ids_field.get("openalex")),
        ("doi", record.get("doi")),
        ("doi", ids_field.get("doi")),
        ("mag", ids_field.get("mag")),
        ("pubmed", _tail(ids_field.get("pmid"))),
        ("pmc", _tail(ids_field.get("pmcid"), strip="PMC")),
    ]
    for location in record.get("locations") or []:
        if isinstance(location, dict):
            for key in ("landing_page_url", "pdf_url"):
                url = location.get(key)
                if isinstance(url, str) and (arxiv := parse_arxiv_id(url)) is not None:
                    pairs.append(("arxiv", arxiv))
    ids = make_ids(pairs)
    if not any(kind == "openalex" for kind, _ in ids):
        raise BadRecord(f'"id" {record.get("id")!r} is not an OpenAlex work id')
    references = []
    for ref in record.get("referenced_works") or []:
        cited = stub(source, make_ids([("openalex", ref)]), citation_source=SOURCE)
        if cited is not None:
            references.append(cited)
    primary = record.get("primary_location") or {}
    return make_paper(
        title,
        abstract_text(record.get("abstract_inverted_index")),
        source,
        ids=ids,
        url=_url(record, primary),
        date=record.get("publication_date") or None,
        year=year_of(record.get("publication_year")),
        venue=_venue(primary.get("source")),
        authorships=tuple(_author(a) for a in record.get("authorships") or []),
        references=tuple(references),
        citation_source=SOURCE,
    )


def _tail(value: Any, strip: str = "") -> str | None:
    if not isinstance(value, str):
        return None
    tail = value.rstrip("/").rsplit("/", 1)[-1]
    return tail[len(strip) :] if strip and tail.startswith(strip) else tail


def _url(record: dict[str, Any], primary: dict[str, Any]) -> str | None:
    for value in (record.get("doi"), primary.get("landing_page_url")):
        if isinstance(value, str) and value:
            return value
    return None


def _venue(source: Any) -> Venue | None:
    if not isinstance(source, dict) or not text_field(source, "display_name"):
        return None
    ids = []
    if isinstance(source.get("id"), str):
        ids.append(("openalex", source["id"].rsplit("/", 1)[-1]))
    if isinstance(source.get("issn_l"), str):
        ids.append(("issn", source["issn_l"]))
    return Venue(" ".join(source["display_name"].split()), tuple(sorted(ids)))


def _author(authorship: Any) -> Author:
    if not isinstance(authorship, dict):
        raise BadRecord('"authorships" entries must be objects')
    author = authorship.get("author") or {}
    name = text_field(author, "display_name") or text_field(authorship, "raw_author_name")
    if not name:
        raise BadRecord("an authorship has no author name")
    ids = person_ids([("openalex", author.get("id")), ("orcid", author.get("orcid"))])
    return Author(" ".join(name.split()), ids)
