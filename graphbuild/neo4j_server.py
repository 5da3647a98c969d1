"""Run a local Neo4j 5.26 Community server from Maven jars, without Docker.

The server is the ``org.neo4j:neo4j`` artifact and its runtime jars, fetched once with
``mvn dependency:copy-dependencies`` into a cache outside the repository, plus APOC Core and
Neo4j Browser. :func:`start_server` writes a config into a *home* folder, launches
``java ... org.neo4j.server.CommunityEntryPoint``, waits for Bolt and sets the password of the
``neo4j`` user. The process id and ports go to a small JSON state file in the home folder, so
:func:`stop_server` and :func:`server_status` work from another process.

Example:
    >>> info = start_server(password="graphbuild-local", temp=True)  # doctest: +SKIP
    >>> info.bolt_uri  # doctest: +SKIP
    'bolt://127.0.0.1:40123'
    >>> stop_server(info.home)  # doctest: +SKIP
    True
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graphbuild.errors import Neo4jError, ServerSetupError

NEO4J_VERSION = "5.26.19"
DEFAULT_USERNAME = "neo4j"
#: Local-only default; set NEO4J_PASSWORD to use another one.
DEFAULT_PASSWORD = "graphbuild-local"
DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
HOST = "127.0.0.1"
STATE_FILE = "graphbuild-neo4j.json"
CONSOLE_LOG = "console.log"
INSTALL_HINT = "apt-get install openjdk-17-jre-headless maven"

_MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
_TEMP_PREFIX = "graphbuild-neo4j-"
_MARKER = "COMPLETE"
_POMS = {"lib": "server-pom.xml", "plugins": "extras-pom.xml"}
# Neo4j refuses shorter passwords (dbms.security.auth_minimum_password_length).
_MIN_PASSWORD_LENGTH = 8
# The same module openings the neo4j launcher script passes; without them the page cache and
# Netty log warnings or fail on Java 17+.
_JVM_OPTIONS = (
    "-Xms512m",
    "-Xmx512m",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ServerInfo:
    """A running local server, as recorded in its state file.

    Attributes:
        pid: Process id of the java process.
        home: The server's home folder (config, data, logs, state file).
        bolt_port: Bolt port on 127.0.0.1.
        http_port: HTTP port on 127.0.0.1 (Neo4j Browser lives under ``/browser/``).
        username: The admin user; its password is never stored.
        temp: True when ``home`` is a throw-away folder removed by :func:`stop_server`.
        already_running: True when :func:`start_server` found this server instead of starting it.
    """

    pid: int
    home: Path
    bolt_port: int
    http_port: int
    username: str = DEFAULT_USERNAME
    temp: bool = False
    already_running: bool = False

    @property
    def bolt_uri(self) -> str:
        """The Bolt URI for the Python driver and cypher-shell."""
        return f"bolt://{HOST}:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        """The root of the HTTP API."""
        return f"http://{HOST}:{self.http_port}/"

    @property
    def browser_url(self) -> str:
        """Where Neo4j Browser is served."""
        return f"{self.http_url}browser/"

    @property
    def log_file(self) -> Path:
        """The server's console output (user log and startup errors)."""
        return self.home / "logs" / CONSOLE_LOG


def default_cache_dir() -> Path:
    """Return where the Neo4j jars are cached: ``$GRAPHBUILD_NEO4J_CACHE`` or the XDG cache."""
    if override := os.environ.get("GRAPHBUILD_NEO4J_CACHE"):
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "graphbuild" / f"neo4j-{NEO4J_VERSION}"


def default_home() -> Path:
    """Return the persistent server's home: ``$GRAPHBUILD_NEO4J_HOME`` or the XDG data folder."""
    if override := os.environ.get("GRAPHBUILD_NEO4J_HOME"):
        return Path(override).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "graphbuild" / "neo4j"


def password_from_env() -> str:
    """Return ``$NEO4J_PASSWORD``, or the documented local default."""
    return os.environ.get("NEO4J_PASSWORD") or DEFAULT_PASSWORD


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


