"""Catalogue readers for knowledge-graph embedding (PyKEEN), recommendation (RecBole), graph
benchmarks (OGB) and time-series forecasting (neuralforecast).

Generation-time code, like ``snapshot`` (whose helpers it uses): each reader takes an
unpacked wheel and returns rows ``(id, name, type, aliases)``, names only, spelled as the
catalogue's own text (docstrings, cited paper titles, README tables, metadata files)
spells them.
"""

from __future__ import annotations

import ast
import csv
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graphbuild.lexicon.catalogues.snapshot import (
    Row,
    _class_docstrings,
    _code_like,
    _name_like,
    _parse,
    _python_files,
    _type_from_words,
)
from graphbuild.lexicon.catalogues.spelling import attest, clean_display, initials_spell
from graphbuild.normalize import name_key

# -- shared helpers ---------------------------------------------------------------------------


def _preferred_spelling(identifier: str, texts: Iterable[str]) -> str | None:
    """The spelling of ``identifier`` in the first text that attests it.

    ``texts`` go from most to least authoritative (a cited paper's title before the
    catalogue's own prose). Within a text, occurrences of the bare identifier are
    discounted first, since that is how code spells it: "Time-LLM" wins over
    "TimeLLM" when the docstring uses both.
    """
    for text in texts:
        without_code = re.sub(rf"(?<![\w-]){re.escape(identifier)}(?![\w-])", " ", text)
        spelled = attest(identifier, without_code) or attest(identifier, text)
        if spelled is not None:
            return spelled
    return None


def _initials_long_form(name: str, text: str) -> str | None:
    """A run of words in ``text`` whose initials spell ``name``: "Deep Interest Network"
    for DIN, "Field-aware Factorization Machines" for FFM, "Deep & Cross Network" for DCN.

    Hyphenated words count once ("Field-aware") or per part ("Self-supervised Graph
    Learning" is read both ways); every word is capitalised, as a name's long form is
    ("Neural factorization machines" in a lower-cased title is left alone).
    """
    target = name_key(name)
    if not target.isalpha() or len(target) < 2:
        return None
    for split_hyphens in (False, True):
        pattern = r"[^\W\d_]+" if split_hyphens else r"[^\W\d_]+(?:-[^\W\d_]+)*"
        words = list(re.finditer(pattern, text))
        for start in range(len(words)):
            stop = start + len(target)
            if stop > len(words):
                break
            run = words[start:stop]
            initials = "".join(w.group()[0] for w in run).lower()
            whole = start == 0 and stop == len(words)
            capitalised = all(w.group()[0].isupper() for w in run)
            if initials == target and capitalised and (len(target) > 2 or whole):
                # the gaps between the words must be spaces or "&" (not a sentence break)
                span = text[run[0].start() : run[-1].end()]
                if re.fullmatch(r"[\w-]+(?:\s*&?\s*[\w-]+)*", span):
                    return span
    return None


def _acronym_or_long(name: str, long_form: str | None) -> tuple[str, tuple[str, ...]]:
    """Name and aliases; an acronym of up to three letters ("DIN", "TFT") gives way to its
    long form, since the build leaves short acronyms out (they name too many things)."""
    if long_form is None or name_key(long_form) == name_key(name):
        return name, ()
    key = name_key(name)
    if len(key) <= 3 and key.isalpha():
        return long_form, (name,)
    return name, (long_form,)


def _extends(key: str, others: Iterable[str]) -> bool:
    """Whether ``key`` is another entry's key with more around it: a catalogue's own
    variant ("GRU4RecF" of GRU4Rec, "TSMixerx" of TSMixer, "InductiveNodePiece")."""
    return any(other != key and len(other) >= 3 and other in key for other in others)


def _quoted_titles(text: str) -> str:
    """The quoted paper titles of a docstring's references (``"N-BEATS: Neural ..."``)."""
    return "\n".join(re.findall(r"[\"“]([^\"”]{8,})[\"”]", text))


