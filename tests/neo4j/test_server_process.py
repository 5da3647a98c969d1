"""Fast tests of graphbuild.neo4j.server and the `neo4j` CLI group (no server started)."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphbuild.cli.neo4j import neo4j_group
from graphbuild.errors import ServerSetupError
from graphbuild.neo4j import settings
from graphbuild.neo4j.server import config, distribution, process
from graphbuild.neo4j.server.process import ServerInfo

REPO = Path(__file__).resolve().parents[2]


def _conf_dict(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and line[0] != "#")
    return {key: value for key, value in pairs}


def test_neo4j_conf_puts_everything_in_home_on_loopback(tmp_path: Path) -> None:
    conf = _conf_dict(config.render_neo4j_conf(tmp_path, 17687, 17474))

    home = tmp_path.resolve()
    for name in ("data", "logs", "run", "plugins", "import"):
        assert conf[f"server.directories.{name}"] == str(home / name)
    assert conf["server.default_listen_address"] == "127.0.0.1"
    assert conf["server.bolt.listen_address"] == ":17687"
    assert conf["server.bolt.advertised_address"] == ":17687"
    assert conf["server.http.listen_address"] == ":17474"
    assert conf["server.https.enabled"] == "false"
    assert conf["dbms.security.auth_enabled"] == "true"
    assert conf["dbms.security.procedures.unrestricted"] == "apoc.*"
    assert "password" not in config.render_neo4j_conf(tmp_path, 1, 2).lower()


def test_apoc_conf_enables_file_import_and_export() -> None:
    conf = _conf_dict(config.render_apoc_conf())

    assert conf == {"apoc.import.file.enabled": "true", "apoc.export.file.enabled": "true"}


def test_find_free_port_returns_a_bindable_port_other_than_excluded() -> None:
    port = config.find_free_port()

    assert config.port_is_free(port)
    assert config.find_free_port(port, exclude=(port,)) != port


def test_find_free_port_keeps_a_free_preferred_port_and_skips_a_taken_one() -> None:
    free = config.find_free_port()
    assert config.find_free_port(preferred=free) == free

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        assert not config.port_is_free(taken)
        assert config.find_free_port(preferred=taken) != taken


def _path_without(tmp_path: Path, *missing: str) -> str:
    """Return a PATH holding links to every tool on PATH except ``missing``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            target = bin_dir / name
            if name in missing or target.exists():
                continue
            source = Path(folder, name)
            if source.is_file() and os.access(source, os.X_OK):
                target.symlink_to(source)
    return str(bin_dir)


def test_missing_java_names_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", _path_without(tmp_path, "java"))

    with pytest.raises(ServerSetupError, match="`java` not found") as info:
        distribution.check_java()
    assert "apt-get install openjdk-17-jre-headless maven" in str(info.value)


def test_missing_maven_names_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", _path_without(tmp_path, "mvn"))

    with pytest.raises(ServerSetupError, match="`mvn` not found") as info:
        distribution.ensure_distribution(tmp_path / "cache")
    assert "apt-get install openjdk-17-jre-headless maven" in str(info.value)
    assert not (tmp_path / "cache").exists()


