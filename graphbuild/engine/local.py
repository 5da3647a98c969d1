"""The local engine: every core of one machine, memory bounded by distinct entities and pairs.

A build runs in stages, each timed in the result:

1. **read**: the readers (parsing files on ``jobs`` processes when the input is large) and
   the exact identity step (`graphbuild.readers.read_papers`); papers are then sorted by
   id, the output order. Inputs of `TEXT_STORE_BYTES` or more keep their abstracts on
   disk meanwhile (`graphbuild.readers.text_store`): reading then holds the metadata only.
2. **extract**: chunks of papers go to ``jobs`` worker processes and are dropped from
   memory as they go. Where the platform forks, the workers are forked now and inherit
   the sorted papers and one `Extractor` (only index ranges cross the pipes); they work
   by shares of up to `SHARE_PAPERS` papers (`share_bounds`), write the rows and nodes
   to files of their own and return one summary a share. Elsewhere they are spawned,
   each builds its `Extractor` once, the papers are sent to them, and each chunk comes
   back: its mention rows, their summary by key (`graphbuild.resolve.group_mentions`)
   and the papers' rendered ``<node>`` elements.
   Chunks come back in order whatever the order the workers finish in, so the output is
   byte-identical for any ``jobs``; rows and nodes are spilled to temporary files at
   once, and only the summary is added up in memory.
3. **resolve**: `graphbuild.resolve.resolve_groups` on that summary: the same entities as
   resolving every mention, from the distinct names and their counts.
4. **tally**: the spilled rows are read back paper by paper into entity counts and
   co-mention pairs (`findings.Tally`), which grow with distinct entities and pairs, and,
   when papers have dates, what each names and introduces (for DRAWS_ON), in one pass.
5. **write**: GraphML streamed from the spills and the tally
   (`graphml_out.write_graphml`), atomically (`graphbuild.formats.atomic`); forked
   workers render the papers' edges from the spilled rows while the nodes are written.
"""

from __future__ import annotations

import gc
import os
import pickle
import resource
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import partial
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import IO, Any, Generic, Literal, TypeVar

from graphbuild.build import DEFAULT_MIN_WEIGHT, GraphOptions
from graphbuild.engine import forked
from graphbuild.engine.findings import (
    Chunk,
    PaperText,
    Row,
    Tally,
    WrittenChunks,
    extract_chunk,
    merge_packed,
    pack_groups,
)
from graphbuild.engine.graphml_out import (
    EdgeRendering,
    GraphCounts,
    GraphPlan,
    PaperNodes,
    RenderedEdges,
    render_paper_edges,
    write_graphml,
)
from graphbuild.engine.layer import CitationLayer
from graphbuild.errors import GraphbuildError
from graphbuild.extract import Extractor
from graphbuild.formats import atomic
from graphbuild.lexicon import Lexicon, load_lexicon
from graphbuild.model import EntityType, Paper
from graphbuild.pipeline import _truncation_warnings
from graphbuild.readers import ReadResult, ReadWarning, SkippedRecord, folder_files, read_papers
from graphbuild.readers.merge import PaperMerge
from graphbuild.readers.text_store import TextStore
from graphbuild.resolve import (
    DEFAULT_FUZZY_THRESHOLD,
    MentionGroup,
    Resolution,
    merge_groups,
    resolve_groups,
)
from graphbuild.runtime import can_fork, paused_gc, read_at

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while papers are extracted."""

DEFAULT_CHUNK_SIZE = 500
PARALLEL_READ_BYTES = 16 << 20
"""Inputs at least this large are parsed by the worker processes too."""
TEXT_STORE_BYTES = 256 << 20
"""Inputs at least this large keep their abstracts on disk while they are read
(`graphbuild.readers.text_store`): about half of reading's memory, for a few seconds'
writing and reading back per gigabyte."""
SHARE_PAPERS = 2_000
"""Papers a forked worker extracts as one task (chunk by chunk): it adds up their summary
and writes their rows and nodes to files itself, so only one summary a share crosses the
pipes and the parent neither unpickles nor writes what it only spills. Small enough that
the workers end together."""
FORK_SEGMENT = 50_000
"""Papers extracted by one pool of forked workers before the next pool is forked.

