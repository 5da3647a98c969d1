"""GraphML: round trips, byte-identical output, APOC's conventions, the real XSD, other readers."""

from __future__ import annotations

import io
import math
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import pytest
from lxml import etree

from graphbuild.errors import GraphbuildError, InputError
from graphbuild.formats.graphml import (
    GRAPHML_NS,
    generate_graphml,
    parse_graphml,
    read_graphml,
    write_graphml,
)

NS = {"g": GRAPHML_NS}
CONTROL = "\x0c"  # a form feed, as PDF-to-text leaves them; not allowed in XML 1.0

# ------------------------------------------------------------------ a small graph of the data model

PAPER_A = "arxiv:2301.00001"
PAPER_B = "doi:10.1145/3292500.3330701"  # '/' is not an xs:NMTOKEN character
PAPER_C = "title:0a1b2c3d4e5f6a7b"
PAPER_D = "arxiv:hep-th/9901001"

NODES: list[tuple[str, dict[str, Any]]] = [
    (
        PAPER_A,
        {
            "labels": ":Paper",
            "id": PAPER_A,
            "title": 'Scaling <PanGu-α> & "GPT-3": a study',
            "abstract": "We compare PanGu-α with GPT-3 on MMLU.\nSecond line\twith a tab.\r\n",
            "norm_title": "scaling pangu alpha gpt 3 a study",
            "arxiv_id": "2301.00001",
            "url": "https://arxiv.org/abs/2301.00001",
            "date": "2023-01-01",
            "authors": '["Zoë Ångström", "李雷"]',
            "sources": '["papers.txt:3"]',
        },
    ),
    (
        PAPER_B,
        {
            "labels": ":Paper",
            "id": PAPER_B,
            "title": "Training with DP-SGD on ImageNet",
            "abstract": f"Page one{CONTROL}page two.",
            "norm_title": "training with dp sgd on imagenet",
            "doi": "10.1145/3292500.3330701",
            "authors": "[]",
            "sources": '["papers.jsonl:1"]',
        },
    ),
    (
        PAPER_C,
        {
            "labels": ":Paper",
            "id": PAPER_C,
            "title": "An untitled preprint",
            "abstract": "",
            "norm_title": "an untitled preprint",
            "authors": '["A. Author"]',
            "sources": '["papers.txt:9"]',
        },
    ),
    (
        PAPER_D,
        {
            "labels": ":Paper",
            "id": PAPER_D,
            "title": "Old-style identifiers",
            "abstract": "No entities here.",
            "norm_title": "old style identifiers",
            "arxiv_id": "hep-th/9901001",
            "authors": "[]",
            "sources": '["papers.txt:12"]',
        },
    ),
]
ENTITIES = [
    ("gpt3", ":Model", "GPT-3", '["GPT-3", "GPT3"]', 1, 1),
    ("pangualpha", ":Model", "PanGu-α", '["PanGu-α", "PanGu alpha"]', 1, 2),
    ("dpsgd", ":Method", "DP-SGD", '["DP-SGD"]', 1, 1),
    ("imagenet", ":Dataset", "ImageNet", '["ImageNet"]', 1, 1),
    ("mmlu", ":Benchmark", "MMLU", '["MMLU"]', 1, 1),
]
NODES += [
    (
        key,
        {
            "labels": label,
            "id": key,
            "name": name,
            "type": label[1:],
            "aliases": aliases,
            "paper_count": papers,
            "mention_count": mentions,
        },
    )
    for key, label, name, aliases, papers, mentions in ENTITIES
]


def mentions(count: int, in_title: bool, surface: str, spans: str) -> dict[str, Any]:
    return {
        "label": "MENTIONS",
        "count": count,
        "in_title": in_title,
        "surfaces": f'["{surface}"]',
        "spans": spans,
    }


