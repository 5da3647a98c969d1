"""What extraction hands on, in a compact form: per-paper mention rows and their summary.

Every engine extracts chunks of papers with `extract_chunk` (in this process, in worker
processes or on Dask workers) and gets back, per chunk:

* one tuple of `Row` per paper: the paper's mentions as plain tuples, with the key
  resolution groups them under, cheap to pickle and to spill to disk;
* a `MentionGroup` summary per key (`graphbuild.resolve.group_mentions`): what resolution
  needs, growing with the distinct names of the chunk, not with its mentions.

After resolution, `Tally` folds the rows paper by paper into what the graph needs
beyond them: each entity's paper and mention counts and, per pair of entities, the
papers naming both. Its size grows with distinct entities and pairs.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, TypeVar

from graphbuild.build import type_by_votes
from graphbuild.extract import Extractor
from graphbuild.model import Field, Mention, Paper
from graphbuild.readers import ReadWarning
from graphbuild.resolve import MentionGroup, Resolution, group_keyed, mention_key

T = TypeVar("T")

Row = tuple[Any, ...]
"""One mention: its resolution key (`resolve.mention_key`), then the fields of `Mention`
after ``paper_id``, in order: surface, start, end, field, type, rule, canonical_hint,
aliases, introduced, short_form, and any later ones."""

PaperUse = tuple[int, tuple[str, ...], tuple[str, ...]]
"""What DRAWS_ON needs of a paper: its rank, the entities it names, those it introduces."""

PaperText = tuple[str, str, str]
"""What extraction reads of a paper: (id, title, abstract)."""


PackedGroup = tuple[
    dict[str, int],
    dict[Any, int],
    dict[str, int] | None,
    dict[Any, int] | None,
    dict[str, int] | None,
    dict[str, int] | None,
]
"""A `MentionGroup` as plain dicts, its counters in field order (None: empty), to send."""


@dataclass
class WrittenChunks:
    """Chunks of rows and of nodes a worker pickled into files of its own, for `Spill.adopt`."""

    rows_path: str
    rows_sizes: list[int]
    nodes_path: str
    nodes_sizes: list[int]
    items: list[int]
    """Papers in each chunk."""


@dataclass
class Chunk:
    """The extraction of consecutive papers: rows per paper, and the summary by key.

    ``nodes`` holds each paper's rendered ``<node>`` element and ``kinds`` the kinds of
    their attributes, when the worker rendered them too (`graphml_out.PaperNodes`).
    """

    rows: list[tuple[Row, ...]]
    groups: dict[str, MentionGroup]
    nodes: list[str] = field(default_factory=list)
    kinds: dict[str, set[type]] = field(default_factory=dict)
    warnings: list[tuple[str, ReadWarning]] = field(default_factory=list)
    # Set by a worker that pickled ``rows`` and ``nodes`` for the parent's spill and
    # packed ``groups`` (`pack_groups`) for the way back.
    pickled_rows: bytes | None = None
    pickled_nodes: bytes | None = None
    packed_groups: dict[str, PackedGroup] | None = None
    # Set by a worker that wrote the rows and nodes of several chunks to files itself.
    written: WrittenChunks | None = None
    papers: int = 0


def pack_groups(groups: dict[str, MentionGroup]) -> dict[str, PackedGroup]:
    """Return ``groups`` as plain dicts, to send to another process.

    Plain dicts pickle and unpickle in C, where each `Counter` is rebuilt by a Python
    call (six per name, thousands of names per chunk).
    """
    return {
        key: (
            dict(g.surfaces),
            dict(g.types),
            dict(g.lexicon_names) or None,
            dict(g.lexicon_types) or None,
            dict(g.short_forms) or None,
            dict(g.long_forms) or None,
        )
        for key, g in groups.items()
    }


def merge_packed(into: dict[str, MentionGroup], packed: dict[str, PackedGroup]) -> None:
    """`graphbuild.resolve.merge_groups` of packed groups: the same counts, in the same order."""
    for key, (surfaces, types, names, name_types, short_forms, long_forms) in packed.items():
        group = into.get(key)
        if group is None:
            into[key] = MentionGroup(
                _counted(surfaces),
                _counted(types),
                _counted(names),
                _counted(name_types),
                _counted(short_forms),
                _counted(long_forms),
            )
            continue
        group.surfaces.update(surfaces)
        group.types.update(types)
        if names:
            group.lexicon_names.update(names)
        if name_types:
            group.lexicon_types.update(name_types)
        if short_forms:
            group.short_forms.update(short_forms)
        if long_forms:
            group.long_forms.update(long_forms)


def _counted(counts: Mapping[T, int] | None) -> Counter[T]:
    """A `Counter` of ``counts``, made in C: ``Counter(counts)`` runs two Python-level calls
    and an ABC check per group, and a build makes six per distinct name."""
    made: Counter[T] = Counter.__new__(Counter)
    if counts:
        dict.update(made, counts)
    return made


def paper_text(paper: Paper) -> PaperText:
    """The part of ``paper`` extraction needs (all that is sent to a worker)."""
    return (paper.id, paper.title, paper.abstract)


def extract_chunk(extractor: Extractor, papers: Sequence[Paper | PaperText]) -> Chunk:
    """Extract the mentions of ``papers``; the result of a chunk does not depend on its cut."""
    rows: list[tuple[Row, ...]] = []
    keyed: list[tuple[str, Mention]] = []
    for item in papers:
        paper = item if isinstance(item, Paper) else Paper(item[0], item[1], item[2], "")
        paper_rows = []
        for mention in extractor.extract(paper):
            key = mention_key(mention)  # once: the row and the summary share it
            keyed.append((key, mention))
            paper_rows.append((key, *mention[1:]))
        rows.append(tuple(paper_rows))
    return Chunk(rows, group_keyed(keyed), papers=len(rows))


# Every field of Mention after paper_id, in order; rows index surface, start, end, field,
# rule and introduced by position (1, 2, 3, 4, 6, 9).
_FIELDS = Mention._fields[1:]
assert _FIELDS[:10] == (
    "surface", "start", "end", "field", "type", "rule", "canonical_hint", "aliases",
    "introduced", "short_form",
), "Mention's fields moved: update findings.Row"  # fmt: skip


def paper_use(rank: int, rows: Iterable[Row], resolution: Resolution) -> PaperUse:
    """The `PaperUse` of the paper of rank ``rank`` (what `Tally.add` records)."""
    named: dict[str, None] = {}
    introduces: dict[str, None] = {}
    for row in rows:
        entity_id = resolution.entity_id_of_key(row[0])
        named[entity_id] = None
        if row[9]:
            introduces[entity_id] = None
    return rank, tuple(named), tuple(introduces)


@dataclass(frozen=True)
class PaperEdges:
    """The MENTIONS (and INTRODUCES) evidence of one paper and one entity."""

    entity_id: str
    count: int
    in_title: bool
    surfaces: str  # JSON list, as build.py writes it
    spans: str  # JSON list
    typed_as: str  # the type this paper gives the entity (build.paper_type)
    introduced_rule: str | None
    introduced_surface: str | None


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


_json_string = json.encoder.encode_basestring
"""A str as `json.dumps(..., ensure_ascii=False)` writes it (the C encoder)."""


def paper_edges(rows: Iterable[Row], resolution: Resolution) -> list[PaperEdges]:
    """One paper's evidence per entity, sorted by entity id (as `build.build_graph` makes it).

    Rendering the graph calls this for every paper: the values are spelled here as
    `build.py`'s ``json.dumps`` spells them, without building `Mention` records, and an
    entity named once (most of them) takes a shorter path; the tests compare the bytes
    with the in-memory build's.
    """
    by_entity: dict[str, list[Row]] = {}
    entity_of = resolution.entity_id_of_key
    for row in rows:
        entity_id = entity_of(row[0])
        found = by_entity.get(entity_id)
        if found is None:
            by_entity[entity_id] = [row]
        else:
            found.append(row)
    edges = []
    for entity_id in sorted(by_entity):
        found = by_entity[entity_id]
        if len(found) == 1:
            row = found[0]
            place = row[4]
            edges.append(
                PaperEdges(
                    entity_id,
                    1,
                    place is Field.TITLE,
                    f"[{_json_string(row[1])}]",
                    f"[[{_json_string(place.value)}, {int(row[2])}, {int(row[3])}]]",
                    row[5].value,
                    row[6] if row[9] else None,
                    row[1] if row[9] else None,
                )
            )
            continue
        spans = sorted([r[4].value, r[2], r[3]] for r in found)
        introduced = sorted((r for r in found if r[9]), key=lambda r: (r[4].value, r[2]))
        edges.append(
            PaperEdges(
                entity_id,
                len(found),
                any(r[4] is Field.TITLE for r in found),
                _json(sorted({r[1] for r in found})),
                _json(spans),
                type_by_votes([(r[5], r[6] == "lexicon" and bool(r[7])) for r in found]).value,
                introduced[0][6] if introduced else None,
                introduced[0][1] if introduced else None,
            )
        )
    return edges


@dataclass
class Tally:
    """Entity counts and co-mention pairs, added up paper by paper.

    Papers are added in output order (their rank); each pair keeps the ranks of the
    papers naming both, in an ``array`` of 8-byte ints, so that a pair costs a few
    bytes per paper and nothing per mention.
    """

    entity_papers: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    entity_mentions: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pairs: dict[tuple[str, str], array[int]] = field(default_factory=dict)
    introduced: set[str] = field(default_factory=set)
    uses: list[PaperUse] | None = None
    """Each paper's `PaperUse`, in rank order, when made a list (for DRAWS_ON): the
    same pass over the rows serves both."""

    def add(self, rank: int, rows: Sequence[Row], resolution: Resolution) -> None:
        """Count the paper of output rank ``rank`` with its mention ``rows``."""
        if not rows:
            return
        counts: dict[str, int] = defaultdict(int)
        introduces: dict[str, None] = {}
        for row in rows:
            entity_id = resolution.entity_id_of_key(row[0])
            counts[entity_id] += 1
            if row[9]:
                introduces[entity_id] = None
        self.introduced.update(introduces)
        if self.uses is not None:
            self.uses.append((rank, tuple(counts), tuple(introduces)))
        for entity_id, n in counts.items():
            self.entity_papers[entity_id] += 1
            self.entity_mentions[entity_id] += n
        pairs = self.pairs
        for pair in combinations(sorted(counts), 2):
            papers = pairs.get(pair)
            if papers is None:
                papers = pairs[pair] = array("q")
            papers.append(rank)