def test_old_java_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "java"
    fake.write_text("#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(ServerSetupError, match="Java 11; Neo4j 5.26.19 needs Java 17"):
        distribution.check_java()


def test_complete_cache_needs_no_maven(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    (cache / "lib").mkdir(parents=True)
    (cache / "plugins").mkdir()
    (cache / "COMPLETE").write_text(distribution._poms_digest() + "\n")
    monkeypatch.setenv("PATH", _path_without(tmp_path, "mvn"))

    assert distribution.ensure_distribution(cache) == cache


def test_a_foreign_folder_is_never_taken_over_as_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "precious.txt").write_text("keep me")
    partial = tmp_path / "partial"
    partial.mkdir()

    with pytest.raises(ServerSetupError, match="not a graphbuild Neo4j cache"):
        distribution._replace_cache(partial, cache, "digest")
    assert (cache / "precious.txt").read_text() == "keep me"


def test_default_folders_follow_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRAPHBUILD_NEO4J_CACHE", raising=False)
    monkeypatch.delenv("GRAPHBUILD_NEO4J_HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    assert distribution.default_cache_dir() == tmp_path / "c" / "graphbuild" / "neo4j-5.26.19"
    assert process.default_home() == tmp_path / "d" / "graphbuild" / "neo4j"

    monkeypatch.setenv("GRAPHBUILD_NEO4J_CACHE", str(tmp_path / "jars"))
    monkeypatch.setenv("GRAPHBUILD_NEO4J_HOME", str(tmp_path / "server"))
    assert distribution.default_cache_dir() == tmp_path / "jars"
    assert process.default_home() == tmp_path / "server"


def test_password_defaults_to_documented_local_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    assert settings.password_from_env() == "graphbuild-local"
    monkeypatch.setenv("NEO4J_PASSWORD", "another-secret")
    assert settings.password_from_env() == "another-secret"


def test_short_password_is_refused_before_anything_starts(tmp_path: Path) -> None:
    with pytest.raises(ServerSetupError, match="at least 8 characters"):
        process.start_server(tmp_path, password="short")
    assert list(tmp_path.iterdir()) == []


def test_state_file_round_trip_without_password(tmp_path: Path) -> None:
    info = ServerInfo(pid=os.getpid(), home=tmp_path, bolt_port=17687, http_port=17474, temp=True)

    process._write_state(info)
    state = process._read_state(tmp_path)

    assert state is not None
    assert process._info_from_state(tmp_path, state) == info
    assert "password" not in (tmp_path / process.STATE_FILE).read_text().lower()
    assert info.bolt_uri == "bolt://127.0.0.1:17687"
    assert info.browser_url == "http://127.0.0.1:17474/browser/"


def test_status_ignores_a_pid_that_is_not_our_server(tmp_path: Path) -> None:
    # This test process is alive but is not a Neo4j server of tmp_path: it must never be
    # reported, nor signalled by stop_server.
    process._write_state(ServerInfo(os.getpid(), tmp_path.resolve(), 17687, 17474))

    assert process.server_status(tmp_path) is None
    assert process.stop_server(tmp_path) is False
    assert not (tmp_path / process.STATE_FILE).exists()


def test_stop_without_state_file_reports_nothing_running(tmp_path: Path) -> None:
    assert process.stop_server(tmp_path) is False


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--help"], ["start", "stop", "status", "Example:", "graphbuild neo4j start"]),
        (["start", "--help"], ["--temp", "--home", "--bolt-port", "--http-port", "Example:"]),
        (["stop", "--help"], ["--home", "Example:", "graphbuild neo4j stop"]),
        (["status", "--help"], ["--home", "Example:", "graphbuild neo4j status"]),
    ],
)
def test_cli_help_lists_options_and_an_example(args: list[str], expected: list[str]) -> None:
    result = CliRunner().invoke(neo4j_group, args)

    assert result.exit_code == 0, result.output
    for text in expected:
        assert text in result.output


def test_cli_status_exits_1_when_nothing_runs(tmp_path: Path) -> None:
    result = CliRunner().invoke(neo4j_group, ["status", "--home", str(tmp_path)])

    assert result.exit_code == 1
    assert f"No Neo4j server running in {tmp_path}" in result.output


def test_cli_turns_setup_errors_into_click_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "short")

    result = CliRunner().invoke(neo4j_group, ["start", "--home", str(tmp_path)])

    assert result.exit_code == 1
    assert "Error: NEO4J_PASSWORD must have at least 8 characters" in result.output
    assert "Traceback" not in result.output
    assert "short" not in result.output  # the password itself is never echoed


def test_neo4j_local_script_runs_the_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "neo4j-local"), "status", "--home", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GRAPHBUILD_PYTHON": sys.executable},
    )

    assert result.returncode == 1
    assert "No Neo4j server running" in result.stdout


def test_stale_temporary_homes_are_swept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / "graphbuild-neo4j-dead"
    dead.mkdir()
    # A pid that is certainly not a Neo4j server of that folder.
    process._write_state(ServerInfo(os.getpid(), dead.resolve(), 1, 2, temp=True))
    persistent = tmp_path / "graphbuild-neo4j-kept"
    persistent.mkdir()
    process._write_state(ServerInfo(os.getpid(), persistent.resolve(), 1, 2, temp=False))
    unrelated = tmp_path / "graphbuild-neo4j-starting"
    unrelated.mkdir()

    process._remove_stale_temp_homes()

    assert not dead.exists()
    assert persistent.exists()
    assert unrelated.exists()


