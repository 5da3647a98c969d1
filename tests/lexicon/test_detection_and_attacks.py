"""The anomalib, PyOD, Avalanche, learn2learn, torchattacks and TextAttack readers, on small
made-up package trees."""

from package_trees import found, python_class, write

from graphbuild.lexicon.catalogues.detection_and_attacks import (
    read_anomalib,
    read_avalanche,
    read_learn2learn,
    read_pyod,
    read_textattack,
    read_torchattacks,
)


def test_anomalib_reader_keeps_methods_from_papers_and_published_datasets(tmp_path):
    package = tmp_path / "anomalib"
    write(package / "__init__.py", "")
    image = package / "models" / "image"
    write(
        image / "glint" / "README.md",
        "# GLINT-AD: Global Local Inspection for Anomaly Detection\n\n"
        "This is the implementation of the [GLINT-AD](https://arxiv.org/abs/1) paper.\n\n"
        "The Global Local Inspection Network (GLINT) finds defects.\n",
    )
    write(image / "glint" / "__init__.py", '"""The GLINT model."""\n__all__ = ["Glint"]\n')
    # anomalib's own baseline: no paper cited, no paper title.
    write(image / "kdfe" / "__init__.py", '"""Kernel Deep Feature Estimation (KDFE) model."""\n')
    # A paper's method, but the text only writes it as an ordinary word.
    write(
        image / "patchwise" / "__init__.py",
        '"""The patchwise model of the [paper](https://arxiv.org/abs/2)."""\n'
        '__all__ = ["Patchwise"]\n',
    )
    write(
        package / "models" / "components" / "flow" / "__init__.py",
        '"""A Flow block from the [paper](https://arxiv.org/abs/3)."""\n',
    )
    datasets = package / "data" / "datasets" / "image"
    write(datasets / "gizmo.py", '"""Gizmo-AD Dataset.\n\nLicense:\n    CC BY 4.0\n"""\n')
    write(datasets / "wit.py", '"""Widget Textures (WiT) Dataset.\n\nWe download it."""\n')
    write(datasets / "folder.py", '"""Custom Folder Dataset.\n\nImages in your folder."""\n')
    assert found(read_anomalib(tmp_path)) == {
        "glint": ("GLINT", "Method", ("GLINT-AD", "Global Local Inspection Network")),
        "gizmo": ("Gizmo-AD", "Dataset", ()),
        "wit": ("WiT", "Dataset", ()),  # a long form that describes is not kept
    }


def _pyod_row(abbr: str, algorithm: str, year: str, ref: str) -> str:
    return f"   * - Kind\n     - {abbr}\n     - {algorithm}\n     - {year}\n     - {ref}\n"


def test_pyod_reader_keeps_cited_detectors_with_their_long_forms(tmp_path):
    table = "".join(
        [
            ".. list-table::\n   :header-rows: 1\n\n",
            _pyod_row("Abbr", "Algorithm", "Year", "Ref"),
            _pyod_row("WBOS", "Widget-based Outlier Score (`example <x>`__)", "2012", "[#D12]_"),
            _pyod_row("ZCOD", "Unsupervised Outlier Detection Using Zeta Copulas", "2022", "[#L]_"),
            _pyod_row("(Incr.) GOF", "Memory Efficient Gadget Outlier Factor", "2002", "[#T]_"),
            _pyod_row("FourierGap", "Fourier Gap: FFT-based saliency", "2019", "[#R19]_"),
            _pyod_row("Sampling", "Rapid outlier detection via sampling", "2013", "[#S13]_"),
            _pyod_row("WidgetOD", "Any PyOD detector on widgets", "2025", "[#L24]_"),
            _pyod_row("GRIDX", "Grid Index baseline", "2020", "see the docs"),
        ]
    )
    write(tmp_path / "pyod-1.0.dist-info" / "METADATA", "Name: pyod\n\n" + table)
    write(tmp_path / "pyod" / "__init__.py", "")
    write(
        tmp_path / "pyod" / "models" / "fourier_gap.py",
        '"""Fourier Gap detector."""\n\n' + python_class("FourierGap", "Base", "The fourier gap."),
    )
    assert found(read_pyod(tmp_path)) == {
        "WBOS": ("WBOS", "Method", ("Widget-based Outlier Score",)),
        "ZCOD": ("ZCOD", "Method", ()),  # a paper title, not the letters' long form
        "GOF": ("GOF", "Method", ()),  # "(Incr.) GOF": a variant, under GOF
        "FourierGap": ("Fourier Gap", "Method", ()),
    }  # left out: a word (Sampling), PyOD's own wrapper (WidgetOD), no reference (GRIDX)


