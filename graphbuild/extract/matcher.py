"""Find lexicon names in text with one Aho–Corasick automaton.

Each lexicon name is compiled into its spelling variants (``LLaMA-2``,
``LLaMA 2``, ``LLaMA2``; ``PanGu-α``, ``PanGu-alpha``; plurals of methods), all
lower-cased, and one automaton scans the lower-cased text once: the cost is
linear in the text, whatever the size of the lexicon. Matches must start and end
on word boundaries; short names and names that are also English words must
match their case as well. A lexicon entry's guard (``graphbuild.lexicon.Guard``)
asks more: ``case``, the exact letter case written; ``context``, a word naming
the entity's type near the match ("the Birds dataset").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick_rs

from graphbuild.extract.vocabulary import COMMON_WORDS, LINKING_WORDS
from graphbuild.lexicon import Guard, Lexicon, LexiconEntry
from graphbuild.model import EntityType
from graphbuild.normalize import GREEK, GREEK_BY_NAME, name_key
from graphbuild.runtime import paused_gc

# A "+" belongs to the name (LoRA+, T0++): "lora" must not find "LoRA+".
_CHUNK = re.compile(r"[^\W_]+(?:\.\d+)*\+*", re.UNICODE)
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)")
_MAX_VARIANTS = 48


class LexiconMatch(NamedTuple):
    """A lexicon name found in a text: ``text[start:end]`` is the surface form.

    A NamedTuple rather than a frozen dataclass: several are made per text, and this is
    several times faster to make.
    """

    start: int
    end: int
    entry: LexiconEntry
    form: str


@dataclass(frozen=True)
class _Pattern:
    entry: LexiconEntry
    form: str
    exact_case: str | None  # the letters the surface must spell, case included
    capitalised: bool  # the surface must not be all lower case
    context: bool = False  # a type word must stand near the match


def _chunks(form: str) -> list[tuple[str, str]]:
    """Split a name into (separator-before, chunk) pairs."""
    pieces: list[tuple[str, str]] = []
    position = 0
    for match in _CHUNK.finditer(form):
        separator = form[position : match.start()]
        for i, part in enumerate(_LETTER_DIGIT.split(match.group())):
            pieces.append(("" if i else separator, part))
        position = match.end()
    return pieces


def _gap_options(separator: str, first: bool, letter_digit: bool = False) -> tuple[str, ...]:
    if first:
        return ("",)
    if separator == "" or letter_digit:
        return ("", "-", " ")  # "Llama 3" is also written "Llama-3" and "Llama3"
    if separator.strip() == "":
        return (" ", "-")
    if separator == "-":
        return ("-", " ", "")
    return (separator, " ")


def _chunk_options(chunk: str) -> tuple[str, ...]:
    low = chunk.lower()
    options = {low}
    spelled = "".join(GREEK.get(c, c) for c in low)
    options.add(spelled)
    if low in GREEK_BY_NAME:
        options.add(GREEK_BY_NAME[low])
    return tuple(sorted(options))


def spelling_variants(form: str, plural: bool = False) -> set[str]:
    """Return the lower-case spellings under which ``form`` is searched."""
    pieces = _chunks(form)
    if not pieces:
        return set()
    gap_choices = [
        _gap_options(sep, i == 0, i > 0 and pieces[i - 1][1][-1:].isalpha() and chunk[:1].isdigit())
        for i, (sep, chunk) in enumerate(pieces)
    ]
    chunk_choices = [_chunk_options(chunk) for _, chunk in pieces]
    total = 1
    for choices in (*gap_choices, *chunk_choices):
        total *= len(choices)
    variants: set[str] = set()
    if total <= _MAX_VARIANTS:
        for gaps in itertools.product(*gap_choices):
            for chunks in itertools.product(*chunk_choices):
                variants.add("".join(g + c for g, c in zip(gaps, chunks, strict=True)))
    else:
        # Long names: the written spelling, all spaces, all hyphens.
        for joiner in (None, " ", "-"):
            for chunks in itertools.product(*chunk_choices):
                joined = [
                    g[0] if i == 0 else (sep if joiner is None else joiner)
                    for i, (g, (sep, _)) in enumerate(zip(gap_choices, pieces, strict=True))
                ]
                variants.add("".join(g + c for g, c in zip(joined, chunks, strict=True)))
    variants.add(form.lower())
    if plural:
        variants |= {v + ("es" if v.endswith(("x", "sh", "ch")) else "s") for v in variants}
    return {v for v in variants if v.strip()}


def _letters(text: str) -> str:
    return "".join(filter(str.isalnum, text))  # filter: no Python loop per character


def _pattern(entry: LexiconEntry, form: str) -> _Pattern:
    letters = _letters(form)
    is_lower = letters == letters.lower()
    if entry.guard is Guard.CASE:
        return _Pattern(entry, form, letters, False)
    short = len(name_key(form)) <= 4
    exact = letters if short and not is_lower else None
    # Names spelt with inner capitals (ROOTS, ReAct, BLOOM) are not found in lower-case
    # prose ("roots", "react", "bloom"), nor are names that are also English words.
    inner_capitals = any(c.isupper() for c in letters[1:])
    if inner_capitals and entry.type is EntityType.METHOD and _title_case_phrase(form):
        # "Pattern-Exploiting Training" is written "pattern exploiting training" too: its
        # capitals only start words, unlike those of ReAct or ROOTS.
        inner_capitals = False
    capitalised = not is_lower and (inner_capitals or name_key(form) in COMMON_WORDS)
    if entry.guard is Guard.CONTEXT:
        # A spelling with inner capitals (QuALITY, GitHub) must also be matched exactly.
        return _Pattern(entry, form, letters if inner_capitals else exact, not is_lower, True)
    return _Pattern(entry, form, exact, capitalised)


# Words that show a guarded name is meant as the entity: "the Birds dataset", "on the
# Ant and Hopper environments", "a Transformer-style network" (before or after the name).
_TYPE_WORDS = {
    EntityType.DATASET: r"data ?sets?|corpus|corpora|benchmarks?|suites?|collections?|"
    r"databases?|environments?|leaderboards?|challenges?|tasks?|games?",
    EntityType.MODEL: r"models?|networks?|checkpoints?|backbones?|architectures?|encoders?",
    EntityType.METHOD: r"methods?|algorithms?|techniques?|approach(?:es)?|loss(?:es)?|"
    r"objectives?|layers?|modules?",
}
_TYPE_WORDS[EntityType.BENCHMARK] = _TYPE_WORDS[EntityType.DATASET]
_TYPE_WORD = {t: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for t, words in _TYPE_WORDS.items()}
_CONTEXT_AFTER = 60  # characters: "the Birds, Cars and Aircraft datasets"
_CONTEXT_BEFORE = 30  # "the dataset Birds"


def _type_word_near(text: str, start: int, end: int, entity_type: EntityType) -> bool:
    """Whether a word naming ``entity_type`` stands just before or after ``text[start:end]``."""
    pattern = _TYPE_WORD[entity_type]
    after = text[end : end + _CONTEXT_AFTER].split(".", 1)[0]
    before = text[max(0, start - _CONTEXT_BEFORE) : start].rsplit(".", 1)[-1]
    return pattern.search(after) is not None or pattern.search(before) is not None


# Word boundaries for the automaton: every character that is not part of a name
# becomes a space, in the text and in the patterns, and each pattern is searched with
# a space on both sides, so that every hit already starts and ends on a boundary.
_PUNCTUATION = "".join(chr(c) for c in range(128) if not chr(c).isalnum() and chr(c) not in "+_")
_TO_SPACE = bytes.maketrans(_PUNCTUATION.encode("ascii"), b" " * len(_PUNCTUATION))
_NOT_NAME_CHAR = re.compile(r"[^\w+]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def translate_ascii(text: str, table: bytes, non_ascii: Callable[[str], str]) -> str:
    """``text`` with its ASCII characters mapped by the 256-byte ``table`` and each run of
    other characters by ``non_ascii`` (which must keep its length).

    ``bytes.translate`` is a table lookup per character, several times faster than
    ``str.translate`` with a mapping; most texts are ASCII, and the others hold a few
    runs of other characters, put back in place after the ASCII pass.
    """
    if text.isascii():
        return text.encode("ascii").translate(table).decode("ascii")
    # One "?" per other character keeps the offsets; its translation is replaced below.
    mapped = text.encode("ascii", "replace").translate(table).decode("ascii")
    pieces: list[str] = []
    position = 0
    for run in _NON_ASCII.finditer(text):
        pieces.append(mapped[position : run.start()])
        pieces.append(non_ascii(run.group()))
        position = run.end()
    pieces.append(mapped[position:])
    return "".join(pieces)


def _non_ascii_boundaries(run: str) -> str:
    return _NOT_NAME_CHAR.sub(" ", run)


def boundary_text(low: str) -> str:
    """``low`` with every non-name character turned into a space (length kept)."""
    return translate_ascii(low, _TO_SPACE, _non_ascii_boundaries)


def padded_text(text: str) -> str:
    """``text`` lower-cased, non-name characters as spaces, with a space at each end.

    Offsets are kept: character ``i`` of ``text`` is character ``i + 1`` here.
    """
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two; keep offsets aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return " " + boundary_text(low) + " "


class LexiconMatcher:
    """Find every lexicon name in a text, leftmost-longest, on word boundaries."""

    def __init__(self, lexicon: Lexicon, markers: Mapping[str, str] | None = None):
        """``markers``: more words (in padded form, e.g. ``" we "``) mapped to a label,
        whose places ``scan`` reports along with the lexicon matches, so that a caller
        needing both makes one pass over the text rather than two.
        """
        self.lexicon = lexicon
        # Thousands of small objects without cycles, made once: after a corpus is read,
        # each pass of the cyclic collector would walk the whole corpus for nothing.
        with paused_gc():
            self._build(lexicon, markers)

    def _build(self, lexicon: Lexicon, markers: Mapping[str, str] | None) -> None:
        table: dict[str, list[_Pattern]] = {}
        for entry in lexicon.entries:
            method = entry.type.value == "Method"
            model = entry.type.value == "Model"
            for form in entry.forms:
                pattern = _pattern(entry, form)
                # A data name in the plural is a sentence's words: "the Foo Dataset" is
                # one, "Foo datasets" are several.
                plural = method or (model and _ends_in_a_noun(form))
                for variant in spelling_variants(form, plural=plural):
                    key = " " + boundary_text(variant) + " "
                    patterns = table.setdefault(key, [])
                    if pattern not in patterns:
                        patterns.append(pattern)
        markers = markers or {}
        keys = sorted(table.keys() | markers.keys())
        # Per key, by its index: its lexicon patterns, its marker label if any, and
        # ``back``: a hit's end minus ``back`` is the text offset of the key's first
        # non-space character.
        self._values: list[tuple[tuple[_Pattern, ...], str | None, int]] = [
            (
                tuple(table.get(key, ())),
                markers.get(key),
                len(key.strip(" ")) + len(key) - len(key.rstrip(" ")) + 1,
            )
            for key in keys
        ]
        # Every hit, overlapping ones included: a longer name whose case does not fit
        # must leave the shorter one inside it to be found.
        self._automaton = ahocorasick_rs.AhoCorasick(keys) if keys else None

    def scan(self, text: str) -> tuple[list[LexiconMatch], list[tuple[int, str]]]:
        """The lexicon matches of ``text`` and its markers.

        Returns:
            The non-overlapping lexicon matches, leftmost-longest, in text order; and
            the markers as (offset in ``text`` of the marker word, label), in text order.
        """
        if self._automaton is None or not text:
            return [], []
        padded = padded_text(text)
        size = len(text)
        # (start, -length, end, pattern): in the order leftmost-longest wants; two hits
        # never share their start and length (that would be one key), so the tuples sort
        # without comparing patterns.
        candidates: list[tuple[int, int, int, _Pattern]] = []
        marked: list[tuple[int, str]] = []
        values = self._values
        # Padded with a space at each end: a hit [first, after) of the padded text is
        # text[first : after - 2] without its spaces.
        for key, first, after in self._automaton.find_matches_as_indexes(padded, True):
            patterns, label, back = values[key]
            if label is not None:
                marked.append((after - back, label))
            if not patterns:
                continue
            start = first
            end = after - 2
            if end + 1 < size and text[end] in ".," and text[end + 1].isdigit():
                continue  # "GPT-3" inside "GPT-3.5"
            surface = text[start:end]
            for pattern in patterns:
                if _case_fits(pattern, surface) and (
                    not pattern.context or _type_word_near(text, start, end, pattern.entry.type)
                ):
                    candidates.append((start, start - end, end, pattern))
                    break
        candidates.sort()
        chosen: list[LexiconMatch] = []
        reached = 0
        for start, _, end, pattern in candidates:
            if start >= reached:
                chosen.append(LexiconMatch(start, end, pattern.entry, pattern.form))
                reached = end
        return chosen, marked


_WORDS_OF_FORM = re.compile(r"[^\s-]+")


def _ends_in_a_noun(form: str) -> bool:
    """A model's name of several words whose last is a capitalised noun, which papers also
    write in the plural: "Temporal Fusion Transformers", "Deep Interest Networks"."""
    words = form.split()
    last = words[-1]
    return len(words) > 1 and len(last) > 3 and last.isalpha() and last[1:].islower()


def _title_case_phrase(form: str) -> bool:
    """Two or more words, each a capital and lower-case letters ("Foo-Bar of Baz")."""
    words = [w for w in _WORDS_OF_FORM.findall(form) if w not in LINKING_WORDS]
    return len(words) >= 2 and all(w[:1].isupper() and w[1:].islower() for w in words)


def _case_fits(pattern: _Pattern, surface: str) -> bool:
    if pattern.exact_case is None and not pattern.capitalised:
        return True
    letters = surface if surface.isalnum() else _letters(surface)  # most are one word
    if pattern.exact_case is not None:
        exact = pattern.exact_case
        if letters == exact or letters == exact + "s":
            return True
        head, hyphen, _ = pattern.form.partition("-")
        if hyphen and surface.startswith(head + "-") and letters.lower() == exact.lower():
            return True  # "U-net" is U-Net: the capitals after a hyphen vary in papers
        # A catalogue spells some acronyms as one capitalised word ("Snips", "Kitti"):
        # the paper's capitals (SNIPS) are that name too, never the ordinary word.
        return len(exact) > 4 and exact.istitle() and exact.isalpha() and letters == exact.upper()
    if letters == letters.lower():
        return False
    # A one-word name spelt with no capitals inside takes none: "SPIDEr" (a metric) is
    # not the Spider benchmark, while "SPIDER" and "Spider" are. ("LLaMa", which the
    # lexicon spells LLaMA, is found by its key: extractor._spells_acronym.)
    form = pattern.form
    return (
        not form.isalpha()
        or letters == form
        or letters.isupper()
        or not any(map(str.isupper, letters[1:]))
    )
