"""Tests for graphbuild.citation_graph: the graph built from every real scholarly source.

Each file of ``shared/sources`` is built alone, the folder as a whole, and the folder with
the bundled Hugging Face samples; the figures are the notes' table (records read, papers
in the corpus, papers with abstracts, CITES edges, CITES inside the corpus).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from graphbuild.build import INTRODUCES, build_graph
from graphbuild.citation_graph import (
    CITES,
    DRAWS_ON,
    PUBLISHED_IN,
    WROTE,
    _before,
    citation_summary,
    first_introducers,
)
from graphbuild.formats.graphml import generate_graphml, read_graphml
from graphbuild.model import Author, Citation, EntityType, Field, Mention, SourceRef, Venue
from graphbuild.pipeline import build_graph as build_inputs
from graphbuild.pipeline import summarize
from graphbuild.readers import bundled_samples
from graphbuild.readers.identity import make_paper
from graphbuild.resolve import resolve

SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"

# file -> (records read, papers in the corpus, with abstract, CITES, CITES inside the corpus)
FIGURES: dict[str, tuple[int, int, int, int, int]] = {
    "01_openalex/keypaper_results_page_1.json": (2, 2, 1, 115, 0),
    "01_openalex/works_snowball.jsonl": (45, 45, 35, 1419, 76),
    "01_openalex/oa_snowball.vcr.yml": (48, 45, 35, 1419, 76),
    "02_semantic_scholar/s2_graph_api_Author.json": (60, 60, 34, 0, 0),
    "02_semantic_scholar/s2_graph_api_Citation.json": (1, 1, 1, 0, 0),
    "02_semantic_scholar/s2_graph_api_Paper.json": (1, 1, 1, 1014, 0),
    "02_semantic_scholar/s2_graph_api_Reference.json": (1, 1, 1, 0, 0),
    "02_semantic_scholar/s2orc_2020_metadata_sample.jsonl": (1000, 1000, 488, 6058, 0),
    "02_semantic_scholar/specter_sample/data.json": (20, 20, 0, 85, 0),
    "02_semantic_scholar/specter_sample/metadata_cited.json": (379, 379, 364, 0, 0),
    "02_semantic_scholar/specter_sample/metadata_queries.json": (17, 17, 17, 0, 0),
    "03_arxiv/atom_api_idlist_2.json": (1, 1, 1, 0, 0),
    "03_arxiv/atom_api_query_testing_100.json": (100, 100, 100, 0, 0),
    "03_arxiv/kaggle_arxiv_metadata_oai_snapshot_first200.jsonl": (200, 200, 200, 0, 0),
    "03_arxiv/oai_pmh_listrecords_arXiv_format.nock.json": (2, 2, 2, 0, 0),
    "03_arxiv/unarXive_data_sample.tar.gz": (49, 49, 49, 1783, 0),
    "04_bibtex_ris_csl/asreview_baseline_zotero.ris": (100, 100, 98, 0, 0),
    "04_bibtex_ris_csl/openalexPro_csl_chunk_1.json": (100, 100, 91, 0, 0),
    "04_bibtex_ris_csl/pybibx_scopus_export.bib": (263, 262, 261, 9598, 944),
    "04_bibtex_ris_csl/pybibx_wos_export.bib": (236, 236, 236, 9579, 1208),
    "05_citeseer_text_graph/citeseer.cites": (4608, 0, 0, 4608, 0),
    "05_citeseer_text_graph/citeseer_texts.txt": (3186, 3186, 3186, 0, 0),
    "05_citeseer_text_graph": (7794, 3186, 3186, 4608, 4277),
    "02_semantic_scholar/specter_sample": (416, 399, 381, 85, 85),
}


@pytest.fixture(scope="module")
def sources() -> Path:
    if not (SOURCES / "README.md").is_file():
        pytest.fail(f"{SOURCES} is missing: put the shared folder beside the repository clone")
    return SOURCES


def figures(summary: dict[str, object], graph: object = None) -> tuple[int, int, int, int, int]:
    if "citations" not in summary:  # no citation layer: papers only
        assert isinstance(graph, nx.MultiDiGraph)
        papers = [d for _, d in graph.nodes(data=True) if d["labels"] == ":Paper"]
        return (
            int(str(summary["records_read"])),
            len(papers),
            sum(1 for d in papers if d.get("abstract")),
            0,
            0,
        )
    cited = summary["citations"]
    assert isinstance(cited, dict)
    edges = cited["edges"]
    return (
        int(str(summary["records_read"])),
        cited["papers_in_corpus"],
        cited["with_abstract"],
        edges[CITES],
        cited["cites_inside_corpus"],
    )


def test_every_source_file_is_listed(sources: Path) -> None:
    files = {
        str(p.relative_to(sources))
        for p in sources.rglob("*")
        if p.is_file() and p.suffix not in (".md", ".orig")  # the READMEs
    }
    assert files <= set(FIGURES)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_build_each_source(
    sources: Path, name: str, assert_valid_graphml: Callable[[bytes], None]
) -> None:
    result = build_inputs([sources / name])
    assert figures(result.summary, result.graph) == FIGURES[name]
    data = "".join(generate_graphml(result.graph)).encode("utf-8")
    assert_valid_graphml(data)


def test_build_everything_with_the_samples(
    sources: Path, tmp_path: Path, assert_valid_graphml: Callable[[bytes], None]
) -> None:
    result = build_inputs([sources, *bundled_samples()], output=tmp_path / "all.graphml")
    records, corpus, abstracts, cites, inside = figures(result.summary)
    assert records == 10419 + 510
    assert corpus == 5569 + 433 and cites == 33128 and inside == 6036
    assert abstracts == 5424
    data = (tmp_path / "all.graphml").read_bytes()
    assert_valid_graphml(data)
    # stats on the file tells the same as the build.
    again = summarize(read_graphml(tmp_path / "all.graphml"))
    assert again["citations"] == result.summary["citations"]
    # Cited works outside the corpus can be left out.
    dropped = build_inputs([sources / "01_openalex"], drop_referenced_only=True)
    # The page's two works: one is also in the snowball.
    assert figures(dropped.summary)[1:] == (46, 35, 76, 76)
    assert citation_summary(dropped.graph)["referenced_only"] == 0


def test_hf_samples_alone_have_no_citation_layer() -> None:
    result = build_inputs(bundled_samples())
    assert "citations" not in result.summary


def _mention(paper_id: str, surface: str, *, introduced: bool = False) -> Mention:
    return Mention(
        paper_id,
        surface,
        0,
        len(surface),
        Field.TITLE,
        EntityType.MODEL,
        "lexicon",
        introduced=introduced,
    )


def test_authors_venues_cites_and_draws_on() -> None:
    here = SourceRef("a.jsonl", 1)
    orcid = ("orcid", "0000-0002-1825-0097")
    intro = make_paper(
        "FooNet",
        "",
        here,
        date="2019-05-01",
        ids=(("openalex", "W1"),),
        authorships=(Author("J. Doe", (orcid, ("openalex", "A9"))),),
        venue=Venue("NeurIPS", (("openalex", "S1"),)),
    )
    user = make_paper(
        "Using FooNet",
        "",
        SourceRef("b.bib", 3),
        date="2021",
        authorships=(Author("Jane Doe", (("openalex", "A9"),)), Author("R. Roe")),
        venue=Venue("NeurIPS"),
    )
    same_year = make_paper("FooNet again", "", SourceRef("c.bib", 1), date="2019-02")
    mentions = {
        intro.id: [_mention(intro.id, "FooNet", introduced=True)],
        user.id: [_mention(user.id, "FooNet")],
        same_year.id: [_mention(same_year.id, "FooNet")],
    }
    resolution = resolve(m for found in mentions.values() for m in found)
    graph = build_graph(
        [intro, user, same_year],
        mentions,
        resolution,
        citations=[Citation(user.id, intro.id, ("openalex",))],
    )
    assert graph.has_edge(user.id, intro.id, key=CITES)
    assert graph.edges[user.id, intro.id, CITES]["citation_sources"] == '["openalex"]'
    # One person across two sources by the shared OpenAlex A-id; named by the ORCID.
    assert graph.nodes["author:orcid:0000-0002-1825-0097"]["paper_count"] == 2
    roe = [n for n in graph if str(n).startswith("author:name:")]
    assert len(roe) == 1 and graph.nodes[roe[0]]["name"] == "R. Roe"
    assert graph.edges[roe[0], user.id, WROTE]["position"] == 2
    assert graph.has_edge(intro.id, "venue:openalex:S1", key=PUBLISHED_IN)
    assert graph.has_edge(user.id, "venue:name:neurips", key=PUBLISHED_IN)
    # DRAWS_ON: only from a later paper to the earlier introducer, kept apart from CITES.
    [entity] = [
        n
        for n, key in ((v, k) for _, v, k in graph.out_edges(intro.id, keys=True))
        if key == INTRODUCES
    ]
    draws = graph.edges[user.id, intro.id, DRAWS_ON]
    assert draws["inferred"] is True and draws["entities"] == f'["{entity}"]'
    assert not graph.has_edge(same_year.id, intro.id, key=DRAWS_ON)
    summary = citation_summary(graph)
    assert summary["edges"] == {CITES: 1, WROTE: 3, PUBLISHED_IN: 2, DRAWS_ON: 1}
    assert summary["authors"] == 2 and summary["venues"] == 2


def test_draws_on_links_the_first_introducers_only() -> None:
    first = make_paper("FooNet", "", SourceRef("a.jsonl", 1), date="2018-03-01")
    again = make_paper("FooNet revisited", "", SourceRef("a.jsonl", 2), date="2020")
    user = make_paper("Using FooNet", "", SourceRef("a.jsonl", 3), date="2022-01-05")
    mentions = {
        first.id: [_mention(first.id, "FooNet", introduced=True)],
        again.id: [_mention(again.id, "FooNet", introduced=True)],
        user.id: [_mention(user.id, "FooNet")],
    }
    resolution = resolve(m for found in mentions.values() for m in found)
    graph = build_graph([first, again, user], mentions, resolution)
    draws = {(u, v) for u, v, key in graph.edges(keys=True) if key == DRAWS_ON}
    # The 2020 paper also claims FooNet, but the 2018 paper introduced it first.
    assert draws == {(user.id, first.id)}


@pytest.mark.parametrize(
    ("dates", "first"),
    [
        ({"a": "2019", "b": "2020"}, ["a"]),
        # Same year at the coarser precision: neither is surely first.
        ({"a": "2019", "b": "2019-05-02"}, ["a", "b"]),
        ({"a": "2019-05", "b": "2019-05-02", "c": "2019-04-30"}, ["c"]),
        ({"a": "2019", "b": "2019-05-02", "c": "2019-04-30"}, ["a", "c"]),
        ({"a": "2021-01-01", "b": "2021-01-01"}, ["a", "b"]),
        ({}, []),
    ],
)
def test_first_introducers_compares_at_the_coarser_precision(
    dates: dict[str, str], first: list[str]
) -> None:
    assert first_introducers(dates) == first
    # The linear rule agrees with comparing every pair.
    assert first_introducers(dates) == sorted(
        i for i in dates if not any(_before(dates[j], dates[i]) for j in dates if j != i)
    )
