"""Extraction throughput: graphbuild's extract-and-resolve step vs spaCy's PhraseMatcher.

Synthesises a corpus of N abstracts from the bundled sample listings (each sample
paper repeated with a distinct id and its sentences rotated, so that texts differ),
then times, in this process and on one core:

- ``graphbuild``: the whole extract-and-resolve step (lexicon automaton, discovery
  rules, abbreviation pairing, resolution with rapidfuzz);
- ``spacy``: spaCy's ``PhraseMatcher`` (attr ``LOWER``) on a blank English pipeline
  loaded with every name and alias of the same lexicon — matching only, no rules.

Run one engine per process (so peak memory is that engine's), e.g.::

    python benchmarks/bench_extract.py --engine graphbuild --papers 100000
    python benchmarks/bench_extract.py --engine spacy --papers 100000

spaCy is an optional dependency: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

from graphbuild.lexicon import load_lexicon
from graphbuild.model import Paper
from graphbuild.pipeline import extract_from_papers
from graphbuild.readers import bundled_samples, read_papers


def synthesise(count: int) -> list[Paper]:
    """``count`` papers made from the samples, each with a distinct id and text order."""
    base = read_papers([str(p) for p in bundled_samples()]).papers
    papers = []
    for i in range(count):
        source = base[i % len(base)]
        sentences = source.abstract.split(". ")
        shift = (i // len(base)) % max(1, len(sentences))
        abstract = ". ".join(sentences[shift:] + sentences[:shift])
        papers.append(
            Paper(
                id=f"synthetic:{i}",
                title=source.title,
                abstract=abstract,
                norm_title=f"{source.norm_title} {i}",
            )
        )
    return papers


def run_graphbuild(papers: list[Paper]) -> dict[str, float]:
    lexicon = load_lexicon()
    started, cpu = time.perf_counter(), time.process_time()
    extraction = extract_from_papers(papers, lexicon)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    mentions = sum(len(m) for m in extraction.mentions.values())
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "mentions": mentions,
        "entities": len(extraction.resolution.entities),
    }


def run_spacy(papers: list[Paper]) -> dict[str, float]:
    import spacy
    from spacy.matcher import PhraseMatcher

    lexicon = load_lexicon()
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for entry in lexicon.entries:
        matcher.add(entry.name, [nlp.make_doc(form) for form in entry.forms])
    started, cpu = time.perf_counter(), time.process_time()
    mentions = 0
    for paper in papers:
        for text in (paper.title, paper.abstract):
            mentions += len(matcher(nlp.make_doc(text)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "mentions": mentions, "entities": 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("graphbuild", "spacy"), default="graphbuild")
    parser.add_argument("--papers", type=int, default=100_000, help="corpus size (default 100000)")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args(argv)
    papers = synthesise(args.papers)
    chars = sum(len(p.title) + len(p.abstract) for p in papers)
    result = (run_graphbuild if args.engine == "graphbuild" else run_spacy)(papers)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "engine": args.engine,
        "papers": len(papers),
        "characters": chars,
        "seconds": round(result["seconds"], 3),
        "cpu_seconds": round(result["cpu_seconds"], 3),
        "papers_per_second": round(len(papers) / result["seconds"], 1),
        "papers_per_cpu_second": round(len(papers) / result["cpu_seconds"], 1),
        "mentions": result["mentions"],
        "entities": result["entities"],
        "peak_rss_mib": round(peak_mib, 1),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:18s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
