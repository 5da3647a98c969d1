"""Abbreviation definitions: ``Long Form (LF)`` and ``LF (Long Form)``.

The long form is found by the Schwartz–Hearst rule: the short form's letters, in
order, in the words before the parenthesis, the first letter starting a word.
This module finds the pairs; the extractor decides what each pair names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from rapidfuzz import fuzz

from graphbuild.extract.vocabulary import (
    LINKING_WORDS,
    MODEL_LONG_HEADS,
    NOT_ABBREVIATIONS,
    NOT_NAMES,
    PROCEDURE_HEADS,
    names_technique,
)
from graphbuild.lexicon import LexiconEntry
from graphbuild.model import EntityType
from graphbuild.normalize import name_key, singular_key

_ABBREV_IN_PARENS = re.compile(r"\(\s*([A-Za-z0-9][\w\-.+&/']{0,18}?)\s*(?:[,;][^()]{0,40})?\)")
_PARENS = re.compile(r"\(([^()]{6,120})\)")
_LAST_TOKEN = re.compile(r"([A-Za-z][\w\-.+]{1,15})\s*\Z")
_SENTENCE_END = re.compile(r"[a-z0-9)][.!?;]\s+(?=[A-Z])")
_QUOTES = frozenset("\"'“‘")
# What may stand between a long form and its "(LF)": spaces, commas, closing quotes.
_TRAILING = " ,\"'”’"
# How far before ``(LF)`` a long form may start.
_WINDOW = 150


class AbbreviationPair(NamedTuple):
    """One definition: the long and short forms and their spans in the text."""

    long_form: str
    short: str
    long_span: tuple[int, int]
    short_span: tuple[int, int]


def looks_like_abbreviation(short: str) -> bool:
    """Is ``short`` shaped like an abbreviation (two capitals, or a capital and a digit)?"""
    if not (2 <= len(short) <= 15):
        return False
    letters = [c for c in short if c.isalpha()]
    if len(letters) < 2:
        return _letter_counted(short)
    uppers = sum(map(str.isupper, letters))
    if short.lower() in NOT_ABBREVIATIONS and not short.isupper():
        return False  # "(cf. ...)", "(e.g. ...)"; "(CF)" is collaborative filtering's
    return uppers >= 2 or (uppers >= 1 and any(c.isdigit() for c in short))


def _letter_counted(short: str) -> bool:
    """Is ``short`` one capital and its count ("P5": five words in P)?"""
    return len(short) == 2 and short[0].isupper() and short[1] in "23456789"


def long_form_start(before: str, short: str) -> int | None:
    """Schwartz–Hearst: where the long form of ``short`` starts in ``before``, if anywhere.

    A digit the long form does not spell counts its letter ("P5" for five words in P,
    "D2SAC" for Deep Diffusion Soft Actor-Critic) or, failing that, nothing.
    """
    if _letter_counted(short):
        return _counted_start(before, short[0].lower(), int(short[1]))
    start = _long_form_start(before, [c.lower() for c in short if c.isalnum()], short)
    if start is None and any(c.isdigit() for c in short):
        for letters in _digit_readings(short):
            start = _long_form_start(before, letters, short)
            if start is not None:
                break
    return start


_LETTER_COUNT = re.compile(r"([A-Za-z])([2-9])(?![0-9])")


def _digit_readings(short: str) -> list[list[str]]:
    """The letters of ``short`` read with a digit as a count, then without digits."""
    counted = _LETTER_COUNT.sub(lambda m: m.group(1) * int(m.group(2)), short)
    readings = []
    for reading in (counted, "".join(c for c in short if not c.isdigit())):
        letters = [c.lower() for c in reading if c.isalpha()]
        if len(letters) >= 2 and not any(c.isdigit() for c in reading):
            readings.append(letters)
    return readings


_WORD = re.compile(r"[\w'’]+")


def _counted_start(before: str, letter: str, count: int) -> int | None:
    """Where ``count`` words starting with ``letter`` end ``before`` (linking words between)."""
    text = before.rstrip(_TRAILING)
    words = list(_WORD.finditer(text))
    if not words or words[-1].end() != len(text):
        return None
    for word in reversed(words):
        if word.group()[0].lower() == letter:
            count -= 1
            if count == 0:
                start = word.start()
                while text[start : start + 1] in _QUOTES:
                    start += 1
                return start
        elif word.group().lower() not in LINKING_WORDS:
            return None
    return None


def _long_form_start(before: str, short_chars: list[str], short: str) -> int | None:
    text = before.rstrip(_TRAILING)
    if not short_chars:
        return None
    s = len(short_chars) - 1
    i = len(text) - 1
    if text.isascii() and short.isascii():
        # The same search as below with str.rfind in the lower-cased text (its offsets
        # are the text's in ASCII): several times faster than a loop over characters.
        low = text.lower()
        while s >= 0:
            c = short_chars[s]
            i = low.rfind(c, 0, i + 1)
            while s == 0 and i > 0 and text[i - 1].isalnum():
                i = low.rfind(c, 0, i)  # the first letter must start a word
            if i < 0:
                return None
            i -= 1
            s -= 1
    while s >= 0:
        c = short_chars[s]
        while i >= 0 and (text[i].lower() != c or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = max(text.rfind(" ", 0, i + 1) + 1, 0)
    while text[start : start + 1] in _QUOTES:
        start += 1  # "a paradigm called "Foo Bar Baz" (FBB)": the quotes are no part of it
    # A word boundary before the first matched letter, and not too many words.
    long_form = text[start:]
    words = long_form.split()
    if not words or len(words) > min(len(short_chars) + 5, len(short_chars) * 2 + 1):
        return None
    if len(long_form) <= len(short) or not long_form[:1].isalnum():
        return None
    return start


def abbreviation_pairs(text: str) -> Iterator[AbbreviationPair]:
    """Every ``Long Form (LF)`` and ``LF (Long Form)`` definition in ``text``."""
    for match in _ABBREV_IN_PARENS.finditer(text):
        short = match.group(1).rstrip(".")
        if not looks_like_abbreviation(short) or short in NOT_NAMES:
            continue
        window_start = max(0, match.start() - _WINDOW)
        # A long form does not reach back over a sentence's end: "... models. Results show
        # that fine-tuned FLAN-T5-large (MathT5)" defines nothing.
        for sentence_end in _SENTENCE_END.finditer(text, window_start, match.start()):
            window_start = sentence_end.end()
        long_start = long_form_start(text[window_start : match.start()], short)
        if long_start is None:
            continue
        long_start += window_start
        long_end = match.start()
        while long_end > long_start and text[long_end - 1] in _TRAILING:
            long_end -= 1
        if _restates(text[long_start:long_end], short):
            continue
        yield AbbreviationPair(
            text[long_start:long_end],
            short,
            (long_start, long_end),
            (match.start(1), match.start(1) + len(short)),
        )
    for match in _PARENS.finditer(text):
        # "LF (Long Form)": the short form is the token right before the parenthesis.
        inside = match.group(1).strip()
        if len(inside) < 6 or not inside[:1].isupper():
            continue
        before = _LAST_TOKEN.search(text, max(0, match.start() - 20), match.start())
        if before is None:
            continue
        short = before.group(1)
        if short in NOT_NAMES or not looks_like_abbreviation(short):
            continue
        if long_form_start(inside, short) != 0:
            continue
        inner_start = match.start(1) + match.group(1).index(inside)
        yield AbbreviationPair(
            inside,
            short,
            (inner_start, inner_start + len(inside)),
            (before.start(1), before.end(1)),
        )


def _restates(long_form: str, short: str) -> bool:
    """Does the long form hold the short one as a word ("the ChatGPT chatbot (ChatGPT)")?

    Then the parenthesis repeats a name the text already wrote: it defines nothing, and
    the name keeps the type it has elsewhere (the lexicon's Model, not a technique).
    """
    # No expression per pair: compiling one for each short form cost a third of the
    # abbreviation rule.
    at = long_form.find(short)
    while at != -1:
        end = at + len(short)
        before = long_form[at - 1] if at else " "
        after = long_form[end] if end < len(long_form) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            return True
        at = long_form.find(short, at + 1)
    return False


def same_long_form(entry: LexiconEntry, long_form: str) -> bool:
    """Does ``long_form`` spell one of the entry's multi-word names (or has it none)?

    "SFT (sparse fine-tuning)" is not the lexicon's SFT (supervised fine-tuning).
    """
    long_names = [form for form in entry.forms if _is_long_name(form)]
    if not long_names:
        # Without a long form to compare, a model or method entry takes a long form that
        # names a model or a technique: "Generative Pre-trained Transformer 3 (GPT-3)" is
        # GPT-3; "microwave power transmission (MPT)" is not the MPT model, and neither is
        # the paper's procedure "Mix Prompt Tuning (MPT)".
        words = long_form.lower().split()
        if entry.type is EntityType.MODEL and words and words[-1] in PROCEDURE_HEADS:
            return False
        if entry.type not in (EntityType.MODEL, EntityType.METHOD):
            return True
        return (bool(words) and words[-1] in MODEL_LONG_HEADS) or names_technique(long_form)
    key = singular_key(name_key(long_form))
    return any(fuzz.ratio(key, singular_key(name_key(n))) >= 80 for n in long_names)


_WORD_PART = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")
_PARTS = re.compile(r"[\s-]+")


def _is_long_name(form: str) -> bool:
    """Is a lexicon form spelled out in words ("supervised fine-tuning", "Chain-of-Thought"),
    not a short name with a version or size ("GPT-3", "GPT-3 175B", "LLaMA-2")?"""
    parts = _PARTS.split(form)
    return sum(1 for part in parts if len(part) >= 3 and _WORD_PART.fullmatch(part)) >= 2
