"""Tests for graphbuild.readers.citeseer: the CiteSeer texts and citations."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.readers import detect_format, read_papers
from graphbuild.readers.citeseer import guess_title


def test_texts_and_cites_together(sources: Path) -> None:
    folder = sources / "05_citeseer_text_graph"
    assert detect_format(folder / "citeseer_texts.txt") == "citeseer"
    assert detect_format(folder / "citeseer.cites") == "citeseer-cites"
    result = read_papers([folder])
    records = [p for p in result.papers if not p.referenced_only]
    assert len(records) == 3186 and all(p.abstract for p in records)
    inside = {p.id for p in records}
    internal = [c for c in result.citations if c.citing in inside and c.cited in inside]
    # 4,732 lines; 4,397 with text at both ends, 120 of them a paper citing itself.
    assert len(internal) == 4397 - 120
    assert len(result.citations) == 4732 - 124
    assert sum("cites itself" in w.message for w in result.warnings) == 124
    assert {c.sources for c in result.citations} == {("citeseer",)}


def test_cites_alone(sources: Path) -> None:
    result = read_papers([sources / "05_citeseer_text_graph" / "citeseer.cites"])
    assert result.records_read == 4608 and len(result.citations) == 4608
    assert all(p.referenced_only for p in result.papers)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Argument in Multi-Agent Systems Multi-agent systems research is concerned",
            "Argument in Multi-Agent Systems",
        ),
        (
            "Decomposition in Data Mining: An Industrial Case Study Data mining offers tools",
            "Decomposition in Data Mining: An Industrial Case Study",
        ),
        ("this text starts in lower case", ""),
    ],
)
def test_guess_title(text: str, title: str) -> None:
    assert guess_title(text) == title


def test_incomplete_record(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text(
        "a1\nSome Title Here and a body of text\nML\nb2\nOnly two lines\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="t.txt:4: a record of 2 lines"):
        read_papers([path], input_format="citeseer")
