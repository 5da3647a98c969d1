"""Take entity names out of public catalogues into small snapshot files.

Generation-time code: run by hand when a catalogue is refreshed, never at run time.
Each reader takes an unpacked package (a wheel or sdist) or repository checkout and
returns rows ``(id, name, type, aliases)``: the catalogue's identifier, the name as
papers spell it (see ``spelling``), a type per ``../shared/eval/GUIDELINES.md``, and
other names found with it. Only names are kept, never descriptions.

Usage::

    python -m graphbuild.lexicon.catalogues.snapshot CATALOGUE UNPACKED_DIR \\
        --source "PyPI tensorflow-datasets==4.9.10" --licence Apache-2.0

writes ``data/lexicon-sources/CATALOGUE.tsv``; ``build`` then makes ``lexicon.tsv``.
"""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from graphbuild.lexicon.catalogues.spelling import attest, clean_display
from graphbuild.normalize import name_key

SOURCES_DIR = Path(__file__).resolve().parents[3] / "data" / "lexicon-sources"


class Row(NamedTuple):
    """One catalogue entry: its identifier, paper spelling, type and other names."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()


# -- helpers ------------------------------------------------------------------------------


def _python_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        if not path.name.endswith("_test.py") and not path.name.startswith("test_"):
            yield path


def _parse(path: Path) -> ast.Module | None:
    try:
        return ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError):
        return None


def _module_strings(tree: ast.Module, marker: str) -> str:
    """The module-level string constants whose variable name contains ``marker``."""
    texts: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if any(marker in n for n in names) and isinstance(node.value.value, str):
                texts.append(node.value.value)
    return "\n".join(texts)


def _type_from_words(text: str, default: str = "Dataset") -> str:
    """Benchmark when the text calls the entry a benchmark more often than a dataset."""
    low = text.lower()
    benchmark = len(re.findall(r"\bbenchmarks?\b", low))
    dataset = len(re.findall(r"\b(?:data ?sets?|corpus|corpora)\b", low))
    if benchmark == dataset:
        return default
    return "Benchmark" if benchmark > dataset else "Dataset"


_LONG_FORM = r"((?:[A-Z][\w'’-]*\s+(?:(?:of|for|and|the|in|on|to|with)\s+)?){1,8})\(\s*"


def _long_form(name: str, text: str) -> tuple[str, ...]:
    """``Long Form (NAME)`` in ``text``: the long form as an alias of ``name``."""
    match = re.search(_LONG_FORM + re.escape(name) + r"\s*\)", text)
    if not match:
        return ()
    long_form = re.sub(r"^(?:The|A|An)\s+", "", match.group(1).strip())
    words = re.findall(r"[^\W_]+", long_form)
    if len(words) < 2 or name[:1].lower() not in {w[0].lower() for w in words}:
        return ()
    return (long_form,)


def _class_docstrings(root: Path, base: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
    """(class name, docstring) of the classes under ``root`` with a matching base."""
    for path in _python_files(root):
        tree = _parse(path)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(base(ast.unparse(b)) for b in node.bases):
                yield node.name, ast.get_docstring(node) or ""


# -- readers ------------------------------------------------------------------------------

_TFDS_SKIP = {"core", "scripts", "testing", "proto", "dataset_collections"}
_TFDS_SUFFIXES = ("_subset", "_dataset", "_corpus", "_translate", "_full")


def read_tfds(root: Path) -> list[Row]:
    """TensorFlow Datasets: every builder, named as its description spells it."""
    rows: list[Row] = []
    for ident, text in tfds_builders(root):
        spelled = attest(ident, text)
        if spelled is None:
            for suffix in _TFDS_SUFFIXES:
                if ident.endswith(suffix):
                    spelled = attest(ident[: -len(suffix)], text)
                    break
        if spelled is None or not _cased_or_versioned(spelled) or _code_like(spelled):
            continue
        rows.append(Row(ident, spelled, _type_from_words(text), _long_form(spelled, text)))
    return rows


def tfds_builders(root: Path) -> list[tuple[str, str]]:
    """(builder name, description and citation text) of every TFDS builder."""
    package = next(root.rglob("tensorflow_datasets/__init__.py")).parent
    found: dict[str, tuple[str, str]] = {}  # id -> description
    for folder in sorted((package / "datasets").iterdir()):
        readme = folder / "README.md"
        if readme.is_file():
            texts = [readme.read_text(encoding="utf-8")]
            if (folder / "CITATIONS.bib").is_file():
                texts.append((folder / "CITATIONS.bib").read_text(encoding="utf-8"))
            found[name_key(folder.name)] = (folder.name, "\n".join(texts))
    for sub in sorted(package.iterdir()):
        if not sub.is_dir() or sub.name in _TFDS_SKIP or sub.name == "datasets":
            continue
        for path in _python_files(sub):
            tree = _parse(path)
            if tree is None:
                continue
            module_text = (
                _module_strings(tree, "DESCRIPTION") + "\n" + _module_strings(tree, "CITATION")
            )
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef):
                    continue
                bases = [ast.unparse(b) for b in node.bases]
                if not any("Builder" in b and "Config" not in b for b in bases):
                    continue
                name = _class_attribute(node, "name") or node.name
                text = (ast.get_docstring(node) or "") + "\n" + module_text
                found.setdefault(name_key(name), (name, text))
    return [(name, text) for _, (name, text) in sorted(found.items())]


def _code_like(spelling: str) -> bool:
    """An identifier pasted from code: ``Imagenet2012Subset``, ``MNISTCorrupted``."""
    return re.search(r"\d[A-Z][a-z]|[A-Z]{3,}[A-Z][a-z]{2,}", spelling) is not None


def _cased_or_versioned(spelling: str) -> bool:
    """A spelling carries information: capitals, or digits (``enwik8``); not plain words."""
    return spelling != spelling.lower() or any(c.isdigit() for c in spelling)


def _class_attribute(node: ast.ClassDef, attribute: str) -> str | None:
    for item in node.body:
        if (
            isinstance(item, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == attribute for t in item.targets)
            and isinstance(item.value, ast.Constant)
            and isinstance(item.value.value, str)
        ):
            return item.value.value
    return None


_LINK_TEXT = re.compile(r"`([^`<]+?)\s*<[^>]*>`_")


def read_torchvision(root: Path) -> list[Row]:
    """torchvision: dataset classes (by their linked name) and model builders."""
    package = next(root.rglob("torchvision/__init__.py")).parent
    rows: list[Row] = []
    for cls, doc in _class_docstrings(
        package / "datasets", lambda b: "Dataset" in b or "Folder" in b
    ):
        first = doc.split("\n\n", 1)[0]
        link = _LINK_TEXT.search(first)
        if link:
            name, aliases = clean_display(link.group(1))
        else:
            spelled = attest(cls, doc)
            if spelled is None:
                continue
            name, aliases = spelled, ()
        kind = "Benchmark" if "benchmark" in " ".join((name, *aliases)).lower() else "Dataset"
        rows.append(Row(cls, name, kind, aliases))
    for path in _python_files(package / "models"):
        tree = _parse(path)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            if not any("register_model" in ast.unparse(d) for d in node.decorator_list):
                continue
            doc = " ".join((ast.get_docstring(node) or "").split())
            match = re.match(
                r"(?:Constructs an? |The )?(.+?)\s+(?:model\s+)?(?:architecture\s+)?"
                r"(?:\([^)]*\)\s+)?(?:from|based on|as described in)\b",
                doc,
            )
            if match and len(match.group(1).split()) <= 5:
                name, _ = clean_display(match.group(1))
                rows.append(Row(node.name, name, "Model"))
    return rows


def read_torchaudio(root: Path) -> list[Row]:
    """torchaudio: dataset classes (``*Name*`` in the docstring) and model classes."""
    package = next(root.rglob("torchaudio/__init__.py")).parent
    rows: list[Row] = []
    for cls, doc in _class_docstrings(package / "datasets", lambda b: "Dataset" in b):
        match = re.match(r"\*([^*]+)\*", doc.strip())
        spelled = clean_display(match.group(1)) if match else None
        if spelled is None:
            attested = attest(cls, doc)
            spelled = (attested, ()) if attested else None
        if spelled is not None:
            rows.append(Row(cls, spelled[0], "Dataset", spelled[1]))
    for cls, doc in _class_docstrings(package / "models", lambda b: "Module" in b):
        model = attest(cls, doc) if not cls.startswith("_") else None
        if model and re.search(r"\b(?:architecture|model)\b", doc.split("\n\n", 1)[0]):
            rows.append(Row(cls, model, "Model"))
    return rows


def read_lm_eval(root: Path) -> list[Row]:
    """lm-evaluation-harness: each task folder, named by its README."""
    tasks = next(root.rglob("lm_eval/tasks/__init__.py")).parent
    rows: list[Row] = []
    for readme in sorted(tasks.glob("*/README.md")):
        text = readme.read_text(encoding="utf-8")
        folder = readme.parent.name
        title = text.strip().split("\n", 1)[0].lstrip("# ").strip()
        spelled = attest(folder, text)
        if spelled is None and 0 < len(title.split()) <= 4 and ":" not in title:
            # The README's title when it reads as a name: capitals inside a word, or a digit.
            spelled = title if re.search(r"\w[A-Z]|\d", title) else None
        if spelled is None or not _cased_or_versioned(spelled) or "/" in spelled:
            continue
        if re.search(r"\b(?:task|readme|changelog|paper)\b", spelled.lower()):
            continue
        name, aliases = clean_display(spelled)
        aliases = aliases or _long_form(name, text)
        rows.append(Row(folder, name, _type_from_words(text, default="Benchmark"), aliases))
    return rows


def read_pyg(root: Path) -> list[Row]:
    """PyTorch Geometric: dataset classes and the datasets their docstrings quote."""
    package = next(root.rglob("torch_geometric/__init__.py")).parent
    rows: list[Row] = []
    for cls, doc in _class_docstrings(package / "datasets", lambda b: "Dataset" in b):
        spelled = attest(cls, doc)
        if spelled is None:
            match = re.search(r"The (?:\w+ )?([A-Z][\w-]*(?: [A-Z][\w-]*)*) (?:data ?sets?)\b", doc)
            spelled = match.group(1) if match else None
        if spelled is not None and not spelled.endswith("Dataset"):
            rows.append(Row(cls, spelled, _type_from_words(doc), _long_form(spelled, doc)))
        for quoted in re.findall(r':obj:`"([^"`]+)"`', doc):
            # Quoted names are often subsets (object classes, languages): keep the ones
            # that look like dataset names (a version, a hyphenated part, or capitals).
            letters = "".join(c for c in quoted if c.isalpha())
            distinctive = re.search(r"[\d-]", quoted) or (len(letters) >= 4 and letters.isupper())
            if distinctive and "_" not in quoted and len(name_key(quoted)) >= 4 and letters:
                rows.append(Row(f"{cls}:{quoted}", quoted, "Dataset"))
    return rows


def read_doctr(root: Path) -> list[Row]:
    """docTR: document and text-recognition dataset classes."""
    package = next(root.rglob("doctr/datasets/__init__.py")).parent
    rows: list[Row] = []
    for cls, doc in _class_docstrings(package, lambda b: "Dataset" in b):
        spelled = attest(cls, doc)
        if spelled is not None and re.search(r"\bdataset\b", doc.split("\n\n", 1)[0], re.I):
            rows.append(Row(cls, spelled, "Dataset"))
    return rows


_METHOD_HEADS = frozenset(
    """
    loss normalization normalisation distillation standardization attention anchoring
    sampling pooling convolution convolutions block assignment decay momentum nesterov
    annealing pyramid boost
    """.split()
)
_SPLIT_SUFFIX = re.compile(r"-(?:half-)?(?:val|test|train)$")


def _name_like(name: str) -> bool:
    """Capitals inside a word or a run of capitals, or a digit: ``RoIAlign``, ``FPN``."""
    return re.search(r"[a-z][A-Z]|[A-Z]{2}|\d", name) is not None


def _dicts(value: Any) -> list[dict[str, Any]]:
    """A metafile field as a list of mappings (one mapping, a list, or nothing)."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def _strings(value: Any) -> list[str]:
    """A metafile field as a list of strings (one string, a list, or nothing)."""
    items = value if isinstance(value, list) else [value]
    return [str(item) for item in items if isinstance(item, (str, int, float)) and item != ""]


