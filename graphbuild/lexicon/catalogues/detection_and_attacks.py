"""Readers for anomaly detection, outlier detection, continual learning, meta-learning and
adversarial attack catalogues (anomalib, PyOD, Avalanche, learn2learn, torchattacks,
TextAttack), generation-time code like ``snapshot``, whose helpers it uses.

Every name is attested in the catalogue's own text (README, docstrings, tables); all
algorithms are Methods (GUIDELINES: "a named technique, algorithm ... or training
procedure"): anomaly detectors such as PatchCore are fitted afresh to each data set
and released as code, not as trained checkpoints, so they are not Models.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from graphbuild.lexicon.catalogues.snapshot import (
    Row,
    _cased_or_versioned,
    _class_docstrings,
    _long_form,
    _name_like,
    _parse,
    _python_files,
)
from graphbuild.lexicon.catalogues.spelling import attest, clean_display
from graphbuild.normalize import name_key

# -- helpers ------------------------------------------------------------------------------

_FUNCTION_WORDS = frozenset("a an and the of for in on with to without via by".split())


def _docstrings(path: Path) -> str:
    """The module, class and function docstrings of one Python file."""
    tree = _parse(path)
    if tree is None:
        return ""
    nodes = [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.ClassDef, ast.FunctionDef)))]
    return "\n".join(ast.get_docstring(n) or "" for n in nodes)


def _exported(init: Path) -> list[str]:
    """The names a package's ``__init__.py`` lists in ``__all__``."""
    tree = _parse(init)
    for node in tree.body if tree else []:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, (ast.List, ast.Tuple))
        ):
            return [
                e.value
                for e in node.value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
    return []


def _abbreviates(short: str, long_form: str) -> bool:
    """Whether ``short`` is spelled by the starts of the words of ``long_form``, in order,
    every word used but function words ("of"), a word's later hyphenated parts optional:
    ``HBOS`` / "Histogram-based Outlier Score", ``LODA`` / "Lightweight On-line Detector
    of Anomalies", ``IForest`` / "Isolation Forest"; not ``CD`` / "Cook's distance for
    outlier detection", nor ``ECOD`` / "Unsupervised Outlier Detection Using ..." (a title).
    """
    letters = name_key(short)
    words = [
        [name_key(p) for p in w.split("-") if name_key(p)] for w in long_form.split() if name_key(w)
    ]

    def match(i: int, j: int, part: int) -> bool:
        if j == len(words):
            return i == len(letters)
        parts = words[j]
        if part == len(parts):  # the word is done: on to the next one
            return match(i, j + 1, 0)
        for k in range(min(len(parts[part]), len(letters) - i), 0, -1):
            if letters[i : i + k] == parts[part][:k] and match(i + k, j, part + 1):
                return True
        if part > 0:  # a later part of a hyphenated word need not count
            return match(i, j, part + 1)
        return j > 0 and "".join(parts) in _FUNCTION_WORDS and match(i, j + 1, 0)

    return len(words) >= 2 and bool(letters) and match(0, 0, 0)


def _spelled(identifier: str, text: str) -> str | None:
    """``attest``, preferring a separated spelling to a code identifier's ("Deep SVDD" to
    "DeepSVDD", "Split MNIST" to "SplitMNIST") when the text writes both, and a cased
    spelling to the same words in lower case ("Spectral Residual", "ANOMALOUS": in lower
    case they are ordinary words of the text)."""
    code_like = re.search(r"[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]", identifier) is not None
    for separated in (True, False) if code_like else (False,):
        candidate = text.replace(identifier, " ") if separated else text
        spelled = attest(identifier, candidate)
        while spelled is not None and spelled == spelled.lower() != identifier:
            candidate = candidate.replace(spelled, " ")
            spelled = attest(identifier, candidate)
        if spelled is not None and (not separated or re.search(r"[\s-]", spelled)):
            return spelled
    return None


def _merged(rows: list[Row]) -> list[Row]:
    """Rows sharing a name key merged into the first, with the aliases of all."""
    first: dict[str, int] = {}
    merged: list[Row] = []
    for row in rows:
        key = name_key(row.name)
        if key in first:
            kept = merged[first[key]]
            extra = tuple(a for a in row.aliases if a not in kept.aliases)
            merged[first[key]] = kept._replace(aliases=kept.aliases + extra)
        else:
            first[key] = len(merged)
            merged.append(row)
    return merged


def _title_cased(phrase: str) -> bool:
    """Every word but function words starts with a capital or digit: "Expert Gate",
    "Learning without Forgetting"; not "Experience replay" or "Cumulative training"."""
    words = [w for w in re.split(r"[\s-]+", phrase) if w]
    return (
        bool(words)
        and all(w[0].isupper() or w[0].isdigit() or w in _FUNCTION_WORDS for w in words)
        and words[0] not in _FUNCTION_WORDS
    )


def _rst_table_rows(text: str) -> Iterator[list[str]]:
    """The rows of the reStructuredText ``list-table`` directives in ``text``."""
    for table in re.split(r"\.\. list-table::", text)[1:]:
        body = re.split(r"\n(?=\S)", table, maxsplit=1)[0]  # up to the next unindented line
        for row in re.split(r"\n\s*\* - ", "\n" + body)[1:]:
            yield [cell.strip() for cell in re.split(r"\n\s+- ", row.rstrip())]


# -- anomalib -----------------------------------------------------------------------------

# A paper's title opening a README or module docstring: "PaDiM: a Patch ...",
# "# [ICASSP 2025] FUVAS: Few-shot ...".
_TITLE_NAME = re.compile(r"^#*[ \t]*(?:\[[^\]]*\][ \t]*)?([^\s:]+(?: [^\s:]+)?):[ \t]")
_CITES = re.compile(r"arxiv|\bpaper\b|proceedings|doi\.org|openaccess|springer|bmvc", re.I)


def read_anomalib(root: Path) -> list[Row]:
    """anomalib: its published anomaly-detection methods (one folder each) and the
    published data sets it downloads."""
    package = next(root.rglob("anomalib/__init__.py")).parent
    rows: list[Row] = []
    for folder in sorted((package / "models").glob("*/*/")):
        if folder.parent.name == "components" or not (folder / "__init__.py").is_file():
            continue
        readme = folder / "README.md"
        readme_text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
        text = readme_text + "\n" + "\n".join(_docstrings(p) for p in sorted(folder.glob("*.py")))
        # The README's and the package docstring's first lines (other modules open with
        # "NAME: what it does", which is no paper title).
        package_doc = _docstrings(folder / "__init__.py")
        openings = [t.strip().split("\n", 1)[0] for t in (readme_text, package_doc) if t.strip()]
        titles = [
            m.group(1) for m in map(_TITLE_NAME.match, openings) if m and name_key(m.group(1))
        ]
        # Only methods from the literature: the folder cites a paper or opens with its
        # title; not anomalib's own baselines and wrappers (DFKDE, VLM-AD).
        if not (_CITES.search(text) or titles):
            continue
        for identifier in (folder.name, *_exported(folder / "__init__.py")):
            spelled = _spelled(identifier, text)
            if spelled is not None and _cased_or_versioned(spelled):
                break
        else:
            continue
        # The name the paper's title gives, when longer ("CFLOW-AD" for CFLOW), and long
        # forms from the README only: module docstrings expand some names wrongly.
        key = name_key(spelled)
        aliases = tuple(
            t for t in titles if name_key(t) != key and name_key(t).startswith(key)
        ) + tuple(  # paragraph by paragraph: a heading is no part of a long form
            alias
            for paragraph in readme_text.split("\n\n")
            for alias in _long_form(spelled, paragraph)
        )
        rows.append(Row(folder.name, spelled, "Method", aliases))
    for path in sorted((package / "data" / "datasets").glob("*/*.py")):
        doc = ast.get_docstring(_parse(path) or ast.Module(body=[], type_ignores=[])) or ""
        # A published data set states its licence or is downloaded; the others load a
        # user's own folder, table or export format.
        if path.parent.name == "base" or not re.search(r"License|download", doc):
            continue
        first = re.sub(r"\s*\((?:CC|Creative)[^)]*\)", "", doc.split("\n", 1)[0])
        first = re.sub(r"\s+(?:Dataset|Datamodule)\.?$", "", first.strip().rstrip("."))
        # Long forms here describe rather than name ("Visual Anomaly (VisA)"): not kept.
        name, _ = clean_display(first)
        if name and _cased_or_versioned(name):
            rows.append(Row(path.stem, name, "Dataset"))
    return rows


# -- PyOD ---------------------------------------------------------------------------------


def read_pyod(root: Path) -> list[Row]:
    """PyOD: the detectors of its README's algorithm tables that cite a publication."""
    package = next(root.rglob("pyod/__init__.py")).parent
    metadata = next(root.glob("pyod-*.dist-info/METADATA")).read_text(encoding="utf-8")
    docs = "\n".join(_docstrings(p) for p in _python_files(package / "models"))
    text = metadata + "\n" + docs
    rows: list[Row] = []
    for cells in _rst_table_rows(metadata):
        if len(cells) != 5 or cells[1] == "Abbr":
            continue
        _, abbr, algorithm, year, ref = cells
        # A detector from the literature has a year and a reference; PyOD's own
        # pipelines (EmbeddingOD, TimeSeriesOD, AudioAE) and textbook baselines do not.
        # PyOD's own wrappers are named word + "OD" (EmbeddingOD, TimeSeriesOD).
        if not re.fullmatch(r"\d{4}", year) or not ref.startswith("[#"):
            continue
        abbr = re.sub(r"^\([^)]*\)\s*", "", abbr)  # "(Incr.) COF": a COF variant
        if re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)*OD", abbr):
            continue
        # Names, not words: "Sampling" and "Radar" are how the table heads a row.
        if not (_name_like(abbr) or re.search(r"\w-[A-Z]", abbr)):
            continue
        spelled = _spelled(abbr, text) or abbr
        long_form = re.sub(r"\s*\([^()]*(?:\([^()]*\)[^()]*)*\)", "", algorithm)  # "(example ...)"
        long_form = re.sub(r"^[\w-]+:\s*", "", long_form).replace("*", "").strip()
        aliases = (long_form,) if _abbreviates(spelled, long_form) else ()
        rows.append(Row(abbr, spelled, "Method", aliases))
    return rows