A forked worker copies every page of the parent's papers that it reads (reading writes
reference counts) and keeps most of those copies until it ends, while the parent's
pages stay too: a fresh pool per segment bounds the copies by the segment (~100 MB of
text at 1.6 KB a paper), not by the corpus."""
RENDER_AHEAD = 32
"""Chunks of rendered edges a render worker may hold ready while the parent still writes
the nodes (a chunk of 500 papers is ~0.5 MB of XML): enough to keep the workers busy
through the node writing, bounded whatever the corpus size."""

T = TypeVar("T")


def default_jobs() -> int:
    """All the cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


@dataclass
class EngineResult:
    """What a build wrote, with its report: counts, time and memory per stage."""

    counts: GraphCounts
    resolution: Resolution
    read: ReadResult
    stages: dict[str, float] = field(default_factory=dict)
    peak_rss_mib: float = 0.0
    seconds: float = 0.0
    summary: dict[str, object] = field(default_factory=dict)
    extract_warnings: tuple[ReadWarning, ...] = ()

    @property
    def skipped(self) -> tuple[SkippedRecord, ...]:
        """Records left out under ``on_error="skip"``."""
        return self.read.skipped

    @property
    def warnings(self) -> tuple[ReadWarning, ...]:
        """What the readers and the extractor warned about."""
        return self.read.warnings + self.extract_warnings

    @property
    def paper_merges(self) -> tuple[PaperMerge, ...]:
        """Records merged into a paper with another id (``--explain-merges``)."""
        return self.read.merges


# --------------------------------------------------------------------------- workers

_EXTRACTOR: Extractor | None = None


def _start_worker(lexicon: Lexicon) -> None:
    """Pool initializer: build the extractor once per worker process."""
    global _EXTRACTOR
    # Extraction makes no reference cycles; the cyclic collector would only cost time.
    gc.disable()
    _EXTRACTOR = Extractor(lexicon)


def _extract_in_worker(papers: list[Paper], render: bool, pickled: bool = False) -> Chunk:
    assert _EXTRACTOR is not None, "worker started without _start_worker"
    chunk = extract_and_render(_EXTRACTOR, papers, render)
    return _pickled_for_spill(chunk) if pickled else chunk


def _pickled_for_spill(chunk: Chunk) -> Chunk:
    """Make ``chunk`` ready to send: rows and nodes pickled, summary packed.

    Rows and nodes become the bytes `Spill.append_pickled` takes, the summary plain
    dicts (`findings.pack_groups`).
    """
    # The parent only spills rows and nodes: pickled here, on the worker's core, they
    # pass through the parent as bytes, unpickled once (when read back). The summary
    # comes as plain dicts, which the parent's result thread unpickles in C.
    chunk.pickled_rows = Spill.pickled(chunk.rows)
    chunk.pickled_nodes = Spill.pickled(chunk.nodes)
    chunk.packed_groups = pack_groups(chunk.groups)
    chunk.rows, chunk.nodes, chunk.groups = [], [], {}
    return chunk


def extract_and_render(
    extractor: Extractor, papers: Sequence[Paper | PaperText], render: bool = True
) -> Chunk:
    """Extract a chunk; when given `Paper` records, warn about cut fields and render nodes."""
    earlier, extractor.truncated = extractor.truncated, []
    chunk = extract_chunk(extractor, papers)
    records = [p for p in papers if isinstance(p, Paper)]
    if extractor.truncated and records:
        found = _truncation_warnings(records, extractor)
        chunk.warnings = [(t[0], w) for t, w in zip(extractor.truncated, found, strict=True)]
    extractor.truncated = earlier
    if render and records:
        nodes = PaperNodes()
        chunk.nodes = [nodes.render(p) for p in records]
        chunk.kinds = nodes.kinds
    return chunk


