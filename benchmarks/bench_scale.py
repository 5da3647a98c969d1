"""Whole builds at scale: time per stage, papers/s and peak memory, per engine and jobs.

Makes (once) a synthetic corpus of N papers as JSON Lines shards (`synthetic.py`), then
builds its graph with the engine asked for and prints, per stage, the seconds and papers
per second, and the peak resident memory of the whole process tree (this process and
its workers, sampled every 0.2 s from /proc) and of this process alone::

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
import sys
import tempfile
import threading
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402

from graphbuild.engine import build_graph_file  # noqa: E402


class TreeMemory:
    """Sample the resident memory of this process and all its descendants."""

    def __init__(self, every: float = 0.2) -> None:
        self.every = every
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, _tree_rss_kib(os.getpid()))
            self._stop.wait(self.every)


def _tree_rss_kib(pid: int) -> int:
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as kids:
                stack.extend(int(p) for p in kids.read().split())
        except (OSError, ValueError):
            continue
    return total


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
        "peak_tree_rss_mib": round(memory.peak_kib / 1024, 1),
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