# -- Avalanche ----------------------------------------------------------------------------

# "Elastic Weight Consolidation (EWC) strategy.", "GDumb plugin.", "CWR* Strategy."
_STRATEGY_HEAD = re.compile(r"^(.+?)\s+(?:strategy|plugin)\b", re.I)
# Names of training procedures, not of published methods ("JointTraining",
# "From Scratch Training", "Learning Rate Scheduler").
_PROCEDURE = re.compile(r"(?:Training|Scheduler|Finetuning|Template)$", re.I)
_STRATEGY_BASES = ("SupervisedTemplate", "SupervisedMetaLearningTemplate", "SupervisedPlugin")


def _strategy_classes(training: Path) -> Iterator[tuple[str, str, str]]:
    """(class, docstring, its file's docstrings) of the strategies and plugins, plugins
    first: their docstrings name the technique, the strategies often just wrap them."""
    folders = (training / "plugins", training / "supervised")
    for path in (p for folder in folders for p in _python_files(folder)):
        tree = _parse(path)
        for node in tree.body if tree else []:
            if isinstance(node, ast.ClassDef) and any(
                ast.unparse(b).split("[")[0] in _STRATEGY_BASES for b in node.bases
            ):
                yield node.name, ast.get_docstring(node) or "", _docstrings(path)


