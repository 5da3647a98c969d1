"""Tests for graphbuild.readers.sources: telling every scholarly format from its content."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.readers import FORMATS, detect_format
from graphbuild.readers.sources import LINE_FORMATS, sniff_format

EXPECTED = {
    "01_openalex/keypaper_results_page_1.json": "openalex",
    "01_openalex/works_snowball.jsonl": "openalex",
    "01_openalex/oa_snowball.vcr.yml": "vcr-cassette",
    "02_semantic_scholar/s2_graph_api_Author.json": "s2",
    "02_semantic_scholar/s2_graph_api_Citation.json": "s2",
    "02_semantic_scholar/s2_graph_api_Paper.json": "s2",
    "02_semantic_scholar/s2_graph_api_Reference.json": "s2",
    "02_semantic_scholar/s2orc_2020_metadata_sample.jsonl": "s2orc",
    "02_semantic_scholar/specter_sample/data.json": "specter",
    "02_semantic_scholar/specter_sample/metadata_cited.json": "specter",
    "02_semantic_scholar/specter_sample/metadata_queries.json": "specter",
    "03_arxiv/atom_api_idlist_2.json": "arxiv-atom",
    "03_arxiv/atom_api_query_testing_100.json": "arxiv-atom",
    "03_arxiv/kaggle_arxiv_metadata_oai_snapshot_first200.jsonl": "arxiv-snapshot",
    "03_arxiv/oai_pmh_listrecords_arXiv_format.nock.json": "arxiv-oai",
    "04_bibtex_ris_csl/asreview_baseline_zotero.ris": "ris",
    "04_bibtex_ris_csl/openalexPro_csl_chunk_1.json": "csl",
    "04_bibtex_ris_csl/pybibx_scopus_export.bib": "bibtex",
    "04_bibtex_ris_csl/pybibx_wos_export.bib": "bibtex",
    "05_citeseer_text_graph/citeseer.cites": "citeseer-cites",
    "05_citeseer_text_graph/citeseer_texts.txt": "citeseer",
}


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED.items()))
def test_every_real_file_is_recognised(sources: Path, name: str, expected: str) -> None:
    assert detect_format(sources / name) == expected


def test_every_format_can_be_forced() -> None:
    assert set(LINE_FORMATS) <= set(FORMATS)
    assert {"hf-listing", "jsonl", "json"} <= set(FORMATS)


@pytest.mark.parametrize(
    "text",
    [
        '{"title": "T", "abstract": "A"}\n',  # generic records stay with the records reader
        '[{"title": "T", "id": "2106.07139"}]',
        "Title\n\nAbstract\n",
        "<html><body>no feed</body></html>",
        "a\tb c\n",
    ],
)
def test_other_content_is_left_to_the_generic_readers(text: str) -> None:
    assert sniff_format(text) is None


def test_cut_chunks_are_still_recognised(sources: Path) -> None:
    # Only the first 64 KB are read; long first lines and long documents are cut.
    big = (sources / "02_semantic_scholar" / "s2_graph_api_Paper.json").read_text(encoding="utf-8")
    assert sniff_format(big[:65536]) == "s2"
    cited = sources / "02_semantic_scholar" / "specter_sample" / "metadata_cited.json"
    assert sniff_format(cited.read_text(encoding="utf-8")[:65536]) == "specter"
