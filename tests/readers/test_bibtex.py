"""Tests for graphbuild.readers.bibtex: Web of Science and Scopus exports with references."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.model import SourceRef
from graphbuild.readers import detect_format, read_papers
from graphbuild.readers.bibtex import scopus_reference, wos_reference

HERE = SourceRef("x.bib", 1)


def test_wos_export(sources: Path) -> None:
    path = sources / "04_bibtex_ris_csl" / "pybibx_wos_export.bib"
    assert detect_format(path) == "bibtex"
    result = read_papers([path])
    records = [p for p in result.papers if not p.referenced_only]
    assert result.records_read == 236 and len(records) == 236 and result.skipped == ()
    assert sum(1 for p in records if p.abstract) == 236
    first = records[0]
    assert first.title == "ELECTRE-SCORE : A first outranking based method for scoring actions"
    assert first.year == 2022 and first.venue is not None
    assert first.venue.name == "EUROPEAN JOURNAL OF OPERATIONAL RESEARCH"
    assert [a.name for a in first.authorships] == [
        "Jose Rui Figueira",
        "Salvatore Greco",
        "Bernard Roy",
    ]
    assert first.sources == (SourceRef(str(path), 2),)
    inside = {p.id for p in records}
    internal = [c for c in result.citations if c.citing in inside and c.cited in inside]
    # The README counts 1,214 references resolving by DOI to records in the file; as
    # distinct citing -> cited pairs between distinct papers that is 1,208.
    assert len(internal) == 1208
    assert len(result.citations) == 9579
    assert {c.sources for c in result.citations} == {("wos",)}


def test_scopus_export(sources: Path) -> None:
    path = sources / "04_bibtex_ris_csl" / "pybibx_scopus_export.bib"
    result = read_papers([path])
    records = [p for p in result.papers if not p.referenced_only]
    # 263 entries (36 of them repeat a field: read with a warning); two are one DOI.
    assert result.records_read == 263 and len(records) == 262
    assert sum("repeated field" in w.message for w in result.warnings) == 36
    assert sum(1 for p in records if p.abstract) == 261
    inside = {p.id for p in records}
    internal = [c for c in result.citations if c.citing in inside and c.cited in inside]
    # Scopus references carry no DOI (49 of 8,001 write one): they resolve by title + year.
    assert len(internal) == 944
    assert {c.sources for c in result.citations} == {("scopus",)}


@pytest.mark.parametrize(
    ("raw", "ids", "year"),
    [
        (
            "Amgoud L, 2009, ARTIF INTELL, V173, P413, DOI 10.1016/j.artint.2008.11.006.",
            (("doi", "10.1016/j.artint.2008.11.006"),),
            2009,
        ),
        (
            "Bana E, 1994, INT T OPER RES, V1, P489, DOI DOI 10.1016/0969-6016(94)90010-8.",
            (("doi", "10.1016/0969-6016(94)90010-8"),),
            1994,
        ),
        (
            "Zopounidis C, 2002, EUR J OPER RES, V138, P229, DOI 10.1016/S0377-2217(01)00243-0.}",
            (("doi", "10.1016/s0377-2217(01)00243-0"),),
            2002,
        ),
    ],
)
def test_wos_reference_with_doi(raw: str, ids: tuple[tuple[str, str], ...], year: int) -> None:
    work = wos_reference(raw, HERE)
    assert work is not None and work.ids == ids and work.year == year and work.referenced_only


def test_wos_reference_without_doi_is_named_by_its_text() -> None:
    work = wos_reference("{[}Anonymous], 2000, B WORLD HEALTH ORGAN, V78, P868.", HERE)
    assert work is not None and work.ids[0][0] == "ref" and work.year == 2000
    again = wos_reference("[Anonymous], 2000, B WORLD HEALTH ORGAN, V78, P868", HERE)
    assert again is not None and again.ids == work.ids


def test_scopus_reference_title_and_year() -> None:
    work = scopus_reference(
        "Amgoud, L., Prade, H., Using arguments for making and explaining decisions (2009) "
        "Artificial Intelligence, 173 (3-4), pp. 413-436",
        HERE,
    )
    assert work is not None
    assert work.title == "Using arguments for making and explaining decisions"
    assert work.year == 2009 and work.ids == ()


def test_plain_bibtex_and_bad_entry(tmp_path: Path) -> None:
    text = (
        "% my library\n"
        "@article{a, title={{BERT}: Pre-training}, author={Devlin, Jacob and Ming-Wei Chang},"
        " year={2019}, eprint={1810.04805}, archiveprefix={arXiv}}\n\n"
        "@misc{b, author={Nobody}}\n"
    )
    path = tmp_path / "lib.bib"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"lib.bib:4: entry b: no title"):
        read_papers([path])
    result = read_papers([path], on_error="skip")
    [paper] = result.papers
    assert paper.id == "arxiv:1810.04805" and paper.title == "BERT: Pre-training"
    assert paper.authors == ("Jacob Devlin", "Ming-Wei Chang")
