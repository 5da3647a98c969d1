"""JsonlSink: atomic pages, resume, duplicates, and the refusals that protect a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graphbuild.errors import FetchError
from graphbuild.fetch.state import JsonlSink, state_path


def key(record: dict[str, Any]) -> str | None:
    value = record.get("id")
    return value if isinstance(value, str) else None


REQUEST = {"service": "test", "queries": ["q"]}


def test_pages_commit_and_resume_where_they_stopped(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    sink = JsonlSink(out, REQUEST, key)
    assert sink.write_page("q", [{"id": "a"}, {"id": "b"}], next_cursor="c2") == 2
    state = json.loads(state_path(out).read_text())
    assert state["size"] == out.stat().st_size and state["cursor"] == "c2"
    again = JsonlSink(out, REQUEST, key)
    assert again.resumed and again.cursor("q") == "c2" and again.records == 2
    # a record already written is left out, a new one kept
    assert again.write_page("q", [{"id": "b"}, {"id": "c"}, {"note": 1}], next_cursor=None) == 2
    assert again.duplicates == 1 and again.is_done("q")
    again.finish()
    assert [json.loads(x) for x in out.read_text().splitlines()] == [
        {"id": "a"}, {"id": "b"}, {"id": "c"}, {"note": 1},
    ]  # fmt: skip
    assert not state_path(out).exists()


def test_refusals(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_text('{"id": "mine"}\n')
    with pytest.raises(FetchError, match="exists and no unfinished fetch.*--overwrite"):
        JsonlSink(out, REQUEST, key)
    sink = JsonlSink(out, REQUEST, key, overwrite=True)
    sink.write_page("q", [{"id": "a"}], next_cursor=1)
    with pytest.raises(FetchError, match="unfinished fetch of another request"):
        JsonlSink(out, {"service": "other"}, key)
    out.write_text("")
    with pytest.raises(FetchError, match="shorter than its state file"):
        JsonlSink(out, REQUEST, key)
    state_path(out).write_text("{not json")
    with pytest.raises(FetchError, match="unreadable fetch state"):
        JsonlSink(out, REQUEST, key)
