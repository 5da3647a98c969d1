"""The configuration of a local server: its files (``neo4j.conf``, ``apoc.conf``) and ports.

Everything listens on 127.0.0.1 only; a port asked for must be free, and a persistent
server keeps its ports across restarts.
"""

from __future__ import annotations

import socket
from collections.abc import Collection
from pathlib import Path

from graphbuild.errors import ServerSetupError

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
HOST = "127.0.0.1"


def port_is_free(port: int) -> bool:
    """Return True if ``port`` can be bound on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Same option as the server's own listener, so a port in TIME_WAIT counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def find_free_port(preferred: int | None = None, exclude: Collection[int] = ()) -> int:
    """Return ``preferred`` if it is free, else a free port chosen by the OS.

    Args:
        preferred: A port to try first (e.g. 7687 for a persistent server).
        exclude: Ports not to return (the other connector's port).

    Returns:
        A port on 127.0.0.1 that was free when checked.
    """
    if preferred is not None and preferred not in exclude and port_is_free(preferred):
        return preferred
    for _ in range(20):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            port = int(sock.getsockname()[1])
        if port not in exclude:
            return port
    raise ServerSetupError("cannot find a free TCP port on 127.0.0.1")


DEFAULT_HEAP = "1g"
"""The server's Java heap (``-Xms`` and ``-Xmx``): docker-compose.yml's, so that both ways
of getting a server behave alike. A first driver load of a 100,000-paper graph into a cold
server took 59 s with 512 MB and 128 MB, 35-43 s with these (two transactions of abstracts
at once keep a small heap's collector busy; benchmarks/RESULTS-load.md)."""
DEFAULT_PAGE_CACHE = "512m"
"""``server.memory.pagecache.size``: docker-compose.yml's (holds a 100,000-paper graph's store)."""


def render_neo4j_conf(
    home: Path, bolt_port: int, http_port: int, page_cache: str = DEFAULT_PAGE_CACHE
) -> str:
    """Return the text of ``conf/neo4j.conf`` for a server living in ``home``."""
    home = home.resolve()
    lines = [
        "# Written by graphbuild.neo4j.server on every start; edits are overwritten.",
        f"server.directories.data={home / 'data'}",
        f"server.directories.logs={home / 'logs'}",
        f"server.directories.run={home / 'run'}",
        f"server.directories.plugins={home / 'plugins'}",
        f"server.directories.import={home / 'import'}",
        # Local development only: never listen on other interfaces.
        f"server.default_listen_address={HOST}",
        f"server.default_advertised_address={HOST}",
        f"server.bolt.listen_address=:{bolt_port}",
        # Browser reads the advertised Bolt address from the discovery document.
        f"server.bolt.advertised_address=:{bolt_port}",
        f"server.http.listen_address=:{http_port}",
        f"server.http.advertised_address=:{http_port}",
        "server.https.enabled=false",
        f"server.memory.pagecache.size={page_cache}",
        "dbms.security.auth_enabled=true",
        "dbms.security.procedures.unrestricted=apoc.*",
        "dbms.usage_report.enabled=false",
        # Netty otherwise idles 2 x 5 s after the databases are already checkpointed and closed.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        "internal.dbms.bolt.netty_server_shutdown_timeout=1s",
        "",
    ]
    return "\n".join(lines)


def render_apoc_conf() -> str:
    """Return the text of ``conf/apoc.conf`` (file import/export within the import folder)."""
    return "apoc.import.file.enabled=true\napoc.export.file.enabled=true\n"


def choose_port(
    requested: int | None, previous: object, default: int | None, taken: int | None
) -> int:
    """Return the port to use: the one ``requested`` (it must be free), else the
    ``previous`` one if still free, else ``default`` if free, else any free port; never
    ``taken`` (the other connector's port).

    Raises:
        ServerSetupError: if the requested port is in use.
    """
    exclude = () if taken is None else (taken,)
    if requested is not None:
        if requested in exclude or not port_is_free(requested):
            raise ServerSetupError(
                f"port {requested} on {HOST} is in use (another Neo4j, or docker compose?); "
                "choose another or leave it out to pick a free one."
            )
        return requested
    if isinstance(previous, int) and previous not in exclude and port_is_free(previous):
        return previous  # Keep a persistent server's address stable across restarts.
    return find_free_port(default, exclude=exclude)
