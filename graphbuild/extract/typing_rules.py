"""Typing rules: which of Model, Dataset, Benchmark and Method a found name is.

A name's type comes, in this order, from

- a noun right after it (``the Foo dataset``: ``cue_type``),
- the noun describing it (``Foo, a benchmark for ...``: ``intro_type``),
- the last word of its long form (``Foo Bar Corpus (FBC)``: ``type_of_long_form``),
- a known family it is built on (``CySecBERT`` is a BERT: ``Families``),
- the known entities listed beside it (``A, B and SQuAD``: ``list_type``),

and otherwise defaults to Method. The nouns themselves live in ``vocabulary``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import ahocorasick_rs

from graphbuild.extract.matcher import LexiconMatch
from graphbuild.extract.vocabulary import (
    BENCHMARK_HEADS,
    BENCHMARK_LONG_HEADS,
    CUE_TYPES,
    DATA_CUE_PREFIXES,
    DATASET_LONG_HEADS,
    FAMILY_SEEDS,
    HEAD_TYPES,
    KIND_NOUNS,
    LINKING_WORDS,
    MODEL_LONG_HEADS,
    NAME_ENDINGS,
    NOT_ENTITY_HEADS,
    STOP_SCAN,
    TASK_HEADS,
    TECHNIQUE_FAMILIES,
    VERSION_TAIL_WORDS,
    names_technique,
)
from graphbuild.lexicon import Guard, Lexicon
from graphbuild.model import EntityType

M, D, B, T = EntityType.MODEL, EntityType.DATASET, EntityType.BENCHMARK, EntityType.METHOD

Typed = tuple[EntityType, str]
"""A type and why it was chosen, in words (shown by ``graphbuild extract --explain``)."""


def _cue_alternatives() -> str:
    # Longest first, a space matching any one white-space character or none.
    words = sorted(CUE_TYPES, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s?") for w in words)


# Words after a name that type it (``the SQuAD dataset``, ``GLUE benchmark``), with up
# to two modifiers between (``the Foo language model``).
_CUE_AFTER = re.compile(
    r"[\s-]*(?:(?:large|small|base|language|vision|pre-?trained|\w+-\w+)\s+){0,2}"
    r"(" + _cue_alternatives() + r")\b",
    re.IGNORECASE,
)
# A task's word between data and "challenge" ("ILSVRC 2012 classification challenge").
_TASK_CHALLENGE = re.compile(r" [a-z]+(?:tion|ing) (?:challenge|benchmark)s?\b")
# Characters (and "", the text's end) after which _CUE_AFTER cannot match: it starts
# with white space, a hyphen or a word character.
_NO_CUE_NEXT = frozenset(["", ")", "(", ",", ":", ";", ".", "/", "{", "}", "[", "]", '"', "'"])
_WHITE = re.compile(r"\s+")
# Dataset and Benchmark cue words within this many characters retype a known name.
_CUE_REACH = 40


def type_word_near(text: str, start: int) -> bool:
    """May a Dataset or Benchmark cue word stand within 40 characters of ``start``?"""
    near = text[start : start + _CUE_REACH].lower()
    return any(prefix in near for prefix in DATA_CUE_PREFIXES)


def cue_type(text: str, end: int, default: EntityType | None) -> EntityType | None:
    """The type a following word gives a name (``SQuAD dataset``), or ``default``.

    A known Model or Method keeps its type ("BERT model", "LoRA benchmark results").
    """
    if text[end : end + 1] in _NO_CUE_NEXT:
        return default  # most names are followed by punctuation: skip the expression
    match = _CUE_AFTER.match(text, end, min(len(text), end + _CUE_REACH))
    if not match:
        if default is D and _TASK_CHALLENGE.match(text, end):
            return B  # "the ILSVRC 2012 classification challenge"
        return default
    cue = CUE_TYPES.get(_WHITE.sub(" ", match.group(1).lower()))
    if cue is None:
        return default
    if default is not None and cue in (M, T):
        return default  # "BERT model", "LoRA method": the lexicon already knows
    if default is T:
        return default  # "LoRA benchmark results": a method stays a method
    return cue


# A list item that is a name: capitalised words or numbers ("TREC Deep Learning Track",
# "ISLES 2015"), and the separators of a list.
_ITEM = r"(?:the\s+)?[A-Z0-9][\w.+'’-]*(?:\s[A-Z0-9][\w.+'’-]*){0,4}"
_JOIN = r"(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
_DATA_PLURAL_AFTER = re.compile(
    rf"{_JOIN}{_ITEM}(?:{_JOIN}{_ITEM})*\s+(benchmarks|datasets|corpora)\b"
)
_DATA_NOUN_BEFORE = re.compile(
    rf"\b(benchmarks?|datasets?|corpora|corpus)\s*[:(]?\s*(?:{_ITEM}{_JOIN})*(?:the\s+)?\Z",
    re.IGNORECASE,
)
_DATA_NOUN_TYPES = {"benchmark": B, "benchmarks": B}


def data_noun_around(text: str, start: int, end: int) -> EntityType | None:
    """Dataset or Benchmark, as the paper's plural after a list or noun before a name
    says: "the MS MARCO and TREC DL benchmarks", "the public benchmarks BRATS 2015 and
    ISLES 2015", "the standard benchmark (CoNLL-2009)" (GUIDELINES rule 5)."""
    near = text[max(0, start - 100) : end + 100]
    if "benchmark" not in near and "dataset" not in near and "corpor" not in near:
        return None  # most names: no data noun near, and no expression to run
    after = _DATA_PLURAL_AFTER.match(text, end, min(len(text), end + 100))
    if after is not None:
        return _DATA_NOUN_TYPES.get(after.group(1), D)
    window = text[max(0, start - 100) : start]
    before = _DATA_NOUN_BEFORE.search(window)
    if before is not None:
        return _DATA_NOUN_TYPES.get(before.group(1).lower(), D)
    return None