EDGES: list[tuple[str, str, dict[str, Any]]] = [
    (
        PAPER_A,
        "pangualpha",
        mentions(2, True, "PanGu-α", '[["title", 9, 16], ["abstract", 11, 18]]'),
    ),
    (PAPER_A, "gpt3", mentions(1, True, "GPT-3", '[["title", 21, 26]]')),
    (PAPER_A, "mmlu", mentions(1, False, "MMLU", '[["abstract", 32, 36]]')),
    (PAPER_B, "dpsgd", mentions(1, True, "DP-SGD", '[["title", 14, 20]]')),
    (PAPER_B, "imagenet", mentions(1, True, "ImageNet", '[["title", 24, 32]]')),
    (PAPER_A, "pangualpha", {"label": "INTRODUCES", "rule": "we_propose", "surface": "PanGu-α"}),
    (
        "gpt3",
        "pangualpha",
        {
            "label": "CO_MENTIONED",
            "weight": 1,
            "papers": f'["{PAPER_A}"]',
            "association_strength": 0.1 + 0.2,
        },
    ),
    (
        "dpsgd",
        "imagenet",
        {
            "label": "CO_MENTIONED",
            "weight": 1,
            "papers": f'["{PAPER_B}"]',
            "association_strength": 2.0,
        },
    ),
]
GRAPH_ATTRS = {"generator": "graphbuild 0.1.0", "min_weight": 1, "scaled": False, "ratio": 1e-300}


def build(seed: int | None = None, *, clean: bool = False) -> nx.MultiDiGraph:
    """Return the sample graph; ``seed`` shuffles every insertion order, ``clean`` drops CONTROL."""
    nodes = [(n, dict(a)) for n, a in NODES]
    edges = [(u, v, dict(a)) for u, v, a in EDGES]
    graph_attrs = dict(GRAPH_ATTRS)
    if clean:
        for _, attrs in nodes:
            attrs.update(
                {k: v.replace(CONTROL, "") for k, v in attrs.items() if isinstance(v, str)}
            )
    if seed is not None:
        rng = random.Random(seed)
        for items in (nodes, edges):
            rng.shuffle(items)
        nodes = [(n, shuffled(a, rng)) for n, a in nodes]
        edges = [(u, v, shuffled(a, rng)) for u, v, a in edges]
        graph_attrs = shuffled(graph_attrs, rng)
    graph = nx.MultiDiGraph(**graph_attrs)
    graph.add_nodes_from(nodes)
    for u, v, attrs in edges:
        graph.add_edge(u, v, key=attrs["label"], **attrs)
    return graph


