import re

import pytest

from graphbuild.errors import LexiconError
from graphbuild.lexicon import Guard, load_lexicon, parse_lexicon_lines
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


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Birds\tDataset\t\ttfds\tsometimes", "unknown guard"),
        ("A\tDataset\t\tx\tcase\textra", "got 6 column(s)"),
    ],
)
def test_bad_guard_or_column_count_names_the_line(line, message):
    with pytest.raises(LexiconError, match=re.escape(message)) as info:
        list(parse_lexicon_lines(["# comment", line], "bad.tsv"))
    assert "bad.tsv" in str(info.value) and ":2" in str(info.value)


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