def render_neo4j_conf(home: Path, bolt_port: int, http_port: int) -> str:
    """Return the text of ``conf/neo4j.conf`` for a server living in ``home``."""
    home = home.resolve()
    lines = [
        "# Written by graphbuild.neo4j_server on every start; edits are overwritten.",
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
        "server.memory.pagecache.size=128m",
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


def check_java() -> str:
    """Return the path of a Java 17+ ``java``.

    Raises:
        ServerSetupError: No ``java`` on PATH, or it is older than 17.
    """
    java = shutil.which("java")
    if java is None:
        raise ServerSetupError(
            f"`java` not found on PATH; Neo4j {NEO4J_VERSION} needs Java 17 or 21. "
            f"Install it (e.g. `{INSTALL_HINT}`) or use Docker: `docker compose up -d --wait`."
        )
    result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', result.stderr + result.stdout)
    if match is None or int(match.group(1)) < 17:
        found = match.group(1) if match else "unknown"
        raise ServerSetupError(
            f"{java} is Java {found}; Neo4j {NEO4J_VERSION} needs Java 17 or 21 "
            f"(e.g. `{INSTALL_HINT}`)."
        )
    return java


def _poms_digest() -> str:
    digest = hashlib.sha256(NEO4J_VERSION.encode())
    for name in sorted(_POMS.values()):
        digest.update(
            resources.files("graphbuild").joinpath("neo4j_maven").joinpath(name).read_bytes()
        )
    return digest.hexdigest()


def _is_complete(cache: Path, digest: str) -> bool:
    try:
        return (cache / _MARKER).read_text().strip() == digest
    except OSError:
        return False


def ensure_distribution(cache_dir: Path | None = None, progress: Progress | None = None) -> Path:
    """Download the Neo4j server, APOC and Browser jars once; return the cache folder.

    The cache holds ``lib/`` (server classpath) and ``plugins/`` (APOC, Browser). Jars are
    fetched into a temporary sibling folder that is renamed into place only after a marker file
    is written, so an interrupted download is never mistaken for a complete one.

    Args:
        cache_dir: Where to keep the jars; default :func:`default_cache_dir`.
        progress: Called with a one-line message before a slow download.

    Returns:
        The cache folder, containing ``lib/`` and ``plugins/``.

    Raises:
        ServerSetupError: ``mvn`` is missing, the download failed, or ``cache_dir`` holds
            something else.
    """
    cache = (Path(cache_dir) if cache_dir is not None else default_cache_dir()).expanduser()
    digest = _poms_digest()
    if _is_complete(cache, digest):
        return cache
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServerSetupError(
            f"`mvn` not found on PATH; it downloads the Neo4j {NEO4J_VERSION} jars "
            f"(once, into {cache}). Install Maven (e.g. `{INSTALL_HINT}`) "
            "or use Docker: `docker compose up -d --wait`."
        )
    if progress is not None:
        progress(f"Downloading Neo4j {NEO4J_VERSION} jars with Maven into {cache} (first run only)")
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{cache.name}.partial-", dir=cache.parent))
    try:
        for folder, pom in _POMS.items():
            _copy_dependencies(mvn, pom, tmp / folder)
        (tmp / _MARKER).write_text(digest + "\n")
        _replace_cache(tmp, cache, digest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return cache


def _copy_dependencies(mvn: str, pom_name: str, out: Path) -> None:
    pom = resources.files("graphbuild").joinpath("neo4j_maven").joinpath(pom_name)
    with resources.as_file(pom) as pom_path:
        cmd = [mvn, "-B", "-q", "-f", str(pom_path), "dependency:copy-dependencies",
               "-DincludeScope=runtime", f"-DoutputDirectory={out}"]  # fmt: skip
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = _tail_lines(result.stdout + result.stderr, 25)
        raise ServerSetupError(
            f"Maven could not download the Neo4j jars ({pom_name}, exit {result.returncode}). "
            "It needs Maven Central (check proxy/mirror settings in ~/.m2/settings.xml).\n"
            f"{tail}"
        )


def _replace_cache(tmp: Path, cache: Path, digest: str) -> None:
    if cache.exists():
        if _is_complete(cache, digest):
            return  # Another process finished the same download first.
        # Only ever delete what looks like our own half-made or outdated cache.
        if not set(os.listdir(cache)) <= {"lib", "plugins", _MARKER}:
            raise ServerSetupError(
                f"{cache} exists but is not a graphbuild Neo4j cache; "
                "remove it or set GRAPHBUILD_NEO4J_CACHE to another folder."
            )
        shutil.rmtree(cache)
    try:
        tmp.rename(cache)
    except OSError:
        if not _is_complete(cache, digest):
            raise


def _tail_lines(text: str, count: int) -> str:
    return "\n".join(text.rstrip().splitlines()[-count:])


def _log_tail(log_file: Path | None, count: int = 30) -> str:
    """Return the end of the server log as a message suffix ("" without a log)."""
    if log_file is None:
        return ""
    try:
        text = log_file.read_text(errors="replace")
    except OSError:
        return f"\n(no server log at {log_file})"
    return f"\nlast lines of {log_file}:\n{_tail_lines(text, count)}"


def _read_state(home: Path) -> dict[str, object] | None:
    try:
        data = json.loads((home / STATE_FILE).read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_state(info: ServerInfo) -> None:
    state = {
        "pid": info.pid,
        "bolt_port": info.bolt_port,
        "http_port": info.http_port,
        "username": info.username,
        "temp": info.temp,
        "neo4j_version": NEO4J_VERSION,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    path = info.home / STATE_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n")
    tmp.replace(path)


def _info_from_state(home: Path, state: dict[str, object]) -> ServerInfo:
    def as_int(key: str) -> int:
        value = state[key]
        if not isinstance(value, int):
            raise TypeError(key)
        return value

    return ServerInfo(
        pid=as_int("pid"),
        home=home,
        bolt_port=as_int("bolt_port"),
        http_port=as_int("http_port"),
        username=str(state.get("username", DEFAULT_USERNAME)),
        temp=bool(state.get("temp", False)),
    )


def _cmdline(pid: int) -> list[str] | None:
    """Return the arguments of ``pid``: empty if it has exited, None if there is no /proc."""
    if not os.path.isdir("/proc/self"):
        return None
    try:
        # Empty for a zombie too: it has exited and only waits to be reaped.
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [arg for arg in raw.decode(errors="replace").split("\0") if arg]


def _alive(pid: int) -> bool:
    args = _cmdline(pid)
    if args is not None:
        return bool(args)
    try:  # No /proc (macOS): probe with signal 0.
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _is_our_server(pid: int, home: Path) -> bool:
    """Return True if ``pid`` is the Neo4j server of ``home``, never for a reused pid."""
    args = _cmdline(pid)
    if args is None:
        return _alive(pid)  # Without /proc, trust the state file.
    return _MAIN_CLASS in args and f"--home-dir={home}" in args


def server_status(home: Path | None = None) -> ServerInfo | None:
    """Return the server running in ``home``, or None if none is.

    Args:
        home: The server's home folder; default :func:`default_home`.
    """
    home = (home or default_home()).expanduser().resolve()
    state = _read_state(home)
    if state is None:
        return None
    try:
        info = _info_from_state(home, state)
    except (KeyError, TypeError):
        return None
    return info if _is_our_server(info.pid, home) else None


# Processes started by this interpreter; waiting on them reaps them (no zombies).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def wait_for_exit(pid: int, timeout: float) -> bool:
    """Wait until process ``pid`` has ended (reaping it if this process started it)."""
    child = _CHILDREN.get(pid)
    if child is not None:
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        return True
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def _terminate(pid: int, timeout: float) -> None:
    """Stop ``pid``: SIGTERM (Neo4j checkpoints and closes), SIGKILL after ``timeout``."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if not wait_for_exit(pid, timeout):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        wait_for_exit(pid, 10)
    _CHILDREN.pop(pid, None)


def stop_server(home: Path | None = None, *, timeout: float = 60) -> bool:
    """Stop the server of ``home`` by the process id in its state file.

    A temporary server's home folder is deleted afterwards.

    Args:
        home: The server's home folder; default :func:`default_home`.
        timeout: Seconds to wait for a clean shutdown before killing the process.

    Returns:
        True if a running server was stopped, False if none was running.
    """
    home = (home or default_home()).expanduser().resolve()
    state = _read_state(home)
    if state is None:
        return False
    try:
        info = _info_from_state(home, state)
    except (KeyError, TypeError):
        info = None
    running = info is not None and _is_our_server(info.pid, home)
    if info is not None and running:
        _terminate(info.pid, timeout)
    (home / STATE_FILE).unlink(missing_ok=True)
    if info is not None and info.temp:
        shutil.rmtree(home, ignore_errors=True)
    return running


def wait_for_bolt(
    uri: str,
    *,
    auth: tuple[str, str] | None = None,
    timeout: float = 120,
    process: subprocess.Popen[bytes] | None = None,
    log_file: Path | None = None,
) -> None:
    """Wait until a Bolt server answers at ``uri``.

    Args:
        uri: ``bolt://host:port`` or ``neo4j://host:port``.
        auth: If given, also wait until these credentials are accepted.
        timeout: Seconds to wait in total.
        process: The server process; if it exits, stop waiting.
        log_file: Server log to quote when giving up.

    Raises:
        ServerSetupError: ``process`` exited before Bolt answered.
        Neo4jError: No answer within ``timeout``, or ``auth`` was refused.
    """
    import neo4j  # Imported here so that `--help` and unit tests stay fast.
    from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

    match = re.match(r"^[a-z+]+://([^:/]+):(\d+)", uri)
    if match is None:
        raise Neo4jError(f"cannot read host and port from {uri!r}")
    host, port = match.group(1), int(match.group(2))
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        if process is not None and process.poll() is not None:
            raise ServerSetupError(
                f"the Neo4j server exited with code {process.returncode} before Bolt "
                f"answered at {uri}{_log_tail(log_file)}"
            )
        try:
            with socket.create_connection((host, port), timeout=2):
                pass
            if auth is None:
                return
            with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
                driver.verify_connectivity()
            return
        except AuthError as err:
            raise Neo4jError(f"{uri} refused user {auth[0] if auth else '?'}: {err}") from err
        except (OSError, ServiceUnavailable, SessionExpired) as err:
            last_error = err
        if time.monotonic() > deadline:
            raise Neo4jError(
                f"no Bolt server answered at {uri} within {timeout:.0f} s ({last_error})"
                f"{_log_tail(log_file)}"
            )
        time.sleep(0.25)


def _set_password(
    uri: str, username: str, password: str, *, fresh: bool, home: Path, timeout: float
) -> None:
    """Make ``password`` the password of ``username``.

    A fresh database has the built-in ``neo4j``/``neo4j`` login, marked as expired: the only
    thing it may do is change its own password, against the ``system`` database. This keeps
    the password out of command lines (``neo4j-admin dbms set-initial-password`` takes it as
    an argument) and of files.
    """
    import neo4j
    from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

    def change_default() -> None:
        with neo4j.GraphDatabase.driver(uri, auth=(username, "neo4j")) as driver:
            driver.execute_query(
                "ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                old="neo4j",
                new=password,
                database_="system",
            )

    def check_password() -> None:
        with neo4j.GraphDatabase.driver(uri, auth=(username, password)) as driver:
            driver.verify_connectivity()

    # On a fresh database try the default login first, so no failed login is recorded.
    attempts = (change_default, check_password) if fresh else (check_password, change_default)
    deadline = time.monotonic() + timeout
    while True:
        try:
            for attempt in attempts:
                try:
                    attempt()
                    return
                except AuthError:
                    continue
            break
        except (ServiceUnavailable, SessionExpired):
            # Bolt may accept connections a moment before the system database does.
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    raise ServerSetupError(
        f"the Neo4j server in {home} refuses NEO4J_PASSWORD for user {username!r}: its "
        "database was set up with another password. Set NEO4J_PASSWORD to that password, or "
        f"delete {home} to start again with an empty database."
    )


def _remove_stale_temp_homes() -> None:
    """Delete temporary homes whose server is gone (their owner was killed before cleanup)."""
    for home in Path(tempfile.gettempdir()).glob(f"{_TEMP_PREFIX}*"):
        state = _read_state(home)
        if state is not None and state.get("temp") is True and server_status(home) is None:
            shutil.rmtree(home, ignore_errors=True)


def _prepare_home(home: Path, dist: Path, bolt_port: int, http_port: int) -> None:
    for name in ("conf", "data", "logs", "run", "plugins", "import"):
        (home / name).mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text(render_neo4j_conf(home, bolt_port, http_port))
    (home / "conf" / "apoc.conf").write_text(render_apoc_conf())
    # Neo4j registers procedures only from jars in the plugins folder, so APOC must be there
    # as well as on the classpath; links keep the home small and follow the cache.
    plugins = home / "plugins"
    for old in plugins.glob("*.jar"):
        if old.is_symlink():
            old.unlink()
    for jar in sorted((dist / "plugins").glob("*.jar")):
        target = plugins / jar.name
        if not target.exists():
            try:
                target.symlink_to(jar)
            except OSError:
                shutil.copy2(jar, target)


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM the child when its parent dies (temp servers only)."""
    os.setsid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def _choose_port(
    requested: int | None, previous: object, default: int | None, taken: int | None
) -> int:
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


def start_server(
    home: Path | None = None,
    *,
    password: str,
    temp: bool = False,
    bolt_port: int | None = None,
    http_port: int | None = None,
    timeout: float = 120,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> ServerInfo:
    """Start a Neo4j server in ``home`` (or report the one already running there).

    Args:
        home: Server home folder; default :func:`default_home`. Ignored when ``temp``.
        password: Password for the ``neo4j`` user (at least 8 characters). Set on the first
            start; later starts check it.
        temp: Use a new throw-away folder, removed by :func:`stop_server`. The server also
            gets SIGTERM if the process that started it dies.
        bolt_port: Bolt port; default 7687 if free (a free port for ``temp``).
        http_port: HTTP/Browser port; default 7474 if free (a free port for ``temp``).
        timeout: Seconds to wait for Bolt to answer.
        cache_dir: Jar cache; default :func:`default_cache_dir`.
        progress: Called with one-line progress messages (download, start).

    Returns:
        The running server; ``already_running`` tells whether it was started before.

    Raises:
        ServerSetupError: Java or Maven missing, a port taken, the password refused, or the
            server failed to start (the message quotes the end of its log).
    """
    if len(password) < _MIN_PASSWORD_LENGTH:
        raise ServerSetupError(
            f"NEO4J_PASSWORD must have at least {_MIN_PASSWORD_LENGTH} characters "
            "(Neo4j's minimum)."
        )
    if not temp:
        home = (home or default_home()).expanduser().resolve()
        running = server_status(home)
        if running is not None:
            return dataclasses.replace(running, already_running=True)
    java = check_java()
    dist = ensure_distribution(cache_dir, progress)
    args = (java, dist, password, temp, bolt_port, http_port, timeout, progress)
    if home is not None and not temp:
        return _run(home, *args)
    _remove_stale_temp_homes()
    # Made only now, so that a missing java or mvn leaves no empty folder behind.
    scratch = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX)).resolve()
    try:
        return _run(scratch, *args)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _run(
    home: Path,
    java: str,
    dist: Path,
    password: str,
    temp: bool,
    bolt_port: int | None,
    http_port: int | None,
    timeout: float,
    progress: Progress | None,
) -> ServerInfo:
    """Configure ``home``, launch the JVM, wait for Bolt and set the password."""
    previous = _read_state(home) or {}
    bolt = _choose_port(
        bolt_port, previous.get("bolt_port"), None if temp else DEFAULT_BOLT_PORT, taken=None
    )
    http = _choose_port(
        http_port, previous.get("http_port"), None if temp else DEFAULT_HTTP_PORT, taken=bolt
    )
    _prepare_home(home, dist, bolt, http)
    fresh = not (home / "data" / "databases" / "system").exists()

    cmd = [java, *_JVM_OPTIONS, "-cp", f"{dist / 'plugins'}/*:{dist / 'lib'}/*", _MAIN_CLASS,
           f"--home-dir={home}", f"--config-dir={home / 'conf'}", "--console-mode"]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    # APOC finds apoc.conf through NEO4J_CONF.
    env.update(NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    log_file = home / "logs" / CONSOLE_LOG
    if progress is not None:
        progress(f"Starting Neo4j {NEO4J_VERSION} in {home}")
    with open(log_file, "wb") as log:
        process = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=home,
            env=env,
            # Own session: a Ctrl-C meant for the caller must not reach the JVM.
            start_new_session=not temp,
            preexec_fn=_die_with_parent if temp and sys.platform == "linux" else None,
        )
    _CHILDREN[process.pid] = process
    info = ServerInfo(process.pid, home, bolt, http, DEFAULT_USERNAME, temp)
    try:
        # Recorded first, so the server can be stopped even if this start is interrupted.
        _write_state(info)
        try:
            wait_for_bolt(info.bolt_uri, timeout=timeout, process=process, log_file=log_file)
            _set_password(
                info.bolt_uri, info.username, password, fresh=fresh, home=home, timeout=30
            )
        except Neo4jError as err:
            raise ServerSetupError(f"Neo4j did not start: {err}") from err
        except ServerSetupError:
            raise
        except Exception as err:  # A driver error here means the server is unusable.
            raise ServerSetupError(
                f"Neo4j started but could not be set up: {err}{_log_tail(log_file)}"
            ) from err
    except BaseException:
        _terminate(process.pid, 30)
        (home / STATE_FILE).unlink(missing_ok=True)
        raise
    return info


def main(argv: list[str] | None = None) -> None:
    """Run the ``start``/``stop``/``status`` commands (used by ``scripts/neo4j-local``)."""
    # The commands live in cli.neo4j so that both entry points share one set of options and
    # help texts; click is imported only here, never by the library functions above.
    from graphbuild.cli.neo4j import neo4j_group

    neo4j_group.main(args=argv, prog_name="neo4j-local")


if __name__ == "__main__":
    main()
