"""Recover how papers spell a catalogue's entity names.

Catalogues name their entries by identifiers (``cifar10``, ``bool_q``,
``ResNet50_Weights``); papers write ``CIFAR-10``, ``BoolQ``, ``ResNet-50``. Rather
than guess, a name is *attested*: the catalogue's own description of the entry is
searched for a span whose comparison key (``graphbuild.normalize.name_key``) equals
the identifier's, and the spelling found there is kept. Entries whose spelling is not
attested are left out.
"""

from __future__ import annotations

import re
from collections import Counter

from graphbuild.normalize import name_key

_WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*\+*", re.UNICODE)
_MAX_WORDS = 6
_JOINERS = frozenset(" -/")
# What a catalogue puts around a name that is not part of it.
_LEADING = re.compile(r"^(?:the|a|an|generic|rgb version of the)\s+", re.IGNORECASE)
_TRAILING = re.compile(
    r"[\s,.:;]+(?:data ?set|database|corpus|detection|segmentation|classification)s?\.?$",
    re.IGNORECASE,
)
_ABBREVIATED = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[^()]+)\)(?P<rest>.*)$")


def attest(identifier: str, text: str) -> str | None:
    """Return the spelling of ``identifier`` used in ``text``, or None.

    Spans of one to six words are compared by key; the most frequent matching spelling
    wins, and among equally frequent ones a spelling with capitals, then the first seen.

    Args:
        identifier: the catalogue's name for the entry (any case and separators).
        text: the catalogue's description of it.
    """
    target = name_key(identifier)
    if not target:
        return None
    words = list(_WORD.finditer(text))
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, word in enumerate(words):
        if not name_key(word.group()) or not target.startswith(name_key(word.group())):
            continue
        for j in range(i, min(i + _MAX_WORDS, len(words))):
            if j > i and not set(text[words[j - 1].end() : words[j].start()]) <= _JOINERS:
                break
            span = text[word.start() : words[j].end()]
            key = name_key(span)
            if key == target and not _in_code(text, word.start(), words[j].end()):
                counts[span] += 1
                first.setdefault(span, word.start())
                break
            if not target.startswith(key):
                break
    if not counts:
        return None
    return max(
        counts,
        key=lambda s: (counts[s], s != s.lower(), -first[s]),
    )


def _in_code(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a URL, path, identifier or code span."""
    before = text[start - 1 : start]
    after = text[end : end + 2]
    return (
        before in {".", "_", "/", "`", "=", "'", '"', "-"}
        or after[:1] in {"(", "/", "_", "`", "=", "'", '"'}
        or (after[:1] == "." and after[1:2].isalnum())
        or (after[:1] == "-" and after[1:2].isalpha())
    )


def clean_display(text: str) -> tuple[str, tuple[str, ...]]:
    """Split a catalogue's display text into a name and aliases.

    ``"Describable Textures Dataset (DTD)"`` gives ``("DTD", ("Describable Textures
    Dataset",))``; ``"The Food-101 Data Set"`` gives ``("Food-101", ())``.
    """
    text = " ".join(text.split()).strip(" .,:;`*\"'")
    text = _LEADING.sub("", text)
    match = _ABBREVIATED.match(text)
    if match and name_key(match.group("short")) and not match.group("rest").strip(" .")[:1]:
        long_form = _LEADING.sub("", match.group("long").strip())
        short = match.group("short").strip()
        if _is_abbreviation_of(short, long_form):
            return short, (long_form,)
        return _strip_trailing(long_form), ()
    if match and _TRAILING.match(" " + match.group("rest").strip()):
        short, long_form = match.group("short").strip(), match.group("long").strip()
        if _is_abbreviation_of(short, long_form):
            return short, (_LEADING.sub("", long_form),)
    return _strip_trailing(text), ()


def _strip_trailing(text: str) -> str:
    stripped = _TRAILING.sub("", text).strip()
    return stripped if name_key(stripped) else text


def _is_abbreviation_of(short: str, long_form: str) -> bool:
    """Whether ``short`` is one capitalised token starting like a word of ``long_form``."""
    if " " in short or len(name_key(short)) < 2 or short == short.lower():
        return False
    initials = {w[0].lower() for w in re.findall(r"[^\W_]+", long_form)}
    return short[0].lower() in initials


def initials_spell(short: str, long_form: str) -> bool:
    """Whether the capitals that start the words and word parts of ``long_form`` spell the
    letters of ``short``, in order: "Conservative Q-Learning" for CQL, "Neural Basis
    Expansion Analysis for Time Series" for N-BEATS ("for" is not capitalised)."""
    initials = "".join(w[0] for w in re.split(r"[\s-]+", long_form) if w[:1].isupper())
    return initials.lower() == "".join(c for c in short.lower() if c.isalpha())
