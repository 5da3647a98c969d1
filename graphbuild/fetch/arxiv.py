"""Fetch arXiv metadata into JSON Lines, by the Atom API or an OAI-PMH harvest.

* The Atom API (``/api/query``): a search (``search_query``, arXiv's field syntax such as
  ``ti:transformer AND cat:cs.CL``) or a list of ids (``id_list``), paged with
  ``start``/``max_results``.
* OAI-PMH (``ListRecords``, ``metadataPrefix=arXiv``): every record changed between two
  dates, optionally in one set (``cs``, ``math``, ``physics:hep-th``), paged with the
  ``resumptionToken``. This is how arXiv asks bulk users to harvest.

arXiv answers in XML, so a line cannot be the service's record as such. Each record is
written in the JSON layout arXiv itself publishes its metadata in (the ``arxiv-metadata-
oai-snapshot.json`` of the Kaggle dataset, one object per line): ``id`` (no version),
``submitter``, ``authors``, ``title``, ``comments``, ``journal-ref``, ``doi``,
``report-no``, ``categories``, ``license``, ``abstract``, ``versions``, ``update_date``,
``authors_parsed``. Text is copied as arXiv gives it (line breaks included); what a
source does not carry is null. The arXiv reader of the snapshot reads these files.
From the OAI ``arXiv`` format the mapping is exact except ``versions``, which holds v1
dated by ``created`` (the format gives no later version dates) and ``submitter`` (null).
From Atom: ``versions`` holds v1 (``published``) and the latest version (``updated``);
``authors_parsed`` splits each name at its last space, as Atom gives names whole.

Polite use: arXiv asks for one request every three seconds, and its OAI server answers
``503`` with ``Retry-After`` when busy; both are honoured.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from graphbuild.errors import FetchError, FetchRequestError
from graphbuild.fetch.http import HttpClient
from graphbuild.fetch.paging import FetchReport, Page, Progress, Query, id_key, run_queries

DEFAULT_URL = "https://export.arxiv.org/api"
URL_ENV = "GRAPHBUILD_ARXIV_URL"
DEFAULT_OAI_URL = "https://oaipmh.arxiv.org/oai"
OAI_URL_ENV = "GRAPHBUILD_ARXIV_OAI_URL"
#: Seconds between requests, as arXiv's terms of use ask.
MIN_INTERVAL = 3.0
#: Entries per Atom page (arXiv serves at most 2,000).
PAGE_SIZE = 100
MAX_PAGE = 2000
#: The API serves the first 30,000 results of a query, no more.
MAX_RESULTS = 30_000
#: How often an empty page inside the results is asked for before giving up.
EMPTY_PAGE_TRIES = 3
SORT_BY = ("relevance", "lastUpdatedDate", "submittedDate")
SORT_ORDER = ("descending", "ascending")

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
OAI_ARXIV = "{http://arxiv.org/OAI/arXiv/}"

_NEW_ID = re.compile(r"^\d{4}\.\d{4,5}(v\d+)?$")
_OLD_ID = re.compile(r"^[a-z-]+(\.[A-Z]{2})?/\d{7}(v\d+)?$")
_ABS_URL = re.compile(r"^(?:https?://arxiv\.org/abs/|arxiv:)", re.IGNORECASE)
_VERSION = re.compile(r"v(\d+)$")
_CATEGORY = re.compile(r"^[a-z-]+(\.[A-Za-z-]+)?$")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def arxiv_id(text: str) -> str:
    """Normalise an arXiv id: ``2106.09685``, ``hep-th/9504118``, with a version, or a URL.

    Raises:
        FetchRequestError: ``text`` is not an arXiv id.
    """
    value = _ABS_URL.sub("", text.strip())
    if _NEW_ID.match(value) or _OLD_ID.match(value):
        return value
    raise FetchRequestError(
        f"{text!r} is not an arXiv id (write it as 2106.09685, 2106.09685v2 or hep-th/9504118)"
    )


def arxiv_client(
    base_url: str | None = None,
    min_interval: float = MIN_INTERVAL,
    retries: int = 5,
    oai: bool = False,
) -> HttpClient:
    """An :class:`HttpClient` for the arXiv Atom API, or its OAI-PMH server with ``oai``.

    Args:
        base_url: the endpoint; defaults to ``$GRAPHBUILD_ARXIV_URL`` (Atom) or
            ``$GRAPHBUILD_ARXIV_OAI_URL`` (OAI-PMH), then the service.
        min_interval: least seconds between requests.
        retries: retries of a failed request.
        oai: the OAI-PMH server rather than the Atom API.
    """
    env, default = (OAI_URL_ENV, DEFAULT_OAI_URL) if oai else (URL_ENV, DEFAULT_URL)
    return HttpClient(
        service="arXiv OAI-PMH" if oai else "arXiv",
        base_url=base_url or os.environ.get(env) or default,
        min_interval=min_interval,
        retries=retries,
    )


def _text(element: ET.Element | None) -> str | None:
    """The text of ``element``, or None when it is absent or empty."""
    if element is None or element.text is None:
        return None
    return element.text


def _rfc2822(moment: datetime) -> str:
    """The date form of the snapshot's ``versions`` ("Mon, 2 Apr 2007 19:18:42 GMT")."""
    moment = moment.astimezone(timezone.utc) if moment.tzinfo else moment
    return (
        f"{_DAYS[moment.weekday()]}, {moment.day} {_MONTHS[moment.month - 1]} "
        f"{moment.year} {moment:%H:%M:%S} GMT"
    )


