"""Extraction: entity mentions in paper titles and abstracts (lexicon plus rules).

Modules, in the order the data flows:

- ``vocabulary``: every word list (type nouns, generic terms, non-names, version words);
- ``matcher``: the lexicon's names found with one Aho–Corasick automaton;
- ``candidates``: name-like tokens, rule expressions, and settling overlapping spans;
- ``abbreviations``: ``Long Form (LF)`` definitions;
- ``typing_rules``: which of Model, Dataset, Benchmark and Method a name is;
- ``extractor``: ``Extractor``, which runs them on a paper and returns its mentions.
"""

from graphbuild.extract.extractor import DEFAULT_MAX_FIELD_CHARS, Extractor

__all__ = ["DEFAULT_MAX_FIELD_CHARS", "Extractor"]
