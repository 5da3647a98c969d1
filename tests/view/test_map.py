import json
import re

from graphbuild.view.map import generate_view, map_data, write_view


def _data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


def test_page_is_self_contained(analysed_samples):
    page = generate_view(analysed_samples, max_nodes=40)
    assert "<script src" not in page and "<link" not in page
    assert "cytoscape" in page and "The Cytoscape Consortium" in page  # library and licence
    assert not re.search(r"""(src|href)=["']https?://""", page)


def test_data_carries_evidence_and_neighbours(analysed_samples):
    data = map_data(analysed_samples, max_nodes=40)
    bert = next(n for n in data["nodes"] if n["id"] == "bert")
    assert bert["papers"] == analysed_samples.nodes["bert"]["paper_count"]
    assert bert["community"] == analysed_samples.nodes["bert"]["community"]
    paper, before, words, after = bert["evidence"][0]
    assert words.lower() == "bert" and paper in data["papers"]
    assert bert["neighbours"] and all(w >= 1 for _, _, w in bert["neighbours"])
    assert data["totals"]["shownEntities"] == 40


def test_text_cannot_close_the_script(make_graph_two):
    make_graph_two.nodes["a"]["name"] = "</script><script>alert(1)</script>"
    page = generate_view(make_graph_two)
    assert page.count("</script>") == 3  # the library, the data, the page's code
    assert _data(page)["nodes"][0]["label"].startswith("</script>")


def test_written_twice_byte_identical(analysed_samples, tmp_path):
    first = write_view(analysed_samples, tmp_path / "a.html", max_nodes=60)
    write_view(analysed_samples, tmp_path / "b.html", max_nodes=60)
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    entities = sum(1 for _, d in analysed_samples.nodes(data=True) if d["labels"] != ":Paper")
    assert first.trimmed and first.nodes == 60 and first.total_nodes == entities