def _parse_xml(body: bytes, what: str) -> ET.Element:
    """Parse an XML answer, or fail naming the request."""
    try:
        return ET.fromstring(body)
    except ET.ParseError as err:
        raise FetchError(f"arXiv answered {what} with XML that does not parse ({err})") from err


def atom_entry_record(entry: ET.Element) -> dict[str, Any]:
    """Turn one Atom ``<entry>`` into a snapshot-layout record (see the module notes)."""
    url = _text(entry.find(f"{ATOM}id")) or ""
    versioned = url.rsplit("/abs/", 1)[-1]
    version = _VERSION.search(versioned)
    bare = versioned[: version.start()] if version else versioned
    names = [(_text(a.find(f"{ATOM}name")) or "").strip() for a in entry.findall(f"{ATOM}author")]
    primary = entry.find(f"{ARXIV}primary_category")
    terms = [c.get("term", "") for c in entry.findall(f"{ATOM}category")]
    if primary is not None and primary.get("term"):
        terms.insert(0, primary.get("term", ""))
    categories = [t for t in dict.fromkeys(terms) if _CATEGORY.match(t)]
    published = _text(entry.find(f"{ATOM}published"))
    updated = _text(entry.find(f"{ATOM}updated"))
    versions = []
    if published:
        versions.append({"version": "v1", "created": _rfc2822(_iso(published))})
    if version and int(version.group(1)) > 1 and updated:
        versions.append({"version": version.group(0), "created": _rfc2822(_iso(updated))})
    return {
        "id": bare,
        "submitter": None,
        "authors": ", ".join(names),
        "title": _text(entry.find(f"{ATOM}title")),
        "comments": _text(entry.find(f"{ARXIV}comment")),
        "journal-ref": _text(entry.find(f"{ARXIV}journal_ref")),
        "doi": _text(entry.find(f"{ARXIV}doi")),
        "report-no": None,
        "categories": " ".join(categories),
        "license": None,
        "abstract": _text(entry.find(f"{ATOM}summary")),
        "versions": versions,
        "update_date": (updated or published or "")[:10] or None,
        "authors_parsed": [_split_name(n) for n in names],
    }


def _iso(value: str) -> datetime:
    """Parse Atom's ``2022-02-24T15:05:19Z``."""
    return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))


def _split_name(name: str) -> list[str]:
    """``[keyname, forenames, suffix]`` from a whole name: split at the last space."""
    forenames, _, keyname = name.rpartition(" ")
    return [keyname, forenames, ""]


