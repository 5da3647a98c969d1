"""Tests for graphbuild.readers.semantic_scholar on the real S2 files in shared/sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.readers import detect_format, read_papers

TURING = "s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad"


def test_paper_with_citations_and_references_is_a_star(sources: Path) -> None:
    path = sources / "02_semantic_scholar" / "s2_graph_api_Paper.json"
    assert detect_format(path) == "s2"
    result = read_papers([path])
    assert result.records_read == 1
    [paper] = [p for p in result.papers if not p.referenced_only]
    # The DOI outranks the paperId as the node id; every id is kept.
    assert paper.id == "doi:10.1093/mind/lix.236.433"
    assert dict(paper.ids)["s2"] == TURING.removeprefix("s2:")
    assert dict(paper.ids)["s2corpus"] == "14636783" and dict(paper.ids)["dblp"]
    assert paper.title == "Computing Machinery and Intelligence" and paper.year == 1950
    assert paper.authorships[0].ids == (("s2", "2262347"),)
    citing = [c for c in result.citations if c.cited == paper.id]
    cited = [c for c in result.citations if c.citing == paper.id]
    # The README's star: 1,000 citing works and 14 cited ones.
    assert len(citing) == 1000 and len(cited) == 14
    stubs = [p for p in result.papers if p.referenced_only]
    assert len(stubs) == 1014
    # Citing works come with their abstracts: 774 of the 1,000 (and 5 of the 14 cited).
    by_id = {p.id: p for p in stubs}
    assert sum(1 for c in citing if by_id[c.citing].abstract) == 774
    assert sum(1 for c in cited if by_id[c.cited].abstract) == 5


def test_drop_referenced_only(sources: Path) -> None:
    path = sources / "02_semantic_scholar" / "s2_graph_api_Paper.json"
    result = read_papers([path], drop_referenced_only=True)
    assert len(result.papers) == 1 and result.citations == ()


@pytest.mark.parametrize(
    ("name", "papers", "title"),
    [
        ("s2_graph_api_Reference.json", 1, None),
        ("s2_graph_api_Citation.json", 1, None),
        ("s2_graph_api_Author.json", 60, None),
    ],
)
def test_items_and_author(sources: Path, name: str, papers: int, title: str | None) -> None:
    result = read_papers([sources / "02_semantic_scholar" / name])
    assert len(result.papers) == papers and result.citations == ()
    assert all(p.authorships for p in result.papers)


def test_author_papers_carry_the_author_id(sources: Path) -> None:
    result = read_papers([sources / "02_semantic_scholar" / "s2_graph_api_Author.json"])
    with_turing = [
        p for p in result.papers if any(a.ids == (("s2", "2262347"),) for a in p.authorships)
    ]
    assert len(with_turing) >= 50


def test_batch_output_with_nulls_and_data_page(tmp_path: Path) -> None:
    batch = [
        {"paperId": "0" * 40, "title": "One", "externalIds": {"ArXiv": "2106.07139"}},
        None,
        {"paperId": "1" * 40, "title": "Two", "references": [{"paperId": None, "title": None}]},
    ]
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(batch, indent=1), encoding="utf-8")
    result = read_papers([path])
    assert [p.id for p in result.papers] == ["arxiv:2106.07139", "s2:" + "1" * 40]
    [warning] = result.warnings
    assert warning.source.line == 2 and "null" in warning.message
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"offset": 0, "data": batch[::2]}), encoding="utf-8")
    assert len(read_papers([page]).papers) == 2


def test_bad_paper(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    rows = [{"paperId": "2" * 40, "title": "Fine"}, {"paperId": None, "title": None}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with pytest.raises(InputError, match=r'bad.jsonl:2: no "title" and no id'):
        read_papers([path])


def test_s2orc_metadata(sources: Path) -> None:
    path = sources / "02_semantic_scholar" / "s2orc_2020_metadata_sample.jsonl"
    assert detect_format(path) == "s2orc"
    result = read_papers([path])
    records = [p for p in result.papers if not p.referenced_only]
    assert result.records_read == 1000 and len(records) == 1000
    assert sum(1 for p in records if p.abstract) == 488
    assert len(result.citations) == 6058
    assert {c.sources for c in result.citations} == {("s2orc",)}
    first = records[0]
    assert first.id == "s2corpus:77490025" and dict(first.ids)["mag"] == "2426173123"
    assert first.authorships[0].name == "Pen'kov Ma"


def test_specter_sample(sources: Path) -> None:
    folder = sources / "02_semantic_scholar" / "specter_sample"
    assert {detect_format(p) for p in folder.iterdir()} == {"specter"}
    citations = read_papers([folder / "data.json"])
    # count 5 marks a direct citation (85 of them); count 1, two hops away, is no citation.
    assert citations.records_read == 20 and len(citations.citations) == 85
    together = read_papers([folder])
    records = [p for p in together.papers if not p.referenced_only]
    assert together.records_read == 20 + 379 + 17
    # 20 query papers (17 with metadata) and 379 cited ones: 396 with title and abstract.
    assert len(records) == 399 and sum(1 for p in records if p.title) == 396
    inside = {p.id for p in records}
    assert sum(1 for c in together.citations if c.cited in inside and c.citing in inside) == 85