def _string_constants(tree: ast.AST) -> str:
    """Every string constant under ``tree`` (docstrings, messages), one per line."""
    return "\n".join(
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    )


# -- neuralforecast ---------------------------------------------------------------------------

# Network types that neuralforecast also offers as forecasters; they are generic building
# blocks (the core lexicon has them as Methods), not named forecasting models. The
# "Vanilla Transformer" is the Informer paper's name for its plain Transformer baseline.
_GENERIC_NETWORKS = frozenset({"MLP", "LSTM", "GRU", "RNN", "TCN", "KAN", "VanillaTransformer"})
_LONG_FORM_BEFORE = (
    r"((?:[A-Z][\w'’-]*[ \t]+(?:(?:of|for|and|with)[ \t]+)?){{1,8}})"
    r"(?:architecture[ \t]+|model[ \t]+)?\(`?{name}`?\)"
)


def read_neuralforecast(root: Path) -> list[Row]:
    """neuralforecast: the exported forecasting models, spelled as their cited papers do."""
    package = next(root.rglob("neuralforecast/models/__init__.py")).parent
    init = _parse(package / "__init__.py")
    exported: set[str] = set()
    for node in init.body if init else []:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            listed = node.value.elts if isinstance(node.value, (ast.List, ast.Tuple)) else []
            exported = {
                e.value for e in listed if isinstance(e, ast.Constant) and isinstance(e.value, str)
            }
    classes: dict[str, str] = {}
    for path in _python_files(package):
        tree = _parse(path)
        for node in tree.body if tree else []:
            if isinstance(node, ast.ClassDef) and node.name in exported:
                classes[node.name] = ast.get_docstring(node) or ""
    keys = [name_key(c) for c in classes if c not in _GENERIC_NETWORKS]
    rows: list[Row] = []
    for cls, doc in sorted(classes.items()):
        if cls in _GENERIC_NETWORKS:
            continue
        titles = _quoted_titles(doc.split("References", 1)[-1]) if "References" in doc else ""
        in_title = _preferred_spelling(cls, [titles])
        # A variant of another model (TSMixerx, SOFTSSharp) needs a paper of its own.
        if in_title is None and _extends(name_key(cls), keys):
            continue
        spelled = in_title or _preferred_spelling(cls, [doc])
        if spelled is None or _code_like(spelled):
            continue  # "MLPMultivariate", "SOFTSSharp": class names, not paper names
        match = re.search(_LONG_FORM_BEFORE.format(name=re.escape(cls)), doc)
        long_form = (
            re.sub(r"^(?:The|A|An) ", "", " ".join(match.group(1).split())) if match else None
        )
        if long_form and spelled.upper() == spelled and not initials_spell(spelled, long_form):
            long_form = None  # "The Hierarchical Mixture Networks (HINT)": not an expansion
        name, aliases = _acronym_or_long(spelled, long_form)
        rows.append(Row(cls, name, "Model", aliases))
    return rows


# -- PyKEEN -----------------------------------------------------------------------------------

_README_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*\[`pykeen\.(datasets|models)\.(\w+)`\]", re.M)
_CITED = re.compile(r"\[\w+\d{4}\w?\]_")


def _readme(root: Path) -> str:
    """The package's long description (its README), from the wheel's METADATA."""
    metadata = next(root.glob("*.dist-info/METADATA"))
    return metadata.read_text(encoding="utf-8").split("\n\n", 1)[-1]


