"""graphbuild: paper listings in, a typed co-mention knowledge graph out.

The public API, importable from here (the CLI commands are thin over these):

* reading: :func:`read_papers` (files, folders, stdin; formats detected), :class:`Paper`;
* extracting: :func:`extract_papers` (read, extract and resolve entities),
  :func:`extraction_records` (the JSON ``graphbuild extract`` prints);
* building: :func:`build_graph` (the ``graphbuild build`` job, optionally writing the
  file), :func:`summarize` and :func:`graph_stats` (``graphbuild stats``);
* files: :func:`write_graphml`, :func:`read_graphml` (atomic writes, typed reads);
* Neo4j: :func:`load_graph` and :func:`query_database` (imported on first use, so that
  ``import graphbuild`` does not load the driver);
* fetching: :func:`fetch_openalex`, :func:`fetch_s2`, :func:`fetch_arxiv` (records of
  the services into JSON Lines; imported on first use);
* errors: :class:`GraphbuildError` and its subclasses :class:`InputError`,
  :class:`OutputError`, :class:`LexiconError`, :class:`Neo4jError`, :class:`FetchError`.

Sub-packages: ``readers`` (one module per input format), ``formats`` (one module per
file format), ``extract`` (entity extraction: lexicon matcher and rules), ``fetch`` (one
module per web service), ``cli`` (the command line), ``lexicon`` (the packaged lexicon and
its loader).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from graphbuild.errors import (
    FetchError,
    GraphbuildError,
    InputError,
    LexiconError,
    Neo4jError,
    OutputError,
)
from graphbuild.formats.graphml import read_graphml, write_graphml
from graphbuild.model import Entity, EntityType, Mention, Paper
from graphbuild.pipeline import (
    BuildResult,
    Extraction,
    build_graph,
    extract_papers,
    extraction_records,
    graph_stats,
    summarize,
)
from graphbuild.readers import ReadResult, read_papers

__version__ = "0.1.0"

if TYPE_CHECKING:
    from graphbuild.fetch import fetch_arxiv, fetch_openalex, fetch_s2
    from graphbuild.neo4j.loader import load_graph
    from graphbuild.neo4j.queries import query_database

__all__ = [
    "BuildResult",
    "Entity",
    "EntityType",
    "Extraction",
    "FetchError",
    "GraphbuildError",
    "InputError",
    "LexiconError",
    "Mention",
    "Neo4jError",
    "OutputError",
    "Paper",
    "ReadResult",
    "__version__",
    "build_graph",
    "extract_papers",
    "extraction_records",
    "fetch_arxiv",
    "fetch_openalex",
    "fetch_s2",
    "graph_stats",
    "load_graph",
    "query_database",
    "read_graphml",
    "read_papers",
    "summarize",
    "write_graphml",
]

# Imported on first use: the Neo4j driver is slow to import, and the fetchers are
# needed by few runs.
_LAZY = {
    "load_graph": "graphbuild.neo4j.loader",
    "query_database": "graphbuild.neo4j.queries",
    "fetch_openalex": "graphbuild.fetch",
    "fetch_s2": "graphbuild.fetch",
    "fetch_arxiv": "graphbuild.fetch",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'graphbuild' has no attribute {name!r}")
