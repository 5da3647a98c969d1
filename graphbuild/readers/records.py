"""Paper records as JSON Lines (one object a line) or JSON (an array, or an object holding one).

Fields: ``title`` (required), ``abstract``, ``id`` (an arXiv id, arXiv URL or DOI; any
other string or integer is the user's own id, kept as ``Paper.user_id`` and, lacking an
arXiv id or DOI, as the paper id ``id:<value>``; one warning per file counts them),
``arxiv_id``, ``doi``, ``url`` (an arxiv.org or doi.org URL also gives the id), ``date``,
``authors`` (a list of names, a list of objects with a ``name``, or one comma-separated
string). Other fields are ignored.

Malformed -- an error naming the line (JSON Lines) or the record number (JSON), or under
``on_error="skip"`` a skipped record: invalid JSON (including JSON nested more than 200
levels deep or a number of more than 4,300 digits: see :mod:`~graphbuild.readers.bounded_json`),
a record that is not an object, a missing or empty title, a field of the wrong type, text holding
a lone surrogate (a broken ``\\ud800`` escape), an ``arxiv_id``/``doi`` that is not one, or
fields naming different arXiv ids (or DOIs). A JSON file that does not parse is one
skipped entry for the whole file, since no record in it can be trusted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from graphbuild.model import Paper, SourceRef
from graphbuild.readers.base import ParseStream, ReadWarning, RecordProblem
from graphbuild.readers.bounded_json import JSONLimitError, loads
from graphbuild.readers.identity import make_paper, parse_arxiv_id, parse_doi
from graphbuild.readers.text import first_problem, line_problem, split_lines

# Keys under which a JSON object may hold its list of records.
LIST_KEYS = ("papers", "records")
#: Longest user id kept; a longer ``id`` is ignored with a warning.
MAX_USER_ID = 200

_SURROGATE = re.compile("[\ud800-\udfff]")


class _BadRecord(Exception):
    """Raised inside this module for a malformed record; becomes a RecordProblem."""


def records_format(text: str) -> str | None:
    """Tell JSON Lines from JSON by the first non-blank line; None if it is neither.

    Args:
        text: The start of a file, or all of it.

    Returns:
        ``"jsonl"``, ``"json"`` or None.
    """
    first = next((line.strip() for line in split_lines(text) if line.strip()), "")
    if first.startswith("["):
        return "json"
    if not first.startswith("{"):
        return None
    try:
        value = loads(first)
    except ValueError:
        # An object spread over several lines is one JSON document; a broken one-line
        # object is a bad JSON Lines record, reported with its line by parse_jsonl.
        return "json" if first == "{" or _parses(text) else "jsonl"
    if isinstance(value, dict) and any(isinstance(value.get(k), list) for k in LIST_KEYS):
        return "json"
    return "jsonl"


def _parses(text: str) -> bool:
    try:
        loads(text)
    except ValueError:
        return False
    return True


def parse_jsonl(text: str, path: str, *, first_line: int = 1) -> ParseStream:
    """Parse JSON Lines: one record per non-blank line; the source is the line number.

    ``text`` may be a piece of the file (`graphbuild.readers.pieces`) whose first line is
    line ``first_line``.

    Yields:
        A ``Paper``, ``RecordProblem`` or ``ReadWarning`` per record, in file order.
    """
    user_ids: list[SourceRef] = []
    for number, line in enumerate(split_lines(text), start=first_line):
        if not line.strip():
            continue
        source = SourceRef(path, number)
        problem = line_problem(line)
        if problem is not None:
            yield RecordProblem(source, problem)
            continue
        try:
            value = loads(line)
        except json.JSONDecodeError as err:
            yield RecordProblem(source, f"invalid JSON: {err.msg} (column {err.colno})")
            continue
        except JSONLimitError as err:
            yield RecordProblem(source, f"JSON not read: {err}")
            continue
        yield from _record(value, source, by_record=False, user_ids=user_ids)
    yield from _user_id_summary(user_ids)


def parse_json(text: str, path: str) -> ParseStream:
    """Parse a JSON document of records; the source of each is its 1-based record number.

    The document is a list of records, an object with a list under ``papers`` or
    ``records``, or a single record.

    Yields:
        A ``Paper``, ``RecordProblem`` or ``ReadWarning`` per record, in file order.
    """
    undecodable = first_problem(text)
    if undecodable is not None:
        line, problem = undecodable
        yield RecordProblem(SourceRef(path, line), f"{problem}; file not read")
        return
    try:
        value = loads(text)
    except json.JSONDecodeError as err:
        yield RecordProblem(
            SourceRef(path, err.lineno),
            f"invalid JSON: {err.msg} (column {err.colno}); file not read",
        )
        return
    except JSONLimitError as err:
        yield RecordProblem(SourceRef(path, 1), f"JSON not read: {err}; file not read", "file")
        return
    records = _record_list(value)
    if records is None:
        yield RecordProblem(
            SourceRef(path, 1),
            'expected a list of paper records, or an object with a "papers" or "records" '
            "list; file not read",
        )
        return
    user_ids: list[SourceRef] = []
    for number, item in enumerate(records, start=1):
        yield from _record(item, SourceRef(path, number), by_record=True, user_ids=user_ids)
    yield from _user_id_summary(user_ids, by_record=True)


@dataclass(frozen=True)
class UserIdSummary(ReadWarning):
    """The one warning per file on the records whose ``id`` is the user's own: their
    number and the first of them (pieces of a file add theirs up: `plus`)."""

    count: int = 0
    by_record: bool = False

    def plus(self, later: UserIdSummary) -> UserIdSummary:
        """This summary and that of a later piece of the same file, as one."""
        return _summary(self.source, self.count + later.count, self.by_record)


def _summary(first: SourceRef, count: int, by_record: bool) -> UserIdSummary:
    where = f"record {first.line}" if by_record else f"line {first.line}"
    message = (
        f"{count} record{'s' if count != 1 else ''} (the first at {where}) have an "
        '"id" that is neither an arXiv id nor a DOI; kept as the user\'s own id '
        '(paper id "id:<value>" when no arXiv id or DOI is known)'
    )
    return UserIdSummary(first, message, count, by_record)


def _user_id_summary(found: list[SourceRef], *, by_record: bool = False) -> ParseStream:
    """One warning per file counting the records whose ``id`` is the user's own."""
    if found:
        yield _summary(found[0], len(found), by_record)