_WORDS = re.compile(r"[A-Za-z]+")
_LOWER_WORDS = re.compile(r"[a-z]+")


def _head_word(long_form: str) -> str:
    words: list[str] = _WORDS.findall(long_form.lower())
    return words[-1] if words else ""


class Families:
    """Known model and method names that coin new names when part of one (``CySecBERT``)."""

    def __init__(self, names: dict[str, EntityType]):
        self.names = names
        self._known = list(names)
        self._automaton = ahocorasick_rs.AhoCorasick(self._known) if names else None

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> Families:
        """The lexicon's Model and Method names with inner capitals, and the seed families."""
        names: dict[str, EntityType] = {}
        for entry in lexicon.entries:
            if entry.type not in (M, T) or entry.guard is not Guard.NONE:
                continue
            for form in entry.forms:
                letters = re.sub(r"[^A-Za-z0-9]", "", form)
                if len(letters) >= 3 and any(c.isupper() for c in letters[1:]) and " " not in form:
                    names.setdefault(form, entry.type)
        for name in FAMILY_SEEDS:
            names.setdefault(name, M)
        for name in TECHNIQUE_FAMILIES:
            names[name] = T
        return cls(names)

    def type_of(self, name: str) -> EntityType | None:
        """The type of a known name that ``name`` is built on, if any."""
        built_on = self.built_on(name)
        return None if built_on is None else built_on[1]

    def built_on(self, name: str) -> tuple[str, EntityType] | None:
        """The known name ``name`` is built on and its type, if any."""
        if self._automaton is None:
            return None
        # Longest known name first: "GraphCodeBERT" is built on "CodeBERT", not "BERT".
        known_names = self._known
        found = sorted(
            (
                (start, known_names[index])
                for index, start, _ in self._automaton.find_matches_as_indexes(name, True)
            ),
            key=lambda hit: (-len(hit[1]), hit[0]),
        )
        for start, known in found:
            if known == name:
                return None
            end = start + len(known)
            before = name[start - 1 : start] if start else ""
            after = name[end : end + 1]
            # A family name glued to more capitals is part of another acronym (GLU in GLUE).
            if before.isupper() or (after.isupper() and known[-1:].isupper()):
                continue
            return known, self.names[known]
        return None


