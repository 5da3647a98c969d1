"""Compose the stages: read -> extract -> resolve -> build, and report on the run.

These functions are the library API behind the CLI commands of the same name:
``extract_papers`` (``graphbuild extract``) and ``build_graph``
(``graphbuild build``).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

import networkx as nx

from graphbuild import build
from graphbuild.build import GraphOptions
from graphbuild.citation_graph import citation_summary
from graphbuild.errors import GraphbuildError, InputError
from graphbuild.extract import Extractor
from graphbuild.extract.explain import explain_mentions
from graphbuild.extract.typing_rules import PAPER_NOUN_WHYS
from graphbuild.formats import atomic
from graphbuild.formats.graphml import read_graphml, write_graphml
from graphbuild.lexicon import Lexicon, LexiconEntry, load_lexicon
from graphbuild.model import Citation, EntityType, Field, Mention, Paper, SourceRef
from graphbuild.normalize import name_key
from graphbuild.readers import PaperMerge, ReadWarning, SkippedRecord, read_papers
from graphbuild.resolve import DEFAULT_FUZZY_THRESHOLD, Resolution, resolve
from graphbuild.runtime import paused_gc

DEFAULT_TOP = 10
"""Default of ``top``: how many of the most mentioned entities a summary lists."""

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while papers are extracted."""


@dataclass
class Extraction:
    """What the read, extract and resolve stages produced."""

    papers: tuple[Paper, ...]
    mentions: dict[str, list[Mention]]
    resolution: Resolution
    records_read: int = 0
    skipped: tuple[SkippedRecord, ...] = ()
    warnings: tuple[ReadWarning, ...] = ()
    seconds: float = 0.0
    citations: tuple[Citation, ...] = ()
    paper_merges: tuple[PaperMerge, ...] = ()
    lexicon: Lexicon | None = None


@dataclass
class BuildResult:
    """The graph and a report of the run."""

    graph: nx.MultiDiGraph
    extraction: Extraction
    seconds: float = 0.0
    summary: dict[str, object] = field(default_factory=dict)


def extract_papers(
    inputs: Sequence[str | Path],
    *,
    input_format: str | None = None,
    lexicon: Lexicon | None = None,
    lexicon_paths: Sequence[str | Path] = (),
    stop_list_paths: Sequence[str | Path] = (),
    on_error: Literal["raise", "skip"] = "raise",
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    progress: Progress | None = None,
    drop_referenced_only: bool = False,
) -> Extraction:
    """Read papers and extract and resolve their entities.

    Args:
        inputs: files, folders or ``-`` (stdin).
        input_format: force a reader (``hf-listing``, ``jsonl``, ``json``); detected if None.
        lexicon: the lexicon to use; by default the packaged one plus ``lexicon_paths``.
        lexicon_paths: user lexicon files added to the packaged lexicon (they win).
        stop_list_paths: files of names never to extract, one per line.
        on_error: ``raise`` on the first bad record, or ``skip`` it and count it.
        fuzzy_threshold: rapidfuzz ratio at which two names merge.
        progress: called with (papers done, papers total).
        drop_referenced_only: leave out works known only from reference lists.

    Returns:
        Papers, their mentions and the resolved entities; citations and paper merges.

    Raises:
        InputError: an input or lexicon file is missing or malformed.
    """
    started = time.perf_counter()
    read = read_papers(
        inputs,
        input_format=input_format,
        on_error=on_error,
        drop_referenced_only=drop_referenced_only,
    )
    if lexicon is None:
        lexicon = load_lexicon(lexicon_paths, stop_list_paths=stop_list_paths)
    extraction = extract_from_papers(
        read.papers, lexicon, fuzzy_threshold=fuzzy_threshold, progress=progress
    )
    extraction.records_read = read.records_read
    extraction.skipped = read.skipped
    extraction.warnings = read.warnings + extraction.warnings
    extraction.citations = read.citations
    extraction.paper_merges = read.merges
    extraction.seconds = time.perf_counter() - started
    return extraction


