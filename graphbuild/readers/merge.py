"""One identity per work: fold one-source papers into distinct papers, and resolve citations.

Two records are the same work when

1. they share an identifier (any kind of :data:`~graphbuild.model.ID_KINDS`: arXiv id,
   DOI, OpenAlex W-id, S2 paperId, ...), or
2. they have the same normalised title, or
3. they have titles at least :data:`TITLE_SIMILARITY` alike (rapidfuzz ratio) in the same
   block -- same year and same first three title words -- with the same numbers and
   negations in both titles,

unless they conflict: for the strongest identifier kind both carry (arXiv, then DOI,
then OpenAlex ...), they share no value; or they matched by title only and carry
different years. Conflicting papers stay apart with a warning. Titles never merge a
preprint with a different paper that has a similar title: different arXiv ids, DOIs or
years, or a differing number ("Part 2", "22 vectors") keep them apart.

Every merge of records with different ids is recorded as a :class:`PaperMerge` with its
reason (``--explain-merges``). Works known only from another record's reference or
citation list are stubs (``referenced_only``); a stub merged with a record becomes that
record (its title, venue and authors win).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from graphbuild.model import ID_KINDS, Citation, Paper, SourceRef
from graphbuild.readers.base import ReadWarning
from graphbuild.readers.identity import paper_id

#: rapidfuzz ``ratio`` (0-100) at which two normalised titles of one block are one work.
TITLE_SIMILARITY = 95.0
_NUMBER = re.compile(r"\d+")
_NEGATIONS = frozenset({"not", "no", "without", "non", "beyond"})
_ROMAN = frozenset("i ii iii iv v vi vii viii ix x xi xii".split())
_FUNCTION_WORDS = frozenset(
    "a an the of on in for and to with by at from la le les de des du et".split()
)
#: rapidfuzz ratio at which a word one title has is a spelling variant of one the other has.
_WORD_SIMILARITY = 75.0
_ID_ORDER = {kind: index for index, kind in enumerate(ID_KINDS)}


@dataclass(frozen=True)
class PaperMerge:
    """A record merged into a paper with another id, and why (``--explain-merges``)."""

    merged: str
    into: str
    reason: str
    source: SourceRef

    def __str__(self) -> str:
        return f"merged paper {self.merged} into {self.into}: {self.reason} ({self.source})"


class PaperMerger:
    """Fold papers read one by one into distinct papers, in order of first appearance.

    :meth:`add` returns a handle of the paper (a slot); :meth:`paper_of` tells which
    distinct paper a handle ended in, after later merges.
    """

    def __init__(self, *, fuzzy: bool = True, text_length: Callable[[str], int] = len) -> None:
        """``text_length`` gives an abstract's length (`graphbuild.readers.text_store`)."""
        self._text_length = text_length
        self._slots: list[Paper | None] = []
        self._parent: list[int] = []
        self._keys: dict[str, int] = {}
        self._blocks: dict[tuple[int, str], list[int]] = defaultdict(list)
        self._block_titles: dict[tuple[int, str], list[str]] = defaultdict(list)
        self._order: dict[SourceRef, int] = {}
        self._warnings: list[ReadWarning] = []
        self._conflicts: set[tuple[str, str]] = set()
        self._merges: list[tuple[int, str, str, str, SourceRef]] = []
        self._fuzzy = fuzzy
        self._renamed: dict[int, str] | None = None

    def add(self, paper: Paper) -> int:
        """Add a one-source paper, merging it with every earlier paper it matches.

        Returns:
            The handle of the paper; pass it to :meth:`paper_of`.
        """
        self._renamed = None
        paper = self._settle_user_id(paper)
        for source in paper.sources:
            self._order.setdefault(source, len(self._order))
        keys = _keys(paper)
        found: dict[int, str] = {}
        for key in keys:
            if key in self._keys:
                slot = self._find(self._keys[key])
                found.setdefault(slot, _key_reason(key))
        if self._fuzzy and not found:
            similar = self._similar(paper)
            if similar is not None:
                found[similar[0]] = similar[1]
        target = len(self._slots)
        self._slots.append(paper)
        self._parent.append(target)
        for index in sorted(found):
            first, second = min(index, target), max(index, target)
            earlier, later = self._slots[first], self._slots[second]
            assert earlier is not None and later is not None
            reason = found[index]
            if not _compatible(earlier, later, by_title=reason.startswith(("same", "similar"))):
                self._warn_conflict(earlier, later)
                continue
            # Resolving a cited work by its id is no news; by its title it is.
            stub = earlier.referenced_only or later.referenced_only
            both = earlier.referenced_only and later.referenced_only
            trivial = (stub and reason.startswith("shared")) or (both and reason.startswith("same"))
            if earlier.id != later.id and not trivial:
                self._merges.append((first, earlier.id, later.id, reason, later.sources[0]))
            self._slots[first] = self._merge(earlier, later)
            self._slots[second] = None
            self._parent[second] = first
            target = first
        final = self._slots[target]
        assert final is not None
        # Register the record's own keys and the merged paper's, so that later records
        # find it by any of them (a title variant included).
        for key in (*keys, *_keys(final)):
            self._keys.setdefault(key, target)
        self._add_to_block(final, target)
        return target

    def paper_of(self, handle: int) -> Paper:
        """Return the distinct paper a handle from :meth:`add` belongs to now."""
        slot = self._find(handle)
        paper = self._slots[slot]
        assert paper is not None
        unique = self._unique_ids().get(slot)
        return paper if unique is None else replace(paper, id=unique)

    def papers(self) -> tuple[Paper, ...]:
        """Return the distinct papers, in order of first appearance, with distinct ids."""
        return tuple(self.paper_of(i) for i, p in enumerate(self._slots) if p is not None)

    def _unique_ids(self) -> dict[int, str]:
        """Slots whose paper needs another id: papers kept apart that have the same one.

        Two works with one title but different years both get ``title:<hash>``; the later
        one becomes ``title:<hash>-<year>`` (or ``-2``, ``-3`` ...). Cached until the next add.
        """
        if self._renamed is not None:
            return self._renamed
        seen: set[str] = set()
        renamed: dict[int, str] = {}
        for slot, paper in enumerate(self._slots):
            if paper is None:
                continue
            if paper.id in seen:
                candidate = f"{paper.id}-{paper.year}" if paper.year else paper.id
                number = 2
                while candidate in seen:
                    candidate = f"{paper.id}-{number}"
                    number += 1
                renamed[slot] = candidate
                seen.add(candidate)
            else:
                seen.add(paper.id)
        self._renamed = renamed
        return renamed

    def warnings(self) -> tuple[ReadWarning, ...]:
        return tuple(self._warnings)

    def merges(self) -> tuple[PaperMerge, ...]:
        """Return the merges of records with different ids, with the final paper ids."""
        found: dict[tuple[str, str, str], PaperMerge] = {}
        for slot, earlier, later, reason, source in self._merges:
            into = self.paper_of(slot).id
            # Name the record whose id did not survive (the later one's, usually).
            merged = later if later != into else earlier
            if merged != into:
                found.setdefault((merged, into, reason), PaperMerge(merged, into, reason, source))
        return tuple(found.values())

    def _find(self, slot: int) -> int:
        root = slot
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[slot] != root:  # path compression
            self._parent[slot], slot = root, self._parent[slot]
        return root

    def _add_to_block(self, paper: Paper, slot: int) -> None:
        block = _block(paper)
        if block is None or not self._fuzzy:
            return
        self._blocks[block].append(slot)
        self._block_titles[block].append(paper.norm_title)

    def _similar(self, paper: Paper) -> tuple[int, str] | None:
        block = _block(paper)
        if block is None or block not in self._blocks:
            return None
        titles = self._block_titles[block]
        for title, score, index in process.extract(
            paper.norm_title, titles, scorer=fuzz.ratio, score_cutoff=TITLE_SIMILARITY, limit=5
        ):
            if _same_markers(title, paper.norm_title):
                slot = self._find(self._blocks[block][index])
                return slot, f"similar title (ratio {score:.1f}) and same year {paper.year}"
        return None

    def _settle_user_id(self, paper: Paper) -> Paper:
        """Drop ``paper``'s user id if an earlier, different paper already holds it.

        A user's own id joins records only when they agree on the title, an arXiv id or
        a DOI too: row numbers of two files are not the same paper.
        """
        if paper.user_id is None:
            return paper
        index = self._keys.get(f"id:{paper.user_id}")
        earlier = self._slots[self._find(index)] if index is not None else None
        if earlier is None or _same_paper(earlier, paper):
            return paper
        self._warnings.append(
            ReadWarning(
                paper.sources[0],
                f'"id" {paper.user_id!r} already names another paper ({earlier.sources[0]}: '
                f"{earlier.title!r}); kept as two papers, this one without that id",
            )
        )
        return replace(
            paper,
            user_id=None,
            id=paper_id(paper.title, paper.arxiv_id, paper.doi, None, paper.ids),
        )

    def _warn_conflict(self, earlier: Paper, later: Paper) -> None:
        # One warning per pair of papers, not per duplicate record of the later one.
        if (earlier.id, later.id) in self._conflicts:
            return
        self._conflicts.add((earlier.id, later.id))
        what = (
            "a different year"
            if earlier.id == later.id or _shares_no_strong_kind(earlier, later)
            else f"a different identifier ({later.id})"
        )
        self._warnings.append(
            ReadWarning(
                later.sources[0],
                f"same title as {earlier.id} ({earlier.sources[0]}) but {what}; kept as two papers",
            )
        )

    def _merge(self, first: Paper, second: Paper) -> Paper:
        # ``first`` appeared first: its title wins, unless it is only a stub known from a
        # reference list and ``second`` is a record. The longer abstract and every
        # identifier win, so a listing entry gains the arXiv id of a matching record.
        main, other = (
            (second, first) if first.referenced_only > second.referenced_only else (first, second)
        )
        ids = tuple(sorted(set(first.ids) | set(second.ids), key=lambda p: (_ID_ORDER[p[0]], p[1])))
        arxiv_id = main.arxiv_id or other.arxiv_id
        doi = main.doi or other.doi
        # A stub's sources are where it was cited; once a record gives the work, the
        # paper's sources are where it was read.
        if first.referenced_only != second.referenced_only:
            sources = list(main.sources)
        else:
            sources = sorted({*first.sources, *second.sources}, key=self._order.__getitem__)
        title = main.title or other.title
        user_id = main.user_id or other.user_id
        return replace(
            main,
            id=paper_id(title, arxiv_id, doi, user_id, ids),
            user_id=user_id,
            title=title,
            norm_title=main.norm_title or other.norm_title,
            abstract=(
                other.abstract
                if self._text_length(other.abstract) > self._text_length(main.abstract)
                else main.abstract
            ),
            arxiv_id=arxiv_id,
            doi=doi,
            url=main.url or other.url,
            date=main.date or other.date,
            listing_date=main.listing_date or other.listing_date,
            authors=main.authors or other.authors,
            authorships=main.authorships or other.authorships,
            venue=main.venue or other.venue,
            year=main.year or other.year,
            ids=ids,
            referenced_only=first.referenced_only and second.referenced_only,
            sources=tuple(sources),
        )


