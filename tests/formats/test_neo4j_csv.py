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


def _graph_with_citations():
    """A small graph of every label and type: entities and the citation layer."""
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_node("p1", labels=":Paper", id="p1", title="One", authors="[]", year=2020)
    g.add_node("p2", labels=":Paper", id="p2", title="Two", authors='["B", "A", "B"]')
    g.add_node("bert", labels=":Model", id="bert", name="BERT", type="Model", aliases="[]")
    g.add_node("glue", labels=":Benchmark", id="glue", name="GLUE", type="Benchmark")
    g.add_node("squad", labels=":Dataset", id="squad", name="SQuAD", type="Dataset")
    g.add_node("author:orcid:1", labels=":Author", id="author:orcid:1", name="Ada", paper_count=1)
    g.add_node("venue:issn:1", labels=":Venue", id="venue:issn:1", name="ACL", paper_count=1)
    for paper, entity, count in (("p1", "bert", 2), ("p1", "glue", 1), ("p2", "bert", 1)):
        g.add_edge(paper, entity, key="MENTIONS", label="MENTIONS", count=count, surfaces="[]")
    g.add_edge("p2", "squad", key="MENTIONS", label="MENTIONS", count=1, surfaces='["SQuAD"]')
    g.add_edge("p1", "bert", key="INTRODUCES", label="INTRODUCES", rule="we_propose")
    # Only one of the three pairs made it into the graph (--min-weight filters the build).
    g.add_edge("bert", "glue", key="CO_MENTIONED", label="CO_MENTIONED", weight=1, npmi=0.5)
    g.add_edge("p2", "p1", key="CITES", label="CITES", citation_sources='["s2"]')
    g.add_edge("author:orcid:1", "p1", key="WROTE", label="WROTE", position=1)
    g.add_edge("p1", "venue:issn:1", key="PUBLISHED_IN", label="PUBLISHED_IN")
    g.add_edge("p2", "p1", key="DRAWS_ON", label="DRAWS_ON", entities='["bert"]', inferred=True)
    return g


def test_every_label_and_type_gets_a_file_including_the_citation_layer(tmp_path):
    written = write_neo4j_csv(_graph_with_citations(), tmp_path)
    assert set(written.nodes) == {"Author", "Benchmark", "Dataset", "Model", "Paper", "Venue"}
    assert set(written.relationships) == {
        "CITES", "CO_MENTIONED", "DRAWS_ON", "INTRODUCES", "MENTIONS", "PUBLISHED_IN", "WROTE"
    }  # fmt: skip
    header, *authors = _rows(tmp_path / "nodes_Author.csv")
    assert authors == [["author:orcid:1", "Author", "Ada", "1"]]
    assert header == ["id:ID", ":LABEL", "name", "paper_count:long"]
    header, *wrote = _rows(tmp_path / "rels_WROTE.csv")
    assert wrote == [["author:orcid:1", "p1", "WROTE", "1"]]


def test_as_loaded_writes_what_the_driver_loader_writes(tmp_path):
    written = write_neo4j_csv(_graph_with_citations(), tmp_path, as_loaded=True)
    # Pairs come from MENTIONS as in the database, not from the (filtered) graph: bert-glue
    # (with the graph's npmi) and bert-squad; association strength over both.
    header, *pairs = _rows(tmp_path / "rels_CO_MENTIONED.csv")
    assert header == [
        ":START_ID", ":END_ID", ":TYPE", "association_strength:double", "npmi:double",
        "weight:long",
    ]  # fmt: skip
    assert pairs == [
        ["bert", "glue", "CO_MENTIONED", "2.0", "0.5", "1"],
        ["bert", "squad", "CO_MENTIONED", "2.0", "", "1"],
    ]
    # Counts from MENTIONS; lists sorted without repeats; empty values numbered.
    header, *models = _rows(tmp_path / "nodes_Model.csv")
    bert = dict(zip(header, models[0], strict=True))
    assert (bert["paper_count:long"], bert["mention_count:long"]) == ("2", "3")
    assert bert.get("aliases:string[]", "") == ""  # no value: neo4j-admin cannot write []
    header, *papers = _rows(tmp_path / "nodes_Paper.csv")
    p1, p2 = (dict(zip(header, row, strict=True)) for row in papers)
    assert p2["authors:string[]"] == f"A{ARRAY_DELIMITER}B"
    assert written.empty_values[int(p1["graphbuild_empty:long"])] == {
        "authors": [],
        "sources": [],
    }
    assert written.empty_values[int(bert["graphbuild_empty:long"])] == {"aliases": []}
    header, *mentions = _rows(tmp_path / "rels_MENTIONS.csv")
    assert "typed_as" in header and {row[header.index("typed_as")] for row in mentions} == {
        "Model",
        "Benchmark",
        "Dataset",
    }
    # The export (not as loaded) keeps the graph's pairs and writes no numbers.
    plain = write_neo4j_csv(_graph_with_citations(), tmp_path / "plain")
    assert plain.relationships["CO_MENTIONED"] == 1 and plain.empty_values == []
    assert all("graphbuild_empty" not in f.read_text() for f in plain.node_files)
