"""Semantic Scholar: Graph API paper objects, S2ORC metadata, and the SPECTER citation sample.

Three formats:

``s2``
    Graph API ``/paper/{id}`` objects (with nested ``citations`` and ``references``
    when requested), lists of them, ``/paper/batch`` output (a list where unknown ids
    are ``null``: a warning each), ``{"data": [...]}`` pages, ``/references`` and
    ``/citations`` items (``citedPaper`` / ``citingPaper``) and ``/author`` objects
    with their ``papers``. Ids: paperId, CorpusId, DOI, ArXiv, MAG, ACL, PubMed,
    PubMedCentral, DBLP. Nested citing and cited papers become works known only from
    that list (``referenced_only``) unless another record gives them.
``s2orc``
    S2ORC metadata JSON Lines (``paper_id`` = corpus id, ``outbound_citations``,
    ``inbound_citations``).
``specter``
    SPECTER's training sample: ``data.json`` (query paperId -> cited paperId ->
    ``{"count": 5}`` for a direct citation, ``1`` for a paper two hops away, which is
    not a citation and is left out) and ``metadata_*.json`` (paperId -> title,
    abstract).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial
from typing import Any

from graphbuild.model import Author, Paper, SourceRef, Venue
from graphbuild.readers.base import ParseStream, ReadWarning, RecordProblem
from graphbuild.readers.identity import make_paper
from graphbuild.readers.ids import make_ids, person_ids
from graphbuild.readers.jsonio import (
    BadRecord,
    JsonValue,
    as_list,
    guarded,
    json_values,
    parse_records,
    records_in,
    stub,
    text_field,
    year_of,
)

S2, S2ORC, SPECTER = "s2", "s2orc", "specter"
#: SPECTER's ``count`` for a direct citation (1 marks a paper two citation hops away).
DIRECT_CITATION = 5
_EXTERNAL = {
    "DOI": "doi",
    "ArXiv": "arxiv",
    "MAG": "mag",
    "ACL": "acl",
    "PubMed": "pubmed",
    "PubMedCentral": "pmc",
    "DBLP": "dblp",
    "CorpusId": "s2corpus",
}
_HEX40 = re.compile(r"[0-9a-f]{40}")


def looks_like_s2(record: Any) -> bool:
    """True for a Graph API paper, reference/citation item, author or page of them."""
    if not isinstance(record, dict):
        return False
    if isinstance(record.get("data"), list):
        return True
    return bool({"paperId", "citedPaper", "citingPaper", "authorId"} & record.keys())


def looks_like_s2orc(record: Any) -> bool:
    """True for an S2ORC metadata record."""
    return isinstance(record, dict) and "paper_id" in record and "outbound_citations" in record


def parse_s2(lines: Iterable[str], path: str) -> ParseStream:
    """Parse Graph API paper objects; see the module docstring for the shapes.

    Yields:
        A ``Paper``, ``RecordProblem`` or ``ReadWarning`` per record, in file order.
    """
    for found in json_values(lines, path):
        if not isinstance(found, JsonValue):
            yield found
            continue
        for record, source, unit in records_in(found, _unpack):
            if record is None:
                where = f"record {source.line}: " if unit == "record" else ""
                yield ReadWarning(source, where + "null (an id the API did not find); skipped")
                continue
            if isinstance(record, dict) and isinstance(record.get("papers"), list):
                author = _author(record)
                for paper in record["papers"]:
                    yield guarded(partial(_paper, extra_author=author), paper, source, unit)
                continue
            if isinstance(record, dict):
                record = record.get("citedPaper") or record.get("citingPaper") or record
            yield guarded(_paper, record, source, unit)


def _unpack(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and isinstance(value.get("data"), list):
        return list(value["data"])
    return None


def _ids(record: dict[str, Any]) -> list[tuple[str, object]]:
    pairs: list[tuple[str, object]] = [("s2", record.get("paperId"))]
    pairs.append(("s2corpus", record.get("corpusId")))
    external = record.get("externalIds") or {}
    if not isinstance(external, dict):
        raise BadRecord('"externalIds" must be an object')
    for key, kind in _EXTERNAL.items():
        pairs.append((kind, external.get(key)))
    return pairs


def _paper(
    record: dict[str, Any],
    source: SourceRef,
    *,
    stub_of: str = "",
    extra_author: Author | None = None,
) -> Paper:
    title = text_field(record, "title")
    ids = make_ids(_ids(record))
    if not title and not ids:
        raise BadRecord('no "title" and no id')
    authors = tuple(_author(a) for a in record.get("authors") or [])
    if extra_author is not None and not authors:
        authors = (extra_author,)
    references: tuple[Paper, ...] = ()
    cited_by: tuple[Paper, ...] = ()
    if not stub_of:
        references = _neighbours(record.get("references"), source, "citedPaper")
        cited_by = _neighbours(record.get("citations"), source, "citingPaper")
    return make_paper(
        title or "",
        text_field(record, "abstract"),
        source,
        ids=ids,
        url=record.get("url") or None,
        date=record.get("publicationDate") or None,
        year=year_of(record.get("year")),
        venue=_venue(record),
        authorships=authors,
        referenced_only=bool(stub_of),
        references=references,
        cited_by=cited_by,
        citation_source=S2,
    )


def _neighbours(items: Any, source: SourceRef, key: str) -> tuple[Paper, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise BadRecord(f"nested citations must be a list, found {type(items).__name__}")
    found = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get(key), dict):
            item = item[key]  # the /references and /citations item shape
        if not isinstance(item, dict):
            raise BadRecord("a nested citation is not an object")
        if not text_field(item, "title") and not make_ids(_ids(item)):
            continue  # S2 lists unresolved entries with nothing but nulls
        found.append(_paper(item, source, stub_of=key))
    return tuple(found)


def _venue(record: dict[str, Any]) -> Venue | None:
    publication = record.get("publicationVenue")
    if isinstance(publication, dict) and text_field(publication, "name"):
        ids = (("s2", str(publication["id"])),) if publication.get("id") else ()
        return Venue(" ".join(publication["name"].split()), ids)
    name = text_field(record, "venue")
    if not name and isinstance(record.get("journal"), dict):
        name = text_field(record["journal"], "name")
    return Venue(" ".join(name.split())) if name else None


def _author(item: Any) -> Author:
    if not isinstance(item, dict) or not text_field(item, "name"):
        raise BadRecord('"authors" entries must be objects with a "name"')
    return Author(" ".join(item["name"].split()), person_ids([("s2", item.get("authorId"))]))


# --- S2ORC -------------------------------------------------------------------------------


def parse_s2orc(lines: Iterable[str], path: str) -> ParseStream:
    """Parse S2ORC metadata JSON Lines (streamed), with outbound and inbound citations.

    Yields:
        A ``Paper`` or ``RecordProblem`` per line, in file order.
    """
    yield from parse_records(lines, path, as_list, _s2orc_paper)


def _s2orc_paper(record: dict[str, Any], source: SourceRef) -> Paper:
    title = text_field(record, "title")
    if not title:
        raise BadRecord('no "title"')
    ids = make_ids(
        [
            ("s2corpus", record.get("paper_id")),
            ("arxiv", record.get("arxiv_id")),
            ("acl", record.get("acl_id")),
            ("pmc", _strip_pmc(record.get("pmc_id"))),
            ("pubmed", record.get("pubmed_id")),
            ("doi", record.get("doi")),
            ("mag", record.get("mag_id")),
        ]
    )
    if not any(kind == "s2corpus" for kind, _ in ids):
        raise BadRecord(f'"paper_id" {record.get("paper_id")!r} is not an S2 corpus id')
    venue = text_field(record, "venue", "journal")
    return make_paper(
        title,
        text_field(record, "abstract"),
        source,
        ids=ids,
        url=record.get("s2_url") or None,
        year=year_of(record.get("year")),
        venue=Venue(" ".join(venue.split())) if venue else None,
        authorships=tuple(_s2orc_author(a) for a in record.get("authors") or []),
        references=_corpus_stubs(record.get("outbound_citations"), source, "outbound_citations"),
        cited_by=_corpus_stubs(record.get("inbound_citations"), source, "inbound_citations"),
        citation_source=S2ORC,
    )


def _strip_pmc(value: Any) -> Any:
    return value[3:] if isinstance(value, str) and value.upper().startswith("PMC") else value


def _corpus_stubs(values: Any, source: SourceRef, field: str) -> tuple[Paper, ...]:
    if values is None:
        return ()
    if not isinstance(values, list):
        raise BadRecord(f'"{field}" must be a list')
    found = []
    for value in values:
        work = stub(source, make_ids([("s2corpus", value)]), citation_source=S2ORC)
        if work is None:
            raise BadRecord(f'"{field}" holds {value!r}, not a corpus id')
        found.append(work)
    return tuple(found)


def _s2orc_author(item: Any) -> Author:
    if not isinstance(item, dict):
        raise BadRecord('"authors" entries must be objects')
    parts = [item.get("first") or "", *(item.get("middle") or []), item.get("last") or ""]
    name = " ".join(" ".join(str(p) for p in parts if p).split())
    if item.get("suffix"):
        name = f"{name} {item['suffix']}"
    if not name:
        raise BadRecord("an author has no name")
    return Author(name)


# --- SPECTER -----------------------------------------------------------------------------


def looks_like_specter(value: Any) -> bool:
    """True for SPECTER's data.json or metadata_*.json (objects keyed by paperIds)."""
    if not isinstance(value, dict) or not value:
        return False
    key, first = next(iter(value.items()))
    if not _HEX40.fullmatch(str(key)) or not isinstance(first, dict):
        return False
    return "title" in first or "abstract" in first or all(_HEX40.fullmatch(k) for k in first)


