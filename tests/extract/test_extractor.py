import re
import subprocess
import sys

import pytest

from graphbuild.extract import Extractor
from graphbuild.lexicon import load_lexicon
from graphbuild.model import EntityType, Field, Paper
from graphbuild.pipeline import extract_from_papers, extraction_records

MODEL, DATASET, BENCHMARK, METHOD = (
    EntityType.MODEL,
    EntityType.DATASET,
    EntityType.BENCHMARK,
    EntityType.METHOD,
)


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="module")
def extractor(lexicon):
    return Extractor(lexicon)


def paper(abstract, title="A study"):
    return Paper(id="p", title=title, abstract=abstract, norm_title=title.lower())


def entities(lexicon, abstract, title="A study"):
    """(name as the paper writes it, type) of every entity found."""
    (record,) = extraction_records(extract_from_papers([paper(abstract, title)], lexicon))
    return {(e["name"], e["type"]) for e in record["entities"]}


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("We train PanGu-α on Chinese text.", {("PanGu-α", "Model")}),
        ("We compare PanGu-alpha with BERT.", {("PanGu-alpha", "Model"), ("BERT", "Model")}),
        ("GPT-3 and GPT-4 differ.", {("GPT-3", "Model"), ("GPT-4", "Model")}),
        ("LLaMA-1 is older than LLaMA-2.", {("LLaMA-1", "Model"), ("LLaMA-2", "Model")}),
        (
            "ERNIE 3.0 beats ERNIE 2.0 on CLUE.",
            {("ERNIE 3.0", "Model"), ("ERNIE 2.0", "Model"), ("CLUE", "Benchmark")},
        ),
        ("Our models are tuned with LoRA on GLUE.", {("LoRA", "Method"), ("GLUE", "Benchmark")}),
    ],
)
def test_lexicon_entities_and_versions(lexicon, abstract, expected):
    assert entities(lexicon, abstract) == expected


def test_abbreviation_and_long_form_are_one_entity_named_by_the_short_form(lexicon):
    found = entities(
        lexicon,
        "We train with Differentially Private Stochastic Gradient Descent "
        "(DP-SGD). DP-SGD clips gradients.",
    )
    assert found == {("DP-SGD", "Method")}


def test_unknown_abbreviation_definition_becomes_a_method(lexicon):
    text = (
        "We propose Contrastive Generative Exploration (CGE), which improves recall. CGE is fast."
    )
    assert ("CGE", "Method") in entities(lexicon, text)


def test_mentions_keep_their_evidence(extractor):
    found = extractor.extract(paper("We fine-tune GPT-3 with LoRA.", title="GPT-3 tuning"))
    gpt3 = [m for m in found if m.surface == "GPT-3"]
    assert {(m.field, m.start, m.end) for m in gpt3} == {
        (Field.TITLE, 0, 5),
        (Field.ABSTRACT, 13, 18),
    }


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        (
            "WECHSEL: Effective initialization of subword embeddings",
            "We study transfer.",
            ("WECHSEL", "Method"),
        ),
        (
            "A pruning study",
            "We propose GBLM-Pruner, a pruning method for LLMs.",
            ("GBLM-Pruner", "Method"),
        ),
        (
            "A pruning study",
            "We propose ZQ-Pruner, a pruning method for LLMs.",
            ("ZQ-Pruner", "Method"),
        ),
        (
            "Threat intelligence",
            "We present AcmeSecBERT, a BERT model for cyber security.",
            ("AcmeSecBERT", "Model"),
        ),
        (
            "Threat intelligence",
            "We present CySecBERT, a BERT model for cyber security.",
            ("CySecBERT", "Model"),
        ),
        (
            "A new benchmark",
            "We introduce MegaEval, a benchmark of 40 tasks.",
            ("MegaEval", "Benchmark"),
        ),
    ],
)
def test_introduced_names(extractor, title, abstract, expected):
    found = extractor.extract(paper(abstract, title))
    introduced = {(m.surface, m.type.value) for m in found if m.introduced}
    assert expected in introduced


@pytest.mark.parametrize(
    "abstract",
    [
        "Large language models (LLMs) are trained with pre-training and fine-tuning.",
        "We study few-shot learning and reinforcement learning in NLP.",
        "Audio-visual semantic segmentation (AVSS) is a task.",
        "Code is at https://github.com/ORG/MyNet-V2 and www.example.com/GPT5Tool.",
    ],
)
def test_generic_terms_tasks_and_urls_are_not_entities(lexicon, abstract):
    assert entities(lexicon, abstract) == set()


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "We evaluate BERT-base and BERT-large.",
            {("BERT-base", "Model"), ("BERT-large", "Model")},
        ),
        ("Pythia 410M is small.", {("Pythia 410M", "Model")}),
        ("We compare BERT-based classifiers.", {("BERT", "Model")}),
    ],
)
def test_version_bearing_names(lexicon, abstract, expected):
    assert entities(lexicon, abstract) == expected


def test_dataset_cue_types_an_unknown_name(lexicon):
    found = entities(lexicon, "We release the TinyStories2 dataset and the HardQA benchmark.")
    assert {("TinyStories2", "Dataset"), ("HardQA", "Benchmark")} <= found


def test_a_paper_defining_a_known_abbreviation_names_it_by_the_short_form(lexicon):
    (record,) = extraction_records(
        extract_from_papers([paper("We study in-context learning (ICL). ICL works.")], lexicon)
    )
    (entity,) = record["entities"]
    assert entity["name"] == "ICL"
    assert entity["canonical"].lower() == "in-context learning"


def test_an_abbreviation_defined_with_another_long_form_is_not_the_lexicon_entity(lexicon):
    (record,) = extraction_records(
        extract_from_papers(
            [paper("We propose sparse fine-tuning (SFT) of experts. SFT is cheap.")], lexicon
        )
    )
    (entity,) = record["entities"]
    assert entity["name"] == "SFT"
    assert entity["canonical"].lower() != "supervised fine-tuning"


@pytest.mark.parametrize(
    "abstract",
    [
        "Headsets for Virtual Reality (VR) and Augmented Reality (AR) are cheaper. VR helps.",
        "Lesions such as basal cell carcinoma (BCC) and seborrheic keratosis (SK) are common.",
        "Scans by optical coherence tomography (OCT) are read by a CNN. OCT is fast.",
        "Firms adopt management accounting (MA) and product-service systems (PSS).",
        "Rectennas for microwave power transmission (MPT) convert power. MPT needs antennas.",
        "Tools analyse the control flow graph (CFG) of a program. The CFG is large.",
    ],
)
def test_an_abbreviation_of_no_technique_is_no_entity(lexicon, abstract):
    """Papers of every field define their devices, conditions and disciplines as they define
    their methods; only a long form that names a technique makes a Method of the short form
    (and a paper's own definition of a lexicon name's letters overrides the lexicon)."""
    assert {name for name, kind in entities(lexicon, abstract) if kind == "Method"} <= {"CNN"}


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("Signals go through a discrete wavelet transform (DWT). DWT is old.", "DWT"),
        ("We use Stage-wise Weight Sharing (SWS) in our experiments. SWS helps.", "SWS"),
        ("Graph HyperNetworks (GHNs) predict parameters. GHNs are fast.", "GHNs"),
        ("It relies on Orthogonal Matching Pursuit (OMP) for recovery. OMP is greedy.", "OMP"),
        ("A prompt such as Set-of-Mark (SoM) guides the model. SoM is visual.", "SoM"),
        ("Classes are coded by Error-Correcting Output Coding (ECOC). ECOC helps.", "ECOC"),
        ("In recent years, evolutionary algorithms (EAs) were used. EAs search.", "EAs"),
        ("A block called Multi-level State Space Block (MSSBlock) is stacked.", "MSSBlock"),
    ],
)
def test_an_abbreviation_of_a_technique_is_a_method_unintroduced(lexicon, abstract, expected):
    assert (expected, "Method") in entities(lexicon, abstract)


