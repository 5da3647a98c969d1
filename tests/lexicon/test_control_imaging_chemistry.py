"""The MMagic, Stable-Baselines3, d3rlpy, Flower, Captum and DeepChem readers, on small
made-up package trees."""

from pathlib import Path

from package_trees import found, python_class, write

from graphbuild.lexicon.catalogues.control_imaging_chemistry import (
    read_captum,
    read_d3rlpy,
    read_deepchem,
    read_flwr,
    read_mmagic,
    read_sb3,
)


def _mmagic_package(root: Path, docs: str) -> Path:
    package = root / "mmagic"
    write(package / "__init__.py", "")
    write(package / "models" / "editors.py", python_class("Editor", "BaseModel", docs))
    return package / ".mim" / "configs"


def _collection(folder: Path, name: str, title: str, task: str = "image generation") -> None:
    write(
        folder / "metafile.yml",
        f"Collections:\n- Name: {name}\n  Paper:\n    Title: '{title}'\n  Task:\n  - {task}\n",
    )


def test_mmagic_reader_names_collections_as_papers_write_them(tmp_path):
    configs = _mmagic_package(
        tmp_path, "WidgetGAN2 and WidgetGAN2 again; ControlWidget adds control; GadgetBooth."
    )
    _collection(configs / "widgetganv2", "WidgetGANv2", "A Style-Based Widget Generator")
    _collection(configs / "controlwidget", "Control Widget", "Adding Control to Widgets")
    _collection(
        configs / "gadgetbooth", "GadgetBooth", "GadgetBooth: Fine Tuning Text-to-Image Models"
    )
    _collection(
        configs / "colorization",
        "Instance-aware Widget Colorization",
        "Instance-aware Widget Colorization",
    )
    _collection(
        configs / "pipeline",
        "Diffusers Pipeline",
        "A Diffusers Pipeline Demo",
        task="Diffusers Pipeline",
    )
    _collection(configs / "title", "Unsupervised Learning With Widget GANs", "x")
    assert found(read_mmagic(tmp_path)) == {
        "widgetganv2": ("WidgetGAN2", "Model", ("WidgetGANv2",)),  # the version joined
        "controlwidget": ("ControlWidget", "Model", ()),  # the docstrings' one word
        "gadgetbooth": ("GadgetBooth", "Method", ()),  # fine-tunes a model: a technique
    }  # left out: a paper title as the name, a demo named after its task


_RESULT = "  - Dataset: {dataset}\n    Metrics:\n      {metric}\n"


def test_mmagic_reader_takes_scored_datasets_without_size_or_protocol_marks(tmp_path):
    configs = _mmagic_package(tmp_path, "An editor.")
    folder = configs / "widgetnet"
    results = [
        ("Set7", "PSNR: 30.1"),
        ("FFHQ256", "FID: 3.2"),
        ("REDS4(BIx4)", "PSNR: 31.0"),
        ("Vimeo-90K-T", "PSNR: 35.0"),
        ("Vimeo-90K-T", "PSNR: 35.1"),
        ("Vimeo90K-T", "PSNR: 35.2"),
        ("facades", "FID: 9.0"),  # a plain word
        ("IndoorScenes", "FID: 9.0"),  # two words glued, named nowhere else
        ("horse2zebra", "FID: 9.0"),  # trained in one direction only: a dataset
        ("maps2aerial", "FID: 9.0"),  # trained both ways: the direction names no dataset
        ("Widgets-HQ", "FID: 0.0"),  # a placeholder score
    ]
    write(
        folder / "metafile.yml",
        "Collections:\n- Name: WidgetNet\nModels:\n- Name: widgetnet_x4\n  Results:\n"
        + "".join(_RESULT.format(dataset=d, metric=m) for d, m in results),
    )
    for config in ("widgetnet_horse2zebra", "widgetnet_maps2aerial", "widgetnet_aerial2maps"):
        write(folder / f"{config}.py", "model = dict()\n")
    assert found(read_mmagic(tmp_path)) == {
        "data:ffhq": ("FFHQ", "Dataset", ()),
        "data:horse2zebra": ("horse2zebra", "Dataset", ()),
        "data:reds4": ("REDS4", "Dataset", ()),
        "data:set7": ("Set7", "Dataset", ()),
        "data:vimeo90kt": ("Vimeo-90K-T", "Dataset", ()),  # the most frequent spelling
        "widgetnet": ("WidgetNet", "Model", ()),
    }


