"""``graphbuild build`` on scholarly sources: input formats, paper merges, referenced-only works."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graphbuild.cli import cli

SOURCES = Path(__file__).resolve().parents[3] / "shared" / "sources"


@pytest.fixture(scope="module")
def sources() -> Path:
    if not (SOURCES / "README.md").is_file():
        pytest.fail(f"{SOURCES} is missing: put the shared folder beside the repository clone")
    return SOURCES


def test_build_openalex_with_citation_summary(sources: Path, tmp_path: Path) -> None:
    output = tmp_path / "oa.graphml"
    result = CliRunner().invoke(
        cli, ["build", str(sources / "01_openalex" / "works_snowball.jsonl"), "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "citations: papers in corpus 45, referenced only 1229" in result.output
    assert "CITES inside corpus 76; CITES 1419" in result.output
    stats = CliRunner().invoke(cli, ["stats", str(output)])
    assert stats.exit_code == 0 and "CITES inside corpus 76; CITES 1419" in stats.output


def test_drop_referenced_only_and_explain_merges(sources: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(sources / "04_bibtex_ris_csl" / "pybibx_scopus_export.bib"),
            "-o",
            str(tmp_path / "s.graphml"),
            "--drop-referenced-only",
            "--explain-merges",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        "referenced only 0" in result.output
        and "CITES inside corpus 944; CITES 944" in result.output
    )
    merges = [line for line in result.output.splitlines() if line.startswith("merged paper ")]
    assert any("similar title (ratio" in line for line in merges)


def test_forced_input_format_and_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "x.ris"
    path.write_text("TY  - JOUR\nAU  - Nobody\nER  - \n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["build", str(path), "--input-format", "ris", "-o", str(tmp_path / "g.graphml")]
    )
    assert result.exit_code == 1
    assert f"{path}:1: no title (TI or T1)" in result.output
    assert "Traceback" not in result.output
