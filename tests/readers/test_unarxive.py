"""Tests for graphbuild.readers.unarxive on the real unarXive sample archive."""

from __future__ import annotations

import tarfile
from pathlib import Path

from graphbuild.readers import read_papers

# Distinct cited works with an OpenAlex id (633 bib entries link one; a few are shared).
LINKED = 627


def test_archive_is_read_member_by_member(sources: Path, tmp_path: Path) -> None:
    archive = sources / "03_arxiv" / "unarXive_data_sample.tar.gz"
    result = read_papers([archive])
    assert result.records_read == 49
    assert sum(1 for p in result.papers if not p.referenced_only) == 49
    first = result.papers[0]
    assert first.id == "arxiv:2212.11867" and first.abstract.startswith("Let $X_1")
    assert str(first.sources[0]).endswith(
        "unarXive_data_sample.tar.gz!unarXive_data_sample/arXiv_src_2212_086.jsonl:1"
    )
    # 1,786 bib entries; 633 linked to OpenAlex (with DOIs, arXiv ids ...); the rest are
    # named by their text. A few entries repeat within a paper.
    assert len(result.citations) == 1783
    linked = [p for p in result.papers if any(kind == "openalex" for kind, _ in p.ids)]
    named_by_text = [p for p in result.papers if any(kind == "ref" for kind, _ in p.ids)]
    assert len(linked) + len(named_by_text) == len(result.papers) - 49
    assert len(linked) == LINKED
    # The extracted JSON Lines file reads the same.
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path, filter="data")
    plain = read_papers([tmp_path / "unarXive_data_sample"])
    assert plain.records_read == 49 and len(plain.citations) == 1783
