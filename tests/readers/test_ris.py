"""Tests for graphbuild.readers.ris on the real Zotero export."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.readers import detect_format, read_papers


def test_zotero_export(sources: Path) -> None:
    path = sources / "04_bibtex_ris_csl" / "asreview_baseline_zotero.ris"
    assert detect_format(path) == "ris"
    result = read_papers([path])
    assert result.records_read == 100 and len(result.papers) == 100
    assert sum(1 for p in result.papers if p.abstract) == 98
    first = result.papers[0]
    assert first.id == "doi:10.1038/s42256-020-00287-7" and first.year == 2021
    assert first.date == "2021-02-01"
    assert first.venue is not None and first.venue.name == "Nature Machine Intelligence"
    assert first.authorships[0].name == "Rens van de Schoot" and len(first.authorships) == 17
    assert first.sources[0].line == 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("TY  - JOUR\nAU  - X\nER  - \n", 1, "no title"),
        ("TI  - Loose\n", 1, "outside a record"),
        ("TY  - JOUR\nTI  - Open\n", 1, "not closed by ER"),
    ],
)
def test_bad_records(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "x.ris"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as raised:
        read_papers([path], input_format="ris")
    assert raised.value.line == line


def test_continuation_lines_join_the_field(tmp_path: Path) -> None:
    path = tmp_path / "x.ris"
    path.write_text("TY  - JOUR\nTI  - A long\n  title\nER  - \n", encoding="utf-8")
    assert read_papers([path]).papers[0].title == "A long title"