NO_FAMILIES = Families({})


def type_of_long_form(
    long_form: str, short: str, families: Families, *, introduced: bool = False
) -> Typed | None:
    """The type named by an abbreviation's long form, and why; None for tasks and kinds.

    A long form ending in a task word ("Visual Question Answering") names a task,
    unless the paper introduces it (``introduced``: "we propose Online Widget
    Matching (OWM)"), when it names the paper's method.
    """
    head = _head_word(long_form)
    if head in BENCHMARK_LONG_HEADS or "benchmark" in _LOWER_WORDS.findall(long_form.lower()):
        return B, f"its long form ends in {head!r}"
    if head in DATASET_LONG_HEADS:
        if head == "data" and long_form.islower() and not introduced:
            return None  # "real-world data (RWD)": data of a kind, not a named set
        return D, f"its long form ends in {head!r}"
    if head in TASK_HEADS and not introduced:
        return None
    if not introduced and names_no_entity(long_form, short):
        return None
    built_on = families.built_on(short)
    if built_on is not None:
        return built_on[1], f"{BUILT_ON_WHY} {built_on[0]!r}"
    if head in MODEL_LONG_HEADS:
        # "Large Language Models (LLMs)" names a kind of thing; a singular, named model
        # ("Pathways Language Model (PaLM)") is a Model.
        if short.endswith("s") or head.endswith("s"):
            return None
        return M, f"its long form ends in {head!r}"
    if introduced or names_technique(long_form) or families.built_on(long_form) is not None:
        return T, "an abbreviation defined for a technique (the default)"
    return None


def defines_no_technique(long_form: str, short: str, families: Families) -> bool:
    """Does ``Long Form (LF)``, not introduced by the paper, name no entity at all?

    True for an organisation, a measure or a kind of thing (:func:`names_no_entity`) and
    for a long form of no technique (:func:`names_technique`), built on no known name
    ("arbitrary PET" is), that is not a task (a task's short form may still name its
    benchmark: "VQA").
    """
    if names_no_entity(long_form, short):
        return True
    head = _head_word(long_form)
    if head in TASK_HEADS or head in DATASET_LONG_HEADS or head in BENCHMARK_LONG_HEADS:
        return False
    if head in MODEL_LONG_HEADS:
        return False
    return not names_technique(long_form) and families.built_on(long_form) is None


_BEFORE_PREPOSITION = re.compile(r"(?:[\w-]+\s+)*?([\w-]+)\s+(?:of|to|for|in|on|under)\s")


def defines_task(long_form: str) -> bool:
    """Does ``Long Form (LF)`` define a task ("sequence labeling (SL)")?

    Heads that also end names of techniques do not count: "Linear Discriminant Analysis",
    "Model Predictive Control", "Monte Carlo Tree Search".
    """
    head = _head_word(long_form)
    return head in TASK_HEADS and head not in _TECHNIQUE_TASK_HEADS


_TECHNIQUE_TASK_HEADS = frozenset(
    "analysis processing estimation inference search planning control matching ranking "
    "synthesis editing evaluation retrieval linking resolution correction".split()
)


def names_no_entity(long_form: str, short: str) -> bool:
    """Does ``Long Form (LF)`` define an organisation, a measure or a kind of thing?

    "Directory of Open Access Journals (DOAJ)", "signal-to-noise ratio (SNR)", and plurals
    of common words that no type noun ends ("electronic health records (EHRs)").
    """
    head = _head_word(long_form)
    # The head of "Directory of ...", "time to first ...": the word before the preposition.
    before = _BEFORE_PREPOSITION.match(long_form.lower())
    if head in NOT_ENTITY_HEADS or (before is not None and before[1] in NOT_ENTITY_HEADS):
        return True
    return (
        long_form.islower()
        and short.endswith("s")
        and head.endswith("s")
        and head not in HEAD_TYPES
        and head[:-1] not in HEAD_TYPES
    )


