import json

import networkx as nx

from graphbuild.formats import nodelink


def test_networkx_reads_the_whole_graph_back(analysed_samples, tmp_path):
    path = tmp_path / "graph.json"
    nodelink.write_nodelink(analysed_samples, path)
    back = nodelink.read_nodelink(path)
    assert back.number_of_nodes() == analysed_samples.number_of_nodes()
    assert back.number_of_edges() == analysed_samples.number_of_edges()
    # node_link_graph uses the "id" entry as the node key.
    assert {**back.nodes["bert"], "id": "bert"} == analysed_samples.nodes["bert"]
    a, b, key, data = next(iter(analysed_samples.edges(keys=True, data=True)))
    assert back.edges[a, b, key] == data


def test_equal_graphs_give_equal_bytes(analysed_samples, tmp_path):
    nodelink.write_nodelink(analysed_samples, tmp_path / "a.json")
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(analysed_samples.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(analysed_samples.edges(keys=True, data=True))))
    nodelink.write_nodelink(shuffled, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["multigraph"] is True