def test_a_known_model_spelled_out_with_its_version_stays_the_model(lexicon):
    found = entities(
        lexicon, "We ask Generative Pre-trained Transformer 3 (GPT-3) to grade essays."
    )
    assert ("GPT-3", "Model") in found
    assert ("GPT-3", "Method") not in found


def test_a_long_form_does_not_reach_back_over_a_sentence_end(lexicon):
    text = (
        "We compare models. Results show that fine-tuned FLAN-T5-large (MathT5) outperforms "
        "the others."
    )
    found = entities(lexicon, text)
    assert ("FLAN-T5-large", "Model") in found


def test_a_makers_name_is_not_part_of_another_version(lexicon):
    found = entities(lexicon, "The era of LLMs started with the OpenAI GPT-3 model.")
    assert found == {("GPT-3", "Model")}


def test_a_name_written_after_an_initial_is_a_persons(lexicon):
    text = (
        "An extract from the artist K. Allado-McDowell's new work follows. Written in "
        "collaboration with GPT-3, Allado-McDowell stretched the limits of language."
    )
    assert entities(lexicon, text) == {("GPT-3", "Model")}


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        ("A study", "It draws on the theory of an American professor named Lawrence Kohlberg."),
        ("ChatGPT Versus Consultants: Blinded Evaluation", "We compare answers of ChatGPT."),
        ("A study", "Archives are old. ©SASA 2023 Most archives were established early."),
    ],
)
def test_people_comparisons_and_publishers_are_not_entities(lexicon, title, abstract):
    assert {name for name, _ in entities(lexicon, abstract, title)} <= {"ChatGPT"}


def test_classic_algorithms_of_older_papers_are_known(lexicon):
    text = (
        "We compare C4.5, AdaBoost and a k-nearest neighbor classifier with Bayesian networks, "
        "train restricted Boltzmann machines and decode with the Viterbi algorithm."
    )
    assert {name for name, kind in entities(lexicon, text) if kind == "Method"} == {
        "C4.5",
        "AdaBoost",
        "k-nearest neighbor",
        "Bayesian networks",
        "restricted Boltzmann machines",
        "Viterbi algorithm",
    }


def test_established_techniques_of_statistics_optimisation_and_rl_are_known(lexicon):
    text = (
        "Parameters are fitted by maximum likelihood estimation (MLE) with L-BFGS, sampled with "
        "Hamiltonian Monte Carlo and tracked by a Kalman filter; the agent uses Thompson "
        "sampling, self-play and dynamic programming."
    )
    assert {name for name, kind in entities(lexicon, text) if kind == "Method"} == {
        "MLE",
        "L-BFGS",
        "Hamiltonian Monte Carlo",
        "Kalman filter",
        "Thompson sampling",
        "self-play",
        "dynamic programming",
    }


def test_a_method_spelt_like_a_word_matches_only_its_capital(lexicon):
    found = entities(lexicon, "Models glow when a reptile eats; Glow and Reptile are methods.")
    assert found == {("Glow", "Method"), ("Reptile", "Method")}


def test_a_heading_word_before_a_lower_case_term_is_not_part_of_it(lexicon):
    text = "Information Filtering Keywords co-training, learning. Index Terms Kalman filter."
    assert entities(lexicon, text) == {("co-training", "Method"), ("Kalman filter", "Method")}


def test_a_capitalised_word_does_not_grow_a_term_written_in_lower_case(lexicon):
    found = entities(lexicon, "The survey covers Florp co-training and Zork Kalman filters.")
    assert found == {("co-training", "Method"), ("Zork Kalman filters", "Method")}


def test_a_list_after_a_data_noun_types_a_name_used_both_ways(lexicon):
    text = (
        "We tune on instruction-following datasets from open projects, namely Alpaca and "
        "GPT4All, and evaluate on three datasets, including the widely used MMLU benchmark."
    )
    assert entities(lexicon, text) == {
        ("Alpaca", "Dataset"),
        ("GPT4All", "Dataset"),
        ("MMLU", "Benchmark"),
    }


def test_a_case_guarded_name_listed_after_a_data_noun_is_data(lexicon):
    text = "We use three existing datasets with explanations: e-SNLI, TACRED, and SemEval."
    assert ("SemEval", "Dataset") in entities(lexicon, text)


def test_the_abstracts_noun_after_a_title_name_beats_the_subtitle(lexicon):
    found = entities(
        lexicon,
        "We propose a unified framework. Experiments show our Florpdial model surpasses others.",
        title="Florpdial: A Unified Framework for Conversational Recommendation",
    )
    assert found == {("Florpdial", "Model")}


def test_a_method_listed_after_a_data_noun_stays_a_method(lexicon):
    assert ("LoRA", "Method") in entities(lexicon, "On datasets such as SQuAD and LoRA, we win.")


def test_learning_settings_and_their_abbreviations_are_not_methods(lexicon):
    text = (
        "Deep reinforcement learning (DRL) and multi-agent reinforcement learning (MARL) meet "
        "unsupervised domain adaptation (UDA) and lifelong learning. DRL agents use PPO."
    )
    assert entities(lexicon, text) == {("PPO", "Method")}


def test_capitalised_words_before_objective_name_a_method(lexicon):
    found = entities(
        lexicon, "It adds a Florp-View Alignment objective. Prior work lacked X.The objective"
    )
    assert found == {("Florp-View Alignment", "Method")}


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        # A digit counts its letter: five words in P, two in D.
        (
            'We present a paradigm called "Pretrain, Personalized Prompt, and Predict '
            'Paradigm" (P5). In P5, all data is text.',
            {"P5"},
        ),
        ("We train Deep Diffusion Soft Actor-Critic (D2SAC) agents.", {"D2SAC"}),
        # A lone capital and digit with no such words is no abbreviation.
        ("Scores on top 5 Paris (P5) and Q1 (Q4) are shown.", set()),
        # Machine-to-machine and peer-to-peer are fields, not entities.
        ("IoT devices talk machine-to-machine (M2M) and peer-to-peer (P2P).", set()),
    ],
)
def test_a_digit_in_a_short_form_counts_its_letter(lexicon, abstract, expected):
    assert {name for name, _ in entities(lexicon, abstract)} == expected


def test_a_task_the_paper_defines_is_no_model_or_method(lexicon):
    text = (
        "Many tasks are framed as sequence labeling (SL). Their SL performance lags SOTA SL "
        "models. We propose prompt methods to integrate the instruction of SL and text."
    )
    assert entities(lexicon, text) == set()


def test_an_acronym_written_before_tasks_is_a_task(lexicon):
    text = (
        "Text is absent in the IQA datasets and noisy in the IAA datasets; we win on both "
        "IQA and IAA tasks and on the GLUE tasks."
    )
    assert entities(lexicon, text) == {("GLUE", "Benchmark")}


def test_an_abbreviation_in_capitals_is_not_a_latin_cross_reference(lexicon):
    text = "We build collaborative filtering (CF) models; ID-based CF models (cf. Section 2) lag."
    assert entities(lexicon, text) == {("CF", "Method")}


def test_the_abstracts_data_noun_types_a_title_name(lexicon):
    found = entities(
        lexicon,
        "We propose the Florp4VG benchmark, which evaluates models on video grounding.",
        title="Florp4VG: Large Language Models Evaluation for Video Grounding",
    )
    assert found == {("Florp4VG", "Benchmark")}


def test_a_name_before_a_describing_noun_starts_after_a_parenthesis(lexicon):
    text = "We name it Florp-Merging (Parameter Competition Balancing), a lightweight technique."
    assert ("Competition Balancing)", "Method") not in entities(lexicon, text)