def _readme_sections(readme: str) -> dict[str, str]:
    parts = re.split(r"^###\s+(.+?)\s*$", readme, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _all_class_docstrings(package: Path) -> dict[str, str]:
    """Each class's docstring by name (the first class of a name wins)."""
    found: dict[str, str] = {}
    for name, doc in _class_docstrings(package, lambda _: True):
        found.setdefault(name, doc)
    return found


def read_pykeen(root: Path) -> list[Row]:
    """PyKEEN: the knowledge-graph embedding models (Methods) and the knowledge graphs
    (Datasets) of its README tables, spelled as the tables and docstrings do."""
    package = next(root.rglob("pykeen/__init__.py")).parent
    docs = _all_class_docstrings(package)
    sections = _readme_sections(_readme(root))
    rows: list[Row] = []
    # Datasets: the README's display name when it is the class's name ("FB15k-237" for
    # FB15k237), else the docstring's spelling ("YAGO3-10", "WN18-RR"); a long display name
    # whose initials spell the class is its long form ("Drug Repositioning Knowledge Graph").
    for section in ("Datasets", "Inductive Datasets"):
        for display, _, cls in _README_ROW.findall(sections.get(section, "")):
            if cls.startswith("OGB"):
                continue  # OGB's graphs: the ogb catalogue names them as papers do (ogbl-biokg)
            doc = docs.get(cls, "")
            shown, _ = clean_display(display)
            stem = re.sub(r"^Inductive", "", cls)
            if name_key(shown) == name_key(stem):
                spelled: str | None = shown
            else:
                spelled = _preferred_spelling(stem, [doc, display])
            if (
                spelled
                and re.search(r" [a-z]", spelled)
                and name_key(stem).startswith(name_key(shown))
            ):
                spelled = shown  # "CoDEx large" is prose: the family's name, "CoDEx"
            long_form = _initials_long_form(stem, display)
            if spelled is None and long_form is not None:
                spelled = stem
            if spelled is None:
                continue
            name, aliases = _acronym_or_long(re.sub(r"\s+Family$", "", spelled), long_form)
            rows.append(Row(cls, name, _type_from_words(doc), aliases))
    # Models: those with a cited paper (not PyKEEN's mocks and filters), named by the
    # README table ("ER-MLP", "R-GCN", "TuckER") or "An implementation of X" in the
    # docstring; a model wrapping another under PyKEEN's own name (ComplExLiteral,
    # InductiveNodePiece) gives the method it implements instead ("LiteralE").
    models = _README_ROW.findall(sections.get("Models", ""))
    keys = {name_key(cls) for _, _, cls in models}
    for display, _, cls in models:
        doc = docs.get(cls, "")
        if not _CITED.search(doc.split("\n\n", 1)[0]):
            continue
        implemented = re.match(r"An implementation of (?:the )?([A-Z][\w-]*) model\b", doc)
        if implemented:
            rows.append(Row(cls, implemented.group(1), "Method"))
            continue
        if _extends(name_key(cls), keys):
            continue
        shown, _ = clean_display(display)
        spelled = shown if name_key(shown) == name_key(cls) else _preferred_spelling(cls, [doc])
        long_form = _initials_long_form(cls, display) or _initials_long_form(cls, doc[:300])
        if spelled is None or re.search(r"\bModel$", long_form or ""):
            continue  # "Unstructured Model (UM)": a description, not a name
        name, aliases = _acronym_or_long(spelled, long_form)
        rows.append(Row(cls, name, "Method", aliases))
    return rows


# -- RecBole ----------------------------------------------------------------------------------

_RECOMMENDER_FOLDERS = (
    "general_recommender",
    "sequential_recommender",
    "context_aware_recommender",
    "knowledge_aware_recommender",
)


def _recbole_models(package: Path) -> Iterator[tuple[str, str, str, str, str]]:
    """(module, RecBole's name, cited titles, reference-code repositories, class text)."""
    for folder in _RECOMMENDER_FOLDERS:
        for path in _python_files(package / "model" / folder):
            tree = _parse(path)
            if tree is None or path.name == "__init__.py":
                continue
            module_doc = ast.get_docstring(tree) or ""
            header = module_doc.strip().split("\n", 1)[0].strip()
            reference = re.search(r"Reference:(.*?)(?:Reference code:|$)", module_doc, re.S)
            code = (
                module_doc.split("Reference code:", 1)[-1]
                if "Reference code:" in module_doc
                else ""
            )
            repos = "\n".join(re.findall(r"github\.com/[\w.-]+/([\w.-]+)", module_doc + code))
            titles = _quoted_titles(reference.group(1)) if reference else ""
            if reference and not titles:  # "Steck et al. ADMM SLIM: Sparse ..." (unquoted)
                titles = reference.group(1)
            yield path.stem, header, titles, repos, _string_constants(tree)


def read_recbole(root: Path) -> list[Row]:
    """RecBole: its recommender models, each under the name its cited paper (or the
    paper's code repository) spells, typed Model like the core's SASRec and BERT4Rec."""
    package = next(root.rglob("recbole/__init__.py")).parent
    models = list(_recbole_models(package))
    # Names the papers themselves put first ("SLIM: Sparse Linear Methods ...").
    keys = {name_key(header) for _, header, *_ in models}
    keys |= {
        name_key(m.group(1))
        for _, _, titles, *_ in models
        for m in re.finditer(r"^([\w-]+):", titles, re.M)
    }
    rows: list[Row] = []
    for module, header, titles, repos, text in models:
        # No cited paper: RecBole's own baselines and variants (Pop, Random, SASRecF);
        # a combination of two ("GRU4Rec + Softmax-CPR") or a code name ("KD_DAGFM").
        if not titles or not re.fullmatch(r"[\w -]+", header) or "_" in header:
            continue
        in_paper = _preferred_spelling(header, [titles, repos]) or next(
            # "Wide & Deep": attest() reads "&" as a break between names
            (
                m
                for m in re.findall(r"[A-Z][\w-]*\s*&\s*[A-Z][\w-]*", titles)
                if name_key(m) == name_key(header)
            ),
            None,
        )
        if in_paper is None and _extends(name_key(header), keys):
            continue  # RecBole's variant of a published model (GRU4RecF, SLIMElastic)
        # The paper's spelling ("Fi-GNN", "SR-GNN") unless it is the lower-cased one of a
        # title ("Dcn v2"); then RecBole's docstring ("KGNN-LS") or header.
        candidates = [s for s in (in_paper, _preferred_spelling(header, [text]), header) if s]
        spelled = max(candidates, key=lambda s: sum(c.isupper() for c in s))
        if not _name_like(spelled) and "&" not in spelled:
            continue  # "Random", "Pop": words, not names ("Wide & Deep" is one)
        long_form = _initials_long_form(spelled, titles)
        name, aliases = _acronym_or_long(spelled, long_form)
        rows.append(Row(module, name, "Model", aliases))
    return rows


# -- OGB --------------------------------------------------------------------------------------


def read_ogb(root: Path) -> list[Row]:
    """OGB: the datasets of its master tables and its large-scale challenge (LSC) datasets."""
    package = next(root.rglob("ogb/__init__.py")).parent
    rows: list[Row] = []
    # master.csv: one column per dataset, headed by its official name ("ogbn-arxiv").
    for master in sorted(package.glob("*/master.csv")):
        with master.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        rows.extend(Row(name, name, "Dataset") for name in header if name.startswith("ogb"))
    # LSC: a class per dataset ("PCQM4Mv2Dataset"); its messages spell the name
    # ("WikiKG90M-v2 dataset has been updated.").
    for path in sorted((package / "lsc").glob("*.py")):
        if path.stem.endswith(("_dgl", "_pyg")):
            continue  # the same datasets wrapped for DGL and PyG
        tree = _parse(path)
        if tree is None:
            continue
        strings = _string_constants(tree)
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and re.fullmatch(r"[A-Z][\w]*Dataset", node.name):
                stem = node.name.removesuffix("Dataset")
                spelled = attest(stem, strings) or attest(stem, strings.replace("-", ""))
                if spelled is None:
                    # The class name is the dataset's published name (PCQM4Mv2, MAG240M).
                    spelled = stem if re.search(r"\d", stem) else None
                if spelled is not None:
                    rows.append(Row(node.name, spelled, "Dataset"))
    return rows


READERS: dict[str, Callable[[Path], list[Row]]] = {
    "neuralforecast": read_neuralforecast,
    "pykeen": read_pykeen,
    "recbole": read_recbole,
    "ogb": read_ogb,
}
