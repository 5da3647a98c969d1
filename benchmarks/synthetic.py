"""A synthetic corpus of any size, made from the bundled samples and the real records.

Base texts (title + abstract) come from the bundled Hugging Face listings and the real
records in ``../shared/sources`` (the arXiv metadata snapshot sample, the S2ORC sample,
the SPECTER metadata, the CiteSeer texts). Paper ``i`` takes the title of base text
``i mod n`` and an abstract mixing the sentences of that text with a few sentences of two
other base texts, rotated by ``i``; so ids are distinct (``10.5555/gb.<i>`` DOIs), texts
vary and entities co-occur in new combinations, as in a real corpus.

Written as JSON Lines shards of ``shard_size`` records (one file per shard), which every
engine reads file by file::

    python benchmarks/synthetic.py --papers 1000000 --out /path/to/corpus
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from graphbuild.readers import bundled_samples, read_papers

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"


def base_texts(shared: Path = SHARED) -> list[tuple[str, str]]:
    """(title, abstract) of every base paper with an abstract, in a fixed order."""
    texts = [(p.title, p.abstract) for p in read_papers(bundled_samples()).papers if p.abstract]
    sources = shared / "sources"
    if not sources.is_dir():
        raise SystemExit(f"missing {sources}: put the shared data beside the repository")
    kaggle = sources / "03_arxiv" / "kaggle_arxiv_metadata_oai_snapshot_first200.jsonl"
    s2orc = sources / "02_semantic_scholar" / "s2orc_2020_metadata_sample.jsonl"
    for path in (kaggle, s2orc):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record.get("title") and record.get("abstract"):
                texts.append(
                    (" ".join(record["title"].split()), " ".join(record["abstract"].split()))
                )
    specter = sources / "02_semantic_scholar" / "specter_sample"
    for name in ("metadata_queries.json", "metadata_cited.json"):
        records = json.loads((specter / name).read_text(encoding="utf-8"))
        for key in sorted(records):
            record = records[key]
            if record.get("title") and record.get("abstract"):
                texts.append((record["title"], record["abstract"]))
    citeseer = sources / "05_citeseer_text_graph" / "citeseer_texts.txt"
    lines = citeseer.read_text(encoding="utf-8", errors="replace").splitlines()
    for i in range(0, len(lines) - 2, 3):
        text = lines[i + 1].strip()
        if len(text) > 80:
            title, _, abstract = text.partition(". ")
            texts.append((title[:200], abstract or text))
    # One text per title: two base papers sharing a title would be one paper twice.
    unique: dict[str, tuple[str, str]] = {}
    for title, abstract in texts:
        unique.setdefault(" ".join(title.lower().split()), (title, abstract))
    return list(unique.values())


def records(count: int, texts: list[tuple[str, str]]) -> Iterator[dict[str, str]]:
    """``count`` synthetic JSON records (see the module docstring)."""
    n = len(texts)
    split = [abstract.split(". ") for _, abstract in texts]
    for i in range(count):
        base = i % n
        round_ = i // n
        title, _ = texts[base]
        own = split[base]
        other = split[(base * 7 + round_ * 13 + 1) % n]
        third = split[(base * 31 + round_ * 17 + 5) % n]
        sentences = own + other[: 1 + round_ % 3] + third[-(1 + i % 2) :]
        shift = round_ % len(sentences)
        abstract = ". ".join(sentences[shift:] + sentences[:shift])
        yield {
            "id": f"10.5555/gb.{i}",
            "title": title if round_ == 0 else f"{title} ({round_})",
            "abstract": abstract,
            "date": f"{2015 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        }


def write_corpus(out: Path, count: int, shard_size: int = 20_000) -> list[Path]:
    """Write ``count`` records as JSON Lines shards under ``out``; return the shard paths."""
    out.mkdir(parents=True, exist_ok=True)
    texts = base_texts()
    paths: list[Path] = []
    handle = None
    for i, record in enumerate(records(count, texts)):
        if i % shard_size == 0:
            if handle is not None:
                handle.close()
            paths.append(out / f"shard-{i // shard_size:05d}.jsonl")
            handle = paths[-1].open("w", encoding="utf-8")
        assert handle is not None
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if handle is not None:
        handle.close()
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--shard-size", type=int, default=20_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.papers, args.shard_size)
    print(f"wrote {args.papers} records in {len(paths)} shards under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