def test_a_benchmark_named_after_a_model_is_a_benchmark(lexicon):
    found = entities(lexicon, "We create OPT-IML Bench: a large benchmark for instruction tuning.")
    assert ("OPT-IML Bench", "Benchmark") in found


@pytest.mark.parametrize(
    "abstract",
    [
        "We find that a depthwise stacking operator, called G_{stack}, is fast.",
        "AutoPEFT-discovered configurations draw SVG icons for VLA models and other VLAs.",
        "1 Introduction Decision trees are old. 2 Overview Genetic algorithms are too.",
        "It is “All You Need Is Attention” again; we use gradient{descent.",
    ],
)
def test_markup_formats_settings_and_headings_are_not_names(lexicon, abstract):
    names = {name for name, _ in entities(lexicon, abstract)}
    assert not names & {"G_", "AutoPEFT-discovered", "SVG", "VLA", "VLAs", "Overview"}
    assert not any(mark in name for name in names for mark in "{}”")
    assert not any(name.startswith(("Introduction", "Overview")) for name in names)


def test_languages_are_no_entities_but_models_named_for_one_are(lexicon):
    text = (
        "We transfer the English RoBERTa and GPT-2 models to four languages (French, German, "
        "Chinese and Swahili), and compare with Chinese-Llama2."
    )
    assert entities(lexicon, text) == {
        ("RoBERTa", "Model"),
        ("GPT-2", "Model"),
        ("Chinese-Llama2", "Model"),
    }


def test_a_translation_direction_is_no_entity(lexicon):
    text = "On the WMT'14 English-to-French and English-to-German benchmarks, GNMT wins."
    assert not {"English-to-French", "English-to-German"} & {n for n, _ in entities(lexicon, text)}
    # A LaTeX arrow that lost its backslash ("English$\\rightarrow$German").
    text = "A shift between two pre-training datasets (EnglishrightarrowGerman) hurts mBART."
    assert entities(lexicon, text) == {("mBART", "Model")}


def test_a_nearer_noun_types_a_name_after_a_list_word(lexicon):
    found = entities(
        lexicon,
        "For software from large language models, we curate a dataset (Codehacks) of problems.",
        title="Codehacks: A Dataset of Adversarial Tests for Programming Problems",
    )
    assert found == {("Codehacks", "Dataset")}


@pytest.mark.parametrize(
    "abstract",
    [
        "We present MEtamorphic Testing for Analyzing Language models (METAL) here.",
        "DL models drive the GUI and the UI of apps.",
    ],
)
def test_acronym_spelling_capitals_and_interfaces_are_no_names(lexicon, abstract):
    names = {name for name, _ in entities(lexicon, abstract)}
    assert not names & {"MEtamorphic", "DL", "GUI", "UI"}


def test_a_title_case_method_is_found_in_lower_case_too(lexicon):
    text = "We combine adapters with pattern exploiting training and global average pooling."
    found = {name for name, kind in entities(lexicon, text) if kind == "Method"}
    assert {"pattern exploiting training", "global average pooling"} <= found


def test_a_name_with_inner_capitals_still_needs_them(lexicon):
    assert entities(lexicon, "Plants grow roots and react to light.") == set()


def test_a_makers_name_belongs_to_its_data_but_not_to_a_known_model(lexicon):
    text = "We train on the Google News corpus and compare with the Google BERT model."
    assert entities(lexicon, text) == {("Google News", "Dataset"), ("BERT", "Model")}


def test_a_greek_letter_before_a_known_name_makes_a_variant(lexicon):
    found = entities(lexicon, "We train a VAE and a β-VAE with Bahdanau attention.")
    assert found == {("VAE", "Method"), ("β-VAE", "Method"), ("Bahdanau attention", "Method")}


def test_classic_vision_and_time_series_techniques_are_known(lexicon):
    text = (
        "Faces are found with the Viola-Jones detector, regions cut with graph cuts, poses "
        "refined by bundle adjustment; sales are forecast with ARIMA and Prophet."
    )
    assert {name for name, _ in entities(lexicon, text)} == {
        "Viola-Jones",
        "graph cuts",
        "bundle adjustment",
        "ARIMA",
        "Prophet",
    }


def test_attacks_and_augmentations_are_known(lexicon):
    text = "Against backdoor attacks and data poisoning we train with AugMix and random erasing."
    assert {name for name, _ in entities(lexicon, text)} == {
        "backdoor attacks",
        "data poisoning",
        "AugMix",
        "random erasing",
    }


def test_rl_environments_are_benchmarks_and_carla_keeps_its_capitals(lexicon):
    found = entities(lexicon, "Agents are scored on MiniGrid, BabyAI and CARLA; Carla helped.")
    assert found == {("MiniGrid", "Benchmark"), ("BabyAI", "Benchmark"), ("CARLA", "Benchmark")}


def test_search_and_world_model_methods_are_known_and_dreamer_keeps_its_capital(lexicon):
    text = "We tune with Hyperband and BOHB and learn world models with Dreamer; a dreamer sleeps."
    assert {name for name, _ in entities(lexicon, text)} == {"Hyperband", "BOHB", "Dreamer"}


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        ("A study", "Boosting the accuracy, our trick helps by boosting LLMs' scores.", set()),
        ("A study", "These are techniques for boosting semantic accuracy.", set()),
        ("Boosting Viewpoint Invariance of Widgets", "We study widgets.", set()),
        ("A study", "We compare boosting and bagging; boosting works.", {"boosting", "bagging"}),
        ("Boosting Applied to Word Sense Disambiguation", "We study senses.", {"Boosting"}),
    ],
)
def test_boosting_is_a_method_unless_it_boosts_something(lexicon, title, abstract, expected):
    assert {name for name, _ in entities(lexicon, abstract, title)} == expected


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        ("A study", "To prevent overfitting, a 10-fold cross-validation method was used."),
        ("A study", "We use an attention mechanism called Bahdanau's with an encoder."),
        ("ChatGPT and Medicine: Together We Embrace AI", "We discuss ChatGPT in clinics."),
        ("Editorial: Current thoughts on the analogy", "This issue collects six papers."),
        ("A study", "Outcomes come from real-world data (RWD) of hospitals. RWD is noisy."),
        ("A study", "The Scimago Journal Rank (SJR) is a metric of journals. SJR varies."),
    ],
)
def test_counts_possessives_topics_and_kinds_of_data_are_not_names(lexicon, title, abstract):
    assert {name for name, _ in entities(lexicon, abstract, title)} <= {
        "ChatGPT",
        "attention mechanism",
    }


def test_a_coined_name_spelt_like_a_generic_word_is_a_name(lexicon):
    text = "We introduce CodeS, a series of pre-trained language models for SQL."
    assert ("CodeS", "Model") in entities(lexicon, text)


def test_a_name_known_as_and_its_plus_version_are_two_entities(lexicon):
    found = entities(
        lexicon,
        "This paper improves on an earlier method known as DefSent. DefSent+ projects "
        "definitions into a semantic space.",
        title="DefSent+: Improving sentence embeddings",
    )
    assert {"DefSent", "DefSent+"} <= {name for name, _ in found}


def test_programming_languages_and_equations_are_not_introduced(lexicon):
    text = "We develop codes in FORTRAN and Julia to solve nonlinear systems of ODEs and PDEs."
    assert entities(lexicon, text) == set()


