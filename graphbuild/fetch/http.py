"""One small HTTP client for the scholarly services: retries, rate limit, ``Retry-After``.

Every fetcher goes through :class:`HttpClient`, so politeness lives in one place:

* at most one request per ``min_interval`` seconds (each service states its own limit);
* ``429`` and ``5xx`` answers and dropped connections are retried, waiting as long as
  the service's ``Retry-After`` header says (seconds or an HTTP date), otherwise with
  exponential back-off;
* any other ``4xx`` is a :class:`~graphbuild.errors.FetchError` carrying the service's
  own message;
* secrets (API keys, the ``mailto`` address) travel as query parameters or headers but
  never appear in an error message: :func:`redact` strips them from every URL shown.

It is built on :mod:`urllib.request` (no extra dependency); the clock and the sleep are
injectable so that tests can honour a real ``Retry-After: 10`` without waiting ten seconds.
"""

from __future__ import annotations

import gzip
import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

from graphbuild import __version__
from graphbuild.errors import FetchError

#: Query parameters and headers whose values are secrets and are never shown.
SECRET_PARAMS = frozenset({"api_key", "mailto", "x-api-key", "email"})

#: Statuses worth retrying: rate limited, or the service is briefly unwell.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

USER_AGENT = f"graphbuild/{__version__} (citation graph builder; python urllib)"

Params = Mapping[str, str | int | None]


