"""Fetch OpenAlex works (``/works``) into JSON Lines: one Work object per line, unchanged.

What can be fetched: a search (``search=``), any OpenAlex filter (``filter=``), a list of
work ids, and around those ids the works citing them (``cites:``) and the works they cite
(``cited_by:``) -- a one-step snowball. Every query is paged with OpenAlex's cursor
(``cursor=*`` then ``meta.next_cursor``, 200 works a page), the way the OpenAlex docs ask
for deep paging. The lines are exactly the ``results`` objects of the API, the format the
OpenAlex reader takes (``graphbuild build works.jsonl``).

Polite use: ``OPENALEX_MAILTO`` puts you in the polite pool (``mailto=``), and
``OPENALEX_API_KEY`` is sent as ``api_key=``; both come from the environment only and
never appear in output or messages. Requests are spaced (10 per second at most, the
service's limit) and ``429``/``5xx`` answers are retried after ``Retry-After``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graphbuild.errors import FetchError, FetchRequestError
from graphbuild.fetch.http import HttpClient, chunked
from graphbuild.fetch.paging import FetchReport, Page, Progress, Query, id_key, run_queries

DEFAULT_URL = "https://api.openalex.org"
URL_ENV = "GRAPHBUILD_OPENALEX_URL"
MAILTO_ENV = "OPENALEX_MAILTO"
API_KEY_ENV = "OPENALEX_API_KEY"
#: The largest page OpenAlex serves.
MAX_PER_PAGE = 200
#: OpenAlex ORs at most 100 values in one filter.
MAX_OR_VALUES = 100
#: Seconds between requests: OpenAlex allows 10 a second.
MIN_INTERVAL = 0.1

_WORK_ID = re.compile(r"^(?:https?://(?:api\.)?openalex\.org/(?:works/)?)?([Ww]\d+)$")


def work_id(text: str) -> str:
    """Normalise an OpenAlex work id: ``W2741809807``, a lower-case w, or its URL.

    Args:
        text: the id as the user wrote it.

    Returns:
        The bare id, ``W`` followed by digits.

    Raises:
        FetchRequestError: ``text`` is not an OpenAlex work id.
    """
    match = _WORK_ID.match(text.strip())
    if not match:
        raise FetchRequestError(
            f"{text!r} is not an OpenAlex work id (write it as W2741809807 or "
            "https://openalex.org/W2741809807)"
        )
    return match.group(1).upper()


def openalex_client(
    base_url: str | None = None, min_interval: float = MIN_INTERVAL, retries: int = 5
) -> HttpClient:
    """An :class:`HttpClient` for OpenAlex with the mailto / API key of the environment.

    Args:
        base_url: the API root; defaults to ``$GRAPHBUILD_OPENALEX_URL``, then the service.
        min_interval: least seconds between requests.
        retries: retries of a failed request.
    """
    params: dict[str, str] = {}
    mailto = os.environ.get(MAILTO_ENV, "").strip()
    if mailto:
        params["mailto"] = mailto
    api_key = os.environ.get(API_KEY_ENV, "").strip()
    if api_key:
        params["api_key"] = api_key
    return HttpClient(
        service="OpenAlex",
        base_url=base_url or os.environ.get(URL_ENV) or DEFAULT_URL,
        min_interval=min_interval,
        retries=retries,
        params=params,
    )


def _query(client: HttpClient, key: str, params: dict[str, str], per_page: int) -> Query:
    """A cursor-paged ``/works`` query; the cursor is ``[next_cursor, works_seen]``."""

    def page(cursor: Any, limit: int | None) -> Page:
        position, seen = cursor
        answer = client.get(
            "works", {**params, "per-page": per_page, "cursor": position}, "application/json"
        ).json()
        if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
            raise FetchError(f"OpenAlex answered {key} without a results list")
        results = [r for r in answer["results"] if isinstance(r, dict)]
        meta = answer.get("meta") or {}
        total = meta.get("count") if isinstance(meta.get("count"), int) else None
        seen += len(results)
        following = meta.get("next_cursor")
        # OpenAlex hands out a next_cursor on the last page too; the count says we are done.
        if not results or not following or (total is not None and seen >= total):
            return Page(results, None, total)
        return Page(results, [following, seen], total)

    return Query(key=key, first=["*", 0], page=page)


def fetch_openalex(
    output: str | Path,
    *,
    ids: Iterable[str] = (),
    search: str | None = None,
    filter: str | None = None,
    citing: bool = False,
    references: bool = False,
    seeds: bool = True,
    per_page: int = MAX_PER_PAGE,
    max_records: int | None = None,
    overwrite: bool = False,
    base_url: str | None = None,
    min_interval: float = MIN_INTERVAL,
    retries: int = 5,
    client: HttpClient | None = None,
    progress: Progress | None = None,
) -> FetchReport:
    """Fetch OpenAlex works into ``output`` (JSON Lines), resuming an interrupted run.

    Args:
        output: the JSON Lines file to write.
        ids: OpenAlex work ids (``W…`` or their URLs).
        search: full-text search over titles, abstracts and full text.
        filter: an OpenAlex filter (``from_publication_date:2020-01-01,type:article``),
            applied to every query.
        citing: also fetch the works citing ``ids``.
        references: also fetch the works ``ids`` cite.
        seeds: fetch the ``ids`` works themselves (False: only their neighbours).
        per_page: works per page (at most 200).
        max_records: stop once the output holds this many works.
        overwrite: replace ``output`` instead of refusing or resuming.
        base_url: the API root (tests point it at a local server).
        min_interval: least seconds between requests.
        retries: retries of a failed request.
        client: a ready client (overrides ``base_url``, ``min_interval``, ``retries``).
        progress: called after every page with (works written, works expected).

    Returns:
        The :class:`FetchReport`.

    Raises:
        FetchRequestError: nothing to fetch, or a bad id or option.
        FetchError: the service fails.
    """
    work_ids = sorted(dict.fromkeys(work_id(i) for i in ids))
    if not work_ids and not search and not filter:
        raise FetchRequestError("nothing to fetch: give work IDS, --search or --filter")
    if (citing or references or not seeds) and not work_ids:
        raise FetchRequestError("--citing, --references and --no-seeds need work IDS")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise FetchRequestError(f"per_page must be between 1 and {MAX_PER_PAGE}, not {per_page}")
    client = client or openalex_client(base_url, min_interval, retries)
    extra = {"search": search} if search else {}

    def filtered(*parts: str) -> dict[str, str]:
        terms = [p for p in (*parts, filter) if p]
        return {"filter": ",".join(terms), **extra} if terms else dict(extra)

    plans: list[dict[str, str]] = []
    if not work_ids:
        plans.append(filtered())
    for chunk in chunked(work_ids, MAX_OR_VALUES):
        joined = "|".join(chunk)
        if seeds:
            plans.append(filtered(f"openalex:{joined}"))
        if citing:
            plans.append(filtered(f"cites:{joined}"))
        if references:
            plans.append(filtered(f"cited_by:{joined}"))
    queries = [
        _query(client, "&".join(f"{k}={v}" for k, v in params.items()), params, per_page)
        for params in plans
    ]
    return run_queries(
        "openalex",
        Path(output),
        {"service": "openalex", "queries": [q.key for q in queries], "per_page": per_page},
        queries,
        client,
        id_key,
        max_records=max_records,
        overwrite=overwrite,
        progress=progress,
    )


__all__: Sequence[str] = ["fetch_openalex", "openalex_client", "work_id"]