def oai_record(record: ET.Element) -> dict[str, Any] | None:
    """Turn one OAI-PMH ``<record>`` in the ``arXiv`` format into a snapshot-layout record.

    Returns:
        The record, or None for a deleted record (it has no metadata).
    """
    header = record.find(f"{OAI}header")
    if header is not None and header.get("status") == "deleted":
        return None
    meta = record.find(f"{OAI}metadata/{OAI_ARXIV}arXiv")
    if meta is None:
        raise FetchError("arXiv OAI-PMH sent a record without arXiv metadata")

    def field(name: str) -> str | None:
        return _text(meta.find(f"{OAI_ARXIV}{name}"))

    people = []
    for author in meta.findall(f"{OAI_ARXIV}authors/{OAI_ARXIV}author"):
        people.append(
            [
                _text(author.find(f"{OAI_ARXIV}keyname")) or "",
                _text(author.find(f"{OAI_ARXIV}forenames")) or "",
                _text(author.find(f"{OAI_ARXIV}suffix")) or "",
            ]
        )
    created = field("created")
    versions = []
    if created:
        versions.append({"version": "v1", "created": _rfc2822(_day(created))})
    datestamp = _text(header.find(f"{OAI}datestamp")) if header is not None else None
    return {
        "id": field("id"),
        "submitter": None,
        "authors": ", ".join(" ".join(p for p in (f, k, s) if p) for k, f, s in people),
        "title": field("title"),
        "comments": field("comments"),
        "journal-ref": field("journal-ref"),
        "doi": field("doi"),
        "report-no": field("report-no"),
        "categories": field("categories"),
        "license": field("license"),
        "abstract": field("abstract"),
        "versions": versions,
        "update_date": datestamp or field("updated") or created,
        "authors_parsed": people,
    }


def _day(value: str) -> datetime:
    """Midnight UTC of an ISO date."""
    day = date.fromisoformat(value.strip())
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _atom_query(
    client: HttpClient,
    search: str,
    ids: list[str],
    sort_by: str,
    sort_order: str,
    page_size: int,
) -> Query:
    """An Atom API query paged by ``start``; the cursor is the next start."""
    what = f"search_query={search}" if search else f"id_list={','.join(ids)}"

    def page(cursor: Any, limit: int | None) -> Page:
        size = page_size if limit is None else max(1, min(page_size, limit))
        params = {
            "search_query": search,
            "id_list": ",".join(ids),
            "sortBy": sort_by,
            "sortOrder": sort_order,
            "start": cursor,
            "max_results": size,
        }
        # arXiv now and then answers a page inside the results with no entries; ask again.
        for _ in range(EMPTY_PAGE_TRIES):
            feed = _parse_xml(client.get("query", params, "application/atom+xml").body, what)
            entries = feed.findall(f"{ATOM}entry")
            for entry in entries:
                if "/api/errors" in (_text(entry.find(f"{ATOM}id")) or ""):
                    message = (_text(entry.find(f"{ATOM}summary")) or "unknown error").strip()
                    raise FetchError(f"arXiv refused {what}: {message}")
            total_text = _text(feed.find(f"{OPENSEARCH}totalResults"))
            total = int(total_text) if total_text and total_text.strip().isdigit() else None
            if entries or total is None or cursor >= min(total, MAX_RESULTS):
                break
        else:
            raise FetchError(
                f"arXiv answered {what} with an empty page at start={cursor} of {total} "
                f"{EMPTY_PAGE_TRIES} times; run the same command later to resume"
            )
        records = [atom_entry_record(e) for e in entries]
        following = cursor + len(entries)
        done = not entries or following >= min(total or 0, MAX_RESULTS)
        return Page(records, None if done else following, total)

    return Query(key=what, first=0, page=page)


def _oai_query(
    client: HttpClient, from_date: str | None, until: str | None, set_spec: str | None
) -> Query:
    """A ``ListRecords`` harvest; the cursor is the resumption token ("" at first)."""
    what = f"ListRecords from={from_date or ''} until={until or ''} set={set_spec or ''}"

    def page(cursor: Any, limit: int | None) -> Page:
        if cursor:
            params: dict[str, str | int | None] = {
                "verb": "ListRecords",
                "resumptionToken": cursor,
            }
        else:
            params = {
                "verb": "ListRecords",
                "metadataPrefix": "arXiv",
                "from": from_date,
                "until": until,
                "set": set_spec,
            }
        root = _parse_xml(client.get("", params, "text/xml").body, what)
        error = root.find(f"{OAI}error")
        if error is not None:
            if error.get("code") == "noRecordsMatch":
                return Page([], None, 0)
            raise FetchError(
                f"arXiv OAI-PMH refused {what}: {error.get('code')}: {(error.text or '').strip()}"
            )
        listing = root.find(f"{OAI}ListRecords")
        if listing is None:
            raise FetchError(f"arXiv OAI-PMH answered {what} without ListRecords")
        records = [r for r in (oai_record(x) for x in listing.findall(f"{OAI}record")) if r]
        token = listing.find(f"{OAI}resumptionToken")
        total = None
        if token is not None and (token.get("completeListSize") or "").isdigit():
            total = int(token.get("completeListSize", "0"))
        following = (_text(token) or "").strip() or None
        return Page(records, following, total)

    return Query(key=what, first="", page=page)