def _strategy_name(cls: str, doc: str, file_text: str) -> tuple[str, tuple[str, ...]] | None:
    """The technique a strategy or plugin class implements, as its docstring names it."""
    stem = re.sub(r"(?:Plugin|Strategy)$", "", cls)
    first = " ".join(doc.split("\n\n", 1)[0].split())
    head = _STRATEGY_HEAD.match(first)
    if head:
        # "Gradient Episodic Memory (GEM) strategy.", "Expert Gate strategy."
        name, aliases = clean_display(head.group(1))
        keys = {name_key(n) for n in (name, *aliases)}
        if _title_cased(name) and name_key(stem) in keys:
            return name, aliases
        if _title_cased(name) and _abbreviates(stem, name):
            # "Continual Prototype Evolution plugin." of CoPEPlugin: the acronym as the
            # file spells it, else the long form.
            short = _spelled(stem, file_text)
            return (short, (name,)) if short else (name, ())
    # Or the class name as the docstring spells it: "iCaRL", "PackNet", "DER".
    spelled = attest(stem, doc)
    return (spelled, ()) if spelled and _name_like(spelled) else None


def read_avalanche(root: Path) -> list[Row]:
    """Avalanche: continual-learning strategies and plugins named in their docstrings, the
    classic benchmarks it builds and the data sets it loads."""
    package = next(root.rglob("avalanche/__init__.py")).parent
    found: dict[str, Row] = {}  # class name key (less Plugin/Strategy) -> row
    first_sentences: dict[str, str] = {}
    for cls, doc, file_text in _strategy_classes(package / "training"):
        first_sentences[cls] = doc.split("\n\n", 1)[0]
        named = _strategy_name(cls, doc, file_text)
        if named is None or _PROCEDURE.search(named[0].replace(" ", "")):
            continue
        row = Row(cls, named[0], "Method", named[1])
        key = name_key(re.sub(r"(?:Plugin|Strategy)$", "", cls))
        # The plugin's name, unless the strategy's docstring gives the acronym with its
        # long form and the plugin's does not ("Average Gradient Episodic Memory (A-GEM)").
        if key not in found or (
            f"({row.name})" in first_sentences[cls]
            and f"({found[key].name})" not in first_sentences[found[key].id]
        ):
            found[key] = row
    rows = list(found.values())
    # Benchmark names as the package and its examples write them anywhere in their text
    # (code spans excluded by ``attest``): "Split MNIST", "Split-CIFAR100".
    corpus = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in [*_python_files(package), *sorted((root / "examples").rglob("*.py"))]
    )
    for path in _python_files(package / "benchmarks" / "classic"):
        tree = _parse(path)
        for node in tree.body if tree else []:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            doc = ast.get_docstring(node) or ""
            if not re.search(r"\bbenchmark\b", doc.split("\n\n", 1)[0]):
                continue
            # Else "Creates a CL benchmark for Stream-51."
            spelled = _spelled(node.name, corpus)
            stated = re.match(r"Creates an? (?:CL )?benchmark for ([^\s.]+)", doc)
            spelled = spelled or (stated.group(1) if stated else None)
            if spelled and _cased_or_versioned(spelled):
                rows.append(Row(node.name, spelled, "Benchmark"))
    # Data set classes in a module named for the data set ("core50/core50.py"), not the
    # helpers beside them (ClassificationSubSequence in endless_cl_sim.py).
    for path in _python_files(package / "benchmarks" / "datasets"):
        tree = _parse(path)
        module = name_key(re.sub(r"_dataset$", "", path.stem))
        for node in tree.body if tree else []:
            if not isinstance(node, ast.ClassDef) or re.match(r"_|Downloadable", node.name):
                continue
            doc = ast.get_docstring(node) or ""
            stem = re.sub(r"Dataset$", "", node.name)
            if not stem or not name_key(stem).startswith(module) or "dataset" not in doc.lower():
                continue
            spelled = _spelled(stem, doc)
            if spelled and _cased_or_versioned(spelled) and not spelled.endswith("Dataset"):
                rows.append(Row(node.name, spelled, "Dataset"))
    return rows


