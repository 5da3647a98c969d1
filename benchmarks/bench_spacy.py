"""spaCy's PhraseMatcher over a corpus: the matching-only yardstick for graphbuild's throughput.

Reads the same JSON Lines files a build reads (title and abstract of each record), loads a
blank English pipeline's ``PhraseMatcher`` (attr ``LOWER``) with every name and alias of
graphbuild's packaged lexicon, and matches every title and abstract. Run it as a whole
process beside ``graphbuild build`` on the same files, e.g. with ``/usr/bin/time -v``::

    python benchmarks/bench_spacy.py CORPUS_FOLDER
    graphbuild build CORPUS_FOLDER --jobs 1 -o graph.graphml

spaCy is an optional dependency: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from graphbuild.lexicon import load_lexicon


def main(argv: list[str] | None = None) -> int:
    import spacy
    from spacy.matcher import PhraseMatcher

    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: bench_spacy.py FILE_OR_FOLDER...", file=sys.stderr)
        return 2
    files: list[Path] = []
    for given in map(Path, args):
        files.extend(sorted(given.glob("*.jsonl")) if given.is_dir() else [given])
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for entry in load_lexicon().entries:
        matcher.add(entry.name, [nlp.make_doc(form) for form in entry.forms])
    papers = matches = 0
    for path in files:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                for text in (record.get("title") or "", record.get("abstract") or ""):
                    matches += len(matcher(nlp.make_doc(text)))
                papers += 1
    print(json.dumps({"papers": papers, "matches": matches}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
