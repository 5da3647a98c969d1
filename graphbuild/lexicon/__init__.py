"""The packaged entity lexicon and its loader.

The lexicon is a reviewable TSV file (``lexicon.tsv`` beside this module):
``name<TAB>type<TAB>alias|alias<TAB>catalogue<TAB>guard``, ``#`` comments and
blank lines allowed; the last three columns may be left out, and later columns
are provenance this loader does not need.

- ``catalogue`` says where the entry came from: ``core`` for the hand-written
  entries, otherwise the id of the public catalogue it was taken from (see
  ``data/lexicon-sources/`` and ``graphbuild.lexicon.catalogues``, which
  regenerate the packaged file).
- ``guard`` protects names that are also ordinary words: ``case`` means the
  text must spell the name with the letter case written (``MATH``, ``LOGIC``);
  ``context`` means a word naming the entity's type must stand near it ("the
  Birds dataset"). Empty: no guard.

Users extend it with files of the same shape (``--lexicon FILE``), or JSON
Lines with ``name``, ``type`` and optional ``aliases``, ``catalogue`` and
``guard``; a user entry replaces a packaged entry with the same normalised
name, and a stop list (one name per line) removes names.

A malformed entry raises one ``LexiconError`` naming the file, the line and the
fix; entries are bounded (``MAX_LINE_CHARS``, ``MAX_NAME_CHARS``,
``MAX_ALIASES``) so that no lexicon line can cost more than a normal one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from importlib import resources
from pathlib import Path

from graphbuild.errors import LexiconError
from graphbuild.model import EntityType
from graphbuild.normalize import name_key
from graphbuild.readers import bounded_json


class Guard(str, Enum):
    """What a match of a word-like name needs besides its spelling."""

    NONE = ""
    CASE = "case"  # the text spells the name with its letter case
    CONTEXT = "context"  # a word naming the entity's type stands near it

    @classmethod
    def parse(cls, text: str) -> Guard:
        """Return the guard named by ``text`` (empty: none), or raise ValueError."""
        for member in cls:
            if member.value == text.strip().lower():
                return member
        raise ValueError(
            f"unknown guard {text!r}: write 'case', 'context' or leave the column empty"
        )


@dataclass(frozen=True)
class LexiconEntry:
    """One known entity: its canonical name, type and other names.

    ``source`` is the file the entry was read from, ``catalogue`` the catalogue it
    was taken from (``core``: hand-written; empty when the file does not say),
    ``guard`` what a match needs besides its spelling.
    """

    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    source: str = "packaged"
    catalogue: str = ""
    guard: Guard = Guard.NONE

    @property
    def forms(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Lexicon:
    """A set of entries, addressable by the key of any of their names.

    ``stopped`` holds the keys of names a user's stop list removed: they are no
    entry's name, and extraction drops them whatever rule finds them.
    """

    entries: tuple[LexiconEntry, ...]
    stopped: frozenset[str] = frozenset()

    def __len__(self) -> int:
        return len(self.entries)

    def by_key(self, *, unguarded_only: bool = False) -> dict[str, LexiconEntry]:
        """Map the key of every name and alias to its entry (first entry wins).

        ``unguarded_only`` leaves out guarded entries: a rule that looks a name up by
        its key alone (not through the matcher, which checks case and context) must
        not find "covid-19" for the guarded dataset "Covid-19".
        """
        index: dict[str, LexiconEntry] = {}
        for entry in self.entries:
            if unguarded_only and entry.guard is not Guard.NONE:
                continue
            for form in entry.forms:
                index.setdefault(name_key(form), entry)
        return index


MAX_LINE_CHARS = 20_000
"""Longest lexicon line (an entry with all its aliases) read."""
MAX_NAME_CHARS = 300
"""Longest name or alias."""
MAX_ALIASES = 1_000
"""Most aliases one entry may have."""

_JSON_SHAPE = '{"name": "FooNet", "type": "Model", "aliases": ["Foo-Net"]}'


def parse_lexicon_lines(lines: Iterable[str], source: str) -> Iterator[LexiconEntry]:
    """Parse TSV (or JSON Lines) lexicon lines.

    Raises:
        LexiconError: a line is malformed; names ``source``, the line and the fix.
    """
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if len(line) > MAX_LINE_CHARS:
            raise LexiconError(
                f"line has {len(line):,} characters, more than {MAX_LINE_CHARS:,}: "
                "split it into entries of one entity each",
                source,
                number,
            )
        if line.lstrip().startswith(("{", "[")):
            yield _entry_from_json(line, source, number)
            continue
        columns = line.split("\t")
        if len(columns) < 2:
            raise LexiconError(
                "expected 'name<TAB>type<TAB>aliases<TAB>catalogue<TAB>guard' (the last "
                "three optional), got 1 column: separate the columns with tabs",
                source,
                number,
            )
        name, type_text, aliases, catalogue, guard = (*columns, "", "", "")[:5]
        yield _entry(name.strip(), type_text, aliases.split("|"), source, number, catalogue, guard)


def _entry_from_json(line: str, source: str, number: int) -> LexiconEntry:
    try:
        record = bounded_json.loads(line)
    except json.JSONDecodeError as err:
        raise LexiconError(
            f"invalid JSON at column {err.colno}: {err.msg}; write one object per line "
            f"like {_JSON_SHAPE}",
            source,
            number,
        ) from err
    except ValueError as err:  # JSONLimitError: nested too deeply, a number too long
        raise LexiconError(
            f"JSON not read: {err}; write one flat object per line like {_JSON_SHAPE}",
            source,
            number,
        ) from err
    if not isinstance(record, dict):
        raise LexiconError(
            f"a JSON entry must be an object, got {_json_kind(record)}; write {_JSON_SHAPE}",
            source,
            number,
        )
    for key in ("name", "type"):
        if key not in record:
            raise LexiconError(f"a JSON entry needs '{key}'; write {_JSON_SHAPE}", source, number)
    name = _json_string(record, "name", source, number)
    type_text = _json_string(record, "type", source, number)
    aliases = record.get("aliases")
    if aliases is None:
        aliases = []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise LexiconError(
            f"'aliases' must be a list of strings, got {_json_kind(aliases)}; "
            'write "aliases": ["Foo-Net", "Foo Net"]',
            source,
            number,
        )
    optional: dict[str, str] = {}
    for key in ("catalogue", "guard"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise LexiconError(f"'{key}' must be a string, got {_json_kind(value)}", source, number)
        optional[key] = value or ""
    return _entry(
        name, type_text, aliases, source, number, optional["catalogue"], optional["guard"]
    )


def _json_string(record: dict[str, object], key: str, source: str, number: int) -> str:
    value = record[key]
    if not isinstance(value, str):
        example = "FooNet" if key == "name" else "Model"
        raise LexiconError(
            f'\'{key}\' must be a string, got {_json_kind(value)}; write "{key}": "{example}"',
            source,
            number,
        )
    return value


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list" if all(isinstance(v, str) for v in value) else "a list of non-strings"
    return "an object"


def _entry(
    name: str,
    type_text: str,
    aliases: Sequence[str],
    source: str,
    number: int,
    catalogue: str = "",
    guard_text: str = "",
) -> LexiconEntry:
    if len(aliases) > MAX_ALIASES:
        raise LexiconError(
            f"{len(aliases):,} aliases, more than {MAX_ALIASES:,}: split the entry",
            source,
            number,
        )
    for form in (name, *aliases):
        if len(form) > MAX_NAME_CHARS:
            raise LexiconError(
                f"name of {len(form):,} characters, more than {MAX_NAME_CHARS}: "
                "a name or alias is a few words",
                source,
                number,
            )
        if not _is_text(form):
            raise LexiconError(
                f"name {form!r} holds a lone surrogate: write the character it stands for",
                source,
                number,
            )
    if not name_key(name):
        raise LexiconError(
            f"entry name {name!r} has no letters or digits: give the entity's name",
            source,
            number,
        )
    try:
        entity_type = EntityType.parse(type_text)
        guard = Guard.parse(guard_text)
    except ValueError as err:
        raise LexiconError(str(err), source, number) from err
    cleaned = tuple(a.strip() for a in aliases if a.strip() and name_key(a.strip()))
    return LexiconEntry(name, entity_type, cleaned, source, catalogue.strip(), guard)


def _is_text(form: str) -> bool:
    try:
        form.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def packaged_lexicon_lines() -> list[str]:
    """Return the lines of the packaged lexicon."""
    text = resources.files(__package__).joinpath("lexicon.tsv").read_text(encoding="utf-8")
    return text.splitlines()


def load_lexicon(
    extra: Sequence[str | Path] = (),
    *,
    packaged: bool = True,
    stop_list_paths: Sequence[str | Path] = (),
) -> Lexicon:
    """Load the packaged lexicon, user lexicon files and stop lists.

    Args:
        extra: user lexicon files (TSV or JSON Lines); later files win.
        packaged: include the packaged lexicon.
        stop_list_paths: files of names never to extract, one per line (``#`` comments;
            of a TSV line only the first column is read, so a lexicon file is a stop
            list of its names).

    Returns:
        The merged lexicon: a user entry comes first and replaces any packaged entry
        sharing a name key; a stopped name is removed from every entry (an entry whose
        own name is stopped is removed whole) and kept in ``Lexicon.stopped``.

    Raises:
        LexiconError: a file is missing or malformed (names the file and line).
    """
    packaged_entries: list[LexiconEntry] = []
    if packaged:
        packaged_entries = list(
            parse_lexicon_lines(packaged_lexicon_lines(), "graphbuild/lexicon/lexicon.tsv")
        )
    user_entries: list[LexiconEntry] = []
    for path in extra:
        found = list(parse_lexicon_lines(_read_lines(path, "lexicon"), str(path)))
        replaced = {name_key(form) for e in found for form in e.forms}
        user_entries = [e for e in user_entries if not replaced & {name_key(f) for f in e.forms}]
        packaged_entries = [
            e for e in packaged_entries if not replaced & {name_key(f) for f in e.forms}
        ]
        user_entries = found + user_entries  # later files first: they win lookups
    entries = user_entries + packaged_entries
    stopped = frozenset(key for path in stop_list_paths for key in _stop_list_keys(path))
    if stopped:
        entries = [
            replace(e, aliases=tuple(a for a in e.aliases if name_key(a) not in stopped))
            for e in entries
            if name_key(e.name) not in stopped
        ]
    return Lexicon(tuple(entries), stopped)


def _read_lines(path: str | Path, what: str) -> list[str]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as err:
        raise LexiconError(f"cannot read {what}: {err.strerror}", path) from err
    except UnicodeDecodeError as err:
        raise LexiconError(f"{what} is not UTF-8 text: save it as UTF-8", path) from err
    return text.splitlines()


def _stop_list_keys(path: str | Path) -> Iterator[str]:
    for number, raw in enumerate(_read_lines(path, "stop list"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name = line.split("\t", 1)[0].strip()
        key = name_key(name)
        if not key or len(name) > MAX_NAME_CHARS:
            raise LexiconError(
                f"stop list entry {name[:40]!r} is not a name: write one name per line",
                path,
                number,
            )
        yield key
