"""Merge the spellings of one entity into one canonical entity; never merge versions.

Mentions are grouped by the key of their name (``name_key``: case, hyphens,
spaces and Greek letters already folded), then groups are merged when

- one is the plural of the other (``adapters`` / ``adapter``),
- an abbreviation was defined with a long form (``DP-SGD`` / ``Differentially
  Private Stochastic Gradient Descent``) — unless the same abbreviation stands for
  different long forms in different papers (``PET``), which stay apart,
- one is the other with a data noun, and the shorter is data (``Places`` / ``Places
  Database``; the ``Alpaca`` model and the ``Alpaca dataset`` stay apart),
- rapidfuzz finds them near-identical (``ratio`` ≥ ``fuzzy_threshold``) within a
  block of keys sharing their first letters, all their digits and their size
  parts, so that the cost stays near linear and ``GPT-3`` never meets ``GPT-4``.

Versions and sizes never merge (GUIDELINES): names that differ in their digits or
in a size or variant part (``ViTamin-L`` / ``ViTamin-XL``, ``Foo-Base`` /
``Foo-Large``, ``Foo-S`` / ``Foo``: ``normalize.variant_signature``) stay apart
under the plural and fuzzy rules.

Every merge is recorded with the spellings it joined and its reason
(``--explain-merges``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from graphbuild.model import Entity, EntityType, Mention
from graphbuild.normalize import name_key, singular_key, variant_signature, version_signature

DEFAULT_FUZZY_THRESHOLD = 92.0
_TYPE_ORDER = (EntityType.MODEL, EntityType.DATASET, EntityType.BENCHMARK, EntityType.METHOD)


@dataclass(frozen=True)
class MergeDecision:
    """One merge: the spellings ``names`` became part of the entity ``into``.

    Attributes:
        names: the spellings papers wrote for the merged names, commonest first
            (for an abbreviation, its short form and its long forms).
        into: the id of the entity they joined.
        into_name: that entity's name.
        reason: why they merged (``plural``, ``fuzzy match (rapidfuzz ratio 95.2)``,
            ``abbreviation and long form``, ...).
    """

    names: tuple[str, ...]
    into: str
    into_name: str
    reason: str

    def __str__(self) -> str:
        spelled = ", ".join(repr(name) for name in self.names)
        return f"merged {spelled} into {self.into_name!r}: {self.reason}"


@dataclass
class Resolution:
    """Canonical entities and how each mention maps to one."""

    entities: dict[str, Entity]
    merges: list[MergeDecision]
    _entity_of_key: dict[str, str] = field(repr=False)

    def entity_id(self, mention: Mention) -> str:
        """Return the id of the entity ``mention`` belongs to."""
        return self._entity_of_key[mention_key(mention)]

    def entity_id_of_key(self, key: str) -> str:
        """Return the id of the entity the mentions under ``key`` (`mention_key`) belong to."""
        return self._entity_of_key[key]


def mention_key(mention: Mention) -> str:
    """The key a mention is grouped under before merging."""
    key = name_key(mention.canonical_hint or mention.surface)
    if mention.rule == "abbreviation" and mention.aliases:
        return f"{key}#{_long_key(mention.aliases[0])}"
    return key


def _long_key(long_form: str) -> str:
    return singular_key(name_key(long_form))


_Merge = Callable[[str, str, str], None]


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            parent = self.parent[item] = self.find(parent)
        return parent

    def union(self, a: str, b: str) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return False
        # The smaller key becomes the root so that the result does not depend on order.
        if root_b < root_a:
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        return True


def _counter() -> Counter[Any]:
    """An empty Counter, made without Counter.__init__ (a Python call: five times slower).

    Every distinct name of every chunk gets a group of six: their making was most of
    the cost of summarising a chunk.
    """
    return Counter.__new__(Counter)


@dataclass
class MentionGroup:
    """What the mentions under one key say: spellings, types, lexicon names, abbreviations."""

    surfaces: Counter[str] = field(default_factory=_counter)
    types: Counter[EntityType] = field(default_factory=_counter)
    lexicon_names: Counter[str] = field(default_factory=_counter)
    # Votes of lexicon mentions: a paper's own words ("the Alpaca dataset") may retype one.
    lexicon_types: Counter[EntityType] = field(default_factory=_counter)
    short_forms: Counter[str] = field(default_factory=_counter)
    long_forms: Counter[str] = field(default_factory=_counter)

    def variants(self) -> frozenset[str]:
        """The size and variant parts of every spelling (``ViTamin-XL``: ``xl``)."""
        return frozenset(part for s in self.surfaces for part in variant_signature(s))

    def spellings(self) -> tuple[str, ...]:
        """The spellings papers wrote, commonest first, then the long forms."""
        ordered = sorted(self.surfaces, key=lambda s: (-self.surfaces[s], s))
        longs = sorted(self.long_forms, key=lambda s: (-self.long_forms[s], s))
        return tuple(dict.fromkeys(ordered + [s for s in longs if s not in self.surfaces]))

    def add(self, other: MentionGroup) -> None:
        """Add the counts of ``other`` to this group."""
        # Most of the counters are empty (no lexicon name, no abbreviation): an update
        # of nothing still costs an ABC check, and there are several per name and chunk.
        self.surfaces.update(other.surfaces)
        self.types.update(other.types)
        if other.lexicon_names:
            self.lexicon_names.update(other.lexicon_names)
        if other.lexicon_types:
            self.lexicon_types.update(other.lexicon_types)
        if other.short_forms:
            self.short_forms.update(other.short_forms)
        if other.long_forms:
            self.long_forms.update(other.long_forms)


# The name the helpers below were written with.
_Group = MentionGroup


def resolve(
    mentions: Iterable[Mention], *, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
) -> Resolution:
    """Group mentions into canonical entities.

    Args:
        mentions: every mention of the corpus.
        fuzzy_threshold: rapidfuzz ``ratio`` (0-100) at or above which two names merge.

    Returns:
        The entities, the mention-to-entity map and the merge decisions.
    """
    return resolve_groups(group_mentions(mentions), fuzzy_threshold=fuzzy_threshold)


def group_mentions(mentions: Iterable[Mention]) -> dict[str, MentionGroup]:
    """Summarise mentions by their key: all that resolution needs to know of them.

    The summary grows with the distinct names, not with the mentions, and summaries of
    parts of a corpus add up (`merge_groups`) to the summary of the whole.
    """
    return group_keyed((mention_key(mention), mention) for mention in mentions)


def group_keyed(keyed: Iterable[tuple[str, Mention]]) -> dict[str, MentionGroup]:
    """`group_mentions` of mentions whose keys (`mention_key`) are known already."""
    groups: dict[str, MentionGroup] = {}
    # Counts added with dict.get: Counter's ``+= 1`` calls its Python __missing__ for
    # every new name, and most names are new to a chunk.
    for key, mention in keyed:
        group = groups.get(key)
        if group is None:
            group = groups[key] = MentionGroup()
        surfaces, types = group.surfaces, group.types
        surface, entity_type, rule = mention.surface, mention.type, mention.rule
        surfaces[surface] = surfaces.get(surface, 0) + 1
        types[entity_type] = types.get(entity_type, 0) + 1
        if rule == "lexicon" and mention.canonical_hint:
            group.lexicon_names[mention.canonical_hint] += 1
            group.lexicon_types[entity_type] += 1
        elif rule == "abbreviation":
            group.short_forms[mention.canonical_hint or surface] += 1
            group.long_forms.update(mention.aliases)
    return groups


def merge_groups(
    into: dict[str, MentionGroup], other: Mapping[str, MentionGroup]
) -> dict[str, MentionGroup]:
    """Add the summary ``other`` to ``into`` (changed in place and returned).

    Groups of ``other`` may be taken over by ``into``: do not use ``other`` afterwards.
    """
    for key, group in other.items():
        mine = into.get(key)
        if mine is None:
            into[key] = group
        else:
            mine.add(group)
    return into


def _written_as_plural(group: MentionGroup) -> bool:
    """Is every spelling of ``group`` a plural ("GANs", "Transformers")? An acronym ending
    in a capital S is a name of its own: UMLS is not the plural of UML."""
    return all(surface.endswith("s") for surface in group.surfaces)


def resolve_groups(
    summary: Mapping[str, MentionGroup], *, fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
) -> Resolution:
    """Resolve a corpus from its mention summary (`group_mentions`); same result as `resolve`."""
    groups = dict(summary)
    union = _UnionFind()
    merges: list[tuple[str, str, str]] = []  # (merged key, into key, reason)
    keys = sorted(groups)
    for key in keys:
        union.find(key)

    def merge(a: str, b: str, reason: str) -> None:
        if union.union(a, b):
            merges.append((b, a, reason))

    _merge_abbreviations(keys, groups, merge)
    plain = [k for k in keys if "#" not in k]
    present = set(plain)
    for key in plain:
        singular = singular_key(key)
        if (
            singular != key
            and singular in present
            and version_signature(singular) == version_signature(key)
            and groups[singular].variants() == groups[key].variants()
            and _written_as_plural(groups[key])
        ):
            merge(singular, key, "plural")
    _merge_type_nouns(plain, groups, merge)
    _merge_fuzzy(plain, groups, merge, fuzzy_threshold)

    members: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        members[union.find(key)].append(key)
    entities: dict[str, Entity] = {}
    entity_of_key: dict[str, str] = {}
    # The commonest entity gets the plain id when two would share one (an ambiguous
    # abbreviation); the order is stable whatever the order of the mentions.
    weight = {r: sum(sum(groups[k].surfaces.values()) for k in ks) for r, ks in members.items()}
    for root in sorted(members, key=lambda r: (-weight[r], r)):
        entity = _make_entity([groups[k] for k in members[root]], taken=entities)
        entities[entity.id] = entity
        for key in members[root]:
            entity_of_key[key] = entity.id
    # Report merges by entity and the spellings users wrote, in a stable order.
    named = sorted(
        {
            MergeDecision(
                groups[merged].spellings(),
                entity_of_key[into],
                entities[entity_of_key[into]].name,
                reason,
            )
            for merged, into, reason in merges
        },
        key=lambda m: (m.into, m.names, m.reason),
    )
    return Resolution(entities, named, entity_of_key)


def _merge_abbreviations(keys: list[str], groups: dict[str, _Group], merge: _Merge) -> None:
    """Join each short form with its long forms, unless the short form is ambiguous."""
    senses: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        if "#" in key:
            senses[key.split("#", 1)[0]].append(key)
    for short, sense_keys in senses.items():
        clusters: list[list[str]] = []
        for sense in sense_keys:
            long_key = sense.split("#", 1)[1]
            for cluster in clusters:
                if fuzz.ratio(long_key, cluster[0].split("#", 1)[1]) >= 85:
                    cluster.append(sense)
                    break
            else:
                clusters.append([sense])
        if len(clusters) == 1:
            for sense in sense_keys:
                if short in groups:
                    merge(short, sense, "abbreviation and long form")
                else:
                    merge(sense_keys[0], sense, "same abbreviation and long form")
            continue
        # Ambiguous: each sense is its own entity; plain uses go to the commonest sense.
        clusters.sort(key=lambda c: (-sum(sum(groups[s].surfaces.values()) for s in c), c[0]))
        for cluster in clusters:
            for sense in cluster[1:]:
                merge(cluster[0], sense, "same abbreviation and long form")
        if short in groups:
            merge(clusters[0][0], short, "abbreviation (commonest of several senses)")
    # A long form written alone ("Omniview-Tuning: ..." in a title, "Omniview-Tuning
    # (OVT)" in the abstract) is the same entity as its abbreviation (GUIDELINES rule 6).
    if not senses:
        return
    # The last word may be inflected otherwise: "Chain-of-Note" and "Chain-of-Noting (CoN)".
    alone: dict[str, list[str]] = defaultdict(list)  # stem of the singular key -> plain keys
    for key in keys:
        if "#" not in key:
            alone[_inflection_stem(singular_key(key))].append(key)
    for short, sense_keys in senses.items():
        for sense in sense_keys:
            for key in alone.get(_inflection_stem(sense.split("#", 1)[1]), ()):
                if key != short:
                    merge(sense, key, "long form written alone")


def _inflection_stem(key: str) -> str:
    """A key without a final "ing" or "e": "chainofnoting" and "chainofnote" share one."""
    if key.endswith("ing") and len(key) > 6:
        return key[:-3]
    return key[:-1] if key.endswith("e") and len(key) > 4 else key


# Nouns that, written after a data name, name the same thing: "the Places Database" is
# Places, "the Quxo dataset" is Quxo.
_DATA_NOUNS = ("dataset", "datasets", "database", "corpus", "benchmark")
_DATA_TYPES = frozenset((EntityType.DATASET, EntityType.BENCHMARK))


def _merge_type_nouns(keys: list[str], groups: dict[str, _Group], merge: _Merge) -> None:
    """Join ``Foo Dataset`` with ``Foo`` where Foo is data: one entity, two spellings.

    Only where the shorter name is typed as data (a Dataset or Benchmark mostly): the
    "Alpaca dataset" is no spelling of the Alpaca model, and stays apart.
    """
    present = set(keys)
    for key in keys:
        for noun in _DATA_NOUNS:
            if not key.endswith(noun) or len(key) < len(noun) + 2:
                continue
            base = key[: -len(noun)]
            if base not in present or version_signature(base) != version_signature(key):
                continue
            written = groups[key].surfaces
            if not any(len(s) > len(noun) and s[-len(noun) - 1] in " -" for s in written):
                continue  # "Codataset" is no "Co" dataset
            if commonest_type(groups[base].types) in _DATA_TYPES:
                merge(base, key, f"the name with its noun {noun!r}")


def _merge_fuzzy(
    keys: list[str], groups: dict[str, _Group], merge: _Merge, threshold: float
) -> None:
    """rapidfuzz within blocks of keys sharing two first characters, digits and sizes."""
    blocks: dict[tuple[str, tuple[str, ...], frozenset[str]], list[str]] = defaultdict(list)
    for key in keys:
        if len(key) >= 6:
            blocks[(key[:2], version_signature(key), groups[key].variants())].append(key)
    for block in blocks.values():
        if len(block) < 2:
            continue
        for i, key in enumerate(block):
            candidates = block[i + 1 :]
            for other, score, _ in process.extract(
                key, candidates, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
            ):
                if _conflicting_lexicon(groups[key], groups[other]):
                    continue
                merge(key, other, f"fuzzy match (rapidfuzz ratio {score:.1f})")


def _conflicting_lexicon(a: _Group, b: _Group) -> bool:
    """Two different lexicon entries never merge, however alike their names."""
    return bool(
        a.lexicon_names and b.lexicon_names and set(a.lexicon_names) != set(b.lexicon_names)
    )


def _make_entity(members: list[_Group], taken: dict[str, Entity]) -> Entity:
    if len(members) == 1:
        # Most entities are one group: its counters, read only, are the sums.
        only = members[0]
        surfaces, types, lexicon_names = only.surfaces, only.types, only.lexicon_names
        short_forms, long_forms = only.short_forms, only.long_forms
        lexicon_types = only.lexicon_types
    else:
        surfaces, types, lexicon_names = Counter(), Counter(), Counter()
        short_forms, long_forms, lexicon_types = Counter(), Counter(), Counter()
        for group in members:
            surfaces.update(group.surfaces)
            types.update(group.types)
            lexicon_names.update(group.lexicon_names)
            short_forms.update(group.short_forms)
            long_forms.update(group.long_forms)
            lexicon_types.update(group.lexicon_types)
    if lexicon_names:
        name = _commonest(lexicon_names)
    elif short_forms:
        name = _commonest(short_forms)
    else:
        name = _commonest(surfaces)
    votes = lexicon_types or types
    entity_type = commonest_type(votes)
    entity_id = name_key(name)
    if entity_id in taken and long_forms:
        # One abbreviation, several meanings: name each by its long form.
        long_form = _commonest(long_forms)
        name = f"{name} ({long_form})"
        entity_id = name_key(name)
    suffix = 2
    base_id = entity_id
    while entity_id in taken:
        entity_id = f"{base_id}-{suffix}"
        suffix += 1
    aliases = sorted({s for s in (*surfaces, *long_forms) if s != name})
    return Entity(entity_id, name, entity_type, tuple(aliases))


def commonest_type(votes: Mapping[EntityType, int]) -> EntityType:
    """The type with the most votes; a tie goes to the first of Model, Dataset, Benchmark,
    Method (an entity's type here, and the type one paper gives it in `build.paper_type`)."""
    return max(_TYPE_ORDER, key=lambda t: (votes.get(t, 0), -_TYPE_ORDER.index(t)))


def _commonest(counter: Counter[str]) -> str:
    return min(counter, key=lambda s: (-counter[s], s))
