"""The Neo4j server the integration tests use is the one graphbuild targets."""

from __future__ import annotations

import os
import urllib.request
from typing import TYPE_CHECKING

import neo4j
import pytest

from graphbuild.neo4j import server as neo4j_server

if TYPE_CHECKING:
    from conftest import IntegrationServer


def test_server_is_neo4j_5_26_community(
    neo4j_driver: neo4j.Driver, neo4j_settings: IntegrationServer
) -> None:
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
        database_=neo4j_settings.database,
    )

    kernel = {record["name"]: record for record in records}["Neo4j Kernel"]
    assert kernel["versions"] == [neo4j_server.NEO4J_VERSION]
    assert kernel["edition"] == "community"


def test_apoc_matches_the_server_version(
    neo4j_driver: neo4j.Driver, neo4j_settings: IntegrationServer
) -> None:
    records, _, _ = neo4j_driver.execute_query(
        "RETURN apoc.version() AS version", database_=neo4j_settings.database
    )

    assert records[0]["version"].startswith("5.26")


def test_apoc_may_write_and_read_files_in_the_import_folder(
    empty_db: neo4j.Driver, neo4j_settings: IntegrationServer
) -> None:
    # The GraphML export/import round trip of the loader depends on apoc.conf.
    empty_db.execute_query("CREATE (:Probe {id: 'p1'})", database_=neo4j_settings.database)
    empty_db.execute_query(
        "CALL apoc.export.graphml.all('server-probe.graphml', {useTypes: true})",
        database_=neo4j_settings.database,
    )
    empty_db.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_settings.database)
    empty_db.execute_query(
        "CALL apoc.import.graphml('server-probe.graphml', {readLabels: true})",
        database_=neo4j_settings.database,
    )

    records, _, _ = empty_db.execute_query(
        "MATCH (p:Probe) RETURN p.id AS id", database_=neo4j_settings.database
    )
    assert [record["id"] for record in records] == ["p1"]


def test_empty_db_leaves_no_nodes(
    empty_db: neo4j.Driver, neo4j_settings: IntegrationServer
) -> None:
    records, _, _ = empty_db.execute_query(
        "MATCH (n) RETURN count(n) AS nodes", database_=neo4j_settings.database
    )

    assert records[0]["nodes"] == 0


def test_a_wrong_password_is_refused(neo4j_settings: IntegrationServer) -> None:
    wrong = (neo4j_settings.username, neo4j_settings.password + "-wrong")

    with (
        neo4j.GraphDatabase.driver(neo4j_settings.uri, auth=wrong) as driver,
        pytest.raises(neo4j.exceptions.AuthError),
    ):
        driver.verify_connectivity()


def test_browser_is_served(neo4j_settings: IntegrationServer) -> None:
    if neo4j_settings.server is not None:
        url = neo4j_settings.server.browser_url
    elif os.environ.get("NEO4J_BROWSER_URL"):
        url = os.environ["NEO4J_BROWSER_URL"]
    else:
        pytest.skip("NEO4J_URI names an external server; set NEO4J_BROWSER_URL to check Browser")

    with urllib.request.urlopen(url, timeout=10) as response:
        status = response.status
        body = response.read(200_000).decode(errors="replace")

    assert status == 200
    assert "<html" in body.lower()
