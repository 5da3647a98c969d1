"""fetch_s2 against the replay server.

No HTTP exchange with Semantic Scholar was recorded: the replay server serves the real
Graph API objects of ``shared/sources/02_semantic_scholar`` (Paper.json: 1,000 citing and
14 cited papers; Author.json: 60 papers) as the bodies of the endpoints they come from,
in the API's envelopes (see ``conftest.s2_routes``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graphbuild.errors import FetchError
from graphbuild.fetch.http import HttpClient
from graphbuild.fetch.semantic_scholar import fetch_s2, paper_id, s2_client
from graphbuild.fetch.state import state_path

from .conftest import ReplayServer, Seen

TURING = "2d5673caa9e6af3a7b82a43f19ee920992db07ad"


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def quiet_client(replay: ReplayServer, retries: int = 1) -> HttpClient:
    """A client of the replay server that waits for nothing (waits are recorded)."""
    client = s2_client(replay.url + "/graph/v1", min_interval=0, retries=retries)
    client.sleep = lambda seconds: None
    return client


def test_seed_citing_and_cited_papers(
    replay: ReplayServer, s2_paper: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "s2.jsonl"
    report = fetch_s2(
        out,
        ids=[TURING, "DOI:10.0/unknown"],
        citing=True,
        references=True,
        page_size=250,
        client=quiet_client(replay),
    )
    written = lines(out)
    seed, *pages = written
    assert seed == s2_paper  # the batch answer, unchanged
    assert report.not_found == ["DOI:10.0/unknown"]
    citing = [p for page in pages for p in page.get("citations", [])]
    cited = [p for page in pages for p in page.get("references", [])]
    assert citing == s2_paper["citations"] and len(citing) == 1000
    assert cited == s2_paper["references"] and len(cited) == 14
    assert all(page["paperId"] == TURING for page in pages)
    assert len(pages) == 4 + 1  # 1,000 citing in pages of 250; 14 cited in one
    offsets = [
        s.query["offset"][0] for s in replay.requests_to(f"/graph/v1/paper/{TURING}/citations")
    ]
    assert offsets == ["0", "250", "500", "750"]
    assert report.total_records == len(written) == 6


def test_bulk_search_follows_the_token(replay: ReplayServer, tmp_path: Path) -> None:
    out = tmp_path / "search.jsonl"
    report = fetch_s2(out, search="turing", client=quiet_client(replay))
    author = json.loads((replay_sources() / "s2_graph_api_Author.json").read_text("utf-8"))
    assert lines(out) == author["papers"] and report.records == 60
    tokens = [s.query.get("token") for s in replay.requests_to("/graph/v1/paper/search/bulk")]
    assert tokens == [None, ["25"], ["50"]]


def replay_sources() -> Path:
    from .conftest import sources

    return sources() / "02_semantic_scholar"


def test_interrupted_run_resumes_without_duplicates(
    replay: ReplayServer, s2_paper: dict[str, Any], tmp_path: Path
) -> None:
    """The service drops every connection from the 4th page on; a second run finishes."""
    out = tmp_path / "citing.jsonl"

    def drop_late_pages(seen: Seen) -> str | None:
        return "drop" if int(seen.query.get("offset", ["0"])[0]) >= 300 else None

    replay.fault = drop_late_pages
    with pytest.raises(FetchError, match="cannot reach Semantic Scholar.*resume"):
        fetch_s2(
            out, ids=[TURING], citing=True, seeds=False, page_size=100, client=quiet_client(replay)
        )
    assert len(lines(out)) == 3 and state_path(out).exists()
    # a page half written when the process died is cut away on resume
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"paperId": "' + TURING + '", "citations": [{"paperId"')
    replay.fault = None
    before = len(replay.seen)
    report = fetch_s2(
        out, ids=[TURING], citing=True, seeds=False, page_size=100, client=quiet_client(replay)
    )
    assert report.resumed and report.records == 7 and report.total_records == 10
    resumed_offsets = [s.query["offset"][0] for s in replay.seen[before:] if "offset" in s.query]
    assert resumed_offsets == [str(o) for o in range(300, 1000, 100)]
    citing = [p["paperId"] for page in lines(out) for p in page["citations"]]
    assert citing == [p["paperId"] for p in s2_paper["citations"]]
    assert not state_path(out).exists()


def test_unknown_paper_is_a_clear_error(replay: ReplayServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"HTTP 404: Paper with id 0{40} not found"):
        fetch_s2(
            tmp_path / "x.jsonl",
            ids=["0" * 40],
            citing=True,
            seeds=False,
            client=quiet_client(replay),
        )


def test_key_goes_in_the_header_only(
    replay: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("S2_API_KEY", "s2-sekrit")
    client = s2_client(replay.url + "/graph/v1", min_interval=0)
    fetch_s2(tmp_path / "x.jsonl", ids=[TURING], client=client)
    (sent,) = replay.requests_to("/graph/v1/paper/batch")
    assert sent.headers["x-api-key"] == "s2-sekrit"
    assert json.loads(sent.body) == {"ids": [TURING]}
    assert "s2-sekrit" not in state_path(tmp_path / "x.jsonl").name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TURING.upper(), TURING),
        ("10.1093/mind/LIX.236.433", "DOI:10.1093/mind/LIX.236.433"),
        ("https://doi.org/10.1093/mind/LIX.236.433", "DOI:10.1093/mind/LIX.236.433"),
        ("2106.09685v2", "ARXIV:2106.09685v2"),
        ("hep-th/9504118", "ARXIV:hep-th/9504118"),
        ("CorpusId:14636783", "CorpusId:14636783"),
    ],
)
def test_paper_id_spellings(text: str, expected: str) -> None:
    assert paper_id(text) == expected


def test_not_an_id() -> None:
    with pytest.raises(FetchError, match="not a Semantic Scholar paper id"):
        paper_id("Computing Machinery and Intelligence")