def extract_chunks(
    chunks: Iterable[Sequence[Paper | PaperText]],
    total: int,
    lexicon: Lexicon,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    render: bool = True,
    pickled: bool = False,
) -> Iterator[Chunk]:
    """Extract each chunk of texts on one of ``jobs`` processes; yield results in order.

    At most ``2 * jobs`` chunks are in flight, so memory does not grow with the corpus.
    With ``pickled`` and more than one job, each chunk's rows and nodes come as the
    bytes `Spill.append_pickled` takes (``Chunk.pickled_rows``, ``pickled_nodes``) and
    its summary packed (``Chunk.packed_groups``).
    """
    done = 0
    if jobs <= 1:
        extractor = Extractor(lexicon)
        with paused_gc():
            for texts in chunks:
                chunk = extract_and_render(extractor, texts, render)
                done += len(texts)
                if progress is not None:
                    progress(done, total)
                yield chunk
        return
    context = get_context("spawn")
    pool: Pool = context.Pool(jobs, initializer=_start_worker, initargs=(lexicon,))
    try:
        pending: deque[tuple[int, AsyncResult[Chunk]]] = deque()
        # Each chunk is pickled when submitted; the caller may drop it then.
        queued = iter(chunks)
        for texts in queued:
            pending.append(
                (len(texts), pool.apply_async(_extract_in_worker, (texts, render, pickled)))
            )
            if len(pending) >= 2 * jobs:
                break
        while pending:
            size, result = pending.popleft()
            chunk = result.get()
            following = next(queued, None)
            if following is not None:
                pending.append(
                    (
                        len(following),
                        pool.apply_async(_extract_in_worker, (following, render, pickled)),
                    )
                )
            done += size
            if progress is not None:
                progress(done, total)
            yield chunk
    finally:
        pool.terminate()
        pool.join()


