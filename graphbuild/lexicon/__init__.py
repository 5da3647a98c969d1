"""The packaged entity lexicon and its loader.

The lexicon is a reviewable TSV file (``lexicon.tsv`` beside this module):
``name<TAB>type<TAB>alias|alias``, ``#`` comments and blank lines allowed.
Users extend it with files of the same shape (``--lexicon FILE``), or JSON
Lines with ``name``, ``type`` and ``aliases``; a user entry replaces a packaged
entry with the same normalised name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graphbuild.errors import LexiconError
from graphbuild.model import EntityType
from graphbuild.normalize import name_key


@dataclass(frozen=True)
class LexiconEntry:
    """One known entity: its canonical name, type and other names."""

    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    source: str = "packaged"

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
        if len(columns) < 2 or len(columns) > 3:
            raise LexiconError(
                f"expected 'name<TAB>type<TAB>aliases', got {len(columns)} column(s)",
                source,
                number,
            )
        name, type_text = columns[0].strip(), columns[1].strip()
        aliases = columns[2] if len(columns) == 3 else ""
        yield _entry(name, type_text, aliases.split("|"), source, number)


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
    return _entry(str(record["name"]), str(record["type"]), aliases, source, number)


def _entry(
    name: str, type_text: str, aliases: Sequence[str], source: str, number: int
) -> LexiconEntry:
    if not name_key(name):
        raise LexiconError(f"entry name {name!r} has no letters or digits", source, number)
    try:
        entity_type = EntityType.parse(type_text)
    except ValueError as err:
        raise LexiconError(str(err), source, number) from err
    cleaned = tuple(a.strip() for a in aliases if a.strip() and name_key(a.strip()))
    return LexiconEntry(name, entity_type, cleaned, source)


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
