"""The Extractor: mentions of one paper from the lexicon and the discovery rules.

Two sources of names are combined (see GUIDELINES.md for what counts):

1. the lexicon, found with one Aho–Corasick automaton (``matcher``), extended to
   the versioned or variant name it is part of (``BERT-base``, ``Flan-T5``);
2. rules for names no lexicon has: abbreviation definitions (``abbreviations``),
   ``we propose NAME``, a title ``NAME: ...``, ``the NAME dataset``, names built
   on a known model (``CySecBERT``, ``MiniGPT-4``) and names listed beside known
   entities (``candidates``); ``typing_rules`` types what they find.

Every rule is a regular expression or a scan over the few candidate tokens it
finds, and overlaps are settled in ``n log n``, so the cost of a field is near
linear in its length; fields longer than ``max_field_chars`` are cut there.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from graphbuild.extract.abbreviations import AbbreviationPair, abbreviation_pairs, same_long_form
from graphbuild.extract.candidates import (
    CALLED,
    CAPITAL,
    CUE_LIST,
    INTRO,
    NAME_LIKE,
    TASK_BEFORE,
    TITLE_NAME,
    TOKEN,
    TRIGGERS,
    Candidate,
    coined_name,
    compound_bounds,
    edition_end,
    first_word_name,
    generic_with_prefix,
    introduced_at,
    is_new_name,
    list_item_names,
    matches_at,
    may_start_list,
    modifier_start,
    name_like_tokens,
    names_after_noun,
    names_before_noun,
    occurrences,
    outside_spans,
    settle,
    trigger_positions,
    url_spans,
)
from graphbuild.extract.matcher import LexiconMatch, LexiconMatcher
from graphbuild.extract.typing_rules import (
    BUILT_ON_WHY,
    DEFAULT_INTRO_WHY,
    DESCRIBED_WHY,
    GUESSED_WHYS,
    MEASURE_WHY,
    PAPER_NOUN_WHYS,
    VARIANT_WHY,
    VERSION_WHY,
    Families,
    Typed,
    cue_type,
    data_context_type,
    data_noun_around,
    defines_no_technique,
    defines_task,
    description_type,
    head_type,
    intro_type,
    list_type,
    name_shape_type,
    subtitle_type,
    type_of_long_form,
    type_word_near,
    version_stem,
)
from graphbuild.extract.vocabulary import (
    COMMON_WORDS,
    CUE_TYPES,
    LANGUAGES,
    LIST_TYPES,
    MODIFIER_SUFFIXES,
    NAMING_NOUNS,
    NOT_NAME_PREFIXES,
    NOT_NAME_WORDS,
    NOT_NAMES,
    NOUNS_BEFORE_NAMES,
    ORGANISATIONS,
    PERSON_NOUNS,
    TASK_HEADS,
    TITLE_LEAD_WORDS,
    TITLE_NOT_NAMES,
    VERSION_WORDS,
    is_generic,
)
from graphbuild.lexicon import Guard, Lexicon, LexiconEntry
from graphbuild.model import EntityType, Field, Mention, Paper
from graphbuild.normalize import GREEK, name_key, singular_key

M, D, B, T = EntityType.MODEL, EntityType.DATASET, EntityType.BENCHMARK, EntityType.METHOD

DEFAULT_MAX_FIELD_CHARS = 200_000
"""Characters of one title or abstract that are searched; the rest is ignored.

An abstract is rarely over 5,000 characters and a whole paper's text under 200,000;
the bound keeps one malformed record (a book pasted into an abstract) from costing
more than a few tenths of a second."""

_VERSION_PART = re.compile(
    r"\A(?:\d+(?:\.\d+)*[a-zA-Z]{0,2}|v\d+(?:\.\d+)*|[A-Z]{1,3}\d*|[a-z]?\d+[a-zA-Z]*|"
    + "|".join(sorted(VERSION_WORDS))
    + r")\Z"
)
_HYPHEN = re.compile(r"-")
_SYSTEM_HEADS = frozenset("system systems platform service software tool".split())
_NEXT_WORDS = re.compile(r"[ -]([\w'-]+)(?: ([\w'-]+))?")
_AFTER_INTRO_VERB = re.compile(r"\s*[,(:]")
# A name right after a preposition and before a lower-case noun ("for OEIS sequences",
# "on MNIST digits") modifies that noun.
_MODIFIER_AFTER_PREPOSITION = re.compile(r"\b(?:for|on|of|to|from|over|across|in)\s+\Z")
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:and|or|to|for|in|on|of|with|which|that|is|are|was|were|as|by|at|from)\b)"
    r"[a-z]{3,}\b"
)

# A token's description, kept per distinct token: (name or "", family type, lexicon
# name, why it has the family type).
_TokenInfo = tuple[str, EntityType | None, str | None, str]
# Nouns after a name that are not part of it when the name alone is known.
_HEAD_NOUNS = frozenset(
    "architecture architectures model models framework method algorithm mechanism "
    "network networks technique approach".split()
)
# Verbs after which a name without a describing noun is a trained model.
_RELEASE_VERBS = frozenset({"release", "pretrain", "pre-train", "open-source"})
# The matcher's label of each type noun -> (rank, noun, plural, type of a name before it,
# type of a name after it).
_TYPE_NOUNS: dict[str, tuple[int, str, bool, EntityType | None, EntityType | None]] = {
    f"noun:{word}": (
        rank,
        word,
        word in LIST_TYPES,
        NAMING_NOUNS.get(word),
        NOUNS_BEFORE_NAMES.get(word),
    )
    for rank, word in enumerate(sorted(NAMING_NOUNS.keys() | NOUNS_BEFORE_NAMES.keys()))
}
_APPOSITION = re.compile(r", an? ")
_EDITION_WHY = "a year or edition after it (a dataset's edition: FooVOC 2010)"
_CUE_WHY = "the word after it names its type (the Foo dataset)"
_DATA_NOUN_WHY = "the paper's noun for the list it is in (the Foo and Bar benchmarks)"
# "the IQA and IAA tasks", "IQA task": an acronym (and one listed before it) names a task.
_ACRONYMS_ENDING = re.compile(
    r"(?<![\w-])([A-Z][A-Z0-9]{1,6})(?:,? (?:and|or) ([A-Z][A-Z0-9]{1,6}))?\Z"
)
_FRAGMENT_ENDS = frozenset('_{^\\"”’')
_MARKUP = re.compile(r"[{}]")
_CUE_NOUN_WORDS = frozenset(word for word in CUE_TYPES if " " not in word)
# A data plural closing a list ("A, B and C citation network datasets,").
_LIST_TAIL_NOUN = re.compile(r"\b(datasets|corpora|benchmarks)\W*\Z")
_WORDS_OF = re.compile(r"[a-z]+")
_LISTED_WHY = "listed beside known entities of this type"


_VERSION_ONLY = re.compile(r"[vV]\d+(?:\.\d+)*")
# Last words of an ordinary phrase before a type noun that make it a kind of thing:
# "Large Language Models", "Large Reasoning Models", "Visual Reasoning benchmarks".
_KIND_TAILS = TASK_HEADS | {"language", "languages"}


# "a module called Long Form (LF)": the paper names its own contribution.
_NAMED_BEFORE = re.compile(r"\b(?:called|named|dubbed|termed)\s+\Z")
_WORD_BEFORE = re.compile(r"(\w+)\s+\Z")
_COMPARISON_WORDS = frozenset({"versus", "vs", "vs.", "v."})


def _names_languages(surface: str) -> bool:
    """Is ``surface`` a language or a pair of them ("English-to-German", "German-English")?"""
    if surface in LANGUAGES:
        return True
    if surface[:1].islower() or not (
        "-" in surface or " " in surface or "→" in surface or "arrow" in surface
    ):
        return False  # most names: no language pair without a separator
    parts = _LANGUAGE_PAIR.split(surface)
    return len(parts) == 2 and parts[0] in LANGUAGES and parts[1] in LANGUAGES


def _acronyms_before_task(text: str) -> Iterable[str]:
    """Acronyms written right before "task(s)": "the IQA and IAA tasks", "SL task"."""
    at = text.find(" task")
    while at != -1:
        after = text[at + 5 : at + 7]
        if not after[:1].isalpha() or after[:1] == "s" and not after[1:2].isalpha():
            found = _ACRONYMS_ENDING.search(text, max(0, at - 30), at)
            if found is not None:
                yield from (acronym for acronym in found.groups() if acronym)
        at = text.find(" task", at + 5)


# "EnglishrightarrowGerman": a LaTeX arrow whose backslash and dollars were stripped.
_LANGUAGE_PAIR = re.compile(r"\s*(?:-to-|-|→|⇒|->|\s+to\s+|(?:right|long)arrow)\s*")


def _after_initial(text: str, start: int) -> bool:
    """Does a token follow a person's initial ("K. Allado-McDowell", "Y. LeCun")?"""
    return (
        start >= 3
        and text[start - 2 : start] == ". "
        and text[start - 3].isupper()
        and (start == 3 or not text[start - 4].isalnum())
    )


