"""Tests for graphbuild.readers.ids: identifier kinds and their canonical forms."""

from __future__ import annotations

import pytest

from graphbuild.readers.ids import (
    make_ids,
    parse_openalex_id,
    parse_orcid,
    parse_s2_paper_id,
    person_ids,
    reference_key,
)


@pytest.mark.parametrize(
    ("raw", "prefix", "expected"),
    [
        ("https://openalex.org/W2741809807", "W", "W2741809807"),
        ("W2741809807", "W", "W2741809807"),
        ("https://api.openalex.org/works/W1", "W", "W1"),
        ("https://openalex.org/A5089069811", "A", "A5089069811"),
        ("https://openalex.org/A5089069811", "W", None),
        ("openalex", "W", None),
    ],
)
def test_parse_openalex_id(raw: str, prefix: str, expected: str | None) -> None:
    assert parse_openalex_id(raw, prefix) == expected


def test_other_parsers() -> None:
    assert parse_orcid("https://orcid.org/0000-0002-1825-009x") == "0000-0002-1825-009X"
    assert parse_orcid("0000-0002") is None
    assert parse_s2_paper_id("2D5673CAA9E6AF3A7B82A43F19EE920992DB07AD") == (
        "2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    )
    assert parse_s2_paper_id("abc") is None


def test_make_ids_is_sorted_unique_and_reads_arxiv_dois() -> None:
    ids = make_ids(
        [
            ("openalex", "https://openalex.org/W1"),
            ("doi", "https://doi.org/10.48550/arXiv.2106.07139"),
            ("doi", "10.48550/ARXIV.2106.07139"),
            ("pubmed", 123),
            ("mag", True),  # not an id
            ("s2corpus", ""),
        ]
    )
    assert ids == (
        ("arxiv", "2106.07139"),
        ("doi", "10.48550/arxiv.2106.07139"),
        ("openalex", "W1"),
        ("pubmed", "123"),
    )
    with pytest.raises(ValueError, match="unknown id kind"):
        make_ids([("isbn", "x")])


def test_person_ids_and_reference_key() -> None:
    assert person_ids([("orcid", "https://orcid.org/0000-0002-1825-0097"), ("s2", 42)]) == (
        ("orcid", "0000-0002-1825-0097"),
        ("s2", "42"),
    )
    assert reference_key("Roy B, 1996, MULTICRITERIA") == reference_key("ROY B. 1996 multicriteria")


@pytest.mark.parametrize(
    "text",
    ["", " ", "a  b", "  lead and trail  ", "tab\there", "line\nbreak", "nbsp\u00a0x", "ok text"],
)
def test_abstracts_are_one_spaced_as_split_and_join_make_them(text):
    from graphbuild.readers.identity import _one_spaced

    assert _one_spaced(text) == " ".join(text.split())
