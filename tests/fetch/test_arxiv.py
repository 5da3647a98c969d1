"""fetch_arxiv against the replayed arXiv answers: two real Atom feeds, one OAI-PMH exchange."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from graphbuild.errors import FetchError
from graphbuild.fetch.arxiv import ATOM, arxiv_client, arxiv_id, fetch_arxiv

from .conftest import ReplayServer, Reply, Seen, sources

SNAPSHOT_KEYS = [
    "id", "submitter", "authors", "title", "comments", "journal-ref", "doi", "report-no",
    "categories", "license", "abstract", "versions", "update_date", "authors_parsed",
]  # fmt: skip


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def feed_entries(name: str) -> list[ET.Element]:
    wrapper = json.loads((sources() / "03_arxiv" / name).read_text(encoding="utf-8"))
    return ET.fromstring(wrapper["body"].encode("utf-8")).findall(f"{ATOM}entry")


def test_search_writes_the_100_entries_in_the_snapshot_layout(
    replay: ReplayServer, tmp_path: Path
) -> None:
    out = tmp_path / "testing.jsonl"
    report = fetch_arxiv(
        out, search="testing", max_records=100, base_url=replay.url + "/api", min_interval=0
    )
    written = lines(out)
    entries = feed_entries("atom_api_query_testing_100.json")
    assert report.records == len(written) == len(entries) == 100
    assert report.requests == 1  # the cap is met by the first page; 214,881 are not fetched
    # the snapshot's own key order, as in kaggle_arxiv_metadata_oai_snapshot_first200.jsonl
    snapshot = json.loads(
        (sources() / "03_arxiv" / "kaggle_arxiv_metadata_oai_snapshot_first200.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()[0]
    )
    assert list(snapshot) == SNAPSHOT_KEYS
    assert all(list(r) == SNAPSHOT_KEYS for r in written)
    first = written[0]
    assert first["id"] == "2202.12139"
    assert first["title"].startswith("Testing Deep Learning Models: A First Comparative")
    assert first["abstract"] == entries[0].findtext(f"{ATOM}summary")
    assert first["versions"][0] == {"version": "v1", "created": "Thu, 24 Feb 2022 15:05:19 GMT"}
    assert first["update_date"] == "2022-02-24"
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert [r["title"] for r in written] == titles
    assert len({r["id"] for r in written}) == 100
    (sent,) = replay.requests_to("/api/query")
    assert sent.query["start"] == ["0"] and sent.query["max_results"] == ["100"]


def test_id_list(replay: ReplayServer, tmp_path: Path) -> None:
    out = tmp_path / "ids.jsonl"
    report = fetch_arxiv(
        out, ids=["0808.05394", "arXiv:1707.08567"], base_url=replay.url + "/api", min_interval=0
    )
    (record,) = lines(out)  # arXiv knows one of the two (totalResults 1)
    assert report.records == 1 and record["id"] == "1707.08567"
    assert record["categories"] == "cs.IT"
    assert record["comments"].startswith("44 pages")
    (entry,) = feed_entries("atom_api_idlist_2.json")
    names = [a.findtext(f"{ATOM}name", "") for a in entry.findall(f"{ATOM}author")]
    assert record["authors"] == ", ".join(names) and len(names) == 34
    assert len(record["authors_parsed"]) == 34
    assert record["authors_parsed"][0] == ["Immink", "Kees A. Schouhamer", ""]


def test_oai_harvest_waits_as_the_503_says(replay: ReplayServer, tmp_path: Path) -> None:
    """The real exchange: 503 with Retry-After: 10, then two records; we wait 10 s once."""
    waits: list[float] = []
    client = arxiv_client(replay.url + "/oai2", min_interval=0, oai=True)
    client.sleep = waits.append
    out = tmp_path / "oai.jsonl"
    report = fetch_arxiv(out, from_date="2015-01-01", until="2015-01-03", client=client)
    assert waits == [10.0]
    assert report.requests == 2 and report.records == 2
    first, second = lines(out)
    assert first["id"] == "1412.8544"
    assert first["authors"] == "Sander Uijlen, Bas Westerbaan"
    assert first["authors_parsed"] == [["Uijlen", "Sander", ""], ["Westerbaan", "Bas", ""]]
    assert first["doi"] == "10.4204/EPTCS.172.11" and first["categories"] == "cs.DM"
    assert first["journal-ref"] == "EPTCS 172, 2014, pp. 154-164"
    assert first["abstract"].startswith("  At the heart of the Conway-Kochen")
    assert first["versions"] == [{"version": "v1", "created": "Mon, 29 Dec 2014 00:00:00 GMT"}]
    assert first["update_date"] == "2015-01-03"
    assert second["id"] == "hep-th/9504118"
    sent = replay.requests_to("/oai2")
    assert [s.query["verb"] for s in sent] == [["ListRecords"]] * 2


def test_a_demand_to_wait_too_long_fails_clearly(replay: ReplayServer, tmp_path: Path) -> None:
    client = arxiv_client(replay.url + "/oai2", min_interval=0, oai=True)
    client.max_wait = 5
    with pytest.raises(FetchError, match="asks to wait 10 s.*HTTP 503: Retry after 10 seconds"):
        fetch_arxiv(tmp_path / "o.jsonl", from_date="2015-01-01", until="2015-01-03", client=client)


def test_rate_limit_spaces_requests(replay: ReplayServer, tmp_path: Path) -> None:
    """Two requests three seconds apart on an injected clock: the client sleeps the rest."""
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    client = arxiv_client(replay.url + "/api")
    client.sleep, client.clock = sleep, lambda: now[0]
    fetch_arxiv(tmp_path / "a.jsonl", ids=["0808.05394", "1707.08567"], client=client)
    now[0] += 1.0
    fetch_arxiv(tmp_path / "b.jsonl", ids=["0808.05394", "1707.08567"], client=client)
    assert waits == [2.0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2106.09685", "2106.09685"),
        ("2106.09685v2", "2106.09685v2"),
        ("https://arxiv.org/abs/2106.09685", "2106.09685"),
        ("hep-th/9504118", "hep-th/9504118"),
    ],
)
def test_arxiv_id_spellings(text: str, expected: str) -> None:
    assert arxiv_id(text) == expected


def test_bad_requests() -> None:
    with pytest.raises(FetchError, match="not an arXiv id"):
        arxiv_id("LoRA")
    with pytest.raises(FetchError, match="not both"):
        fetch_arxiv("x.jsonl", search="x", from_date="2020-01-01")
    with pytest.raises(FetchError, match="is not a date"):
        fetch_arxiv("x.jsonl", from_date="2020-13-01")


def test_paging_asks_again_for_an_empty_page_then_goes_on(
    replay: ReplayServer, tmp_path: Path
) -> None:
    """Page 2 of 'testing' (start=50) comes back empty once, as arXiv sometimes does.

    Only start=0 was recorded, so the later pages are the recorded feed's own entries
    50-99 re-served with their startIndex: the feed is real, the split is ours.
    """
    wrapper = json.loads(
        (sources() / "03_arxiv" / "atom_api_query_testing_100.json").read_text("utf-8")
    )
    head, _, rest = wrapper["body"].partition("  <entry>")
    entries = ["  <entry>" + e for e in ("  <entry>" + rest).split("  <entry>")[1:]]
    entries[-1] = entries[-1].replace("</feed>", "")
    answers = {
        "0": iter([head + "".join(entries[:50]) + "</feed>\n"]),
        "50": iter([head + "</feed>\n", head + "".join(entries[50:]) + "</feed>\n"]),
    }

    def pages_of_50(seen: Seen) -> Reply:
        return Reply(200, next(answers[seen.query["start"][0]]).encode("utf-8"))

    replay.routes["/api/query"] = pages_of_50
    client = arxiv_client(replay.url + "/api", min_interval=0, retries=0)
    out = tmp_path / "paged.jsonl"
    report = fetch_arxiv(out, search="testing", max_records=100, page_size=50, client=client)
    starts = [(s.query["start"], s.query["max_results"]) for s in replay.requests_to("/api/query")]
    assert starts == [(["0"], ["50"]), (["50"], ["50"]), (["50"], ["50"])]
    assert report.records == 100 and report.pages == 2 and report.requests == 3
    titles = [e.findtext(f"{ATOM}title") for e in feed_entries("atom_api_query_testing_100.json")]
    assert [r["title"] for r in lines(out)] == titles


def test_a_page_that_stays_empty_stops_resumably(replay: ReplayServer, tmp_path: Path) -> None:
    """The recorded first page (start=0), then a page that stays empty: stop, resumable."""
    wrapper = json.loads(
        (sources() / "03_arxiv" / "atom_api_query_testing_100.json").read_text("utf-8")
    )
    head = wrapper["body"].partition("  <entry>")[0]  # the real feed, its entries taken out
    replay.routes["/api/query"] = lambda seen: Reply(200, (head + "</feed>\n").encode())
    client = arxiv_client(replay.url + "/api", min_interval=0, retries=0)
    out = tmp_path / "empty.jsonl"
    with pytest.raises(FetchError, match="empty page at start=100 of 214881 3 times.*resume"):
        fetch_arxiv(out, search="testing", client=client)
    assert [s.query["start"] for s in replay.requests_to("/api/query")] == [["0"]] + [["100"]] * 3
    assert len(lines(out)) == 100
    state = json.loads((tmp_path / "empty.jsonl.fetch-state.json").read_text())
    assert state["cursor"] == 100 and state["records"] == 100


ERROR_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <id>http://arxiv.org/api/errors#malformed_query</id>
    <title>Error</title>
    <summary>malformed query: ti:</summary>
  </entry>
</feed>
"""


@pytest.mark.parametrize("status", [200, 400])
def test_an_error_feed_is_one_clear_error(
    replay: ReplayServer, tmp_path: Path, status: int
) -> None:
    """arXiv reports a bad query as an Atom feed whose one entry is the error."""
    replay.routes["/api/query"] = lambda seen: Reply(status, ERROR_FEED.encode())
    with pytest.raises(FetchError, match="malformed query: ti:") as err:
        fetch_arxiv(tmp_path / "e.jsonl", search="ti:", base_url=replay.url + "/api",
                    min_interval=0)  # fmt: skip
    assert ("HTTP 400" in str(err.value)) == (status == 400)
