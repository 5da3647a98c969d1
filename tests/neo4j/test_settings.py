"""Connection settings from NEO4J_*, URI checks, and one-line driver errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from neo4j import exceptions as nex

from graphbuild.errors import Neo4jError
from graphbuild.neo4j.connection import check_version, connect, translate_error
from graphbuild.neo4j.settings import Neo4jSettings, check_uri


def test_settings_from_env_accept_neo4j_user_and_hide_the_password():
    settings = Neo4jSettings.from_env(
        {
            "NEO4J_URI": "bolt://db:7687",
            "NEO4J_USER": "alice",
            "NEO4J_PASSWORD": "s3cret-pw",
            "NEO4J_DATABASE": "papers",
        }
    )
    assert (settings.uri, settings.username, settings.database) == (
        "bolt://db:7687",
        "alice",
        "papers",
    )
    assert settings.password == "s3cret-pw" and "s3cret-pw" not in repr(settings)
    assert (
        Neo4jSettings.from_env(
            {"NEO4J_USERNAME": "bob", "NEO4J_USER": "alice"}, uri="neo4j://x"
        ).username
        == "bob"
    )
    assert Neo4jSettings.from_env({}).uri == "bolt://localhost:7687"


def test_old_servers_are_refused():
    with pytest.raises(Neo4jError, match="version 4.4.30; graphbuild needs Neo4j 5.x or later"):
        check_version(
            [{"name": "Neo4j Kernel", "versions": ["4.4.30"], "edition": "community"}],
            "bolt://x:7687",
        )
    assert check_version(
        [{"name": "Neo4j Kernel", "versions": ["5.26.19"], "edition": "community"}], "bolt://x"
    ) == ("Neo4j Kernel 5.26.19 community")


def test_error_messages_name_the_fix_not_the_password():
    auth = translate_error(
        nex.AuthError("The client is unauthorized"), Neo4jSettings("bolt://h:7687")
    )
    assert "refused the credentials of user 'neo4j'" in str(auth)
    down = translate_error(
        nex.ServiceUnavailable("Connection refused"), Neo4jSettings("bolt://h:7687")
    )
    assert "cannot reach Neo4j at bolt://h:7687" in str(down)
    assert "docker compose up -d --wait" in str(down) and "graphbuild neo4j start" in str(down)


def test_non_bolt_uris_are_refused_before_connecting():
    with pytest.raises(Neo4jError, match="'http://localhost:7474' is not a Bolt URI"):
        connect(Neo4jSettings("http://localhost:7474", "neo4j", "pw"))


@pytest.mark.parametrize(
    "uri",
    ["bolt://localhost:7687", "neo4j+s://db.example.org", "bolt://[::1]:7687", "bolt://h:65535"],
)
def test_good_uris_pass(uri):
    assert check_uri(uri) == uri


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("bolt://host:abc", "has port 'abc'; a port is a number from 1 to 65535"),
        ("bolt://host:99999", "has port '99999'"),
        ("bolt://host:65536", "has port '65536'"),
        ("bolt://host:0", "has port '0'"),
        ("bolt://", "names no host"),
        ("localhost:7687", "is not a Bolt URI"),
    ],
)
def test_bad_uris_give_one_clear_error_not_another_port(uri, message):
    with pytest.raises(Neo4jError, match=message):
        check_uri(uri)
    with pytest.raises(Neo4jError, match=message):
        connect(Neo4jSettings(uri))  # before any driver is made


def test_settings_are_read_from_the_environment_in_one_place():
    """No module but settings reads NEO4J_*: the CLI, the server and the loader ask it."""
    root = Path(__file__).resolve().parents[2] / "graphbuild"
    readers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if re.search(r"(\.get\(|environ\[|getenv\(|envvar=[^\n]*)[\"']NEO4J_", path.read_text())
    )
    assert readers == ["neo4j/settings.py"]
