"""The catalogue pipeline: spelling recovery, snapshot readers and the build rules."""

from pathlib import Path

import pytest

from graphbuild.lexicon import Guard, parse_lexicon_lines
from graphbuild.lexicon.catalogues import build, snapshot
from graphbuild.lexicon.catalogues.spelling import attest, clean_display

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("identifier", "text", "expected"),
    [
        ("foo10", "The FOO-10 set has ten classes; foo10 is its id.", "FOO-10"),
        ("bar_qa", "BarQA asks questions. We call BarQA a set.", "BarQA"),
        ("baz", "See https://example.org/baz and baz_loader().", None),
        ("qux_net", "Nothing here names it.", None),
    ],
)
def test_attest_finds_the_paper_spelling(identifier, text, expected):
    assert attest(identifier, text) == expected


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Widget Textures Dataset (WTD)", ("WTD", ("Widget Textures Dataset",))),
        ("The Foo-101 Data Set", ("Foo-101", ())),
        (
            "Large-scale WidgetFaces Attributes (WidgetA) Dataset",
            ("WidgetA", ("Large-scale WidgetFaces Attributes",)),
        ),
        ("Device Recorded FOO (Small subset version)", ("Device Recorded FOO", ())),
    ],
)
def test_clean_display_splits_name_and_long_form(display, expected):
    assert clean_display(display) == expected


COMMON = frozenset("birds natural scenes logic amazon github corpus network".split())


@pytest.mark.parametrize(
    ("name", "guard"),
    [
        ("Birds", Guard.CONTEXT),
        ("LOGIC", Guard.CONTEXT),
        ("GitHub", Guard.CONTEXT),
        ("Birds-200", Guard.CONTEXT),
        ("Natural Scenes", Guard.CONTEXT),
        ("Natural Corpus", Guard.CASE),
        ("Natural Network", Guard.CASE),  # "Deep Interest Network": its capitals name it
        ("Kinetics", Guard.CASE),
        ("Caltech Birds", Guard.NONE),
        ("FooNet", Guard.CASE),
        ("TSN3D", Guard.NONE),
        ("Foo Net", Guard.NONE),
    ],
)
def test_guard_for_word_like_names(name, guard):
    assert build.guard_for(name, COMMON) is guard


@pytest.mark.parametrize(
    ("name", "guard"),
    [("ZORBLAX", Guard.CASE), ("QUUX", Guard.NONE), ("Zorblax-2", Guard.NONE)],
)
def test_a_rarer_word_in_capitals_keeps_its_capitals(name, guard):
    # "ANOMALOUS" names a detector, "Anomalous behaviour" does not: a word of
    # capital-words.txt written alone in capitals must match in capitals.
    assert build.guard_for(name, COMMON, frozenset({"zorblax"})) is guard


@pytest.mark.parametrize(
    "name",
    ["images", "Text Data", "SSD300 model is", "large FooNet", "DetectionDataset", "42", "UDP"],
)
def test_prose_code_and_generic_names_are_left_out(name):
    assert build.is_generic(name)


@pytest.mark.parametrize(
    "name", ["Foo-101", "Cats vs Dogs", "iNaturalist 2021", "WIDER FACE", "C3D", "FUNSD"]
)
def test_names_are_kept(name):
    assert not build.is_generic(name)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_build_keeps_core_first_dedups_guards_and_records_the_catalogue(tmp_path):
    _write(tmp_path / "core.tsv", "# core.tsv: header\n# --- section\nBERT\tModel\n")
    _write(tmp_path / "common-words.txt", "# words\nbirds\namazon\n")
    rows = [
        snapshot.Row("bert", "BERT", "Dataset"),  # the core has it
        snapshot.Row("birds", "Birds", "Dataset"),
        snapshot.Row("foo", "FooBench", "Dataset", ("Foo Benchmark Suite",)),
        snapshot.Row("amazon", "amazon", "Dataset"),  # a plain word in lower case
        snapshot.Row("m", "foonet-base", "Model"),  # a model id, not a paper spelling
    ]
    snapshot.write_snapshot("tfds", rows, "PyPI example==1.0", "MIT", tmp_path / "tfds.tsv")
    _write(
        tmp_path / "timm.tsv", "# catalogue: timm\n# source: s\n# licence: l\nx\tBirds\tModel\t\n"
    )
    text, counts = build.build(tmp_path)
    entries = {e.name: e for e in parse_lexicon_lines(text.splitlines(), "built")}
    assert set(entries) == {"BERT", "Birds", "FooBench"}
    assert (entries["BERT"].catalogue, entries["BERT"].type.value) == ("core", "Model")
    assert (entries["Birds"].catalogue, entries["Birds"].guard) == ("tfds", Guard.CONTEXT)
    assert entries["FooBench"].type.value == "Benchmark"  # its name says so
    assert entries["FooBench"].aliases == ("Foo Benchmark Suite",)
    assert "# --- section" in text and "# core.tsv" not in text
    assert "# === tfds: source PyPI example==1.0, licence MIT" in text
    assert counts["tfds", "Dataset"] == 1 and counts["tfds", "Benchmark"] == 1
    assert counts["timm", "Model"] == 0


