import pytest

from graphbuild.extract.matcher import LexiconMatcher, spelling_variants
from graphbuild.lexicon import Lexicon, parse_lexicon_lines

LINES = [
    "GPT-3\tModel",
    "GPT-3.5\tModel",
    "GPT-4\tModel",
    "LLaMA-2\tModel",
    "PanGu-α\tModel",
    "T5\tModel",
    "mT5\tModel",
    "DP-SGD\tMethod\tdifferentially private stochastic gradient descent",
    "adapter\tMethod",
    "Gemini\tModel",
    "MoE\tMethod\tmixture-of-experts",
    "GLUE\tBenchmark",
    "LoRA+\tMethod",
    "ROOTS\tDataset",
    "ReAct\tMethod",
]


@pytest.fixture(scope="module")
def matcher():
    return LexiconMatcher(Lexicon(tuple(parse_lexicon_lines(LINES, "test"))))


def found(matcher, text):
    return [(text[m.start : m.end], m.entry.name) for m in matcher.scan(text)[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We test LLaMA2, Llama 2 and LLaMA-2.",
            [("LLaMA2", "LLaMA-2"), ("Llama 2", "LLaMA-2"), ("LLaMA-2", "LLaMA-2")],
        ),
        ("PanGu-alpha and PanGu-α", [("PanGu-alpha", "PanGu-α"), ("PanGu-α", "PanGu-α")]),
        (
            "GPT-3.5 beats GPT-3 but not GPT-4.",
            [("GPT-3.5", "GPT-3.5"), ("GPT-3", "GPT-3"), ("GPT-4", "GPT-4")],
        ),
        ("mT5 is not T5", [("mT5", "mT5"), ("T5", "T5")]),
        ("two adapters and an adapter", [("adapters", "adapter"), ("adapter", "adapter")]),
        (
            "Differentially Private Stochastic Gradient Descent (DP-SGD)",
            [
                ("Differentially Private Stochastic Gradient Descent", "DP-SGD"),
                ("DP-SGD", "DP-SGD"),
            ],
        ),
        ("sparse MoEs and a mixture of experts", [("MoEs", "MoE"), ("mixture of experts", "MoE")]),
    ],
)
def test_finds_variants(matcher, text, expected):
    assert found(matcher, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the glue that holds it",  # short names need their case
        "a gemini constellation",  # a name that is also a word needs its capital
        "RoBERTa-style GPT-3x",  # no match inside a longer word
        "TGLUE and GLUEs",
        "lora weights",  # "LoRA+" keeps its "+"
        "the roots of the problem, to react",  # inner capitals: not in lower-case prose
    ],
)
def test_does_not_match_inside_words_or_in_the_wrong_case(matcher, text):
    assert found(matcher, text) == []


def test_variants_of_versioned_names():
    assert {"llama-2", "llama 2", "llama2"} <= spelling_variants("LLaMA-2")
    assert {"pangu-alpha", "pangu-α", "pangualpha"} <= spelling_variants("PanGu-α")


@pytest.fixture(scope="module")
def guarded():
    lines = [
        "Birds\tDataset\t\ttest\tcontext",
        "LOGIC\tBenchmark\t\ttest\tcase",
        "Natural Scenes\tDataset\t\ttest\tcase",
        "Hopper\tBenchmark\t\ttest\tcontext",
        "QuALITY\tDataset\t\ttest\tcontext",
    ]
    return LexiconMatcher(Lexicon(tuple(parse_lexicon_lines(lines, "test"))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Results on the Birds dataset.", ["Birds"]),
        ("on the datasets Birds and Cars", ["Birds"]),
        ("Birds fly south. Our dataset is new.", []),
        ("The birds dataset", []),  # a context guard keeps the written capital
        ("Scores on LOGIC improve.", ["LOGIC"]),
        ("Scores improve with logic and Logic.", []),
        ("We study Natural Scenes.", ["Natural Scenes"]),
        ("We study natural scenes.", []),
        ("The Ant and Hopper environments", ["Hopper"]),
        ("A hopper moves.", []),
        ("Results on the QuALITY dataset", ["QuALITY"]),
        ("A Quality dataset", []),  # inner capitals are matched exactly as well
    ],
)
def test_guards(guarded, text, expected):
    assert [name for _, name in found(guarded, text)] == expected


def test_a_capitalised_catalogue_spelling_also_matches_the_acronym_in_capitals():
    from graphbuild.extract.matcher import LexiconMatcher
    from graphbuild.lexicon import Guard, Lexicon, LexiconEntry
    from graphbuild.model import EntityType

    entry = LexiconEntry("Florpix", EntityType.DATASET, (), "t.tsv", "tfds", Guard.CASE)
    matcher = LexiconMatcher(Lexicon((entry,)))
    found = [
        text[m.start : m.end]
        for text in ("On FLORPIX.", "On Florpix.", "a florpix")
        for m in matcher.scan(text)[0]
    ]
    assert found == ["FLORPIX", "Florpix"]


# The ASCII fast path must map every text as the definitions do: a non-name character
# (not a letter, digit, "_" or "+") becomes a space; shapes are U, l, d and white space.
_MIXED = [
    "",
    "GPT-4 (OpenAI) и BERT-base",
    "PanGu-α, LLaMA\u00a02\tand\nT5+",
    "naïve Bayes — 3-D ΣNet “quoted” €5 x\u2009y",
    "İstanbul ß ǅ 中文 \U0001f600 a_b",
]


@pytest.mark.parametrize("text", _MIXED)
def test_boundary_text_keeps_name_characters_and_offsets(text):
    import re

    from graphbuild.extract.matcher import boundary_text

    expected = re.sub(r"[^\w+]", " ", text)
    assert boundary_text(text) == expected
    assert len(boundary_text(text)) == len(text)


@pytest.mark.parametrize("text", _MIXED)
def test_token_shapes_are_the_characters_classes(text):
    from graphbuild.extract.candidates import _SHAPE, _non_ascii_shape
    from graphbuild.extract.matcher import translate_ascii

    def shape(c: str) -> str:
        if "A" <= c <= "Z":
            return "U"
        if "a" <= c <= "z":
            return "l"
        if "0" <= c <= "9":
            return "d"
        return " " if c in "\t\n\r\x0b\x0c\xa0" else c

    assert translate_ascii(text, _SHAPE, _non_ascii_shape) == "".join(map(shape, text))