def test_sb3_reader_keeps_algorithms_and_abbreviated_techniques(tmp_path):
    sb3 = tmp_path / "stable_baselines3"
    write(sb3 / "__init__.py", "")
    write(
        sb3 / "common" / "base.py",
        python_class("OffPolicyAlgorithm", "BaseAlgorithm", "The base of OffPolicyAlgorithm (OPA).")
        + python_class("RolloutBuffer", "BaseBuffer", "A RolloutBuffer keeps rollouts.")
        + python_class(
            "NoiseDistribution", "Distribution", "For generalized Widget Noise Exploration (gWNE)."
        )
        + python_class("Trick", "object", "Uses the Proximal Gadget Optimization (XYZ) trick."),
    )
    write(
        sb3 / "wdq" / "wdq.py",
        python_class("WDQ", "OffPolicyAlgorithm", "Widget Deep Q-Network (WDQ)\n\n    Paper: x")
        + python_class("WDPG", "TD3", "Widget Deterministic Policy Gradient (WDPG).")
        + python_class("WidgetGoalBuffer", "DictReplayBuffer", "Widget Goal Replay (WGR) buffer."),
    )
    contrib = tmp_path / "sb3_contrib"
    write(contrib / "__init__.py", "")
    write(
        contrib / "twc" / "twc.py",
        python_class("TWC", "OnPolicyAlgorithm", "Trust Widget Clipping (TWC)"),
    )
    other = tmp_path / "rl_zoo"  # not a catalogue package
    write(other / "__init__.py", "")
    write(other / "zoo.py", python_class("ZOO", "OnPolicyAlgorithm", "Zoo Of Options (ZOO)"))
    assert found(read_sb3(tmp_path)) == {
        "NoiseDistribution": ("gWNE", "Method", ("Widget Noise Exploration",)),
        "TWC": ("TWC", "Method", ("Trust Widget Clipping",)),
        "WDPG": ("WDPG", "Method", ("Widget Deterministic Policy Gradient",)),
        "WDQ": ("WDQ", "Method", ("Widget Deep Q-Network",)),
        "WidgetGoalBuffer": ("WGR", "Method", ("Widget Goal Replay",)),
    }  # left out: the algorithm bases, non-algorithms, letters the long form does not spell


def _config(name: str, doc: str, base: str = "LearnableConfig") -> str:
    return python_class(name, base, doc)


def test_d3rlpy_reader_keeps_one_method_per_algorithm(tmp_path):
    qlearning = tmp_path / "d3rlpy" / "algos" / "qlearning"
    write(qlearning.parent / "__init__.py", "")
    refs = "References:\n        * `Doe et al., Decision Widget: Learning via Widgets. <x>`_"
    write(
        qlearning / "widgets.py",
        _config("WQLConfig", "Config of Widget Q-Learning algorithm.\n\n    WQL is offline.")
        + _config(
            "DiscreteWQLConfig",
            "Config of Discrete version of Widget Q-Learning algorithm.\n\n"
            "    Discrete version of WQL is offline.",
        )
        + _config("WQLPlusBCConfig", "Config of WQL+BC algorithm.\n\n    WQL+BC is simple.")
        + _config(
            "DoubleWQNConfig",
            "Config of Double Widget Q-Network algorithm.\n\n    Unlike WQN, it is double.",
            base="WQNConfig",
        )
        + _config("GRRConfig", "Config of Gadget Reguralized Regression algorithm.\n\n    GRR.")
        + _config(
            "GLASWithPerturbationConfig",
            "Config of Gadget Latent Action Space algorithm with perturbation layer.\n\n"
            "    GLAS with perturbation layer is wider.",
        )
        + _config("RandomPolicyConfig", "Random Policy for continuous control algorithm.")
        + _config(
            "DecisionWidgetConfig",
            f"Config of Decision Widget.\n\n    Decision Widget models sequences.\n\n    {refs}",
            base="TransformerConfig",
        ),
    )
    assert found(read_d3rlpy(tmp_path)) == {
        "DecisionWidgetConfig": ("Decision Widget", "Method", ()),  # a cited paper's name
        "DoubleWQNConfig": ("Double Widget Q-Network", "Method", ()),  # written out
        "GRRConfig": ("GRR", "Method", ()),  # a long form with a typo is no alias
        "WQLConfig": ("WQL", "Method", ("Widget Q-Learning",)),
        "WQLPlusBCConfig": ("WQL+BC", "Method", ()),
    }  # left out: the discrete version, a described variant, a plain "Random Policy"