def shuffled(attrs: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    items = list(attrs.items())
    rng.shuffle(items)
    return dict(items)


def typed(attrs: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    return {name: (type(value), value) for name, value in attrs.items()}


def assert_same_graph(got: nx.MultiDiGraph, want: nx.MultiDiGraph) -> None:
    """Nodes, edges with their keys, and every attribute with its Python type."""
    assert isinstance(got, nx.MultiDiGraph)
    assert typed(got.graph) == typed(want.graph)
    assert {n: typed(a) for n, a in got.nodes(data=True)} == {
        n: typed(a) for n, a in want.nodes(data=True)
    }
    assert {(u, v, k): typed(a) for u, v, k, a in got.edges(keys=True, data=True)} == {
        (u, v, k): typed(a) for u, v, k, a in want.edges(keys=True, data=True)
    }


def document(graph: nx.MultiDiGraph) -> bytes:
    return "".join(generate_graphml(graph)).encode("utf-8")


# ------------------------------------------------------------------ the real schema


def test_output_is_schema_valid(assert_valid_graphml: Callable[[bytes], None]) -> None:
    assert_valid_graphml(document(build()))


def test_empty_graph_is_schema_valid(assert_valid_graphml: Callable[[bytes], None]) -> None:
    data = document(nx.MultiDiGraph())
    assert_valid_graphml(data)
    assert_same_graph(parse_graphml(data), nx.MultiDiGraph())


def test_schema_rejects_raw_ids_that_we_escape(graphml_schema: etree.XMLSchema) -> None:
    """Why DOIs are escaped: node ids are xs:NMTOKEN, and '/' or ' ' is not a name character."""
    raw = document(build()).replace(b"doi:10.1145_x002F_3292500", b"doi:10.1145/3292500")
    assert not graphml_schema.validate(etree.fromstring(raw))
    assert "NMTOKEN" in str(graphml_schema.error_log)


@pytest.mark.parametrize(
    "node_id",
    [
        "arxiv:2301.00001",  # ':' and a dot: a valid NMTOKEN, written as is
        "title:0a1b2c3d4e5f6a7b",
        "1234",  # a leading digit is fine in an NMTOKEN (unlike xs:ID / NCName)
        "doi:10.1000/xyz(123)<&>",
        "has space\tand tab",
        "pangu-α",
        "模型",
        "emoji😀",
        "x_x0041_y",  # looks like an escape: its '_' is escaped
        "trailing_",
        "_",
        "ctrl\x01char",
    ],
)
def test_any_node_id_is_schema_valid_and_round_trips(
    assert_valid_graphml: Callable[[bytes], None], node_id: str
) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node(node_id, labels=":Model", id=node_id)
    graph.add_node("other", labels=":Model", id="other")
    graph.add_edge(node_id, "other", key="CO_MENTIONED", label="CO_MENTIONED", weight=1)
    data = document(graph)
    assert_valid_graphml(data)
    written = etree.fromstring(data).xpath("//g:node/@id", namespaces=NS)
    if re.fullmatch(r"[A-Za-z0-9.:-]+", node_id):
        assert node_id in written  # ids of our data model stay readable in the file
    # The id data entry keeps the true id, minus what XML 1.0 cannot hold.
    back = parse_graphml(data)
    assert set(back.nodes) == {node_id, "other"}
    assert back.has_edge(node_id, "other", "CO_MENTIONED")


# ------------------------------------------------------------------ round trips


@pytest.mark.parametrize("via", ["path", "str-path", "binary-file", "text-file", "str", "bytes"])
def test_round_trip(tmp_path: Path, via: str) -> None:
    graph = build()
    if via in ("path", "str-path"):
        target = tmp_path / "graph.graphml"
        write_graphml(graph, target if via == "path" else str(target))
        back = read_graphml(target if via == "path" else str(target))
    elif via == "binary-file":
        buffer = io.BytesIO()
        write_graphml(graph, buffer)
        buffer.seek(0)
        back = read_graphml(buffer)
    elif via == "text-file":
        text_buffer = io.StringIO()
        write_graphml(graph, text_buffer)
        text_buffer.seek(0)
        back = read_graphml(text_buffer)
    else:
        text = "".join(generate_graphml(graph))
        back = parse_graphml(text if via == "str" else text.encode("utf-8"))
    assert_same_graph(back, build(clean=True))


def test_round_trip_keeps_types() -> None:
    back = parse_graphml(document(build()))
    edge = back.edges[PAPER_A, "pangualpha", "MENTIONS"]
    assert edge["count"] == 2 and type(edge["count"]) is int
    assert edge["in_title"] is True
    assert back.edges["gpt3", "pangualpha", "CO_MENTIONED"]["association_strength"] == 0.1 + 0.2
    assert back.nodes[PAPER_A]["authors"] == '["Zoë Ångström", "李雷"]'  # JSON stays a string
    assert back.nodes[PAPER_C]["abstract"] == ""
    assert back.graph == GRAPH_ATTRS
    assert type(back.graph["scaled"]) is bool


@pytest.mark.parametrize("char", ["\x00", "\x01", CONTROL, "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_characters_xml_forbids_are_dropped(
    assert_valid_graphml: Callable[[bytes], None], char: str
) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("n", labels=":Paper", abstract=f"a{char}b\r\n\tc")
    data = document(graph)
    assert_valid_graphml(data)  # also proves the file is well-formed
    assert parse_graphml(data).nodes["n"]["abstract"] == "a" + "b\r\n\tc"


@pytest.mark.parametrize("value", [math.inf, -math.inf, 5e-324, 1.7976931348623157e308, -0.0])
def test_special_floats_round_trip(value: float) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("n", x=value)
    got = parse_graphml(document(graph)).nodes["n"]["x"]
    assert type(got) is float and got == value and math.copysign(1, got) == math.copysign(1, value)


def test_nan_round_trips() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("n", x=math.nan)
    data = document(graph)
    assert b'<data key="x">NaN</data>' in data  # Java's Double.parseDouble reads NaN/Infinity
    assert math.isnan(parse_graphml(data).nodes["n"]["x"])


# ------------------------------------------------------------------ determinism and layout


@pytest.mark.parametrize("seed", [1, 2, 3, 42])
def test_output_does_not_depend_on_insertion_order(seed: int) -> None:
    assert document(build(seed)) == document(build())


def test_parallel_edges_with_the_same_label_are_ordered_by_their_data() -> None:
    def graph(order: list[int]) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        g.add_nodes_from(["a", "b"])
        for i in order:
            g.add_edge("a", "b", label="MENTIONS", count=i)
        return g

    assert document(graph([3, 1, 2])) == document(graph([2, 3, 1]))


def test_file_layout() -> None:
    text = document(build()).decode("utf-8")
    lines = text.split("\n")
    assert lines[0] == '<?xml version="1.0" encoding="UTF-8"?>'
    assert text.endswith("</graphml>\n")
    # One element per line: every line is a tag, or a <data> with its text and closing tag.
    for line in lines[1:-1]:
        assert re.fullmatch(r" *(<[^<>]+>|<data key=\"[^\"]+\">[^<>]*</data>)", line), line
    assert '<graph id="G" edgedefault="directed">' in text


def test_labels_and_label_come_first_and_key_ids_are_attribute_names() -> None:
    root = etree.fromstring(document(build()))
    keys = root.findall("g:key", NS)
    assert [k.get("id") for k in keys[:2]] == ["labels", "label"]
    assert [k.get("id") for k in keys[2:]] == sorted(k.get("id") for k in keys[2:])
    for key in keys:
        assert key.get("attr.name") == key.get("id")
        assert key.get("attr.type") in {"boolean", "long", "double", "string"}
    assert {k.get("id"): k.get("for") for k in keys}["labels"] == "node"
    assert {k.get("id"): k.get("for") for k in keys}["generator"] == "graph"
    nodes = root.findall("g:graph/g:node", NS)
    edges = root.findall("g:graph/g:edge", NS)
    assert len(nodes) == len(NODES) and len(edges) == len(EDGES)
    for node in nodes:
        assert node[0].get("key") == "labels" and node[0].text.startswith(":")
    for edge in edges:
        assert edge[0].get("key") == "label"
        assert edge.get("id") is None  # edges carry no id: optional, and unique if present
    graph_data = root.findall("g:graph/g:data", NS)
    assert [d.get("key") for d in graph_data] == sorted(GRAPH_ATTRS)


def test_attribute_types_are_declared() -> None:
    root = etree.fromstring(document(build()))
    types = {k.get("id"): k.get("attr.type") for k in root.findall("g:key", NS)}
    assert types["in_title"] == "boolean"
    assert types["count"] == types["weight"] == types["paper_count"] == "long"
    assert types["association_strength"] == "double"
    assert types["spans"] == types["labels"] == "string"


def test_generate_streams_in_chunks_of_whole_lines() -> None:
    graph = nx.MultiDiGraph()
    for i in range(3000):
        graph.add_node(f"n{i}", labels=":Model", name=f"Model {i}")
        if i:
            graph.add_edge(f"n{i - 1}", f"n{i}", label="CO_MENTIONED", weight=i)
    chunks = list(generate_graphml(graph))
    assert len(chunks) > 3
    assert all(chunk.endswith("\n") for chunk in chunks)
    assert max(map(len, chunks)) < 200_000
    assert parse_graphml("".join(chunks)).number_of_edges() == 2999


# ------------------------------------------------------------------ values and their types


@pytest.mark.parametrize(
    ("values", "attr_type", "read_back"),
    [
        ([True, False], "boolean", [True, False]),
        ([1, 2], "long", [1, 2]),
        ([1.5, 2.0], "double", [1.5, 2.0]),
        (["a", "b"], "string", ["a", "b"]),
        ([1, 2.5], "double", [1.0, 2.5]),  # int + float widen to double
        ([1, "a"], "string", ["1", "a"]),
        ([True, 1], "string", ["true", "1"]),  # bool is not a number here
        ([0.5, False], "string", ["0.5", "false"]),
        ([None, 3], "long", [None, 3]),  # None: the attribute is absent
        ([["x", "é"], {"b": 1, "a": [2]}], "string", ['["x", "é"]', '{"a": [2], "b": 1}']),
        ([("t", 1), "s"], "string", ['["t", 1]', "s"]),
    ],
)
def test_value_types_and_widening(values: list[Any], attr_type: str, read_back: list[Any]) -> None:
    graph = nx.MultiDiGraph()
    for i, value in enumerate(values):
        graph.add_node(f"n{i}", x=value)
    data = document(graph)
    key = etree.fromstring(data).find("g:key[@id='x']", NS)
    assert key is not None and key.get("attr.type") == attr_type
    back = parse_graphml(data)
    got = [back.nodes[f"n{i}"].get("x") for i in range(len(values))]
    assert [(type(v), v) for v in got] == [(type(v), v) for v in read_back]


def test_str_enum_values_are_written_as_their_value() -> None:
    from graphbuild.model import EntityType

    graph = nx.MultiDiGraph()
    graph.add_node("gpt3", type=EntityType.MODEL)
    assert parse_graphml(document(graph)).nodes["gpt3"]["type"] == "Model"


def test_name_shared_by_nodes_and_edges_is_declared_once_for_all() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", labels=":Model", note="n")
    graph.add_node("b", labels=":Model")
    graph.add_edge("a", "b", label="CO_MENTIONED", note="e")
    root = etree.fromstring(document(graph))
    assert [(k.get("id"), k.get("for")) for k in root.findall("g:key", NS)] == [
        ("labels", "node"),
        ("label", "edge"),
        ("note", "all"),
    ]
    back = parse_graphml(document(graph))
    assert back.nodes["a"]["note"] == "n"
    assert back.edges["a", "b", "CO_MENTIONED"]["note"] == "e"


def test_name_with_different_types_on_nodes_and_edges_is_an_error() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", count=1)
    graph.add_node("b")
    graph.add_edge("a", "b", count="many")
    with pytest.raises(GraphbuildError, match=r"'count' is long on nodes but string on edges"):
        document(graph)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda g: g.add_node("a", x={1, 2}), r"'x' of node 'a' has a value of type set"),
        (lambda g: g.add_node("a", x=object()), r"type object"),
        (lambda g: g.add_node("a", x=[object()]), r"not JSON-serialisable"),
        (lambda g: g.add_node("a", x=2**63), r"outside the 64-bit range"),
        (lambda g: g.add_node("a", **{"paper count": 1}), r"'paper count' .* not an XML name"),
        (lambda g: g.add_node(""), r"empty id"),
        (lambda g: g.add_nodes_from([1, "1"]), r"same id"),
    ],
)
def test_unwritable_graphs_fail_before_writing(tmp_path: Path, make: Any, message: str) -> None:
    graph = nx.MultiDiGraph()
    make(graph)
    target = tmp_path / "out.graphml"
    with pytest.raises(GraphbuildError, match=message):
        write_graphml(graph, target)
    assert not target.exists()