def fetch_arxiv(
    output: str | Path,
    *,
    ids: Iterable[str] = (),
    search: str | None = None,
    sort_by: str = "relevance",
    sort_order: str = "descending",
    from_date: str | None = None,
    until: str | None = None,
    set_spec: str | None = None,
    page_size: int = PAGE_SIZE,
    max_records: int | None = None,
    overwrite: bool = False,
    base_url: str | None = None,
    min_interval: float = MIN_INTERVAL,
    retries: int = 5,
    client: HttpClient | None = None,
    progress: Progress | None = None,
) -> FetchReport:
    """Fetch arXiv records into ``output`` (JSON Lines), resuming an interrupted run.

    With ``from_date``, ``until`` or ``set_spec`` this harvests by OAI-PMH; otherwise it
    asks the Atom API for ``search`` or ``ids``.

    Args:
        output: the JSON Lines file to write.
        ids: arXiv ids (with or without version).
        search: an arXiv ``search_query`` (``ti:"graph neural" AND cat:cs.LG``).
        sort_by: ``relevance``, ``lastUpdatedDate`` or ``submittedDate``.
        sort_order: ``descending`` or ``ascending``.
        from_date: harvest records changed on or after this day (YYYY-MM-DD).
        until: harvest records changed on or before this day (YYYY-MM-DD).
        set_spec: harvest one OAI set (``cs``, ``math``, ``physics:hep-th``).
        page_size: Atom entries per request (at most 2,000).
        max_records: stop once the output holds this many records.
        overwrite: replace ``output`` instead of refusing or resuming.
        base_url: the endpoint (tests point it at a local server).
        min_interval: least seconds between requests.
        retries: retries of a failed request.
        client: a ready client (overrides ``base_url``, ``min_interval``, ``retries``).
        progress: called after every page with (records written, records expected).

    Returns:
        The :class:`FetchReport`.

    Raises:
        FetchRequestError: nothing or too much asked, a bad id or date.
        FetchError: the service fails.
    """
    arxiv_ids = list(dict.fromkeys(arxiv_id(i) for i in ids))
    harvest = bool(from_date or until or set_spec)
    if harvest and (arxiv_ids or search):
        raise FetchRequestError("harvest (--from/--until/--set) or query (IDS/--search), not both")
    if not harvest and not arxiv_ids and not search:
        raise FetchRequestError(
            "nothing to fetch: give arXiv IDS, --search, or --from/--until/--set"
        )
    for name, value in (("from", from_date), ("until", until)):
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise FetchRequestError(f"--{name} {value!r} is not a date (YYYY-MM-DD)") from None
    if sort_by not in SORT_BY or sort_order not in SORT_ORDER:
        raise FetchRequestError(f"sort by one of {SORT_BY}, in order {SORT_ORDER}")
    if not 1 <= page_size <= MAX_PAGE:
        raise FetchRequestError(f"page_size must be between 1 and {MAX_PAGE}, not {page_size}")
    client = client or arxiv_client(base_url, min_interval, retries, oai=harvest)
    if harvest:
        query = _oai_query(client, from_date, until, set_spec)
        request: dict[str, Any] = {"service": "arxiv-oai", "query": query.key}
    else:
        query = _atom_query(client, search or "", arxiv_ids, sort_by, sort_order, page_size)
        request = {
            "service": "arxiv",
            "query": query.key,
            "sort": [sort_by, sort_order],
            "page_size": page_size,
        }
    return run_queries(
        "arxiv",
        Path(output),
        request,
        [query],
        client,
        id_key,
        max_records=max_records,
        overwrite=overwrite,
        progress=progress,
    )
