"""Fetch Semantic Scholar Graph API papers into JSON Lines, one paper object per line.

What can be fetched, and the lines written:

* papers by id (``POST /paper/batch``, 500 ids a request): each line is the paper object
  the API returns, unchanged; ids the API does not know are reported, not written;
* a search (``GET /paper/search/bulk``, continued by its ``token``): the paper objects of
  ``data``, unchanged;
* the papers citing these ids / cited by them (``GET /paper/{id}/citations`` and
  ``/references``, paged by ``offset``/``limit``): these endpoints answer items naming only
  the other end (``{"citingPaper": {…}, "contexts": …}``), so each page is written as the
  seed's paper object with the papers of that page nested --
  ``{"paperId": seed, "citations": [citingPaper, …]}`` -- the shape ``/paper/{id}`` takes
  with ``fields=citations``, which the S2 reader turns into CITES edges. Paging goes past
  the 1,000 papers that shape holds when asked for directly (the API serves 10,000).

Ids may be S2 paper ids or any id the API takes (``CorpusId:…``, ``DOI:…``, ``ARXIV:…``,
``PMID:…``, ``ACL:…``, ``MAG:…``, ``URL:…``); bare DOIs and arXiv ids are recognised.
``S2_API_KEY`` from the environment is sent as the ``x-api-key`` header and never shown.
Requests are spaced one a second, the limit S2 gives keys.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graphbuild.errors import FetchError, FetchRequestError
from graphbuild.fetch.http import HttpClient, chunked
from graphbuild.fetch.paging import FetchReport, Page, Progress, Query, run_queries

DEFAULT_URL = "https://api.semanticscholar.org/graph/v1"
URL_ENV = "GRAPHBUILD_S2_URL"
API_KEY_ENV = "S2_API_KEY"
#: Paper fields asked for by default (the reader's needs: ids, text, people, venue, date).
DEFAULT_FIELDS = (
    "paperId,corpusId,externalIds,url,title,abstract,venue,publicationVenue,year,"
    "publicationDate,authors,referenceCount,citationCount"
)
#: Fields of the papers nested in citation / reference pages.
EDGE_FIELDS = "paperId,corpusId,externalIds,title,abstract,venue,year,publicationDate,authors"
#: Ids in one ``/paper/batch`` request (the API's maximum).
BATCH_SIZE = 500
#: Items in one citations / references page (the API's maximum).
MAX_PAGE = 1000
#: The API serves citations and references up to this offset.
MAX_OFFSET = 10_000
#: Seconds between requests: S2 allows one a second to a key.
MIN_INTERVAL = 1.0

_PAPER_ID = re.compile(r"^[0-9a-f]{40}$")
_PREFIXED = re.compile(r"^(CorpusId|DOI|ARXIV|MAG|ACL|PMID|PMCID|URL):.+$", re.IGNORECASE)
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_ARXIV = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7})$", re.I)


def paper_id(text: str) -> str:
    """Normalise a paper id to a form the Graph API takes.

    Args:
        text: an S2 paper id, a prefixed id (``DOI:…``, ``CorpusId:…``), a bare DOI or a
            bare arXiv id.

    Returns:
        The id as the API takes it (``DOI:10.…``, ``ARXIV:2106.09685``, …).

    Raises:
        FetchError: ``text`` is none of these.
    """
    value = text.strip()
    if _PAPER_ID.match(value.lower()):
        return value.lower()
    if _PREFIXED.match(value):
        return value
    if match := _DOI.match(value):
        return f"DOI:{match.group(1)}"
    if match := _ARXIV.match(value):
        return f"ARXIV:{match.group(1)}"
    raise FetchRequestError(
        f"{text!r} is not a Semantic Scholar paper id (give a 40-hex paperId, "
        "CorpusId:…, DOI:…, ARXIV:…, PMID:…, ACL:… or a bare DOI / arXiv id)"
    )


def s2_client(
    base_url: str | None = None, min_interval: float = MIN_INTERVAL, retries: int = 5
) -> HttpClient:
    """An :class:`HttpClient` for the S2 Graph API with the key of the environment.

    Args:
        base_url: the API root; defaults to ``$GRAPHBUILD_S2_URL``, then the service.
        min_interval: least seconds between requests.
        retries: retries of a failed request.
    """
    headers: dict[str, str] = {}
    key = os.environ.get(API_KEY_ENV, "").strip()
    if key:
        headers["x-api-key"] = key
    return HttpClient(
        service="Semantic Scholar",
        base_url=base_url or os.environ.get(URL_ENV) or DEFAULT_URL,
        min_interval=min_interval,
        retries=retries,
        headers=headers,
    )


def _batch_query(client: HttpClient, ids: list[str], fields: str, number: int) -> Query:
    """Papers by id, one ``/paper/batch`` request; the cursor is unused."""

    def page(cursor: Any, limit: int | None) -> Page:
        answer = client.post_json("paper/batch", {"fields": fields}, {"ids": ids}).json()
        if not isinstance(answer, list) or len(answer) != len(ids):
            raise FetchError("Semantic Scholar answered /paper/batch without one entry per id")
        found = [p for p in answer if isinstance(p, dict)]
        missing = [i for i, p in zip(ids, answer, strict=True) if not isinstance(p, dict)]
        return Page(found, None, len(found), not_found=missing)

    return Query(key=f"batch {number}: {','.join(ids)}", first=0, page=page)


def _search_query(client: HttpClient, search: str, fields: str) -> Query:
    """``/paper/search/bulk``, continued by the answer's ``token``."""

    def page(cursor: Any, limit: int | None) -> Page:
        params = {"query": search, "fields": fields, "token": cursor or None}
        answer = client.get("paper/search/bulk", params, "application/json").json()
        if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
            raise FetchError(f"Semantic Scholar answered the search {search!r} without data")
        total = answer.get("total") if isinstance(answer.get("total"), int) else None
        records = [p for p in answer["data"] if isinstance(p, dict)]
        return Page(records, answer.get("token") or None, total)

    return Query(key=f"search {search}", first="", page=page)