# ------------------------------------------------------------------ other readers


def test_igraph_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    write_graphml(build(), path)
    # igraph keeps XML node ids in a vertex attribute "id" unless the file has one:
    # ours does, holding the true (unescaped) id.
    with pytest.warns(RuntimeWarning, match="already an 'id' vertex attribute"):
        graph = igraph.Graph.Read_GraphML(str(path))
    assert graph.is_directed()
    assert (graph.vcount(), graph.ecount()) == (len(NODES), len(EDGES))
    assert set(graph.vs["id"]) == {n for n, _ in NODES}
    assert sorted(graph.es["label"]) == sorted(a["label"] for _, _, a in EDGES)
    assert set(graph.vertex_attributes()) == {k for _, a in NODES for k in a}
    assert set(graph.edge_attributes()) == {k for _, _, a in EDGES for k in a}
    by_id = {v["id"]: v for v in graph.vs}
    assert by_id["pangualpha"]["name"] == "PanGu-α"
    assert by_id["pangualpha"]["labels"] == ":Model"
    edge = graph.es[graph.get_eid(by_id[PAPER_A].index, by_id["gpt3"].index)]
    assert (edge["label"], edge["count"], edge["in_title"]) == ("MENTIONS", 1, True)
    assert graph["generator"] == "graphbuild 0.1.0"