def _record_list(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in LIST_KEYS:
            if isinstance(value.get(key), list):
                return list(value[key])
        if "title" in value:
            return [value]
    return None


def _record(
    value: Any, source: SourceRef, *, by_record: bool, user_ids: list[SourceRef]
) -> ParseStream:
    warnings: list[str] = []
    try:
        paper = _paper(value, source, warnings)
        _check_text(value)
    except _BadRecord as err:
        yield RecordProblem(source, str(err), "record" if by_record else "line")
        return
    where = f"record {source.line}: " if by_record else ""
    for message in warnings:
        yield ReadWarning(source, where + message)
    if paper.user_id is not None:
        user_ids.append(source)
    yield paper


def _paper(value: Any, source: SourceRef, warnings: list[str]) -> Paper:
    if not isinstance(value, dict):
        raise _BadRecord(f"expected an object, found {_kind(value)}")
    title = _string(value, "title")
    if not title or not title.strip():
        raise _BadRecord('no "title"')
    url = _string(value, "url")
    arxiv_ids: dict[str, str] = {}
    dois: dict[str, str] = {}
    explicit_arxiv = _string(value, "arxiv_id", number_hint=True)
    if explicit_arxiv:
        arxiv_ids["arxiv_id"] = _parsed(parse_arxiv_id(explicit_arxiv), "arxiv_id", explicit_arxiv)
    explicit_doi = _string(value, "doi")
    if explicit_doi:
        _add_doi(_parsed(parse_doi(explicit_doi), "doi", explicit_doi), "doi", arxiv_ids, dois)
    user_id = None
    if value.get("id") is not None:
        user_id = _add_id(value["id"], arxiv_ids, dois, warnings)
    if url:
        if (from_url := parse_arxiv_id(url)) is not None:
            arxiv_ids["url"] = from_url
        elif (doi_url := parse_doi(url)) is not None:
            _add_doi(doi_url, "url", arxiv_ids, dois)
    return make_paper(
        title,
        _string(value, "abstract") or "",
        source,
        arxiv_id=_one(arxiv_ids, "arXiv ids"),
        doi=_one(dois, "DOIs"),
        url=url,
        date=_date(value),
        authors=_authors(value.get("authors")),
        user_id=user_id,
    )


def _add_id(
    raw: Any, arxiv_ids: dict[str, str], dois: dict[str, str], warnings: list[str]
) -> str | None:
    """Read ``id``: an arXiv id or DOI joins the others; return any other id as the user's."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        warnings.append(f'"id" must be a string or an integer, found {_kind(raw)}; ignored')
        return None
    if (arxiv := parse_arxiv_id(raw)) is not None:
        arxiv_ids["id"] = arxiv
        return None
    if (doi := parse_doi(raw)) is not None:
        _add_doi(doi, "id", arxiv_ids, dois)
        return None
    user_id = " ".join(raw.split())
    if not user_id:
        return None
    if len(user_id) > MAX_USER_ID:
        warnings.append(f'"id" is {len(user_id)} characters long (at most {MAX_USER_ID}); ignored')
        return None
    # Tools put their own row ids here: kept, namespaced, counted in one warning per file.
    return user_id


def _check_text(value: dict[str, Any]) -> None:
    """Refuse text holding a lone surrogate: it cannot be written as UTF-8 anywhere."""
    for field in ("title", "abstract", "id", "arxiv_id", "doi", "url", "date", "authors"):
        found = _surrogate_in(value.get(field))
        if found is not None:
            raise _BadRecord(
                f'"{field}" holds a lone surrogate (\\u{ord(found):04x}), which is not text; '
                "fix the \\u escape (a pair such as \\ud83d\\ude00, or the character itself)"
            )


def _surrogate_in(value: Any, depth: int = 0) -> str | None:
    if isinstance(value, str):
        if value.isascii():  # most text: no search needed
            return None
        match = _SURROGATE.search(value)
        return match.group() if match else None
    if isinstance(value, (list, dict)) and depth < 3:
        items = value.values() if isinstance(value, dict) else value
        for item in items:
            if (found := _surrogate_in(item, depth + 1)) is not None:
                return found
    return None


def _add_doi(doi: str, field: str, arxiv_ids: dict[str, str], dois: dict[str, str]) -> None:
    dois[field] = doi
    # arXiv's own DOIs (10.48550/arXiv.<id>) name the arXiv id too.
    if (arxiv := parse_arxiv_id(doi)) is not None:
        arxiv_ids[field] = arxiv


def _parsed(parsed: str | None, field: str, raw: str) -> str:
    if parsed is None:
        what = "an arXiv id" if field == "arxiv_id" else "a DOI"
        raise _BadRecord(f'"{field}" {raw!r} is not {what}')
    return parsed


def _one(found: dict[str, str], what: str) -> str | None:
    if len(set(found.values())) > 1:
        named = ", ".join(f'"{field}" {value}' for field, value in found.items())
        raise _BadRecord(f"fields name different {what}: {named}")
    return next(iter(found.values()), None)


def _string(record: dict[str, Any], field: str, *, number_hint: bool = False) -> str | None:
    value = record.get(field)
    if value is None or isinstance(value, str):
        return value
    hint = " (quote it: as a number 2106.07130 loses its last zero)" if number_hint else ""
    raise _BadRecord(f'"{field}" must be a string, found {_kind(value)}{hint}')


def _date(record: dict[str, Any]) -> str | None:
    value = record.get("date")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a bare year
    return _string(record, "date")


def _authors(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        names = [name.strip() for name in value.split(",")]
        # "A, B, and C": the last name carries the conjunction.
        names = [name[4:].strip() if name.startswith("and ") else name for name in names]
        return tuple(name for name in names if name)
    if isinstance(value, list):
        return tuple(_author(item) for item in value)
    raise _BadRecord(f'"authors" must be a list or a string, found {_kind(value)}')


def _author(item: Any) -> str:
    if isinstance(item, dict):
        item = item.get("name")
    if isinstance(item, str) and item.strip():
        return " ".join(item.split())
    raise _BadRecord('"authors" entries must be names or objects with a "name"')


def _kind(value: Any) -> str:
    kinds: dict[type, str] = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }
    return "null" if value is None else kinds.get(type(value), type(value).__name__)