def test_snapshot_reader_takes_names_from_an_unpacked_package(tmp_path):
    package = tmp_path / "torchreid" / "reid" / "data" / "datasets"
    package.mkdir(parents=True)
    _write(package / "__init__.py", "")
    _write(
        package / "widgets.py",
        'class Widget1501(ImageDataset):\n    """Widget-1501.\n\n    Reference: a paper.\n    """\n'
        'class Helper(object):\n    """Not a dataset."""\n',
    )
    rows = snapshot.unique_rows(snapshot.read_torchreid(tmp_path))
    assert rows == [snapshot.Row("Widget1501", "Widget-1501", "Dataset")]


def test_packaged_lexicon_is_what_the_sources_build():
    """lexicon.tsv is generated: edit data/lexicon-sources/ and rebuild, not the file."""
    sources = REPO / "data" / "lexicon-sources"
    if not sources.is_dir():
        pytest.fail(f"{sources} is missing: the lexicon sources live in the repository")
    text, _ = build.build(sources)
    packaged = REPO / "graphbuild" / "lexicon" / "lexicon.tsv"
    assert packaged.read_text(encoding="utf-8") == text, (
        "lexicon.tsv differs from its sources: run python -m graphbuild.lexicon.catalogues.build"
    )


def test_every_snapshot_names_its_source_and_licence():
    for catalogue in build.CATALOGUES:
        path = REPO / "data" / "lexicon-sources" / f"{catalogue}.tsv"
        facts = build.read_snapshot(path).facts
        assert facts["source"] and facts["licence"], path


def test_nlp_progress_reader_takes_dataset_headings_only(tmp_path: Path) -> None:
    """Made-up pages in NLP-progress's shape: a heading per dataset, other headings too."""
    page = tmp_path / "english" / "widget_parsing.md"
    page.parent.mkdir()
    page.write_text(
        "# Widget parsing\n\n### Table of contents\n\n- [FooQA](#fooqa)\n\n"
        "### FooQA\n\nThe Foo Question Answering Dataset (FooQA) consists of 10k questions.\n\n"
        "### BarEval-2 (English)\n\nA benchmark of widgets.\n\n"
        "### Zorb Treebank\n\nA corpus of parsed widgets.\n\n"
        "### Results on the FooQA test set:\n\nA dataset table.\n\n"
        "### Wizard-of-Zorb\n\nA way to collect a dataset.\n\n"
        "### QuuxNet\n\nA model that parses widgets well.\n\n"
        "### BAZ-A, BAZ-B and BAZ-C\n\nThree corpora of widgets.\n",
        encoding="utf-8",
    )
    rows = snapshot.unique_rows(snapshot.read_nlp_progress(tmp_path))
    found = {row.name: (row.type, row.aliases) for row in rows}
    assert found == {
        "FooQA": ("Dataset", ("Foo Question Answering Dataset",)),
        "BarEval-2": ("Benchmark", ()),
        "BAZ-A": ("Dataset", ()),
        "BAZ-B": ("Dataset", ()),
        "BAZ-C": ("Dataset", ()),
    }


def test_every_core_line_has_at_most_four_columns():
    # name, type, aliases, guard: a fifth column would be read as nothing, so a guard
    # written one tab too far would be silently lost.
    core = (REPO / "data" / "lexicon-sources" / "core.tsv").read_text(encoding="utf-8")
    too_wide = [
        line for line in core.splitlines() if not line.startswith("#") and line.count("\t") > 3
    ]
    assert too_wide == []


def test_a_snapshot_row_gives_each_other_name_once():
    rows = snapshot.unique_rows([snapshot.Row("w", "WidgetNet", "Model", ("Wid-Net", "Wid-Net"))])
    assert rows == [snapshot.Row("w", "WidgetNet", "Model", ("Wid-Net",))]