def test_a_short_form_in_its_definition_is_not_what_a_paper_introduces(lexicon):
    text = "This paper presents a unification of multiresolution analysis (MRA) with kernels."
    assert entities(lexicon, text) == set()


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "We train LLaMA3.1-8B on Kinetics-710.",
            {("LLaMA3.1-8B", "Model"), ("Kinetics-710", "Dataset")},
        ),
        ("We compare Tulu3 and Llama3.", {("Tulu3", "Model"), ("Llama3", "Model")}),
    ],
)
def test_new_versions_of_known_families(lexicon, abstract, expected):
    assert expected <= entities(lexicon, abstract)


def test_a_task_introduced_is_not_an_entity(lexicon):
    text = "We introduce the novel task of Visual Data-Type Identification, a basic skill."
    assert entities(lexicon, text) == set()


def _dense_abstract(units: int) -> tuple[str, list[str]]:
    """An abstract of ``units`` sentences, each coining two new names that recur later."""
    parts = []
    names = []
    for i in range(units):
        net, data = f"Zork{i}Net", f"Quux{i}"
        names += [net, data]
        parts.append(
            f"We propose {net}, a model tuned on the {data} dataset; {net} beats BERT on {data}. "
        )
    return "".join(parts), names


def test_a_field_with_many_mentions_finds_every_name_once_per_occurrence(lexicon):
    text, names = _dense_abstract(1500)  # 150,000 characters
    found = Extractor(lexicon).extract(paper(text))
    by_surface: dict[str, set[tuple[int, EntityType]]] = {}
    for mention in found:
        by_surface.setdefault(mention.surface, set()).add((mention.start, mention.type))
    for name in names:
        hits = by_surface[name]
        assert len(hits) == 2, (name, hits)
        assert {start for start, _ in hits} == {
            m.start() for m in re.finditer(re.escape(name) + r"\b", text)
        }
    assert {t for name in names[0::2] for _, t in by_surface[name]} == {MODEL}
    assert {t for name in names[1::2] for _, t in by_surface[name]} == {DATASET}
    assert len(by_surface["BERT"]) == 1500
    spans = sorted((m.start, m.end) for m in found)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))


def test_a_field_longer_than_the_bound_is_cut_and_reported(lexicon):
    extractor = Extractor(lexicon, max_field_chars=1000)
    text = "We fine-tune BERT. " * 200  # 3,800 characters
    found = extractor.extract(paper(text))
    assert found and max(m.end for m in found) <= 1000
    assert extractor.truncated == [("p", Field.ABSTRACT, len(text))]


def test_the_pipeline_warns_about_a_cut_field(lexicon):
    text = "We fine-tune BERT. " * 20_000  # 380,000 characters
    extraction = extract_from_papers([paper(text)], lexicon)
    (warning,) = extraction.warnings
    assert "380,000 characters" in str(warning) and "200,000" in str(warning)


def test_a_huge_field_costs_near_linear_time(tmp_path):
    """2.4 MB of dense names: seconds now, minutes with the old quadratic settle step."""
    script = tmp_path / "huge.py"
    script.write_text(
        "from graphbuild.extract import Extractor\n"
        "from graphbuild.lexicon import load_lexicon\n"
        "from graphbuild.model import Paper\n"
        "text = ''.join(f'We propose Zork{i}Net, a model tuned on the Quux{i} dataset; "
        "Zork{i}Net beats BERT on Quux{i}. ' for i in range(28_000))\n"
        "found = Extractor(load_lexicon(), max_field_chars=len(text)).extract(\n"
        "    Paper(id='p', title='t', abstract=text, norm_title='t'))\n"
        "print(len(text), len(found))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=True
    )
    chars, mentions = map(int, done.stdout.split())
    assert chars > 2_400_000
    assert mentions == 28_000 * 5


# -- names no lexicon has (issue 9): made-up names in sentences of the usual shapes --------


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("We train on the Zorblax Widgets dataset.", {("Zorblax Widgets", "Dataset")}),
        (
            "We evaluate on the Florp and Quib benchmarks.",
            {("Florp", "Benchmark"), ("Quib", "Benchmark")},
        ),
        (
            "Results on Quuxa, Quuxb and Quuxc datasets improve.",
            {("Quuxa", "Dataset"), ("Quuxb", "Dataset"), ("Quuxc", "Dataset")},
        ),
        ("We replace the Zorblax architecture with a smaller one.", {("Zorblax", "Method")}),
        ("Our models are trained on the English Blorpipedia corpus.", {("Blorpipedia", "Dataset")}),
    ],
)
def test_capitalised_names_before_a_type_noun(lexicon, abstract, expected):
    assert entities(lexicon, abstract) == expected


@pytest.mark.parametrize(
    "abstract",
    [
        "Existing datasets are small.",
        "Synthetic datasets help. Custom datasets too.",
        "We build SQL-centric benchmarks and Large benchmarks.",
        "The dataset is public. The benchmark is hard.",
    ],
)
def test_words_that_only_open_a_sentence_or_describe_data_are_not_names(lexicon, abstract):
    assert entities(lexicon, abstract) == set()


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "We present Stacked Widget Networks, a family of open models for sorting.",
            ("Stacked Widget Networks", "Model"),
        ),
        (
            "In this work we introduce Gated Blorp Units, which route tokens.",
            ("Gated Blorp Units", "Method"),
        ),
        (
            "We propose the Zorblax Widget Corpus, a set of 2M pages.",
            ("Zorblax Widget Corpus", "Dataset"),
        ),
        ("We propose 3-D Dense Bar Alignment (3DDBA) for point clouds.", ("3DDBA", "Method")),
        ("We propose Online Widget Matching (OWM) for graphs.", ("OWM", "Method")),
    ],
)
def test_coined_names_without_a_name_like_token(extractor, abstract, expected):
    found = extractor.extract(paper(abstract))
    assert expected in {(m.surface, m.type.value) for m in found if m.introduced}


@pytest.mark.parametrize(
    "abstract",
    [
        "We propose Large Language Models, which are generic.",
        "We present New Results, which are good.",
        "Visual Widget Answering (VWA) is a task many study.",
        "We use 3-D convolutions.",
    ],
)
def test_generic_phrases_and_tasks_are_not_coined_names(lexicon, abstract):
    assert entities(lexicon, abstract) == set()


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "Results on FloopVOC 2010 and BarNLL 2003 improve.",
            {("FloopVOC 2010", "Dataset"), ("BarNLL 2003", "Dataset")},
        ),
        ("We report BLEU on WMT'19 De-Fr.", {("WMT'19 De-Fr", "Dataset")}),
        (
            "We test on PASCAL VOC 2012 and PASCAL VOC.",
            {("PASCAL VOC 2012", "Dataset"), ("PASCAL VOC", "Dataset")},
        ),
    ],
)
def test_years_and_language_pairs_belong_to_a_dataset_name(lexicon, abstract, expected):
    assert entities(lexicon, abstract) == expected


@pytest.mark.parametrize(
    "abstract",
    [
        "Accepted at NeurIPS 2023 and ICLR 2024.",
        "FID and LPIPS improve, TTFT drops and FPS doubles on an A6000 and a TPUv4.",
        "Work done at CMU and MIT with AMD hardware, using 3 kWh.",
    ],
)
def test_venues_metrics_hardware_units_and_organisations_are_not_entities(lexicon, abstract):
    assert entities(lexicon, abstract) == set()


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("We release Florp-7B and Florp-70B.", {("Florp-7B", "Model"), ("Florp-70B", "Model")}),
        ("We introduce WidgetBench to measure sorting.", {("WidgetBench", "Benchmark")}),
        ("We present ZorbLM for chemistry.", {("ZorbLM", "Model")}),
        ("We introduce a pre-trained language model called Zibble.", {("Zibble", "Model")}),
        ("We propose WidgetMix, a simple augmentation technique.", {("WidgetMix", "Method")}),
    ],
)
def test_introduced_artefacts_are_models_benchmarks_or_methods_by_their_words_and_shape(
    lexicon, abstract, expected
):
    assert expected <= entities(lexicon, abstract)