def test_avalanche_reader_keeps_strategies_named_in_their_docstrings(tmp_path):
    write(tmp_path / "avalanche" / "__init__.py", "")
    training = tmp_path / "avalanche" / "training"
    write(
        training / "plugins" / "plugins.py",
        python_class(
            "WGMPlugin", "SupervisedPlugin", "Widget Gradient Memory Plugin.\n\n    WGM works."
        )
        + python_class("WCPlugin", "SupervisedPlugin", "Widget Consolidation (WC) plugin.")
        + python_class("LRSchedulerPlugin", "SupervisedPlugin", "Learning Rate Scheduler plugin.")
        + python_class("WH", "ExemplarsBuffer", "Widget Herding (WH) storage policy."),
    )
    write(
        training / "supervised" / "strategy_wrappers.py",
        # The strategy gives the acronym with its long form: its name wins over the plugin's.
        python_class("WGM", "SupervisedTemplate", "Widget Gradient Memory (W-GM) strategy.")
        + python_class("WC", "SupervisedTemplate", "WC strategy.")  # the plugin's row stays
        + python_class("ICaRL", "SupervisedTemplate", "iCaRL strategy.")
        + python_class("Naive", "SupervisedTemplate", "Naive finetuning.")
        + python_class("ExperienceReplay", "SupervisedTemplate", "Experience replay strategy.")
        + python_class("JointTraining", "SupervisedTemplate", "Joint Training strategy."),
    )
    assert found(read_avalanche(tmp_path)) == {
        "ICaRL": ("iCaRL", "Method", ()),
        "WCPlugin": ("WC", "Method", ("Widget Consolidation",)),
        "WGM": ("W-GM", "Method", ("Widget Gradient Memory",)),
    }  # left out: procedures (a scheduler, joint training), plain words (Naive,
    # "Experience replay"), classes that are neither strategies nor plugins


def test_avalanche_reader_keeps_named_benchmarks_and_datasets(tmp_path):
    package = tmp_path / "avalanche"
    write(package / "__init__.py", "")
    write(
        package / "benchmarks" / "classic" / "cwidget.py",
        'def SplitWidget10():\n    """Creates a CL benchmark using Widget-10.\n\n'
        '    This is the Split Widget-10 benchmark.\n    """\n\n'
        'def PermutedWidget():\n    """Creates a CL benchmark for widgets."""\n\n'
        'def WidgetTransform():\n    """The Widget Transform of the inputs."""\n',
    )
    write(
        package / "benchmarks" / "datasets" / "gadget50" / "gadget50.py",
        python_class("Gadget50Dataset", "DownloadableDataset", "Gadget-50 Pytorch Dataset")
        + python_class("SubSequence", "object", "A Sub Sequence of the Gadget-50 dataset."),
    )
    assert found(read_avalanche(tmp_path)) == {
        "Gadget50Dataset": ("Gadget-50", "Dataset", ()),
        "SplitWidget10": ("Split Widget-10", "Benchmark", ()),
    }  # left out: a benchmark in plain words, a function that makes no benchmark, a class
    # beside the data set in its module


def _l2l(name: str, base: str, description: str) -> str:
    return python_class(
        name, base, f"\n    **Description**\n\n    {description}\n\n    **Arguments**"
    )


def test_learn2learn_reader_merges_wrappers_and_takes_dataset_names(tmp_path):
    package = tmp_path / "learn2learn-0.2.0" / "learn2learn"
    write(package / "__init__.py", "")
    write(
        package / "algorithms" / "lightning" / "lightning_wam.py",
        _l2l("LightningWAM", "LightningEpisodicModule", "A PyTorch Lightning module for WAM."),
    )
    write(
        package / "algorithms" / "wam.py",
        _l2l(
            "WAM",
            "BaseLearner",
            "High-level implementation of *Widget-Agnostic Meta-learning*.\n\n    Its first-order"
            " version is FOWAM, a WAM that ignores second derivatives.",
        )
        + _l2l("Helper", "object", "Keeps the gradients of WAM."),
    )
    write(
        package / "optim" / "gadget.py",
        _l2l("GadgetCurveTransform", "object", "Implements the Gadget-Curve transform of Doe."),
    )
    datasets = package / "vision" / "datasets"
    write(
        datasets / "tiny_widgets.py",
        _l2l("TinyWidgets", "data.Dataset", "The *tiny*-Widgets dataset was introduced by Doe.")
        + _l2l("WidgetFolder", "ImageFolder", "The widget folder dataset of your images."),
    )
    assert found(read_learn2learn(tmp_path)) == {
        "LightningWAM": ("WAM", "Method", ("Widget-Agnostic Meta-learning",)),
        "GadgetCurveTransform": ("Gadget-Curve", "Method", ()),
        "TinyWidgets": ("tiny-Widgets", "Dataset", ()),
    }  # left out: a class no description names, a data set named in plain words


