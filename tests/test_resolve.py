import pytest

from graphbuild.model import EntityType, Field, Mention
from graphbuild.resolve import resolve

MODEL, METHOD = EntityType.MODEL, EntityType.METHOD


def mention(surface, paper="p1", rule="name", entity_type=METHOD, canonical=None, aliases=()):
    return Mention(
        paper,
        surface,
        0,
        len(surface),
        Field.ABSTRACT,
        entity_type,
        rule,
        canonical_hint=canonical,
        aliases=tuple(aliases),
    )


def names(resolution):
    return sorted(e.name for e in resolution.entities.values())


@pytest.mark.parametrize(
    "spellings",
    [
        ["instruction tuning", "instruction-tuning", "Instruction Tuning"],
        ["adapter", "adapters"],
        ["PanGu-α", "PanGu-alpha"],
    ],
)
def test_spellings_merge(spellings):
    resolution = resolve([mention(s, paper=f"p{i}") for i, s in enumerate(spellings)])
    assert len(resolution.entities) == 1


@pytest.mark.parametrize(
    "versions",
    [
        ["GPT-3", "GPT-4"],
        ["LLaMA-1", "LLaMA-2"],
        ["ERNIE 2.0", "ERNIE 3.0"],
        ["T5", "mT5"],
        ["LLaMA", "LLaMA-2"],
        ["GPT-4", "GPT-4V"],
        ["CodeGen", "CodeGen2"],
    ],
)
def test_versions_never_merge(versions):
    resolution = resolve([mention(v, entity_type=MODEL) for v in versions])
    assert names(resolution) == sorted(versions)


@pytest.mark.parametrize(
    "sizes",
    [
        ["ViTamin-L", "ViTamin-XL"],
        ["Zorblax-L", "Zorblax-XL"],
        ["Foo-L", "Foo-XL"],
        ["Quuxformer-S", "Quuxformer"],  # not the plural of Quuxformer
        ["Quuxformer-B", "Quuxformer-L"],
        ["Quuxformer-H", "Quuxformer-G"],
        ["Blorpformer-Base", "Blorpformer-Large"],
        ["Blorpformer-Tiny", "Blorpformer-Small", "Blorpformer-Huge"],
        ["Blorpformer Base", "Blorpformer"],
        ["Florp-7B", "Florp-70B"],
        ["Florpnet-XL", "Florpnet-XXL"],
        ["SwinBlorp-L", "SwinBlorp-XL", "SwinBlorp-H"],
    ],
)
def test_sizes_and_variants_never_merge(sizes):
    mentions = [mention(s, paper=f"p{i}", entity_type=MODEL) for i, s in enumerate(sizes)]
    for fuzzy_threshold in (92.0, 80.0):
        resolution = resolve(mentions, fuzzy_threshold=fuzzy_threshold)
        assert names(resolution) == sorted(sizes)
        assert resolution.merges == []


@pytest.mark.parametrize(
    "spellings",
    [
        ["Quuxformer-XL", "Quuxformer XL", "QuuxformerXL"],
        ["Blorpformer-Large", "Blorpformer large", "blorpformer-large"],
        ["Florp-7B", "Florp 7B", "Florp-7b"],
        ["Zorblax transformer", "Zorblax transformers"],
        ["Zorblaxing adapter", "Zorblaxing adaptor"],
    ],
)
def test_spellings_of_one_size_merge(spellings):
    resolution = resolve([mention(s, paper=f"p{i}") for i, s in enumerate(spellings)])
    assert len(resolution.entities) == 1


def test_explained_merges_name_the_spellings_users_wrote():
    long_form = "Bias-Alleviating Low-Rank Adaptation"
    resolution = resolve(
        [
            mention("BA-LoRA", rule="abbreviation", canonical="BA-LoRA", aliases=[long_form]),
            mention(long_form, rule="abbreviation", canonical="BA-LoRA", aliases=[long_form]),
            mention("BA-LoRA", paper="p2"),
            mention("knowledge distilation", paper="p3"),
            mention("knowledge distillation", paper="p4"),
        ]
    )
    lines = sorted(str(m) for m in resolution.merges)
    # Equally common spellings: the first in sort order names the entity.
    assert lines == [
        "merged 'BA-LoRA', 'Bias-Alleviating Low-Rank Adaptation' into 'BA-LoRA': "
        "abbreviation and long form",
        "merged 'knowledge distillation' into 'knowledge distilation': "
        "fuzzy match (rapidfuzz ratio 97.6)",
    ]
    assert all("#" not in line for line in lines)
    (abbreviation,) = [m for m in resolution.merges if "abbreviation" in m.reason]
    assert abbreviation.into == "balora"
    assert abbreviation.names == ("BA-LoRA", long_form)


