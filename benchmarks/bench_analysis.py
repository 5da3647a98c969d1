"""Analysis at scale: time and peak memory of each step on a synthetic N-paper corpus.

The corpus is made as in ``bench_extract.py``: the bundled sample papers repeated with
distinct ids and rotated sentences. The samples carry no usable dates (their listing
headers have no year), so each synthetic paper gets an arXiv-style id spreading the
corpus over the months of 2019-2024 (paper ``i`` of ``N`` in month ``72 i / N``), and
one entity in twenty copies of the corpus is renamed per copy so that the entity graph
is larger than the samples' (``--variants``; 0 keeps the samples' 870 entities).

Steps, each timed and with the peak resident memory of the process during the step
(sampled every 5 ms from /proc/self/statm):

* ``extract`` — extraction and resolution (graphbuild.pipeline.extract_from_papers);
* ``build`` — the networkx graph (graphbuild.build.build_graph);
* ``count_pairs`` — the scalable pair count with ``--min-weight`` and ``--top-k``;
* ``weights``, ``communities``, ``centrality``, ``trends`` — graphbuild.analysis;
* ``gexf``, ``view``, ``neo4j_csv`` — writing the analyst formats.

Run: ``python benchmarks/bench_analysis.py --papers 100000``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench_extract import synthesise

from graphbuild.analysis import AnalysisOptions, analyse_graph
from graphbuild.analysis.weights import count_pairs
from graphbuild.build import build_graph
from graphbuild.formats.gexf import write_gexf
from graphbuild.formats.neo4j_csv import write_neo4j_csv
from graphbuild.lexicon import load_lexicon
from graphbuild.model import Mention, Paper
from graphbuild.pipeline import extract_from_papers
from graphbuild.view.map import write_view

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * _PAGE / 2**20


@contextmanager
def measured(
    results: dict[str, dict[str, float]], step: str
) -> Iterator[list[tuple[float, float]]]:
    """Time a step and sample the process's resident memory while it runs.

    Yields the list of ``(seconds since the start, RSS MiB)`` samples, filled as it runs.
    """
    samples = [(0.0, _rss_mib())]
    stop = threading.Event()
    started = time.perf_counter()

    def sample() -> None:
        while not stop.is_set():
            samples.append((time.perf_counter() - started, _rss_mib()))
            stop.wait(0.005)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    try:
        yield samples
    finally:
        seconds = time.perf_counter() - started
        stop.set()
        watcher.join()
        samples.append((seconds, _rss_mib()))
        record(results, step, seconds, max(rss for _, rss in samples), samples[0][1])


def record(
    results: dict[str, dict[str, float]], step: str, seconds: float, peak: float, before: float
) -> None:
    results[step] = {
        "seconds": round(seconds, 2),
        "peak_rss_mib": round(peak, 1),
        "rss_before_mib": round(before, 1),
    }
    print(f"{step:22s} {seconds:8.2f} s  peak {peak:8.1f} MiB", flush=True)


def dated(papers: list[Paper]) -> list[Paper]:
    """Give paper ``i`` of ``N`` an arXiv id in month ``72 i / N`` of 2019-2024."""
    total = len(papers)
    out = []
    for i, paper in enumerate(papers):
        month = 72 * i // total
        year, month_of_year = 2019 + month // 12, month % 12 + 1
        arxiv = f"{year % 100:02d}{month_of_year:02d}.{i % 100000:05d}"
        out.append(replace(paper, arxiv_id=arxiv))
    return out


def renamed(
    mentions: dict[str, list[Mention]], variants: int, copies: int
) -> dict[str, list[Mention]]:
    """Rename one entity in twenty per corpus copy (``bert`` -> ``bert~3``)."""
    if variants <= 0:
        return mentions
    out = {}
    for paper_id, found in mentions.items():
        copy = (int(paper_id.split(":")[1]) // copies) % variants
        out[paper_id] = [
            replace(m, canonical_hint=f"{m.canonical_hint or m.surface}~{copy}")
            if hash_bucket(m.surface) == 0 and copy
            else m
            for m in found
        ]
    return out


def hash_bucket(text: str) -> int:
    """A stable bucket in 0..19 of a name (not Python's salted hash)."""
    return sum(text.lower().encode()) % 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--variants", type=int, default=50, help="renamed copies (0: none)")
    parser.add_argument("--min-weight", type=int, default=2)
    parser.add_argument("--top-k", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, float]] = {}
    papers = dated(synthesise(args.papers))
    lexicon = load_lexicon()
    with measured(results, "extract"):
        extraction = extract_from_papers(papers, lexicon)
    base_count = 433
    mentions = renamed(extraction.mentions, args.variants, base_count)
    if args.variants:
        from graphbuild.resolve import resolve

        resolution = resolve(m for found in mentions.values() for m in found)
    else:
        resolution = extraction.resolution
    with measured(results, "build"):
        graph = build_graph(extraction.papers, mentions, resolution)
    paper_entities: dict[str, list[str]] = {}
    for paper, entity, key in graph.edges(keys=True):
        if key == "MENTIONS":
            paper_entities.setdefault(paper, []).append(entity)
    with measured(results, "count_pairs"):
        pairs = count_pairs(paper_entities, min_weight=args.min_weight, top_k=args.top_k)
    with measured(results, "analysis (all)") as samples:
        found = analyse_graph(graph, AnalysisOptions(period="month"))
    # Split the samples at the step boundaries analyse_graph reports.
    start = 0.0
    for step, seconds in found.seconds.items():
        window = [rss for t, rss in samples if start <= t <= start + seconds] or [samples[-1][1]]
        before = max((rss for t, rss in samples if t <= start), default=samples[0][1])
        record(results, f"analysis: {step}", seconds, max(window), before)
        start += seconds
    report: dict[str, Any] = found.as_dict()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        steps: list[tuple[str, Callable[[], object]]] = [
            ("gexf", lambda: write_gexf(graph, out / "map.gexf")),
            ("view", lambda: write_view(graph, out / "map.html")),
            ("neo4j_csv", lambda: write_neo4j_csv(graph, out / "csv")),
        ]
        for name, run in steps:
            with measured(results, name):
                run()
    entities = sum(1 for _, d in graph.nodes(data=True) if d.get("labels") != ":Paper")
    co = sum(1 for *_, k in graph.edges(keys=True) if k == "CO_MENTIONED")
    summary = {
        "papers": len(papers),
        "entities": entities,
        "co_mentioned_pairs": co,
        "edges": graph.number_of_edges(),
        "pairs_counted": pairs.pairs_counted,
        "pairs_kept_min_weight_top_k": len(pairs.weights),
        "communities": report["communities"],
        "periods": len(report["periods"]),
        "bursting": report["bursting"],
        "betweenness_sampled": report["betweenness_sampled"],
        "steps": results,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for key, value in summary.items():
            if key != "steps":
                print(f"{key:28s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
