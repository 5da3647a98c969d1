import csv
import json

from graphbuild.formats.neo4j_csv import ARRAY_DELIMITER, write_neo4j_csv


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_one_file_per_label_and_type_with_typed_headers(analysed_samples, tmp_path):
    written = write_neo4j_csv(analysed_samples, tmp_path)
    assert [f.name for f in written.node_files] == [
        "nodes_Benchmark.csv",
        "nodes_Dataset.csv",
        "nodes_Method.csv",
        "nodes_Model.csv",
        "nodes_Paper.csv",
    ]
    assert [f.name for f in written.relationship_files] == [
        "rels_CO_MENTIONED.csv",
        "rels_INTRODUCES.csv",
        "rels_MENTIONS.csv",
    ]
    header, *models = _rows(tmp_path / "nodes_Model.csv")
    assert header[:2] == ["id:ID", ":LABEL"]
    for typed in ("aliases:string[]", "community:long", "pagerank:double", "burst:boolean"):
        assert typed in header
    assert len(models) == written.nodes["Model"]
    assert {row[1] for row in models} == {f"Entity{ARRAY_DELIMITER}Model"}
    header, *pairs = _rows(tmp_path / "rels_CO_MENTIONED.csv")
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"weight:long", "npmi:double"} <= set(header)
    assert not any(name.startswith("papers") for name in header)  # as the loader: no list
    assert len(pairs) == written.relationships["CO_MENTIONED"]
    total = sum(written.nodes.values()) + sum(written.relationships.values())
    assert total == analysed_samples.number_of_nodes() + analysed_samples.number_of_edges()


def test_the_command_names_every_file(analysed_samples, tmp_path):
    written = write_neo4j_csv(analysed_samples, tmp_path, database="graph")
    assert written.command.startswith("neo4j-admin database import full graph ")
    for path in [*written.node_files, *written.relationship_files]:
        assert str(path) in written.command
    assert "--array-delimiter=U+001F" in written.command


def test_lists_become_arrays(analysed_samples, tmp_path):
    write_neo4j_csv(analysed_samples, tmp_path)
    header, *rows = _rows(tmp_path / "rels_MENTIONS.csv")
    surfaces = header.index("surfaces:string[]")
    expected = {
        (a, b): json.loads(d["surfaces"])
        for a, b, k, d in analysed_samples.edges(keys=True, data=True)
        if k == "MENTIONS"
    }
    assert rows and all(
        row[surfaces].split(ARRAY_DELIMITER) == expected[(row[0], row[1])] for row in rows
    )
