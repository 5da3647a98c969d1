"""A local HTTP server replaying the real recorded answers of OpenAlex, S2 and arXiv.

The server runs in a thread on 127.0.0.1 (an ephemeral port) and answers from the
recordings in ``../shared/sources``:

* OpenAlex: the vcr cassette ``01_openalex/oa_snowball.vcr.yml`` (6 real ``/works``
  answers), matched by path and query. ``mailto``/``api_key`` are not part of the match
  (they are the caller's), and the ``|``-separated values inside one filter are compared
  as a set, because OpenAlex ORs them and their order means nothing (the recording
  client wrote ``cites:W3046863325|W3045921891``, graphbuild sorts the ids).
* arXiv: the Atom feeds ``03_arxiv/atom_api_*.json`` (``{url, status_code, body}``) and the
  OAI-PMH exchange ``03_arxiv/oai_pmh_listrecords_arXiv_format.nock.json``, whose answers
  to one request are served in their recorded order: first the real 503 with
  ``Retry-After: 10``, then the records.
* Semantic Scholar: no HTTP exchange was recorded, so the server serves the real Graph
  API objects of ``02_semantic_scholar`` as the bodies of the endpoints they come from
  (see :func:`s2_routes`).

Every request is logged (method, path, query, headers) so tests can check what was sent;
``fault`` lets a test drop connections or hang to simulate an interrupted run.
"""

from __future__ import annotations

import functools
import json
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

SOURCES = Path(__file__).resolve().parents[2] / ".." / "shared" / "sources"

#: Query parameters that identify the caller, not the request.
CALLER_PARAMS = frozenset({"mailto", "api_key"})


def sources() -> Path:
    """The shared recordings folder, or a clear failure naming where it should be."""
    if not SOURCES.is_dir():
        pytest.fail(
            f"{SOURCES.resolve()} is missing: the fetch tests replay the recordings in "
            "shared/sources, which must sit beside the graphbuild clone"
        )
    return SOURCES