def _keys(paper: Paper) -> list[str]:
    keys = [f"{kind}:{value}" for kind, value in paper.ids]
    if paper.arxiv_id and f"arxiv:{paper.arxiv_id}" not in keys:
        keys.append(f"arxiv:{paper.arxiv_id}")
    if paper.doi and f"doi:{paper.doi}" not in keys:
        keys.append(f"doi:{paper.doi}")
    if paper.norm_title:
        keys.append(f"title:{paper.norm_title}")
    if paper.user_id:
        keys.append(f"id:{paper.user_id}")
    return keys


def _same_paper(a: Paper, b: Paper) -> bool:
    """Whether two papers share a title, an arXiv id or a DOI (not only a user id)."""
    return bool(
        (a.norm_title and a.norm_title == b.norm_title)
        or (a.arxiv_id and a.arxiv_id == b.arxiv_id)
        or (a.doi and a.doi == b.doi)
    )


def _key_reason(key: str) -> str:
    kind, _, value = key.partition(":")
    if kind == "title":
        return "same normalised title"
    if kind == "id":
        return f"shared user id {value}"
    return f"shared {kind} id {value}"


def _block(paper: Paper) -> tuple[int, str] | None:
    words = paper.norm_title.split()
    if paper.year is None or len(words) < 4:
        return None
    return paper.year, " ".join(words[:3])


