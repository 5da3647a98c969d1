from graphbuild.view.report import write_report


def test_report_files_and_sections(analysed_samples, tmp_path):
    written = write_report(analysed_samples, tmp_path / "r", summary={"records read": 433})
    assert written.index.is_file() and written.map is not None and written.map.is_file()
    assert [f.name for f in written.figures] == ["top_entities.png", "trends.png", "map.png"]
    for figure in written.figures:
        assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert figure.stat().st_size < 250_000
    page = written.index.read_text(encoding="utf-8")
    for heading in ("Run summary", "Top entities per type", "Strongest pairs", "Communities"):
        assert heading in page
    assert "records read" in page and "2024-03 to 2024-05" in page


def test_two_reports_are_byte_identical(analysed_samples, tmp_path):
    first = write_report(analysed_samples, tmp_path / "a")
    second = write_report(analysed_samples, tmp_path / "b")
    for a, b in zip([first.index, *first.figures], [second.index, *second.figures], strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_unanalysed_graph_says_so(sample_build, tmp_path):
    written = write_report(sample_build.graph, tmp_path / "r")
    page = written.index.read_text(encoding="utf-8")
    assert "not analysed" in page and "No dated papers" in page
