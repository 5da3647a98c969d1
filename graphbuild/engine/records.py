"""``graphbuild extract`` on the local engine: per-paper entity records from worker processes.

Papers are extracted in reading order on ``jobs`` processes (`local.extract_chunks`), the
mention rows spilled to disk and summarised by key; after resolution the records are
made chunk by chunk from the spill with `graphbuild.pipeline.extraction_records`, so
they equal the in-memory extraction's records whatever ``jobs`` is.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from graphbuild.engine.findings import Row
from graphbuild.engine.local import (
    DEFAULT_CHUNK_SIZE,
    Progress,
    Spill,
    chunked,
    default_jobs,
    extract_chunks,
)
from graphbuild.lexicon import Lexicon, load_lexicon
from graphbuild.model import Mention, Paper
from graphbuild.pipeline import explain_entries, paper_record
from graphbuild.readers import ReadResult, ReadWarning, SkippedRecord, read_papers
from graphbuild.resolve import (
    DEFAULT_FUZZY_THRESHOLD,
    MentionGroup,
    Resolution,
    merge_groups,
    resolve_groups,
)
from graphbuild.runtime import paused_gc


@dataclass
class RecordStream:
    """The records of an extraction, made on demand from its spill (iterate once)."""

    papers: tuple[Paper, ...]
    resolution: Resolution
    read: ReadResult
    spill: Spill[tuple[Row, ...]]
    chunk_size: int
    stages: dict[str, float] = field(default_factory=dict)
    extract_warnings: tuple[ReadWarning, ...] = ()
    lexicon: Lexicon | None = None
    explain: bool = False

    @property
    def skipped(self) -> tuple[SkippedRecord, ...]:
        """Records left out under ``on_error="skip"``."""
        return self.read.skipped

    @property
    def warnings(self) -> tuple[ReadWarning, ...]:
        """What the readers and the extractor warned about."""
        return self.read.warnings + self.extract_warnings

    def records(self) -> Iterator[dict[str, object]]:
        """One JSON-ready record per paper, in reading order; closes the spill at the end."""
        entries = explain_entries(self.lexicon) if self.explain else None
        entity_of_key = self.resolution.entity_id_of_key
        try:
            # Records hold no cycles, and the corpus stays in memory until the end: the
            # cyclic collector's passes over it would find nothing.
            with paused_gc():
                for paper, found in zip(self.papers, self.spill.rows(), strict=True):
                    # Each row starts with its resolution key: the entity id needs no
                    # second normalisation of the name (`pipeline.extraction_records`).
                    grouped: dict[str, list[Mention]] = {}
                    for row in found:
                        grouped.setdefault(entity_of_key(row[0]), []).append(
                            Mention(paper.id, *row[1:])
                        )
                    yield paper_record(paper, grouped, self.resolution, entries)
        finally:
            self.spill.close()


def extract_records(
    inputs: Sequence[str | Path],
    *,
    input_format: str | None = None,
    lexicon_paths: Sequence[str | Path] = (),
    stop_list_paths: Sequence[str | Path] = (),
    on_error: Literal["raise", "skip"] = "raise",
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    jobs: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Progress | None = None,
    explain: bool = False,
) -> RecordStream:
    """Read, extract and resolve ``inputs`` (the ``graphbuild extract`` job) on every core.

    Args:
        inputs: files, folders or ``-`` (stdin).
        input_format: force a reader; detected from content if None.
        lexicon_paths: user lexicon files added to the packaged lexicon.
        stop_list_paths: files of names never to extract, one per line.
        on_error: ``raise`` on the first bad record, or ``skip`` it and count it.
        fuzzy_threshold: rapidfuzz ratio at which two names merge.
        jobs: worker processes (None: every core; 1: none).
        chunk_size: papers per chunk sent to a worker.
        progress: called with (papers done, papers total) during extraction.
        explain: add to each entity ``found_by`` and ``typed_by`` (see
            `graphbuild.pipeline.extraction_records`).

    Returns:
        The stream of records (`RecordStream.records`) with what was read.

    Raises:
        InputError: an input or lexicon file is missing or malformed.
    """
    stages: dict[str, float] = {}
    clock = time.perf_counter()
    read = read_papers(inputs, input_format=input_format, on_error=on_error)
    lexicon = load_lexicon(lexicon_paths, stop_list_paths=stop_list_paths)
    stages["read"] = time.perf_counter() - clock
    spill: Spill[tuple[Row, ...]] = Spill()
    try:
        with paused_gc():  # mentions, rows and their summary hold no cycles
            resolution, warned, timed = _extract(
                read.papers,
                lexicon,
                spill,
                jobs=jobs,
                chunk_size=chunk_size,
                fuzzy_threshold=fuzzy_threshold,
                progress=progress,
            )
        stages.update(timed)
    except BaseException:
        spill.close()
        raise
    stream = RecordStream(
        read.papers, resolution, read, spill, chunk_size, stages, lexicon=lexicon, explain=explain
    )
    stream.extract_warnings = tuple(w for _, w in warned)  # chunks come in reading order
    return stream


def _extract(
    papers: Sequence[Paper],
    lexicon: Lexicon,
    spill: Spill[tuple[Row, ...]],
    *,
    jobs: int | None,
    chunk_size: int,
    fuzzy_threshold: float,
    progress: Progress | None,
) -> tuple[Resolution, list[tuple[str, ReadWarning]], dict[str, float]]:
    """Extract ``papers`` into ``spill`` and resolve them; the warnings and stage seconds."""
    clock = time.perf_counter()
    workers = min(jobs or default_jobs(), max(1, -(-len(papers) // chunk_size)))
    groups: dict[str, MentionGroup] = {}
    warned: list[tuple[str, ReadWarning]] = []
    for chunk in extract_chunks(
        chunked(papers, chunk_size),
        len(papers),
        lexicon,
        jobs=workers,
        progress=progress,
        render=False,
    ):
        merge_groups(groups, chunk.groups)
        spill.append(chunk.rows)
        warned.extend(chunk.warnings)
    stages = {"extract": time.perf_counter() - clock}
    clock = time.perf_counter()
    resolution = resolve_groups(groups, fuzzy_threshold=fuzzy_threshold)
    stages["resolve"] = time.perf_counter() - clock
    return resolution, warned, stages
