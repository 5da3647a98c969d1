"""The wheel carries everything graphbuild reads at run time (STYLE rule 6)."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
    )
    (wheel,) = out.glob("graphbuild-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize(
    "path",
    [
        "graphbuild/lexicon/lexicon.tsv",
        "graphbuild/py.typed",
        "graphbuild/neo4j/server/maven/server-pom.xml",
        "graphbuild/neo4j/server/maven/extras-pom.xml",
        "graphbuild/data/samples/000_e7e2660a1c43b118.txt",
        "graphbuild/data/samples/SOURCE.md",
        "graphbuild/view/static/map.html",
        "graphbuild/view/static/cytoscape.min.js",
        "graphbuild/view/static/cytoscape.LICENSE.txt",
    ],
)
def test_wheel_ships_package_data(wheel_files, path):
    assert path in wheel_files


def test_wheel_ships_every_cypher_file(wheel_files):
    cypher = {
        p.relative_to(REPO / "cypher").as_posix()
        for p in (REPO / "cypher").rglob("*")
        if p.is_file()
    }
    assert cypher
    assert {f"graphbuild/_cypher/{name}" for name in cypher} <= wheel_files
