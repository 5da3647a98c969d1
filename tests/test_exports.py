import pytest

from graphbuild.errors import GraphbuildError
from graphbuild.exports import format_for


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("g.graphml", "graphml"),
        ("G.GEXF", "gexf"),
        ("map.vos.json", "vosviewer-json"),
        ("map.vosviewer.json", "vosviewer-json"),
        ("graph.json", "nodelink"),
    ],
)
def test_format_by_extension(name, expected):
    assert format_for(name) == expected


def test_format_option_wins_and_is_checked():
    assert format_for("out", "csv") == "csv"
    with pytest.raises(GraphbuildError, match="unknown format 'xml'"):
        format_for("out.gexf", "xml")
    with pytest.raises(GraphbuildError, match="give --format"):
        format_for("folder")


def test_a_folder_format_refuses_a_file(tmp_path):
    from graphbuild.errors import OutputError
    from graphbuild.exports import check_target

    a_file = tmp_path / "out.txt"
    a_file.write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError, match="it is a file; give a folder"):
        check_target(a_file, [], folder=True)
    with pytest.raises(OutputError, match="would|same|input"):
        check_target(a_file, [a_file], folder=False)
