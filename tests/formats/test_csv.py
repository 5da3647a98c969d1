import csv

from graphbuild.formats import csv as csv_format


def test_node_and_edge_lists_read_back(analysed_samples, tmp_path):
    files = csv_format.write_csv(analysed_samples, tmp_path / "out")
    assert [f.name for f in files] == ["nodes.csv", "edges.csv"]
    back = csv_format.read_csv(tmp_path / "out")
    assert back.number_of_nodes() == analysed_samples.number_of_nodes()
    assert back.number_of_edges() == analysed_samples.number_of_edges()
    assert back.nodes["bert"]["type"] == "Model"
    assert back.nodes["bert"]["community"] == str(analysed_samples.nodes["bert"]["community"])
    with open(files[1], encoding="utf-8", newline="") as handle:
        types = {row["type"] for row in csv.DictReader(handle)}
    assert types == {"MENTIONS", "INTRODUCES", "CO_MENTIONED"}


def test_rows_are_sorted_and_repeatable(analysed_samples, tmp_path):
    csv_format.write_csv(analysed_samples, tmp_path / "a")
    csv_format.write_csv(analysed_samples, tmp_path / "b")
    for name in ("nodes.csv", "edges.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    ids = [line.split(",")[0] for line in (tmp_path / "a" / "nodes.csv").read_text().splitlines()]
    assert ids[1:] == sorted(ids[1:])
