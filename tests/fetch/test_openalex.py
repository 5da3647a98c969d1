"""fetch_openalex against the replayed OpenAlex cassette (real /works answers)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graphbuild.errors import FetchError
from graphbuild.fetch.openalex import fetch_openalex, work_id

from .conftest import ReplayServer

SEEDS = ["W3046863325", "W3045921891"]


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_snowball_writes_the_45_recorded_works_unchanged(
    replay: ReplayServer, snowball: list[dict[str, Any]], tmp_path: Path
) -> None:
    out = tmp_path / "works.jsonl"
    calls: list[tuple[int, int]] = []
    report = fetch_openalex(
        out,
        ids=SEEDS,
        citing=True,
        references=True,
        base_url=replay.url,
        min_interval=0,
        progress=lambda done, expected: calls.append((done, expected)),
    )
    assert calls == [(2, 2), (7, 7), (45, 45)]  # expected grows by each query's meta.count
    written = lines(out)
    # 2 seeds + 5 citing + 38 cited, as the recorded meta.count say; no overlap.
    assert report.records == report.total_records == len(written) == 45
    assert report.pages == 3 and report.requests == 3 and not report.resumed
    expected = {w["id"]: {k: v for k, v in w.items() if k != "_snowball_role"} for w in snowball}
    assert {w["id"]: w for w in written} == expected
    # in query order: the seeds, the works citing them, the works they cite
    role = {w["id"]: w["_snowball_role"] for w in snowball}
    order = [role[w["id"]] for w in written]
    assert order == sorted(order, key=["seed", "citing_seed", "cited_by_seed"].index)
    assert [order.count(r) for r in ("seed", "citing_seed", "cited_by_seed")] == [2, 5, 38]
    # cursor paging as OpenAlex documents it: cursor=* and 200 a page, one page each.
    sent = replay.requests_to("/works")
    assert [s.query["cursor"] for s in sent] == [["*"]] * 3
    assert [s.query["filter"][0].split(":")[0] for s in sent] == ["openalex", "cites", "cited_by"]
    assert not (tmp_path / "works.jsonl.fetch-state.json").exists()


def test_mailto_and_key_are_sent_but_never_shown(
    replay: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENALEX_MAILTO", "someone@example.org")
    monkeypatch.setenv("OPENALEX_API_KEY", "sekrit-key-123")
    report = fetch_openalex(tmp_path / "w.jsonl", ids=SEEDS, base_url=replay.url, min_interval=0)
    assert report.records == 2
    (sent,) = replay.requests_to("/works")
    assert sent.query["mailto"] == ["someone@example.org"]
    assert sent.query["api_key"] == ["sekrit-key-123"]
    assert "graphbuild/" in sent.headers["user-agent"]
    state_and_report = json.dumps(report.summary())
    assert "sekrit" not in state_and_report and "someone@" not in state_and_report
    # an error names the URL with the secrets masked
    with pytest.raises(FetchError) as err:
        fetch_openalex(tmp_path / "x.jsonl", search="never recorded", base_url=replay.url)
    assert "HTTP 404" in str(err.value) and "not recorded" in str(err.value)
    assert "sekrit" not in str(err.value) and "someone@" not in str(err.value)
    assert "api_key=%2A%2A%2A" in str(err.value)


@pytest.mark.parametrize("text", ["W2741809807", "w2741809807", "https://openalex.org/W2741809807"])
def test_work_id_spellings(text: str) -> None:
    assert work_id(text) == "W2741809807"


def test_bad_id_and_empty_request_are_errors(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="not an OpenAlex work id"):
        fetch_openalex(tmp_path / "w.jsonl", ids=["10.1145/3383583.3398584"])
    with pytest.raises(FetchError, match="nothing to fetch"):
        fetch_openalex(tmp_path / "w.jsonl")
    with pytest.raises(FetchError, match="need work IDS"):
        fetch_openalex(tmp_path / "w.jsonl", search="x", citing=True)
