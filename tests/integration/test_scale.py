"""A 50,000-paper graph on the project's 512 MB server: re-load, load on top of the samples,
and a loader killed mid-load then run again all end in the database of one clean load.

CO_MENTIONED pairs carry no list that grows with the corpus, so none of this needs server
memory beyond a batch; the checksums prove the weights stay exact. The synthetic graph is
the benchmark's (Zipf-distributed entities: a few hubs named by thousands of papers).
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import neo4j
import networkx as nx
import pytest

from graphbuild.neo4j.loader import load_graph
from graphbuild.neo4j.snapshot import snapshot
from graphbuild.pipeline import build_graph
from graphbuild.readers import bundled_samples
from tests.integration.conftest import wipe

ROOT = Path(__file__).resolve().parents[2]
PAPERS = 50_000
#: The child process that loads the big graph (killed in one test): it synthesizes the same
#: graph (deterministic for the seed) and loads it with the NEO4J_* settings.
BENCH = ROOT / "benchmarks" / "bench_load.py"
CHILD = f"""
import importlib.util, sys
spec = importlib.util.spec_from_file_location("bench_load", {str(BENCH)!r})
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
from graphbuild.neo4j.loader import load_graph
graph = bench.synthesize(papers={PAPERS}, mentions=4, entities={PAPERS // 4}, seed=11)
print("synthesized", flush=True)
print(load_graph(graph, batch_size=1000).summary(), flush=True)
"""


def bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_load", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def connection(settings: Any) -> dict[str, Any]:
    return {
        "uri": settings.uri,
        "username": settings.username,
        "password": settings.password,
        "database": settings.database,
    }


def mentions(driver: neo4j.Driver, database: str) -> int:
    records, _, _ = driver.execute_query(
        "MATCH ()-[r:MENTIONS]->() RETURN count(r) AS n", database_=database
    )
    return int(records[0]["n"])


@pytest.fixture(scope="module")
def graphs() -> tuple[nx.MultiDiGraph, nx.MultiDiGraph]:
    """The samples' graph and the synthetic 50,000-paper graph (disjoint ids)."""
    big = bench_module().synthesize(papers=PAPERS, mentions=4, entities=PAPERS // 4, seed=11)
    return build_graph(bundled_samples()).graph, big


@pytest.fixture(scope="module")
def clean(neo4j_driver, neo4j_settings, graphs) -> str:
    """The checksum of one clean load of samples + 50,000 papers; leaves that database."""
    samples, big = graphs
    wipe(neo4j_driver, neo4j_settings.database)
    load_graph(nx.compose(samples, big), **connection(neo4j_settings))
    return snapshot(neo4j_driver, neo4j_settings.database).checksum()


def test_a_reload_of_50000_papers_changes_nothing(neo4j_driver, neo4j_settings, graphs, clean):
    _, big = graphs
    report = load_graph(big, **connection(neo4j_settings))  # on the clean database
    assert snapshot(neo4j_driver, neo4j_settings.database).checksum() == clean
    assert report.nodes_created == report.relationships_created == 0
    assert report.relationships_deleted == 0


def test_load_on_top_killed_then_run_again_equals_a_clean_load(
    neo4j_driver, neo4j_settings, graphs, clean
):
    """The samples, then 50,000 papers on top, killed a third of the way through its
    MENTIONS and run again: the database of one clean load of both."""
    samples, big = graphs
    database = neo4j_settings.database
    wipe(neo4j_driver, database)
    load_graph(samples, **connection(neo4j_settings))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(
        NEO4J_URI=neo4j_settings.uri,
        NEO4J_USERNAME=neo4j_settings.username,
        NEO4J_PASSWORD=neo4j_settings.password,
        NEO4J_DATABASE=neo4j_settings.database,
    )
    target = mentions(neo4j_driver, database) + PAPERS * 4 // 3
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    deadline = time.monotonic() + 600
    while mentions(neo4j_driver, database) < target:
        assert child.poll() is None, "the load ended before it could be killed"
        assert time.monotonic() < deadline, "the load never reached a third of its MENTIONS"
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.communicate()
    assert target <= mentions(neo4j_driver, database) < target + PAPERS * 4 // 2

    rerun = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert rerun.returncode == 0, rerun.stderr
    assert snapshot(neo4j_driver, database).checksum() == clean
