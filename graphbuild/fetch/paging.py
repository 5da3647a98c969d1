"""Page through a fetch's queries into a resumable sink; the report every fetch returns.

A fetch is a list of :class:`Query` objects (e.g. "the seed works", "the works citing
them"). Each knows how to get one page from a cursor; :func:`run_queries` pages each to
its end, skipping queries an earlier run finished and starting the one it broke off at
its saved cursor, and stops everywhere once ``max_records`` are written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphbuild.fetch.http import HttpClient
from graphbuild.fetch.state import JsonlSink

#: ``progress(records_written, records_expected)``; expected is 0 while unknown.
Progress = Callable[[int, int], None]


@dataclass
class Page:
    """One answer of a service.

    Attributes:
        records: the native records it holds, in the service's order.
        next_cursor: where the query goes on, or None after its last page.
        total: how many records the whole query has, when the service says.
        not_found: ids asked for that the service does not know.
    """

    records: list[dict[str, Any]]
    next_cursor: Any
    total: int | None = None
    not_found: list[str] = field(default_factory=list)


@dataclass
class Query:
    """One paged request of a fetch.

    Attributes:
        key: a stable description, saved in the state file ("filter=cites:W1|W2").
        first: the cursor of the first page.
        page: gets the page at a cursor; ``limit`` is the most records still wanted.
    """

    key: str
    first: Any
    page: Callable[[Any, int | None], Page]


@dataclass
class FetchReport:
    """What a fetch did.

    Attributes:
        service: "openalex", "s2" or "arxiv".
        output: the JSON Lines file written.
        records: records written by this run.
        total_records: records in the output now (earlier runs included).
        pages: pages fetched by this run.
        requests: HTTP requests sent by this run (retries included).
        duplicates: records left out because an earlier line holds the same work.
        resumed: whether this run went on from an interrupted one.
        queries: the keys of the queries run.
        not_found: ids the service does not know.
        seconds: wall time of this run.
    """

    service: str
    output: str
    records: int = 0
    total_records: int = 0
    pages: int = 0
    requests: int = 0
    duplicates: int = 0
    resumed: bool = False
    queries: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        """The report as a JSON-ready dict."""
        return {
            "service": self.service,
            "output": self.output,
            "records": self.records,
            "total_records": self.total_records,
            "pages": self.pages,
            "requests": self.requests,
            "duplicates": self.duplicates,
            "resumed": self.resumed,
            "queries": list(self.queries),
            "not_found": list(self.not_found),
            "seconds": round(self.seconds, 3),
        }


def id_key(record: dict[str, Any]) -> str | None:
    """A record's ``id`` (an OpenAlex work id, an arXiv id): what pages are de-duplicated by."""
    value = record.get("id")
    return value if isinstance(value, str) else None


def run_queries(
    service: str,
    output: Path,
    request: dict[str, Any],
    queries: Sequence[Query],
    client: HttpClient,
    key: Callable[[dict[str, Any]], str | None],
    *,
    max_records: int | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> FetchReport:
    """Page every query into ``output``, resuming an interrupted run of the same request.

    Args:
        service: the service's short name, for the report.
        output: the JSON Lines file.
        request: service and options (no secrets) naming this fetch in the state file.
        queries: the paged requests, in order.
        client: the HTTP client the queries use (its request count is reported).
        key: the id records are de-duplicated by.
        max_records: stop once the output holds this many records.
        overwrite: start afresh even if ``output`` or its state file exists.
        progress: called after every page with (records written, records expected).

    Returns:
        The :class:`FetchReport`.

    Raises:
        FetchError: the service fails (the output keeps every committed page, and the
            same call resumes) or the state file forbids resuming.
    """
    started = time.monotonic()
    requests_before = client.requests
    sink = JsonlSink(output, request, key, overwrite=overwrite)
    report = FetchReport(
        service=service,
        output=str(output),
        resumed=sink.resumed,
        queries=[q.key for q in queries],
    )
    expected = 0
    for query in queries:
        if max_records is not None and sink.records >= max_records:
            break
        if sink.is_done(query.key):
            continue
        cursor = sink.cursor(query.key)
        if cursor is None:
            cursor = query.first
        counted = False
        while True:
            remaining = None if max_records is None else max_records - sink.records
            page = query.page(cursor, remaining)
            if page.total is not None and not counted:
                expected += page.total
                counted = True
            records = page.records if remaining is None else page.records[:remaining]
            next_cursor = page.next_cursor
            if remaining is not None and len(page.records) >= remaining:
                next_cursor = None  # the cap is reached: nothing more is wanted
            report.not_found.extend(page.not_found)
            report.records += sink.write_page(query.key, records, next_cursor)
            report.pages += 1
            if progress is not None:
                progress(sink.records, max(expected, sink.records))
            if next_cursor is None:
                break
            cursor = next_cursor
    sink.finish()
    report.total_records = sink.records
    report.duplicates = sink.duplicates
    report.requests = client.requests - requests_before
    report.seconds = time.monotonic() - started
    return report