# -- learn2learn --------------------------------------------------------------------------

# "High-level implementation of *Meta-SGD*.", "A PyTorch Lightning module for ANIL.",
# "Implements the Meta-Curvature transform of ..."
_ALGORITHM = re.compile(
    r"(?:implementation of|Lightning module for|Implements the)\s+\*?"
    r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\*?"
)
# "The *mini*-ImageNet dataset was originally introduced by ..."
_DATASET = re.compile(r"(?:The|the)\s+((?:[A-Z*][\w*-]*\s+){0,3}[A-Z*][\w*-]*)\s+dataset\b")


def _description(doc: str) -> str:
    """The ``**Description**`` paragraph of a learn2learn docstring, Markdown removed."""
    part = doc.split("**Description**", 1)[-1].strip().split("\n\n", 1)[0]
    return " ".join(part.replace("*", "").split())


def read_learn2learn(root: Path) -> list[Row]:
    """learn2learn: its meta-learning algorithms and few-shot vision data sets."""
    package = next(root.rglob("learn2learn/__init__.py")).parent
    rows: list[Row] = []
    # The PyTorch Lightning wrappers come first in the files ("A PyTorch Lightning module
    # for MAML"): their rows are merged with the algorithm's own ("MAML", its long form).
    for folder in (package / "algorithms", package / "optim"):
        for cls, doc in _class_docstrings(folder, lambda b: True):
            match = _ALGORITHM.search(_description(doc))
            if not match:
                continue
            described = re.sub(r"\s+(?:transform|algorithm)$", "", match.group(1))
            stem = re.sub(r"^Lightning|Transform$", "", cls)
            # The class's acronym as the text spells it ("MAML"), the description its
            # long form ("Model-Agnostic Meta-Learning").
            short = attest(stem, doc)
            if short and name_key(short) != name_key(described) and _abbreviates(short, described):
                rows.append(Row(cls, short, "Method", (described,)))
            else:
                rows.append(Row(cls, described, "Method"))
    datasets = package / "vision" / "datasets"
    # Names are attested anywhere in the data sets' documentation: FC100's docstring
    # spells CIFAR-FS.
    corpus = "\n".join(_docstrings(p).replace("*", "") for p in _python_files(datasets))
    for cls, doc in _class_docstrings(datasets, lambda b: "Dataset" in b or "ImageFolder" in b):
        phrase = _DATASET.search(_description(doc))
        called = phrase.group(1) if phrase else None  # "The FGVC Aircraft dataset ..."
        spelled = _spelled(cls, corpus) or called
        if spelled is None or not _cased_or_versioned(spelled):
            continue
        aliases = (called,) if called and name_key(called) != name_key(spelled) else ()
        rows.append(Row(cls, spelled, "Dataset", aliases))
    return _merged(rows)