def _attack(name: str, doc: str) -> str:
    return python_class(name, "Attack", f"\n    {doc}\n\n    Distance Measure : Linf")


def test_torchattacks_reader_keeps_attacks_citing_their_paper(tmp_path):
    attacks = tmp_path / "torchattacks" / "attacks"
    write(attacks / "__init__.py", "")
    arxiv = "[https://arxiv.org/abs/1]"
    write(
        attacks / "widgets.py",
        _attack("MIWGSM", f"MI-WGSM in the paper 'Boosting Widgets with Momentum'\n    {arxiv}")
        + _attack("BWM", f"BWM or iterative-WGSM in the paper 'Widgets in the World'\n    {arxiv}")
        + _attack("WidgetFool", f"Attack in the paper 'WidgetFool: a few widgets'\n    {arxiv}")
        + _attack(
            "JWMA", f"Jacobian Widget Map Attack in the paper 'Limits of Widgets'\n    {arxiv}"
        )
        + _attack("TWGD", f"WGD based on KL-Divergence loss in the paper 'Trade-offs'\n    {arxiv}")
        + _attack("UWGD", "UWGD: the ultimate WGD, with all the options of widget attacks.")
        + _attack("GadgetNoise", f"Attack in the paper 'Gadgets: noise is all'\n    {arxiv}"),
    )
    assert found(read_torchattacks(tmp_path)) == {
        "MIWGSM": ("MI-WGSM", "Method", ()),
        "BWM": ("BWM", "Method", ("iterative-WGSM",)),
        "WidgetFool": ("WidgetFool", "Method", ()),  # the paper's own name
        "JWMA": ("JWMA", "Method", ("Jacobian Widget Map Attack",)),
    }  # left out: a described variant (TWGD), no paper (UWGD), a title not naming it


def test_textattack_reader_leaves_out_recipes_named_for_an_author(tmp_path):
    package = tmp_path / "textattack"
    write(
        package / "attack_args.py",
        "HUGGINGFACE_RECIPES = {\n"
        '    "doe": "textattack.attack_recipes.WidgetSearchDoe2018",\n'
        '    "faster-doe": "textattack.attack_recipes.FasterWidgetSearchRoe2019",\n'
        '    "pwws": "textattack.attack_recipes.PWWSRen2019",\n'
        '    "widgetfooler": "textattack.attack_recipes.WidgetFoolerJin2019",\n'
        '    "input-reduction": "textattack.attack_recipes.InputReductionFeng2018",\n'
        '    "wordswap": "textattack.attack_recipes.WordSwapKim2020",\n'
        '    "missing": "textattack.attack_recipes.MissingLee2020",\n'
        "}\n",
    )
    recipes = package / "attack_recipes"
    write(recipes / "__init__.py", "")
    write(
        recipes / "widget_search_doe_2018.py",
        '"""\n\nDoe Widget Search\n=====\n"""\n\n'
        + python_class("WidgetSearchDoe2018", "R", "Doe."),
    )
    write(
        recipes / "faster_widget_search_roe_2019.py",
        '"""\n\nFaster Doe Widget Search\n"""\n\n'
        + python_class("FasterWidgetSearchRoe2019", "R", "Faster-Doe, a faster Doe search."),
    )
    write(
        recipes / "pwws_ren_2019.py",
        '"""\n\nPWWS\n=====\n"""\n\n'
        + python_class("PWWSRen2019", "R", "Use of Probability Weighted Widget Saliency from Ren."),
    )
    write(
        recipes / "widgetfooler_jin_2019.py",
        '"""\n\nWidgetFooler (Is Widget Robust?)\n=====\n"""\n\n'
        + python_class("WidgetFoolerJin2019", "R", "WidgetFooler."),
    )
    write(
        recipes / "input_reduction_feng_2018.py",
        '"""\n\nInput Reduction\n=====\n"""\n\n' + python_class("InputReductionFeng2018", "R", "x"),
    )
    write(
        recipes / "word_swap_kim_2020.py",
        '"""\n\nAn attack by wordswap\n"""\n\n' + python_class("WordSwapKim2020", "R", "x"),
    )
    assert found(read_textattack(tmp_path)) == {
        "input-reduction": ("Input Reduction", "Method", ()),
        "pwws": ("PWWS", "Method", ("Probability Weighted Widget Saliency",)),
        "widgetfooler": ("WidgetFooler", "Method", ()),
    }  # left out: recipes named for an author (Doe, Faster-Doe), a plain word (wordswap),
    # a recipe with no module
