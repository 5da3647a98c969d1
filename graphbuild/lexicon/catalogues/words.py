"""Write ``common-words.txt``: the words of catalogue names that are ordinary English.

Generation-time code (needs the ``wordfreq`` package): every word of every name and
alias in the snapshots under ``data/lexicon-sources/`` whose English Zipf frequency is
at least ``THRESHOLD`` (about the 30,000 most frequent words). ``build`` guards the
names made only of such words. Run after a snapshot changes::

    python -m graphbuild.lexicon.catalogues.words
"""

from __future__ import annotations

import re

from graphbuild.lexicon.catalogues.build import CATALOGUES, SOURCES_DIR, read_snapshot

THRESHOLD = 3.0
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def main() -> None:
    """Collect the words and write the file."""
    from wordfreq import zipf_frequency  # generation-time only

    words: set[str] = set()
    for catalogue in CATALOGUES:
        path = SOURCES_DIR / f"{catalogue}.tsv"
        if path.is_file():
            for _, name, _, aliases in read_snapshot(path).rows:
                for form in (name, *aliases):
                    words.update(w.lower() for w in _WORD.findall(form))
    common = sorted(w for w in words if zipf_frequency(w, "en") >= THRESHOLD)
    header = (
        f"# English words (wordfreq Zipf >= {THRESHOLD}) among the words of catalogue "
        "names; made by python -m graphbuild.lexicon.catalogues.words\n"
    )
    (SOURCES_DIR / "common-words.txt").write_text(header + "\n".join(common) + "\n")


if __name__ == "__main__":
    main()