# -- torchattacks -------------------------------------------------------------------------

# "MI-FGSM in the paper '...'", "EAD attack in the paper", "BIM or iterative-FGSM in the
# paper"; "Attack in the paper 'SparseFool: a few ...'", "'DeepFool: A Simple ...'".
_ATTACK_LINE = re.compile(r"^(?P<name>.+?)(?: attack)? in the paper '(?P<title>[^']*)")
_TITLE_START = re.compile(r"^'?(?P<name>[\w+-]+):")


def read_torchattacks(root: Path) -> list[Row]:
    """torchattacks: the attacks whose docstrings cite the paper that proposed them."""
    package = next(root.rglob("torchattacks/attacks/__init__.py")).parent
    rows: list[Row] = []
    for cls, doc in _class_docstrings(package, lambda b: b == "Attack"):
        first = " ".join(doc.split("\n\n", 1)[0].split())
        if "arxiv.org" not in doc:  # no paper: "Ultimate PGD", "Add Gaussian Noise"
            continue
        line = _ATTACK_LINE.match(first)
        title = line.group("title") if line else first
        names = re.split(r" or ", line.group("name")) if line else []
        if not names or names == ["Attack"]:
            # The attack is the paper's own name: "SparseFool: a few pixels ...".
            start = _TITLE_START.match(title)
            if not start or name_key(start.group("name")) != name_key(cls):
                continue
            names = [start.group("name")]
        name, *others = names
        # One token that reads as a name ("MI-FGSM", "DeepFool") or a title-cased phrase
        # ("Square Attack"); not "PGD based on KL-Divergence loss".
        if " " in name and not (_title_cased(name) and len(name.split()) <= 4):
            continue
        if " " not in name and not (_name_like(name) or _title_cased(name)):
            continue
        aliases = tuple(others)
        short = re.sub(r"\s+Attack$", "", name)
        if " " in name and (_abbreviates(cls, name) or _abbreviates(cls, short)):
            # "Jacobian Saliency Map Attack" of JSMA, "Fast Adaptive Boundary Attack" of FAB
            name, aliases = cls, (name, *aliases)
        rows.append(Row(cls, name, "Method", aliases))
    return rows


# -- TextAttack ---------------------------------------------------------------------------


def read_textattack(root: Path) -> list[Row]:
    """TextAttack: its attack recipes, named as their documentation spells them."""
    package = next(root.rglob("textattack/attack_recipes/__init__.py")).parent.parent
    args = (package / "attack_args.py").read_text(encoding="utf-8")
    recipes = re.findall(r'"([\w-]+)": "textattack\.attack_recipes\.(\w+)"', args)
    modules = {
        cls: path
        for path in _python_files(package / "attack_recipes")
        for cls in re.findall(r"^class (\w+)", path.read_text(encoding="utf-8"), re.M)
    }
    # Recipe classes end with their paper's first author and year
    # ("GeneticAlgorithmAlzantot2018"): names made of an author's name are no method's.
    authors = {m.group(1) for _, cls in recipes if (m := re.search(r"([A-Z][a-z]+)\d{4}", cls))}
    rows: list[Row] = []
    for recipe, cls in recipes:
        if cls not in modules:
            continue
        text = _docstrings(modules[cls])
        spelled = attest(recipe, text)
        if spelled is None or not _cased_or_versioned(spelled):
            continue
        # Recipes named after an author: "alzantot", "faster-alzantot", "kuleshov".
        if authors & set(re.split(r"[\s-]+", spelled)):
            continue
        long_form = re.search(r"\bof ([A-Z][\w-]*(?: [A-Z][\w-]*){1,5}) from\b", text)
        expanded = long_form is not None and _abbreviates(spelled, long_form.group(1))
        aliases = (long_form.group(1),) if long_form and expanded else ()
        rows.append(Row(recipe, spelled, "Method", aliases))
    return rows


READERS: dict[str, Callable[[Path], list[Row]]] = {
    "anomalib": read_anomalib,
    "pyod": read_pyod,
    "avalanche": read_avalanche,
    "learn2learn": read_learn2learn,
    "torchattacks": read_torchattacks,
    "textattack": read_textattack,
}
