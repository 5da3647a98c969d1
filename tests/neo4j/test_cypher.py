"""The .cypher files: found, read by name, all used, parameterised, shipped in the wheel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphbuild.errors import GraphbuildError
from graphbuild.neo4j import bulk, queries
from graphbuild.neo4j.cypher import cypher_dir, iter_cypher_files, read_cypher, split_statements
from graphbuild.neo4j.loader import load_statement_names
from graphbuild.neo4j.rows import ENTITY_LABELS
from graphbuild.neo4j.snapshot import CHECK_STATEMENTS

ROOT = Path(__file__).resolve().parents[2]


def statement_names() -> set[str]:
    """Every statement the package runs (loads and snapshots)."""
    return (
        load_statement_names()
        | bulk.statement_names()
        | set(CHECK_STATEMENTS.values())
        | {queries.ENTITY_EXISTS}
    )


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
        assert f"ON CREATE SET e:{label}, e.type = '{label}'\n" in text
        relabel = read_cypher("load/entity_counts")
        others = ":".join(other for other in ENTITY_LABELS if other != label)
        assert f"SET e:{label} REMOVE e:{others})" in relabel


def test_schema_has_unique_ids_and_is_idempotent():
    statements = split_statements(read_cypher("schema"))
    assert len(statements) == 8
    assert all("IF NOT EXISTS" in s for s in statements)
    for label in ("Paper", "Entity", *ENTITY_LABELS, "GraphbuildLock"):
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
