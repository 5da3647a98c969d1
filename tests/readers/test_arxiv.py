"""Tests for graphbuild.readers.arxiv: Atom feeds, the metadata snapshot, OAI-PMH records."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.model import Paper
from graphbuild.readers import detect_format, read_papers
from graphbuild.readers.arxiv import parse_snapshot

SNAPSHOT = "kaggle_arxiv_metadata_oai_snapshot_first200.jsonl"


def test_atom_feed_in_its_recorded_json_wrapper(sources: Path) -> None:
    path = sources / "03_arxiv" / "atom_api_query_testing_100.json"
    assert detect_format(path) == "arxiv-atom"
    result = read_papers([path])
    assert result.records_read == 100 and len(result.papers) == 100
    assert all(p.abstract and p.arxiv_id and p.authorships for p in result.papers)
    assert all(p.id == f"arxiv:{p.arxiv_id}" and "v" not in p.arxiv_id for p in result.papers)


def test_atom_id_list(sources: Path) -> None:
    result = read_papers([sources / "03_arxiv" / "atom_api_idlist_2.json"])
    [paper] = result.papers
    assert paper.id == "arxiv:1707.08567" and paper.date == "2017-07-27"
    assert paper.title.startswith("Proceedings of Workshop AEW10")
    assert paper.authorships[0].name == "Kees A. Schouhamer Immink"


def test_raw_atom_and_api_error(tmp_path: Path) -> None:
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        "<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>"
        "<summary>incorrect id format for 1234</summary></entry></feed>"
    )
    path = tmp_path / "error.xml"
    path.write_text(feed, encoding="utf-8")
    with pytest.raises(InputError, match="record 1: the API returned an error"):
        read_papers([path])


def test_snapshot_sample(sources: Path) -> None:
    path = sources / "03_arxiv" / SNAPSHOT
    assert detect_format(path) == "arxiv-snapshot"
    result = read_papers([path])
    assert result.records_read == 200 and len(result.papers) == 200
    first = result.papers[0]
    assert first.id == "arxiv:0704.0001" and first.doi == "10.1103/physrevd.76.013009"
    assert first.date == "2007-04-02"  # v1 submission date
    assert first.authorships[0].name == "C. Balázs"
    assert first.title == (
        "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    )
    assert all(p.abstract for p in result.papers)


def test_snapshot_is_streamed(sources: Path, tmp_path: Path) -> None:
    """Memory stays flat: 20x the sample parses within a small fixed budget."""
    lines = (sources / "03_arxiv" / SNAPSHOT).read_text(encoding="utf-8").splitlines()
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for copy in range(20):
            for number, line in enumerate(lines):
                record = json.loads(line)
                record["id"] = f"{9001 + copy}.{number + 1:05d}"
                out.write(json.dumps(record) + "\n")
    tracemalloc.start()
    count = 0
    with open(path, encoding="utf-8") as handle:
        for item in parse_snapshot(handle, str(path)):
            count += isinstance(item, Paper)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 4000
    # The file is ~5.7 MB; a reader that loaded it whole would peak far above 2 MB.
    assert path.stat().st_size > 5_000_000 and peak < 2_000_000


def test_snapshot_bad_lines(tmp_path: Path, sources: Path) -> None:
    good = (sources / "03_arxiv" / SNAPSHOT).read_text(encoding="utf-8").splitlines()[0]
    bad = json.loads(good)
    bad["id"] = 704.0001
    path = tmp_path / "snap.jsonl"
    path.write_text(good + "\n" + json.dumps(bad) + "\n{oops\n", encoding="utf-8")
    result = read_papers([path], on_error="skip")
    assert [(s.source.line, s.reason[:20]) for s in result.skipped] == [
        (2, '"id" 704.0001 is not'),
        (3, "invalid JSON: Expect"),
    ]


def test_oai_pmh_exchange_with_503(sources: Path) -> None:
    path = sources / "03_arxiv" / "oai_pmh_listrecords_arXiv_format.nock.json"
    assert detect_format(path) == "arxiv-oai"
    result = read_papers([path])
    assert [p.id for p in result.papers] == ["arxiv:1412.8544", "arxiv:hep-th/9504118"]
    first = result.papers[0]
    assert first.doi == "10.4204/eptcs.172.11" and first.date == "2014-12-29"
    assert [a.name for a in first.authorships] == ["Sander Uijlen", "Bas Westerbaan"]
    [warning] = result.warnings
    assert "status 503" in warning.message
