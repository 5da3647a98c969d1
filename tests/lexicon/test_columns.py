import re

import pytest

from graphbuild.errors import LexiconError
from graphbuild.lexicon import Guard, Lexicon, load_lexicon, parse_lexicon_lines
from graphbuild.model import EntityType
from graphbuild.normalize import name_key


def test_five_columns_carry_catalogue_and_guard():
    (entry,) = parse_lexicon_lines(["Birds\tDataset\tCUB Birds\ttfds\tcontext"], "t.tsv")
    assert entry.name == "Birds"
    assert entry.type is EntityType.DATASET
    assert entry.aliases == ("CUB Birds",)
    assert entry.catalogue == "tfds"
    assert entry.guard is Guard.CONTEXT


def test_two_and_three_columns_still_read():
    first, second = parse_lexicon_lines(["ZorbNet\tModel", "Qux\tMethod\tQ-X"], "t.tsv")
    assert (first.aliases, first.catalogue, first.guard) == ((), "", Guard.NONE)
    assert second.aliases == ("Q-X",)


def test_json_lines_carry_catalogue_and_guard():
    line = '{"name": "LOGIC", "type": "Benchmark", "catalogue": "mine", "guard": "case"}'
    (entry,) = parse_lexicon_lines([line], "t.jsonl")
    assert (entry.catalogue, entry.guard) == ("mine", Guard.CASE)


def test_bad_guard_names_the_line_and_the_fix():
    line = "Birds\tDataset\t\ttfds\tsometimes"
    with pytest.raises(LexiconError, match=re.escape("unknown guard 'sometimes'")) as info:
        list(parse_lexicon_lines(["# comment", line], "bad.tsv"))
    assert "bad.tsv" in str(info.value) and ":2" in str(info.value)
    assert "'case', 'context'" in str(info.value)


def test_columns_after_the_guard_are_provenance_left_alone():
    (entry,) = parse_lexicon_lines(["A\tDataset\t\tx\tcase\tnote"], "t.tsv")
    assert (entry.catalogue, entry.guard) == ("x", Guard.CASE)


def test_json_guard_must_be_a_string():
    line = '{"name": "LOGIC", "type": "Benchmark", "guard": 1}'
    with pytest.raises(LexiconError, match="'guard' must be a string"):
        list(parse_lexicon_lines([line], "t.jsonl"))


def test_packaged_lexicon_names_a_catalogue_for_every_entry():
    lexicon = load_lexicon()
    assert all(entry.catalogue for entry in lexicon.entries)
    assert {e.catalogue for e in lexicon.entries if e.name == "BERT"} == {"core"}


def test_packaged_lexicon_has_one_entry_per_name_key():
    seen: dict[str, str] = {}
    for entry in load_lexicon().entries:
        key = name_key(entry.name)
        assert key not in seen, f"{entry.name!r} repeats {seen[key]!r}"
        seen[key] = entry.name


def test_user_entry_replaces_packaged_entry(tmp_path):
    user = tmp_path / "mine.tsv"
    user.write_text("BERT\tMethod\t\tmine\n", encoding="utf-8")
    lexicon = load_lexicon([user])
    (bert,) = [e for e in lexicon.entries if name_key(e.name) == "bert"]
    assert (bert.type, bert.catalogue) == (EntityType.METHOD, "mine")


def test_by_key_can_leave_out_guarded_entries():
    lines = ["Covid-19\tDataset\t\ttfds\tcontext", "BERT\tModel\t\tcore\t"]
    lexicon = Lexicon(tuple(parse_lexicon_lines(lines, "t.tsv")))
    assert set(lexicon.by_key()) == {"covid19", "bert"}
    assert set(lexicon.by_key(unguarded_only=True)) == {"bert"}
