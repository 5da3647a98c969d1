"""Write ``common-words.txt``: the words of catalogue names that are ordinary English, and
``capital-words.txt``: rarer words a catalogue writes in capitals as a name.

Generation-time code (needs the ``wordfreq`` package): every word of every name and
alias in the snapshots under ``data/lexicon-sources/`` whose English Zipf frequency is
at least ``THRESHOLD`` (about the 30,000 most frequent words). ``build`` guards the
names made only of such words. A one-word name in capitals of at least five letters
whose word has a Zipf frequency of at least ``CAPITALS_THRESHOLD`` ("ANOMALOUS",
"GLEAN") must keep its capitals (acronyms rarely spell an English word that often).
Run after a snapshot changes::

    python -m graphbuild.lexicon.catalogues.words
"""

from __future__ import annotations

import re

from graphbuild.lexicon.catalogues.build import CATALOGUES, SOURCES_DIR, read_snapshot

THRESHOLD = 3.0
CAPITALS_THRESHOLD = 2.3
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def main() -> None:
    """Collect the words and write the file."""
    from wordfreq import zipf_frequency  # generation-time only

    words: set[str] = set()
    in_capitals: set[str] = set()
    for catalogue in CATALOGUES:
        path = SOURCES_DIR / f"{catalogue}.tsv"
        if path.is_file():
            for _, name, _, aliases in read_snapshot(path).rows:
                for form in (name, *aliases):
                    words.update(w.lower() for w in _WORD.findall(form))
                if name.isalpha() and name.isupper() and len(name) >= 5:
                    in_capitals.add(name.lower())
    common = sorted(w for w in words if zipf_frequency(w, "en") >= THRESHOLD)
    capitals = sorted(
        w for w in in_capitals if CAPITALS_THRESHOLD <= zipf_frequency(w, "en") < THRESHOLD
    )
    made_by = "made by python -m graphbuild.lexicon.catalogues.words"
    header = (
        f"# English words (wordfreq Zipf >= {THRESHOLD}) among the words of catalogue "
        f"names; {made_by}\n"
    )
    (SOURCES_DIR / "common-words.txt").write_text(header + "\n".join(common) + "\n")
    header = (
        f"# Words (wordfreq Zipf >= {CAPITALS_THRESHOLD}) that catalogues write in capitals "
        f"as a name of one word; {made_by}\n"
    )
    (SOURCES_DIR / "capital-words.txt").write_text(header + "\n".join(capitals) + "\n")


if __name__ == "__main__":
    main()
