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