def head_type(words: list[str]) -> Typed | None:
    """The type of the first head noun in ``words`` (``a new benchmark``, ``LLMs``), and it."""
    for word in words:
        low = word.lower()
        entity_type = HEAD_TYPES.get(low) or HEAD_TYPES.get(low.rsplit("-", 1)[-1])
        if entity_type is not None:
            return entity_type, low
    return None


def phrase_head_type(words: list[str]) -> Typed | None:
    """The type of a noun phrase by its head, the last type noun in it, and that noun.

    "a 1.2B parameter encoder model" is a model, "a language model pruning method" a
    method; a phrase that says "benchmark" anywhere is a Benchmark (GUIDELINES rule 5:
    "a new benchmark dataset").
    """
    typed = None
    for word in words:
        found = head_type([word])
        if found is not None:
            if found[0] is B:
                return found
            typed = found
    return typed


_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_DESCRIPTION = re.compile(
    r"\s*(?:\([^)]*\)\s*)?(?:[,:]|\s[-–—])?\s*(?:which\s+is\s+|is\s+|as\s+)?(?:an?|the)\s+(.*)"
)


DEFAULT_INTRO_WHY = "introduced without a describing noun: a technique (the default)"
DEFAULT_TITLE_WHY = "a title's name without a describing noun: a technique (the default)"
BUILT_ON_WHY = "it is built on the known name"
NAME_ENDING_WHY = "its name ends in"
VERSION_WHY = "a version of the lexicon entry"
VARIANT_WHY = "a variant of the lexicon entry"
# Types a name gets for want of the paper's word for it: the known name it is built on
# or varies, its ending, the default. The paper's own describing noun elsewhere in the
# text beats them.
GUESSED_WHYS = (
    BUILT_ON_WHY,
    DEFAULT_INTRO_WHY,
    DEFAULT_TITLE_WHY,
    NAME_ENDING_WHY,
    VERSION_WHY,
    VARIANT_WHY,
)
# "a family of ... models": the noun after "of" says what the name is.
_KIND_OF = frozenset({"family", "series", "line", "set", "pair", "range", "pool", "suite"})


_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
DESCRIBED_WHY = "the paper describes it as a"
NOUN_BEFORE_WHY = "the noun"
# The reasons that quote the paper's own noun for a name it introduces ("a new model
# named Foo", "Foo, a model for ..."): its word, which beats the lexicon's type there.
PAPER_NOUN_WHYS = (DESCRIBED_WHY, NOUN_BEFORE_WHY)
MEASURE_NOUNS = frozenset("metric metrics measure measures score scores".split())
MEASURE_WHY = "a metric or measure, which is not an entity (GUIDELINES rule 3)"
"""The ``why`` of a name that is a metric: extraction drops it (and other rules' finds)."""


_PARENTHESIS = re.compile(r"\([^()]*\)")


def _inside_name(found: list[str], i: int, words: list[str]) -> bool:
    """Does the small word ``found[i]`` carry the description on rather than end it?

    It does between two capitalised words (a name: "Mixture of Experts") and, for "and"
    or "or", between adjectives before any head noun ("a fully open and reproducible
    model", not "a dataset and a model").
    """
    low = found[i].lower()
    if (
        0 < i < len(found) - 1
        and low in LINKING_WORDS
        and found[i - 1][:1].isupper()
        and found[i + 1][:1].isupper()
    ):
        return True
    return low in ("and", "or") and bool(words) and phrase_head_type(words) is None


