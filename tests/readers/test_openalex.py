"""Tests for graphbuild.readers.openalex on the real OpenAlex files in shared/sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.model import SourceRef
from graphbuild.readers import detect_format, read_papers
from graphbuild.readers.openalex import abstract_text, parse_openalex, work_paper


def test_snowball_works_and_citations_inside_the_file(sources: Path) -> None:
    path = sources / "01_openalex" / "works_snowball.jsonl"
    assert detect_format(path) == "openalex"
    result = read_papers([path])
    works = [p for p in result.papers if not p.referenced_only]
    assert result.records_read == 45 and len(works) == 45 and result.skipped == ()
    assert sum(1 for p in works if p.abstract) == 35
    inside = {p.id for p in works}
    internal = [c for c in result.citations if c.citing in inside and c.cited in inside]
    # The README's measured figure: 76 referenced_works point to works of the same file.
    assert len(internal) == 76
    assert len(result.citations) == 1419
    assert all(c.sources == ("openalex",) for c in result.citations)


def test_work_fields(sources: Path) -> None:
    line = (sources / "01_openalex" / "works_snowball.jsonl").read_text(encoding="utf-8")
    record = json.loads(line.splitlines()[0])
    paper = work_paper(record, SourceRef("x", 1))
    assert paper.id == "doi:10.1145/3383583.3398584"
    assert ("openalex", "W3046863325") in paper.ids and ("mag", "3046863325") in paper.ids
    assert paper.date == "2020-08-01" and paper.year == 2020
    first = paper.authorships[0]
    assert first.name == "Chifumi Nishioka"
    assert dict(first.ids) == {"openalex": "A5089069811", "orcid": "0000-0002-1853-3038"}
    assert len(paper.references) == len(record["referenced_works"])
    assert all(ref.referenced_only for ref in paper.references)
    # The abstract is the inverted index put back in word order.
    positions = sorted((p, w) for w, ps in record["abstract_inverted_index"].items() for p in ps)
    assert paper.abstract == " ".join(w for _, w in positions)


def test_results_page(sources: Path) -> None:
    path = sources / "01_openalex" / "keypaper_results_page_1.json"
    assert detect_format(path) == "openalex"
    result = read_papers([path])
    works = [p for p in result.papers if not p.referenced_only]
    assert len(works) == 2 and result.records_read == 2
    assert len(result.citations) == 115
    # The page is one line: both works were read on line 1.
    assert [str(p.sources[0]) for p in works] == [f"{path}:1", f"{path}:1"]


def test_abstract_text_orders_words_by_position() -> None:
    assert abstract_text({"world": [1], "hello": [0, 2]}) == "hello world hello"
    assert abstract_text(None) == ""


def test_empty_title_is_kept_by_its_openalex_id(sources: Path) -> None:
    # W2963341956 (BERT) has an empty title in OpenAlex; its W-id still names it.
    result = read_papers([sources / "01_openalex" / "works_snowball.jsonl"])
    bert = next(p for p in result.papers if ("openalex", "W2963341956") in p.ids)
    assert bert.title == "" and bert.doi == "10.18653/v1/n19-1423"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"id": "https://openalex.org/W1", "display_name": "T", "ids": [1]}, '"ids" must be'),
        ({"id": "not-an-id", "display_name": "T"}, "is not an OpenAlex work id"),
        ({"id": "https://openalex.org/W1", "display_name": "T", "authorships": [{}]}, "no author"),
    ],
)
def test_bad_work(tmp_path: Path, row: object, message: str) -> None:
    good = {"id": "https://openalex.org/W2", "display_name": "Fine", "abstract_inverted_index": {}}
    path = tmp_path / "works.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as raised:
        read_papers([path], input_format="openalex")
    assert raised.value.line == 2
    skipped = read_papers([path], input_format="openalex", on_error="skip")
    assert [s.source.line for s in skipped.skipped] == [2] and len(skipped.papers) == 1


def test_parse_streams_lines() -> None:
    lines = iter(['{"id": "https://openalex.org/W5", "display_name": "A title"}\n'])
    [paper] = list(parse_openalex(lines, "<lines>"))
    assert not isinstance(paper, Exception) and paper.sources == (SourceRef("<lines>", 1),)