def read_openmmlab(root: Path) -> list[Row]:
    """An OpenMMLab model zoo (MMDetection, MMSegmentation, MMPose, ...): the model
    families, their building blocks and the datasets they are trained and scored on.

    A collection (a detector family) is a Model unless its last word names a technique
    ("Focal Loss", "Group Normalization"); the architecture parts and training
    techniques it lists are Methods when they read as names ("RoIAlign", "Focal Loss").
    """
    import yaml  # generation-time only

    configs = next(root.rglob(".mim/configs"))
    metafiles = sorted([*configs.rglob("*.yml"), *configs.rglob("*.yaml")])
    rows: list[Row] = []
    for metafile in metafiles:
        try:
            data: Any = yaml.safe_load(metafile.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            continue
        if isinstance(data, list):
            data = {"Models": data}
        if not isinstance(data, dict) or not ({"Collections", "Models"} & set(data)):
            continue
        folder = metafile.parent.name
        names: list[str] = []
        for collection in _dicts(data.get("Collections")):
            meta = collection.get("Metadata") or {}
            meta = meta if isinstance(meta, dict) else {}
            name = str(collection.get("Name") or "")
            if name and not name.split()[0].endswith("ing"):  # not a paper title
                head = name.split()[-1].lower()
                rows.append(Row(folder, name, "Method" if head in _METHOD_HEADS else "Model"))
            parts = [
                *_strings(meta.get("Architecture")),
                *_strings(meta.get("Training Techniques")),
            ]
            for part in map(str, parts):
                words = part.split()
                technique = len(words) >= 2 and words[-1].lower() in _METHOD_HEADS
                if _name_like(part) or technique:
                    rows.append(Row(f"{folder}:part", part, "Method"))
            names += _strings(meta.get("Training Data"))
        for model in _dicts(data.get("Models")):
            names += [str(r["Dataset"]) for r in _dicts(model.get("Results")) if r.get("Dataset")]
        for item in map(str, names):
            for single in re.split(r",\s*|\s+and\s+", item):
                single = _SPLIT_SUFFIX.sub("", single.strip())
                if single:
                    rows.append(Row(f"{folder}:data", single, "Dataset"))
    return rows


def read_timm(root: Path) -> list[Row]:
    """timm: model families (one per module) and the variants their docstrings spell."""
    package = next(root.rglob("timm/models/__init__.py")).parent
    rows: list[Row] = []
    for path in sorted(package.glob("*.py")):
        if path.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        tree = _parse(path)
        if tree is None:
            continue
        doc = ast.get_docstring(tree) or ""
        family = attest(path.stem, doc) or attest(path.stem.replace("_", ""), doc)
        if family is not None and family != family.lower():
            rows.append(Row(path.stem, family, "Model"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and any(
                "register_model" in ast.unparse(d) for d in node.decorator_list
            ):
                parts = node.name.split("_")
                for size in (3, 2, 1):
                    if len(parts) < size:
                        continue
                    spelled = attest("_".join(parts[:size]), text)
                    if spelled and spelled != spelled.lower() and re.search(r"\d", spelled):
                        rows.append(Row(node.name, spelled, "Model"))
                        break
    return rows


def read_gymnasium(root: Path) -> list[Row]:
    """Gymnasium: the registered environments, without version or variant path."""
    registry = next(root.rglob("gymnasium/envs/__init__.py"))
    ids = re.findall(r'id="([^"]+)"', registry.read_text(encoding="utf-8"))
    rows: list[Row] = []
    for env_id in ids:
        base = re.sub(r"-v\d+$", "", env_id.rsplit("/", 1)[-1])
        if not base.endswith("Environment"):  # wrappers of other libraries' environments
            rows.append(Row(env_id, base, "Benchmark"))
    return rows


def read_torchreid(root: Path) -> list[Row]:
    """Torchreid: person re-identification datasets, named by their docstrings."""
    package = next(root.rglob("reid/data/datasets/__init__.py")).parent
    rows: list[Row] = []
    for cls, doc in _class_docstrings(package, lambda b: b in {"ImageDataset", "VideoDataset"}):
        first = doc.strip().split("\n", 1)[0].rstrip(".")
        if first and len(first.split()) <= 3:
            rows.append(Row(cls, first, "Dataset"))
    return rows


def read_insightface(root: Path) -> list[Row]:
    """InsightFace's list of face-recognition datasets (one Markdown heading each)."""
    readme = next(root.rglob("recognition/_datasets_/README.md"))
    rows: list[Row] = []
    for heading in re.findall(r"^###\s+(.+)$", readme.read_text(encoding="utf-8"), re.M):
        name = re.split(r"\s*[(\[]", heading.strip(), maxsplit=1)[0]
        inner = re.search(r"\(([^)]*)\)", heading)
        rows.append(Row(name, name, "Dataset"))
        if inner and not re.search(r"\d[KM]? ids", inner.group(1)):
            # "IJB (IJB-B, IJB-C)": the parts are datasets of their own
            rows.extend(
                Row(name, part.strip(), "Dataset")
                for part in inner.group(1).split(",")
                if part.strip() and part.strip()[0].isupper()
            )
    return rows


def read_nltk_data(root: Path) -> list[Row]:
    """The NLTK data index: its corpora, by the name the index gives them."""
    import xml.etree.ElementTree as ET  # noqa: N817

    index = next(root.rglob("index.xml"))
    rows: list[Row] = []
    for package in ET.parse(index).getroot().iter("package"):
        if package.get("subdir") != "corpora":
            continue
        title = package.get("name") or ""
        name = re.split(r"\s*[,:(]|\s+--\s+", title, maxsplit=1)[0]
        name = re.sub(r"\s+(?:Sample|Selections|Data)$", "", name.strip())
        name = re.sub(r"^(?:The|A|Sample)\s+", "", name)
        if name:
            rows.append(Row(package.get("id") or name, name, "Dataset"))
    return rows


def _attested_classes(
    package: Path, base: Callable[[str], bool], suffix: str = ""
) -> Iterator[tuple[str, str, str]]:
    """(class, spelling, docstring) of classes whose name, less ``suffix``, the docstring spells."""
    for cls, doc in _class_docstrings(package, base):
        stem = cls[: -len(suffix)] if suffix and cls.endswith(suffix) else cls
        spelled = attest(stem, doc) if stem and not stem.startswith("_") else None
        if spelled is not None and _cased_or_versioned(spelled):
            yield cls, spelled, doc


def read_helm(root: Path) -> list[Row]:
    """HELM (crfm-helm): its scenarios, named as their docstrings spell them."""
    package = next(root.rglob("helm/benchmark/scenarios/__init__.py")).parent
    return [
        Row(cls, spelled, _type_from_words(doc, default="Benchmark"), _long_form(spelled, doc))
        for cls, spelled, doc in _attested_classes(package, lambda b: "Scenario" in b, "Scenario")
    ]


def read_torchgeo(root: Path) -> list[Row]:
    """TorchGeo: its remote-sensing dataset classes, named as their docstrings spell them."""
    package = next(root.rglob("torchgeo/datasets/__init__.py")).parent
    return [
        Row(cls, spelled, _type_from_words(doc), _long_form(spelled, doc))
        for cls, spelled, doc in _attested_classes(package, lambda b: "Dataset" in b)
        if re.search(r"\b(?:data ?set|benchmark)\b", doc.split("\n\n", 1)[0], re.I)
    ]


def _task_folders(tasks: Path) -> list[Row]:
    """Evaluation task folders named as their own files spell them (paths read as words)."""
    rows: list[Row] = []
    for folder in sorted(p for p in tasks.iterdir() if p.is_dir() and not p.name.startswith("_")):
        texts = [
            f.read_text(encoding="utf-8", errors="replace")
            for f in sorted(folder.rglob("*"))
            if f.suffix in {".md", ".yaml", ".yml", ".py"} and f.stat().st_size < 200_000
        ]
        text = re.sub(r"[/_]", " ", "\n".join(texts))
        readme = "\n".join(
            f.read_text(encoding="utf-8", errors="replace") for f in folder.glob("README.md")
        )
        identifier = folder.name
        spelled = attest(identifier, text) or attest(identifier.replace("_", "-"), text)
        if spelled is None and identifier != identifier.lower():
            spelled = identifier.replace("_", "-")  # the folder is named in the paper's case
        if spelled is None or spelled == spelled.lower():  # "gsm8k" in a path says nothing
            continue
        rows.append(Row(identifier, spelled, _type_from_words(readme, default="Benchmark")))
    return rows


def read_lmms_eval(root: Path) -> list[Row]:
    """lmms-eval: its multimodal evaluation tasks."""
    return _task_folders(next(root.rglob("lmms_eval/tasks/__init__.py")).parent)


def read_opencompass(root: Path) -> list[Row]:
    """OpenCompass: its dataset configuration folders."""
    return _task_folders(next(root.rglob("opencompass/configs/datasets")))


def _class_sources(root: Path, base: Callable[[str], bool]) -> Iterator[tuple[str, str]]:
    """(class name, every string in the class: its and its methods' docstrings)."""
    for path in _python_files(root):
        tree = _parse(path)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(base(ast.unparse(b)) for b in node.bases):
                strings = [
                    n.value
                    for n in ast.walk(node)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)
                ]
                yield node.name, "\n".join(strings)


def read_flair(root: Path) -> list[Row]:
    """Flair: its corpora (NER, biomedical, classification, treebanks), as their docstrings
    spell them."""
    package = next(root.rglob("flair/datasets/__init__.py")).parent
    rows: list[Row] = []
    for cls, text in _class_sources(package, lambda b: "Corpus" in b or "Dataset" in b):
        parts = [p for p in cls.split("_") if p]
        spelled = None
        # "HUNER_GENE_BC2GM" is BC2GM as HUNER prepares it: try the whole name, then an
        # end that holds a digit (not "..._NCBI", an organisation, nor "..._DUTCH").
        for start in range(len(parts)):
            end = "_".join(parts[start:])
            if start and not any(c.isdigit() for c in end):
                continue
            spelled = attest(end, text)
            if spelled is not None:
                break
        # Only names that read as names: "BC2GM", "CoNLL-03"; not "Dutch" or "Legal".
        if spelled is not None and _name_like(spelled) and len(name_key(spelled)) > 3:
            rows.append(Row(cls, spelled, _type_from_words(text), _long_form(spelled, text)))
    return rows


def read_speechbrain(root: Path) -> list[Row]:
    """SpeechBrain: the model classes its docstrings present as a model or architecture."""
    package = next(root.rglob("speechbrain/lobes/models/__init__.py")).parent
    rows: list[Row] = []
    for cls, spelled, doc in _attested_classes(package, lambda b: "Module" in b or "Model" in b):
        first = doc.split("\n\n", 1)[0]
        if re.search(r"\b(?:model|architecture|network|vocoder)\b", first, re.I) and (
            _name_like(spelled)
            and len(name_key(spelled)) > 3
            and not re.search(r"Loss$|With[A-Z]", spelled)
        ):
            rows.append(Row(cls, spelled, "Model"))
    return rows


# NLP-progress: one Markdown file per task, a heading per dataset with its leaderboard.
# Headings that are not a dataset's name: result tables, lists, tasks and their parts.
_NOT_DATA_HEADING = re.compile(
    r"\b(?:results?|datasets|metrics?|measures?|evaluation|platforms?|contents|resources?|"
    r"baselines?|models?|approach(?:es)?|methods?|warning|notes?|sota|state of the art|"
    r"extraction|translation|discovery|canonicali[sz]ation|parsing|induction|recognition|"
    r"deletion|representations?|elements|entity|entities)\b",
    re.IGNORECASE,
)
_DATA_WORDS = re.compile(
    r"\b(?:data ?sets?|corpus|corpora|benchmarks?|treebank|collection|challenge|"
    r"shared task|annotated|consists? of|contains?)\b",
    re.IGNORECASE,
)
_TRAILING_KIND = re.compile(r"\s+(?:data ?set|corpus|benchmark)$", re.IGNORECASE)


def _dataset_name_like(name: str) -> bool:
    """A name with a word that is more than a capitalised word (capitals inside, a
    digit), of a few words, none a function word: "Penn Treebank" and "Financial
    Technology" are left out (title-cased words cannot be told from a topic here)."""
    words = name.split()
    # Hyphens too: "Wizard-of-Oz" is first of all a way to collect data.
    parts = re.split(r"[\s-]+", name)
    return (
        name[:1].isalnum()
        and len(words) <= 5
        and not any(w in {"the", "a", "to", "by", "for", "of", "on", "in", ">"} for w in parts)
        and any(
            any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word) for word in words
        )
    )


def read_nlp_progress(root: Path) -> list[Row]:
    """NLP-progress (sebastianruder/NLP-progress): the datasets of each task's page.

    A section heading is a dataset when its section speaks of data (dataset, corpus,
    treebank, benchmark ...) and the heading is name-like: "SQuAD", "Penn Treebank",
    "WikiText-103", not "Wikipedia", "Social media" or "Results on the test set:".
    """
    rows: list[Row] = []
    for path in sorted(root.glob("*/*.md")):
        parts = re.split(r"^#{2,4}\s+(.+?)\s*$", path.read_text(encoding="utf-8"), flags=re.M)
        for heading, body in zip(parts[1::2], parts[2::2], strict=True):
            described = body[:2000]
            if ":" in heading or _NOT_DATA_HEADING.search(heading):
                continue
            if not _DATA_WORDS.search(described):
                continue
            # "ReClor (logical reasoning)", "GQA - Visual Reasoning in the Real World"
            name = _TRAILING_KIND.sub("", re.split(r"\s*\(|\s+-\s+", heading, maxsplit=1)[0])
            # "MULTIPIT, MULTIPITCROWD and MULTIPITEXPERT": three datasets
            names = [n for n in re.split(r",\s*|\s+and\s+", name.strip()) if n]
            inner = re.search(r"\(([^)]*)\)", heading)
            for part in names:
                if not _dataset_name_like(part):
                    continue
                aliases = _long_form(part, described)
                if inner and len(names) == 1 and re.fullmatch(r"[A-Z][A-Z\d-]+", inner.group(1)):
                    aliases += (inner.group(1),)  # "Winograd NLI (WNLI)"
                # Every page is a leaderboard whose words call most things a benchmark:
                # the name tells ("RumourEval", "TempEval-3"); else a Dataset.
                kind = "Benchmark" if re.search(r"Eval|Bench", part) else "Dataset"
                rows.append(Row(part, part, kind, aliases))
    return rows


READERS: dict[str, Callable[[Path], list[Row]]] = {
    "tfds": read_tfds,
    "torchvision": read_torchvision,
    "torchaudio": read_torchaudio,
    "lm-eval": read_lm_eval,
    "pyg": read_pyg,
    "doctr": read_doctr,
    "mmdet": read_openmmlab,
    "mmseg": read_openmmlab,
    "mmpose": read_openmmlab,
    "mmdet3d": read_openmmlab,
    "mmaction2": read_openmmlab,
    "mmocr": read_openmmlab,
    "mmpretrain": read_openmmlab,
    "timm": read_timm,
    "gymnasium": read_gymnasium,
    "torchreid": read_torchreid,
    "insightface": read_insightface,
    "nltk-data": read_nltk_data,
    "helm": read_helm,
    "torchgeo": read_torchgeo,
    "lmms-eval": read_lmms_eval,
    "opencompass": read_opencompass,
    "flair": read_flair,
    "speechbrain": read_speechbrain,
    "nlp-progress": read_nlp_progress,
}


def all_readers() -> dict[str, Callable[[Path], list[Row]]]:
    """Every catalogue's reader: this module's and those of the field modules.

    The field modules use this module's helpers, so they are imported here, when asked
    for, rather than at the top.
    """
    from graphbuild.lexicon.catalogues import (
        control_imaging_chemistry,
        detection_and_attacks,
        graphs_and_series,
    )

    return {
        **READERS,
        **graphs_and_series.READERS,
        **detection_and_attacks.READERS,
        **control_imaging_chemistry.READERS,
    }


_TYPE_PRIORITY = ("Model", "Dataset", "Benchmark", "Method")


def unique_rows(rows: Iterable[Row]) -> list[Row]:
    """One row per name key, sorted by identifier then name.

    Of rows sharing a key the first wins, a Model before a Dataset, Benchmark or Method
    (a detector family listed both as a collection and as a part of another).
    """
    ordered = sorted(rows, key=lambda r: _TYPE_PRIORITY.index(r.type))
    seen: set[str] = set()
    kept: list[Row] = []
    for row in ordered:
        name = " ".join(row.name.replace("_", "-").split())
        key = name_key(name)
        if not key or key in seen:
            continue
        seen.add(key)
        # Once each: two of a catalogue's texts may give the same other name.
        aliases = tuple(
            dict.fromkeys(
                " ".join(a.split()) for a in row.aliases if name_key(a) and name_key(a) != key
            )
        )
        kept.append(Row(row.id, name, row.type, aliases))
    return sorted(kept, key=lambda r: (r.id.lower(), r.name))


def write_snapshot(
    catalogue: str, rows: list[Row], source: str, licence: str, target: Path
) -> None:
    """Write a snapshot file: header comments, then ``id<TAB>name<TAB>type<TAB>aliases``."""
    lines = [
        f"# catalogue: {catalogue}",
        f"# source: {source}",
        f"# licence: {licence}",
        f"# made by: python -m graphbuild.lexicon.catalogues.snapshot {catalogue} DIR",
        "# columns: id<TAB>name<TAB>type<TAB>aliases",
    ]
    for row in rows:
        lines.append("\t".join((row.id, row.name, row.type, "|".join(row.aliases))))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Command line: read one unpacked catalogue, write its snapshot."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    readers = all_readers()
    parser.add_argument("catalogue", choices=sorted(readers))
    parser.add_argument("directory", type=Path, help="the unpacked package or checkout")
    parser.add_argument("--source", required=True, help="e.g. 'PyPI timm==1.0.31'")
    parser.add_argument("--licence", required=True)
    parser.add_argument("--out", type=Path, default=SOURCES_DIR)
    args = parser.parse_args(argv)
    rows = unique_rows(readers[args.catalogue](args.directory))
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"{args.catalogue}.tsv"
    write_snapshot(args.catalogue, rows, args.source, args.licence, target)
    print(f"{target}: {len(rows)} names")


if __name__ == "__main__":
    main()