def _generic_before_noun(text: str, item: Candidate) -> bool:
    """A cue or list find of ordinary words only, ending in a task or "language"."""
    if item.rule not in ("cue", "listed"):
        return False
    words = text[item.start : item.end].split()
    return words[-1].lower() in _KIND_TAILS and all(
        w.isalpha() and not NAME_LIKE.search(w) for w in words
    )


# Technique names that are also verbs of improving: "boosting the accuracy" boosts.
_VERB_NAMES = frozenset({"boosting"})
# What follows such a verb: its object (a determiner, a possessive, a quality).
_VERB_OBJECT = re.compile(
    r"\s+(?:the|a|an|its|their|our|his|her|this|these|those|both|model|models|"
    r"(?:[a-z-]+\s+)?(?:performance|accuracy|efficiency|robustness|results?|scores?|"
    r"quality|speed|power|capabilit(?:y|ies))|\S+(?:'s|s'|’s|s’))\b",
    re.IGNORECASE,
)


# In a title every word is capitalised: "Boosting Viewpoint Invariance" boosts it, while
# "Boosting and Bagging", "Boosting for Routing" or "Boosting Applied to ..." name it.
_TITLE_OBJECT = re.compile(
    r"\s+(?!(?:And|Or|For|In|On|With|Of|To|As|Is|Via|Versus|Applied|Algorithms?|Methods?)\b)"
    r"[A-Z]"
)


def _verb_use(text: str, item: Candidate) -> bool:
    """A lexicon name used as the verb it also is ("boosting LLMs' performance")."""
    return (
        item.canonical in _VERB_NAMES
        and item.rule == "lexicon"
        and (
            _VERB_OBJECT.match(text, item.end) is not None
            or _TITLE_OBJECT.match(text, item.end) is not None
        )
    )


def _spells_acronym(token: str, entry: LexiconEntry) -> bool:
    """Does a token keep the letter case of the known name it shares a key with?

    A key folds case, so "GaN" (gallium nitride) shares GAN's: a short name the lexicon
    writes in capitals is not written with a lower-case letter after its first, and a
    name written as a word is not written with capitals inside.
    """
    key = name_key(token)
    if token.isupper():
        return True
    forms = [f for f in entry.forms if name_key(f) == key]
    if len(key) <= 4 and any(c.islower() for c in token[1:]) and any(f.isupper() for f in forms):
        return False
    # A name that is also an English word and has no capitals inside ("Spider") takes
    # none: "SPIDEr" is a metric ("LLaMa" is LLaMA, which has).
    return not (
        key in COMMON_WORDS
        and any(c.isupper() for c in token[1:])
        and not any(any(c.isupper() for c in f[1:]) for f in entry.forms)
    )


# Nouns a bare number counts after a name ("BERT 2 times faster", "CLIP 3 points").
_COUNTED_NOUNS = (
    "times?",
    "points?",
    "percent",
    "fold",
    "x",
    "layers?",
    "heads?",
    "epochs?",
    "steps?",
    "runs?",
    "seeds?",
    "shots?",
    "examples?",
    "samples?",
    "tokens?",
    "hours?",
    "days?",
    "minutes?",
    "seconds?",
    "nodes?",
    "classes",
    "tasks?",
    "languages?",
    "out",
    "of",
    "to",
    "or",
    "orders?",
    "more",
    "fewer",
    "less",
    "per",
    "ways?",
    "stages?",
    "blocks?",
)
# A version or size written after a model's name with a space: "OpenChat 3.5", "mT5 XXL",
# "YOLO v3", "AudioLDM 2". A bare digit only where no count or score can follow it
# ("BERT 2 times faster", "CLIP 3 points").
_SPACE_VERSION = re.compile(
    r" (?:v?\d\.\d{1,2}(?![\w%-]|\.\d| ?%| (?:points?|percent)\b)|X{1,2}L(?![\w-])"
    r"|v\d{1,2}(?![\w%-]|\.\d)"
    r"|[2-9](?=[,;:)]|\.(?:\s|$)|$| (?!(?:" + "|".join(_COUNTED_NOUNS) + r")\b)[a-z]+\b))"
)


