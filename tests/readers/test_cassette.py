"""Tests for graphbuild.readers.cassette on the real OpenAlex VCR cassette."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.readers import detect_format, read_papers


def test_openalex_cassette(sources: Path) -> None:
    path = sources / "01_openalex" / "oa_snowball.vcr.yml"
    assert detect_format(path) == "vcr-cassette"
    result = read_papers([path])
    works = [p for p in result.papers if not p.referenced_only]
    # 6 responses hold 48 work objects, 45 distinct: the works of works_snowball.jsonl.
    assert result.records_read == 48 and len(works) == 45
    inside = {p.id for p in works}
    assert sum(1 for c in result.citations if c.citing in inside and c.cited in inside) == 76
    # Sources name the interaction the work came from.
    assert {s.line for p in works for s in p.sources} <= set(range(1, 7))
    same = read_papers([path, sources / "01_openalex" / "works_snowball.jsonl"])
    assert sum(1 for p in same.papers if not p.referenced_only) == 45


def test_cassette_problems(tmp_path: Path) -> None:
    path = tmp_path / "c.yml"
    path.write_text(
        "http_interactions:\n"
        "- response:\n    status: {code: 503}\n    body: {string: ''}\n"
        "- response:\n    status: {code: 200}\n    body: {string: 'plain text'}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"c.yml: record 2: response body in no known format"):
        read_papers([path])
    skipped = read_papers([path], on_error="skip")
    assert "status 503" in skipped.warnings[0].message and len(skipped.skipped) == 1