def test_flwr_reader_keeps_strategies_that_cite_a_paper(tmp_path):
    strategy = tmp_path / "flwr" / "server" / "strategy"
    write(tmp_path / "flwr" / "__init__.py", "")
    cite = "\n\n    Implementation based on https://arxiv.org/abs/1"
    write(
        strategy / "fedwid.py",
        python_class("FedWid", "Strategy", f"Federated Widgeting strategy.{cite}")
        + python_class(
            "FedWidM",
            "FedWid",
            f"Federated Widgeting with Momentum strategy.{cite}\n\n    FedWidM extends FedWid.",
        )
        + python_class(
            "FedOptim", "FedWid", f"Federated Optim strategy.{cite}\n\n    See FedOptim."
        )
        + python_class("QFedWid", "FedWid", "q-FedWid: fair widget allocation [Li et al., 2020].")
        + python_class(
            "FedWidBagging", "FedWid", "Configurable FedWidBagging strategy implementation."
        )
        + python_class(
            "DPWrapper", "Strategy", "Strategy wrapper for DP with clipping (DPWrapper)."
        ),
    )
    assert found(read_flwr(tmp_path)) == {
        "FedOptim": ("FedOptim", "Method", ()),  # "Federated Optim" is cut short
        "FedWid": ("FedWid", "Method", ("Federated Widgeting",)),
        "FedWidM": ("FedWidM", "Method", ("Federated Widgeting with Momentum",)),
        "QFedWid": ("q-FedWid", "Method", ()),
    }  # left out: Flower's own strategies and wrappers, which cite no paper


def test_captum_reader_names_algorithms_by_the_method_they_implement(tmp_path):
    core = tmp_path / "captum" / "attr" / "_core"
    write(tmp_path / "captum" / "__init__.py", "")
    write(
        core / "attribution.py",
        python_class("Attribution", "object", "All attributions.")
        + python_class("GradientAttribution", "Attribution", "Gradient attributions.")
        + python_class(
            "WidgetAttribution", "Attribution", "Widget Attribution wraps a widget model."
        ),
    )
    write(
        core / "methods.py",
        python_class("Saliency", "GradientAttribution", "Computes saliency, a plain gradient.")
        + python_class(
            "WidgetShap",
            "GradientAttribution",
            "Widget SHAP gives widget shap values, widget shap for short.",
        )
        + python_class("GradWidget", "GradientAttribution", "GradWidget computes widget gradients.")
        + python_class("WidgetTunnel", "object", "Widget Tunnel adds noise to any method."),
    )
    write(
        core / "layer" / "layer_widget_gradients.py",
        python_class(
            "LayerWidgetGradients",
            "GradientAttribution",
            "Computes Widget Gradients for a layer's output.",
        ),
    )
    influence = tmp_path / "captum" / "influence" / "_core"
    write(
        influence / "tracincp.py",
        python_class("WidInCPBase", "DataInfluence", "Base of WidIn.")
        + python_class("WidInCP", "WidInCPBase", "An implementation of WidIn at checkpoints (CP)."),
    )
    assert found(read_captum(tmp_path)) == {
        "LayerWidgetGradients": ("Widget Gradients", "Method", ()),  # the method applied
        "WidgetShap": ("Widget SHAP", "Method", ()),  # capitals as papers write them
        "WidInCP": ("WidIn", "Method", ()),  # the name's head
    }  # left out: a plain word (Saliency), a class named only as code (GradWidget),
    # bases and wrappers (WidgetAttribution), classes that attribute nothing


def _loader(ident: str, doc: str) -> str:
    return f'def load_{ident}(reload=True):\n    """{doc}\n    """\n\n'


def test_deepchem_reader_takes_named_datasets_of_load_functions(tmp_path):
    package = tmp_path / "deepchem" / "molnet" / "load_function"
    write(package / "__init__.py", "")
    write(
        package / "widget_datasets.py",
        _loader(
            "widget", "Load Widget dataset\n\n    The Widget (WSOL) dataset has 1000 compounds."
        )
        + _loader("gbx21", "Load the GBX21 benchmark.\n\n    GBX21 is a benchmark of 12 tasks.")
        + _loader(
            "mwv",
            "Load MWV dataset\n\n    The Maximum Widget Validation (MWV) is a benchmark dataset.",
        )
        + _loader("tox", "Load ToxCastle dataset\n\n    Toxicity of castles.")
        + _loader("kinase", "Loads Kinase datasets\n\n    The Kinase dataset is in-house.")
        + _loader("lipo", "Load Lipophilicity dataset\n\n    Lipophilicity of drugs.")
        + 'def get_widget():\n    """The GADGET12 dataset."""\n',
    )
    assert found(read_deepchem(tmp_path)) == {
        "gbx21": ("GBX21", "Benchmark", ()),  # the docstring calls it a benchmark
        "mwv": ("MWV", "Dataset", ("Maximum Widget Validation",)),
        "tox": ("ToxCastle", "Dataset", ()),  # named by "Load X dataset"
        "widget": ("WSOL", "Dataset", ("Widget",)),  # the bracketed name papers use
    }  # left out: plain words naming a topic (Kinase, Lipophilicity)