def redact(url: str) -> str:
    """Return ``url`` with the values of secret query parameters replaced by ``***``.

    Args:
        url: an absolute URL.

    Returns:
        The same URL, safe to print.
    """
    parts = urllib.parse.urlsplit(url)
    if not parts.query:
        return url
    query = [
        (key, "***" if key.lower() in SECRET_PARAMS else value)
        for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Parse a ``Retry-After`` header: delay-seconds or an HTTP date.

    Args:
        value: the header's value, or None when absent.
        now: the current POSIX time (defaults to :func:`time.time`).

    Returns:
        Seconds to wait (never negative), or None when absent or unreadable.
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


@dataclass
class Response:
    """A successful answer: status, headers (lower-case names) and body bytes."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes

    def text(self) -> str:
        """The body decoded as UTF-8 (the services all answer in UTF-8)."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON.

        Raises:
            FetchError: the body is not JSON.
        """
        try:
            return json.loads(self.body)
        except ValueError as err:
            raise FetchError(
                f"{redact(self.url)} answered with something that is not JSON ({err})"
            ) from err


@dataclass
class HttpClient:
    """A polite HTTP client for one service.

    Attributes:
        service: the service's name, used in messages ("OpenAlex").
        base_url: the service's root URL; paths given to :meth:`get` are joined to it.
        min_interval: least seconds between the starts of two requests (rate limit).
        retries: how many times a failed request is retried before giving up.
        max_wait: longest single wait accepted from ``Retry-After``; a longer demand fails.
        timeout: seconds to wait for the server's answer.
        headers: sent with every request (e.g. an API key header).
        params: added to every request's query (e.g. ``mailto``).
        sleep: called to wait (injectable for tests).
        clock: monotonic clock in seconds (injectable for tests).
        requests: how many HTTP requests were sent (retries included).
    """

    service: str
    base_url: str
    min_interval: float = 0.0
    retries: int = 5
    max_wait: float = 300.0
    timeout: float = 60.0
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests: int = 0
    _last_start: float | None = None

    def url(self, path: str, params: Params | None = None) -> str:
        """Build the absolute URL of ``path`` with ``params`` (None values left out)."""
        query: list[tuple[str, str]] = [
            (key, str(value)) for key, value in (params or {}).items() if value is not None
        ]
        query.extend(self.params.items())
        url = self.base_url.rstrip("/") + "/" + path.lstrip("/") if path else self.base_url
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
        return url

    def get(self, path: str, params: Params | None = None, accept: str = "*/*") -> Response:
        """GET ``path`` with ``params``, retrying as the service asks.

        Raises:
            FetchError: unreachable, refused (``4xx``) or still failing after the retries.
        """
        return self.request("GET", self.url(path, params), accept=accept)

    def post_json(self, path: str, params: Params | None, payload: Any) -> Response:
        """POST ``payload`` as JSON to ``path`` with ``params``, retrying as ``get`` does."""
        data = json.dumps(payload).encode("utf-8")
        return self.request("POST", self.url(path, params), data=data, accept="application/json")

    def request(
        self, method: str, url: str, data: bytes | None = None, accept: str = "*/*"
    ) -> Response:
        """Send one request, retrying ``RETRY_STATUSES`` and dropped connections.

        Raises:
            FetchError: see :meth:`get`.
        """
        headers = {
            "User-Agent": USER_AGENT,
            "Accept": accept,
            "Accept-Encoding": "gzip",
            **self.headers,
        }
        if data is not None:
            headers["Content-Type"] = "application/json"
        attempt = 0
        while True:
            self._wait_turn()
            self.requests += 1
            request = urllib.request.Request(url, data=data, headers=headers, method=method)
            problem: str
            wait: float | None = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    body = _decoded(answer.read(), answer.headers.get("Content-Encoding"))
                    return Response(
                        url=url,
                        status=answer.status,
                        headers={k.lower(): v for k, v in answer.headers.items()},
                        body=body,
                    )
            except urllib.error.HTTPError as err:
                body = _decoded(_read_quietly(err), err.headers.get("Content-Encoding"))
                err.close()
                message = self.scrub(_service_message(body))
                if err.code not in RETRY_STATUSES:
                    raise FetchError(
                        f"{self.service} refused {method} {redact(url)}: HTTP {err.code}{message}"
                    ) from None
                wait = retry_after_seconds(err.headers.get("Retry-After"))
                problem = f"HTTP {err.code}{message}"
            except (urllib.error.URLError, http.client.HTTPException, OSError) as err:
                reason = getattr(err, "reason", err)
                problem = f"connection failed ({reason or type(err).__name__})"
            if attempt >= self.retries:
                raise FetchError(
                    f"cannot reach {self.service} at {redact(url)}: {problem} "
                    f"(gave up after {attempt + 1} attempts; check the network or --base-url, "
                    "and run the same command again to resume)"
                )
            if wait is None:
                wait = min(2.0**attempt, 60.0)
            elif wait > self.max_wait:
                raise FetchError(
                    f"{self.service} asks to wait {wait:.0f} s before {redact(url)} "
                    f"({problem}); run the same command later to resume"
                )
            attempt += 1
            self.sleep(wait)

    def scrub(self, text: str) -> str:
        """Mask our own secrets in ``text`` (a service may echo the request it refuses)."""
        secrets = [v for k, v in self.params.items() if k.lower() in SECRET_PARAMS]
        secrets += [v for k, v in self.headers.items() if k.lower() in SECRET_PARAMS]
        for secret in secrets:
            if secret:
                text = text.replace(secret, "***").replace(urllib.parse.quote(secret), "***")
        return text

    def _wait_turn(self) -> None:
        """Sleep until ``min_interval`` has passed since the previous request started."""
        now = self.clock()
        if self._last_start is not None and self.min_interval > 0:
            due = self._last_start + self.min_interval
            if due > now:
                self.sleep(due - now)
                now = self.clock()
        self._last_start = now


def _decoded(body: bytes, encoding: str | None) -> bytes:
    """Undo ``Content-Encoding: gzip`` (we ask for it to spare the services bandwidth)."""
    if encoding and encoding.lower() == "gzip":
        try:
            return gzip.decompress(body)
        except (OSError, EOFError) as err:
            raise FetchError(f"a gzip answer could not be decompressed ({err})") from err
    return body


def _read_quietly(err: urllib.error.HTTPError) -> bytes:
    """The body of an error answer, or nothing when the connection broke while reading it."""
    try:
        return err.read()
    except (OSError, http.client.HTTPException):
        return b""


def _service_message(body: bytes) -> str:
    """The service's own explanation of an error, as ``: message`` (or empty)."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return ""
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        parts = [str(parsed[key]) for key in ("error", "message", "detail") if parsed.get(key)]
        if parts:
            return ": " + " - ".join(dict.fromkeys(parts))
    # An Atom error feed (arXiv) explains itself in its entry's summary.
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", text, re.DOTALL)
    if summary and summary.group(1).strip():
        return ": " + " ".join(summary.group(1).split())[:200]
    # HTML or plain text: the first line with words in it, tags stripped.
    for line in text.splitlines():
        words = _strip_tags(line).strip()
        if words:
            return ": " + words[:200]
    return ""


def _strip_tags(line: str) -> str:
    """Drop ``<...>`` tags from one line of HTML."""
    out: list[str] = []
    inside = False
    for char in line:
        if char == "<":
            inside = True
        elif char == ">":
            inside = False
        elif not inside:
            out.append(char)
    return "".join(out)


def chunked(items: Sequence[str], size: int) -> list[list[str]]:
    """Split ``items`` into lists of at most ``size`` (services cap ids per request)."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)]