def extract_sorted(
    papers: list[Paper],
    lexicon: Lexicon,
    jobs: int,
    chunk_size: int,
    progress: Progress | None = None,
    texts: TextStore | None = None,
) -> Iterator[Chunk]:
    """Extract and render ``papers`` chunk by chunk on ``jobs`` processes, in order.

    Each paper is dropped from ``papers`` once its chunk is done (memory). Where this
    process may fork (`graphbuild.runtime.can_fork`), the workers inherit the papers and one
    extractor, receive only index ranges (a new pool every `FORK_SEGMENT` papers) and
    yield one result per share of `SHARE_PAPERS` papers, whose rows and nodes they wrote
    to files (`Chunk.written`, for `Spill.adopt`); elsewhere the papers are sent to
    spawned workers (`extract_chunks`), whose chunks carry their rows and nodes pickled
    (`Spill.append_pickled`). With ``texts``, the papers' abstracts are tokens of that
    store, put back chunk by chunk.
    """
    if jobs <= 1 or not can_fork():
        yield from extract_chunks(
            _handed_over(papers, chunk_size, texts),
            len(papers),
            lexicon,
            jobs=jobs,
            progress=progress,
            pickled=True,
        )
        return
    extractor = Extractor(lexicon)
    total = len(papers)
    share = max(chunk_size, SHARE_PAPERS // chunk_size * chunk_size)
    segment = max(share, FORK_SEGMENT // share * share)
    try:
        scratch = tempfile.TemporaryDirectory(prefix="graphbuild-shares-")
    except OSError as err:
        raise atomic.output_error(f"a temporary folder in {tempfile.gettempdir()}", err) from err
    with scratch as folder:
        for first in range(0, total, segment):
            end = min(first + segment, total)
            tasks = [
                (start, stop, chunk_size, folder)
                for start, stop in share_bounds(first, end, share, chunk_size, jobs)
            ]
            with forked.inheriting_pool(jobs, (extractor, papers, texts)) as pool:
                results = forked.in_order(pool, _extract_share_inherited, tasks, 4 * jobs)
                for (start, stop, *_), chunk in zip(tasks, results, strict=True):
                    papers[start:stop] = [None] * (stop - start)  # type: ignore[list-item]
                    if progress is not None:
                        progress(stop, total)
                    yield chunk


def share_bounds(
    first: int, end: int, share: int, chunk_size: int, jobs: int
) -> list[tuple[int, int]]:
    """Papers ``first:end`` cut into shares for ``jobs`` workers, whole chunks each.

    Shares hold ``share`` papers until less than ``2 * jobs`` shares are left; then each
    takes half of what is left per worker (guided scheduling), down to one chunk. The
    workers of a pool then finish together: at the end the others wait on a chunk at
    most, not on a whole share.
    """
    bounds = []
    start = first
    while start < end:
        size = min(share, (end - start) // (2 * jobs)) // chunk_size * chunk_size
        stop = min(start + max(size, chunk_size), end)
        bounds.append((start, stop))
        start = stop
    return bounds


def _extract_share_inherited(start: int, stop: int, chunk_size: int, folder: str) -> Chunk:
    """In a forked worker: extract the inherited papers ``start:stop`` chunk by chunk.

    Rows and nodes are pickled chunk by chunk into two files of ``folder``
    (`WrittenChunks`, for `Spill.adopt`); the summary, kinds and warnings are added up
    in chunk order, so merging the shares in order gives what merging the chunks does.
    """
    extractor, papers, texts = forked.inherited()
    groups: dict[str, MentionGroup] = {}
    nodes = PaperNodes()  # the attribute kinds of the share's papers
    warnings: list[tuple[str, ReadWarning]] = []
    written = WrittenChunks(f"{folder}/{start}.rows", [], f"{folder}/{start}.nodes", [], [])
    try:
        with open(written.rows_path, "wb") as rows_out, open(written.nodes_path, "wb") as nodes_out:
            for first in range(start, stop, chunk_size):
                end = min(first + chunk_size, stop)
                records = papers[first:end]
                if texts is not None:
                    records = [texts.restore(p) for p in records]
                chunk = extract_and_render(extractor, records, True)
                # Not needed again: freed memory is reused for the next chunk instead of
                # growing the worker by every inherited page it touched.
                papers[first:end] = [None] * (end - first)
                merge_groups(groups, chunk.groups)
                nodes.add_kinds(chunk.kinds)
                warnings.extend(chunk.warnings)
                pickled_rows, pickled_nodes = Spill.pickled(chunk.rows), Spill.pickled(chunk.nodes)
                rows_out.write(pickled_rows)
                nodes_out.write(pickled_nodes)
                written.rows_sizes.append(len(pickled_rows))
                written.nodes_sizes.append(len(pickled_nodes))
                written.items.append(end - first)
    except OSError as err:
        raise atomic.output_error(f"a temporary file in {folder}", err) from err
    return Chunk(
        [],
        {},
        kinds=nodes.kinds,
        warnings=warnings,
        packed_groups=pack_groups(groups),
        written=written,
        papers=stop - start,
    )


def chunked(texts: Sequence[T], size: int) -> Iterator[list[T]]:
    """Consecutive chunks of ``size`` items."""
    for start in range(0, len(texts), size):
        yield list(texts[start : start + size])


# --------------------------------------------------------------------------- spill


class Spill(Generic[T]):
    """Items pickled chunk by chunk to a temporary file, read back in order or by chunk.

    Chunks stay in memory up to ``in_memory`` bytes (a small build touches no disk),
    then move to an unnamed file in ``directory`` (default: the system's temporary
    folder, ``TMPDIR``). Chunks a worker wrote to a file of its own join with `adopt`.
    Files are read at given offsets (``os.pread``), never through a shared file
    position, so forked workers may read chunks while the parent reads others.
    """

    def __init__(self, directory: str | Path | None = None, in_memory: int = 64 << 20) -> None:
        self.directory = str(directory) if directory is not None else tempfile.gettempdir()
        self.in_memory = in_memory
        self.items = 0
        self.starts: list[int] = []
        """The index of each chunk's first item."""
        # Each chunk: its pickled bytes while held in memory, else (descriptor, offset, size).
        self._chunks: list[bytes | tuple[int, int, int]] = []
        self._held_bytes = 0
        self._file: IO[bytes] | None = None
        self._end = 0  # of what this spill wrote to its own file
        self._adopted: list[int] = []  # descriptors of workers' files

    def append(self, chunk: list[T]) -> None:
        """Add a chunk at the end.

        Raises:
            OutputError: the temporary file cannot be written (a full disk, a size limit).
        """
        self.append_pickled(self.pickled(chunk), len(chunk))

    @staticmethod
    def pickled(chunk: list[T]) -> bytes:
        """A chunk as `append_pickled` takes it (made where the chunk was made)."""
        return pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)

    def append_pickled(self, pickled: bytes, items: int) -> None:
        """Add a chunk of ``items`` items given as `pickled` bytes.

        Raises:
            OutputError: the temporary file cannot be written (a full disk, a size limit).
        """
        self.starts.append(self.items)
        self.items += items
        if self._file is None and self._held_bytes + len(pickled) <= self.in_memory:
            self._chunks.append(pickled)
            self._held_bytes += len(pickled)
            return
        try:
            if self._file is None:
                self._move_to_disk()
            assert self._file is not None
            self._file.write(pickled)
        except OSError as err:
            raise atomic.output_error(f"a temporary file in {self.directory}", err) from err
        self._chunks.append((self._file.fileno(), self._end, len(pickled)))
        self._end += len(pickled)

    def adopt(self, path: str, sizes: Sequence[int], items: Sequence[int]) -> None:
        """Add the chunks a worker pickled one after another into the file ``path``.

        ``sizes`` are their sizes in bytes, ``items`` their numbers of items. The file is
        opened and its name removed at once: it goes when the spill is closed.
        """
        descriptor = os.open(path, os.O_RDONLY)
        os.unlink(path)
        self._adopted.append(descriptor)
        offset = 0
        for size, count in zip(sizes, items, strict=True):
            self.starts.append(self.items)
            self.items += count
            self._chunks.append((descriptor, offset, size))
            offset += size

    def _move_to_disk(self) -> None:
        # Closed by close(); it has no name, so nothing is left behind either way.
        self._file = tempfile.TemporaryFile(prefix="graphbuild-spill-", dir=self.directory)  # noqa: SIM115
        for index, held in enumerate(self._chunks):
            if isinstance(held, bytes):
                self._file.write(held)
                self._chunks[index] = (self._file.fileno(), self._end, len(held))
                self._end += len(held)
        self._held_bytes = 0

    def chunk(self, index: int) -> list[T]:
        """The chunk appended ``index``-th."""
        where = self._chunks[index]
        if isinstance(where, bytes):
            return pickle.loads(where)  # type: ignore[no-any-return]
        if self._file is not None:
            self._file.flush()
        data = read_at(*where, what=f"a spill file in {self.directory}")
        return pickle.loads(data)  # type: ignore[no-any-return]

    def chunks(self) -> Iterator[list[T]]:
        """The chunks, in the order they were appended (the file can be read many times)."""
        for index in range(len(self.starts)):
            yield self.chunk(index)

    def rows(self) -> Iterator[T]:
        """Every item, in the order appended."""
        for chunk in self.chunks():
            yield from chunk

    def close(self) -> None:
        self._chunks = []
        if self._file is not None:
            self._file.close()
        for descriptor in self._adopted:
            os.close(descriptor)
        self._adopted = []


def peak_rss_mib() -> float:
    """Peak resident memory of this process and of its largest finished child, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return max(own, children) * 1024 / scale / 1024


# --------------------------------------------------------------------------- the build


def build_graphml(
    inputs: Sequence[str | Path],
    output: str | Path | IO[bytes],
    *,
    input_format: str | None = None,
    lexicon_paths: Sequence[str | Path] = (),
    stop_list_paths: Sequence[str | Path] = (),
    on_error: Literal["raise", "skip"] = "raise",
    min_weight: int = DEFAULT_MIN_WEIGHT,
    min_papers: int = 1,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    jobs: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Progress | None = None,
    drop_referenced_only: bool = False,
) -> EngineResult:
    """Build the graph of ``inputs`` and write it as GraphML, on every core, in bounded memory.

    Args:
        inputs: files, folders or ``-`` (stdin).
        output: GraphML path (written atomically) or an open binary file.
        input_format: force a reader; detected from content if None.
        lexicon_paths: user lexicon files added to the packaged lexicon.
        stop_list_paths: files of names never to extract, one per line.
        on_error: ``raise`` on the first bad record, or ``skip`` it and count it.
        min_weight: keep CO_MENTIONED pairs named together by at least this many papers.
        min_papers: keep entities named by at least this many papers.
        fuzzy_threshold: rapidfuzz ratio at which two names merge.
        jobs: worker processes for extraction; None uses every core, 1 none.
        chunk_size: papers per chunk sent to a worker.
        progress: called with (papers done, papers total) during extraction.
        drop_referenced_only: leave out works known only from reference lists.

    Returns:
        Counts, resolution, what was read and the time of each stage.

    Raises:
        InputError: an input or lexicon file is missing or malformed.
        GraphbuildError: the graph cannot be written.
    """
    started = time.perf_counter()
    check_output(output, inputs, lexicon_paths)
    stages: dict[str, float] = {}
    clock = time.perf_counter()
    lexicon = load_lexicon(lexicon_paths, stop_list_paths=stop_list_paths)
    jobs = jobs or default_jobs()
    size = input_bytes(inputs)
    texts = TextStore() if size >= TEXT_STORE_BYTES else None
    rows: Spill[tuple[Row, ...]] = Spill()
    xml: Spill[str] = Spill()
    try:
        read = read_papers(
            inputs,
            input_format=input_format,
            on_error=on_error,
            jobs=jobs if size >= PARALLEL_READ_BYTES else 1,
            drop_referenced_only=drop_referenced_only,
            text_store=texts,
        )
        reading_order = [p.id for p in read.papers]
        papers: list[Paper] = sorted(read.papers, key=lambda p: p.id)
        layer = CitationLayer.of(papers, read.citations)
        read = replace(read, papers=(), citations=())
        paper_ids = [p.id for p in papers]
        stages["read"] = time.perf_counter() - clock

        clock = time.perf_counter()
        groups: dict[str, MentionGroup] = {}
        warned: list[tuple[str, ReadWarning]] = []
        nodes = PaperNodes()
        # No more workers than chunks: a small corpus is done before processes start.
        workers = min(jobs, max(1, -(-len(paper_ids) // chunk_size)))
        for chunk in extract_sorted(papers, lexicon, workers, chunk_size, progress, texts):
            if chunk.packed_groups is not None:
                merge_packed(groups, chunk.packed_groups)
            else:
                merge_groups(groups, chunk.groups)
            if chunk.written is not None:
                written = chunk.written
                rows.adopt(written.rows_path, written.rows_sizes, written.items)
                xml.adopt(written.nodes_path, written.nodes_sizes, written.items)
            elif chunk.pickled_rows is not None and chunk.pickled_nodes is not None:
                rows.append_pickled(chunk.pickled_rows, chunk.papers)
                xml.append_pickled(chunk.pickled_nodes, chunk.papers)
            else:
                rows.append(chunk.rows)
                xml.append(chunk.nodes)
            nodes.add_kinds(chunk.kinds)
            warned.extend(chunk.warnings)
        stages["extract"] = time.perf_counter() - clock

        clock = time.perf_counter()
        resolution = resolve_groups(groups, fuzzy_threshold=fuzzy_threshold)
        del groups
        stages["resolve"] = time.perf_counter() - clock

        clock = time.perf_counter()
        tally = tally_spilled(rows, resolution, uses=bool(layer.dates))
        kept = {e for e, n in tally.entity_papers.items() if n >= min_papers}
        if tally.uses is not None:
            layer.add_draws_on_uses(paper_ids, tally.uses, kept)
            tally.uses = None
        stages["tally"] = time.perf_counter() - clock

        clock = time.perf_counter()
        options = GraphOptions(min_weight=min_weight, min_papers=min_papers)
        with paused_gc(), ExitStack() as pools:
            rendering = None
            if workers > 1 and can_fork():
                rendering = partial(_render_in_workers, pools, workers, paper_ids, rows)
            counts = write_output(
                output,
                paper_ids,
                nodes,
                xml.rows(),
                rows.rows(),
                resolution,
                tally,
                options,
                layer,
                rendering,
            )
        stages["write"] = time.perf_counter() - clock
    finally:
        rows.close()
        xml.close()
        if texts is not None:
            texts.close()
    result = EngineResult(counts, resolution, read, stages, peak_rss_mib())
    result.extract_warnings = in_reading_order(warned, reading_order)
    result.seconds = time.perf_counter() - started
    result.summary = summarize(counts, resolution, read, output, result.seconds, layer=layer)
    return result


def tally_spilled(
    rows: Spill[tuple[Row, ...]], resolution: Resolution, uses: bool = False
) -> Tally:
    """The `Tally` of the spilled papers, ranked in spill order; with ``uses``, with its
    `Tally.uses` (for DRAWS_ON).

    One pass in this process: split across forked workers, sending their tallies back
    and merging them cost as much as the pass they shared (100,000 papers: 1.2 CPU-s for
    two workers and the merge against 0.6 s here), since pairs and uses grow with it.
    """
    tally = Tally(uses=[] if uses else None)
    with paused_gc():
        for index in range(len(rows.starts)):
            rank = rows.starts[index]
            for paper_rows in rows.chunk(index):
                tally.add(rank, paper_rows, resolution)
                rank += 1
    return tally


def in_reading_order(
    warnings: list[tuple[str, ReadWarning]], reading_order: Sequence[str]
) -> tuple[ReadWarning, ...]:
    """Extraction warnings, by paper id, in the papers' reading order (as one process)."""
    if len(warnings) < 2:
        return tuple(w for _, w in warnings)
    named = {paper_id for paper_id, _ in warnings}
    position = {paper_id: i for i, paper_id in enumerate(reading_order) if paper_id in named}
    return tuple(w for _, w in sorted(warnings, key=lambda item: position[item[0]]))


def _handed_over(
    papers: list[Paper], size: int, texts: TextStore | None = None
) -> Iterator[list[Paper]]:
    """Chunks of ``papers``, each dropped from the list once handed over (memory), with
    their abstracts put back from ``texts``."""
    for start in range(0, len(papers), size):
        chunk = papers[start : start + size]
        papers[start : start + size] = [None] * len(chunk)  # type: ignore[list-item]
        yield chunk if texts is None else [texts.restore(p) for p in chunk]


def _render_in_workers(
    pools: ExitStack,
    jobs: int,
    paper_ids: Sequence[str],
    rows: Spill[tuple[Row, ...]],
    plan: GraphPlan,
) -> Iterator[RenderedEdges]:
    """The papers' edges rendered chunk by chunk by forked workers (`EdgeRendering`).

    The workers inherit the plan, the ids and the spilled rows; they start on the first
    chunks at once, while the parent writes the nodes, and may run `RENDER_AHEAD` chunks
    per worker ahead of the writing. The pool ends with ``pools``.
    """
    pool = pools.enter_context(forked.inheriting_pool(jobs, (plan, paper_ids, rows)))
    return forked.in_order(pool, _render_inherited, enumerate(rows.starts), RENDER_AHEAD * jobs)


def _render_inherited(index: int, first: int) -> RenderedEdges:
    """In a forked worker: render the edges of the papers of spilled chunk ``index``."""
    plan, paper_ids, rows = forked.inherited()
    chunk = rows.chunk(index)
    return render_paper_edges(plan, zip(paper_ids[first : first + len(chunk)], chunk, strict=True))


def write_output(
    output: str | Path | IO[bytes],
    paper_ids: Sequence[str],
    nodes: PaperNodes,
    paper_xml: Iterable[str],
    paper_rows: Iterable[tuple[Row, ...]],
    resolution: Resolution,
    tally: Tally,
    options: GraphOptions,
    layer: CitationLayer | None = None,
    rendering: EdgeRendering | None = None,
) -> GraphCounts:
    """Write the GraphML to an open file, or to a path atomically (`formats.atomic`)."""
    args = (paper_ids, nodes, paper_xml, paper_rows, resolution, tally, options, layer, rendering)
    if not isinstance(output, (str, Path)):
        return write_graphml(output, *args)
    with atomic.atomic_output(output) as out:
        return write_graphml(out, *args)


def summarize(
    counts: GraphCounts,
    resolution: Resolution,
    read: ReadResult,
    output: str | Path | IO[bytes],
    seconds: float,
    top: int = 10,
    layer: CitationLayer | None = None,
) -> dict[str, object]:
    """The run summary, in the shape of `graphbuild.pipeline.summarize`."""
    entities = [
        (paper_count, resolution.entities[e].name, resolution.entities[e].type.value)
        for e, (paper_count, _) in counts.kept.items()
    ]
    entities.sort(key=lambda e: (-e[0], e[1]))
    summary: dict[str, object] = {
        "papers": counts.papers,
        "entities": {t.value: counts.entities.get(t.value, 0) for t in EntityType},
        "edges": dict(counts.edges),
        "top_entities": [
            {"name": name, "type": entity_type, "papers": n}
            for n, name, entity_type in entities[:top]
        ],
    }
    citations = layer.summary(counts.papers) if layer is not None else {}
    if citations:
        summary["citations"] = citations
    summary |= {
        "records_read": read.records_read,
        "skipped": len(read.skipped),
        "output": str(output) if isinstance(output, (str, Path)) else "-",
        "seconds": round(seconds, 3),
    }
    return summary


def input_bytes(inputs: Sequence[str | Path]) -> int:
    """The size of the files the inputs are read from (0 for stdin and what cannot be
    seen); in a folder, only the files a build reads (`graphbuild.readers.folder_files`):
    earlier outputs or PDFs beside the records do not make the input large."""
    total = 0
    for given in inputs:
        path = Path(given)
        try:
            if path.is_file():
                total += path.stat().st_size
            elif path.is_dir():
                total += sum(p.stat().st_size for p in folder_files(path))
        except OSError:
            continue
    return total


def check_output(
    output: str | Path | IO[bytes],
    inputs: Sequence[str | Path],
    lexicon_paths: Sequence[str | Path],
) -> None:
    """Fail before reading anything when ``output`` cannot be written or is an input."""
    if isinstance(output, (str, Path)):
        atomic.check_output(output)
        atomic.refuse_input_as_output(output, [*inputs, *lexicon_paths])


def check_jobs(jobs: Any) -> int:
    """``jobs`` as a positive int, or a GraphbuildError saying what is wrong."""
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise GraphbuildError(f"jobs must be a positive number of processes, not {jobs!r}")
    return jobs
