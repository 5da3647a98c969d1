"""Identifier kinds beyond arXiv and DOI: OpenAlex, Semantic Scholar, PubMed, ACL, ORCID.

Each ``parse_*`` function returns the canonical form of an identifier (the form stored in
``Paper.ids`` / ``Author.ids``) or None when the text is not one. :func:`make_ids` builds
the sorted (kind, value) tuple every reader hands on.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from graphbuild.model import ID_KINDS, Ids
from graphbuild.readers.identity import parse_arxiv_id, parse_doi

_OPENALEX = re.compile(r"(?:https?://(?:api\.)?openalex\.org/(?:\w+/)?)?([WASIPCFTN])(\d+)", re.I)
_ORCID = re.compile(r"(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.I)
_S2_PAPER = re.compile(r"(?:https?://www\.semanticscholar\.org/paper/)?([0-9a-f]{40})")
_DIGITS = re.compile(r"\d+")
_ACL = re.compile(r"[A-Z]\d{2}-\d{4}|\d{4}\.[a-z0-9-]+\.\d+")
_NON_ALNUM = re.compile(r"[\W_]+")


def parse_openalex_id(text: str, prefix: str = "W") -> str | None:
    """Return ``W123`` (or ``A…``/``S…`` for ``prefix``) from an OpenAlex id or URL."""
    match = _OPENALEX.fullmatch(text.strip())
    if match is None or match.group(1).upper() != prefix:
        return None
    return f"{prefix}{match.group(2)}"


def parse_orcid(text: str) -> str | None:
    """Return the bare ORCID iD (``0000-0002-1853-3038``) from an iD or orcid.org URL."""
    match = _ORCID.fullmatch(text.strip())
    return match.group(1).upper() if match else None


def parse_s2_paper_id(text: str) -> str | None:
    """Return a Semantic Scholar paperId (40 lower-case hex digits) or None."""
    match = _S2_PAPER.fullmatch(text.strip().lower())
    return match.group(1) if match else None


def parse_number(text: str | int) -> str | None:
    """Return a numeric id (PubMed, MAG, S2 corpus id) as a string of digits, or None."""
    if isinstance(text, bool):
        return None
    value = str(text).strip()
    return value if _DIGITS.fullmatch(value) else None


def parse_acl_id(text: str) -> str | None:
    """Return an ACL Anthology id (``P19-1001``, ``2020.acl-main.1``) or None."""
    value = text.strip()
    return value if _ACL.fullmatch(value) else None


def reference_key(text: str) -> str:
    """Return the ``ref`` id of a free-text reference: a hash of its normalised words."""
    words = _NON_ALNUM.sub(" ", text.casefold()).strip()
    return hashlib.sha1(words.encode("utf-8")).hexdigest()[:16]


_PARSERS = {
    "arxiv": parse_arxiv_id,
    "doi": parse_doi,
    "openalex": parse_openalex_id,
    "s2": parse_s2_paper_id,
    "acl": parse_acl_id,
}


def parse_id(kind: str, raw: object) -> str | None:
    """Return the canonical value of an id of ``kind``, or None if ``raw`` is not one."""
    if raw is None or raw == "":
        return None
    if kind in _PARSERS:
        return _PARSERS[kind](str(raw)) if isinstance(raw, str) else None
    if kind in ("s2corpus", "pubmed", "pmc", "mag"):
        return parse_number(raw) if isinstance(raw, (str, int)) else None
    if kind in ("dblp", "citeseer", "ref"):
        return str(raw).strip() or None
    raise ValueError(f"unknown id kind {kind!r}; use one of {', '.join(ID_KINDS)}")


def make_ids(pairs: Iterable[tuple[str, object]]) -> Ids:
    """Parse (kind, raw value) pairs, dropping values that are not ids; sorted and unique.

    An arXiv DOI (``10.48550/arXiv.X``) also gives the arXiv id.
    """
    found: set[tuple[str, str]] = set()
    for kind, raw in pairs:
        value = parse_id(kind, raw)
        if value is None:
            continue
        found.add((kind, value))
        if kind == "doi" and (arxiv := parse_arxiv_id(value)) is not None:
            found.add(("arxiv", arxiv))
    return tuple(sorted(found, key=lambda pair: (ID_KINDS.index(pair[0]), pair[1])))


def person_ids(pairs: Iterable[tuple[str, object]]) -> Ids:
    """Parse an author's ids: ``orcid``, ``openalex`` (A-id), ``s2`` (authorId)."""
    found: set[tuple[str, str]] = set()
    for kind, raw in pairs:
        if not isinstance(raw, (str, int)) or isinstance(raw, bool) or raw == "":
            continue
        value: str | None
        if kind == "orcid":
            value = parse_orcid(str(raw))
        elif kind == "openalex":
            value = parse_openalex_id(str(raw), "A")
        else:
            value = str(raw).strip() or None
        if value is not None:
            found.add((kind, value))
    return tuple(sorted(found))