def description_type(text: str, end: int) -> Typed | None:
    """The type the description after a name ending at ``end`` gives it, if any.

    ``Foo, a benchmark for ...``, ``Foo (FB) - a million-scale synthetic dataset``.
    """
    described = _DESCRIPTION.match(text[end : end + 80])
    if not described:
        return None
    words: list[str] = []
    # The description ends with its sentence ("1.2B" is not an end).
    phrase = _SENTENCE_END.split(described.group(1), 1)[0]
    # "a bilingual Mixture of Experts (MoE) language model": a parenthesis says
    # nothing of what the name is.
    found: list[str] = _WORD.findall(_PARENTHESIS.sub(" ", phrase))[:12]
    if len(found) > 2 and found[0].lower() in _KIND_OF and found[1].lower() == "of":
        found = found[2:]  # "a family of open models": the models say what it is
    for i, word in enumerate(found[:10]):
        low = word.lower()
        if low in STOP_SCAN and not _inside_name(found, i, words):
            break
        words.append(word)
    if any(w.lower() in MEASURE_NOUNS for w in words):
        return T, MEASURE_WHY  # "Foo, a metric for ...", "Foo, a new measure of ..."
    typed = phrase_head_type(words)
    return None if typed is None else (typed[0], f"{DESCRIBED_WHY} {typed[1]!r}")


def intro_type(clause: str, start: int, end: int, name: str, families: Families) -> Typed:
    """Type a newly introduced name by the noun that describes it, and say why.

    ``NAME, a benchmark for ...`` and ``a new benchmark, NAME`` are Benchmarks; a
    name built on a known model (``CySecBERT``) takes that model's type; else Method.
    """
    built_on = families.built_on(name)
    if built_on is None and name.lower().endswith("score"):
        return T, MEASURE_WHY  # "FooScore"
    described = description_type(clause, end)
    if described is not None:
        return described
    before_words: list[str] = _WORD.findall(clause[max(0, start - 50) : start])[-5:]
    kept: list[str] = []
    for word in reversed(before_words):
        if word.lower() in STOP_SCAN:
            break
        kept.append(word)
    typed = head_type(kept)
    if typed is not None and not (typed[0] is M and built_on is not None and built_on[1] is T):
        return typed[0], f"{NOUN_BEFORE_WHY} {typed[1]!r} before it"
    shaped = name_shape_type(name)
    if shaped is not None and shaped[0] in (D, B):
        return shaped  # "OPT-IML Bench" is built on a model, and a benchmark
    if built_on is not None:
        return built_on[1], f"{BUILT_ON_WHY} {built_on[0]!r}"
    return shaped or (T, DEFAULT_INTRO_WHY)


_SIZE = re.compile(r"(?:^|[\s_-])\d+(?:\.\d+)?[BMbm](?:$|[\s_-])")


# "SemEval-2014 Task 1", "the CoNLL Shared Task", "Foo Challenge": an evaluation campaign.
_SHARED_TASK = re.compile(r"\b(?:Shared\s+Task|(?:Task|Track)\s*\d+\b|Challenge\b)")


def name_shape_type(name: str) -> Typed | None:
    """The type a coined name's own shape gives it: a size (``Foo-7B``) makes a Model,
    an ending such as ``Bench`` or ``LM`` its type (``FooBench``, ``FooLM``)."""
    if name[:1].isalpha() and _SIZE.search(name) and "--" not in name:
        return M, "its size in parameters (a released model)"
    if _SHARED_TASK.search(name):
        return B, "it names a shared task or challenge (an evaluation)"
    low = name.lower()
    for ending, entity_type in NAME_ENDINGS.items():
        if low.endswith(ending) and len(low) > len(ending) + 1:
            return entity_type, f"{NAME_ENDING_WHY} {name[-len(ending) :]!r}"
    return None


_SUBTITLE_DATASET_WORDS = frozenset(w for w, t in CUE_TYPES.items() if t is D and " " not in w)


