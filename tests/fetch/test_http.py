"""HttpClient: Retry-After in both forms, back-off, 4xx messages, gzip, secrets masked.

These tests answer from small local routes of the replay server where the recordings
have no such answer (a 429 with an HTTP-date Retry-After, a gzip body, an HTML error).
"""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from graphbuild.errors import FetchError
from graphbuild.fetch.http import HttpClient, redact, retry_after_seconds

from .conftest import ReplayServer, Reply, Seen


def client(replay: ReplayServer, waits: list[float], retries: int = 3) -> HttpClient:
    return HttpClient("Test", replay.url, retries=retries, sleep=waits.append)


def test_retry_after_forms() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds("10") == 10.0
    assert retry_after_seconds(later, now=now.timestamp()) == 90.0
    assert retry_after_seconds("Thu, 01 Jan 2015 00:00:00 GMT") == 0.0  # past: go now
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None


def test_429_with_an_http_date_then_success(replay: ReplayServer) -> None:
    soon = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    answers = iter(
        [
            Reply(429, b'{"message": "Too Many Requests"}', [("Retry-After", soon)]),
            Reply(200, b'{"ok": true}', [("Content-Type", "application/json")]),
        ]
    )
    replay.routes["/limited"] = lambda seen: next(answers)
    waits: list[float] = []
    http = client(replay, waits)
    assert http.get("limited").json() == {"ok": True}
    assert len(waits) == 1 and 25 <= waits[0] <= 30
    assert http.requests == 2


def test_back_off_without_retry_after_then_give_up(replay: ReplayServer) -> None:
    replay.routes["/down"] = lambda seen: Reply(502, b"<html><h1>Bad gateway</h1></html>")
    waits: list[float] = []
    with pytest.raises(FetchError) as err:
        client(replay, waits, retries=3).get("down", {"q": "x"})
    assert waits == [1.0, 2.0, 4.0]
    assert str(err.value).startswith(f"cannot reach Test at {replay.url}/down?q=x: HTTP 502")
    assert "Bad gateway" in str(err.value) and "gave up after 4 attempts" in str(err.value)


def test_4xx_is_not_retried_and_carries_the_service_message(replay: ReplayServer) -> None:
    body = {"error": "Invalid query parameters error.", "message": "filter foo is not valid"}
    replay.routes["/bad"] = lambda seen: Reply(400, json.dumps(body).encode())
    waits: list[float] = []
    with pytest.raises(FetchError, match="HTTP 400: Invalid query parameters error. - filter foo"):
        client(replay, waits).get("bad")
    assert waits == [] and len(replay.requests_to("/bad")) == 1


def test_gzip_bodies_are_decoded_and_polite_headers_sent(replay: ReplayServer) -> None:
    replay.routes["/zipped"] = lambda seen: Reply(
        200, gzip.compress(b'{"n": 1}'), [("Content-Encoding", "gzip")]
    )
    assert client(replay, []).get("zipped").json() == {"n": 1}
    (seen,) = replay.requests_to("/zipped")
    assert seen.headers["accept-encoding"] == "gzip"
    assert seen.headers["user-agent"].startswith("graphbuild/")


def test_secrets_are_masked_in_urls_and_echoed_messages(replay: ReplayServer) -> None:
    def echo(seen: Seen) -> Reply:
        return Reply(403, json.dumps({"message": f"bad key {seen.headers['x-api-key']}"}).encode())

    replay.routes["/echo"] = echo
    http = HttpClient(
        "Test", replay.url, headers={"x-api-key": "k-123"}, params={"mailto": "a@b.c"}
    )
    with pytest.raises(FetchError) as err:
        http.get("echo")
    assert "k-123" not in str(err.value) and "a@b.c" not in str(err.value)
    assert "bad key ***" in str(err.value) and "mailto=%2A%2A%2A" in str(err.value)
    assert redact("https://x.org/w?api_key=s&q=1") == "https://x.org/w?api_key=%2A%2A%2A&q=1"
