from graphbuild.view.layout import clear_labels, select_map
from graphbuild.view.map import map_data


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


def _apart(moved, boxes, first, second):
    (x1, y1), (x2, y2) = moved[first], moved[second]
    return abs(x1 - x2) >= boxes[first][0] + boxes[second][0] or abs(y1 - y2) >= (
        boxes[first][1] + boxes[second][1]
    )


def test_clear_labels_moves_nodes_off_a_label_and_leaves_the_rest():
    positions = {"a": (0.0, 0.0), "b": (4.0, 1.0), "c": (0.0, 0.0), "d": (3.0, 0.0)}
    positions["far"] = (500.0, 500.0)
    boxes = {"a": (30.0, 9.0), "b": (6.0, 6.0), "c": (30.0, 9.0), "d": (6.0, 6.0)}
    boxes["far"] = (5.0, 5.0)
    moved = clear_labels(positions, boxes, ["a", "c"])
    assert moved["far"] == (500.0, 500.0)
    for label in ("a", "c"):
        assert all(_apart(moved, boxes, label, other) for other in moved if other != label)
    assert clear_labels(positions, boxes, ["a", "c"]) == moved  # a tie at one point too


def test_clear_labels_leaves_unlabelled_nodes_alone():
    positions = {"a": (0.0, 0.0), "b": (1.0, 0.0)}
    assert clear_labels(positions, {"a": (5.0, 5.0), "b": (5.0, 5.0)}, []) == positions


def test_no_map_label_covers_another_node(analysed_samples):
    nodes = map_data(analysed_samples)["nodes"]
    for top in (n for n in nodes if n["top"]):
        half_width = max(top["size"] / 2, len(top["label"]) * 7.5 / 2)
        half_height = max(top["size"] / 2, 9)
        for other in nodes:
            if other is not top:
                radius = other["size"] / 2
                assert (
                    abs(other["x"] - top["x"]) >= half_width + radius
                    or abs(other["y"] - top["y"]) >= half_height + radius
                ), f"{top['label']}'s label covers {other['label']}"