def _edge_query(client: HttpClient, seed: str, what: str, fields: str, size: int) -> Query:
    """``/paper/{seed}/citations`` or ``/references``, paged by offset."""
    item = {"citations": "citingPaper", "references": "citedPaper"}[what]
    path = f"paper/{urllib.parse.quote(seed, safe=':')}/{what}"

    def page(cursor: Any, limit: int | None) -> Page:
        answer = client.get(
            path, {"fields": fields, "offset": cursor, "limit": size}, "application/json"
        ).json()
        if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
            raise FetchError(f"Semantic Scholar answered /{path} without data")
        papers = [e[item] for e in answer["data"] if isinstance(e, dict) and e.get(item)]
        following = answer.get("next")
        if not isinstance(following, int) or following >= MAX_OFFSET or not papers:
            following = None
        return Page([{"paperId": seed, what: papers}], following)

    return Query(key=f"{what} of {seed}", first=0, page=page)


def _resolve(client: HttpClient, ids: list[str]) -> tuple[dict[str, str], list[str]]:
    """Map ids that are not S2 paper ids to paper ids (one batch request per 500)."""
    resolved = {i: i for i in ids if _PAPER_ID.match(i)}
    unknown: list[str] = []
    others = [i for i in ids if i not in resolved]
    for chunk in chunked(others, BATCH_SIZE):
        answer = client.post_json("paper/batch", {"fields": "paperId"}, {"ids": chunk}).json()
        if not isinstance(answer, list) or len(answer) != len(chunk):
            raise FetchError("Semantic Scholar answered /paper/batch without one entry per id")
        for given, paper in zip(chunk, answer, strict=True):
            if isinstance(paper, dict) and isinstance(paper.get("paperId"), str):
                resolved[given] = paper["paperId"]
            else:
                unknown.append(given)
    return resolved, unknown