@pytest.fixture(scope="module")
def zork_lexicon(tmp_path_factory):
    path = tmp_path_factory.mktemp("lexicon") / "zork.tsv"
    path.write_text(
        "Zork-Net\tModel\nBarQN\tMethod\nSwitchboard\tDataset\t\tcase\n", encoding="utf-8"
    )
    return load_lexicon([path])


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "We compare with Faster Zork-Net and Cascade Zork-Net on widgets.",
            {("Faster Zork-Net", "Model"), ("Cascade Zork-Net", "Model")},
        ),
        (
            "Bootstrapped BarQN improves over BarQN.",
            {("Bootstrapped BarQN", "Method"), ("BarQN", "Method")},
        ),
        ("The Zork-Net is fast. Using Zork-Net, we sort.", {("Zork-Net", "Model")}),
        ("English Zork-Net and Different Zork-Net variants.", {("Zork-Net", "Model")}),
        # a heading's run of capitals, a known name before another, and a word before a
        # compound are no modifiers
        ("Multiple Goal BarQN: Issues and Functions. We study BarQN.", {("BarQN", "Method")}),
        (
            "Our best Switchboard Zork-Net reaches 16.4% errors.",
            {("Switchboard", "Dataset"), ("Zork-Net", "Model")},
        ),
        ("Widgets help to Improve Zork-Net-Based Sorting.", {("Zork-Net", "Model")}),
    ],
)
def test_a_capitalised_modifier_belongs_to_the_name(zork_lexicon, abstract, expected):
    assert entities(zork_lexicon, abstract) == expected


def test_no_modifier_is_taken_from_a_title(zork_lexicon):
    assert entities(zork_lexicon, "We sort.", title="Efficient Sorting With Faster Zork-Net") == {
        ("Zork-Net", "Model")
    }


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        (
            "Deep Florp: End-to-End Widget Sorting",
            "We propose Deep Florp, which sorts widgets.",
            {("Deep Florp", "Method")},
        ),
        ("Model Collapse: Widgets Forget", "We study widgets that forget.", set()),
    ],
)
def test_a_title_name_of_capitalised_words_needs_the_abstract_to_use_it(
    lexicon, title, abstract, expected
):
    assert entities(lexicon, abstract, title) == expected


def test_a_head_noun_spelt_in_an_alias_is_not_part_of_the_name(tmp_path):
    path = tmp_path / "zorb.tsv"
    path.write_text(
        "Zorblax\tMethod\tZorblax architecture\nwidget mechanism\tMethod\n", encoding="utf-8"
    )
    lexicon = load_lexicon([path], packaged=False)
    found = entities(lexicon, "We use the Zorblax architecture and a widget mechanism.")
    assert found == {("Zorblax", "Method"), ("widget mechanism", "Method")}


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("We release Zorblax to the community.", ("Zorblax", "Model")),
        ("We open-source Quibble, trained on 2T tokens.", ("Quibble", "Model")),
        ("We propose Zorblax to the community.", ("Zorblax", "Method")),
        (
            "We use a sorting method called Stacked Widget Networks.",
            ("Stacked Widget Networks", "Method"),
        ),
    ],
)
def test_released_names_are_models_and_called_names_may_be_several_words(
    extractor, abstract, expected
):
    found = extractor.extract(paper(abstract))
    assert expected in {(m.surface, m.type.value) for m in found if m.introduced}


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "Unsupervised tuning methods, such as ZPL and QOUF, use weak labels.",
            {("ZPL", "Method"), ("QOUF", "Method")},
        ),
        (
            "We compare three models; Zwallow, an English-centric model, wins.",
            {("Zwallow", "Model")},
        ),
        ("Results hold for Quib Quab, a new approach to sorting.", {("Quib Quab", "Method")}),
        ("FLORP-jp, a model pre-trained on text, is open.", {("FLORP-jp", "Model")}),
        ("However, a model can fail. Formally, a benchmark is a set.", set()),
    ],
)
def test_methods_lists_and_names_described_by_a_type_noun(lexicon, abstract, expected):
    assert entities(lexicon, abstract) == expected


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "We build a gold benchmark FlorpEval-Hi and FlorpEval-Mr consisting of tweets.",
            {("FlorpEval-Hi", "Benchmark"), ("FlorpEval-Mr", "Benchmark")},
        ),
        ("Our decoder-only model zPLUG-video is pre-trained on clips.", {("zPLUG-video", "Model")}),
        (
            "We test the benchmarks Quib and Quab, which are hard.",
            {("Quib", "Benchmark"), ("Quab", "Benchmark")},
        ),
        ("We release the model Zorblax, trained on widgets.", {("Zorblax", "Model")}),
        ("The model Results improve and the dataset Creation matters.", set()),
    ],
)
def test_a_type_noun_before_a_name_types_it(lexicon, abstract, expected):
    assert entities(lexicon, abstract) == expected


def test_a_guarded_lexicon_name_needs_its_guard_whatever_rule_meets_it():
    from graphbuild.lexicon import Lexicon, parse_lexicon_lines

    lines = ["Covid-19\tDataset\t\ttest\tcontext", "Widget-7\tDataset\t\ttest\t"]
    lexicon = Lexicon(tuple(parse_lexicon_lines(lines, "test")))
    found = entities(lexicon, "Cases of covid-19 rose. We test on Widget-7.")
    assert found == {("Widget-7", "Dataset")}
    found = entities(lexicon, "We evaluate on the Covid-19 dataset.")
    assert ("Covid-19", "Dataset") in found


@pytest.mark.parametrize(
    ("abstract", "absent"),
    [
        # Organisations, measures and plural kinds of thing defined as abbreviations.
        ("We query the Register of Open Widget Journals (ROWJ) for papers.", "ROWJ"),
        ("The Zorblax Standards Agency (ZSA) publishes the rules.", "ZSA"),
        ("We report the widget-to-noise ratio (WNR) of each run.", "WNR"),
        ("We track the rate of widget failures (RWF) per day.", "RWF"),
        ("We study archived widget manifests (AWMs) from three sites.", "AWMs"),
        # Once defined as a kind, the short form is not picked up by another rule.
        ("We study archived widget manifests (AWMs). We release a collection of AWMs.", "AWMs"),
    ],
)
def test_abbreviations_of_organisations_measures_and_kinds_are_not_entities(
    lexicon, abstract, absent
):
    assert absent not in {name for name, _ in entities(lexicon, abstract)}


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        # A plural with a technique head is still a technique; so is an introduced one.
        ("We use gated florp networks (GFNs) throughout.", {("GFNs", "Method")}),
        (
            "We propose sparse widget estimators (SWEs) for ranking.",
            {("SWEs", "Method")},
        ),
        # Units of a network are techniques (activation functions), not measurement units.
        (
            "We replace ReLU with the blorp linear unit (BLU).",
            {("ReLU", "Method"), ("BLU", "Method")},
        ),
    ],
)
def test_abbreviations_of_techniques_are_kept(lexicon, abstract, expected):
    assert expected <= entities(lexicon, abstract)


def test_a_subtitle_types_its_name_by_its_first_noun_phrase(lexicon):
    # "Evaluation of ... Models" is about models; the name is not a model.
    found = entities(
        lexicon,
        "We report the results of the task.",
        title="FlorpEval-2031 Task 2: Evaluation of Compositional Widget Models",
    )
    assert ("FlorpEval-2031 Task 2", "Benchmark") in found
    found = entities(
        lexicon, "Blorpa models are open.", title="Blorpa: A Family of Open Widget Models"
    )
    assert ("Blorpa", "Model") in found