def _same_markers(a: str, b: str) -> bool:
    """Titles that differ in a number, a part, a negation or a content word name different works.

    Words only one title has must be spelling variants of a word only the other has
    ("fonde"/"fondé", "categoryif"/"category"), or short function words; "ELECTRE TRI and
    PROMETHEE" is not "ELECTRE and PROMETHEE".
    """
    words_a, words_b = a.split(), b.split()
    if sorted(_NUMBER.findall(a)) != sorted(_NUMBER.findall(b)):
        return False
    for markers in (_NEGATIONS, _ROMAN):
        if markers.intersection(words_a) != markers.intersection(words_b):
            return False
    only_a = set(words_a) - set(words_b) - _FUNCTION_WORDS
    only_b = set(words_b) - set(words_a) - _FUNCTION_WORDS
    return all(
        any(fuzz.ratio(word, other) >= _WORD_SIMILARITY for other in only_b) for word in only_a
    ) and all(
        any(fuzz.ratio(word, other) >= _WORD_SIMILARITY for other in only_a) for word in only_b
    )


def _strong(paper: Paper) -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = defaultdict(set)
    for kind, value in paper.ids:
        if kind != "ref":
            kinds[kind].add(value)
    if paper.arxiv_id:
        kinds["arxiv"].add(paper.arxiv_id)
    if paper.doi:
        kinds["doi"].add(paper.doi)
    return kinds


def _shares_no_strong_kind(a: Paper, b: Paper) -> bool:
    return not set(_strong(a)) & set(_strong(b))


def _compatible(a: Paper, b: Paper, *, by_title: bool) -> bool:
    ids_a, ids_b = _strong(a), _strong(b)
    for kind in ID_KINDS:
        if kind in ids_a and kind in ids_b:
            if not ids_a[kind] & ids_b[kind]:
                return False
            break
    # A title match across years is a different work (or at least not provably the same).
    return not (by_title and a.year and b.year and a.year != b.year)


def resolve_citations(
    merger: PaperMerger, links: Iterable[tuple[int, int, str]]
) -> tuple[Citation, ...]:
    """Turn (citing handle, cited handle, source kind) links into citations between papers.

    Links that end at the same paper (a work citing itself) are dropped.

    Returns:
        One :class:`Citation` per (citing, cited) pair, sorted, each naming every source.
    """
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for citing, cited, source in links:
        a, b = merger.paper_of(citing).id, merger.paper_of(cited).id
        if a != b:
            pairs[(a, b)].add(source)
    return tuple(Citation(a, b, tuple(sorted(kinds))) for (a, b), kinds in sorted(pairs.items()))