def extract_from_papers(
    papers: Sequence[Paper],
    lexicon: Lexicon,
    *,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    progress: Progress | None = None,
) -> Extraction:
    """Extract and resolve entities of papers already read (no I/O).

    A title or abstract longer than ``DEFAULT_MAX_FIELD_CHARS`` is searched up to
    there only, with a warning naming the paper.
    """
    extractor = Extractor(lexicon)
    mentions: dict[str, list[Mention]] = {}
    total = len(papers)
    step = max(1, total // 100)
    # Mentions and their tuples hold no reference cycles: the collector's passes find nothing.
    with paused_gc():
        for done, paper in enumerate(papers, start=1):
            mentions[paper.id] = extractor.extract(paper)
            if progress is not None and (done % step == 0 or done == total):
                progress(done, total)
        resolution = resolve(
            (m for found in mentions.values() for m in found), fuzzy_threshold=fuzzy_threshold
        )
    return Extraction(
        tuple(papers),
        mentions,
        resolution,
        records_read=len(papers),
        warnings=_truncation_warnings(papers, extractor),
        lexicon=lexicon,
    )


def _truncation_warnings(papers: Sequence[Paper], extractor: Extractor) -> tuple[ReadWarning, ...]:
    if not extractor.truncated:
        return ()
    by_id = {paper.id: paper for paper in papers}
    warnings = []
    for paper_id, where, length in extractor.truncated:
        sources = by_id[paper_id].sources
        source = sources[0] if sources else SourceRef(paper_id, 0)
        warnings.append(
            ReadWarning(
                source,
                f"the {where.value} of {paper_id} has {length:,} characters; only the first "
                f"{extractor.max_field_chars:,} were searched for entities",
            )
        )
    return tuple(warnings)


def build_graph(
    inputs: Sequence[str | Path],
    *,
    input_format: str | None = None,
    lexicon_paths: Sequence[str | Path] = (),
    stop_list_paths: Sequence[str | Path] = (),
    on_error: Literal["raise", "skip"] = "raise",
    min_weight: int = build.DEFAULT_MIN_WEIGHT,
    min_papers: int = build.DEFAULT_MIN_PAPERS,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    output: str | Path | BinaryIO | None = None,
    progress: Progress | None = None,
    drop_referenced_only: bool = False,
) -> BuildResult:
    """Read inputs and build the knowledge graph (the ``graphbuild build`` job).

    Args:
        inputs: files, folders or ``-`` (stdin).
        input_format: force a reader; detected from content if None.
        lexicon_paths: user lexicon files added to the packaged lexicon (they win).
        stop_list_paths: files of names never to extract, one per line.
        on_error: ``raise`` on the first bad record, or ``skip`` it and count it.
        min_weight: keep CO_MENTIONED pairs named together by at least this many papers.
        min_papers: keep entities named by at least this many papers.
        fuzzy_threshold: rapidfuzz ratio at which two names merge.
        output: also write the graph as GraphML to this path (atomically) or binary
            stream. A path is checked before any input is read, and must not be one of
            the inputs or lexicon files.
        progress: called with (papers done, papers total) during extraction.
        drop_referenced_only: leave out works known only from reference lists, and the
            CITES edges to them.

    Returns:
        The graph, the extraction it came from and a summary.

    Raises:
        InputError: an input or lexicon file is missing or malformed.
        OutputError: ``output`` cannot be written or is one of the inputs.
    """
    started = time.perf_counter()
    if isinstance(output, (str, Path)):
        atomic.check_output(output)
        atomic.refuse_input_as_output(output, [*inputs, *lexicon_paths])
    extraction = extract_papers(
        inputs,
        input_format=input_format,
        lexicon_paths=lexicon_paths,
        stop_list_paths=stop_list_paths,
        on_error=on_error,
        fuzzy_threshold=fuzzy_threshold,
        progress=progress,
        drop_referenced_only=drop_referenced_only,
    )
    graph = build.build_graph(
        extraction.papers,
        extraction.mentions,
        extraction.resolution,
        GraphOptions(min_weight=min_weight, min_papers=min_papers),
        citations=extraction.citations,
    )
    if output is not None:
        write_graphml(graph, output)
    result = BuildResult(graph, extraction, time.perf_counter() - started)
    result.summary = summarize(graph)
    result.summary["records_read"] = extraction.records_read
    result.summary["skipped"] = len(extraction.skipped)
    if output is not None:
        result.summary["output"] = str(output) if isinstance(output, (str, Path)) else "-"
    result.summary["seconds"] = round(result.seconds, 3)
    return result


def graph_stats(
    graph_file: str | Path, *, input_format: str = "graphml", top: int = DEFAULT_TOP
) -> dict[str, object]:
    """Summarise a graph file written by `build_graph` (the ``graphbuild stats`` job).

    Args:
        graph_file: the file to read.
        input_format: its format; only ``graphml`` so far.
        top: how many of the most mentioned entities to list.

    Returns:
        The summary `summarize` gives.

    Raises:
        InputError: the file is missing, unreadable or not a graph written by graphbuild.
    """
    if input_format != "graphml":
        raise InputError(f"unknown graph format {input_format!r}; use graphml", graph_file)
    graph = read_graphml(graph_file)
    try:
        return summarize(graph, top=top)
    except GraphbuildError as err:
        raise InputError(str(err), graph_file) from err


def summarize(graph: nx.MultiDiGraph, top: int = DEFAULT_TOP) -> dict[str, object]:
    """Counts of nodes per label and edges per type, and the most mentioned entities."""
    labels = Counter(str(data.get("labels", "")).lstrip(":") for _, data in graph.nodes(data=True))
    edges = Counter(
        str(data.get("label", key)) for _, _, key, data in graph.edges(keys=True, data=True)
    )
    entity_labels = {f":{t.value}" for t in EntityType}
    entities = [
        (
            _count(data.get("paper_count", 0), node),
            str(data.get("name", node)),
            data.get("type", ""),
        )
        for node, data in graph.nodes(data=True)
        if data.get("labels") in entity_labels
    ]
    entities.sort(key=lambda e: (-e[0], e[1]))
    summary: dict[str, object] = {
        "papers": labels.get("Paper", 0),
        "entities": {t.value: labels.get(t.value, 0) for t in EntityType},
        "edges": {
            label: edges.get(label, 0) for label in ("MENTIONS", "INTRODUCES", "CO_MENTIONED")
        },
        "top_entities": [
            {"name": name, "type": entity_type, "papers": count}
            for count, name, entity_type in entities[:top]
        ],
    }
    citations = citation_summary(graph)
    if citations:
        summary["citations"] = citations
    return summary


def _count(value: object, node: object) -> int:
    """A node's ``paper_count`` as an int; GraphbuildError if it is not a count."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        number = None
    elif isinstance(value, float):
        number = int(value) if value.is_integer() else None  # NaN and infinities are not
    else:
        number = value
    if number is None or number < 0:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
        raise GraphbuildError(
            f"node {node!r}: paper_count {shown} is not a count of papers; rebuild the graph "
            "with graphbuild build"
        )
    return number


def extraction_records(
    extraction: Extraction, *, explain: bool = False
) -> Iterator[dict[str, object]]:
    """One JSON-ready record per paper: the shape ``graphbuild extract`` prints.

    ``name`` is the entity as this paper names it (the short form where the paper
    defines an abbreviation), ``canonical`` the graph-wide name, ``entity_id`` the
    graph node id; ``type`` follows the paper's own words where they type the name
    (``the X benchmark``), otherwise the entity's type.

    Args:
        extraction: what ``extract_papers`` returned.
        explain: add to each entity ``found_by`` (the lexicon entry, its catalogue and
            file, or the rule that found it) and ``typed_by`` (why it has its type);
            see ``graphbuild.extract.explain``.
    """
    resolution = extraction.resolution
    entries = explain_entries(extraction.lexicon) if explain else None
    for paper in extraction.papers:
        grouped: dict[str, list[Mention]] = {}
        for mention in extraction.mentions.get(paper.id, ()):
            grouped.setdefault(resolution.entity_id(mention), []).append(mention)
        yield paper_record(paper, grouped, resolution, entries)


def explain_entries(lexicon: Lexicon | None) -> dict[str, LexiconEntry]:
    """The lexicon entries by name, first entry first, that ``--explain`` cites."""
    entries: dict[str, LexiconEntry] = {}
    if lexicon is not None:
        for entry in lexicon.entries:
            entries.setdefault(entry.name, entry)
    return entries


def paper_record(
    paper: Paper,
    grouped: dict[str, list[Mention]],
    resolution: Resolution,
    entries: dict[str, LexiconEntry] | None = None,
) -> dict[str, object]:
    """The record `extraction_records` makes for one paper.

    Args:
        paper: the paper.
        grouped: its mentions by entity id, each list in text order, entities in the
            order of their first mention.
        resolution: the corpus's entities.
        entries: the lexicon entries by name (`explain_entries`) to explain each entity
            with; None: no explanation.
    """
    entities = []
    for entity_id, found in grouped.items():
        entity = resolution.entities[entity_id]
        entity_type = _paper_type(found, entity.type)
        name = _without_data_noun(_paper_name(found), entity_type)
        record: dict[str, object] = {
            "name": name,
            "type": _VALUES[entity_type],
            "canonical": entity.name,
            "entity_id": entity_id,
            "introduced": any(m.introduced for m in found),
            "mentions": [
                {
                    "surface": m.surface,
                    "field": _VALUES[m.field],
                    "start": m.start,
                    "end": m.end,
                    "rule": m.rule,
                }
                for m in found
            ],
        }
        if entries is not None:
            record.update(explain_mentions(name, entity_type, found, entries).as_dict())
        entities.append(record)
    return {
        "id": paper.id,
        "title": paper.title,
        "sources": [str(s) for s in paper.sources],
        "entities": entities,
    }


# A data noun written in lower case after a name describes it ("the Alpaca dataset"); a
# capitalised one is part of it ("the Brown Corpus").
_DATA_NOUN_ENDINGS = (" dataset", " data", " corpus", " benchmark")


def _without_data_noun(name: str, entity_type: EntityType) -> str:
    """The name of data without the noun a lexicon alias spells with it ("Alpaca dataset"
    is named Alpaca, GUIDELINES rule 6: the name, not its description)."""
    if entity_type is EntityType.DATASET or entity_type is EntityType.BENCHMARK:
        for ending in _DATA_NOUN_ENDINGS:
            if name.endswith(ending) and len(name) > len(ending) + 1:
                return name[: -len(ending)]
    return name


def _paper_name(found: list[Mention]) -> str:
    """The name a paper gives an entity: its defined short form, else the lexicon's
    abbreviation where the paper writes it ("GNMT" after "Google's Neural Machine
    Translation" in the title), else its first spelling."""
    for mention in found:
        if mention.short_form:
            return mention.short_form
    canonical = found[0].canonical_hint
    if (
        canonical is not None
        and " " in found[0].surface
        and " " not in canonical
        and sum(c.isupper() for c in canonical) >= 2
    ):
        # A long form first, the lexicon's abbreviation later: one entity named by its
        # abbreviation (GUIDELINES rule 6), as a definition would have named it.
        key = name_key(canonical)
        if name_key(found[0].surface).startswith(key):
            return found[0].surface  # "OntoNotes 5.0" says more than "OntoNotes"
        for mention in found:
            if name_key(mention.surface) == key:
                return mention.surface
    return found[0].surface


# The enums' values by member: a dict lookup, several times faster than ``.value``.
_VALUES: dict[EntityType | Field, str] = {m: m.value for m in (*EntityType, *Field)}


def _paper_type(found: list[Mention], default: EntityType) -> EntityType:
    for mention in found:
        if (
            mention.introduced
            and mention.rule == "lexicon"
            and mention.why.startswith(PAPER_NOUN_WHYS)
        ):
            # "We propose a new model named LightGCN": the paper's own noun types a known
            # name it introduces (GUIDELINES rule 4), whatever the lexicon calls it.
            return mention.type
    first = found[0].type if found else default
    if all(m.type is first for m in found):  # most entities: one type in the paper
        data = (EntityType.DATASET, EntityType.BENCHMARK)
        return default if first is default or (default in data and first not in data) else first
    types = Counter(m.type for m in found)
    if default in (EntityType.DATASET, EntityType.BENCHMARK):
        for entity_type in (EntityType.DATASET, EntityType.BENCHMARK):
            if types[entity_type] > types[default]:
                return entity_type
        return default
    return default if types[default] or not types else types.most_common(1)[0][0]