def parse_specter(lines: Iterable[str], path: str) -> ParseStream:
    """Parse a SPECTER training file: citations (data.json) or metadata (metadata_*.json).

    Yields:
        A ``Paper`` or ``RecordProblem`` per paperId key, in file order.
    """
    for found in json_values(lines, path):
        if not isinstance(found, JsonValue):
            yield found
            continue
        if not isinstance(found.value, dict):
            yield RecordProblem(
                found.source, "expected an object keyed by paperIds; file not read", "file"
            )
            continue
        for number, (key, value) in enumerate(found.value.items(), start=1):
            source = SourceRef(path, number)
            yield guarded(partial(_specter_paper, key), value, source, "record")


def _specter_paper(key: str, value: dict[str, Any], source: SourceRef) -> Paper:
    """Turn one SPECTER entry (paperId -> metadata, or -> cited paperIds) into a Paper."""
    ids = make_ids([("s2", key)])
    if not ids:
        raise BadRecord(f"key {key!r} is not a Semantic Scholar paperId")
    if "title" in value or "abstract" in value:
        return make_paper(
            text_field(value, "title"), text_field(value, "abstract"), source, ids=ids
        )
    references = []
    for cited, info in value.items():
        count = info.get("count") if isinstance(info, dict) else None
        if count not in (DIRECT_CITATION, 1):
            raise BadRecord(f"cited paper {cited!r} has count {count!r}, expected 5 or 1")
        if count == DIRECT_CITATION:
            work = stub(source, make_ids([("s2", cited)]), citation_source=SPECTER)
            if work is None:
                raise BadRecord(f"cited key {cited!r} is not a Semantic Scholar paperId")
            references.append(work)
    return make_paper(
        "", "", source, ids=ids, references=tuple(references), citation_source=SPECTER
    )
