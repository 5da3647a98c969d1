import json

import pytest

from graphbuild.errors import InputError
from graphbuild.formats import vosviewer


def _entities(graph):
    return {n: d for n, d in graph.nodes(data=True) if d["labels"] != ":Paper"}


def _pairs(graph):
    return {(a, b): d for a, b, k, d in graph.edges(keys=True, data=True) if k == "CO_MENTIONED"}


def test_map_and_network_files_read_back_per_the_manual(analysed_samples, tmp_path):
    map_file, network_file = tmp_path / "map.txt", tmp_path / "network.txt"
    vosviewer.write_vosviewer(analysed_samples, map_file, network_file)
    header = map_file.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header[:4] == ["id", "label", "description", "cluster"]
    assert "weight<Total link strength>" in header and "score<PageRank>" in header
    found = vosviewer.read_vosviewer(map_file, network_file)
    entities, pairs = _entities(analysed_samples), _pairs(analysed_samples)
    assert len(found.items) == len(entities) and len(found.links) == len(pairs)
    by_label = {item["label"]: item for item in found.items.values()}
    assert int(by_label["BERT"]["cluster"]) == entities["bert"]["community"] + 1
    assert int(by_label["BERT"]["weight<Papers>"]) == entities["bert"]["paper_count"]
    assert sum(found.links.values()) == sum(d["weight"] for d in pairs.values())
    # Total link strength is the sum of the entity's link strengths, as VOSviewer computes it.
    bert_id = next(i for i, item in found.items.items() if item["label"] == "BERT")
    strength = sum(w for (a, b), w in found.links.items() if bert_id in (a, b))
    assert float(by_label["BERT"]["weight<Total link strength>"]) == strength


def test_json_reads_back_with_the_same_map(analysed_samples, tmp_path):
    path = tmp_path / "map.json"
    vosviewer.write_vosviewer_json(analysed_samples, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert set(document) == {"config", "network"}
    found = vosviewer.read_vosviewer_json(path)
    map_file, network_file = tmp_path / "map.txt", tmp_path / "network.txt"
    vosviewer.write_vosviewer(analysed_samples, map_file, network_file)
    text = vosviewer.read_vosviewer(map_file, network_file)
    assert found.links == text.links
    assert {i: item["label"] for i, item in found.items.items()} == {
        i: item["label"] for i, item in text.items.items()
    }
    assert all(item["cluster"] >= 1 for item in found.items.values())


def test_unanalysed_graph_has_no_cluster_column(sample_build, tmp_path):
    map_file, network_file = tmp_path / "map.txt", tmp_path / "network.txt"
    vosviewer.write_vosviewer(sample_build.graph, map_file, network_file)
    header = map_file.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert "cluster" not in header and "score<PageRank>" not in header


def test_a_broken_network_file_is_named_with_its_line(tmp_path):
    map_file, network_file = tmp_path / "map.txt", tmp_path / "network.txt"
    map_file.write_text("id\tlabel\n1\tA\n2\tB\n", encoding="utf-8")
    network_file.write_text("1\t2\t3\n1\t9\t1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"network.txt:2: link names an id missing"):
        vosviewer.read_vosviewer(map_file, network_file)
