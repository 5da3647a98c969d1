"""The neuralforecast, PyKEEN, RecBole and OGB readers, on small made-up package trees."""

from pathlib import Path

from package_trees import found, write

from graphbuild.lexicon.catalogues.graphs_and_series import (
    read_neuralforecast,
    read_ogb,
    read_pykeen,
    read_recbole,
)


def _model(cls: str, doc: str) -> str:
    return f'class {cls}(BaseModel):\n    """{doc}\n    """\n\n'


def test_neuralforecast_reader_keeps_exported_named_models(tmp_path):
    models = tmp_path / "neuralforecast" / "models"
    write(
        models / "__init__.py",
        "__all__ = ['MLP', 'WaveMixer', 'WaveMixerx', 'GRIDMultivariate', 'TFR', 'BOLT']\n",
    )
    cite = '    References:\n    - [Doe (2024). "Wave-Mixer: Mixing Waves for Forecasting."](x)'
    write(
        models / "wavemixer.py",
        _model("WaveMixer", f"WaveMixer\n\n    The `WaveMixer` mixes waves.\n\n{cite}")
        # A variant of WaveMixer citing WaveMixer's paper: no paper of its own.
        + _model("WaveMixerx", f"WaveMixerx\n\n    WaveMixer with exogenous inputs.\n\n{cite}")
        + _model("Helper", "Helper\n\n    Not exported."),
    )
    write(
        models / "others.py",
        _model("MLP", "MLP\n\n    Multi Layer Perceptron (MLP), a generic network.")
        + _model("GRIDMultivariate", "GRIDMultivariate\n\n    A grid for many series.")
        + _model("TFR", "TFR\n\n    The Temporal Flow Regressor architecture (TFR) flows.")
        # Capitalised words before "(BOLT)" that do not spell it: no long form.
        + _model("BOLT", "BOLT\n\n    The Layered Ensemble Networks (BOLT) are modular."),
    )
    assert found(read_neuralforecast(tmp_path)) == {
        "WaveMixer": ("Wave-Mixer", "Model", ()),  # the cited title's spelling
        "TFR": ("Temporal Flow Regressor", "Model", ("TFR",)),  # a short acronym gives way
        "BOLT": ("BOLT", "Model", ()),
    }


_PYKEEN_README = """\
### Datasets

| Name | Reference | Citation |
|------|-----------|----------|
| FooKG-12 | [`pykeen.datasets.FooKG12`](x) | [Doe *et al*., 2020](x) |
| Widget Relation Graph | [`pykeen.datasets.WRG`](x) | [Doe *et al*., 2021](x) |
| Zeta (large) | [`pykeen.datasets.ZetaLarge`](x) | [Roe *et al*., 2020](x) |
| OGB Widgets | [`pykeen.datasets.OGBWidgets`](x) | [Hu *et al*., 2020](x) |

### Models

| Name | Reference | Citation |
|------|-----------|----------|
| FooE | [`pykeen.models.FooE`](x) | [Doe *et al.*, 2020](x) |
| FooE-X | [`pykeen.models.FooEX`](x) | [Roe *et al.*, 2021](x) |
| FooE Literal | [`pykeen.models.FooELiteral`](x) | [Kristiadi *et al.*, 2018](x) |
| Widget Embedding | [`pykeen.models.WE`](x) | [Doe *et al.*, 2011](x) |
| Unstructured Model | [`pykeen.models.UM`](x) | [Bordes *et al.*, 2014](x) |
| Fixed Model | [`pykeen.models.FixedModel`](x) | [Berrendorf *et al.*, 2021](x) |

### Losses
"""


