"""The packaged entity lexicon and its loader.

The lexicon is a reviewable TSV file (``lexicon.tsv`` beside this module):
``name<TAB>type<TAB>alias|alias<TAB>catalogue<TAB>guard``, ``#`` comments and
blank lines allowed; the last three columns may be left out.

- ``catalogue`` says where the entry came from: ``core`` for the hand-written
  entries, otherwise the id of the public catalogue it was taken from (see
  ``data/lexicon-sources/`` and ``graphbuild.lexicon.catalogues``, which
  regenerate the file).
- ``guard`` protects names that are also ordinary words: ``case`` means the
  text must spell the name with the same letter case as written (``MATH``,
  ``LOGIC``); ``context`` means a type word must stand near it ("the Birds
  dataset"). Empty: no guard.

Users extend it with files of the same shape (``--lexicon FILE``), or JSON
Lines with ``name``, ``type`` and optional ``aliases``, ``catalogue`` and
``guard``; a user entry replaces a packaged entry with the same normalised name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from importlib import resources
from pathlib import Path

from graphbuild.errors import LexiconError
from graphbuild.model import EntityType
from graphbuild.normalize import name_key


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
        raise ValueError(f"unknown guard {text!r}; expected 'case', 'context' or nothing")


@dataclass(frozen=True)
class LexiconEntry:
    """One known entity: its canonical name, type and other names.

    ``source`` is the file the entry was read from; ``catalogue`` the catalogue it was
    taken from (``core``: hand-written); ``guard`` what a match needs besides spelling.
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
    """A set of entries, addressable by the key of any of their names."""

    entries: tuple[LexiconEntry, ...]

    def __len__(self) -> int:
        return len(self.entries)

    def by_key(self) -> dict[str, LexiconEntry]:
        """Map the key of every name and alias to its entry (first entry wins)."""
        index: dict[str, LexiconEntry] = {}
        for entry in self.entries:
            for form in entry.forms:
                index.setdefault(name_key(form), entry)
        return index


def parse_lexicon_lines(lines: Iterable[str], source: str) -> Iterator[LexiconEntry]:
    """Parse TSV lexicon lines; raise LexiconError naming ``source`` and the line."""
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.lstrip().startswith("{"):
            yield _entry_from_json(line, source, number)
            continue
        columns = line.split("\t")
        if len(columns) < 2 or len(columns) > 5:
            raise LexiconError(
                "expected 'name<TAB>type<TAB>aliases<TAB>catalogue<TAB>guard' (the last "
                f"three optional), got {len(columns)} column(s)",
                source,
                number,
            )
        name, type_text, aliases, catalogue, guard = (*columns, "", "", "")[:5]
        yield _entry(name.strip(), type_text, aliases.split("|"), source, number, catalogue, guard)


def _entry_from_json(line: str, source: str, number: int) -> LexiconEntry:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise LexiconError(f"invalid JSON: {err.msg}", source, number) from err
    if not isinstance(record, dict) or "name" not in record or "type" not in record:
        raise LexiconError("a JSON entry needs 'name' and 'type'", source, number)
    aliases = record.get("aliases") or []
    if not isinstance(aliases, list):
        raise LexiconError("'aliases' must be a list of strings", source, number)
    catalogue, guard = record.get("catalogue") or "", record.get("guard") or ""
    if not isinstance(catalogue, str) or not isinstance(guard, str):
        raise LexiconError("'catalogue' and 'guard' must be strings", source, number)
    return _entry(
        str(record["name"]), str(record["type"]), aliases, source, number, catalogue, guard
    )


def _entry(
    name: str,
    type_text: str,
    aliases: Sequence[str],
    source: str,
    number: int,
    catalogue: str = "",
    guard_text: str = "",
) -> LexiconEntry:
    if not name_key(name):
        raise LexiconError(f"entry name {name!r} has no letters or digits", source, number)
    try:
        entity_type = EntityType.parse(type_text)
        guard = Guard.parse(guard_text)
    except ValueError as err:
        raise LexiconError(str(err), source, number) from err
    cleaned = tuple(a.strip() for a in aliases if a.strip() and name_key(a.strip()))
    return LexiconEntry(name, entity_type, cleaned, source, catalogue.strip(), guard)


def packaged_lexicon_lines() -> list[str]:
    """Return the lines of the packaged lexicon."""
    text = resources.files(__package__).joinpath("lexicon.tsv").read_text(encoding="utf-8")
    return text.splitlines()


def load_lexicon(extra: Sequence[str | Path] = (), *, packaged: bool = True) -> Lexicon:
    """Load the packaged lexicon and any user lexicon files.

    Args:
        extra: user lexicon files (TSV or JSON Lines); later files win.
        packaged: include the packaged lexicon.

    Returns:
        The merged lexicon; a user entry replaces any packaged entry sharing a name key.

    Raises:
        LexiconError: a file is missing or malformed (names the file and line).
    """
    entries: list[LexiconEntry] = []
    if packaged:
        entries.extend(parse_lexicon_lines(packaged_lexicon_lines(), "graphbuild/lexicon.tsv"))
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as err:
            raise LexiconError(f"cannot read lexicon: {err.strerror}", path) from err
        except UnicodeDecodeError as err:
            raise LexiconError("lexicon is not UTF-8 text", path) from err
        user_entries = list(parse_lexicon_lines(text.splitlines(), str(path)))
        replaced = {name_key(form) for e in user_entries for form in e.forms}
        entries = [e for e in entries if not replaced & {name_key(f) for f in e.forms}]
        entries.extend(user_entries)
    return Lexicon(tuple(entries))
