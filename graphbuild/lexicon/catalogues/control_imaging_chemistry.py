"""Catalogue readers for reinforcement learning (Stable-Baselines3, d3rlpy), federated
learning (Flower), attribution (Captum), chemistry data (DeepChem) and image restoration
and generation (MMagic).

Generation-time code, like ``snapshot`` (whose helpers it uses): each reader takes an
unpacked wheel and returns rows ``(id, name, type, aliases)``, names only, attested in
the catalogue's own text.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graphbuild.lexicon.catalogues.snapshot import (
    Row,
    _class_docstrings,
    _code_like,
    _dicts,
    _long_form,
    _name_like,
    _parse,
    _python_files,
    _strings,
    _type_from_words,
)
from graphbuild.lexicon.catalogues.spelling import attest, clean_display, initials_spell
from graphbuild.normalize import name_key

# -- mmagic ------------------------------------------------------------------------------

# Paper titles of personalisation techniques: they fine-tune a pretrained text-to-image
# model rather than release one, so the collection is a Method ("DreamBooth", "ViCo").
_PERSONALISATION = re.compile(r"\bFine[- ]?Tuning\b|\bPersonali[sz]\w* Text-to-Image Generation\b")
# Resolutions glued to a dataset ("ImageNet256x256", "FFHQ256") and split or protocol
# marks ("REDS4(BIx4)", "facades-id0", "CelebA-Cropped", "GoProTestDataset").
_SQUARE_SIZE = re.compile(r"-?(\d+)x\1$")
_SIZE_SUFFIX = re.compile(r"(?<=[A-Za-z])(?:64|128|256|512|1024)$")
_PROTOCOL = re.compile(
    r"\s*\([^)]*\)$|-(?:id0|Cropped|val|test|train)$|(?:Test)?Dataset$|\+\d+\s*images$"
)
# "horse2zebra" is a translation direction: a dataset only in the direction trained on.
_DIRECTION = re.compile(r"^[a-z]+2[a-z]+$")
# A typo in eg3d's metafile for the ShapeNet cars it is scored on; papers never write it.
_MMAGIC_MISSPELT = frozenset({"ShaperNet-Car"})


def read_mmagic(root: Path) -> list[Row]:
    """MMagic (OpenMMLab restoration and generation zoo): model families from its metafiles,
    spelled as its docstrings write them, and the datasets they are scored on."""
    import yaml  # generation-time only

    package = next(root.rglob("mmagic/__init__.py")).parent
    configs = package / ".mim" / "configs"
    docs = "\n".join(doc for _, doc in _class_docstrings(package / "models", lambda b: True))
    config_text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(configs.rglob("*.py")))
    rows: list[Row] = []
    spellings: dict[str, Counter[str]] = {}  # dataset key -> spellings seen
    for metafile in sorted(configs.glob("*/metafile.yml")):
        data: Any = yaml.safe_load(metafile.read_text(encoding="utf-8")) or {}
        folder = metafile.parent.name
        for collection in _dicts(data.get("Collections")):
            paper: dict[str, Any] = (
                collection["Paper"] if isinstance(collection.get("Paper"), dict) else {}
            )
            title = str(paper.get("Title") or "")
            tasks = _strings(collection.get("Task"))
            name = _mmagic_model_name(str(collection.get("Name") or ""), title, tasks, docs)
            if name is not None:
                kind = "Method" if _PERSONALISATION.search(title) else "Model"
                rows.append(Row(folder, name[0], kind, name[1]))
        trained_on = " ".join(p.stem for p in metafile.parent.glob("*.py"))
        for model in _dicts(data.get("Models")):
            for result in _dicts(model.get("Results")):
                metrics: dict[str, Any] = (
                    result["Metrics"] if isinstance(result.get("Metrics"), dict) else {}
                )
                # DragGAN lists its checkpoints with every metric 0.0: placeholders, not data.
                if not any(isinstance(v, (int, float)) and v for v in metrics.values()):
                    continue
                for item in _strings(result.get("Dataset")):
                    dataset = _mmagic_dataset(item, trained_on)
                    if dataset is not None:
                        spellings.setdefault(name_key(dataset), Counter())[dataset] += 1
    for counts in spellings.values():
        # The most frequent spelling, capitals first ("Vimeo-90K-T" over "vimeo90k-t").
        spelled = max(counts, key=lambda s: (counts[s], s != s.lower()))
        camel_only = re.fullmatch(r"(?:[A-Z][a-z]+){2,}", spelled) is not None
        if camel_only and attest(spelled, config_text) is None:
            continue  # "IndoorScenes": two plain words glued, named nowhere else
        rows.append(Row(f"data:{name_key(spelled)}", spelled, "Dataset"))
    return rows


def _mmagic_model_name(
    name: str, title: str, tasks: list[str], docs: str
) -> tuple[str, tuple[str, ...]] | None:
    """A collection's name as papers write it, with the metafile's spelling as alias."""
    words = name.split()
    if not name or len(words) > 3:
        return None  # a paper title put in the name field ("Unsupervised Representation ...")
    # "StyleGANv2": the docstrings (and papers) write the version joined, "StyleGAN2".
    joined = re.sub(r"v(\d)$", r"\1", name)
    if joined != name and _count(joined, docs) > _count(name, docs):
        return joined, (name,)
    if _name_like(name) or len(words) == 1:
        return (name, ()) if re.fullmatch(r"[\w+-]+(?: [\w+-]+)*", name) else None
    if len(words) > 2 and name.lower() == title.lower():
        return None  # "Instance-aware Image Colorization": the title, not a name
    # Words without capitals inside ("Control Net"): the docstrings' one-word spelling
    # when it is name-like ("ControlNet"), or a name the paper's title itself spells.
    glued = name.replace(" ", "")
    if _name_like(glued) and _count(glued, docs):
        return glued, ()
    if any(name_key(t) == name_key(name) for t in tasks):
        return None  # a demo named after its own task ("Diffusers Pipeline")
    if re.search(rf"\b{re.escape(name)}\b", title, re.IGNORECASE):
        return name, ()
    return None


def _count(spelling: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", text))


def _mmagic_dataset(item: str, trained_on: str) -> str | None:
    """A metafile dataset as a dataset name: no split, size or protocol marks."""
    if "](" in item or item in _MMAGIC_MISSPELT:
        return None  # a Markdown link to a single image
    name = item.strip()
    for pattern in (_PROTOCOL, _SQUARE_SIZE, _SIZE_SUFFIX, _PROTOCOL):
        name = pattern.sub("", name).strip()
    if _DIRECTION.match(name):
        # Trained on in one direction only ("horse2zebra"); both ways ("maps2aerial",
        # "aerial2maps") the dataset has another name ("maps") that neither spells.
        reverse = "2".join(reversed(name.split("2")))
        return name if name in trained_on and reverse not in trained_on else None
    if not _name_like(name) or _code_like(name) or name == name.lower():
        return None  # "facades", "unknown", "NTIRE2021VideoSuper-Resolution-Track1"
    return name


# -- reinforcement learning: Stable-Baselines3 (+ contrib), d3rlpy -----------------------


def read_sb3(root: Path) -> list[Row]:
    """Stable-Baselines3 and SB3-Contrib: their RL algorithm classes, and the techniques
    a class docstring opens by naming as "Long Form (ABBR)" (HER, gSDE)."""
    rows: list[Row] = []
    for package in sorted({p.parent for p in root.rglob("*/__init__.py")}):
        if package.name not in {"stable_baselines3", "sb3_contrib"}:
            continue
        text = "\n".join(doc for _, doc in _class_docstrings(package, lambda b: True))
        # An algorithm subclasses an "...Algorithm" base or another algorithm (DDPG < TD3);
        # the bases themselves ("OffPolicyAlgorithm") are not named in papers.
        algorithms: set[str] = set()
        for cls, doc in _class_docstrings(package, lambda b: True):
            if cls.endswith("Algorithm") or not doc:
                continue
            first = doc.split("\n\n", 1)[0]
            spelled = attest(cls, text)
            if spelled is None:
                continue
            if re.search(r"Algorithm$|^(?:A2C|PPO|SAC|TD3|DQN)$", _base_names(package, cls)):
                algorithms.add(cls)
                rows.append(Row(cls, spelled, "Method", _long_form(spelled, first)))
        # "Hindsight Experience Replay (HER) buffer", "generalized State Dependent
        # Exploration (gSDE)": a technique the docstring's first line names and abbreviates.
        for cls, doc in _class_docstrings(package, lambda b: True):
            first = " ".join(doc.split("\n\n", 1)[0].split())
            for match in re.finditer(r"((?:[A-Z][\w-]*\s+){1,6})\(([A-Za-z]+[A-Z]+)\)", first):
                long_form, short = match.group(1).strip(), match.group(2)
                if cls not in algorithms and initials_spell(short.lstrip("g"), long_form):
                    rows.append(Row(cls, short, "Method", (long_form,)))
    return rows


def _base_names(package: Path, cls: str) -> str:
    """The bases of class ``cls`` in ``package``, space-separated."""
    for path in _python_files(package):
        tree = _parse(path)
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.ClassDef) and node.name == cls:
                return " ".join(ast.unparse(b) for b in node.bases)
    return ""


# d3rlpy typos in long forms ("Critic Reguralized Regression"): not how papers spell them.
_D3RLPY_TYPOS = re.compile(r"Reguralized|Discreptancy")
_D3RLPY_FIRST_LINE = re.compile(
    r"^(?:Config\s+(?:of\s+)?)?(?:Discrete version of\s+)?(?P<long>.+?)"
    r"(?:\s+algorithm)?(?:\s+for\s+.*)?\.?$"
)


def read_d3rlpy(root: Path) -> list[Row]:
    """d3rlpy: its offline and online RL algorithms (one config class each)."""
    package = next(root.rglob("d3rlpy/algos/__init__.py")).parent
    rows: list[Row] = []
    for cls, doc in _class_docstrings(package, lambda b: b.endswith("Config")):
        if not doc or not cls.endswith("Config"):
            continue
        # One method however its action space: "DiscreteCQLConfig" is CQL; "TD3PlusBC" is
        # written "TD3+BC".
        stem = re.sub(r"^Discrete", "", cls[: -len("Config")]).replace("Plus", "+")
        first = " ".join(doc.split("\n\n", 1)[0].split())
        match = _D3RLPY_FIRST_LINE.match(first)
        long_form = match.group("long") if match else ""
        spelled = attest(stem, doc)
        fallback = spelled is None and long_form[:1].isupper()
        if fallback and not initials_spell(stem, long_form):
            spelled = long_form  # "DoubleDQN" is written out: "Double Deep Q-Network"
        if spelled is None or re.search(r" [a-z]", spelled):
            continue  # "PLAS with perturbation": a variant described, not named
        if not _name_like(spelled) and not fallback:
            # "Decision Transformer" is a cited paper's name; "Random Policy" is not.
            references = doc.split("References:", 1)[-1] if "References:" in doc else ""
            if attest(spelled, references) is None:
                continue
        aliases: tuple[str, ...] = ()
        if long_form != spelled and initials_spell(spelled, long_form):
            aliases = () if _D3RLPY_TYPOS.search(long_form) else (long_form,)
        rows.append(Row(cls, spelled, "Method", aliases))
    return rows


# -- federated learning: Flower ------------------------------------------------------------

# A strategy from a paper cites it ("Implementation based on https://arxiv...", "[Reddi
# et al., 2020]"); wrappers and Flower's own strategies (DP clipping, FedXgbBagging) do not.
_CITES_PAPER = re.compile(r"\bImplement\w* based on\b|\[[A-Z][\w ]+ et al\., \d{4}\]")


def read_flwr(root: Path) -> list[Row]:
    """Flower: its federated aggregation strategies that implement a published algorithm."""
    package = next(root.rglob("flwr/__init__.py")).parent
    rows: list[Row] = []
    folders = (package / "server" / "strategy", package / "serverapp" / "strategy")
    # Strategies name each other ("FedProx extends FedAvg"): read the spellings in all.
    text = "\n".join(doc for f in folders for _, doc in _class_docstrings(f, lambda b: True))
    for folder in folders:
        for cls, doc in _class_docstrings(folder, lambda b: True):
            if not _CITES_PAPER.search(doc):
                continue
            spelled = attest(cls, text)  # "QFedAvg" is written "q-FedAvg"
            if spelled is None:
                continue
            first = " ".join(doc.split("\n\n", 1)[0].split())
            rows.append(Row(cls, spelled, "Method", _flwr_long_form(cls, first)))
    return rows


def _flwr_long_form(cls: str, first: str) -> tuple[str, ...]:
    """ "Federated Averaging with Momentum strategy." as the long form of FedAvgM: each
    part of the class name is a contraction of a word of it, in order."""
    long_form = re.sub(r"\s*(?:\[[^\]]*\])?\s*strategy\.?$|\s*\([^)]*\)", "", first).strip()
    words = long_form.split()
    parts = re.findall(r"[A-Z][a-z]*", cls)
    if " - " in first or len(words) < 2 or len(words[-1]) <= 5:  # "Federated Optim"
        return ()
    position = 0
    for part in parts:
        while position < len(words) and not _contracts(part, words[position]):
            position += 1
        if position == len(words):
            return ()
        position += 1
    return (long_form,) if _contracts(parts[-1], words[-1]) else ()


def _contracts(part: str, word: str) -> bool:
    """Whether ``part`` is ``word`` shortened ("Avg" of "Averaging", "M" of "Momentum")."""
    if part[0].lower() != word[0].lower():
        return False
    rest = iter(word[1:].lower())
    return all(c in rest for c in part[1:].lower())


# -- attribution: Captum -------------------------------------------------------------------


def _caps_first(identifier: str, text: str) -> str | None:
    """``attest``, preferring a spelling with a run of capitals ("LIME", "Kernel SHAP",
    "DeepLIFT") when the text has one: papers write these acronyms in capitals."""
    capitals = "\n".join(
        m.group() for m in re.finditer(r"(?:\b[A-Za-z]+[ -])?[\w-]*[A-Z]{3,}[\w-]*", text)
    )
    return attest(identifier, capitals) or attest(identifier, text)


def read_captum(root: Path) -> list[Row]:
    """Captum: its attribution and data-influence algorithms, as its docstrings name them."""
    package = next(root.rglob("captum/__init__.py")).parent
    rows: list[Row] = []
    for folder in ("attr", "influence"):
        classes = list(_class_docstrings(package / folder / "_core", lambda b: True))
        algorithms = _subclasses(package / folder / "_core", ("Attribution", "DataInfluence"))
        # Class names quoted in prose ("DeepLiftShap") are code: only the prose is read.
        names = "|".join(sorted((re.escape(c) for c, _ in classes), key=len, reverse=True))
        text = re.sub(rf"\b(?:{names})\b", " ", "\n".join(doc for _, doc in classes))
        for cls, doc in classes:
            if cls not in algorithms or not doc or re.search(r"Base$|Attribution$|^_", cls):
                continue  # base classes and wrappers ("LLMAttribution")
            # "LayerIntegratedGradients" is Integrated Gradients applied to a layer;
            # "TracInCPFastRandProj" is a faster TracInCP: the method is the name's head.
            stem = re.sub(r"^(?:Layer|Neuron)(?=[A-Z])", "", cls)
            parts = re.findall(r"[A-Z][a-z]*|[A-Z]+(?![a-z])", stem)
            for size in range(len(parts), 0, -1):
                spelled = _caps_first("".join(parts[:size]), text)
                if spelled is not None:
                    break
            if spelled is None or len(spelled.split()) > 4:
                continue
            # One plain word ("Saliency", "Occlusion", "Lime") is an ordinary word, not
            # the method's name as papers write it; "guided backpropagation" is.
            if _name_like(spelled) or len(spelled.split()) > 1:
                rows.append(Row(cls, spelled, "Method"))
    return rows


def _subclasses(folder: Path, roots: tuple[str, ...]) -> set[str]:
    """The classes under ``folder`` that derive, directly or not, from a class whose name
    ends with one of ``roots`` ("GradientAttribution")."""
    bases: dict[str, set[str]] = {}
    for path in _python_files(folder):
        tree = _parse(path)
        for node in ast.walk(tree) if tree else ():
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {ast.unparse(b).split("[")[0] for b in node.bases}
    found = {b for bs in bases.values() for b in bs if b.endswith(roots)}
    base_classes = set(found)
    while True:
        more = {c for c, b in bases.items() if c not in found and b & found}
        if not more:
            return found - base_classes
        found |= more


# -- chemistry: DeepChem (MoleculeNet) ---------------------------------------------------


def read_deepchem(root: Path) -> list[Row]:
    """DeepChem: the MoleculeNet (and materials) datasets of its ``load_*`` functions."""
    package = next(root.rglob("deepchem/molnet/load_function/__init__.py")).parent
    rows: list[Row] = []
    for path in _python_files(package):
        tree = _parse(path)
        for node in tree.body if tree else ():
            if not isinstance(node, ast.FunctionDef) or not node.name.startswith("load_"):
                continue
            doc = ast.get_docstring(node) or ""
            ident = node.name[len("load_") :]
            # "load_delaney" is read in "Delaney"; "load_lipo" in "Load Lipophilicity dataset".
            spelled = attest(ident, doc)
            if spelled is None:
                match = re.match(r"Load (?:the )?([A-Z][\w-]*(?: [A-Z][\w-]*){0,2}) data ?set", doc)
                spelled = (
                    match.group(1)
                    if match and match.group(1).lower().startswith(ident.split("_")[0].lower())
                    else None
                )
            if spelled is None:
                continue
            name, aliases = clean_display(spelled)
            # "The Delaney (ESOL) dataset": the bracketed name is the one papers use.
            other = re.search(rf"\b{re.escape(name)} \(([A-Z][A-Z\d-]+)\)", doc)
            if other and not _name_like(name):
                name, aliases = other.group(1), (name, *aliases)
            # A plain word ("Kinase", "Factors", "perovskite") names a topic, not a dataset.
            if not _name_like(name):
                continue
            kind = _type_from_words(doc)
            rows.append(Row(ident, name, kind, aliases or _long_form(name, doc)))
    return rows


READERS: dict[str, Callable[[Path], list[Row]]] = {
    "mmagic": read_mmagic,
    "sb3": read_sb3,
    "d3rlpy": read_d3rlpy,
    "flwr": read_flwr,
    "captum": read_captum,
    "deepchem": read_deepchem,
}