def subtitle_type(subtitle: str, name: str, abstract: str, families: Families) -> Typed:
    """Type a ``NAME: subtitle`` title by the subtitle's first head noun or the abstract."""
    built_on: tuple[str, EntityType] | None = families.built_on(name)
    words: list[str] = _WORD.findall(subtitle)
    own = head_type(name.split()[-1:])
    if own is not None and own[0] in (D, B):
        return own[0], f"its last word {own[1]!r}"  # "SUN attribute database: Discovering ..."
    if built_on is not None:
        # "Codehacks: A Dataset of ...", "FooLLaVA: A Framework of ...": the subtitle's
        # head beats the family it is built on.
        first = _first_phrase(words)
        kind = next((w.lower() for w in first if w.lower() in KIND_NOUNS), None)
        return _data_word(first) or (
            (KIND_NOUNS[kind], f"the subtitle says {kind!r}")
            if kind is not None
            else (built_on[1], f"{BUILT_ON_WHY} {built_on[0]!r}")
        )
    typed = _data_word(words)
    if typed is not None:
        return typed
    if words and words[0].endswith("ing") and words[0][:1].isupper():
        # "NAME: Adapting LLMs via ..." names a way of doing something
        return T, f"the subtitle starts with the verb {words[0]!r}"
    said = _noun_after(abstract, name)
    if said is not None:
        # "LLM4VG: Large Language Models Evaluation ..." and "the LLM4VG benchmark";
        # "Foo: A Unified Framework ..." and "our Foo model".
        return said
    described = described_at(abstract, name)
    if described:
        # The match starts where the name ends.
        return intro_type(
            abstract, described.start() - len(name), described.start(), name, NO_FAMILIES
        )
    first = _first_phrase(words)
    if any(w.lower() in MEASURE_NOUNS for w in first) or (
        built_on is None and name.lower().endswith("score")
    ):
        return T, MEASURE_WHY  # "FooScore: A Metric for Evaluating Captions"
    typed = head_type([w for w in first if w.lower() not in TASK_HEADS])
    if typed is not None:
        return typed[0], f"the subtitle says {typed[1]!r}"
    shaped = name_shape_type(name)
    if shaped is not None:
        return shaped
    return T, DEFAULT_TITLE_WHY


def _data_word(words: list[str]) -> Typed | None:
    """Benchmark or Dataset, by the first word of ``words`` naming one."""
    for word in words:
        low = word.lower()
        if low in BENCHMARK_HEADS:
            return B, f"the subtitle says {low!r}"
        if low in _SUBTITLE_DATASET_WORDS:
            return D, f"the subtitle says {low!r}"
    return None


def _noun_after(abstract: str, name: str) -> Typed | None:
    """The type noun the abstract writes right after ``name`` ("the Foo benchmark")."""
    at = abstract.find(name)
    while at != -1:
        end = at + len(name)
        cue = cue_type(abstract, end, None)
        if cue is not None and not abstract[end : end + 1].isalnum():
            return cue, f"the abstract writes it before the noun for a {cue.value.lower()}"
        at = abstract.find(name, end)
    return None


_GROUP_NOUNS = frozenset("family families suite series collection set sets pool".split())


def _first_phrase(words: list[str]) -> list[str]:
    """The subtitle's first noun phrase: "Evaluation of Foo Models" is about models, not one.

    A group noun carries on past "of" ("A Family of Open Models").
    """
    for i, word in enumerate(words):
        if word.lower() in STOP_SCAN and not (i and words[i - 1].lower() in _GROUP_NOUNS):
            return words[:i]
    return words


_DESCRIBED = re.compile(r"\b[^.;]{0,3}\s+(?:is\s+)?(?:an?)\s+")


def described_at(text: str, name: str) -> re.Match[str] | None:
    """Where ``text`` says "NAME is a ..." / "NAME, a ...", if it does."""
    found = text.find(name)
    while found != -1:
        match = _DESCRIBED.match(text, found + len(name))
        if match is not None:
            return match
        found = text.find(name, found + 1)
    return None


_LIST_SEPARATOR = re.compile(r"\s*(?:,|and|or|,\s*and|,\s*or|/)\s*")


