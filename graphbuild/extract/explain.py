"""Why an entity was extracted and typed: the ``graphbuild extract --explain`` records.

Each mention carries the rule that found it (``Mention.rule``), the lexicon entry it
matched (``Mention.canonical_hint``) and why it got its type (``Mention.why``). This
module turns the mentions of one entity in one paper into an ``Explanation`` a user
can act on: fix or stop a lexicon entry (named with its catalogue and file), or
report a rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graphbuild.lexicon import LexiconEntry
from graphbuild.model import EntityType, Mention

RULES: dict[str, str] = {
    "lexicon": "a lexicon entry",
    "variant": "a version or variant of a lexicon name (Foo-base, Foo-2)",
    "abbreviation": "an abbreviation the paper defines: Long Form (LF)",
    "introduced": "the paper introduces it: 'we propose NAME', 'a model called NAME'",
    "title": "the title names it: 'NAME: subtitle'",
    "family": "a name built on a known model or method (CySecBERT on BERT)",
    "cue": "a name-like word followed by a type word (the Foo dataset)",
    "listed": "listed with known entities, or after 'datasets such as'",
    "described": "a name the paper describes by a type noun: 'Foo, a model for ...'",
    "evaluated-on": "a name-like word listed after 'experiments on', 'results on' (the data)",
    "elided": "a list sharing a lexicon name's last words ('differential and mutation testing')",
}
"""What each ``Mention.rule`` means, in words."""


@dataclass(frozen=True)
class Explanation:
    """Why one entity of one paper was found and typed.

    Attributes:
        name: the entity as the paper names it.
        type: the type given to it in this paper.
        found_by: one line per source that found it (lexicon entry with its catalogue
            and file, or the rule), in order of first mention.
        typed_by: one line per reason for its type.
    """

    name: str
    type: EntityType
    found_by: tuple[str, ...]
    typed_by: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """The JSON-ready fields ``found_by`` and ``typed_by``."""
        return {"found_by": list(self.found_by), "typed_by": list(self.typed_by)}

    def __str__(self) -> str:
        return (
            f"{self.name} ({self.type.value}): found by "
            + "; ".join(self.found_by)
            + " — typed by "
            + "; ".join(self.typed_by)
        )


def explain_mentions(
    name: str,
    entity_type: EntityType,
    mentions: Sequence[Mention],
    entries: Mapping[str, LexiconEntry],
) -> Explanation:
    """Explain one entity of one paper from its mentions.

    Args:
        name: the entity as the paper names it.
        entity_type: the type it was given in this paper.
        mentions: its mentions in the paper.
        entries: lexicon entries by canonical name (to name their catalogue and file).
    """
    found_by: dict[str, None] = {}
    typed_by: dict[str, None] = {}
    for mention in mentions:
        entry = entries.get(mention.canonical_hint or "") if mention.canonical_hint else None
        if mention.rule == "lexicon" and entry is not None:
            catalogue = entry.catalogue or "not recorded"
            found_by[
                f"lexicon entry {entry.name!r} ({entry.type.value}; catalogue {catalogue}; "
                f"file {entry.source})"
            ] = None
        else:
            found_by[f"rule {mention.rule!r}: {RULES.get(mention.rule, mention.rule)}"] = None
        if mention.type is not entity_type:
            continue
        if mention.why:
            typed_by[mention.why] = None
        elif entry is not None:
            typed_by[f"the lexicon entry {entry.name!r} is a {entry.type.value}"] = None
    if not typed_by:
        typed_by["the type most of its mentions in the corpus have"] = None
    return Explanation(name, entity_type, tuple(found_by), tuple(typed_by))