def fetch_s2(
    output: str | Path,
    *,
    ids: Iterable[str] = (),
    search: str | None = None,
    citing: bool = False,
    references: bool = False,
    seeds: bool = True,
    fields: str = DEFAULT_FIELDS,
    edge_fields: str = EDGE_FIELDS,
    page_size: int = MAX_PAGE,
    max_records: int | None = None,
    overwrite: bool = False,
    base_url: str | None = None,
    min_interval: float = MIN_INTERVAL,
    retries: int = 5,
    client: HttpClient | None = None,
    progress: Progress | None = None,
) -> FetchReport:
    """Fetch Semantic Scholar papers into ``output`` (JSON Lines), resuming if interrupted.

    Args:
        output: the JSON Lines file to write.
        ids: paper ids (see :func:`paper_id`).
        search: a bulk search query (S2's boolean syntax: ``"graph neural" +survey``).
        citing: also fetch the papers citing ``ids``.
        references: also fetch the papers ``ids`` cite.
        seeds: fetch the ``ids`` papers themselves (False: only their neighbours).
        fields: paper fields of seeds and search results.
        edge_fields: fields of the papers nested in citation / reference pages.
        page_size: items per citations / references page (at most 1,000).
        max_records: stop once the output holds this many lines.
        overwrite: replace ``output`` instead of refusing or resuming.
        base_url: the API root (tests point it at a local server).
        min_interval: least seconds between requests.
        retries: retries of a failed request.
        client: a ready client (overrides ``base_url``, ``min_interval``, ``retries``).
        progress: called after every page with (lines written, lines expected).

    Returns:
        The :class:`FetchReport`; ``not_found`` lists ids S2 does not know.

    Raises:
        FetchRequestError: nothing to fetch, or a bad id or option.
        FetchError: the service fails.
    """
    paper_ids = list(dict.fromkeys(paper_id(i) for i in ids))
    if not paper_ids and not search:
        raise FetchRequestError("nothing to fetch: give paper IDS or --search")
    if (citing or references or not seeds) and not paper_ids:
        raise FetchRequestError("--citing, --references and --no-seeds need paper IDS")
    if not 1 <= page_size <= MAX_PAGE:
        raise FetchRequestError(f"page_size must be between 1 and {MAX_PAGE}, not {page_size}")
    client = client or s2_client(base_url, min_interval, retries)
    requests_before = client.requests
    queries: list[Query] = []
    if search:
        queries.append(_search_query(client, search, fields))
    if seeds:
        for number, chunk in enumerate(chunked(paper_ids, BATCH_SIZE), 1):
            queries.append(_batch_query(client, chunk, fields, number))
    unknown: list[str] = []
    if citing or references:
        resolved, unknown = _resolve(client, paper_ids)
        for given in paper_ids:
            if given in resolved:
                if citing:
                    queries.append(
                        _edge_query(client, resolved[given], "citations", edge_fields, page_size)
                    )
                if references:
                    queries.append(
                        _edge_query(client, resolved[given], "references", edge_fields, page_size)
                    )
    request = {
        "service": "s2",
        "queries": [q.key for q in queries],
        "fields": fields,
        "edge_fields": edge_fields,
        "page_size": page_size,
    }
    report = run_queries(
        "s2",
        Path(output),
        request,
        queries,
        client,
        _paper_key,
        max_records=max_records,
        overwrite=overwrite,
        progress=progress,
    )
    report.not_found = list(dict.fromkeys([*report.not_found, *unknown]))
    report.requests = client.requests - requests_before  # the id look-ups included
    return report


def _paper_key(record: dict[str, Any]) -> str | None:
    """Papers are de-duplicated by paperId; pages of citations / references never are."""
    edges = "citations" in record or "references" in record
    if edges and set(record) <= {"paperId", "citations", "references"}:
        return None
    value = record.get("paperId")
    return value if isinstance(value, str) else None
