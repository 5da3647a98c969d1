import networkx as nx

from graphbuild.analysis import communities
from graphbuild.analysis.projection import citation_graph, co_mention_graph


def _two_cliques(make_graph) -> nx.MultiDiGraph:
    left = ["Alpha", "Beta", "Gamma", "Delta"]
    right = ["Omega", "Psi", "Chi", "Phi"]
    items = [(left, {}), (left, {}), (right, {}), (right, {}), (["Delta", "Omega"], {})]
    items.append((["Loner"], {}))
    return make_graph(items)


def test_two_cliques_joined_by_one_pair_are_two_communities(make_graph):
    found = communities.co_mention_communities(_two_cliques(make_graph))
    left = {found[e] for e in ("alpha", "beta", "gamma", "delta")}
    right = {found[e] for e in ("omega", "psi", "chi", "phi")}
    assert len(left) == 1 and len(right) == 1 and left != right


def test_numbers_go_by_size_then_smallest_member(make_graph):
    found = communities.co_mention_communities(_two_cliques(make_graph))
    # Equal sizes (4 and 4): the one holding "alpha" comes first; the isolated entity last.
    assert found["alpha"] == 0 and found["omega"] == 1 and found["loner"] == 2


def test_same_result_whatever_the_insertion_order(make_graph):
    graph = _two_cliques(make_graph)
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    assert communities.co_mention_communities(shuffled) == communities.co_mention_communities(graph)


def test_higher_resolution_gives_more_communities(sample_build):
    graph = sample_build.graph
    coarse = communities.co_mention_communities(graph, resolution=0.5)
    fine = communities.co_mention_communities(graph, resolution=3.0)
    assert len(set(fine.values())) > len(set(coarse.values()))


def test_projection_has_every_entity_and_each_pair_once(sample_build):
    graph = sample_build.graph
    projection = co_mention_graph(graph)
    entities = [n for n, d in graph.nodes(data=True) if d["labels"] != ":Paper"]
    pairs = [1 for *_, k in graph.edges(keys=True) if k == "CO_MENTIONED"]
    assert projection.graph.vcount() == len(entities)
    assert projection.graph.ecount() == len(pairs)
    assert projection.ids == sorted(entities)


def test_citation_communities_follow_cites_edges(make_graph):
    graph = make_graph([([], {}) for _ in range(6)])
    for a, b in [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)]:
        graph.add_edge(f"p{a:03d}", f"p{b:03d}", key="CITES", label="CITES")
    found = communities.citation_communities(graph)
    assert found["p000"] == found["p001"] == found["p002"]
    assert found["p003"] == found["p004"] == found["p005"] != found["p000"]
    assert citation_graph(graph).graph.ecount() == 7


def test_no_cites_edges_no_citation_communities(sample_build):
    assert communities.citation_communities(sample_build.graph) == {}
