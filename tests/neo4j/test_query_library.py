"""The query library: headers, parameters, defaults (no server)."""

from __future__ import annotations

import re

import pytest

from graphbuild.errors import GraphbuildError
from graphbuild.neo4j import queries


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
    with pytest.raises(GraphbuildError, match="'limit' must be an integer from .* not 'ten'"):
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


def test_queries_apply_their_own_defaults_for_browser():
    """Each optional parameter is used only through coalesce with the header's default (and
    toInteger for ints, as Browser sends 25.0 for `:params {limit: 25}`)."""
    for q in queries.list_queries():
        body = "\n".join(line for line in q.text.splitlines() if not line.startswith("//"))
        for param in q.params:
            uses = re.findall(r"\$" + param.name + r"\b", body)
            if param.required:
                assert f"coalesce(${param.name}" not in body, (q.name, param.name)
                continue
            default = (
                repr(param.default).replace('"', "'") if param.type == "string" else param.default
            )
            if param.type == "bool":
                default = str(param.default).lower()  # Cypher spells true and false so
            wrapped = f"coalesce(${param.name}, {default})"
            if param.type == "int":
                wrapped = f"toInteger({wrapped})"
            assert uses and body.count(wrapped) == len(uses), (q.name, param.name, wrapped)
