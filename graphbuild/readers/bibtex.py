"""BibTeX (parsed with bibtexparser 2), with Web of Science and Scopus reference lists.

Per entry: ``title``, ``abstract``, ``author`` (``A and B``), ``year``/``date``,
``doi``, ``eprint`` with ``archiveprefix = arXiv``, ``pmid``, ``url``, and the venue
(``journal``, ``booktitle``). Field names are matched case-insensitively.

Reference lists become citations:

* Web of Science ``Cited-References``: one reference a line, ``Author, Year, SOURCE,
  Vol, Page, DOI 10.x``. A reference with a DOI is that DOI's work; one without is a
  work named by its text (a ``ref`` id: the same text cited twice is one work).
* Scopus ``references``: ``Authors, Title (Year) Source, ...`` separated by ``; ``. The
  title and year are taken from it; a DOI when one is written out.

Cited works resolve to corpus papers by DOI, then by title (see
:mod:`graphbuild.readers.merge`).

Malformed -- an entry bibtexparser cannot parse, or one without a title: an error
naming its first line, or a skipped record. An entry with a repeated field is read
(bibtexparser keeps one value) with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.model import DuplicateFieldKeyBlock, Entry, ParsingFailedBlock

from graphbuild.model import Author, Paper, SourceRef, Venue
from graphbuild.readers.base import ParseStream, ReadWarning, RecordProblem
from graphbuild.readers.identity import make_paper, parse_arxiv_id
from graphbuild.readers.ids import make_ids, reference_key
from graphbuild.readers.jsonio import BadRecord, stub, year_of

WOS, SCOPUS, BIBTEX = "wos", "scopus", "bibtex"
_BRACES = re.compile(r"[{}]")
_LATEX_ESCAPE = re.compile(r"\\([&%$#_])")
_WOS_DOI = re.compile(r"\bDOI\s+(?:DOI\s+)?\[?(10\.\d{4,9}/[^,\]\s]+)", re.I)
_ANY_DOI = re.compile(r"(?:doi\.org/|DOI:?\s*)(10\.\d{4,9}/[^\s,;]+)", re.I)
# Scopus: "Surname, I.J., Other, K., Title words (2019) Source, 12 (3), pp. 1-9"
_SCOPUS = re.compile(
    r"^(?P<authors>(?:[^,()]{1,60}, (?:[A-Z][\w\-]*\.\s?)+,\s)*)"
    r"(?P<title>.+?)\s*\((?P<year>\d{4})\)"
)


def looks_like_bibtex(text: str) -> bool:
    """True when the first non-blank, non-comment line starts an ``@entry{``."""
    for line in text.splitlines():
        stripped = line.strip().lstrip("\ufeff")
        if not stripped or stripped.startswith("%"):
            continue
        return re.match(r"@\s*\w+\s*[{(]", stripped) is not None
    return False


def parse_bibtex(lines: Iterable[str], path: str) -> ParseStream:
    """Parse a BibTeX file; the source of each entry is its first line.

    Yields:
        A ``Paper``, ``RecordProblem`` or ``ReadWarning`` per entry, in file order.
    """
    text = "".join(lines)
    library = parse_string(text)
    for block in sorted(library.blocks, key=lambda b: b.start_line or 0):
        # bibtexparser counts lines from 0.
        source = SourceRef(path, (block.start_line or 0) + 1)
        if isinstance(block, DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            keys = ", ".join(sorted(block.duplicate_keys))
            yield ReadWarning(source, f"repeated field {keys}; one value kept")
        elif isinstance(block, ParsingFailedBlock):
            yield RecordProblem(source, f"not a BibTeX entry: {block.error}")
            continue
        elif isinstance(block, Entry):
            entry = block
        else:
            continue  # @string, @preamble, @comment and text between entries
        if not isinstance(entry, Entry):
            continue
        try:
            yield entry_paper(entry, source)
        except BadRecord as err:
            yield RecordProblem(source, f"entry {entry.key}: {err}")


def _clean(value: Any) -> str:
    text = value if isinstance(value, str) else str(value)
    text = _LATEX_ESCAPE.sub(r"\1", _BRACES.sub("", text))
    return " ".join(text.split())


def entry_paper(entry: Entry, source: SourceRef) -> Paper:
    """Turn one bibtexparser entry into a Paper with its cited works."""
    fields = {name.lower(): field.value for name, field in entry.fields_dict.items()}
    title = _clean(fields.get("title", ""))
    if not title:
        raise BadRecord("no title")
    pairs: list[tuple[str, object]] = [("doi", _clean(fields.get("doi", "")))]
    if (
        _clean(fields.get("archiveprefix", "")).lower() == "arxiv"
        or "arxiv" in _clean(fields.get("eprinttype", "")).lower()
    ):
        pairs.append(("arxiv", _clean(fields.get("eprint", ""))))
    pairs.append(("pubmed", _clean(fields.get("pmid", ""))))
    url = _clean(fields.get("url", "")) or None
    if url and (arxiv := parse_arxiv_id(url)) is not None:
        pairs.append(("arxiv", arxiv))
    references: list[Paper] = []
    citation_source = BIBTEX
    if "cited-references" in fields:
        citation_source = WOS
        references = _wos_references(fields["cited-references"], source)
    elif "references" in fields:
        citation_source = SCOPUS
        references = _scopus_references(fields["references"], source)
    venue = _clean(fields.get("journal", "") or fields.get("booktitle", ""))
    date = _clean(fields.get("date", "")) or None
    return make_paper(
        title,
        _clean(fields.get("abstract", "")),
        source,
        ids=make_ids(pairs),
        url=url,
        date=date,
        year=year_of(_clean(fields.get("year", ""))) or year_of(date),
        venue=Venue(venue) if venue else None,
        authorships=tuple(Author(n) for n in _names(fields.get("author", ""))),
        references=tuple(references),
        citation_source=citation_source,
    )


def _names(value: Any) -> list[str]:
    names = []
    for part in re.split(r"\s+and\s+", _clean(value)):
        if not part:
            continue
        if "," in part:
            last, _, first = part.partition(",")
            part = f"{first.strip()} {last.strip()}"
        names.append(" ".join(part.split()))
    return names


def wos_reference(raw: str, source: SourceRef) -> Paper | None:
    """A cited work from one Web of Science ``Cited-References`` line."""
    text = " ".join(_BRACES.sub("", raw.replace("{[}", "[")).split()).rstrip(".")
    if not text:
        return None
    parts = [p.strip() for p in text.split(",")]
    year = year_of(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    match = _WOS_DOI.search(text)
    if match is not None:
        ids = make_ids([("doi", match.group(1).rstrip("."))])
        if ids:
            return stub(source, ids, year=year, citation_source=WOS)
    return stub(source, (("ref", reference_key(text)),), title=text, year=year, citation_source=WOS)


def _wos_references(value: Any, source: SourceRef) -> list[Paper]:
    text = value if isinstance(value, str) else str(value)
    found = []
    for line in text.splitlines():
        work = wos_reference(line, source)
        if work is not None:
            found.append(work)
    return found


def scopus_reference(raw: str, source: SourceRef) -> Paper | None:
    """A cited work from one Scopus reference: its title and year, and a DOI if written."""
    text = " ".join(_BRACES.sub("", raw).split())
    if not text:
        return None
    doi = _ANY_DOI.search(text)
    ids = make_ids([("doi", doi.group(1).rstrip("."))]) if doi else ()
    match = _SCOPUS.match(text)
    if match is not None:
        title = match.group("title").strip(" ,.")
        return stub(source, ids, title=title, year=int(match.group("year")), citation_source=SCOPUS)
    if ids:
        return stub(source, ids, citation_source=SCOPUS)
    return stub(source, (("ref", reference_key(text)),), title=text, citation_source=SCOPUS)


def _scopus_references(value: Any, source: SourceRef) -> list[Paper]:
    text = value if isinstance(value, str) else str(value)
    found = []
    for part in text.split("; "):
        work = scopus_reference(part, source)
        if work is not None:
            found.append(work)
    return found
