"""Tests for graphbuild.readers.merge: one identity per work across sources and files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.model import SourceRef
from graphbuild.readers import read_papers
from graphbuild.readers.identity import make_paper
from graphbuild.readers.merge import PaperMerger

from .conftest import DATA


def paper(title: str, line: int, *, year: int | None = None, ids: tuple[tuple[str, str], ...] = ()):  # type: ignore[no-untyped-def]
    return make_paper(title, "", SourceRef("x.jsonl", line), year=year, ids=ids)


def test_arxiv_record_and_openalex_record_are_one_paper() -> None:
    result = read_papers([DATA / "arxiv_word2vec.jsonl", DATA / "openalex_word2vec.jsonl"])
    [word2vec] = [p for p in result.papers if not p.referenced_only]
    assert word2vec.id == "arxiv:1310.4546"
    assert dict(word2vec.ids) == {
        "arxiv": "1310.4546",
        "doi": "10.57702/kcdhx0zi",
        "openalex": "W2153579005",
        "mag": "2153579005",
    }
    assert [Path(s.path).name for s in word2vec.sources] == [
        "arxiv_word2vec.jsonl",
        "openalex_word2vec.jsonl",
    ]
    # The first source's title wins; the OpenAlex year (2025) does not stop an id match.
    assert word2vec.title.startswith("Distributed Representations of Words")
    assert word2vec.year == 2013
    # Both records are named arxiv:1310.4546 (OpenAlex's arXiv location outranks its
    # DOI), so this is no merge of differently named papers to explain.
    assert result.merges == ()


def test_same_work_in_two_real_sources(sources: Path) -> None:
    """GloVe is in the OpenAlex snowball (as a record) and in SPECTER's metadata."""
    result = read_papers(
        [
            sources / "01_openalex" / "works_snowball.jsonl",
            sources / "02_semantic_scholar" / "specter_sample" / "metadata_cited.json",
        ]
    )
    glove = next(p for p in result.papers if p.id == "doi:10.3115/v1/d14-1162")
    assert {"openalex", "s2", "doi", "mag"} <= set(dict(glove.ids))
    assert len({s.path for s in glove.sources}) == 2 and not glove.referenced_only


def test_title_and_year_match_without_a_shared_id() -> None:
    merger = PaperMerger()
    merger.add(
        paper(
            "Deep Residual Learning for Image Recognition",
            1,
            year=2016,
            ids=(("doi", "10.1109/cvpr.2016.90"),),
        )
    )
    merger.add(
        paper(
            "Deep residual learning for image recognition.",
            2,
            year=2016,
            ids=(("arxiv", "1512.03385"),),
        )
    )
    [merged] = merger.papers()
    assert dict(merged.ids) == {"doi": "10.1109/cvpr.2016.90", "arxiv": "1512.03385"}
    assert merger.merges()[0].reason == "same normalised title"


def test_fuzzy_title_within_a_year() -> None:
    merger = PaperMerger()
    merger.add(paper("Measuring service quality: a reexamination and an extension", 1, year=1992))
    merger.add(paper("Measuring service quality: A reexamination and extension", 2, year=1992))
    [merged] = merger.papers()
    [merge] = merger.merges()
    assert merge.reason.startswith("similar title (ratio 97.") and "1992" in merge.reason


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Different years: a title alone never merges them.
        (("Attention Is All You Need", 2017), ("Attention Is All You Need", 2023)),
        # Near-identical titles of different papers stay two.
        (("Attention Is All You Need", 2023), ("Attention Is Not All You Need", 2023)),
        (
            (
                "Sustainability Assessment of Public Transport, Part I: A Multi-Criteria Method",
                2021,
            ),
            (
                "Sustainability Assessment of Public Transport, Part II: A Multi-Criteria Method",
                2021,
            ),
        ),
        (
            ("Multiple criteria hierarchy process with ELECTRE TRI and PROMETHEE", 2013),
            ("Multiple criteria hierarchy process with ELECTRE and PROMETHEE", 2013),
        ),
        (
            ("Kochen-Specker sets with at least 22 vectors", 2015),
            ("Kochen-Specker sets with at least 18 vectors", 2015),
        ),
    ],
)
def test_near_identical_titles_stay_two(first: tuple[str, int], second: tuple[str, int]) -> None:
    merger = PaperMerger()
    merger.add(paper(first[0], 1, year=first[1]))
    merger.add(paper(second[0], 2, year=second[1]))
    papers = merger.papers()
    assert len(papers) == 2 and len({p.id for p in papers}) == 2


def test_preprint_and_a_different_paper_with_the_same_title_stay_two() -> None:
    merger = PaperMerger()
    merger.add(paper("Graph Attention Networks", 1, year=2018, ids=(("arxiv", "1710.10903"),)))
    merger.add(paper("Graph Attention Networks", 2, year=2018, ids=(("arxiv", "2999.00001"),)))
    assert len(merger.papers()) == 2
    [warning] = merger.warnings()
    assert "kept as two papers" in warning.message


def test_stub_takes_the_record_fields_and_sources(tmp_path: Path) -> None:
    rows = [
        {
            "id": "https://openalex.org/W1",
            "display_name": "Citing",
            "referenced_works": ["https://openalex.org/W2"],
        },
        {"id": "https://openalex.org/W2", "display_name": "Cited", "publication_year": 2001},
    ]
    path = tmp_path / "w.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = read_papers([path])
    citing, cited = result.papers
    assert not cited.referenced_only and cited.title == "Cited" and cited.year == 2001
    assert cited.sources == (SourceRef(str(path), 2),)
    [citation] = result.citations
    assert (citation.citing, citation.cited) == ("openalex:W1", "openalex:W2")
