"""Candidate finding: the spans that may name an entity, and settling their overlaps.

A rule proposes ``Candidate`` spans of one field's text; ``settle`` keeps the best
of those that overlap. Everything here is linear (or ``n log n``) in the text and
in the number of candidates, so that one huge field cannot stall a run:

- ``name_like_tokens``: tokens with an inner capital or a digit beside letters,
  found by one Aho–Corasick pass over the text's character shapes;
- the expressions that start rules (``we propose``, ``called``, ``datasets such
  as``) and the trigger words where they may match;
- ``occurrences``: every whole-token occurrence of names found elsewhere;
- URL spans, whose names are not mentions.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import ahocorasick_rs

from graphbuild.extract.matcher import translate_ascii
from graphbuild.extract.vocabulary import (
    HEAD_TYPES,
    INTRO_SUBJECTS,
    INTRO_VERBS,
    LIST_TYPES,
    MODIFIER_SUFFIXES,
    NAMING_NOUNS,
    NAMING_WORDS,
    NOT_NAME_WORDS,
    NOT_NAMES,
    NOUNS_BEFORE_NAMES,
    ORGANISATIONS,
    URL_STARTS,
    is_generic,
)
from graphbuild.model import EntityType


class Candidate(NamedTuple):
    """A candidate mention inside one field before overlaps are settled.

    A NamedTuple rather than a dataclass: dozens are made per paper, and this is faster.
    ``priority`` decides overlaps (higher wins, then the longer span, then the first);
    ``why`` says why it has its type (empty: the lexicon entry's type).
    """

    start: int
    end: int
    type: EntityType
    rule: str
    priority: int
    canonical: str | None = None
    aliases: tuple[str, ...] = ()
    introduced: bool = False
    short_form: str | None = None
    why: str = ""


# -- tokens ------------------------------------------------------------------------------------

# Candidate names: tokens with an inner capital or a digit beside letters.
TOKEN = re.compile(r"(?<![\w\-.])[\w][\w\-.+']*[\w+]|(?<![\w\-.])\w")
# A capital inside a word part (LoRA, GPT, mT5, e-SNLI) or letters with digits (T5, C4);
# Title-Case compounds (Spatial-Temporal) are not names.
NAME_LIKE = re.compile(r"(?:[A-Za-z][A-Z])|(?:[A-Za-z].*\d)|(?:\d.*[A-Za-z])")
_ROMAN = re.compile(r"\A[IVX]+\Z")
# A lower-case letter before a capital inside a word: a coined name ("CodeS", "LoRA").
_CAMEL_HUMP = re.compile(r"[a-z][A-Z]")
_NUMBER_WITH_UNIT = re.compile(r"\d+(?:\.\d+)?[A-Za-z]{0,3}")
_LETTER_AND_DIGITS = re.compile(r"[A-Z]\d*")
# "10-fold", "8-bit", "3-layer": a count and what it counts.
_NUMBER_AND_WORD = re.compile(r"\d+(?:\.\d+)?-[a-z]+")
_BEFORE_DESCRIPTION = re.compile(r":|,\s+(?:an?|the)\s")

# Each character's shape: U upper-case, l lower-case, d digit, space for white space; other
# characters stand for themselves (a table for `translate_ascii`).
_SHAPE = bytes(range(256)).translate(
    bytes.maketrans(
        (
            string.ascii_uppercase + string.ascii_lowercase + string.digits + "\t\n\r\x0b\x0c"
        ).encode(),
        ("U" * 26 + "l" * 26 + "d" * 10 + " " * 5).encode(),
    )
)


def _non_ascii_shape(run: str) -> str:
    return run.replace("\xa0", " ")  # a no-break space is white space too


# Shapes inside a name-like word: GPT, LoRA, T5, 7B; all found in one pass over the
# shape string (value: the shape's length).
_NAME_SHAPE_FINDER = ahocorasick_rs.AhoCorasick(
    ["UU", "lU", "Ud", "ld", "dU", "dl", "l-d", "U-d", "d-l", "d-U"]
)


def name_like_tokens(text: str) -> list[tuple[int, str]]:
    """(offset, token) of the tokens of the words of ``text`` that may be name-like.

    Every token ``NAME_LIKE`` accepts is among them; the caller applies ``NAME_LIKE``
    (once per distinct token).

    The text's shape string is searched with one Aho–Corasick pass for the few letter
    pairs a name-like word holds, so that only those words are looked at in Python:
    several times faster than one regular expression, or a loop, over every word.
    """
    shape = translate_ascii(text, _SHAPE, _non_ascii_shape)
    tokens: list[tuple[int, str]] = []  # a list: cheaper than resuming a generator
    reached = -1
    # Hits come in text order, without overlaps; no shape holds a space, so the hits of
    # one word come together, after those of the words before it, and a word holding a
    # shape has a hit (the first one it holds).
    for _, hit, _ in _NAME_SHAPE_FINDER.find_matches_as_indexes(shape):
        if hit < reached:
            continue  # another hit in a word already looked at
        start = shape.rfind(" ", 0, hit) + 1
        end = shape.find(" ", hit)
        reached = end = len(text) if end == -1 else end
        word = text[start:end]
        if word.isalnum():
            # One token, the whole word (what TOKEN finds there): half the words.
            tokens.append((start, word))
            continue
        for token in TOKEN.finditer(text, start, end):
            found = token.group().rstrip(".")
            glued = _GLUED_SENTENCE.search(found)
            if glued is not None:
                # "… on SemEval-2014.Participation was …": two sentences without a space.
                found = found[: glued.start()]
            tokens.append((token.start(), found))
    return tokens


_GLUED_SENTENCE = re.compile(r"(?<=[A-Za-z\d])\.(?=[A-Z][a-z]{2})")


def is_new_name(
    name: str, *, allow_capitalised: bool, clause: str = "", at: re.Match[str] | None = None
) -> bool:
    """Does a token look like a proper name of a model, method or data set?

    Args:
        name: the token.
        allow_capitalised: accept a plain capitalised word when ``clause`` shows it
            is named (``Foo, a ...``, ``Foo: ...``).
        clause: the text ``at`` matched in.
        at: the token's match in ``clause``.
    """
    if len(name) < 2 or name in NOT_NAMES or _ROMAN.match(name):
        return False
    if any(_ACRONYM_MARKING.fullmatch(part) for part in name.split("-")):
        return False  # "MEtamorphic Testing (METAL)", "COntrastive-Streamlined": an acronym's
    if _ENTITY_REMNANT.fullmatch(name):
        return False  # "(7B)x2014a model": an em dash's HTML reference, half stripped
    if generic_with_prefix(name):
        return False  # "the pre-LLM era", "multilingual LMs (mLMs)", "l-MLLM", "NL-PL"
    if is_generic(name) and not _CAMEL_HUMP.search(name):
        return False  # "code" is generic, "CodeS" is a coined name
    if name.replace(".", "").replace("-", "").isdigit() or "'" in name:
        return False
    if "-" in name and name.rsplit("-", 1)[1].lower() in MODIFIER_SUFFIXES:
        return False  # "SQL-centric", "BERT-based": a modifier, not a name
    if (
        _NUMBER_WITH_UNIT.fullmatch(name)
        or _LETTER_AND_DIGITS.fullmatch(name)
        or _NUMBER_AND_WORD.fullmatch(name)
    ):
        return False
    if NAME_LIKE.search(name):
        return True
    if allow_capitalised and at is not None and name[:1].isupper() and len(name) > 3:
        # A capitalised word right before a comma, colon or parenthesis ("SAP (...)",
        # "Swallow, a ...") names something; one at a sentence start does not.
        return _BEFORE_DESCRIPTION.match(clause, at.end(), at.end() + 6) is not None
    return False


def generic_with_prefix(name: str) -> bool:
    """A generic term after a lower-case prefix: "pre-LLM", "l-MLLM", "mPLMs" (not "mBERT",
    whose rest is a name); or generic terms joined by hyphens ("NL-PL alignment")."""
    head, hyphen, rest = name.partition("-")
    if hyphen and all(part in NOT_NAMES for part in name.split("-")):
        return True
    if not hyphen:
        head, rest = name[:1], name[1:]
    return head.islower() and rest[:1].isupper() and (rest in NOT_NAMES or is_generic(rest))


# What is left of an HTML character reference in scraped text: "(7B)x2014a model" was
# "(7B)&#x2014;a model".
_ENTITY_REMNANT = re.compile(r"x[0-9a-fA-F]{4}[a-z]?")
# Two capitals and a long lower-case rest: a word capitalised to spell an acronym
# ("MEtamorphic", "COntrastive"), not a coined name ("GPipe", "GShard" are short).
_ACRONYM_MARKING = re.compile(r"[A-Z]{2}[a-z]{5,}")

# -- rule expressions and their trigger words ---------------------------------------------

_VERBS = "|".join(re.escape(verb) for verb in INTRO_VERBS)
INTRO = re.compile(
    r"\b(?:We|" + "|".join(INTRO_SUBJECTS) + r")\s+(?:\w+\s+){0,2}?"
    r"(" + _VERBS + r")(?:s|d|ed)?\b((?:[^.;:]|(?<=\d)\.(?=\d)){0,160})"
)
# The end of an introduction right before a span: "we propose (a new) " + NAME.
_INTRODUCING = re.compile(
    r"\b(?:we|paper|work|study)\s+(?:\w+\s+){0,2}?(?:" + _VERBS + r")(?:s|d|ed)?"
    r"\s+(?:(?:an?|the|new|novel|our|simple|efficient|method|approach|framework)\s+){0,3}\Z",
    re.IGNORECASE,
)


# A coined name of several capitalised words right after the verb: "we present (the)
# Stacked Widget Networks, ...", "we introduce Gated Blorp Units, which ...".
_NAME_WORD = r"(?:[A-Z][\w'+]*(?:-[\w'+]+)*|\d[\w]*(?:-[\w'+]+)+)"
COINED = re.compile(
    r"\s+(?:the\s+)?(" + _NAME_WORD + r"(?:\s+(?:of\s+|for\s+)?" + _NAME_WORD + r"){1,4})"
    r"(?=\s*(?:[,:;(]|\.(?:\s|\Z)|\s-+\s|\s—|\s+(?:which|that|to|for|as|in|on|with|where|is)\b|\Z))"
)


def coined_name(clause: str) -> re.Match[str] | None:
    """The coined name of capitalised words opening ``clause``, if it is one.

    Not a generic term ("Large Language Models"), not a run of words that only
    describe ("New Method"), and not a single word (the token rules cover those).
    """
    opening = clause.lstrip()
    if opening.startswith("the "):
        opening = opening[4:]
    if not opening[:1].isupper() and not opening[:1].isdigit():
        return None  # most clauses start with a lower-case word
    match = COINED.match(clause)
    if match is None:
        return None
    words = match.group(1).split()
    content = [w for w in words if w not in ("of", "for")]
    if len(content) < 2 or is_generic(match.group(1)):
        return None
    if sum(1 for w in content if w.lower() not in NOT_NAME_WORDS and not is_generic(w)) < 1:
        return None
    if words[0].lower() in NOT_NAME_WORDS:
        return None
    return match


_FIRST_WORD_NAME = re.compile(
    r"\s+([A-Z][a-z]+[A-Za-z]*)(?=\s*(?:[,(:;]|\s+(?:to|for|that|which|as|in|on|with|by|"
    r"and|a|an|the|is)\b|\Z))"
)


def first_word_name(clause: str) -> re.Match[str] | None:
    """A plain capitalised word right after the verb, followed by a function word or
    punctuation: "we release Zorblax to ...", "we open-source Quibble, ...".

    "we propose Bayesian optimisation" is not one (a lower-case word follows).
    """
    match = _FIRST_WORD_NAME.match(clause)
    if match is None:
        return None
    word = match.group(1)
    low = word.lower()
    if low in NOT_NAME_WORDS or is_generic(word) or word in NOT_NAMES or len(word) < 3:
        return None
    return match


_NAME_AFTER_NOUN = re.compile(r" ([A-Za-z][\w'+.-]*[\w+])")
# A name-like word in commas after a noun ("a framework, OV-Foo, which").
_APPOSED_NAME = re.compile(
    r", ((?=[\w-]*(?:[A-Za-z][A-Z]|[A-Za-z]\d))[A-Za-z][\w-]*[\w])(?=, | which\b| that\b| \()"
)
# What may follow a plain capitalised word for it to be a name ("the model Foo, ...").
_AFTER_PLAIN_NAME = re.compile(
    r"[,.;:)]|\s+(?:and|or|to|for|in|on|with|which|that|is|was|are|were)\b|\Z"
)


def names_after_noun(text: str, noun_end: int, plural: bool) -> list[tuple[int, int]]:
    """Spans of the names right after a type noun ending at ``noun_end``.

    "the benchmark FooEval-Hi and FooEval-Mr" -> both; "the model Foo-video" ->
    "Foo-video". A name here is name-like (inner capital or digit) or capitalised,
    followed by punctuation or a function word.
    """
    if text[noun_end : noun_end + 1] == ",":
        # "the first open-vocabulary framework, OV-Foo, which ...": a coined name set
        # off by commas.
        apposed = _APPOSED_NAME.match(text, noun_end)
        if apposed is None or not is_new_name(apposed.group(1), allow_capitalised=False):
            return []
        return [apposed.span(1)]
    # Most nouns are followed by a lower-case word ("the model is"): test that first.
    word_end = text.find(" ", noun_end + 1)
    word = text[noun_end + 1 : word_end if word_end != -1 else len(text)]
    if not word[:1].isalpha() or (word.islower() and word.isalpha()):
        return []
    spans: list[tuple[int, int]] = []
    at = noun_end
    while True:
        match = _NAME_AFTER_NOUN.match(text, at)
        if match is None:
            break
        name = match.group(1).rstrip(".")
        end = match.start(1) + len(name)
        if not (
            (NAME_LIKE.search(name) and is_new_name(name, allow_capitalised=False))
            or (
                _capitalised(name)
                and not is_generic(name)
                and name not in NOT_NAMES
                and _AFTER_PLAIN_NAME.match(text, end) is not None
            )
        ):
            break
        spans.append((match.start(1), end))
        joined = _AND.match(text, end)
        if joined is None:
            break
        # A singular noun lists only name-like items ("the benchmark FooEval-Hi and
        # FooEval-Mr"), a plural any ("the benchmarks Foo and Bar").
        following = _NAME_AFTER_NOUN.match(text, joined.end() - 1)
        if not plural and (following is None or not NAME_LIKE.search(following.group(1))):
            break
        at = joined.end() - 1
    return spans


_AND = re.compile(r"(?:,? and|,) (?=\S)")


def introduced_at(text: str, start: int) -> bool:
    """Does ``text`` introduce what starts at ``start`` ("we propose NAME")?"""
    return _INTRODUCING.search(text, max(0, start - 80), start) is not None


CALLED = re.compile(
    r"\b(?:called|named|dubbed|termed|coined|namely|denoted(?:\s+as)?|referred\s+to\s+as|"
    r"known\s+as)\s+"
    r"[\"'“]?([A-Z][\w\-.+']*[\w+])"
)
TITLE_NAME = re.compile(r"\A\s*([^:]{1,40}?)\s*:\s+\S")
CAPITAL = re.compile("[A-Z]")
TASK_BEFORE = re.compile(r"\b(?:task|problem|setting|challenge|question)s?\b", re.IGNORECASE)
# Run on lower-cased text: faster than IGNORECASE.
CUE_LIST = re.compile(
    r"(" + "|".join(sorted(LIST_TYPES)) + r")\b[^.;:()]{0,30}?"
    r"(?:such as|including|like|namely|e\.g\.,?|:|\()\s*"
    r"([^.;()]{2,200}?)(?=[.;)]|\s+(?:as|to|for|with|on|in|that|which|where|show|and then)\s|$)"
)
LIST_ITEM = re.compile(r"(?:^|,|\band\b|\bor\b)\s*(?:the\s+)?([^,]+?)\s*(?=,|\band\b|\bor\b|$)")
_ONLY_NUMBER = re.compile(r"[\d.,\-–]+[KMBT]?")

# Words where INTRO, CALLED and CUE_LIST can start: matching the expressions only there
# is much faster than scanning the whole text with them. The lexicon's automaton finds
# them in the same pass as the lexicon names (padded form -> label).
TRIGGERS: dict[str, str] = {
    **{f" {word} ": "intro" for word in INTRO_SUBJECTS},
    # Method plurals are frequent and open few lists: they take a stricter test.
    **{
        f" {word}": "cue" if LIST_TYPES[word] is not EntityType.METHOD else "cue_strict"
        for word in LIST_TYPES
    },
    **{f" {word}": "called" for word in NAMING_WORDS},
    # Type nouns get a label each, so that their length is known without a match.
    **{f" {word} ": f"noun:{word}" for word in NAMING_NOUNS.keys() | NOUNS_BEFORE_NAMES.keys()},
}


def trigger_positions(marked: list[tuple[int, str]]) -> dict[str, list[int]]:
    """Offsets in the text of each kind of trigger word, from the matcher's markers."""
    found: dict[str, list[int]] = {"intro": [], "cue": [], "called": []}
    for offset, kind in marked:
        found.setdefault(kind, []).append(offset)
    return found


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern`` matched at each of ``starts``, skipping starts inside an earlier match."""
    reached = 0
    for start in starts:
        if start < reached:
            continue
        match = pattern.match(text, start)
        if match is not None:
            reached = match.end()
            yield match


def may_start_list(low: str, start: int, *, strict: bool = False) -> bool:
    """Can CUE_LIST match at ``start``? Only with a list opener in the 49 characters
    from there: type word (at most 10), up to 30 others, opener (at most 9).

    ``strict``: only a worded opener ("such as", "including", "e.g.") counts.
    """
    near = low[start : start + 49]
    return (
        (not strict and (":" in near or "(" in near))
        or "like" in near
        or "such as" in near
        or "including" in near
        or "namely" in near
        or "e.g." in near
    )


def list_item_names(listed: str) -> Iterator[tuple[int, str]]:
    """(offset in ``listed``, name) of each item of ``A, B and the C benchmark``."""
    for item in LIST_ITEM.finditer(listed):
        words = item.group(1).split()
        while words and (words[0][:1].islower() and not NAME_LIKE.search(words[0])):
            words.pop(0)  # "and", "the", "widely used"
        typed = False
        while words and words[-1].lower() in HEAD_TYPES:
            words.pop()  # "Spider benchmark"
            typed = True
        while typed and len(words) > 1 and words[-1].islower():
            words.pop()  # "Pubmed citation network datasets"
        name = " ".join(words)
        if not words or len(words) > 3 or is_generic(name) or name in NOT_NAMES:
            continue
        if generic_with_prefix(name):
            continue  # "multilingual models (mLMs) such as ..."
        if len(name) < 2:
            continue  # "two models: a generative model G and ...": a variable
        if len(words) == 1 and name.lower() in NOT_NAME_WORDS:
            continue  # "newswire and Web", "the Base and Chat versions"
        if "-" in name and name.rsplit("-", 1)[1].lower() in MODIFIER_SUFFIXES:
            continue  # "English-centric", "BERT-based": a modifier, not a name
        if not all(w[:1].isupper() or NAME_LIKE.search(w) for w in words):
            continue
        if _ONLY_NUMBER.fullmatch(name):
            continue
        yield item.start(1) + item.group(1).index(name), name


_WORD_BEFORE = re.compile(r"\S+")
_SENTENCE_END = (".", "!", "?", ":", ";")
_LIST_JOINERS = frozenset({"and", "or", "&"})
# Most words of one name before a type noun ("Street View House Numbers").
_MAX_NAME_WORDS = 4


def _capitalised(word: str) -> bool:
    """Is ``word`` a capitalised word that may be part of a name ("Zorblax", not "The")?"""
    low = word.lower()
    return (
        word[:1].isupper()
        and low not in NOT_NAME_WORDS
        and low.rsplit("-", 1)[-1] not in MODIFIER_SUFFIXES  # "SQL-based"
    )


def names_before_noun(
    text: str, noun_start: int, plural: bool, *, sentence_start: bool = False
) -> list[tuple[int, int]]:
    """Spans of the capitalised names right before a type noun at ``noun_start``.

    "the Zorblax Widgets dataset" -> "Zorblax Widgets"; with a plural noun every item
    of a list: "the Foo, Bar and Baz benchmarks" -> "Foo", "Bar", "Baz". Words that
    only open a sentence or describe the data ("Existing", "Synthetic") are left out;
    with ``sentence_start`` a capitalised word opening the sentence is kept ("Foo, a
    model ..."), unless it is an adverb or a word that never names ("However, a ...").
    """
    # Most type nouns follow a lower-case word ("the dataset"): one test first.
    word_before = text.rfind(" ", 0, noun_start - 1) + 1
    if noun_start < 2 or not (
        text[word_before : word_before + 1].isupper()
        or text[word_before:noun_start].strip().isdigit()
    ):
        return []
    # A list may reach far back; one name of up to four words does not.
    window_start = max(0, noun_start - (160 if plural else 60))
    words = [(m.start(), m.group()) for m in _WORD_BEFORE.finditer(text, window_start, noun_start)]
    spans: list[tuple[int, int]] = []
    i = len(words) - 1
    while i >= 0:
        run: list[tuple[int, str]] = []
        while i >= 0 and len(run) < _MAX_NAME_WORDS:
            start, word = words[i]
            bare = word.rstrip(",")
            if bare != word and run:
                break  # "Foo, Bar": the comma ends an earlier item
            if not (_capitalised(bare) or (bare.isdigit() and len(bare) == 4)):
                break
            if _GLUED_SENTENCE.search(bare) or (bare.endswith(")") and "(" not in bare):
                # "... did not include HME.The objective": a sentence ends in it;
                # "Foo (Bar Baz), a technique": the parenthesis closed before the name.
                break
            run.append((start, bare))
            i -= 1
        run.reverse()
        before = words[i][1] if i >= 0 else ""
        if (
            run
            and (not before or before.endswith(_SENTENCE_END))
            and not NAME_LIKE.search(run[0][1])
            and not (sentence_start and not run[0][1].lower().endswith("ly"))
        ):
            run = run[1:]  # a capital that only opens the sentence
        while run and (is_generic(run[0][1]) or run[0][1].isdigit()):
            if run[0][1] in ORGANISATIONS and len(run) > 1:
                break  # "the Google News corpus": a maker's name is part of its data's
            run = run[1:]  # "the English Wikipedia corpus" names Wikipedia
        if not run:
            break
        name = " ".join(word for _, word in run)
        if is_generic(name) or name in NOT_NAMES:
            break
        spans.append((run[0][0], run[-1][0] + len(run[-1][1])))
        if not plural:
            break
        # Go on to the item before when a list joins them: "Foo and Bar", "Foo, Bar".
        if i >= 0 and words[i][1].lower() in _LIST_JOINERS:
            i -= 1
            if i >= 0 and words[i][1].lower().rstrip(",") in ("", "and", "or"):
                i -= 1
            continue
        if i >= 0 and words[i][1].endswith(","):
            continue
        break
    spans.reverse()
    return spans


# A dataset's edition after its name: a year ("FooVOC 2010", "BarNLL-2003", "WMT'19") and
# a language pair after it ("WMT'19 De-Fr", "WMT 2014 En→De").
_LANGUAGE_PAIR = r"\s(?:[A-Z][a-z][-→/][A-Z][a-z]|[a-z]{2}→[a-z]{2})(?![\w-])"
_EDITION = re.compile(
    r"(?:(?:[ -](?:19|20)\d\d|'\d\d)(?![\w'])(?:" + _LANGUAGE_PAIR + r")?"
    r"|" + _LANGUAGE_PAIR + r")"
)


def edition_end(text: str, end: int) -> int:
    """Where a Dataset or Benchmark name ending at ``end`` ends with its edition, if any."""
    follow = text[end : end + 2]
    # A digit or a capital must come next (a year, 'yy, a language pair).
    if follow[:1] not in (" ", "-", "'") or not (follow[1:].isdigit() or follow[1:].isupper()):
        return end
    match = _EDITION.match(text, end)
    return end if match is None else match.end()


_WORD_BEFORE_NAME = re.compile(r"(?<![\w-])([A-Z][a-z]{2,}) \Z")
_CAPITALISED_BEFORE = re.compile(r"(?<![\w-])[A-Z][a-z]+ \Z")


def modifier_start(text: str, start: int) -> int:
    """Where a name starting at ``start`` starts with the capitalised modifier before it.

    "Faster Foo-Net", "Cascade Foo-Net", "Bootstrapped BarQN" are names of their own,
    not the bare name; "Using Foo-Net", "The Foo-Net", "English Foo-Net" are not.
    """
    # Most names follow a lower-case word or punctuation: two character tests first.
    if start < 4 or text[start - 1] != " " or not text[start - 2].islower():
        return start
    # A term written in lower case ("co-training") takes no capitalised modifier: a
    # capital before it starts a heading or a sentence fragment ("Keywords co-training").
    if text[start].islower():
        return start
    if not text[text.rfind(" ", 0, start - 1) + 1].isupper():
        return start
    match = _WORD_BEFORE_NAME.search(text, max(0, start - 24), start)
    if match is None:
        return start
    word = match.group(1)
    if _CAPITALISED_BEFORE.search(text, max(0, match.start(1) - 24), match.start(1)):
        return start  # "Multiple Goal Q-Learning: ...": a heading's capitals, no modifier
    low = word.lower()
    if (
        low in NOT_NAME_WORDS
        or is_generic(word)
        or low.endswith(("ing", "ly"))
        or word in NOT_NAMES
        or low in MODIFIER_SUFFIXES
    ):
        return start
    return match.start(1)


# -- spans -------------------------------------------------------------------------------------


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where URLs are, sorted: names inside them (``github.com/org/FooNet``) are not mentions."""
    spans: list[tuple[int, int]] = []
    # Every start but "www." holds a slash: most texts have none, and need one scan.
    for domain in URL_STARTS if "/" in text else ("www.",):
        # From the white space before "http://" or "github.com/" to the white space after.
        found = text.find(domain)
        while found != -1:
            start = max(text.rfind(" ", 0, found), text.rfind("(", 0, found)) + 1
            end = text.find(" ", found)
            spans.append((start, len(text) if end == -1 else end))
            found = text.find(domain, found + len(domain))
    return sorted(spans)


def outside_spans(candidates: list[Candidate], spans: list[tuple[int, int]]) -> list[Candidate]:
    """The candidates that do not start inside one of the sorted ``spans``."""
    if not spans:
        return candidates
    # Reach of the spans up to each one: a start is inside some span iff the reach of
    # the spans starting at or before it passes it.
    starts = [s for s, _ in spans]
    reach: list[int] = []
    furthest = -1
    for _, end in spans:
        furthest = max(furthest, end)
        reach.append(furthest)
    kept = []
    for candidate in candidates:
        i = bisect_right(starts, candidate.start)
        if not (i and reach[i - 1] > candidate.start):
            kept.append(candidate)
    return kept


def settle(candidates: Iterable[Candidate], size: int) -> list[Candidate]:
    """Keep the best candidate where spans overlap: higher priority, then longer, then first.

    Args:
        candidates: spans of one text.
        size: the text's length.

    Returns:
        The kept candidates, in text order.

    Cost: a sort, then one mark per character of each kept span (a ``bytearray`` the
    size of the text), so ``n log n`` in the candidates and linear in the text.
    """
    ordered = sorted(candidates, key=lambda c: (-c.priority, c.start - c.end, c.start))
    if len(ordered) <= _FEW_CANDIDATES:
        return _settle_few(ordered)
    taken = bytearray(size)
    kept: list[Candidate] = []
    for candidate in ordered:
        start, end = candidate.start, candidate.end
        if end <= start or taken.find(1, start, end) != -1:
            continue  # empty, or overlaps a span kept already
        taken[start:end] = b"\x01" * (end - start)
        kept.append(candidate)
    kept.sort(key=lambda c: c.start)
    return kept


# Up to this many candidates, a sorted list kept with bisect is faster than marking
# characters (its inserts cost nothing at that size).
_FEW_CANDIDATES = 64


def _settle_few(ordered: list[Candidate]) -> list[Candidate]:
    starts: list[int] = []  # the kept spans, sorted by start (they never overlap)
    ends: list[int] = []
    kept: list[Candidate] = []
    for candidate in ordered:
        start, end = candidate.start, candidate.end
        i = bisect_right(starts, start)
        if end <= start or (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue  # empty, or overlaps the span kept before or after it
        starts.insert(i, start)
        ends.insert(i, end)
        kept.insert(i, candidate)
    return kept


def compound_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span to the hyphenated token it is part of (``Flan-T5-large``)."""
    size = len(text)
    new_end = end
    while new_end < size and (
        text[new_end].isalnum()
        or text[new_end] in "-+_"
        or (text[new_end] == "." and new_end + 1 < size and text[new_end + 1].isdigit())
    ):
        new_end += 1
    while new_end > end and text[new_end - 1] in "-._":
        new_end -= 1
    new_start = start
    while (
        new_start > 0
        and text[new_start - 1] == "-"
        and new_start - 2 >= 0
        and text[new_start - 2].isalnum()
    ):
        new_start -= 1
        while new_start > 0 and text[new_start - 1].isalnum():
            new_start -= 1
    return new_start, new_end


def _whole_token(text: str, start: int, size: int) -> bool:
    before = text[start - 1 : start]
    after = text[start + size : start + size + 2]
    return not (before.isalnum() or before in ("-", "_")) and not (
        after[:1].isalnum()
        or after[:1] in ("+", "_")
        or (after[:1] == "-" and after[1:2].isalnum())
    )


# Up to this many names are looked up with one ``str.find`` loop each; more with one
# automaton pass. Building the automaton costs as much as about 80 finds in an abstract.
_FEW_NAMES = 64


def occurrences(text: str, names: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(start, name) of each whole-token occurrence of the ``names`` in ``text``.

    Linear in the text whatever the number of names: one ``str.find`` loop for a few
    names, one Aho–Corasick pass for many.
    """
    wanted = [name for name in names if name]
    if len(wanted) <= _FEW_NAMES:
        for name in wanted:
            size = len(name)
            start = text.find(name)
            while start != -1:
                if _whole_token(text, start, size):
                    yield start, name
                start = text.find(name, start + size)
        return
    automaton = ahocorasick_rs.AhoCorasick(wanted)
    for index, start, end in automaton.find_matches_as_indexes(text, True):
        if _whole_token(text, start, end - start):
            yield start, wanted[index]