def _with_versions(text: str, found: list[Candidate]) -> list[Candidate]:
    """Known models grown over the version written after them ("OpenChat 3.5 model"):
    another entity than the family (GUIDELINES rule 7), as "Gemini 1.5" in the lexicon is."""
    for i, item in enumerate(found):
        if item.type is not M and item.type is not T:
            continue
        version = _SPACE_VERSION.match(text, item.end)
        if version is None or (text[item.end - 1].isdigit() and text[item.end + 1] != "X"):
            continue  # "GPT-4 2.5" is no version; "mT5 XXL" is a size
        if item.type is T and not text[item.end + 1].isalpha():
            continue  # "YOLO v3", but a technique's bare number is rarely its version
        base = item.canonical or text[item.start : item.end]
        why = f"{VERSION_WHY} {base!r}"
        found[i] = Candidate(item.start, version.end(), item.type, "variant", 3, why=why)
    return found


# Words listed before a known name's last words, sharing them ("differential, metamorphic,
# and ", "L1 or "): the list ends right before the name.
_ELIDED_LIST = re.compile(r"(?<![\w-])(?:[\w-]+, )*[\w-]+,? (?:and|or) \Z")
_ELIDED_ITEM = re.compile(r"(?<![\w-])[\w-]+(?=,? )(?! (?:and|or)\b(?! \Z))")
ELIDED_RULE = "elided"
ELIDED_WHY = "a list sharing the last words of the lexicon entry"


# The characters after which a span is the rest of LaTeX markup, no name of its own.
_AFTER_MARKUP = frozenset({"\\", "$", "}"})
# LaTeX's unbreakable space ("wav2vec~2.0", "Libri-Light~60k"), not a URL's "/~user".
_TEX_SPACE = re.compile(r"(?<=[^\s/])~(?=[^\s/])")


def _shouting(title: str) -> bool:
    """Is ``title`` written in capitals (four words or more, almost no small letter)?"""
    if title.count(" ") < 3:
        return False
    small = sum(map(str.islower, title))
    return small * 20 < sum(map(str.isalpha, title))


def _tex_spaces(text: str) -> str:
    """``text`` with LaTeX's ``~`` as the space it stands for (same length: offsets hold)."""
    return _TEX_SPACE.sub(" ", text) if "~" in text else text


def _described(item: Candidate) -> bool:
    return item.why.startswith(DESCRIBED_WHY)


def _typed_by_paper(item: Candidate) -> bool:
    """Did the paper's own noun type it ("Foo, a model for ...", "our Foo framework")?"""
    return _described(item) or (item.introduced and item.why == _CUE_WHY)