def _failing_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, more: str = "") -> Path:
    """Put a stand-in `java` on PATH and return a jar cache: it answers -version like Java 17,
    otherwise logs its arguments, runs the shell commands ``more`` and fails."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "java"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-version" ]; then echo \'openjdk version "17.0.15"\' >&2; exit 0; fi\n'
        f'echo "args: $*"; {more}exit 1\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    cache = tmp_path / "cache"
    (cache / "lib").mkdir(parents=True)
    (cache / "plugins").mkdir()
    (cache / "COMPLETE").write_text(distribution._poms_digest())
    return cache


def test_a_failed_start_quotes_the_server_log_and_leaves_no_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The stand-in also logs its environment and fails the way a broken server start does.
    cache = _failing_java(tmp_path, monkeypatch, 'env; echo "ERROR Invalid setting: boom" >&2; ')
    monkeypatch.setenv("NEO4J_PASSWORD", "secret-in-env")
    home = tmp_path / "home"

    with pytest.raises(ServerSetupError) as info:
        process.start_server(
            home,
            password="secret-password",
            cache_dir=cache,
            bolt_port=config.find_free_port(),
        )

    message = str(info.value)
    assert "exited with code 1" in message
    assert f"last lines of {home.resolve() / 'logs' / 'console.log'}" in message
    assert "ERROR Invalid setting: boom" in message
    log = (home / "logs" / "console.log").read_text()
    assert "CommunityEntryPoint" in log
    assert "secret-password" not in log
    assert "secret-in-env" not in log
    assert not (home / process.STATE_FILE).exists()


def test_a_temporary_start_without_java_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", _path_without(tmp_path, "java"))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    with pytest.raises(ServerSetupError, match="`java` not found"):
        process.start_server(password="graphbuild-local", temp=True)
    assert list(scratch.iterdir()) == []


def _started_with(home: Path, cache: Path, **memory: str) -> tuple[str, dict[str, str]]:
    """The JVM arguments and neo4j.conf a start in ``home`` used (the stand-in java fails)."""
    with pytest.raises(ServerSetupError):
        process.start_server(
            home,
            password="secret-password",
            cache_dir=cache,
            bolt_port=config.find_free_port(),
            **memory,
        )
    args = (home / "logs" / "console.log").read_text()
    return args, _conf_dict((home / "conf" / "neo4j.conf").read_text())


def test_the_server_gets_docker_composes_memory_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _failing_java(tmp_path, monkeypatch)
    compose = (REPO / "docker-compose.yml").read_text()
    assert f'heap_max__size: "{process.DEFAULT_HEAP.upper()}"' in compose
    assert f'pagecache_size: "{process.DEFAULT_PAGE_CACHE.upper()}"' in compose

    args, conf = _started_with(tmp_path / "default", cache)
    assert f"-Xms{process.DEFAULT_HEAP} -Xmx{process.DEFAULT_HEAP} " in args
    assert conf["server.memory.pagecache.size"] == process.DEFAULT_PAGE_CACHE

    args, conf = _started_with(tmp_path / "small", cache, heap="512m", page_cache="128M")
    assert "-Xms512m -Xmx512m " in args
    assert conf["server.memory.pagecache.size"] == "128M"


def test_a_restart_keeps_the_memory_of_the_previous_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the bulk import does: it stops the server and starts it again in the same home.
    cache = _failing_java(tmp_path, monkeypatch)
    home = tmp_path / "home"
    home.mkdir()
    state = {"pid": 1, "bolt_port": 1, "http_port": 2, "heap": "640m", "page_cache": "2g"}
    (home / process.STATE_FILE).write_text(json.dumps(state))

    args, conf = _started_with(home, cache)

    assert "-Xmx640m " in args
    assert conf["server.memory.pagecache.size"] == "2g"


@pytest.mark.parametrize(
    ("memory", "named"),
    [({"heap": "1.5g"}, "heap size '1.5g'"), ({"page_cache": "512"}, "page cache size '512'")],
)
def test_a_memory_size_neo4j_does_not_take_is_refused_before_anything_starts(
    tmp_path: Path, memory: dict[str, str], named: str
) -> None:
    with pytest.raises(ServerSetupError, match=named) as info:
        process.start_server(tmp_path / "home", password="secret-password", **memory)

    assert "e.g. 512m or 2g" in str(info.value)
    assert not (tmp_path / "home").exists()


def test_status_reports_the_memory_of_the_running_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    state = {"pid": os.getpid(), "bolt_port": 1, "http_port": 2, "heap": "2g", "page_cache": "1g"}
    (home / process.STATE_FILE).write_text(json.dumps(state))
    monkeypatch.setattr(process, "_is_our_server", lambda pid, home: True)

    info = process.server_status(home)

    assert info is not None and (info.heap, info.page_cache) == ("2g", "1g")
