"""Whole builds at scale: time per stage, papers/s and peak memory, per engine and jobs.

Makes (once) a synthetic corpus of N papers as JSON Lines shards (`synthetic.py`), then
builds its graph with the engine asked for and prints, per stage, the seconds and papers
per second, and the peak memory of the whole process tree (this process and its
workers, sampled every 0.2 s from /proc: summed PSS, and summed RSS, which counts pages
forked workers share once per worker) and the peak RSS of this process alone::

    python benchmarks/bench_scale.py --papers 100000 --jobs 1
    python benchmarks/bench_scale.py --papers 100000 --jobs 2
    python benchmarks/bench_scale.py --papers 100000 --engine dask --jobs 2
    python benchmarks/bench_scale.py --papers 1000000 --jobs 2

Progress bars go to stderr; ``--json`` prints one JSON line of figures on stdout.
The corpus lives under ``--corpus`` (default: a folder per size in the system's
temporary folder) and is reused by later runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402

from graphbuild.engine import build_graph_file  # noqa: E402


class TreeMemory:
    """Sample the memory of this process and all its descendants, from another process.

    The sampler is a separate process, not a thread: the engine forks its workers only
    from a process that runs no threads (`graphbuild.runtime.can_fork`). It sums each
    process's PSS (proportional set size: a page shared copy-on-write by forked workers
    is split between them, so the sum is what the tree really holds) and, for
    comparison with earlier figures, its RSS (which counts a shared page once per
    process sharing it).
    """

    def __init__(self, every: float = 0.2) -> None:
        self.every = every
        self.peak_pss_kib = 0
        self.peak_rss_kib = 0
        self._sampler: subprocess.Popen[str] | None = None

    def __enter__(self) -> TreeMemory:
        self._sampler = subprocess.Popen(
            [sys.executable, "-c", _SAMPLER, str(os.getpid()), str(self.every)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._sampler is not None
        found, _ = self._sampler.communicate("")  # its stdin closed: it prints and ends
        pss, rss = found.split()
        self.peak_pss_kib, self.peak_rss_kib = int(pss), int(rss)


# Sums PSS and RSS (smaps_rollup) over a process tree, leaving itself out, until its
# standard input closes; then prints both peaks in KiB.
_SAMPLER = """
import os, select, sys
root, every, me = int(sys.argv[1]), float(sys.argv[2]), os.getpid()
def tree(pid):
    found = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as kids:
            for kid in kids.read().split():
                found += tree(int(kid))
    except OSError:
        pass
    return found
def sizes(pid):
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss
peak_pss = peak_rss = 0
while not select.select([sys.stdin], [], [], every)[0]:
    found = [sizes(pid) for pid in tree(root) if pid != me]
    peak_pss = max(peak_pss, sum(p for p, _ in found))
    peak_rss = max(peak_rss, sum(r for _, r in found))
print(peak_pss, peak_rss)
"""


def ensure_corpus(folder: Path, papers: int, shard_size: int) -> list[Path]:
    """The corpus shards, written with a progress bar unless already there."""
    marker = folder / f"COMPLETE-{papers}"
    if marker.exists():
        return sorted(folder.glob("shard-*.jsonl"))
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("shard-*.jsonl"):
        old.unlink()
    texts = synthetic.base_texts()
    paths: list[Path] = []
    handle = None
    with click.progressbar(length=papers, label="writing corpus", file=sys.stderr) as bar:
        for i, record in enumerate(synthetic.records(papers, texts)):
            if i % shard_size == 0:
                if handle is not None:
                    handle.close()
                paths.append(folder / f"shard-{i // shard_size:05d}.jsonl")
                handle = paths[-1].open("w", encoding="utf-8")
            assert handle is not None
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            if i % 10_000 == 9_999:
                bar.update(10_000)
        bar.update(papers - bar.pos)
    if handle is not None:
        handle.close()
    marker.touch()
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--scheduler", default=None)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--shard-size", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=None, help="GraphML to write")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args(argv)
    corpus = args.corpus or Path(tempfile.gettempdir()) / f"graphbuild-corpus-{args.papers}"
    shards = ensure_corpus(corpus, args.papers, args.shard_size)
    out = args.out or corpus / f"graph-{args.engine}-{args.jobs}.graphml"

    bar = click.progressbar(length=args.papers, label="extracting", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.length = max(total, 1)
        bar.update(done - bar.pos)

    load = os.getloadavg()
    with TreeMemory() as memory, bar:
        result = build_graph_file(
            shards,
            out,
            engine=args.engine,
            jobs=args.jobs,
            scheduler=args.scheduler,
            progress=progress,
        )
    papers = result.counts.papers
    digest = hashlib.sha256()
    with out.open("rb") as graph:
        for block in iter(lambda: graph.read(1 << 20), b""):
            digest.update(block)
    figures = {
        "engine": args.engine,
        "jobs": args.jobs,
        "papers": papers,
        "seconds": round(result.seconds, 1),
        "papers_per_second": round(papers / result.seconds, 1),
        "stages": {
            name: {"seconds": round(s, 1), "papers_per_second": round(papers / s) if s else None}
            for name, s in result.stages.items()
        },
        "peak_tree_pss_mib": round(memory.peak_pss_kib / 1024, 1),
        "peak_tree_rss_mib": round(memory.peak_rss_kib / 1024, 1),
        "peak_main_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "edges": result.summary["edges"],
        "entities": sum(result.counts.entities.values()),
        "output_bytes": out.stat().st_size,
        "output_sha256": digest.hexdigest()[:16],
        "load_before": [round(x, 2) for x in load],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:20s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
