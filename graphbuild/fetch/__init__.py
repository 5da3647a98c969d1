"""Fetch records from the scholarly services into JSON Lines that ``build`` reads.

One function per service, each writing the service's own records, one per line, with
paging, polite use (keys from the environment, never shown), rate limits, ``Retry-After``
and resume after an interruption:

* :func:`fetch_openalex` -- OpenAlex works (:mod:`graphbuild.fetch.openalex`);
* :func:`fetch_s2` -- Semantic Scholar Graph API papers (:mod:`graphbuild.fetch.semantic_scholar`);
* :func:`fetch_arxiv` -- arXiv, by the Atom API or OAI-PMH (:mod:`graphbuild.fetch.arxiv`).

Each returns a :class:`~graphbuild.fetch.paging.FetchReport`.
"""

from graphbuild.fetch.arxiv import fetch_arxiv
from graphbuild.fetch.openalex import fetch_openalex
from graphbuild.fetch.paging import FetchReport
from graphbuild.fetch.semantic_scholar import fetch_s2

__all__ = ["FetchReport", "fetch_arxiv", "fetch_openalex", "fetch_s2"]
