"""A local Neo4j server for machines without Docker (no import of the command line).

Modules:
    distribution: the Java check and the one-time Maven download of the server, APOC and
        Browser jars into ``~/.cache/graphbuild`` (one progress line per download step).
    config: its configuration files and ports (127.0.0.1 only).
    process: start, stop and report a server living in a home folder, by process id.
"""

from __future__ import annotations

from graphbuild.neo4j.server.config import DEFAULT_HEAP, DEFAULT_PAGE_CACHE, find_free_port
from graphbuild.neo4j.server.distribution import (
    NEO4J_VERSION,
    check_java,
    default_cache_dir,
    ensure_distribution,
)
from graphbuild.neo4j.server.process import (
    ServerInfo,
    default_home,
    server_status,
    start_server,
    stop_server,
    wait_for_exit,
)

__all__ = [
    "DEFAULT_HEAP",
    "DEFAULT_PAGE_CACHE",
    "NEO4J_VERSION",
    "ServerInfo",
    "check_java",
    "default_cache_dir",
    "default_home",
    "ensure_distribution",
    "find_free_port",
    "server_status",
    "start_server",
    "stop_server",
    "wait_for_exit",
]