@dataclass
class Reply:
    """An answer to serve."""

    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Seen:
    """A request the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


def match_key(path: str, query: dict[str, list[str]]) -> tuple[str, frozenset[Any]]:
    """What a request is matched by: its path and query, caller and OR order left out."""
    items: set[tuple[str, Any]] = set()
    for name, values in query.items():
        if name in CALLER_PARAMS:
            continue
        for value in values:
            if name == "filter":
                terms = frozenset(
                    (key, frozenset(ors.split("|")))
                    for key, _, ors in (term.partition(":") for term in value.split(","))
                )
                items.add((name, terms))
            else:
                items.add((name, value))
    return path, frozenset(items)


Route = Callable[[Seen], Reply]


class ReplayServer:
    """The replay server: recorded answers by request, plus routes computed per request.

    Attributes:
        url: ``http://127.0.0.1:<port>``.
        seen: every request received, in order.
        recorded: answers by :func:`match_key`; several answers to one request are served
            in order, the last one repeating.
        routes: handlers by path, for answers computed from the recordings (S2).
        fault: called before answering; returns "drop" to close the connection unanswered.
    """

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.recorded: dict[tuple[str, frozenset[Any]], list[Reply]] = {}
        self.served: dict[tuple[str, frozenset[Any]], int] = {}
        self.routes: dict[str, Route] = {}
        self.fault: Callable[[Seen], str | None] | None = None
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Keep the test output clean."""

            def do_GET(self) -> None:  # noqa: N802
                self.answer()

            def do_POST(self) -> None:  # noqa: N802
                self.answer()

            def answer(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                seen = Seen(
                    method=self.command,
                    path=parts.path,
                    query=urllib.parse.parse_qs(parts.query, keep_blank_values=True),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
                with server.lock:
                    server.seen.append(seen)
                if server.fault is not None and server.fault(seen) == "drop":
                    self.close_connection = True
                    return
                reply = server.reply(seen)
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def reply(self, seen: Seen) -> Reply:
        """The recorded or computed answer to ``seen``; 404 naming it when there is none."""
        key = match_key(seen.path, seen.query)
        with self.lock:
            replies = self.recorded.get(key)
            if replies:
                index = self.served.get(key, 0)
                self.served[key] = index + 1
                return replies[min(index, len(replies) - 1)]
        for prefix, route in self.routes.items():
            if seen.path.startswith(prefix):
                return route(seen)
        message = {"error": "not recorded", "message": f"{seen.method} {seen.path} {seen.query}"}
        return Reply(404, json.dumps(message).encode(), [("Content-Type", "application/json")])

    def record(self, url: str, reply: Reply) -> None:
        """Add a recorded answer to the request ``url`` (scheme and host are ignored)."""
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        self.recorded.setdefault(match_key(parts.path, query), []).append(reply)

    def requests_to(self, path: str) -> list[Seen]:
        """The requests received for ``path``."""
        return [s for s in self.seen if s.path == path]


@functools.cache
def cassette() -> dict[str, Any]:
    """The OpenAlex vcr cassette, parsed once per session (700 KB of YAML)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = (sources() / "01_openalex" / "oa_snowball.vcr.yml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    return data


def load_openalex(server: ReplayServer) -> None:
    """Record the cassette's 6 real ``/works`` answers."""
    for interaction in cassette()["http_interactions"]:
        response = interaction["response"]
        # The cassette keeps the body decoded; its gzip content-encoding no longer applies.
        server.record(
            interaction["request"]["uri"],
            Reply(
                response["status"]["code"]
                if isinstance(response["status"], dict)
                else int(response["status"]),
                response["body"]["string"].encode("utf-8"),
                [("Content-Type", response["headers"]["content-type"])],
            ),
        )


def load_arxiv(server: ReplayServer) -> None:
    """Record the two real Atom feeds and the OAI-PMH exchange (503, then 200)."""
    folder = sources() / "03_arxiv"
    for name in ("atom_api_query_testing_100.json", "atom_api_idlist_2.json"):
        wrapper = json.loads((folder / name).read_text(encoding="utf-8"))
        server.record(
            wrapper["url"],
            Reply(
                wrapper["status_code"],
                wrapper["body"].encode("utf-8"),
                [("Content-Type", "application/atom+xml; charset=UTF-8")],
            ),
        )
    exchange = json.loads(
        (folder / "oai_pmh_listrecords_arXiv_format.nock.json").read_text(encoding="utf-8")
    )
    for step in exchange:
        raw = step["rawHeaders"]
        headers = [
            (name, value)
            for name, value in zip(raw[::2], raw[1::2], strict=True)
            if name.lower() in {"retry-after", "content-type", "date"}
        ]
        server.record(step["path"], Reply(step["status"], step["response"].encode(), headers))


def s2_routes(server: ReplayServer) -> dict[str, Any]:
    """Serve the real S2 Graph API objects as the bodies of their endpoints.

    No HTTP exchange with Semantic Scholar was recorded, so the bodies are built from
    the real objects in ``02_semantic_scholar``, in the API's documented envelopes:

    * ``POST /graph/v1/paper/batch``: the ``/paper/{id}`` object of ``Paper.json`` for its
      paperId, ``null`` for any other id (as the API answers unknown ids);
    * ``GET /graph/v1/paper/{id}/citations`` and ``/references``: the 1,000 ``citations``
      and 14 ``references`` of ``Paper.json`` as ``{"citingPaper": …}`` /
      ``{"citedPaper": …}`` items, paged by ``offset``/``limit`` with ``next``;
    * ``GET /graph/v1/paper/search/bulk``: the 60 real paper objects of ``Author.json``
      in pages of 25, continued by an opaque ``token``;
    * an unknown paper id answers 404 ``{"error": "Paper with id … not found"}``.

    Returns:
        Paper.json, for the tests' expected figures.
    """
    folder = sources() / "02_semantic_scholar"
    paper: dict[str, Any] = json.loads(
        (folder / "s2_graph_api_Paper.json").read_text(encoding="utf-8")
    )
    author = json.loads((folder / "s2_graph_api_Author.json").read_text(encoding="utf-8"))
    json_type = [("Content-Type", "application/json")]

    def reply(status: int, body: Any) -> Reply:
        return Reply(status, json.dumps(body).encode(), json_type)

    def graph(seen: Seen) -> Reply:
        path = seen.path.removeprefix("/graph/v1/paper/")
        if path == "batch" and seen.method == "POST":
            ids = json.loads(seen.body)["ids"]
            return reply(200, [paper if i == paper["paperId"] else None for i in ids])
        if path == "search/bulk":
            start = int(seen.query.get("token", ["0"])[0])
            data = author["papers"][start : start + 25]
            token = str(start + 25) if start + 25 < len(author["papers"]) else None
            return reply(200, {"total": len(author["papers"]), "token": token, "data": data})
        paper_id, _, what = path.partition("/")
        if paper_id != paper["paperId"]:
            return reply(404, {"error": f"Paper with id {paper_id} not found"})
        item = {"citations": "citingPaper", "references": "citedPaper"}[what]
        offset = int(seen.query.get("offset", ["0"])[0])
        limit = int(seen.query.get("limit", ["100"])[0])
        items = [{item: p} for p in paper[what][offset : offset + limit]]
        body: dict[str, Any] = {"offset": offset, "data": items}
        if offset + limit < len(paper[what]):
            body["next"] = offset + limit
        return reply(200, body)

    server.routes["/graph/v1/paper/"] = graph
    return paper


@pytest.fixture
def replay() -> Iterator[ReplayServer]:
    """A running replay server of every recording (stopped after the test)."""
    server = ReplayServer()
    load_openalex(server)
    load_arxiv(server)
    s2_routes(server)
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        server.thread.join(timeout=5)


@pytest.fixture
def s2_paper() -> dict[str, Any]:
    """The real S2 ``/paper/{id}`` object the replay server serves."""
    path = sources() / "02_semantic_scholar" / "s2_graph_api_Paper.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def snowball() -> list[dict[str, Any]]:
    """The 45 distinct works of the OpenAlex cassette (derived file), for expected ids."""
    path = sources() / "01_openalex" / "works_snowball.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(autouse=True)
def no_service_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their own keys and URLs; none leak in from the environment."""
    for name in (
        "OPENALEX_MAILTO",
        "OPENALEX_API_KEY",
        "S2_API_KEY",
        "GRAPHBUILD_OPENALEX_URL",
        "GRAPHBUILD_S2_URL",
        "GRAPHBUILD_ARXIV_URL",
        "GRAPHBUILD_ARXIV_OAI_URL",
    ):
        monkeypatch.delenv(name, raising=False)
