"""Score `graphbuild extract` on annotated papers of every year and field (not the dev set).

The dev set (`../shared/eval/dev_gold.jsonl`) is about language models. These two sets
are papers of the shared sources: SPECTER's and S2's CS papers, CiteSeer's 1990s ones,
unarXive, S2ORC and arXiv API records, OpenAlex works and listing papers outside the dev
set, annotated by the GUIDELINES (`../shared/eval/GUIDELINES.md`) by readers who never saw
the extractor's output:

* `extraction-sets/discovery.jsonl` (871 papers: 631 of the shared sources, 240 listing
  papers): the set whose extraction errors are read to find what to fix (431 papers in the
  eleventh session, five more batches of 120 and four times 80 in the twelfth);
* `extraction-sets/heldout.jsonl` (220 papers: 140 annotated in the eleventh session, 80
  in the twelfth, each after that session's first fixes were chosen): scored, its errors
  never read.

Only the annotations are here (`id`, `entities`, `optional`): the texts stay in
`../shared/sources` and `../shared/samples` under their own terms, and this script puts
them back together (a CiteSeer text has no separate title: its first words stand for one).

    python benchmarks/extraction_sets.py                  # both sets, the installed graphbuild
    python benchmarks/extraction_sets.py --set heldout --graphbuild "python -m graphbuild"
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shlex
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = HERE / "extraction-sets"
LISTING_HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "byAK and the research community\n\nNov 20\n\n"
)
_SPACES = re.compile(r"\s+")
_ATOM = {"a": "http://www.w3.org/2005/Atom"}


def _clean(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def texts(shared: Path) -> dict[str, tuple[str, str]]:
    """Every paper an annotation may name, by id: (title, abstract)."""
    sources = shared / "sources"
    found: dict[str, tuple[str, str]] = {}
    cited = json.loads(
        (sources / "02_semantic_scholar/specter_sample/metadata_cited.json").read_text("utf-8")
    )
    for key, paper in cited.items():
        found[f"specter-{key}"] = (_clean(paper["title"]), _clean(paper.get("abstract")))
    star = json.loads((sources / "02_semantic_scholar/s2_graph_api_Paper.json").read_text("utf-8"))
    for paper in star["citations"]:
        found[f"s2cit-{paper['paperId']}"] = (
            _clean(paper["title"]),
            _clean(paper.get("abstract")),
        )
    with open(
        sources / "02_semantic_scholar/s2orc_2020_metadata_sample.jsonl", encoding="utf-8"
    ) as f:
        for line in f:
            record = json.loads(line)
            found[f"s2orc-{record['paper_id']}"] = (
                _clean(record["title"]),
                _clean(record.get("abstract")),
            )
    lines = (
        (sources / "05_citeseer_text_graph/citeseer_texts.txt")
        .read_text("utf-8", errors="replace")
        .split("\n")
    )
    for i in range(0, len(lines) - 2, 3):
        found[f"citeseer-{lines[i]}"] = ("", _clean(lines[i + 1]))
    atom = json.loads((sources / "03_arxiv/atom_api_query_testing_100.json").read_text("utf-8"))
    for entry in ET.fromstring(atom["body"]).findall("a:entry", _ATOM):
        arxiv_id = (entry.findtext("a:id", "", _ATOM)).rsplit("/", 1)[-1]
        found[f"arxiv-{arxiv_id}"] = (
            _clean(entry.findtext("a:title", "", _ATOM)),
            _clean(entry.findtext("a:summary", "", _ATOM)),
        )
    with open(sources / "01_openalex/works_snowball.jsonl", encoding="utf-8") as f:
        for line in f:
            work = json.loads(line)
            words = work.get("abstract_inverted_index") or {}
            ordered = sorted((at, word) for word, places in words.items() for at in places)
            found[f"openalex-{work['id'].rsplit('/', 1)[-1]}"] = (
                _clean(work.get("title") or work.get("display_name")),
                " ".join(word for _, word in ordered),
            )
    found.update(_unarxive(sources / "03_arxiv/unarXive_data_sample.tar.gz"))
    for page in sorted((shared / "samples").glob("*.txt")):
        blocks = page.read_text("utf-8").split("\n\n")[5:]
        for title, abstract in zip(blocks[::2], blocks[1::2], strict=False):
            digest = hashlib.sha1(title.strip().encode("utf-8")).hexdigest()[:12]
            found[f"listing-{digest}"] = (title.strip(), abstract.strip())
    return found


def _unarxive(archive: Path) -> Iterator[tuple[str, tuple[str, str]]]:
    import tarfile

    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if not member.name.endswith(".jsonl"):
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            for line in handle:
                meta = json.loads(line)["metadata"]
                yield f"unarxive-{meta['id']}", (_clean(meta["title"]), _clean(meta["abstract"]))


def gold_papers(annotations: Path, found: dict[str, tuple[str, str]]) -> list[dict[str, object]]:
    """The annotated papers with their texts, in the scorer's gold format."""
    papers = []
    with open(annotations, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            record = json.loads(line)
            if record["id"] not in found:
                sys.exit(f"{annotations}:{number}: no paper {record['id']!r} in ../shared")
            title, abstract = found[record["id"]]
            # A CiteSeer text starts with its title: its first words stand for one.
            title = title or abstract[:80].rsplit(" ", 1)[0]
            papers.append({"id": record["id"], "title": title, "abstract": abstract, **record})
    return papers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("discovery", "heldout", "all"), default="all")
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--graphbuild", default="graphbuild", help="command to run")
    args = parser.parse_args(argv)
    found = texts(args.shared)
    names = ("discovery", "heldout") if args.set == "all" else (args.set,)
    for name in names:
        papers = gold_papers(SETS / f"{name}.jsonl", found)
        with tempfile.TemporaryDirectory() as tmp:
            listing, gold, pred = (
                Path(tmp) / n for n in ("papers.txt", "gold.jsonl", "pred.jsonl")
            )
            listing.write_text(
                LISTING_HEADER + "".join(f"{p['title']}\n\n{p['abstract']}\n\n" for p in papers),
                "utf-8",
            )
            gold.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in papers))
            with open(pred, "w", encoding="utf-8") as out:
                command = [
                    *shlex.split(args.graphbuild),
                    "extract",
                    str(listing),
                    "--format",
                    "jsonl",
                ]
                subprocess.run(command, stdout=out, check=True)
            print(f"== {name}: {len(papers)} papers")
            subprocess.run(
                [sys.executable, str(args.shared / "eval/score.py"), str(gold), str(pred)],
                check=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