def list_type(
    text: str, start: int, end: int, matches: list[LexiconMatch], match_starts: list[int]
) -> EntityType | None:
    """The type of known entities listed right beside a name (``e-SNLI, TACRED, and SemEval``).

    ``match_starts`` are the starts of ``matches``.
    """
    # Matches are in text order: look only at those just before and just after the name.
    i = bisect_right(match_starts, start)
    for m in matches[max(0, i - 1) : i + 1]:
        between = text[min(m.end, end) : max(m.start, start)]
        if _LIST_SEPARATOR.fullmatch(between):
            return m.entry.type
    return None


# "experiments on A, B and C", "we evaluate our model on A", "accuracy on A", "trained on A":
# name-like words listed right after "on" in a sentence about experiments name the data
# they were run on. Only list items and their separators (and "three benchmarks,") may
# stand between "on" and the name; a word about experiments ends at most 60 characters
# before the "on", in the same sentence.
_EXPERIMENT_WORD = re.compile(
    r"\b(?:evaluat\w*|experiment\w*|test\w*|train\w*|results?|accuracy|performance|"
    r"state-of-the-art|outperform\w*|achiev\w*|fine-tun\w*|pre-?train\w*|validat\w*|"
    r"benchmark\w*|scores?|gains?|improvements?)\b",
    re.IGNORECASE,
)
_LISTED_AFTER_ON = re.compile(
    r"(?:the\s+)?"
    r"(?:(?:two|three|four|five|six|seven|eight|nine|ten|several|multiple|\d+)\s+"
    r"(?:[\w-]+\s+){0,2}?(?P<noun>benchmarks|datasets|corpora)\s*[,:(]\s*)?"
    r"(?:[\w.+'-]+(?:\s+\d[\w.]*)?\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+))*",
    re.IGNORECASE,
)
_PREPOSITIONS = (" on ", " across ", " over ")
_SENTENCE_MARKS = ".;:!?"


# A noun after the name that says it is a tool, not data ("the FooOS simulation platform").
_NOT_DATA_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:platform|engine|system|systems|simulator|tool|toolkit|library|"
    r"framework|robot|server|software|language|processor|machine|compiler|protocol|"
    r"interface|device|agent|agents|api|model|models|network|networks|architecture)\b",
    re.IGNORECASE,
)
# "10-fold", "5-way", "3-layer": a number with a lower-case word is not a name.
_COUNTED = re.compile(r"\d+-[a-z]+")


def data_context_type(text: str, start: int, end: int) -> Typed | None:
    """Dataset (or Benchmark when said so) for a name listed after "experiments on"."""
    # The last "on" before the name (most names have none near: one rfind each, the
    # cheapest test, first).
    low = max(0, start - 160)
    at, word = -1, ""
    for preposition in _PREPOSITIONS:
        position = text.rfind(preposition, low, start)
        if position > at:
            at, word = position, preposition
    if at == -1:
        return None
    name = text[start:end]
    if (len(name) < 3 and not any(c.isdigit() for c in name)) or _COUNTED.fullmatch(name):
        return None
    if _NOT_DATA_AFTER.match(text, end):
        return None
    listed = _LISTED_AFTER_ON.fullmatch(text, at + len(word), start)
    if listed is None:
        return None
    before = text[max(0, at - 60 - 16) : at + 1]
    cut = max(before.rfind(mark) for mark in _SENTENCE_MARKS)
    found = None
    for match in _EXPERIMENT_WORD.finditer(before, cut + 1):
        found = match  # the last one, nearest the "on"
    if found is None or len(before) - found.end() > 61:
        return None
    if (listed.group("noun") or "").lower() == "benchmarks":
        return B, "listed after 'on … benchmarks' in a sentence about experiments"
    return D, "listed after 'on' in a sentence about experiments (the data they ran on)"


_VERSION_TAIL = re.compile(r"(?:v?\d+[a-z]?|\d+[bmk]|" + "|".join(VERSION_TAIL_WORDS) + r")$")


def version_stem(key: str) -> str:
    """A name key without its versions and sizes: ``llama3181b`` -> ``llama``."""
    stem = key
    while True:
        shorter = _VERSION_TAIL.sub("", stem)
        if shorter == stem or not shorter:
            return stem
        stem = shorter
