"""Loading lexicon files: good entries, provenance columns, and one clear error per bad entry."""

import json
from pathlib import Path

import pytest

from graphbuild.errors import LexiconError
from graphbuild.lexicon import (
    MAX_ALIASES,
    MAX_LINE_CHARS,
    MAX_NAME_CHARS,
    load_lexicon,
    packaged_lexicon_lines,
)
from graphbuild.model import EntityType


def write(tmp_path: Path, *lines: str, name: str = "user.tsv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_tsv_and_json_entries_load_with_their_catalogue(tmp_path):
    path = write(
        tmp_path,
        "# a comment",
        "Zorblax\tModel\tZorb-Lax|ZBX",
        "Quuxset\tDataset\t\tacme-catalogue\tcase",  # a later provenance column is ignored
        json.dumps({"name": "FlorpBench", "type": "Benchmark", "catalogue": "acme"}),
        json.dumps({"name": "Blorp", "type": "method", "aliases": None}),
    )
    entries = {e.name: e for e in load_lexicon([path], packaged=False).entries}
    assert entries["Zorblax"].aliases == ("Zorb-Lax", "ZBX")
    assert (entries["Quuxset"].type, entries["Quuxset"].catalogue) == (
        EntityType.DATASET,
        "acme-catalogue",
    )
    assert entries["FlorpBench"].catalogue == "acme"
    assert entries["Blorp"].type is EntityType.METHOD
    assert {e.source for e in entries.values()} == {str(path)}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"name": null, "type": "Model"}', "'name' must be a string, got null"),
        ('{"name": 7, "type": "Model"}', "'name' must be a string, got a number"),
        ('{"name": ["Foo"], "type": "Model"}', "'name' must be a string, got a list"),
        ('{"name": "Foo", "type": null}', "'type' must be a string, got null"),
        ('{"name": "Foo", "type": "Model", "aliases": "Bar"}', "'aliases' must be a list"),
        ('{"name": "Foo", "type": "Model", "aliases": [null]}', "'aliases' must be a list"),
        ('{"name": "Foo", "type": "Model", "aliases": [1, 2]}', "'aliases' must be a list"),
        ('{"name": "Foo", "type": "Model", "catalogue": 3}', "'catalogue' must be a string"),
        ('["Foo", "Model"]', "must be an object, got a list"),
        ('{"type": "Model"}', "needs 'name'"),
        ('{"name": "Foo"}', "needs 'type'"),
        ('{"name": "Foo", "type": "Gadget"}', "unknown entity type 'Gadget'"),
        ('{"name": "Foo", "type": "Model",}', "invalid JSON at column"),
        ('{"name": "---", "type": "Model"}', "has no letters or digits"),
        ('{"name": "Foo\\ud800", "type": "Model"}', "lone surrogate"),
        ('{"name": "Foo", "type": "Model", "n": ' + "9" * 5000 + "}", "unreadable JSON value"),
        ("[" * 9_000 + "]" * 9_000, "nested too deeply"),
        ("FooNet", "got 1 column"),
        ("\tModel", "has no letters or digits"),
        ("FooNet\tGadget", "unknown entity type"),
    ],
)
def test_a_bad_entry_is_one_error_naming_file_line_and_fix(tmp_path, line, message):
    path = write(tmp_path, "# header", "GoodNet\tModel", line)
    with pytest.raises(LexiconError) as caught:
        load_lexicon([path], packaged=False)
    error = caught.value
    assert (error.path, error.line) == (str(path), 3)
    assert str(error).startswith(f"{path}:3: ")
    assert message in str(error)


def test_a_deeply_nested_line_is_refused_without_recursion(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000  # longer than a line may be
    path = write(tmp_path, deep)
    with pytest.raises(LexiconError, match=f"more than {MAX_LINE_CHARS:,}"):
        load_lexicon([path], packaged=False)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Foo" * (MAX_NAME_CHARS // 3 + 1) + "\tModel", "a name or alias is a few words"),
        ("FooNet\tModel\t" + "|".join(f"F{i}" for i in range(MAX_ALIASES + 1)), "split the entry"),
        (
            json.dumps(
                {"name": "FooNet", "type": "Model", "aliases": ["x" * (MAX_NAME_CHARS + 1)]}
            ),
            "a name or alias is a few words",
        ),
    ],
)
def test_huge_entries_are_refused(tmp_path, line, message):
    path = write(tmp_path, line)
    with pytest.raises(LexiconError, match=message):
        load_lexicon([path], packaged=False)


def test_a_user_entry_replaces_the_packaged_one(tmp_path):
    path = write(tmp_path, "SQuAD\tBenchmark\tStanford QA set")
    squad = [e for e in load_lexicon([path]).entries if e.name == "SQuAD"]
    assert [(e.type, e.source) for e in squad] == [(EntityType.BENCHMARK, str(path))]


def test_the_packaged_lexicon_names_no_machine_path():
    text = "\n".join(packaged_lexicon_lines())
    for prefix in ("/work/", "/tmp/", "/root/", "/home/"):
        assert prefix not in text


def test_a_stop_list_removes_names_from_the_lexicon_and_from_extraction(tmp_path):
    from graphbuild.model import Paper
    from graphbuild.pipeline import extract_from_papers, extraction_records

    stop = write(tmp_path, "# names I do not want", "SQuAD", "Zorblax\tModel", name="stop.txt")
    user = write(tmp_path, "FooNet\tModel\tZorblax")
    lexicon = load_lexicon([user], stop_list_paths=[stop])
    assert not [e for e in lexicon.entries if e.name == "SQuAD"]
    (foonet,) = [e for e in lexicon.entries if e.name == "FooNet"]
    assert foonet.aliases == ()  # a stopped alias goes, the entry stays
    paper = Paper(
        id="p",
        title="t",
        abstract="We evaluate FooNet and BERT on SQuAD; we propose Zorblax, a model.",
        norm_title="t",
    )
    (record,) = extraction_records(extract_from_papers([paper], lexicon))
    assert {e["name"] for e in record["entities"]} == {"FooNet", "BERT"}


def test_a_bad_stop_list_line_names_file_and_line(tmp_path):
    stop = write(tmp_path, "FooNet", "---", name="stop.txt")
    with pytest.raises(LexiconError, match=r"stop\.txt:2: .*one name per line"):
        load_lexicon(stop_list_paths=[stop])


def test_later_user_files_win_over_earlier_ones_and_the_packaged_lexicon(tmp_path):
    first = write(tmp_path, "Zorblax\tDataset", name="a.tsv")
    second = write(tmp_path, "Zorblax\tBenchmark", name="b.tsv")
    lexicon = load_lexicon([first, second])
    assert [(e.name, e.type) for e in lexicon.entries if e.name == "Zorblax"] == [
        ("Zorblax", EntityType.BENCHMARK)
    ]
    assert lexicon.entries[0].source == str(second)