def test_networkx_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    write_graphml(build(), path)
    graph = nx.read_graphml(path, force_multigraph=True)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(NODES), len(EDGES))
    assert {a["id"] for _, a in graph.nodes(data=True)} == {n for n, _ in NODES}
    assert graph.nodes["pangualpha"] == build().nodes["pangualpha"]
    edge = next(iter(graph.get_edge_data("gpt3", "pangualpha").values()))
    assert edge["association_strength"] == 0.1 + 0.2
    assert edge["weight"] == 1 and type(edge["weight"]) is int


def test_reads_a_file_networkx_wrote(tmp_path: Path) -> None:
    """networkx names keys d0, d1, … and writes multigraph keys as edge ids."""
    path = tmp_path / "nx.graphml"
    nx.write_graphml(build(clean=True), path)
    assert b'key id="d0"' in path.read_bytes()
    assert_same_graph(read_graphml(path), build(clean=True))


def test_reads_a_file_igraph_wrote(tmp_path: Path) -> None:
    path = tmp_path / "ig.graphml"
    graph = igraph.Graph(directed=True)
    graph.add_vertices(2)
    graph.vs["labels"] = [":Model", ":Dataset"]
    graph.add_edge(0, 1, label="CO_MENTIONED", weight=3)
    graph.write_graphml(str(path))
    back = read_graphml(path)
    assert back.nodes["n0"] == {"labels": ":Model"}
    assert back.edges["n0", "n1", "CO_MENTIONED"] == {"label": "CO_MENTIONED", "weight": 3.0}