def test_pykeen_reader_takes_readme_tables_and_cited_models(tmp_path):
    write(tmp_path / "pykeen-1.0.dist-info" / "METADATA", "Name: pykeen\n\n" + _PYKEEN_README)
    package = tmp_path / "pykeen"
    write(package / "__init__.py", "")
    write(
        package / "datasets" / "widgets.py",
        _model("FooKG12", "The FooKG-12 dataset.")
        + _model("WRG", "The WRG benchmark of widget relations.")
        + _model("ZetaLarge", "The Zeta large dataset.")
        + _model("OGBWidgets", "The ogbl-widgets dataset."),
    )
    write(
        package / "models" / "widgets.py",
        _model("FooE", "An implementation of FooE from [doe2020]_.")
        + _model("FooEX", "FooE-X, an extension of FooE by [roe2021]_.")
        + _model(
            "FooELiteral", "An implementation of the LiteralE model with FooE [kristiadi2018]_."
        )
        + _model("WE", "An implementation of WE from [doe2011]_.")
        + _model("UM", "An implementation of the Unstructured Model (UM) by [bordes2014]_.")
        + _model("FixedModel", "A mock model returning fixed scores."),
    )
    assert found(read_pykeen(tmp_path)) == {
        "FooKG12": ("FooKG-12", "Dataset", ()),
        "WRG": ("Widget Relation Graph", "Benchmark", ("WRG",)),
        "ZetaLarge": ("Zeta", "Dataset", ()),  # "Zeta large" is prose: the family's name
        "FooE": ("FooE", "Method", ()),
        "FooELiteral": ("LiteralE", "Method", ()),  # the method it implements
        "WE": ("Widget Embedding", "Method", ("WE",)),
    }  # left out: OGB's graphs, a variant (FooEX), a description (UM), no citation (mock)


def _recommender(path: Path, header: str, reference: str = "") -> None:
    write(path, f'r"""\n{header}\n##########\n{reference}\n"""\n\nclass {header}:\n    pass\n')


def test_recbole_reader_keeps_published_models_by_their_paper_names(tmp_path):
    write(tmp_path / "recbole" / "__init__.py", "")
    model = tmp_path / "recbole" / "model"
    general = model / "general_recommender"
    _recommender(general / "pop.py", "Pop")  # no cited paper
    _recommender(general / "widgetknn.py", "WidgetKNN")
    _recommender(general / "foorank.py", "FooRank", 'Reference:\n    Doe. "FooRank: Ranking Foo."')
    _recommender(general / "shuffle.py", "Shuffle", 'Reference:\n    "Shuffle Baselines Again."')
    sequential = model / "sequential_recommender"
    # RecBole's variant of FooRank, citing a paper that does not name it.
    _recommender(sequential / "foorankf.py", "FooRankF", 'Reference:\n    "Feature-rich Foo."')
    _recommender(sequential / "wrn.py", "WRN", 'Reference:\n    "Widget Recurrent Networks."')
    context = model / "context_aware_recommender"
    _recommender(context / "widgetdeep.py", "WidgetDeep", 'Reference:\n    "Widget & Deep Models."')
    _recommender(context / "kd_foo.py", "KD_FOO", 'Reference:\n    "Distilling Foo Machines."')
    _recommender(
        model / "knowledge_aware_recommender" / "gnnws.py",
        "GNNWS",
        'Reference:\n    "Graph Widgets."\nReference code:\n    https://github.com/doe/GNN-WS',
    )
    assert found(read_recbole(tmp_path)) == {
        "foorank": ("FooRank", "Model", ()),
        "wrn": ("Widget Recurrent Networks", "Model", ("WRN",)),
        "widgetdeep": ("Widget & Deep", "Model", ()),
        "gnnws": ("GNN-WS", "Model", ()),  # as the paper's code repository spells it
    }  # left out: no paper (Pop, WidgetKNN), a word (Shuffle), a variant (FooRankF), a code name


def test_ogb_reader_takes_master_table_columns_and_lsc_datasets(tmp_path):
    package = tmp_path / "ogb"
    write(package / "__init__.py", "")
    write(package / "nodeproppred" / "master.csv", ",ogbn-widgets,ogbn-gadgets100M\nx,1,1\n")
    lsc = package / "lsc"
    write(
        lsc / "foograph.py",
        "class FooGraph90Mv2Dataset(object):\n"
        "    def update(self):\n        print('FooGraph90M-v2 dataset has been updated.')\n\n"
        "class FooGraph90Mv2Evaluator:\n    pass\n",
    )
    write(
        lsc / "zap.py", "class ZAP7Dataset(object):\n    pass\n\nclass WidgetDataset:\n    pass\n"
    )
    write(lsc / "zap_pyg.py", "class BarGraph12MDataset(object):\n    pass\n")
    assert found(read_ogb(tmp_path)) == {
        "ogbn-widgets": ("ogbn-widgets", "Dataset", ()),
        "ogbn-gadgets100M": ("ogbn-gadgets100M", "Dataset", ()),
        "FooGraph90Mv2Dataset": ("FooGraph90M-v2", "Dataset", ()),  # as its message spells it
        "ZAP7Dataset": ("ZAP7", "Dataset", ()),  # a class name with a digit is the name
    }  # left out: a wordy class named nowhere (WidgetDataset), the PyG/DGL wrappers
