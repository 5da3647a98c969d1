"""``extraction_records(..., explain=True)``: which source found each entity, why its type."""

import pytest

from graphbuild.extract.explain import RULES
from graphbuild.lexicon import load_lexicon
from graphbuild.model import Paper
from graphbuild.pipeline import extract_from_papers, extraction_records


def explained(lexicon, abstract, title="A study"):
    paper = Paper(id="p", title=title, abstract=abstract, norm_title=title.lower())
    (record,) = extraction_records(extract_from_papers([paper], lexicon), explain=True)
    return {e["name"]: e for e in record["entities"]}


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def test_a_lexicon_entity_names_its_entry_catalogue_and_file(tmp_path, lexicon):
    user = tmp_path / "mine.tsv"
    user.write_text("Zorblax\tModel\t\tacme-zoo\n", encoding="utf-8")
    found = explained(load_lexicon([user]), "We fine-tune Zorblax and BERT.")
    assert found["Zorblax"]["found_by"] == [
        f"lexicon entry 'Zorblax' (Model; catalogue acme-zoo; file {user})"
    ]
    assert found["Zorblax"]["typed_by"] == ["the lexicon entry 'Zorblax' is a Model"]
    assert found["BERT"]["found_by"][0].startswith("lexicon entry 'BERT' (Model;")


@pytest.mark.parametrize(
    ("abstract", "title", "name", "rule", "typed_by"),
    [
        (
            "Results on the Quux7 benchmark improve.",
            "A study",
            "Quux7",
            "cue",
            "the word after it names its type",
        ),
        (
            "We propose FlorpNet, a benchmark of 30 tasks.",
            "A study",
            "FlorpNet",
            "introduced",
            "describes it as a 'benchmark'",
        ),
        (
            "Florp Widget Corpus (FWC) holds 3M pages.",
            "A study",
            "FWC",
            "abbreviation",
            "its long form ends in 'corpus'",
        ),
        ("We study it.", "Zorblax: A Dataset of Widgets", "Zorblax", "title", "'dataset'"),
    ],
)
def test_a_rule_entity_names_the_rule_and_why_it_has_its_type(
    lexicon, abstract, title, name, rule, typed_by
):
    entity = explained(lexicon, abstract, title)[name]
    assert entity["found_by"][0] == f"rule {rule!r}: {RULES[rule]}"
    assert any(typed_by in line for line in entity["typed_by"]), entity["typed_by"]


def test_records_without_explain_have_no_explanation_fields(lexicon):
    paper = Paper(id="p", title="t", abstract="We tune BERT.", norm_title="t")
    (record,) = extraction_records(extract_from_papers([paper], lexicon))
    assert "found_by" not in record["entities"][0]
