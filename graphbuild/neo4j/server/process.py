"""Run a local Neo4j 5.26 Community server from the cached jars, without Docker.

:func:`start_server` writes a config into a *home* folder, launches
``java ... org.neo4j.server.CommunityEntryPoint``, waits for Bolt and sets the password of the
``neo4j`` user. The process id and ports go to a small JSON state file in the home folder, so
:func:`stop_server` and :func:`server_status` work from another process. Nothing here imports
the command line; ``graphbuild neo4j start|stop|status`` is a thin layer over it.

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
from dataclasses import dataclass
from pathlib import Path

from graphbuild.errors import Neo4jError, ServerSetupError
from graphbuild.neo4j.server.config import (
    DEFAULT_BOLT_PORT,
    DEFAULT_HEAP,
    DEFAULT_HTTP_PORT,
    DEFAULT_PAGE_CACHE,
    HOST,
    choose_port,
    render_apoc_conf,
    render_neo4j_conf,
)
from graphbuild.neo4j.server.distribution import (
    NEO4J_VERSION,
    Progress,
    check_java,
    ensure_distribution,
    tail_lines,
)
from graphbuild.neo4j.settings import DEFAULT_USERNAME

STATE_FILE = "graphbuild-neo4j.json"
CONSOLE_LOG = "console.log"

_MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
_TEMP_PREFIX = "graphbuild-neo4j-"
# Neo4j refuses shorter passwords (dbms.security.auth_minimum_password_length).
_MIN_PASSWORD_LENGTH = 8
# The same module openings the neo4j launcher script passes; without them the page cache and
# Netty log warnings or fail on Java 17+.
_JVM_OPTIONS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)


_MEMORY_SIZE = re.compile(r"[1-9][0-9]*[kmg]", re.IGNORECASE)  # what both -Xmx and Neo4j take


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
        heap: Its Java heap, e.g. ``1g``.
        page_cache: Its page cache, e.g. ``512m``.
    """

    pid: int
    home: Path
    bolt_port: int
    http_port: int
    username: str = DEFAULT_USERNAME
    temp: bool = False
    already_running: bool = False
    heap: str = DEFAULT_HEAP
    page_cache: str = DEFAULT_PAGE_CACHE

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


def default_home() -> Path:
    """Return the persistent server's home: ``$GRAPHBUILD_NEO4J_HOME`` or the XDG data folder."""
    if override := os.environ.get("GRAPHBUILD_NEO4J_HOME"):
        return Path(override).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "graphbuild" / "neo4j"


def _log_tail(log_file: Path | None, count: int = 30) -> str:
    """Return the end of the server log as a message suffix ("" without a log)."""
    if log_file is None:
        return ""
    try:
        text = log_file.read_text(errors="replace")
    except OSError:
        return f"\n(no server log at {log_file})"
    return f"\nlast lines of {log_file}:\n{tail_lines(text, count)}"


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
        "heap": info.heap,
        "page_cache": info.page_cache,
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
        heap=_previous_size(state, "heap") or DEFAULT_HEAP,
        page_cache=_previous_size(state, "page_cache") or DEFAULT_PAGE_CACHE,
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


def _previous_size(state: dict[str, object], key: str) -> str | None:
    """A memory size the previous start recorded, if it is one."""
    value = state.get(key)
    return value if isinstance(value, str) and _MEMORY_SIZE.fullmatch(value) else None


def _prepare_home(home: Path, dist: Path, bolt_port: int, http_port: int, page_cache: str) -> None:
    for name in ("conf", "data", "logs", "run", "plugins", "import"):
        (home / name).mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text(
        render_neo4j_conf(home, bolt_port, http_port, page_cache)
    )
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
    heap: str | None = None,
    page_cache: str | None = None,
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
        heap: Java heap, a size such as ``512m`` or ``2g``; default: what the previous
            start in ``home`` used (a restart keeps it), else :data:`DEFAULT_HEAP`.
        page_cache: Page cache size, likewise; default :data:`DEFAULT_PAGE_CACHE`.

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
    for name, size in (("heap", heap), ("page cache", page_cache)):
        if size is not None and not _MEMORY_SIZE.fullmatch(size):
            raise ServerSetupError(
                f"the {name} size {size!r} is not a size Neo4j takes: give a number with "
                "k, m or g, e.g. 512m or 2g"
            )
    if not temp:
        home = (home or default_home()).expanduser().resolve()
        running = server_status(home)
        if running is not None:
            return dataclasses.replace(running, already_running=True)
    java = check_java()
    dist = ensure_distribution(cache_dir, progress)
    memory = (heap, page_cache)
    args = (java, dist, password, temp, bolt_port, http_port, timeout, progress, memory)
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
    memory: tuple[str | None, str | None],
) -> ServerInfo:
    """Configure ``home``, launch the JVM, wait for Bolt and set the password."""
    previous = _read_state(home) or {}
    heap = memory[0] or _previous_size(previous, "heap") or DEFAULT_HEAP
    page_cache = memory[1] or _previous_size(previous, "page_cache") or DEFAULT_PAGE_CACHE
    bolt = choose_port(
        bolt_port, previous.get("bolt_port"), None if temp else DEFAULT_BOLT_PORT, taken=None
    )
    http = choose_port(
        http_port, previous.get("http_port"), None if temp else DEFAULT_HTTP_PORT, taken=bolt
    )
    _prepare_home(home, dist, bolt, http, page_cache)
    fresh = not (home / "data" / "databases" / "system").exists()

    cmd = [java, f"-Xms{heap}", f"-Xmx{heap}", *_JVM_OPTIONS,
           "-cp", f"{dist / 'plugins'}/*:{dist / 'lib'}/*", _MAIN_CLASS,
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
    info = ServerInfo(
        process.pid, home, bolt, http, DEFAULT_USERNAME, temp, heap=heap, page_cache=page_cache
    )
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
