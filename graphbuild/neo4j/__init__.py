"""Neo4j: load a graphbuild graph, query it, and run a local server.

Modules:
    settings: connection settings; the one place that reads ``NEO4J_*``; URI checks.
    connection: a checked driver (reachable, credentials, 5.x, database) and one-line errors.
    cypher: access to the ``.cypher`` files by name.
    rows: the graph as checked parameter rows for the load statements.
    identity: one node per paper, author and venue across loads (found by shared ids).
    sessions: batches written in a few sessions at once.
    lock: the load lock the database holds (one load at a time; released if a loader dies).
    loader: the load itself (:func:`write_graph` takes a driver; :func:`load_graph` connects).
    snapshot: a loaded database read back in canonical form, with a checksum.
    queries: the Cypher query library (``cypher/queries/*.cypher``).
    server: the local server (``server.distribution``: Maven download; ``server.config``:
        its files and ports; ``server.process``: start/stop). Nothing in this package
        imports the command line.
"""

from __future__ import annotations

from graphbuild.neo4j.connection import connect, translate_error
from graphbuild.neo4j.loader import LoadReport, load_graph, write_graph
from graphbuild.neo4j.queries import QueryResult, list_queries, query_database, run_query
from graphbuild.neo4j.settings import Neo4jSettings
from graphbuild.neo4j.snapshot import Snapshot, snapshot

__all__ = [
    "LoadReport",
    "Neo4jSettings",
    "QueryResult",
    "Snapshot",
    "connect",
    "list_queries",
    "load_graph",
    "query_database",
    "run_query",
    "snapshot",
    "translate_error",
    "write_graph",
]
