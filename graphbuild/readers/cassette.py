"""Recorded HTTP exchanges (VCR cassettes, YAML): each response body read by its own reader.

A cassette (``http_interactions: [{request, response: {status, body: {string}}}]``, as
written by vcr.py, VCR and vcr for R) holds the real responses of a service. Each 200
response body is told apart by content (an OpenAlex page, an S2 paper, an Atom feed ...)
and parsed by that format's reader; records are numbered by interaction (``record N``
names the N-th response). A response with another status is a warning.

Malformed -- a file that is not YAML or has no ``http_interactions`` list: one error for
the file; a body in no known format: an error naming its interaction.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from graphbuild.model import Paper, SourceRef
from graphbuild.readers.base import ParseStream, ReadWarning, RecordProblem

BodyParser = Callable[[str], Callable[[Iterable[str], str], ParseStream] | None]


def looks_like_cassette(text: str) -> bool:
    """True when the first non-comment line starts the ``http_interactions`` list."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "---")):
            return stripped.startswith("http_interactions:")
    return False


def parse_cassette(lines: Iterable[str], path: str, parser_for: BodyParser) -> ParseStream:
    """Parse each recorded 200 response of a cassette with the reader its content needs.

    Args:
        lines: The cassette's lines.
        path: Its name, for sources and messages.
        parser_for: Returns the line parser for a body's text, or None if none fits.

    Yields:
        What the body readers yield, with sources renumbered by interaction.
    """
    import yaml  # here: few runs read a cassette, and PyYAML takes a while to import

    try:
        document: Any = yaml.safe_load("".join(lines))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        yield RecordProblem(SourceRef(path, line), f"invalid YAML: {err}; file not read")
        return
    except RecursionError:
        yield RecordProblem(SourceRef(path, 1), "YAML nested too deeply; file not read", "file")
        return
    except ValueError as err:  # e.g. an integer beyond Python's conversion limit
        yield RecordProblem(SourceRef(path, 1), f"YAML not read: {err}; file not read", "file")
        return
    interactions = document.get("http_interactions") if isinstance(document, dict) else None
    if not isinstance(interactions, list):
        yield RecordProblem(
            SourceRef(path, 1), 'no "http_interactions" list: not a VCR cassette', "file"
        )
        return
    for number, interaction in enumerate(interactions, start=1):
        source = SourceRef(path, number)
        response = interaction.get("response") if isinstance(interaction, dict) else None
        body = response.get("body") if isinstance(response, dict) else None
        text = body.get("string") if isinstance(body, dict) else None
        status = response.get("status") if isinstance(response, dict) else None
        code = status.get("code") if isinstance(status, dict) else status
        if code != 200:
            yield ReadWarning(source, f"record {number}: response status {code}; no records")
            continue
        if not isinstance(text, str) or not text.strip():
            yield RecordProblem(source, "a response without a body string", "record")
            continue
        parser = parser_for(text)
        if parser is None:
            yield RecordProblem(source, "response body in no known format", "record")
            continue
        name = f"{path}#{number}"
        for item in parser(io.StringIO(text), name):
            # Every record of this response is record <number> of the cassette.
            if isinstance(item, RecordProblem):
                yield RecordProblem(source, f"record {number}: {item.message()}", "record")
            elif isinstance(item, ReadWarning):
                yield ReadWarning(source, f"record {number}: {item.message}")
            else:
                yield _renumbered(item, source)


def _renumbered(paper: Paper, source: SourceRef) -> Paper:
    return replace(
        paper,
        sources=(source,),
        references=tuple(_renumbered(p, source) for p in paper.references),
        cited_by=tuple(_renumbered(p, source) for p in paper.cited_by),
    )