FOREIGN = """<?xml version="1.0" encoding="ISO-8859-1"?>
<graphml>
  <key id="k0" for="node" attr.name="name"/>
  <key id="k1" for="edge" attr.name="w" attr.type="int"><default>7</default></key>
  <key id="flag" for="node" attr.type="boolean"/>
  <graph edgedefault="undirected">
    <edge source="b" target="a" id="5"/>
    <node id="a"><data key="k0">Caf\xe9</data><data key="flag">1</data></node>
    <node id="b"><data key="k0"><y:ShapeNode xmlns:y="urn:yfiles"/></data><data key="flag"/></node>
    <edge source="a" target="b"><data key="k1">2</data><data key="undeclared">x</data></edge>
  </graph>
</graphml>
"""


def test_reads_files_from_other_tools() -> None:
    """No namespace, no attr.type or attr.name, defaults, edges before nodes, yEd data."""
    back = parse_graphml(FOREIGN.encode("latin-1"))
    assert back.nodes["a"] == {"name": "Café", "flag": True}
    assert back.nodes["b"] == {}  # yEd graphics skipped; an empty boolean is no value
    assert back.edges["b", "a", 5] == {"w": 7}  # the edge id is the key; the default applies
    assert back.edges["a", "b", 0] == {"w": 2, "undeclared": "x"}
    assert_same_graph(parse_graphml(FOREIGN.replace("\xe9", "é")), back)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<graphml><graph><node id='a'></graph></graphml>", r"<string>:1: not well-formed"),
        (
            "<graphml><graph>\n<node id='a'/>\n<edge source='a' target='zz'/></graph></graphml>",
            r"names node 'zz', which is not declared",
        ),
        (
            "<graphml><key id='c' attr.type='long'/><graph><node id='a'><data key='c'>3.5</data>"
            "</node></graph></graphml>",
            r"node 'a': value '3.5' of 'c' is not a GraphML long",
        ),
        ("<graphml><graph><hyperedge/></graph></graphml>", r"hyperedges"),
        ("<graphml><graph><node/></graph></graphml>", r"has no id"),
    ],
)
def test_unreadable_files_raise_input_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_graphml(text)


def test_read_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.graphml"
    path.write_text("<graphml>\n<graph>\n<node id='a'>\n</graph>")
    with pytest.raises(InputError) as caught:
        read_graphml(path)
    assert caught.value.path == str(path) and caught.value.line == 4
