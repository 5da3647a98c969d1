"""Typed records passed between the pipeline stages (read -> extract -> resolve -> build)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class EntityType(str, Enum):
    """The four entity types of ../shared/eval/GUIDELINES.md; the value is the node label."""

    MODEL = "Model"
    DATASET = "Dataset"
    BENCHMARK = "Benchmark"
    METHOD = "Method"

    @classmethod
    def parse(cls, text: str) -> EntityType:
        """Return the type named by ``text`` (case-insensitive), or raise ValueError."""
        for member in cls:
            if member.value.lower() == text.strip().lower():
                return member
        raise ValueError(
            f"unknown entity type {text!r}; expected one of " + ", ".join(m.value for m in cls)
        )


class Field(str, Enum):
    """Where in a paper a mention was found."""

    TITLE = "title"
    ABSTRACT = "abstract"


@dataclass(frozen=True)
class SourceRef:
    """Where a paper record was read: a file (or ``<stdin>``) and a 1-based line or record."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


#: Identifier kinds a Paper may carry in ``Paper.ids``, strongest first: the first kind a
#: paper has names it (``Paper.id`` is ``<kind>:<value>``), unless it has none, and then
#: ``title:<hash of the normalised title>``. ``ref`` is the hash of a reference string
#: that names a cited work without title or id (Web of Science ``Cited-References``).
ID_KINDS = (
    "arxiv",
    "doi",
    "openalex",
    "s2",
    "s2corpus",
    "acl",
    "pubmed",
    "pmc",
    "mag",
    "dblp",
    "citeseer",
    "ref",
)

Ids = tuple[tuple[str, str], ...]
"""(kind, value) pairs, sorted; a kind may repeat only for ``ref``."""


@dataclass(frozen=True)
class Author:
    """A person named on a paper; ``ids`` holds ``orcid``, ``openalex``, ``s2`` when known."""

    name: str
    ids: Ids = ()


@dataclass(frozen=True)
class Venue:
    """Where a paper was published; ``ids`` holds ``openalex``, ``issn``, ``s2`` when known."""

    name: str
    ids: Ids = ()


@dataclass(frozen=True)
class Citation:
    """A resolved citation: paper ``citing`` cites paper ``cited``, as the sources say."""

    citing: str
    cited: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Paper:
    """One paper as read from a listing or record; ``id`` is stable across runs.

    ``id`` is ``arxiv:<id>`` when an arXiv id is known, ``doi:<doi>`` when only
    a DOI is, then the other kinds of :data:`ID_KINDS` in that order, then
    ``id:<user_id>`` when only the user's own id is (a record's ``id`` that is
    neither), and otherwise ``title:<hash of the normalised title>``. ``ids`` keeps
    every id the paper was given. ``references`` and ``cited_by`` are the works a
    record says this paper cites and is cited by (one-source papers themselves,
    usually stubs flagged ``referenced_only``); the read stage turns them into
    :class:`Citation` records and leaves them empty on the papers it returns.
    ``citation_source`` names the source kind those links come from (``openalex``,
    ``wos`` ...).
    """

    id: str
    title: str
    abstract: str
    norm_title: str
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None
    date: str | None = None
    listing_date: str | None = None
    authors: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    ids: Ids = ()
    year: int | None = None
    venue: Venue | None = None
    authorships: tuple[Author, ...] = ()
    referenced_only: bool = False
    references: tuple[Paper, ...] = ()
    cited_by: tuple[Paper, ...] = ()
    citation_source: str = ""
    user_id: str | None = None

    def text(self, where: Field) -> str:
        return self.title if where is Field.TITLE else self.abstract


class Mention(NamedTuple):
    """One occurrence of an entity name in a paper, with its evidence.

    ``start``/``end`` are character offsets into the paper's ``field`` text.
    ``rule`` names what found it (``lexicon`` or a discovery rule);
    ``introduced`` is set when the paper presents the name as its own contribution;
    ``short_form`` when the paper defines an abbreviation for it (``Long Form (LF)``);
    ``why`` says why it got its type, in words (empty: the lexicon entry's type).

    A NamedTuple rather than a frozen dataclass: every paper makes several, and a frozen
    dataclass sets each of its twelve fields through ``object.__setattr__``.
    """

    paper_id: str
    surface: str
    start: int
    end: int
    field: Field
    type: EntityType
    rule: str
    canonical_hint: str | None = None
    aliases: tuple[str, ...] = ()
    introduced: bool = False
    short_form: str | None = None
    why: str = ""


@dataclass(frozen=True)
class Entity:
    """A canonical entity after resolution; ``id`` is the normalised key of ``name``."""

    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...] = field(default=())