def test_a_title_repeated_at_the_start_of_the_abstract_is_not_a_use_of_its_name(lexicon):
    title = "Widget Coordination Languages: The Current Landscape"
    found = entities(lexicon, title + " We review how agents talk.", title=title)
    assert "Widget Coordination Languages" not in {name for name, _ in found}
    # Used again in the abstract, it is the paper's name for something.
    found = entities(
        lexicon,
        "We present Florp Widget Nets. Florp Widget Nets are fast.",
        title="Florp Widget Nets: Fast Widgets",
    )
    assert ("Florp Widget Nets", "Method") in found


def test_two_sentences_glued_without_a_space_end_a_name(lexicon):
    found = entities(lexicon, "We evaluate on the FlorpQA-2 benchmark.Participation was open.")
    assert ("FlorpQA-2", "Benchmark") in found


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        (
            "Experiments on Florp-1501 and BarFace show that our method works.",
            {("Florp-1501", "Dataset"), ("BarFace", "Dataset")},
        ),
        (
            "We evaluate our approach on ZorbQA, WidgetNLI and BlorpSum.",
            {("ZorbQA", "Dataset"), ("WidgetNLI", "Dataset"), ("BlorpSum", "Dataset")},
        ),
        (
            "Extensive experiments on three benchmarks, Foo-3D and BarScenes, show gains.",
            {("Foo-3D", "Benchmark"), ("BarScenes", "Benchmark")},
        ),
        ("Results on Zorb200 show a 3% gain.", {("Zorb200", "Dataset")}),
        # The name's own shape wins: a size makes a model.
        ("Experiments on FooLM-7B show improvements.", {("FooLM-7B", "Model")}),
    ],
)
def test_names_listed_after_experiments_on_are_the_data(lexicon, abstract, expected):
    assert expected <= entities(lexicon, abstract)


@pytest.mark.parametrize(
    ("abstract", "absent"),
    [
        ("Results from experiments on the FlorpCrawler search engine are given.", "FlorpCrawler"),
        ("We report results on 10-fold cross-validation.", "10-fold"),
        ("We tested our system on TV broadcast news.", "TV"),
        # Not a sentence about experiments.
        ("We focus on ZorbQA and its history.", "ZorbQA"),
    ],
)
def test_experiments_on_a_tool_or_a_count_name_no_data(lexicon, abstract, absent):
    assert absent not in {name for name, _ in entities(lexicon, abstract)}


def test_a_describing_noun_beats_the_shape_of_the_name(lexicon):
    # "…Instruct" names look like instruction-tuned models; the paper says it is data.
    found = entities(lexicon, "We collect FlorpInstruct, a dataset of 50K instructions.")
    assert ("FlorpInstruct", "Dataset") in found


def test_a_core_name_that_is_also_a_word_matches_its_case_only(lexicon):
    # HANS, SICK and ATOMIC are datasets; Hans, sick and atomic are not.
    found = entities(lexicon, "We test on HANS and SICK, and on ATOMIC knowledge.")
    assert {("HANS", "Dataset"), ("SICK", "Dataset"), ("ATOMIC", "Dataset")} <= found
    assert not entities(lexicon, "Hans met a sick patient near the atomic clock.")


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        ("FlorpScore: A Metric for Evaluating Captions", "We propose FlorpScore for captions."),
        ("Zorb: A Measure of Caption Quality", "Zorb correlates with human judgement."),
        ("A study", "We introduce WidgetRank, an evaluation metric that tracks humans."),
        ("A study", "We propose BlorpScore to rate translations."),
    ],
)
def test_a_new_metric_is_not_an_entity(lexicon, title, abstract):
    # GUIDELINES rule 3: metrics and measures are not entities, even new ones.
    assert not entities(lexicon, abstract, title=title)


def test_a_ranking_method_that_uses_scores_is_still_a_method(lexicon):
    found = entities(lexicon, "We introduce WidgetRank, a ranking method that uses scores.")
    assert ("WidgetRank", "Method") in found


def test_a_type_word_after_a_definition_types_the_abbreviation(lexicon):
    found = entities(
        lexicon, "We propose a harder Multi-domain Widget Incremental Learning (MWIL) benchmark."
    )
    assert ("MWIL", "Benchmark") in found
    found = entities(lexicon, "We build the Florp Widget Corpus (FWC) dataset.")
    assert ("FWC", "Dataset") in found


def test_a_paper_technique_spelt_like_a_known_model_is_the_papers_technique(lexicon):
    # MPT is a known model, but "Mix Prompt Tuning (MPT)" defines a training procedure;
    # a model's own long form still names the model.
    found = entities(
        lexicon, "We propose the Mix Prompt Tuning (MPT), a semi-supervised method. MPT works."
    )
    assert ("MPT", "Method") in found and ("MPT", "Model") not in found
    found = entities(lexicon, "We compare with Self-Attentive Sequential Recommendation (SASRec).")
    assert ("SASRec", "Model") in found


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        # The head of the describing phrase is its last type noun.
        ("A study", "We present FlorpGen, a 1.2B parameter encoder model for ranking.", "Model"),
        ("A study", "We introduce Quux, a language model pruning method.", "Method"),
        ("A study", "We introduce FlorpSet, a new benchmark dataset for widgets.", "Benchmark"),
        # The abstract's description types the title's name in every mention.
        (
            "FlorpGen: Improving Text Generation with Ranking",
            "We present FlorpGen, a 1.2B parameter encoder model. FlorpGen scores text.",
            "Model",
        ),
    ],
)
def test_a_describing_phrase_types_a_new_name_by_its_head(lexicon, title, abstract, expected):
    name = abstract.split(",")[0].split()[-1]
    assert (name, expected) in entities(lexicon, abstract, title=title)


@pytest.mark.parametrize(
    ("abstract", "absent"),
    [
        ("We compare with Large Language Models (LLMs) such as GPT-4.", "Large Language"),
        ("Current datasets are small.", "Current"),
        ("We tune P-tuning v2 and LoRA.", "v2"),
        ("Can diffusion models see? We ask.", "Can diffusion models"),
        ("Earlier BERTs and GPTs were small.", "BERTs"),
    ],
)
def test_kinds_plurals_versions_and_question_words_are_no_names(lexicon, abstract, absent):
    assert absent not in {name for name, _ in entities(lexicon, abstract)}


def test_an_ordinary_word_in_a_list_is_no_name(lexicon):
    found = entities(lexicon, "Corpora such as newswire and Web are common; we also use C4.")
    assert "Web" not in {name for name, _ in found}


def test_a_modifier_or_task_suffix_makes_no_new_name(lexicon):
    found = {
        name
        for name, _ in entities(lexicon, "Models such as English-centric and Florp-based ones.")
    }
    assert not {"English-centric", "Florp-based"} & found


def test_the_papers_noun_types_a_known_name_it_introduces(lexicon):
    # The lexicon types LightGCN a Method; its own paper introduces it as a model.
    introduced = entities(
        lexicon,
        "We propose a new model named LightGCN for recommendation. LightGCN learns "
        "user and item embeddings by linear propagation.",
        title="LightGCN: Simplifying Graph Convolution for Recommendation",
    )
    assert ("LightGCN", "Model") in introduced
    # Used, not introduced: the lexicon's type stands; and "a framework called" a known
    # model says too little to make it a Method.
    assert ("LightGCN", "Method") in entities(lexicon, "We compare with LightGCN and BPR.")
    assert entities(lexicon, "We present a framework called Transformer-XL.") == {
        ("Transformer-XL", "Model")
    }


def test_a_long_form_ending_in_challenge_is_a_benchmark(lexicon):
    found = entities(lexicon, "Results on the Zorblax Widget Grand Challenge (ZWGC) improve.")
    assert found == {("ZWGC", "Benchmark")}