def test_abbreviation_and_long_form_merge_and_the_short_form_names_the_entity():
    long_form = "Differentially Private Stochastic Gradient Descent"
    resolution = resolve(
        [
            mention("DP-SGD", rule="abbreviation", canonical="DP-SGD", aliases=[long_form]),
            mention(long_form, rule="abbreviation", canonical="DP-SGD", aliases=[long_form]),
            mention("DP-SGD", paper="p2", canonical="DP-SGD"),
        ]
    )
    (entity,) = resolution.entities.values()
    assert entity.name == "DP-SGD"
    assert long_form in entity.aliases
    assert any("abbreviation" in m.reason for m in resolution.merges)


def test_a_long_form_written_alone_joins_its_abbreviation():
    long_form = "Mixture-of-Florp-Adapter"
    resolution = resolve(
        [
            mention(long_form + "s", rule="title"),
            mention("MiFA", rule="abbreviation", canonical="MiFA", aliases=[long_form]),
            mention(long_form, paper="p2", rule="name"),
        ]
    )
    (entity,) = resolution.entities.values()
    assert entity.name == "MiFA"
    assert {m.reason for m in resolution.merges} >= {"long form written alone"}


def test_a_long_form_written_alone_joins_its_abbreviation_whatever_its_last_ending():
    # "Chain-of-Note: ..." in the title, "Chain-of-Noting (CoN)" in the abstract.
    resolution = resolve(
        [
            mention("Zorb-of-Note", rule="title"),
            mention("ZoN", rule="abbreviation", canonical="ZoN", aliases=["Zorb-of-Noting"]),
        ]
    )
    assert names(resolution) == ["ZoN"]


def test_one_abbreviation_with_two_meanings_stays_two_entities():
    pet_a = "Pattern-Exploiting Training"
    pet_b = "parameter-efficient tuning"
    resolution = resolve(
        [
            mention("PET", paper="a", rule="abbreviation", canonical="PET", aliases=[pet_a]),
            mention("PET", paper="a2", rule="abbreviation", canonical="PET", aliases=[pet_a]),
            mention("PET", paper="b", rule="abbreviation", canonical="PET", aliases=[pet_b]),
        ]
    )
    assert names(resolution) == ["PET", f"PET ({pet_b})"]


def test_fuzzy_merge_is_reported_with_its_score():
    resolution = resolve([mention("knowledge distilation"), mention("knowledge distillation")])
    assert len(resolution.entities) == 1
    (merge,) = resolution.merges
    assert "rapidfuzz" in merge.reason


def test_lexicon_name_is_canonical_and_type_wins_over_votes():
    resolution = resolve(
        [
            mention("Llama 2", rule="lexicon", canonical="LLaMA-2", entity_type=MODEL),
            mention("LLaMA2", paper="p2", rule="variant", entity_type=METHOD),
            mention("LLaMA2", paper="p3", rule="variant", entity_type=METHOD),
        ]
    )
    (entity,) = resolution.entities.values()
    assert (entity.name, entity.type, entity.id) == ("LLaMA-2", MODEL, "llama2")
    assert "Llama 2" in entity.aliases


def test_result_does_not_depend_on_mention_order():
    found = [
        mention(s, paper=f"p{i}")
        for i, s in enumerate(["adapters", "adapter", "Adapter", "prompt tuning", "prompt-tuning"])
    ]
    first, second = resolve(found), resolve(list(reversed(found)))
    assert first.entities == second.entities
    assert first.merges == second.merges


def test_an_acronym_ending_in_s_is_no_plural():
    # "UMLS" (a medical thesaurus) is not the plural of "UML" (a modelling language);
    # "GANs" is the plural of "GAN".
    acronyms = resolve(
        [mention("UML", paper="p1", entity_type=METHOD), mention("UMLS", paper="p2")]
    )
    assert names(acronyms) == ["UML", "UMLS"]
    plural = resolve([mention("GAN", paper="p1"), mention("GANs", paper="p2")])
    assert names(plural) == ["GAN"]


DATASET = EntityType.DATASET


def test_a_data_name_merges_with_its_type_noun():
    resolution = resolve(
        [
            mention("Places", entity_type=DATASET),
            mention("Places Database", paper="p2", entity_type=DATASET),
            mention("Quxo", paper="p3", entity_type=DATASET),
            mention("Quxo dataset", paper="p3", entity_type=DATASET),
        ]
    )
    assert names(resolution) == ["Places", "Quxo"]


@pytest.mark.parametrize(
    "spellings",
    [
        # a model's name with "dataset" names the model's data, another entity
        [("Alpaca", MODEL), ("Alpaca dataset", DATASET)],
        # the noun must stand apart: "Codataset" is not "Co" with a noun
        [("Co", DATASET), ("Codataset", DATASET)],
    ],
)
def test_a_name_with_a_type_noun_stays_apart_unless_both_are_data(spellings):
    resolution = resolve([mention(s, entity_type=t) for s, t in spellings])
    assert names(resolution) == sorted(s for s, _ in spellings)
