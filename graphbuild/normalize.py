"""Pure name normalisation shared by extraction, resolution and identity.

``name_key`` is the comparison key of a name: the same normalisation the
evaluation uses (NFKC, Greek letters spelled out, lower case, everything but
letters, digits and ``+`` removed), so that ``LLaMA-2``, ``Llama 2`` and
``LLaMA2`` share one key while ``GPT-3`` and ``GPT-4`` do not.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_GREEK_NAMES = """
    alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi
    rho sigmaf sigma tau upsilon phi chi psi omega
""".split()
# Lower-case Greek (U+03B1..U+03C9) spelled out; upper case is lowered first.
GREEK = {chr(0x3B1 + i): name for i, name in enumerate(_GREEK_NAMES)}
GREEK["ς"] = "sigma"  # final sigma reads as sigma in names (PanGu-Σ)
GREEK_BY_NAME = {name: letter for letter, name in GREEK.items() if name != "sigmaf"}

_NOT_KEY = re.compile(r"[^\w+]+|_")
_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Return the comparison key of ``name`` (``"PanGu-α"`` -> ``"pangualpha"``)."""
    text = unicodedata.normalize("NFKC", name).lower()
    text = "".join(GREEK.get(c, c) for c in text)
    return _NOT_KEY.sub("", text)


def spell_greek(text: str) -> str:
    """Spell out Greek letters, keeping everything else (``PanGu-α`` -> ``PanGu-alpha``)."""
    if not any("\u0370" <= c <= "\u03ff" for c in text):
        return text
    return "".join(GREEK.get(c.lower(), c) if "\u0370" <= c <= "\u03ff" else c for c in text)


def version_signature(key: str) -> tuple[str, ...]:
    """Return the digit runs of a key, and its plus signs: names whose signatures differ
    are different versions (``Foo-2`` / ``Foo-3``, ``DefSent`` / ``DefSent+``)."""
    digits = tuple(_DIGITS.findall(key))
    return (*digits, "+" * key.count("+")) if "+" in key else digits


# Sizes and variants written as a separate part of a name (GUIDELINES: versions): words
# in any case, letters only in upper case (``Foo-L``, ``Foo-XL``; not ``Foo-s``).
_SIZE_WORDS = frozenset(
    "base large small tiny huge giant medium mini nano micro xs xl xxl xxxl".split()
)
_SIZE_LETTERS = frozenset("S B L H G M T".split())
_SIZE_NUMBER = re.compile(r"\d+(?:\.\d+)?[KMBTkmbt]")
_NAME_PARTS = re.compile(r"[^\W_]+")


def variant_signature(name: str) -> tuple[str, ...]:
    """Return the size and variant parts of a name, lower-cased, in order.

    ``ViTamin-XL`` -> ``("xl",)``, ``Foo Base`` -> ``("base",)``, ``Bar-7B`` ->
    ``("7b",)``, ``FooNet`` -> ``()``. Names whose signatures differ are different
    versions and never merge; the first part is the name itself, never a size.
    """
    parts = _NAME_PARTS.findall(unicodedata.normalize("NFKC", name))
    return tuple(
        part.lower()
        for part in parts[1:]
        if part.lower() in _SIZE_WORDS or part in _SIZE_LETTERS or _SIZE_NUMBER.fullmatch(part)
    )


def singular_key(key: str) -> str:
    """Drop an English plural ending from a key (``adapters`` -> ``adapter``).

    Only used to merge plural and singular mentions of common-noun terms; keys that
    end in ``ss`` or are short are left alone.
    """
    if len(key) <= 3 or key.endswith(("ss", "us", "is")):
        return key
    if key.endswith("ies") and len(key) > 5:
        return key[:-3] + "y"
    if key.endswith("s"):
        return key[:-1]
    return key