class Extractor:
    """Extract mentions from papers with a lexicon and the discovery rules.

    Args:
        lexicon: the entities known by name.
        max_field_chars: characters of a title or abstract searched; longer fields are
            cut there and counted in ``truncated``.
    """

    def __init__(self, lexicon: Lexicon, *, max_field_chars: int = DEFAULT_MAX_FIELD_CHARS):
        if max_field_chars < 1:
            raise ValueError("max_field_chars must be at least 1")
        self.lexicon = lexicon
        self.max_field_chars = max_field_chars
        self.truncated: list[tuple[str, Field, int]] = []
        """(paper id, field, length) of each field cut at ``max_field_chars``."""
        self.matcher = LexiconMatcher(lexicon, TRIGGERS)
        # Lookups by key alone skip guarded entries: only the matcher checks their guard.
        self._by_key = lexicon.by_key(unguarded_only=True)
        self._guarded = {
            key: entry
            for key, entry in lexicon.by_key().items()
            if entry.guard is not Guard.NONE and key not in self._by_key
        }
        self._stopped = lexicon.stopped
        self._families = Families.from_lexicon(lexicon)
        self._token_info: dict[str, _TokenInfo] = {}
        # Known names without their version: "LLaMA3.1-8B" and "Kinetics-710" are new
        # versions of the LLaMA and Kinetics families.
        self._stems: dict[str, EntityType] = {}
        for entry in lexicon.entries:
            if entry.guard is not Guard.NONE:
                continue  # "covid-19" is no version of the guarded dataset "Covid-19"
            for form in entry.forms:
                key = name_key(form)
                stem = version_stem(key)
                if stem != key and len(stem) >= 3:
                    self._stems.setdefault(stem, entry.type)
        self._triggers: dict[str, list[int]] = {}
        self._not_named: set[str] = set()
        #: short forms of lexicon names the paper defines as something else, not an entity
        self._redefined: set[str] = set()
        #: short forms the paper defines as tasks ("sequence labeling (SL)"), paper-wide
        self._task_shorts: set[str] = set()

    def extract(self, paper: Paper) -> list[Mention]:
        """Return the mentions of ``paper``, title first, in text order."""
        fields = [
            (Field.TITLE, _tex_spaces(self._bounded(paper, Field.TITLE, paper.title))),
            (Field.ABSTRACT, _tex_spaces(self._bounded(paper, Field.ABSTRACT, paper.abstract))),
        ]
        self._task_shorts.clear()
        found = {f: self._find(text, f is Field.TITLE, paper) for f, text in fields}
        found = self._without_tasks(found, fields)
        found = self._spread_discoveries(found, fields)
        paper_id = paper.id
        # Mention's fields passed by position, in their order: a third faster than by
        # keyword, and there are several mentions per paper.
        return [
            Mention(
                paper_id,
                text[start:end],
                start,
                end,
                where,
                entity_type,
                rule,
                canonical,
                aliases,
                introduced,
                short_form,
                why,
            )
            for where, text in fields
            for (
                start,
                end,
                entity_type,
                rule,
                _,
                canonical,
                aliases,
                introduced,
                short_form,
                why,
            ) in found[where]
        ]

    def _bounded(self, paper: Paper, where: Field, text: str) -> str:
        if len(text) <= self.max_field_chars:
            return text
        self.truncated.append((paper.id, where, len(text)))
        return text[: self.max_field_chars]

    # -- one field -------------------------------------------------------------------------

    def _find(self, text: str, is_title: bool, paper: Paper) -> list[Candidate]:
        if not text:
            return []
        candidates: list[Candidate] = []
        matches, marked = self.matcher.scan(text)
        self._triggers = trigger_positions(marked)
        found = list(self._from_lexicon(text, matches))
        if not is_title:
            found = self._with_modifiers(text, found)
        if " " in text:
            found = _with_versions(text, found)
        candidates.extend(found)
        if " and " in text or " or " in text:
            candidates.extend(self._elided(text, found))
        self._not_named.clear()
        self._redefined.clear()
        if "(" in text:  # both abbreviation patterns hold a parenthesis
            candidates.extend(self._abbreviations(text))
        if self._triggers["intro"] or self._triggers["called"]:
            candidates.extend(self._introductions(text))
        if is_title and ":" in text:  # the rule's ``NAME: subtitle`` needs a colon
            candidates.extend(self._title_name(text, paper))
        if not is_title and ", a" in text:
            # Before the name-like rules: where both find one span, the paper's own
            # describing noun ("FooInstruct, a dataset of ...") beats the name's shape.
            candidates.extend(self._described(text))
        candidates.extend(self._name_like(text, matches))
        if not is_title:
            candidates.extend(self._cue_lists(text))
            candidates.extend(self._named_by_noun(text))
        candidates = outside_spans(candidates, url_spans(text))
        # A name cut at LaTeX markup ("G_" of "G_{stack}", "gradient{descent") or at a
        # closing quote is a fragment, not a name; a language is no entity.
        braces = "{" in text or "}" in text
        candidates = [
            c
            for c in candidates
            if text[c.end - 1] not in _FRAGMENT_ENDS
            # a LaTeX macro ("\ModelName") or the tail of a formula ("M$^{2}$UGen")
            and text[c.start - 1 : c.start] not in _AFTER_MARKUP
            and not (braces and _MARKUP.search(text, c.start, c.end))
            and not _names_languages(text[c.start : c.end])
        ]
        candidates = [
            c for c in candidates if not _generic_before_noun(text, c) and not _verb_use(text, c)
        ]
        measures = {text[c.start : c.end] for c in candidates if c.why == MEASURE_WHY}
        if measures:
            self._not_named |= measures
        if self._not_named:
            # The paper defined these as a task, a kind, an organisation or a measure;
            # "microwave power transmission (MPT)" is not the lexicon's MPT either.
            candidates = [
                c
                for c in candidates
                if text[c.start : c.end] not in self._not_named
                or (c.rule == "lexicon" and text[c.start : c.end] not in self._redefined)
            ]
        if self._stopped:
            candidates = [c for c in candidates if not self._is_stopped(text, c)]
        if is_title and _shouting(text):
            # "LIVING WITH IMAGES FROM LARGE-SCALE DATA SETS": capitals say nothing of names
            # in a title written in them; only known names stand.
            candidates = [c for c in candidates if c.rule == "lexicon"]
        return settle(candidates, len(text))

    def _is_stopped(self, text: str, candidate: Candidate) -> bool:
        """Did a user's stop list remove this name (as written, or its canonical name)?"""
        if name_key(text[candidate.start : candidate.end]) in self._stopped:
            return True
        return candidate.canonical is not None and name_key(candidate.canonical) in self._stopped

    def _from_lexicon(self, text: str, matches: list[LexiconMatch]) -> Iterable[Candidate]:
        for match in matches:
            entry = match.entry
            following = text[match.end : match.end + 1]
            if text[match.start - 1 : match.start] == "-" or (following and following in "-+_."):
                start, end = compound_bounds(text, match.start, match.end)
                if (start, end) != (match.start, match.end):
                    variant = self._variant(text, match, start, end)
                    if variant is not None:
                        yield variant
                        continue
            match = self._without_head_noun(text, match)
            # "the Alpaca dataset", "MS MARCO benchmark": the paper's own words type it.
            entity_type = entry.type
            why = ""
            if entity_type is not T and type_word_near(text, match.end):
                entity_type = cue_type(text, match.end, entity_type) or entity_type
                if entity_type is not entry.type:
                    why = _CUE_WHY
            if entity_type in (D, B) and entity_type is entry.type:
                said = data_noun_around(text, match.start, match.end)
                if said is not None and said is not entity_type:
                    entity_type, why = said, _DATA_NOUN_WHY
            if entity_type in (D, B):
                edition = edition_end(text, match.end)
                if edition != match.end:
                    # "FooVOC 2010" is its own version of FooVOC (GUIDELINES: versions).
                    why = f"an edition of the lexicon entry {entry.name!r}"
                    yield Candidate(match.start, edition, entity_type, "variant", 3, why=why)
                    continue
            yield Candidate(match.start, match.end, entity_type, "lexicon", 2, entry.name, why=why)

    def _elided(self, text: str, found: list[Candidate]) -> Iterable[Candidate]:
        """Known names whose head word a list shares: "differential, metamorphic, and
        mutation testing" names differential testing and metamorphic testing too."""
        for item in found:
            if item.rule != "lexicon" or item.canonical is None:
                continue
            head_at = text.rfind(" ", item.start, item.end)
            if head_at == -1 or not text.endswith((" and ", " or "), 0, item.start):
                continue  # most names: one word, or no list right before them
            listed = _ELIDED_LIST.search(text, max(0, item.start - 120), item.start)
            if listed is None:
                continue
            head = text[head_at : item.end]
            for word in _ELIDED_ITEM.finditer(text, listed.start(), listed.end()):
                entry = self._by_key.get(name_key(word.group() + head))
                if entry is not None and entry.type is item.type:
                    why = f"{ELIDED_WHY} {entry.name!r}"
                    yield Candidate(*word.span(), entry.type, ELIDED_RULE, 2, entry.name, why=why)

    def _without_head_noun(self, text: str, match: LexiconMatch) -> LexiconMatch:
        """ "the Foo architecture" names Foo: drop a head noun an alias spelt with it."""
        cut = text.rfind(" ", match.start, match.end)
        if cut == -1 or text[cut + 1 : match.end].lower() not in _HEAD_NOUNS:
            return match
        if self._by_key.get(name_key(text[match.start : cut])) is not match.entry:
            return match
        if name_key(match.entry.name) == name_key(text[match.start : match.end]):
            return match  # "the random subspace method": the entry's own name has its noun
        return match._replace(end=cut)

    def _with_modifiers(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """Names of models and methods grown over a capitalised modifier before them.

        "Faster Foo-Net" and "Cascade Foo-Net" are other models than "Foo-Net", and
        never a bare "Cascade" (not in titles, where every word is capitalised).
        """
        for i, item in enumerate(found):
            if item.type is not M and item.type is not T:
                continue
            if text[item.end : item.end + 1] == "-":
                continue  # "to Improve Genetic-Algorithm-Based Design": part of a compound
            start = modifier_start(text, item.start)
            if start == item.start:
                continue
            name = text[start : item.end]
            known = self._by_key.get(name_key(name))
            if known is not None:
                found[i] = Candidate(start, item.end, known.type, "lexicon", 3, known.name)
                continue
            modifier = name_key(text[start : item.start - 1])
            if modifier in self._by_key or modifier in self._guarded:
                continue  # "our best Switchboard DBN": a dataset's name, then the model's
            base = item.canonical or text[item.start : item.end]
            why = f"a variant of {base!r}: the word {text[start : item.start - 1]!r} belongs to it"
            found[i] = Candidate(start, item.end, item.type, "variant", 3, why=why)
        return found

    def _variant(self, text: str, match: LexiconMatch, start: int, end: int) -> Candidate | None:
        """A lexicon name inside a longer token: a version or variant (``BERT-base``)."""
        entry = match.entry
        before = text[start : match.start].strip("-")
        after = text[match.end : end].lstrip("-")
        after_parts = [p for p in _HYPHEN.split(after) if p]
        if after_parts and after_parts[0].lower() in MODIFIER_SUFFIXES and not before:
            return None
        if entry.type is T and not before and all(p.islower() for p in after_parts):
            return None
        if not all(_VERSION_PART.match(p) or p[:1].isupper() for p in after_parts):
            return None
        if before and not (before[:1].isupper() or before[:1].isdigit() or before in GREEK):
            return None  # "pre-BERT" is BERT; "β-VAE" and "Q-BERT" are variants of theirs
        if before.lower() in NOT_NAME_PREFIXES or before in NOT_NAMES:
            return None
        surface = text[start:end]
        known = self._by_key.get(name_key(surface))
        if known is not None:
            return Candidate(start, end, known.type, "lexicon", 3, known.name)
        maker, _, rest = surface.partition(" ")
        if rest and maker in ORGANISATIONS and (known := self._by_key.get(name_key(rest))):
            # "OpenAI GPT-3": the alias "OpenAI GPT" grew into GPT-3, which its maker's name
            # is not part of.
            return Candidate(end - len(rest), end, known.type, "lexicon", 3, known.name)
        # "Tulu3-SFT" is a Tulu model, not a fine-tuning method.
        head = self._by_key.get(name_key(before)) if before else None
        built_on = self._families.built_on(before + "-") if head is None and before else None
        if built_on is not None:
            entity_type, why = built_on[1], f"{BUILT_ON_WHY} {built_on[0]!r}"
        elif head is not None:
            entity_type, why = head.type, f"{VARIANT_WHY} {head.name!r}"
        else:
            entity_type, why = entry.type, f"{VERSION_WHY} {entry.name!r}"
        cue = cue_type(text, end, None)
        if cue is not None and cue is not entity_type and entity_type in (M, T):
            # "a novel LLaVA-KD framework": the paper's noun says what the variant is.
            introduced = introduced_at(text, start)
            return Candidate(start, end, cue, "variant", 3, introduced=introduced, why=_CUE_WHY)
        return Candidate(start, end, entity_type, "variant", 3, why=why)

    def _abbreviations(self, text: str) -> Iterable[Candidate]:
        """``Long Form (LF)`` and ``LF (Long Form)``: one entity under the short name."""
        intro_starts = self._triggers["intro"]
        for pair in abbreviation_pairs(text):
            # "we propose Long Form (LF)": only near a "we"/"paper" trigger word.
            long_start = pair.long_span[0]
            near = bisect_left(intro_starts, long_start - 80)
            introduced = (
                near < len(intro_starts)
                and intro_starts[near] < long_start
                and introduced_at(text, long_start)
            ) or _NAMED_BEFORE.search(text, max(0, long_start - 16), long_start) is not None
            after = text.find(")", pair.short_span[1], pair.short_span[1] + 2)
            cue = cue_type(text, after + 1, None) if after != -1 else None
            described = None
            if introduced and cue is None and after != -1:
                # "we contribute Synthetic Visual Concepts (SyViC) - a synthetic dataset"
                described = description_type(text, after + 1)
            yield from self._abbreviation_pair(pair, introduced, cue, described)

    def _abbreviation_pair(
        self,
        pair: AbbreviationPair,
        introduced: bool,
        cue: EntityType | None = None,
        described: Typed | None = None,
    ) -> list[Candidate]:
        """What one definition names; ``introduced``: the paper introduces it; ``cue``
        the type a noun right after it says, ``described`` the description after it."""
        long_form, short = pair.long_form, pair.short
        spans = (pair.short_span, pair.long_span)
        known = self._by_key.get(name_key(long_form)) or self._by_key.get(
            singular_key(name_key(long_form))
        )
        redefined = False
        if known is None:
            known = self._by_key.get(name_key(short))
            if known is not None and not same_long_form(known, long_form):
                known = None  # "SFT (sparse fine-tuning)" is not supervised fine-tuning
                redefined = True
        if known is not None:
            # A known entity: one node with the lexicon's, named in this paper by its short form.
            return [
                Candidate(*span, known.type, "lexicon", 4, known.name, short_form=short)
                for span in spans
            ]
        if is_generic(long_form) or is_generic(short) or generic_with_prefix(short):
            return []  # "multilingual language models (mLMs)": still no entity
        typed = type_of_long_form(long_form, short, self._families, introduced=introduced)
        if cue in (D, B) and not (
            long_form.islower() and long_form.rsplit(None, 1)[-1] in _SYSTEM_HEADS
        ):
            # "a Multi-domain Task Incremental Learning (MTIL) benchmark": the noun after
            # the definition says what it is; "the manufacturing execution system (MES)
            # database" is a system's data, not a named set.
            typed = cue, "the word after its definition names its type"
        elif described is not None and described[1] != MEASURE_WHY:
            typed = described
        if typed is None:
            if not introduced and defines_task(long_form):
                self._task_shorts.add(short)
            if not introduced and defines_no_technique(long_form, short, self._families):
                # Neither spelling names an entity: "Perceptual User Interfaces (PUI)".
                self._not_named.add(short)
                self._not_named.add(long_form)
                if redefined:
                    self._redefined.add(short)
            return []
        return [
            Candidate(
                *span,
                typed[0],
                "abbreviation",
                4,
                short,
                (long_form,),
                introduced,
                short,
                typed[1],
            )
            for span in spans
        ]

    def _introductions(self, text: str) -> Iterable[Candidate]:
        """``we propose NAME``, ``a method called NAME``: the paper's own contribution."""
        for match in matches_at(INTRO, text, self._triggers["intro"]):
            found = self._introduced_in(match.group(2), match.start(2))
            if (
                found is not None
                and found.why == DEFAULT_INTRO_WHY
                and (match.group(1).lower() in _RELEASE_VERBS)
            ):
                # "we release Foo", "we pretrain Foo": a trained network, not a technique.
                found = found._replace(type=M, why=f"the paper says it {match.group(1)}s it")
            if found is not None:
                yield found
        for match in matches_at(CALLED, text, self._triggers["called"]):
            noun = _WORD_BEFORE.search(text, max(0, match.start() - 30), match.start())
            if noun is not None and noun.group(1).lower() in PERSON_NOUNS:
                continue  # "a professor named Lawrence Kohlberg"
            name = match.group(1)
            if name.endswith("'s") or text[match.end(1) : match.end(1) + 2] == "’s":
                continue  # "an attention mechanism called Bahdanau's": a person's
            coined = coined_name(" " + text[match.start(1) : match.start(1) + 120])
            if coined is not None and coined.start(1) == 1:
                name = coined.group(1)  # "a model called Stacked Widget Networks"
            elif self._starts_known_name(text, match.start(1), match.start(1) + len(name)):
                continue  # "two methods, namely Naive Bayes and ...": the lexicon's to find
            if is_generic(name) or name in NOT_NAMES:
                continue
            before = text[max(0, match.start() - 80) : match.start()]
            entity_type, why = intro_type(before, len(before), len(before), name, self._families)
            start = match.start(1)
            end = start + len(name)
            known = self._by_key.get(name_key(name))
            if known is None:
                yield Candidate(start, end, entity_type, "introduced", 3, introduced=True, why=why)
            elif (
                entity_type is not known.type
                and entity_type is not T
                and why.startswith(PAPER_NOUN_WHYS)
            ):
                # "a new model named LightGCN": the paper's own noun types what it
                # introduces (GUIDELINES rule 4), where the lexicon says Method. Not the
                # other way: "a framework called Foo" says little against a known model.
                yield Candidate(
                    start, end, entity_type, "lexicon", 4, known.name, introduced=True, why=why
                )

    def _introduced_in(self, clause: str, offset: int) -> Candidate | None:
        """The first new name in the clause after ``we propose`` (at ``offset``)."""
        coined = coined_name(clause)
        if coined is not None and name_key(coined.group(1)) not in self._by_key:
            start, end = offset + coined.start(1), offset + coined.end(1)
            name = coined.group(1)
            entity_type, why = intro_type(
                clause, coined.start(1), coined.end(1), name, self._families
            )
            typed = head_type(name.split()[-1:])
            if typed is not None and (why == DEFAULT_INTRO_WHY or typed[0] in (D, B)):
                # "the Foo Benchmark, a collection of tasks": its own last word says more
                # than the noun describing it.
                entity_type, why = typed[0], f"its last word {typed[1]!r}"
            return Candidate(start, end, entity_type, "introduced", 3, introduced=True, why=why)
        plain = first_word_name(clause)
        if plain is not None and name_key(plain.group(1)) not in self._by_key:
            name = plain.group(1)
            entity_type, why = intro_type(
                clause, plain.start(1), plain.end(1), name, self._families
            )
            start = offset + plain.start(1)
            end = start + len(name)
            return Candidate(start, end, entity_type, "introduced", 3, introduced=True, why=why)
        first = 0
        if clause.isascii():
            # Only a token with a capital passes the tests below: start at the word of
            # the first capital (tokens never hold a space), if there is one.
            capital = CAPITAL.search(clause)
            if capital is None:
                return None
            first = clause.rfind(" ", 0, capital.start()) + 1
        for token in TOKEN.finditer(clause, first):
            name = token.group().rstrip(".")
            if name.islower() or not is_new_name(
                name, allow_capitalised=True, clause=clause, at=token
            ):
                continue
            if clause[token.start() - 1 : token.start()] == "(":
                # "presents a unification of multiresolution analysis (MRA)": a short form
                # in its definition is the abbreviation rule's to judge.
                continue
            if TASK_BEFORE.search(clause, 0, token.start()):
                return None  # "we introduce the novel task of Visual Data-Type Identification"
            if _MODIFIER_AFTER_PREPOSITION.search(clause, 0, token.start()) and (
                _NOUN_AFTER.match(clause, token.end())
            ):
                # "an algorithm for synthesizing programs for OEIS sequences": what the
                # contribution works on, not the contribution.
                return None
            start = offset + token.start()
            known = self._by_key.get(name_key(name))
            if known is not None:
                # "We present CySecBERT, a ...": a known name right after the verb is still
                # this paper's contribution; one further on is only used.
                if token.start() <= 4 and _AFTER_INTRO_VERB.match(clause, token.end()):
                    end = start + len(name)
                    return Candidate(
                        start, end, known.type, "lexicon", 3, known.name, introduced=True
                    )
                return None
            cue = cue_type(clause, token.end(), None)
            if cue is not None:
                entity_type, why = cue, _CUE_WHY
            else:
                entity_type, why = intro_type(
                    clause, token.start(), token.end(), name, self._families
                )
            return Candidate(
                start, start + len(name), entity_type, "introduced", 3, introduced=True, why=why
            )
        return None

    def _starts_known_name(self, text: str, start: int, end: int) -> bool:
        """Do the token at ``start:end`` and the next word or two spell a known name?"""
        words = _NEXT_WORDS.match(text, end)
        if words is None:
            return False
        one, two = words.group(1), words.group(2)
        return name_key(text[start:end] + " " + one) in self._by_key or (
            two is not None and name_key(f"{text[start:end]} {one} {two}") in self._by_key
        )

    def _title_name(self, title: str, paper: Paper) -> Iterable[Candidate]:
        """A title ``NAME: subtitle`` introduces NAME."""
        match = TITLE_NAME.match(title)
        if not match:
            return
        name = match.group(1)
        words = name.split()
        if len(words) > 3 or is_generic(name) or name.endswith("?"):
            return
        if any(word.lower() in _COMPARISON_WORDS for word in words):
            return  # "ChatGPT Versus Consultants: ...": a comparison, not a name
        if ("and" in words or "&" in words) and any(name_key(w) in self._by_key for w in words):
            return  # "ChatGPT and Medicine: ...": a known name and a topic
        # "Deep Florp: End-to-End ...": capitalised words without a name-like one name
        # it when the abstract uses the name too; "Model Collapse: ..." once is a topic.
        if (
            len(words) > 1
            and not any(
                NAME_LIKE.search(w) and w not in NOT_NAMES and not is_generic(w) for w in words
            )
            and not (
                all(w[:1].isupper() and w.lower() not in NOT_NAME_WORDS for w in words)
                # Some sources start the abstract with the title: that is not a use.
                and name in paper.abstract.replace(title, " ")
            )
        ):
            return
        if len(words) > 1 and (words[0].lower() in TITLE_LEAD_WORDS or words[0].endswith("ing")):
            return
        if not name[:1].isalnum() or name.lower() in TITLE_NOT_NAMES or name in NOT_NAMES:
            return
        known = self._by_key.get(name_key(name))
        start, end = match.start(1), match.end(1)
        if known is not None:
            yield Candidate(start, end, known.type, "lexicon", 3, known.name, introduced=True)
            return
        subtitle = title[match.end() - 1 :]
        entity_type, why = subtitle_type(subtitle, name, paper.abstract, self._families)
        yield Candidate(start, end, entity_type, "title", 3, introduced=True, why=why)

    def _name_like(self, text: str, matches: list[LexiconMatch]) -> Iterable[Candidate]:
        """Unknown name-like tokens typed by a cue word, a known family or their list."""
        for item in self._name_like_tokens(text, matches):
            if item.type in (D, B):
                said = data_noun_around(text, item.start, item.end)
                if said is not None and said is not item.type:
                    item = item._replace(type=said, why=_DATA_NOUN_WHY)
            yield item

    def _name_like_tokens(self, text: str, matches: list[LexiconMatch]) -> Iterable[Candidate]:
        match_starts: list[int] | None = None  # made when first needed, once per text
        for start, token in name_like_tokens(text):
            info = self._token_info.get(token)
            if info is None:
                info = self._token_info[token] = self._describe_token(token)
            name, family, canonical, family_why = info
            if not name or _after_initial(text, start) or text[start - 1 : start] == "©":
                continue  # a person ("K. Allado-McDowell"), a publisher ("©SASA 2023")
            end = start + len(name)
            if canonical is not None and family is not None:
                yield Candidate(start, end, family, "lexicon", 2, canonical)
                continue
            cue = cue_type(text, end, None)
            if family is not None:
                if cue in (D, B):
                    yield Candidate(start, end, cue, "family", 1, why=_CUE_WHY)
                else:
                    yield Candidate(start, end, family, "family", 1, why=family_why)
            elif cue is not None:
                yield Candidate(start, end, cue, "cue", 1, why=_CUE_WHY)
            elif (edition := edition_end(text, end)) != end:
                # "the ISLES 2015 challenge": the noun after the edition may say benchmark
                yield Candidate(
                    start, edition, cue_type(text, edition, D) or D, "cue", 1, why=_EDITION_WHY
                )
            else:
                if match_starts is None:
                    match_starts = [m.start for m in matches]
                listed = list_type(text, start, end, matches, match_starts)
                if listed is not None:
                    yield Candidate(start, end, listed, "listed", 0, why=_LISTED_WHY)
                elif (ran_on := data_context_type(text, start, end)) is not None:
                    shaped = name_shape_type(name)
                    entity_type, why = shaped if shaped is not None else ran_on
                    yield Candidate(start, end, entity_type, "evaluated-on", 0, why=why)

    def _describe_token(self, token: str) -> _TokenInfo:
        """The name a token stands for ("" if none), its family's type, its lexicon name.

        This depends on the token alone, and names recur across papers (GPT-4, BERT),
        so the answer is kept per token.
        """
        if len(self._token_info) > 200_000:
            self._token_info.clear()
        if not NAME_LIKE.search(token):
            return "", None, None, ""
        head, _, suffix = token.rpartition("-")
        name = head if head and suffix.lower() in MODIFIER_SUFFIXES else token
        if not is_new_name(name, allow_capitalised=False):
            return "", None, None, ""
        if _VERSION_ONLY.fullmatch(name):
            return "", None, None, ""  # "v2" alone ("P-tuning v2"): a version, no name
        known = self._by_key.get(name_key(name))
        if known is not None:
            if not _spells_acronym(name, known):
                return "", None, None, ""  # "GaN" (gallium nitride) is not GAN
            # A spelling the automaton's variants missed ("LLaMA3.1-8B" for "Llama 3.1 8B").
            return name, known.type, known.name, ""
        if name.endswith("s") and name[-2:-1].isupper():
            plural_of = self._by_key.get(name_key(name[:-1]))
            if plural_of is not None and plural_of.type is M:
                return "", None, None, ""  # "BERTs", "GPTs": a family in the plural
        key = name_key(name)
        stem_key = version_stem(key)
        stem = self._stems.get(stem_key)
        if stem is not None and not (stem_key == key and len(key) <= 3):
            # Not a bare acronym of three letters: "BSD" (a licence) is no version of
            # BSD68, nor "UCF" of UCF101.
            return name, stem, None, "a new version of a known family (same name, other version)"
        built_on = self._families.built_on(name)
        if built_on is not None:
            return name, built_on[1], None, f"{BUILT_ON_WHY} {built_on[0]!r}"
        shaped = name_shape_type(name)  # "Foo-13B", "FooBench"
        if shaped is not None:
            return name, shaped[0], None, shaped[1]
        return name, None, None, ""

    def _cue_lists(self, text: str) -> Iterable[Candidate]:
        """Names listed after a type word: ``datasets such as A, B and C``, ``models (A, B)``."""
        if not self._triggers["cue"] and not self._triggers.get("cue_strict"):
            return  # no type word: no list (and no lower-cased copy of the text)
        low = text.lower()
        if len(low) != len(text):
            return
        # Most type words start no list: a test of the text right after them is several
        # times faster than the expression.
        starts = [start for start in self._triggers["cue"] if may_start_list(low, start)]
        strict = self._triggers.get("cue_strict")
        if strict:
            starts += [s for s in strict if may_start_list(low, s, strict=True)]
            starts.sort()
        for match in matches_at(CUE_LIST, low, starts):
            entity_type = LIST_TYPES[match.group(1)]
            offset = match.start(2)
            gap = low[match.end(1) : offset]
            if any(noun in _CUE_NOUN_WORDS for noun in _WORDS_OF.findall(gap)):
                # "... language models, we curate a dataset (Foo)": a nearer noun says
                # what the list is.
                continue
            tail = _LIST_TAIL_NOUN.search(match.group(2))
            if tail is not None and entity_type in (D, B):
                # "graph benchmarks: the Cora, Citeseer and Pubmed citation network
                # datasets": the plural closing the list names what its items are.
                entity_type = LIST_TYPES[tail.group(1)]
            for at, name in list_item_names(text[offset : match.end(2)]):
                start = offset + at
                why = f"listed after {match.group(1)!r}"
                known = self._by_key.get(name_key(name)) or self._guarded_as_written(name)
                if known is None:
                    yield Candidate(start, start + len(name), entity_type, "listed", 1, why=why)
                elif known.type not in (entity_type, T) and entity_type in (D, B):
                    # The paper's own words type a name used both ways (GUIDELINES rule 5):
                    # "instruction datasets, namely Alpaca and Dolly" are data, not models;
                    # an item's own noun is nearer ("datasets, including the Foo benchmark").
                    end = start + len(name)
                    if cue_type(text, end, None) is None:
                        yield Candidate(start, end, entity_type, "lexicon", 3, known.name, why=why)

    def _guarded_as_written(self, name: str) -> LexiconEntry | None:
        """The guarded entry ``name`` spells exactly ("SemEval", never "semeval")."""
        entry = self._guarded.get(name_key(name))
        return entry if entry is not None and name in entry.forms else None

    def _named_by_noun(self, text: str) -> Iterable[Candidate]:
        """Names a type noun types: capitalised words before it (``the Zorblax Widgets
        dataset``, ``the Foo and Bar benchmarks``) and names after it (``the benchmark
        FooEval``, ``the model Foo-video``)."""
        triggers = self._triggers
        # The nouns this text holds, in alphabetical order (a text holds a few
        # of the many nouns: looking each noun up would cost more than the rule).
        present = [label for label in triggers if label in _TYPE_NOUNS]
        if len(present) > 1:
            present.sort(key=lambda label: _TYPE_NOUNS[label][0])
        for label in present:
            _, word, plural, before, after = _TYPE_NOUNS[label]
            for offset in triggers[label]:
                end = offset + len(word)
                # One character test each way first: most nouns stand between
                # lower-case words ("the dataset is").
                if before is not None and text[offset - 1 : offset] == " ":
                    first = text[text.rfind(" ", 0, offset - 1) + 1]
                    if first.isupper() or first.isdigit():
                        why = f"the noun {word!r} after it"
                        spans = names_before_noun(text, offset, plural)
                        yield from self._typed_spans(text, spans, before, why)
                if after is not None and not (
                    text[end + 1 : end + 2].islower() and text[end + 2 : end + 3].islower()
                ):
                    why = f"the noun {word!r} before it"
                    spans = names_after_noun(text, end, plural)
                    yield from self._typed_spans(text, spans, after, why)

    def _typed_spans(
        self, text: str, spans: list[tuple[int, int]], entity_type: EntityType, why: str
    ) -> Iterable[Candidate]:
        for start, end in spans:
            if name_key(text[start:end]) in self._by_key:
                continue  # the lexicon match stands for it
            yield Candidate(start, end, entity_type, "cue", 1, why=why)

    def _described(self, text: str) -> Iterable[Candidate]:
        """Names a paper describes by a type noun: ``Foo, an open model for ...``,
        ``Bar Baz, a new approach to ...``."""
        for comma in _APPOSITION.finditer(text):
            spans = names_before_noun(text, comma.start() + 1, False, sentence_start=True)
            if not spans:
                continue
            start, end = spans[-1]
            if end != comma.start():
                continue
            name = text[start:end]
            known = self._by_key.get(name_key(name))
            entity_type, why = intro_type(text, start, end, name, self._families)
            if known is not None:
                if {known.type, entity_type} == {D, B} and why.startswith(PAPER_NOUN_WHYS):
                    # "CIFAR-10, a widely used benchmark": the paper's own word decides
                    # between dataset and benchmark (GUIDELINES rule 5).
                    yield Candidate(start, end, entity_type, "lexicon", 4, known.name, why=why)
                continue
            if why != DEFAULT_INTRO_WHY:
                yield Candidate(start, end, entity_type, "described", 1, why=why)

    # -- across fields ---------------------------------------------------------------------

    def _without_tasks(
        self, found: dict[Field, list[Candidate]], fields: list[tuple[Field, str]]
    ) -> dict[Field, list[Candidate]]:
        """Drop the names of tasks a rule took for an entity, anywhere in the paper.

        A short form the paper defines as a task ("sequence labeling (SL)") is no model
        in "SOTA SL models", and an acronym the paper writes before "task(s)" ("the IQA
        and IAA tasks") is a task in "the IQA datasets" too. Known and introduced names
        stay: "the GLUE tasks", "a VQA benchmark".
        """
        written = {acronym for _, text in fields for acronym in _acronyms_before_task(text)}
        if not written and not self._task_shorts:
            return found

        def is_task(text: str, item: Candidate) -> bool:
            if item.rule == "lexicon":
                return False
            surface = text[item.start : item.end]
            # A task the paper defined is one even after "we propose"; an acronym only
            # written before "tasks" may still be the paper's new benchmark.
            return (surface in self._task_shorts and item.type in (M, T)) or (
                surface in written and not item.introduced
            )

        return {
            where: [item for item in found[where] if not is_task(text, item)]
            for where, text in fields
        }

    def _spread_discoveries(
        self, found: dict[Field, list[Candidate]], fields: list[tuple[Field, str]]
    ) -> dict[Field, list[Candidate]]:
        """Mark every other occurrence of a name a rule discovered in this paper."""
        discovered: dict[str, Candidate] = {}
        for where, text in fields:
            for item in found[where]:
                if item.short_form is not None:
                    # The lexicon already finds its own short forms elsewhere in the text.
                    surface = text[item.start : item.end]
                    entry = self._by_key.get(name_key(surface))
                    # Unless the paper's long form says it is another entity
                    # ("Mix Prompt Tuning (MPT)" is not the MPT model).
                    if item.short_form == surface and (
                        entry is None or entry.name != item.canonical or item.rule != "lexicon"
                    ):
                        discovered.setdefault(surface, item)
                elif item.rule != "lexicon":
                    surface = text[item.start : item.end]
                    first = discovered.get(surface)
                    # The paper's own description ("Foo, a 1.2B encoder model") types
                    # every mention better than a title's verb or a default.
                    if first is None or (_described(item) and not _described(first)):
                        discovered[surface] = item
        if not discovered:
            return found
        # "OpenMoE: An Early Effort ..." (built on MoE, a Method) and "OpenMoE, a series
        # of ... MoE LLMs": the paper's own noun types the name where a guess typed it.
        own: dict[str, Candidate] = {}
        for where, text in fields:
            for item in found[where]:
                if item.rule != "lexicon" and _typed_by_paper(item):
                    own.setdefault(text[item.start : item.end], item)
        if own:
            for surface, item in own.items():
                if discovered.get(surface, item).why.startswith(GUESSED_WHYS):
                    discovered[surface] = item
            found = {
                where: [
                    item._replace(type=own[surface].type, why=own[surface].why)
                    if item.why.startswith(GUESSED_WHYS)
                    and (surface := text[item.start : item.end]) in own
                    else item
                    for item in found[where]
                ]
                for where, text in fields
            }
        spots = [(where, text, list(occurrences(text, discovered))) for where, text in fields]
        # A name written after an initial somewhere ("K. Allado-McDowell") is a person's,
        # wherever a rule took it for an entity.
        people = {
            surface
            for _, text, hits in spots
            for start, surface in hits
            if _after_initial(text, start)
        }
        result: dict[Field, list[Candidate]] = {}
        for where, text, hits in spots:
            items = found[where]
            if people:
                items = [
                    item
                    for item in items
                    if item.rule == "lexicon" or text[item.start : item.end] not in people
                ]
            # An occurrence on the span of a found item at least as strong would lose to
            # it in settle: leaving it out changes nothing, and often leaves nothing to
            # settle (the items found are settled already).
            strength = {(item.start, item.end): item.priority for item in items}
            extra: list[Candidate] = []
            for start, surface in hits:
                if surface in people:
                    continue
                item = discovered[surface]
                priority = 3 if item.short_form else 1
                end = start + len(surface)
                if strength.get((start, end), -1) < priority:
                    extra.append(
                        Candidate(
                            start,
                            end,
                            item.type,
                            item.rule,
                            priority,
                            item.canonical,
                            item.aliases,
                            False,
                            item.short_form,
                            item.why,
                        )
                    )
            result[where] = settle(items + extra, len(text)) if extra else items
        return result
