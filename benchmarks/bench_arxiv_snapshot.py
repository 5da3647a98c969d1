"""Streaming speed of the arXiv metadata snapshot reader, on a synthetic 1M-line snapshot.

The file is made from the real 200-line sample in ``../shared/sources/03_arxiv`` (the first
200 lines of ``arxiv-metadata-oai-snapshot.json``): each line is repeated with a distinct
new-style id (``9001.00001`` ...) so that every record is its own paper, and the lines keep
their real size and layout. Then one stage is timed per process (so peak memory is that
stage's):

- ``parse``: ``graphbuild.readers.arxiv.parse_snapshot`` over the open file, counting the
  papers it yields and keeping none (the reader alone: constant memory);
- ``read``: ``read_papers`` on the file (detection, parse, identity merging; every
  distinct paper is kept, so memory grows with the corpus). With ``--jobs 2`` or more the
  file is parsed as pieces on that many worker processes (`graphbuild.readers.pieces`),
  with one it is streamed in this process.

Usage::

    python benchmarks/bench_arxiv_snapshot.py --lines 1000000 --stage parse
    python benchmarks/bench_arxiv_snapshot.py --lines 1000000 --stage read
    python benchmarks/bench_arxiv_snapshot.py --lines 1000000 --stage read --jobs 2

The synthetic file is written once to ``--file`` (default: a temporary folder) and reused.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from graphbuild.model import Paper
from graphbuild.readers import read_papers
from graphbuild.readers.arxiv import parse_snapshot

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "sources"
    / "03_arxiv"
    / "kaggle_arxiv_metadata_oai_snapshot_first200.jsonl"
)


def synthesise(target: Path, lines: int) -> None:
    """Write ``lines`` snapshot records made from the sample, each with a distinct id."""
    if not SAMPLE.is_file():
        sys.exit(f"missing {SAMPLE}: put the shared folder beside the repository")
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    partial = target.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as out:
        for number in range(lines):
            record = dict(records[number % len(records)])
            record["id"] = f"{9001 + number // 99999}.{number % 99999 + 1:05d}"
            record["doi"] = None  # a repeated DOI would merge the copies into one paper
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.replace(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--stage", choices=["parse", "read"], default="parse")
    parser.add_argument("--file", type=Path, default=None)
    parser.add_argument("--jobs", type=int, default=1, help="parse processes (read stage)")
    args = parser.parse_args()
    path = args.file or Path(tempfile.gettempdir()) / f"graphbuild-arxiv-{args.lines}.jsonl"
    if not path.is_file():
        started = time.perf_counter()
        synthesise(path, args.lines)
        print(
            f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    started = time.perf_counter()
    if args.stage == "parse":
        papers = 0
        with open(path, encoding="utf-8", newline="") as lines:
            for item in parse_snapshot(lines, str(path)):
                papers += isinstance(item, Paper)
        records = papers
    else:
        result = read_papers([path], jobs=args.jobs)
        papers, records = len(result.papers), result.records_read
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "stage": args.stage,
                "jobs": args.jobs if args.stage == "read" else 1,
                "lines": args.lines,
                "file_mb": round(path.stat().st_size / 1e6),
                "records": records,
                "papers": papers,
                "seconds": round(seconds, 1),
                "records_per_second": round(records / seconds),
                "peak_rss_mb": round(peak_mb),
            }
        )
    )


if __name__ == "__main__":
    main()
