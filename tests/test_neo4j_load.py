"""Fast tests of the Neo4j loader, the query library and their CLI (no server needed)."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from neo4j import exceptions as nex

from graphbuild import neo4j_load, queries
from graphbuild.cli.neo4j import format_table, load, query
from graphbuild.errors import GraphbuildError, Neo4jError
from graphbuild.neo4j_load import (
    ENTITY_LABELS,
    Neo4jSettings,
    check_version,
    cypher_dir,
    graph_rows,
    iter_cypher_files,
    read_cypher,
    split_statements,
    statement_names,
    translate_error,
)

ROOT = Path(__file__).resolve().parents[1]


def small_graph() -> nx.MultiDiGraph:
    """Two papers naming three entities, as the pipeline builds it (lists as JSON)."""
    g = nx.MultiDiGraph()
    for pid, title, source in (
        ("arxiv:2101.00002", "Second", "b.txt:3"),
        ("arxiv:2101.00001", "First", "a.txt:1"),
    ):
        g.add_node(
            pid,
            labels=":Paper",
            id=pid,
            title=title,
            abstract="...",
            norm_title=title,
            authors=json.dumps(["Ada", "Alan"]),
            sources=json.dumps([source]),
        )
    for eid, label in (("gpt3", "Model"), ("glue", "Benchmark"), ("lora", "Method")):
        g.add_node(
            eid,
            labels=f":{label}",
            id=eid,
            name=eid.upper(),
            type=label,
            aliases=json.dumps([eid.upper() + "s", eid]),
            paper_count=9,
            mention_count=9,
        )
    g.add_edge(
        "arxiv:2101.00001",
        "gpt3",
        key="MENTIONS",
        label="MENTIONS",
        count=2,
        in_title=True,
        surfaces=json.dumps(["GPT-3"]),
        spans=json.dumps([["title", 0, 5]]),
    )
    g.add_edge(
        "arxiv:2101.00001",
        "glue",
        key="MENTIONS",
        label="MENTIONS",
        count=1,
        in_title=False,
        surfaces=json.dumps(["GLUE"]),
        spans="[]",
    )
    g.add_edge(
        "arxiv:2101.00001",
        "gpt3",
        key="INTRODUCES",
        label="INTRODUCES",
        rule="we_propose",
        surface="GPT-3",
    )
    g.add_edge(
        "arxiv:2101.00002",
        "lora",
        key="MENTIONS",
        label="MENTIONS",
        count=1,
        in_title=False,
        surfaces=json.dumps(["LoRA"]),
        spans="[]",
    )
    # Stored higher id -> lower id on purpose: the loader orders the ends itself.
    g.add_edge(
        "gpt3",
        "glue",
        key="CO_MENTIONED",
        label="CO_MENTIONED",
        weight=1,
        papers=json.dumps(["arxiv:2101.00001"]),
        association_strength=2.0,
    )
    return g


# --------------------------------------------------------------------------- rows


def test_rows_follow_the_data_model():
    rows = graph_rows(small_graph())
    assert [row[0] for row in rows.papers] == ["arxiv:2101.00001", "arxiv:2101.00002"]
    first_id, props, sources = rows.papers[0]
    assert sources == ["a.txt:1"]
    assert props["authors"] == ["Ada", "Alan"]  # JSON list -> native list
    assert "labels" not in props and "id" not in props and "sources" not in props
    assert rows.entities["Model"] == [
        ["gpt3", {"name": "GPT3", "type": "Model"}, ["GPT3s", "gpt3"]]
    ]
    # paper_count/mention_count are recomputed from MENTIONS in the database, not copied
    assert all("paper_count" not in row[1] for rs in rows.entities.values() for row in rs)
    mentions = rows.links["MENTIONS"]["arxiv:2101.00001"]
    assert ["gpt3", 2, True, ["GPT-3"], '[["title", 0, 5]]', None] in mentions
    assert rows.links["INTRODUCES"]["arxiv:2101.00001"] == [["gpt3", "we_propose", "GPT-3", None]]
    assert rows.pairs == {("glue", "gpt3"): [["arxiv:2101.00001"], None]}
    assert rows.node_count == 5
    assert rows.relationship_counts() == {"MENTIONS": 3, "INTRODUCES": 1, "CO_MENTIONED": 1}
    assert rows.mentioned("arxiv:2101.00001") == {"gpt3", "glue"}


def test_unknown_attributes_travel_as_extra_properties():
    g = small_graph()
    g.edges["arxiv:2101.00002", "lora", "MENTIONS"]["confidence"] = 0.5
    rows = graph_rows(g)
    assert rows.links["MENTIONS"]["arxiv:2101.00002"][0][-1] == {"confidence": 0.5}


@pytest.mark.parametrize("labels", [":Person", "", ":Model) DETACH DELETE (n", "Paperz"])
def test_unknown_node_labels_are_refused(labels):
    g = small_graph()
    g.nodes["gpt3"]["labels"] = labels
    with pytest.raises(GraphbuildError, match="expected one of :Paper, :Model"):
        graph_rows(g)


@pytest.mark.parametrize("rel_type", ["CITES", "MENTIONS]->() DETACH DELETE (x", "mentions"])
def test_unknown_relationship_types_are_refused(rel_type):
    g = small_graph()
    g.add_edge("arxiv:2101.00001", "lora", key=rel_type, label=rel_type)
    with pytest.raises(GraphbuildError, match="expected one of MENTIONS, INTRODUCES"):
        graph_rows(g)


def test_edges_must_fit_their_type():
    g = small_graph()
    g.add_edge("gpt3", "arxiv:2101.00001", key="MENTIONS", label="MENTIONS", count=1)
    with pytest.raises(GraphbuildError, match="from a paper to an entity"):
        graph_rows(g)
    g = small_graph()
    g.add_edge("arxiv:2101.00001", "gpt3", key="CO_MENTIONED", label="CO_MENTIONED", papers="[]")
    with pytest.raises(GraphbuildError, match="two entities"):
        graph_rows(g)


def test_a_bad_graph_is_refused_before_connecting():
    g = small_graph()
    g.add_edge("arxiv:2101.00001", "lora", key="CITES", label="CITES")
    with pytest.raises(GraphbuildError, match="type 'CITES'") as caught:
        neo4j_load.load_graph(g, uri=f"bolt://127.0.0.1:{_closed_port()}", password="pw")
    assert not isinstance(caught.value, Neo4jError)


def test_bad_list_attribute_is_named():
    g = small_graph()
    g.nodes["gpt3"]["aliases"] = "not json"
    with pytest.raises(GraphbuildError, match="'gpt3' attribute 'aliases' is not a JSON list"):
        graph_rows(g)


# --------------------------------------------------------------------------- Cypher files


def test_every_cypher_file_is_used():
    """Each .cypher file outside queries/ is a statement the loader runs, and vice versa."""
    folder = cypher_dir()
    files = {p.relative_to(folder).with_suffix("").as_posix() for p in iter_cypher_files()}
    library = {f"queries/{q.name}" for q in queries.list_queries()}
    assert files - library == statement_names()
    assert library <= files and len(library) >= 10


def test_statements_are_parameterised_and_whitelisted():
    """Load statements take values only as parameters; labels appear literally."""
    for name in statement_names():
        text = read_cypher(name)
        code = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
        assert "$(" not in code, f"{name} builds a label or type from a value"
        assert re.search(r"'[^']*'\s*\+|\+\s*'", code) is None, f"{name} concatenates Cypher"
    for label in ENTITY_LABELS:
        text = read_cypher(f"load/merge_{label.lower()}")
        assert f"SET e:{label}\n" in text
        assert all(f":{other}" in text for other in ENTITY_LABELS if other != label)


def test_schema_has_unique_ids_and_is_idempotent():
    statements = split_statements(read_cypher("schema"))
    assert len(statements) == 7
    assert all("IF NOT EXISTS" in s for s in statements)
    for label in ("Paper", "Entity", *ENTITY_LABELS):
        assert any(f":{label}) REQUIRE" in s and "IS UNIQUE" in s for s in statements)


def test_split_statements_drops_comments():
    assert split_statements("// a\nRETURN 1;\n// b\nRETURN 2;\n// end\n") == [
        "// a\nRETURN 1",
        "// b\nRETURN 2",
    ]


def test_cypher_dir_prefers_the_wheel_copy(tmp_path):
    package = tmp_path / "site" / "graphbuild"
    (package / "_cypher").mkdir(parents=True)
    assert cypher_dir(package) == package / "_cypher"
    checkout = tmp_path / "repo" / "graphbuild"
    checkout.mkdir(parents=True)
    (tmp_path / "repo" / "cypher").mkdir()
    assert cypher_dir(checkout) == tmp_path / "repo" / "cypher"
    with pytest.raises(GraphbuildError, match="cannot find the cypher/ folder"):
        cypher_dir(tmp_path / "nowhere" / "graphbuild")


def test_wheel_force_includes_the_cypher_folder():
    # (tomllib is Python 3.11+; the package supports 3.10)
    pyproject = (ROOT / "pyproject.toml").read_text()
    section = pyproject.split("[tool.hatch.build.targets.wheel.force-include]", 1)[1]
    assert re.search(r'^"cypher" = "graphbuild/_cypher"$', section.split("\n[", 1)[0], re.M)


def test_browser_style_colours_every_label():
    grass = (cypher_dir() / "graphbuild.grass").read_text()
    colours = {}
    for label in ("Paper", *ENTITY_LABELS):
        rule = re.search(r"node\." + label + r" \{(.*?)\n\}", grass, re.S)
        assert rule, label
        colours[label] = re.search(r"color: (#\w+);", rule.group(1)).group(1)
        caption = "{title}" if label == "Paper" else "{name}"
        assert f'caption: "{caption}";' in rule.group(1)
    assert len(set(colours.values())) == len(colours)
    # The shared :Entity rule must come first, or it would override the type colours.
    assert grass.index("node.Entity") < min(grass.index(f"node.{t}") for t in ENTITY_LABELS)


# --------------------------------------------------------------------------- queries


def test_query_header_parsing():
    q = queries.parse_query(
        "q",
        (
            "// Models evaluated on a benchmark.\n"
            "// Second line of the description.\n"
            '// params: $benchmark (string), $limit (int, default 25), $kind (string, default ""),'
            " $min (float, default 0.5), $all (bool, default false)\n"
            "MATCH (n) RETURN n LIMIT $limit\n"
        ),
    )
    assert q.description == "Models evaluated on a benchmark. Second line of the description."
    assert [(p.name, p.type, p.default, p.required) for p in q.params] == [
        ("benchmark", "string", None, True),
        ("limit", "int", 25, False),
        ("kind", "string", "", False),
        ("min", "float", 0.5, False),
        ("all", "bool", False, False),
    ]
    assert q.parameters({"benchmark": "GLUE", "limit": "10", "all": "yes"}) == {
        "benchmark": "GLUE",
        "limit": 10,
        "kind": "",
        "min": 0.5,
        "all": True,
    }


def test_query_parameters_are_checked():
    q = queries.get_query("top_pairs")
    with pytest.raises(GraphbuildError, match="has no parameter lmit; it takes \\$limit"):
        q.parameters({"lmit": 3})
    with pytest.raises(GraphbuildError, match="'limit' must be int, not 'ten'"):
        q.parameters({"limit": "ten"})
    with pytest.raises(GraphbuildError, match="needs \\$benchmark \\(string\\)"):
        queries.get_query("models_on_benchmark").parameters({})
    with pytest.raises(GraphbuildError, match="no query named 'nope'; choose one of"):
        queries.get_query("nope")


@pytest.mark.parametrize(
    "text",
    [
        "MATCH (n) RETURN n",
        "// says what\nMATCH (n) RETURN n",
        "// params: $x (int)\nRETURN 1",
        "// what\n// params: $x (date)\nRETURN 1",
    ],
)
def test_bad_query_headers_are_refused(text):
    with pytest.raises(GraphbuildError, match="query 'bad'"):
        queries.parse_query("bad", text)


def test_every_library_query_has_a_header():
    for q in queries.list_queries():
        assert q.description and q.description[0].isupper(), q.name
        for param in q.params:
            assert f"${param.name}" in q.text.split("params:", 1)[1], (q.name, param.name)


# --------------------------------------------------------------------------- settings, errors


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
        nex.AuthError("The client is unauthorized"), "bolt://h:7687", "neo4j", None
    )
    assert "refused the credentials of user 'neo4j'" in str(auth)
    down = translate_error(
        nex.ServiceUnavailable("Connection refused"), "bolt://h:7687", "neo4j", None
    )
    assert "cannot reach Neo4j at bolt://h:7687" in str(down)
    assert "docker compose up -d --wait" in str(down) and "scripts/neo4j-local start" in str(down)


def test_non_bolt_uris_are_refused_before_connecting():
    with pytest.raises(Neo4jError, match="'http://localhost:7474' is not a Bolt URI"):
        neo4j_load.connect("http://localhost:7474", "neo4j", "pw")


# --------------------------------------------------------------------------- CLI


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_load_command_reports_an_unreachable_server_in_one_line(tmp_path):
    graph_file = tmp_path / "g.graphml"
    from graphbuild.formats.graphml import write_graphml

    write_graphml(small_graph(), graph_file)
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    result = CliRunner().invoke(
        load, [str(graph_file), "--uri", uri, "--password", "pw-never-shown"]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot reach Neo4j at {uri}")
    assert "scripts/neo4j-local start" in result.output
    assert "pw-never-shown" not in result.output and "Traceback" not in result.output


def test_load_command_needs_inputs_and_finds_graphml_files(tmp_path):
    result = CliRunner().invoke(load, [])
    assert result.exit_code == 2 and "give INPUT listings" in result.output
    result = CliRunner().invoke(load, [str(tmp_path / "missing.graphml")])
    assert result.exit_code == 1 and "no such GraphML file" in result.output


def test_query_list_names_every_query_with_its_parameters():
    result = CliRunner().invoke(query, ["--list"])
    assert result.exit_code == 0
    for q in queries.list_queries():
        assert f"{q.name}\n    {q.description}\n" in result.output
    assert "params: $benchmark (string), $limit (int, default 25)" in result.output


def test_query_command_checks_its_arguments():
    result = CliRunner().invoke(query, [])
    assert result.exit_code == 2 and "give a query NAME" in result.output
    result = CliRunner().invoke(query, ["top_pairs", "--param", "limit"])
    assert result.exit_code == 2 and "'limit' is not KEY=VALUE" in result.output
    result = CliRunner().invoke(query, ["top_pairs", "-p", "lmit=2"])
    assert result.exit_code == 1 and "has no parameter lmit" in result.output


@pytest.mark.parametrize("command", [load, query])
def test_help_has_an_example_and_hides_the_password(command, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-in-env")
    result = CliRunner().invoke(command, ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "graphbuild " + command.name in result.output
    assert "pw-in-env" not in result.output and "graphbuild-local" not in result.output


def test_table_format():
    text = format_table(
        ("entity", "neighbour", "weight"),
        [
            {
                "entity": {"_labels": ["Entity", "Model"], "name": "BERT"},
                "neighbour": {"_labels": ["Paper"], "title": "x" * 80},
                "weight": 0.123456,
            }
        ],
    )
    lines = text.splitlines()
    assert lines[0].split() == ["entity", "neighbour", "weight"]
    assert lines[2].startswith("(:Model BERT)  (:Paper " + "x" * 40)
    assert "0.1235" in lines[2] and lines[-1] == "(1 row)"