def test_a_models_name_ending_in_a_noun_is_found_in_the_plural(lexicon):
    # The whole name, not "Transformers" (the architecture) inside it.
    assert entities(lexicon, "We compare Temporal Fusion Transformers with DeepAR.") == {
        ("Temporal Fusion Transformers", "Model"),
        ("DeepAR", "Model"),
    }


def test_a_variable_listed_after_a_type_noun_is_no_name(lexicon):
    text = "We train two models: a generative model G and a discriminator Zorbnet-D."
    assert entities(lexicon, text) == {("Zorbnet-D", "Model")}


@pytest.mark.parametrize(
    "abstract",
    [
        "Fine-tuning is more popular than in the pre-LLM era.",
        "Smaller multilingual models (mLMs) such as mBERT cover more languages.",
        "We distil the large-scale model (l-MLLM) into a small one.",
        "A 7B model trained for 1T tokens, rivaling Llama-2 (7B)x2014a model trained longer.",
    ],
)
def test_a_generic_term_with_a_prefix_or_a_markup_remnant_is_no_name(lexicon, abstract):
    found = {name for name, _ in entities(lexicon, abstract)}
    assert found <= {"mBERT", "Llama-2"}


def test_a_data_plural_closing_a_list_types_its_items(lexicon):
    text = (
        "We match the state of the art on three graph benchmarks: the Zorb, Quux and "
        "Blorp-2 citation network datasets, as well as a protein dataset."
    )
    assert entities(lexicon, text) == {
        ("Zorb", "Dataset"),
        ("Quux", "Dataset"),
        ("Blorp-2", "Dataset"),
    }


def test_a_bare_three_letter_stem_is_no_version_of_its_family(lexicon):
    # BSD68 is a dataset; "BSD" alone is a licence here.
    found = entities(lexicon, "Released under a BSD licence, we denoise BSD68 images.")
    assert found == {("BSD68", "Dataset")}


def test_software_libraries_are_no_entities(lexicon):
    title = "Scikit-learn: Machine Learning in Python"
    assert entities(lexicon, "Scikit-learn is a Python module of algorithms.", title) == set()


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        # the parenthesis repeats a known name: no definition, the lexicon's type stays
        ("A study", "OpenAI's ChatGPT chatbot (ChatGPT) answers.", {("ChatGPT", "Model")}),
        # a name after a preposition, before a noun, is what the contribution works on
        ("A study", "We introduce an algorithm for programs for QXZW sequences.", set()),
        # a database is data; its name with the noun is one entity
        (
            "Zorbplaces: An Image Database for Scenes",
            "We describe the Zorbplaces Database, a repository of photos.",
            {("Zorbplaces", "Dataset")},
        ),
        # a name's own last word beats the noun describing it
        (
            "A study",
            "We present the Quxo Benchmark, a collection of ten tasks.",
            {("Quxo Benchmark", "Benchmark")},
        ),
        # a system's data is no named set
        ("A study", "It scans the manufacturing execution system (MES) database.", set()),
        # "namely" before a known name: the lexicon's find, not a coined name
        (
            "A study",
            "We compare two methods, namely Naive Bayes and decision lists.",
            {("Naive Bayes", "Method")},
        ),
        ("A study", "We present an algorithm that discovers IF-THEN rules.", set()),
    ],
)
def test_restatements_objects_and_data_nouns(lexicon, title, abstract, expected):
    assert entities(lexicon, abstract, title) == expected


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        # the paper's own words decide between dataset and benchmark (GUIDELINES rule 5)
        ("A study", "We test on CIFAR-10, a widely used benchmark.", {("CIFAR-10", "Benchmark")}),
        ("A study", "We enter the QXZ 2015 challenge.", {("QXZ 2015", "Benchmark")}),
        ("A study", "We report results on the ZorbNet challenge.", {("ZorbNet", "Benchmark")}),
        # a title's name ending in a data noun is data, whatever its subtitle's verb
        (
            "QUXO attribute database: Discovering scene attributes",
            "We label scenes.",
            {("QUXO attribute database", "Dataset")},
        ),
    ],
)
def test_data_is_typed_by_the_papers_own_nouns(lexicon, title, abstract, expected):
    assert entities(lexicon, abstract, title) == expected


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        # the lexicon's abbreviation names an entity a long form named first
        (
            "Google's Neural Machine Translation System: Bridging the Gap",
            "We present GNMT, a system for translation.",
            {("GNMT", "Model")},
        ),
        # but not a version written first: it says more than the family's name
        ("Tagging OntoNotes 5.0", "We tag OntoNotes.", {("OntoNotes 5.0", "Dataset")}),
        # a lexicon name spelt with its noun keeps it ("the Transformer architecture"
        # is the Transformer, "the random subspace method" is its whole name)
        (
            "A study",
            "We use the random subspace method and the Transformer architecture.",
            {("random subspace method", "Method"), ("Transformer", "Method")},
        ),
    ],
)
def test_the_name_a_paper_gives_a_known_entity(lexicon, title, abstract, expected):
    assert entities(lexicon, abstract, title) == expected


def test_a_known_name_keeps_its_letter_case(lexicon):
    """GaN (gallium nitride) shares GAN's key, not its capitals; Qwen's mixed case varies;
    SPIDEr (a metric) has capitals the Spider benchmark, an English word, has not."""
    found = entities(lexicon, "We grow GaN transistors; QWen labels them with a GAN.")
    assert found == {("QWen", "Model"), ("GAN", "Method")}
    found = entities(lexicon, "We report SPIDEr and SPIDEr-FL; on SPIDER and Spider we win.")
    assert found == {("SPIDER", "Benchmark")}
    # a name with capitals inside keeps them however they are spelt
    assert entities(lexicon, "We fine-tune LLaMa.") == {("LLaMa", "Model")}


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        # a version written after a model's name with a space is another entity
        (
            "We use the OpenChat 3.5 model and Vicuna v1.3.",
            {("OpenChat 3.5", "Model"), ("Vicuna v1.3", "Model")},
        ),
        # a score is no version
        (
            "LLaMA reaches 65.3 and Vicuna 2.5 points more.",
            {("LLaMA", "Model"), ("Vicuna", "Model")},
        ),
        # pairs of generic abbreviations are no names
        (
            "Experiments show that CodeT5 wins on PL-NL, NL-PL and PL-PL.",
            {("CodeT5", "Model")},
        ),
        ("We compare methods such as NL-PL, PL-PL and LoRA.", {("LoRA", "Method")}),
        # a size written apart is part of the name too
        ("We fine-tune mT5 XXL.", {("mT5 XXL", "Model")}),
        # a LaTeX macro and an acronym's capitals are no names
        (
            "We introduce the COntrastive-Streamlined framework (\\ModelName) and the "
            "dataset \\VideoDatasetName.",
            set(),
        ),
        # nor the rest of a formula glued to a name
        ("We compare with M$^{2}$ZorbNet and X$_2$QuuxLM.", set()),
    ],
)
def test_versions_after_a_space_and_pairs_of_generic_abbreviations(lexicon, abstract, expected):
    assert entities(lexicon, abstract) == expected


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        # a version written as "v3", or a bare digit where no count can follow
        (
            "We compare YOLO v3, Stable Diffusion 2 and PPO v2.",
            {("YOLO v3", "Model"), ("Stable Diffusion 2", "Model"), ("PPO v2", "Method")},
        ),
        # a count, a score or a technique's bare number is no version
        (
            "BERT 2 times faster, CLIP 3 points better, LoRA 2 and more.",
            {("BERT", "Model"), ("CLIP", "Model"), ("LoRA", "Method")},
        ),
    ],
)
def test_versions_written_with_a_v_or_a_bare_digit(lexicon, abstract, expected):
    assert entities(lexicon, abstract) == expected


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        # adjectives joined by "and" before the noun, a parenthesis, a spelled-out name
        (
            "We release Zorblax, a fully open and reproducible language model.",
            ("Zorblax", "Model"),
        ),
        (
            "We present Quuxina, a bilingual Mixture of Experts (MoE) language model.",
            ("Quuxina", "Model"),
        ),
        # "and" after the noun still ends the description
        ("We present Florbit, a method and a toolkit for pruning.", ("Florbit", "Method")),
    ],
)
def test_the_noun_describing_an_introduced_name_past_adjectives_and_names(
    lexicon, abstract, expected
):
    assert expected in entities(lexicon, abstract)


