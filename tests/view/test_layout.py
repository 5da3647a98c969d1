from graphbuild.view.layout import select_map


def test_small_graphs_are_shown_whole(make_graph_two):
    graph = make_graph_two
    selection = select_map(graph)
    assert not selection.trimmed
    assert len(selection.nodes) == selection.total_nodes


def test_trim_keeps_the_most_named_entities_and_their_strongest_pairs(analysed_samples):
    selection = select_map(analysed_samples, max_nodes=50, max_edges=3)
    assert selection.trimmed and len(selection.nodes) == 50
    counts = [d["paper_count"] for _, d in selection.nodes]
    assert counts == sorted(counts, reverse=True)
    left_out = [
        d["paper_count"]
        for n, d in analysed_samples.nodes(data=True)
        if d["labels"] != ":Paper" and n not in dict(selection.nodes)
    ]
    assert max(left_out) <= min(counts)
    degree: dict[str, int] = {}
    for a, b, _ in selection.edges:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    shown = dict(selection.nodes)
    assert all(a in shown and b in shown for a, b, _ in selection.edges)
    # Each pair is among the 3 strongest of one end, so no end has more than 3 of its own
    # plus those it is chosen by; an entity keeps at least its strongest pair.
    assert all(n in degree for n in shown if _has_pair_among(analysed_samples, n, shown))


def _has_pair_among(graph, node, shown):
    return any(
        k == "CO_MENTIONED" and (b in shown if a == node else a in shown)
        for a, b, k in [*graph.out_edges(node, keys=True), *graph.in_edges(node, keys=True)]
    )


def test_positions_are_seeded(analysed_samples):
    first = select_map(analysed_samples, max_nodes=80)
    second = select_map(analysed_samples, max_nodes=80)
    assert first.positions == second.positions
    assert all(abs(x) <= 400 and abs(y) <= 400 for x, y in first.positions.values())
