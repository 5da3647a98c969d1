import igraph
import networkx as nx
from lxml import etree

from graphbuild.formats import gexf
from graphbuild.formats._entities import TYPE_COLOURS


def test_networkx_reads_it_back_with_equal_counts(analysed_samples, tmp_path):
    path = tmp_path / "map.gexf"
    gexf.write_gexf(analysed_samples, path)
    back = gexf.read_gexf(path)
    entities = {n: d for n, d in analysed_samples.nodes(data=True) if d["labels"] != ":Paper"}
    pairs = {
        (a, b): d
        for a, b, k, d in analysed_samples.edges(keys=True, data=True)
        if k == "CO_MENTIONED"
    }
    assert back.number_of_nodes() == len(entities)
    assert back.number_of_edges() == len(pairs)
    assert not back.is_directed()
    bert = back.nodes["bert"]
    assert bert["label"] == "BERT" and bert["type"] == "Model"
    assert bert["community"] == entities["bert"]["community"]
    assert bert["pagerank"] == entities["bert"]["pagerank"]
    assert bert["burst"] is entities["bert"]["burst"]
    assert bert["viz"]["color"] == dict(zip("rgb", TYPE_COLOURS["Model"], strict=True), a=1.0)
    (a, b), data = next(iter(sorted(pairs.items())))
    assert back.edges[a, b]["weight"] == data["weight"]
    assert back.edges[a, b]["npmi"] == data["npmi"]


def test_sizes_grow_with_papers(analysed_samples, tmp_path):
    path = tmp_path / "map.gexf"
    gexf.write_gexf(analysed_samples, path)
    back = gexf.read_gexf(path)
    by_papers = sorted(back.nodes(data=True), key=lambda item: item[1]["paper_count"])
    assert by_papers[0][1]["viz"]["size"] < by_papers[-1][1]["viz"]["size"]


def test_igraph_reads_the_same_graph_through_networkx(analysed_samples, tmp_path):
    path = tmp_path / "map.gexf"
    gexf.write_gexf(analysed_samples, path)
    graph = igraph.Graph.from_networkx(nx.Graph(gexf.read_gexf(path)))
    assert graph.vcount() == gexf.read_gexf(path).number_of_nodes()
    assert "community" in graph.vs.attributes()


def test_file_is_well_formed_gexf_1_3_and_byte_identical(analysed_samples, tmp_path):
    first, second = tmp_path / "a.gexf", tmp_path / "b.gexf"
    gexf.write_gexf(analysed_samples, first)
    gexf.write_gexf(nx.MultiDiGraph(analysed_samples), second)
    assert first.read_bytes() == second.read_bytes()
    root = etree.parse(str(first)).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"


def test_odd_characters_survive(tmp_path):
    graph = nx.MultiDiGraph()
    name = 'A "quoted" <name> & co\x01'
    graph.add_node("x", labels=":Model", id="x", name=name, type="Model", paper_count=1)
    path = tmp_path / "odd.gexf"
    gexf.write_gexf(graph, path)
    assert gexf.read_gexf(path).nodes["x"]["label"] == 'A "quoted" <name> & co'
