"""Faults: bad connections, a loader killed mid-load, a server killed mid-load.

The loader runs as a real CLI process (``graphbuild load``) so that exit codes, stderr and
SIGKILL are the real ones.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx
import pytest

from graphbuild.formats.graphml import write_graphml
from graphbuild.neo4j import server as neo4j_server
from graphbuild.neo4j.loader import load_graph
from graphbuild.neo4j.settings import password_from_env
from graphbuild.neo4j.snapshot import snapshot
from tests.integration.conftest import SMALL_SERVER, wipe

ROOT = Path(__file__).resolve().parents[2]
#: The CLI command, run as `graphbuild load` would be (also before it is registered in cli.py).
LOAD = [
    sys.executable,
    "-c",
    "from graphbuild.cli.neo4j import load; load(prog_name='graphbuild load')",
]


def synthetic_graph(papers: int) -> nx.MultiDiGraph:
    """The benchmark's synthetic graph (same data model), big enough to kill mid-load."""
    spec = importlib.util.spec_from_file_location(
        "bench_load", ROOT / "benchmarks" / "bench_load.py"
    )
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.synthesize(papers=papers, mentions=4, entities=papers // 4, seed=11)


def cli_env(password: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["NEO4J_PASSWORD"] = password
    return env


def run_cli(args: list[str], password: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        LOAD + args,
        env=cli_env(password),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def count(driver: neo4j.Driver, database: str, rel_type: str) -> int:
    # Relationship counts by type come from the count store: cheap to poll.
    records, _, _ = driver.execute_query(
        f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n", database_=database
    )
    return int(records[0]["n"])


def start_and_wait(
    args: list[str], password: str, until: Callable[[], bool], timeout: float = 240
) -> subprocess.Popen:
    """Start the CLI and return once ``until()`` holds, the process still running."""
    process = subprocess.Popen(
        LOAD + args,
        env=cli_env(password),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(
                f"the load ended (exit {process.returncode}) before the fault point; "
                f"make the graph bigger\n{out}\n{err}"
            )
        try:
            if until():
                return process
        except neo4j.exceptions.Neo4jError:
            pass  # e.g. the schema is being created; poll again
        time.sleep(0.02)
    process.kill()
    process.communicate()
    pytest.fail("the load never reached the fault point")


@pytest.fixture(scope="module")
def fault_graph(tmp_path_factory) -> tuple[nx.MultiDiGraph, Path]:
    """~6,000 papers, ~55,000 relationships, and its GraphML file."""
    graph = synthetic_graph(6000)
    path = tmp_path_factory.mktemp("faults") / "graph.graphml"
    write_graphml(graph, path)
    return graph, path


@pytest.fixture(scope="module")
def clean_checksum(neo4j_driver, neo4j_settings, fault_graph) -> str:
    """The checksum of a clean, uninterrupted load of the fault graph."""
    wipe(neo4j_driver, neo4j_settings.database)
    load_graph(
        fault_graph[0],
        uri=neo4j_settings.uri,
        username=neo4j_settings.username,
        password=neo4j_settings.password,
        database=neo4j_settings.database,
    )
    return snapshot(neo4j_driver, neo4j_settings.database).checksum()


def connection_args(settings: Any, uri: str | None = None) -> list[str]:
    return [
        "--uri",
        uri or settings.uri,
        "--username",
        settings.username,
        "--database",
        settings.database,
    ]


# --------------------------------------------------------------------------- bad connections


def one_line_error(result: subprocess.CompletedProcess, password: str) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert password not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_wrong_password(neo4j_settings, fault_graph):
    result = run_cli(
        [str(fault_graph[1]), *connection_args(neo4j_settings)], password="not-the-password-42"
    )
    line = one_line_error(result, "not-the-password-42")
    assert line == (
        f"Error: Neo4j at {neo4j_settings.uri} refused the credentials of user "
        f"'{neo4j_settings.username}'; check --username/--password "
        "(NEO4J_USERNAME, NEO4J_PASSWORD)"
    )


def test_missing_database(neo4j_settings, fault_graph):
    args = [str(fault_graph[1]), "--uri", neo4j_settings.uri, "--database", "nosuchdb"]
    line = one_line_error(run_cli(args, neo4j_settings.password), neo4j_settings.password)
    assert line.startswith(f"Error: Neo4j at {neo4j_settings.uri} has no database 'nosuchdb'")


def test_unreachable_server(neo4j_settings, fault_graph):
    uri = f"bolt://127.0.0.1:{neo4j_server.find_free_port()}"
    result = run_cli([str(fault_graph[1]), "--uri", uri], neo4j_settings.password)
    line = one_line_error(result, neo4j_settings.password)
    assert line.startswith(f"Error: cannot reach Neo4j at {uri}")
    assert "graphbuild neo4j start" in line and "docker compose up -d --wait" in line


# --------------------------------------------------------------------------- concurrent loaders


def drop_schema(driver: neo4j.Driver, database: str) -> None:
    """Drop every constraint and index, so that loaders also race to create the schema."""
    with driver.session(database=database) as session:
        for record in list(session.run("SHOW CONSTRAINTS YIELD name")):
            session.run(f"DROP CONSTRAINT {record['name']}").consume()
        for record in list(session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")):
            session.run(f"DROP INDEX {record['name']}").consume()


@pytest.mark.parametrize("loaders", [2, 3])
def test_concurrent_loads_on_an_empty_database_equal_one_clean_load(
    neo4j_driver, neo4j_settings, fault_graph, clean_checksum, loaders
):
    """`graphbuild load g.graphml & graphbuild load g.graphml & wait` on an empty database:
    the loads are serialised by the database's load lock, every one exits 0, and the
    database is that of one clean load (no relationship twice, no count doubled)."""
    graph, path = fault_graph
    database = neo4j_settings.database
    wipe(neo4j_driver, database)
    drop_schema(neo4j_driver, database)
    args = [str(path), *connection_args(neo4j_settings)]
    processes = [
        subprocess.Popen(
            LOAD + args,
            env=cli_env(neo4j_settings.password),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(loaders)
    ]
    outputs = [process.communicate(timeout=600) for process in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err
    # All but (at most) the first waited for the lock; the first created everything.
    assert sum("waited" in out for out, _ in outputs) >= 1
    assert sum(" 0 created, " in out.splitlines()[-1] for out, _ in outputs) == loaders - 1
    assert snapshot(neo4j_driver, database).checksum() == clean_checksum
    for rel_type, expected in Counter(key for _, _, key in graph.edges(keys=True)).items():
        assert count(neo4j_driver, database, rel_type) == expected


# --------------------------------------------------------------------------- killed loader


@pytest.mark.parametrize("phase", ["MENTIONS", "CO_MENTIONED"])
def test_loader_killed_mid_load_then_rerun_equals_a_clean_load(
    neo4j_driver, neo4j_settings, fault_graph, clean_checksum, phase
):
    graph, path = fault_graph
    total = sum(1 for _, _, key in graph.edges(keys=True) if key == phase)
    database = neo4j_settings.database
    wipe(neo4j_driver, database)
    args = [str(path), *connection_args(neo4j_settings), "--batch-size", "100"]
    process = start_and_wait(
        args, neo4j_settings.password, lambda: count(neo4j_driver, database, phase) >= total // 3
    )
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    partial = count(neo4j_driver, database, phase)
    assert total // 3 <= partial < total, "the kill did not land in the middle of the load"

    result = run_cli(args, neo4j_settings.password)
    assert result.returncode == 0, result.stderr
    assert snapshot(neo4j_driver, database).checksum() == clean_checksum


# --------------------------------------------------------------------------- killed server


@pytest.fixture
def own_server(tmp_path) -> Any:
    """A second, throw-away server this test may kill; stopped by its pid afterwards."""
    password = password_from_env()
    info = neo4j_server.start_server(password=password, temp=True, **SMALL_SERVER)
    servers = [info]
    yield servers, password
    for server in servers:
        neo4j_server.stop_server(server.home)
    shutil.rmtree(info.home, ignore_errors=True)


def test_server_killed_mid_load_gives_a_clear_error_and_a_rerun_completes(
    own_server, fault_graph, clean_checksum
):
    servers, password = own_server
    info = servers[0]
    graph, path = fault_graph
    total = sum(1 for _, _, key in graph.edges(keys=True) if key == "MENTIONS")
    # A short retry: the loader gives up on the dead server in seconds, not the default 30.
    args = [str(path), "--uri", info.bolt_uri, "--batch-size", "100", "--retry-seconds", "2"]
    with neo4j.GraphDatabase.driver(
        info.bolt_uri, auth=(info.username, password), notifications_min_severity="OFF"
    ) as driver:
        process = start_and_wait(
            args, password, lambda: count(driver, "neo4j", "MENTIONS") >= total // 3
        )
    os.kill(info.pid, signal.SIGKILL)  # the server dies, by its pid
    assert neo4j_server.wait_for_exit(info.pid, 30)  # and is reaped by the Popen that owns it
    out, err = process.communicate(timeout=180)
    assert process.returncode == 1, (out, err)
    assert "Traceback" not in err and password not in out + err
    errors = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, err
    # Down between transactions, or while one was committing: both say what to do.
    assert errors[0].startswith(
        (
            f"Error: cannot reach Neo4j at {info.bolt_uri}",
            f"Error: lost the connection to {info.bolt_uri}",
        )
    )
    assert "run it again" in errors[0] or "safe to run again" in errors[0]
    assert "graphbuild neo4j start" in errors[0]

    # Restart on the same data folder; the re-run gives the graph of a clean load.
    restarted = neo4j_server.start_server(info.home, password=password)
    servers.append(restarted)
    result = run_cli(["--uri", restarted.bolt_uri, str(path), "--batch-size", "1000"], password)
    assert result.returncode == 0, result.stderr
    with neo4j.GraphDatabase.driver(restarted.bolt_uri, auth=(info.username, password)) as driver:
        assert snapshot(driver).checksum() == clean_checksum
