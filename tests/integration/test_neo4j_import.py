"""neo4j-admin import of the CSVs of graphbuild.formats.neo4j_csv into an empty database.

The CSVs are imported with the real ``neo4j-admin database import full`` (the
``org.neo4j.cli.AdminTool`` of the test server's own jars) into the home of a second,
new server, which is then started; what it holds is compared with what the driver
loader wrote into the test server from the same graph.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graphbuild.analysis import AnalysisOptions, analyse_graph
from graphbuild.formats.neo4j_csv import write_neo4j_csv
from graphbuild.neo4j import server as neo4j_server
from graphbuild.neo4j.loader import load_graph
from graphbuild.neo4j.settings import password_from_env
from graphbuild.neo4j.snapshot import Snapshot, snapshot
from graphbuild.pipeline import build_graph
from graphbuild.readers import bundled_samples
from tests.integration.conftest import SMALL_SERVER

COUNTS = """
CALL () {
  MATCH (n) WHERE n:Paper OR n:Entity  // not the loader's lock node
  UNWIND labels(n) AS label RETURN label AS name, count(*) AS n
}
RETURN name, n
UNION ALL
CALL () { MATCH ()-[r]->() RETURN type(r) AS name, count(*) AS n }
RETURN name, n
"""


def _counts(driver: neo4j.Driver, database: str) -> dict[str, int]:
    records, _, _ = driver.execute_query(COUNTS, database_=database)
    return {r["name"]: r["n"] for r in records}


def _without_empty_lists(found: Snapshot) -> set[tuple[str, ...]]:
    rows: set[tuple[str, ...]] = set()
    for *head, props in (*found.nodes, *found.relationships):
        kept = {k: v for k, v in json.loads(props).items() if v != []}
        rows.add((*(str(h) for h in head), json.dumps(kept, sort_keys=True)))
    return rows


def _admin_import(home: Path, arguments: list[str]) -> str:
    """Run neo4j-admin (AdminTool from the server's jars) with NEO4J_HOME=home."""
    java = neo4j_server.check_java()
    dist = neo4j_server.ensure_distribution()
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_CONF", "NEO4J_PASSWORD")}
    home.mkdir(parents=True, exist_ok=True)
    env["NEO4J_HOME"] = str(home)
    result = subprocess.run(
        [java, "-Xmx512m", "-cp", f"{dist / 'lib'}/*", "org.neo4j.cli.AdminTool", *arguments],
        env=env,
        cwd=home,  # neo4j-admin writes its import.report into the working folder
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def analysed_graph():
    graph = build_graph(list(bundled_samples())).graph
    analyse_graph(graph, AnalysisOptions(period="month", listing_year=2024))
    return graph


@pytest.fixture
def imported_server(tmp_path: Path, analysed_graph) -> Iterator[neo4j.Driver]:
    written = write_neo4j_csv(analysed_graph, tmp_path / "csv")
    home = tmp_path / "home"
    output = _admin_import(home, written.arguments)
    assert "IMPORT DONE" in output
    password = password_from_env()
    bolt = neo4j_server.find_free_port()
    http = neo4j_server.find_free_port(exclude=(bolt,))
    info = neo4j_server.start_server(
        home, password=password, bolt_port=bolt, http_port=http, **SMALL_SERVER
    )
    try:
        with neo4j.GraphDatabase.driver(info.bolt_uri, auth=(info.username, password)) as driver:
            yield driver
    finally:
        neo4j_server.stop_server(home)


def test_import_gives_the_same_database_as_the_loader(
    imported_server, empty_db, neo4j_settings, analysed_graph
):
    load_graph(
        analysed_graph,
        uri=neo4j_settings.uri,
        username=neo4j_settings.username,
        password=neo4j_settings.password,
        database=neo4j_settings.database,
    )
    loaded = _counts(empty_db, neo4j_settings.database)
    imported = _counts(imported_server, "neo4j")
    assert imported == loaded
    assert imported["Paper"] == 433 and imported["CO_MENTIONED"] > 0
    # Same nodes and relationships with the same properties, analysis attributes included.
    # neo4j-admin cannot write an empty array (an empty field is no property), where the
    # loader writes []: compare with empty lists left out.
    from_import = _without_empty_lists(snapshot(imported_server, "neo4j"))
    from_loader = _without_empty_lists(snapshot(empty_db, neo4j_settings.database))
    only_import = sorted(from_import - from_loader)
    only_loader = sorted(from_loader - from_import)
    assert (only_import[:2], only_loader[:2]) == ([], [])
    assert len(from_import) == sum(loaded.values()) - loaded["Entity"]
    records, _, _ = imported_server.execute_query(
        "MATCH (e:Entity {id: 'bert'}) RETURN e.community AS c, e.pagerank AS p, e.burst AS b",
        database_="neo4j",
    )
    bert = analysed_graph.nodes["bert"]
    assert (records[0]["c"], records[0]["p"], records[0]["b"]) == (
        bert["community"],
        bert["pagerank"],
        bert["burst"],
    )
