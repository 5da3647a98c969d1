"""The type one paper gives an entity (`build.paper_type`), which every MENTIONS edge carries."""

from __future__ import annotations

from graphbuild.build import paper_type, type_by_votes
from graphbuild.model import EntityType, Field, Mention

MODEL, DATASET, BENCHMARK, METHOD = EntityType


def mention(entity_type: EntityType, rule: str = "capitalised", hint: str | None = None) -> Mention:
    return Mention("p", "X", 0, 1, Field.ABSTRACT, entity_type, rule, hint, (), False, None)


def test_one_mention_gives_its_type() -> None:
    assert paper_type([mention(BENCHMARK)]) is BENCHMARK


def test_the_commonest_type_wins() -> None:
    assert paper_type([mention(METHOD), mention(DATASET), mention(DATASET)]) is DATASET


def test_lexicon_mentions_with_a_canonical_name_outvote_the_others() -> None:
    found = [mention(METHOD), mention(METHOD), mention(MODEL, "lexicon", "GPT-3")]
    assert paper_type(found) is MODEL
    # a lexicon rule without a canonical name is an ordinary vote
    assert paper_type([mention(METHOD), mention(METHOD), mention(MODEL, "lexicon")]) is METHOD


def test_a_tie_goes_to_the_first_of_model_dataset_benchmark_method() -> None:
    assert paper_type([mention(METHOD), mention(BENCHMARK)]) is BENCHMARK
    assert paper_type([mention(DATASET), mention(METHOD), mention(MODEL)]) is MODEL
    assert type_by_votes([(METHOD, True), (DATASET, True), (METHOD, False)]) is DATASET
