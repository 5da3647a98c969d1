"""Tests for graphbuild.readers.csl on the real CSL-JSON chunk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.readers import detect_format, read_papers


def test_csl_chunk(sources: Path) -> None:
    path = sources / "04_bibtex_ris_csl" / "openalexPro_csl_chunk_1.json"
    assert detect_format(path) == "csl"
    result = read_papers([path])
    assert result.records_read == 100 and len(result.papers) == 100
    assert sum(1 for p in result.papers if p.abstract) == 91
    first = result.papers[0]
    assert first.id == "doi:10.18235/0008810"
    assert ("openalex", "W100927044") in first.ids  # from the item id, an OpenAlex URL
    assert first.date is None  # the chunk's dates are empty
    assert [a.name for a in first.authorships][:2] == ["Ricardo Bayón", "J. Steven Lovink"]


def test_orcid_and_date_parts(tmp_path: Path) -> None:
    item = {
        "type": "article-journal",
        "title": "T",
        "issued": {"date-parts": [[2020, 3]]},
        "author": [
            {"family": "Doe", "given": "Jane", "ORCID": "https://orcid.org/0000-0002-1825-0097"}
        ],
        "container-title": "J",
    }
    path = tmp_path / "x.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    [paper] = read_papers([path]).papers
    assert paper.date == "2020-03" and paper.year == 2020
    assert paper.authorships[0].ids == (("orcid", "0000-0002-1825-0097"),)


def test_item_without_title(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps([{"type": "book", "DOI": "10.1/x"}], indent=1), encoding="utf-8")
    with pytest.raises(InputError, match='record 1: no "title"'):
        read_papers([path])
