"""unarXive full-text records (S2ORC-like JSON Lines), plain or in the published ``.tar.gz``.

Per paper: the arXiv id (``paper_id``), title and authors from ``metadata``, the abstract
(``abstract.text``), and ``bib_entries``: each a cited work with the ids unarXive linked
(OpenAlex, DOI, arXiv, PubMed, PMC), or, unlinked, a work named by its reference text
(``ref:<hash>``, the raw entry as its title). The archive is read member by member,
streaming: only ``.jsonl`` members are records.

Malformed -- a line that is not JSON or lacks ``paper_id``/``metadata``: an error naming
the member and line, or a skipped record.
"""

from __future__ import annotations

import tarfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from graphbuild.model import Author, Paper, SourceRef
from graphbuild.readers.base import ParseStream, RecordProblem
from graphbuild.readers.identity import make_paper, parse_arxiv_id
from graphbuild.readers.ids import make_ids, reference_key
from graphbuild.readers.jsonio import BadRecord, JsonValue, guarded, json_values, stub, text_field

SOURCE = "unarxive"
GZIP_MAGIC = b"\x1f\x8b"


def looks_like_unarxive(record: Any) -> bool:
    """True for an unarXive paper record."""
    # A record's line is long (the full text): a cut one shows its first keys only.
    return (
        isinstance(record, dict)
        and "paper_id" in record
        and bool({"bib_entries", "body_text", "_pdf_hash", "_source_hash"} & record.keys())
    )


def parse_unarxive(lines: Iterable[str], path: str) -> ParseStream:
    """Parse unarXive JSON Lines, one paper a line.

    Yields:
        A ``Paper`` or ``RecordProblem`` per line, in file order.
    """
    for found in json_values(lines, path):
        if not isinstance(found, JsonValue):
            yield found
        else:
            yield guarded(unarxive_paper, found.value, found.source, "line")


def parse_unarxive_archive(path: Path) -> ParseStream:
    """Parse the ``.jsonl`` members of an unarXive ``.tar.gz``, streaming.

    Sources are named ``<archive>!<member>:<line>``.

    Yields:
        A ``Paper`` or ``RecordProblem`` per record.
    """
    try:
        with tarfile.open(path, "r|gz") as archive:
            for member in archive:
                if not (member.isfile() and member.name.endswith(".jsonl")):
                    continue
                handle = archive.extractfile(member)
                if handle is None:
                    continue
                yield from parse_unarxive(_lines(handle), f"{path}!{member.name}")
    except (tarfile.TarError, OSError, EOFError) as err:
        yield RecordProblem(
            SourceRef(str(path), 1), f"not a readable .tar.gz ({err}); file not read", "file"
        )


def _lines(handle: IO[bytes]) -> Iterator[str]:
    # A streamed member cannot seek, which io.TextIOWrapper needs: decode line by line.
    for raw in handle:
        yield raw.decode("utf-8", "surrogateescape")


def _dict(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadRecord(f'"{field}" must be an object')
    return value


def unarxive_paper(record: dict[str, Any], source: SourceRef) -> Paper:
    """Turn one unarXive record into a Paper with its cited works."""
    arxiv = parse_arxiv_id(str(record.get("paper_id", "")))
    if arxiv is None:
        raise BadRecord(f'"paper_id" {record.get("paper_id")!r} is not an arXiv id')
    metadata = _dict(record.get("metadata") or {}, "metadata")
    title = text_field(metadata, "title")
    if not title:
        raise BadRecord("no title in metadata")
    abstract = record.get("abstract")
    abstract_text = text_field(_dict(abstract, "abstract"), "text") if abstract else ""
    references = []
    for entry in _dict(record.get("bib_entries") or {}, "bib_entries").values():
        cited = _reference(entry, source)
        if cited is not None:
            references.append(cited)
    authors = text_field(metadata, "authors")
    return make_paper(
        title,
        abstract_text,
        source,
        arxiv_id=arxiv,
        ids=make_ids([("doi", metadata.get("doi"))]),
        url=f"https://arxiv.org/abs/{arxiv}",
        date=text_field(metadata, "update_date") or None,
        authorships=tuple(
            Author(n) for n in (" ".join(a.split()) for a in authors.split(",")) if n
        ),
        references=tuple(references),
        citation_source=SOURCE,
    )


def _reference(entry: Any, source: SourceRef) -> Paper | None:
    if not isinstance(entry, dict):
        return None
    given = entry.get("ids")
    ids: dict[str, Any] = given if isinstance(given, dict) else {}
    parsed = make_ids(
        [
            ("openalex", ids.get("open_alex_id")),
            ("doi", ids.get("doi")),
            ("arxiv", ids.get("arxiv_id")),
            ("pubmed", ids.get("pubmed_id")),
            ("pmc", str(ids.get("pmc_id") or "").removeprefix("PMC") or None),
        ]
    )
    if parsed:
        return stub(source, parsed, citation_source=SOURCE)
    raw = " ".join(str(entry.get("bib_entry_raw") or "").split())
    if not raw:
        return None
    return stub(source, (("ref", reference_key(raw)),), title=raw, citation_source=SOURCE)