def test_the_papers_noun_types_a_name_wherever_a_guess_typed_it(lexicon):
    # Built on MoE (a Method), the title's name would be a Method; the abstract says what
    # it is, and every mention follows.
    found = entities(
        lexicon,
        "We train and release GlorpMoE, a series of open decoder-only MoE LLMs. "
        "An analysis of the GlorpMoE models follows.",
        title="GlorpMoE: An Early Effort on Open Models",
    )
    assert ("GlorpMoE", "Model") in found
    assert ("GlorpMoE", "Method") not in found
    # Without the description, the name is typed by the family it is built on.
    assert ("GlorpMoE", "Method") in entities(
        lexicon, "We analyse GlorpMoE.", title="GlorpMoE: An Early Effort on Open Models"
    )


def test_a_challenge_named_after_a_task_word_is_a_benchmark(lexicon):
    found = entities(lexicon, "We test on the ILSVRC 2012 classification challenge.")
    assert found == {("ILSVRC 2012", "Benchmark")}
    assert entities(lexicon, "We train on ILSVRC 2012.") == {("ILSVRC 2012", "Dataset")}


def test_spellings_of_classic_architectures(lexicon):
    found = entities(
        lexicon,
        "Deep convolutional networks and an auto-encoder beat the Inception network, "
        "since its inception.",
    )
    assert found == {
        ("convolutional networks", "Method"),
        ("auto-encoder", "Method"),
        ("Inception", "Model"),
    }


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        # a coined name set off by commas after its noun
        (
            "It beats the open-vocabulary framework, OV-Qux, which has two parts.",
            {("OV-Qux", "Method")},
        ),
        # a name right after "approach" or "technique"
        ("It beats the template-based approach ZBar.", {("ZBar", "Method")}),
        # a plain word in commas, or a name not set off, is none
        ("We use a framework, Glorp, which helps, and a framework, QBar is", set()),
    ],
)
def test_names_after_a_methods_noun(lexicon, abstract, expected):
    assert entities(lexicon, abstract) == expected


def test_latex_unbreakable_space_is_a_space(lexicon):
    found = entities(lexicon, "Unlike wav2vec~2.0, see http://x.org/~user/BERT and ~5% gains.")
    assert found == {("wav2vec 2.0", "Model")}


def test_the_noun_after_a_variant_of_a_known_name_types_it(lexicon):
    # Built on a known model, a variant is a model unless the paper's noun says otherwise,
    # and then every mention of it follows.
    found = entities(
        lexicon,
        "We propose a novel LLaVA-QZ framework to transfer knowledge. LLaVA-QZ wins.",
        title="LLaVA-QZ: Distilling Multimodal Models",
    )
    assert ("LLaVA-QZ", "Method") in found
    assert ("LLaVA-QZ", "Model") not in found
    assert ("LLaVA-QZ", "Model") in entities(lexicon, "We compare with LLaVA-QZ.")


def test_a_subtitles_kind_noun_beats_the_family_a_title_name_is_built_on(lexicon):
    found = entities(
        lexicon, "We distil models.", title="GlorpLLaVA: A Framework of Distilling Models"
    )
    assert ("GlorpLLaVA", "Method") in found
    # A subtitle saying what it does, not what it is, leaves the family's type.
    found = entities(lexicon, "We distil models.", title="GlorpLLaVA: Distilling Models")
    assert ("GlorpLLaVA", "Model") in found


def test_a_list_sharing_a_known_names_last_words_names_each(lexicon):
    found = entities(
        lexicon, "We review differential, metamorphic, and combinatorial testing of models."
    )
    assert found == {
        ("differential", "Method"),
        ("metamorphic", "Method"),
        ("combinatorial testing", "Method"),
    }
    # Only words that make a known name with the shared words: "supervised learning" is
    # not one, and "red" never was.
    assert entities(
        lexicon, "Red and combinatorial testing, supervised and contrastive learning."
    ) == {
        ("combinatorial testing", "Method"),
        ("contrastive learning", "Method"),
    }


def test_the_description_after_a_definition_types_it(lexicon):
    found = entities(
        lexicon,
        "We contribute Synthetic Widget Concepts (SyWiC) - a million-scale synthetic "
        "dataset. We propose Neural Gadget Tuning (NGT), a language model for text.",
    )
    assert found >= {("SyWiC", "Dataset"), ("NGT", "Model")}


def test_a_pool_of_models_is_a_model(lexicon):
    found = entities(
        lexicon, "We release them.", title="MonoZorb: A Pool of Monolingual Language Models"
    )
    assert ("MonoZorb", "Model") in found


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        # the plural after a list of known names
        (
            "Experiments on the MS MARCO and TREC Deep Learning Track benchmarks.",
            {("MS MARCO", "Benchmark"), ("TREC Deep Learning Track", "Benchmark")},
        ),
        # the noun before a list, or before a parenthesis
        (
            "It ranks top on the public benchmarks BRATS 2015 and ZORB 2015.",
            {("BRATS 2015", "Benchmark"), ("ZORB 2015", "Benchmark")},
        ),
        ("The best scores on the standard benchmark (CoNLL-2009).", {("CoNLL-2009", "Benchmark")}),
        # a list's lower-case words are no items of it: the task is not data
        (
            "We use MS MARCO passage ranking and the BEIR benchmarks.",
            {("MS MARCO", "Dataset"), ("BEIR", "Benchmark")},
        ),
    ],
)
def test_the_papers_noun_for_a_list_of_data_types_its_names(lexicon, abstract, expected):
    assert entities(lexicon, abstract) == expected


def test_classic_techniques_and_data_of_older_papers(lexicon):
    found = entities(
        lexicon,
        "A maximum-entropy language model, selective search and Haar-like features, "
        "k-anonymity and l-diversity, tested on MUC-6.",
    )
    assert found == {
        ("maximum-entropy language model", "Method"),
        ("selective search", "Method"),
        ("Haar-like features", "Method"),
        ("k-anonymity", "Method"),
        ("l-diversity", "Method"),
        ("MUC-6", "Dataset"),
    }


def test_a_name_built_on_clip_is_a_technique_one_on_bert_a_model(lexicon):
    found = entities(lexicon, "We propose ZorbCLIP and ZorbBERT for anomaly detection.")
    assert found >= {("ZorbCLIP", "Method"), ("ZorbBERT", "Model")}


def test_data_is_named_without_the_noun_describing_it(lexicon):
    found = entities(lexicon, "We fine-tune LLaMA on the Alpaca dataset and Common Crawl data.")
    assert found == {("LLaMA", "Model"), ("Alpaca", "Dataset"), ("Common Crawl", "Dataset")}


def test_a_title_in_capitals_names_only_known_entities(lexicon):
    found = entities(
        lexicon, "We study it.", title="LIVING WITH IMAGES FROM LARGE-SCALE DATA SETS FOR BERT"
    )
    assert found == {("BERT", "Model")}


def test_known_names_in_the_spellings_papers_use(lexicon):
    found = entities(lexicon, "ChatGPT 4 performed best; a U-net and ELIZA.")
    assert found == {("ChatGPT 4", "Model"), ("U-net", "Method"), ("ELIZA", "Model")}
