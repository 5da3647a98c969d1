"""The scholarly-source formats: their names, their parsers, and telling them from content.

Every parser here takes the file as an iterable of lines and a path, so that JSON Lines
snapshots are streamed (see ``read_papers``). :func:`sniff_format` looks at the start of a
file (the first 64 KB) and names the format, or returns None to leave the file to the
generic readers (Hugging Face listing, JSON, JSON Lines).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from graphbuild.readers import (
    arxiv,
    bibtex,
    cassette,
    citeseer,
    csl,
    openalex,
    ris,
    semantic_scholar,
    unarxive,
)
from graphbuild.readers.base import ParseStream
from graphbuild.readers.bounded_json import loads, raw_decode

LineParser = Callable[[Iterable[str], str], ParseStream]

#: format name -> parser, in the order detection tries them.
LINE_PARSERS: dict[str, LineParser] = {
    "openalex": openalex.parse_openalex,
    "s2": semantic_scholar.parse_s2,
    "s2orc": semantic_scholar.parse_s2orc,
    "specter": semantic_scholar.parse_specter,
    "arxiv-atom": arxiv.parse_atom,
    "arxiv-snapshot": arxiv.parse_snapshot,
    "arxiv-oai": arxiv.parse_oai,
    "bibtex": bibtex.parse_bibtex,
    "ris": ris.parse_ris,
    "csl": csl.parse_csl,
    "citeseer": citeseer.parse_texts,
    "citeseer-cites": citeseer.parse_cites,
    "unarxive": unarxive.parse_unarxive,
}


def _body_parser(text: str) -> LineParser | None:
    found = sniff_format(text)
    return LINE_PARSERS.get(found) if found is not None and found != "vcr-cassette" else None


LINE_PARSERS["vcr-cassette"] = partial(cassette.parse_cassette, parser_for=_body_parser)
LINE_FORMATS = tuple(LINE_PARSERS)

_RECORD_TESTS: tuple[tuple[str, Callable[[Any], bool]], ...] = (
    ("unarxive", unarxive.looks_like_unarxive),
    ("arxiv-snapshot", arxiv.looks_like_snapshot),
    ("s2orc", semantic_scholar.looks_like_s2orc),
    ("csl", csl.looks_like_csl),
    ("openalex", openalex.looks_like_openalex),
    ("s2", semantic_scholar.looks_like_s2),
    ("specter", semantic_scholar.looks_like_specter),
)
_FIRST_ITEM = re.compile(r"\s*\[\s*")
_HEX_KEY = re.compile(r'\s*\{\s*"([0-9a-f]{40})"\s*:\s*')


def sniff_format(text: str) -> str | None:
    """Name the scholarly format of a file from its start, or None if it is none of them.

    Args:
        text: The start of the file (decoded), or all of it.

    Returns:
        A key of :data:`LINE_PARSERS`, or None.
    """
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        if "<OAI-PMH" in head[:4096]:
            return "arxiv-oai"
        if "<feed" in head[:4096]:
            return "arxiv-atom"
        return None
    if cassette.looks_like_cassette(head):
        return "vcr-cassette"
    if bibtex.looks_like_bibtex(head):
        return "bibtex"
    if ris.looks_like_ris(head):
        return "ris"
    if head.startswith(("{", "[")):
        return _sniff_json(head)
    if citeseer.looks_like_cites(head):
        return "citeseer-cites"
    if citeseer.looks_like_texts(head):
        return "citeseer"
    return None


def _sniff_json(head: str) -> str | None:
    start = head[:4096]
    if '"status_code"' in start and "<feed" in head:
        return "arxiv-atom"
    if '"rawHeaders"' in head and "OAI-PMH" in head:
        return "arxiv-oai"
    first = _first_value(head)
    if first is None:
        return None
    for name, test in _RECORD_TESTS:
        if test(first):
            return name
    return None


def _first_value(head: str) -> Any:
    """The first record: a JSON Lines line, the first item of a list, or the document."""
    first_line = head.split("\n", 1)[0].strip()
    for candidate in (first_line, head):
        try:
            value = loads(candidate)
        except ValueError:
            continue
        return value[0] if isinstance(value, list) and value else value
    # A document longer than the chunk: decode the first item of a list.
    match = _FIRST_ITEM.match(head)
    if match is not None:
        try:
            value, _ = raw_decode(head, match.end())
        except ValueError:
            return None
        return value
    # An object keyed by paperIds (SPECTER), cut by the chunk: decode its first member.
    keyed = _HEX_KEY.match(head)
    if keyed is not None:
        try:
            value, _ = raw_decode(head, keyed.end())
        except ValueError:
            return None
        return {keyed.group(1): value}
    # An object cut by the chunk (a results page, a paper): judge by its first keys.
    return _partial_object(head)


def _partial_object(head: str) -> dict[str, Any] | None:
    keys = re.findall(r'"([A-Za-z_]+)"\s*:', head[:4096])
    if not keys:
        return None
    shape: dict[str, Any] = dict.fromkeys(keys)
    if "results" in shape and "meta" in shape:
        shape["results"] = []
    if "data" in shape:
        shape["data"] = []
    match = re.search(r'"id"\s*:\s*"(https://openalex\.org/W\d+)"', head[:4096])
    if match is not None:
        shape["id"] = match.group(1)
    return shape
