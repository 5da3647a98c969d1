import pytest

from graphbuild.normalize import name_key, singular_key, spell_greek, version_signature


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["LLaMA-2", "Llama 2", "LLaMA2", "llama-2"], "llama2"),
        (["PanGu-α", "PanGu-alpha", "PanGu alpha", "Pangu-Α"], "pangualpha"),
        (["DP-SGD", "DP SGD", "dp-sgd"], "dpsgd"),
        (["GPT-3.5", "GPT 3.5"], "gpt35"),
        (["C++", "c++"], "c++"),
    ],
)
def test_spelling_variants_share_a_key(spellings, key):
    assert {name_key(s) for s in spellings} == {key}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("GPT-3", "GPT-4"),
        ("LLaMA-1", "LLaMA-2"),
        ("ERNIE 2.0", "ERNIE 3.0"),
        ("T5", "mT5"),
        ("LLaMA", "LLaMA-2"),
    ],
)
def test_versions_have_different_keys(a, b):
    assert name_key(a) != name_key(b)


def test_version_signature_is_the_digit_runs():
    assert version_signature(name_key("ERNIE 3.0")) == ("30",)
    assert version_signature(name_key("Pythia 410M")) == ("410",)
    assert version_signature(name_key("BERT")) == ()


@pytest.mark.parametrize(
    ("key", "singular"),
    [
        ("adapters", "adapter"),
        ("transformers", "transformer"),
        ("moes", "moe"),
        ("strategies", "strategy"),
        ("glass", "glass"),
        ("corpus", "corpus"),
        ("gpt", "gpt"),
    ],
)
def test_singular_key(key, singular):
    assert singular_key(key) == singular


def test_spell_greek_keeps_other_characters():
    assert spell_greek("PanGu-α") == "PanGu-alpha"
    assert spell_greek("BERT") == "BERT"
