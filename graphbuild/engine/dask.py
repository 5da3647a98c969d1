"""The Dask engine: the local engine's build on a Dask cluster, with the same output.

What runs where:

* **client** (the machine running ``graphbuild build --engine dask``): reading and the
  exact paper identity step, the final resolution of the distinct names (a union-find
  over their summary, small), and writing the GraphML file;
* **workers**: extraction, as a map over partitions of the papers (``dask.bag``); the
  mention summary by key, as a distributed group-by (``Bag.foldby``) whose result the
  client resolves; entity counts and co-mention pairs, as a second distributed group-by
  over the entity pairs of each paper, given the resolution.

Mention rows of every partition come back to the client once, in partition order, into
the same spill the local engine writes from; so both engines write the same bytes
(tests/engine/test_dask.py). Without a scheduler address a ``LocalCluster`` of worker
processes is started for the run and stopped after it.
"""

from __future__ import annotations

import importlib
import time
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import IO, Any, Literal

from graphbuild.build import DEFAULT_MIN_WEIGHT, GraphOptions
from graphbuild.engine.findings import Chunk, Row, Tally
from graphbuild.engine.graphml_out import PaperNodes
from graphbuild.engine.layer import CitationLayer
from graphbuild.engine.local import (
    EngineResult,
    Progress,
    Spill,
    check_output,
    extract_and_render,
    in_reading_order,
    peak_rss_mib,
    summarize,
    write_output,
)
from graphbuild.errors import GraphbuildError
from graphbuild.extract import Extractor
from graphbuild.lexicon import Lexicon, load_lexicon
from graphbuild.model import Paper
from graphbuild.readers import ReadWarning, read_papers
from graphbuild.resolve import DEFAULT_FUZZY_THRESHOLD, MentionGroup, Resolution, resolve_groups
from graphbuild.runtime import paused_gc

DEFAULT_PARTITION_SIZE = 2000

_CACHED: tuple[Lexicon, Extractor] | None = None


def _extractor(lexicon: Lexicon) -> Extractor:
    """One extractor per worker process and lexicon (built once, reused by every task)."""
    global _CACHED
    if _CACHED is None or _CACHED[0] != lexicon:
        _CACHED = (lexicon, Extractor(lexicon))
    return _CACHED[1]


def _extract_partition(papers: Iterable[Paper], lexicon: Lexicon) -> list[Chunk]:
    with paused_gc():
        return [extract_and_render(_extractor(lexicon), list(papers))]


def _group_items(chunks: Iterable[Chunk]) -> Iterator[tuple[str, MentionGroup]]:
    for chunk in chunks:
        yield from chunk.groups.items()


def _fold_group(total: MentionGroup | None, item: tuple[str, MentionGroup]) -> MentionGroup:
    if total is None:
        total = MentionGroup()
    total.add(item[1])
    return total


def _combine_groups(a: MentionGroup | None, b: MentionGroup | None) -> MentionGroup:
    total = MentionGroup()
    for group in (a, b):
        if group is not None:
            total.add(group)
    return total


def _paper_items(
    chunks: Iterable[Chunk], first_rank: int, resolution: Resolution
) -> Iterator[tuple[Any, Any]]:
    """Per paper: ``(entity,) -> (1, mentions, introduced)`` and ``(a, b) -> [rank]``."""
    rank = first_rank
    for chunk in chunks:
        for rows in chunk.rows:
            counts: dict[str, int] = defaultdict(int)
            introduced: set[str] = set()
            for row in rows:
                entity_id = resolution.entity_id_of_key(row[0])
                counts[entity_id] += 1
                if row[9]:
                    introduced.add(entity_id)
            for entity_id, n in counts.items():
                yield (entity_id,), (1, n, entity_id in introduced)
            for pair in combinations(sorted(counts), 2):
                yield pair, [rank]
            rank += 1


def _fold_tally(total: Any, item: tuple[Any, Any]) -> Any:
    return _combine_tally(total, item[1])


def _combine_tally(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, tuple):
        return (a[0] + b[0], a[1] + b[1], a[2] or b[2])
    return a + b


def build_graphml(
    inputs: Sequence[str | Path],
    output: str | Path | IO[bytes],
    *,
    scheduler: str | None = None,
    workers: int = 2,
    input_format: str | None = None,
    lexicon_paths: Sequence[str | Path] = (),
    stop_list_paths: Sequence[str | Path] = (),
    connect_timeout: float = 30,
    on_error: Literal["raise", "skip"] = "raise",
    min_weight: int = DEFAULT_MIN_WEIGHT,
    min_papers: int = 1,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    progress: Progress | None = None,
    drop_referenced_only: bool = False,
) -> EngineResult:
    """Build the graph of ``inputs`` on a Dask cluster; the same file as the local engine.

    The cluster is reached (or started) first, so that a wrong address fails at once.

    Args:
        inputs: files, folders or ``-`` (stdin), read on the client.
        output: GraphML path (written atomically) or an open binary file.
        scheduler: address of a running Dask scheduler (``tcp://host:8786``); None starts
            a ``LocalCluster`` of ``workers`` processes for this run.
        workers: worker processes of the local cluster (ignored with ``scheduler``).
        input_format: force a reader; detected from content if None.
        lexicon_paths: user lexicon files added to the packaged lexicon.
        stop_list_paths: files of names never to extract, one per line.
        connect_timeout: seconds to wait for ``scheduler`` to answer.
        on_error: ``raise`` on the first bad record, or ``skip`` it and count it.
        min_weight: keep CO_MENTIONED pairs named together by at least this many papers.
        min_papers: keep entities named by at least this many papers.
        fuzzy_threshold: rapidfuzz ratio at which two names merge.
        partition_size: papers per partition of the bag.
        progress: called with (papers done, papers total) as partitions come back.
        drop_referenced_only: leave out works known only from reference lists.

    Returns:
        Counts, resolution, what was read and the time of each stage.

    Raises:
        GraphbuildError: Dask is not installed, or the scheduler cannot be reached.
        InputError: an input or lexicon file is missing or malformed.
    """
    try:
        dask: Any = importlib.import_module("dask")
        db: Any = importlib.import_module("dask.bag")
        distributed: Any = importlib.import_module("distributed")
    except ImportError as err:
        raise GraphbuildError("the dask engine needs Dask: pip install 'graphbuild[dask]'") from err

    started = time.perf_counter()
    check_output(output, inputs, lexicon_paths)
    stages: dict[str, float] = {}
    clock = time.perf_counter()
    cluster: Any = None
    try:
        if scheduler is None:
            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # None means the default :8787, maybe taken
                silence_logs=40,
            )
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(scheduler, timeout=connect_timeout)
    except OSError as err:
        if cluster is not None:
            cluster.close()
        raise GraphbuildError(
            f"cannot reach the Dask scheduler {scheduler}: {err}; start one with "
            "`dask scheduler` and workers with `dask worker ADDRESS`"
        ) from err
    stages["cluster"] = time.perf_counter() - clock

    try:
        clock = time.perf_counter()
        lexicon = load_lexicon(lexicon_paths, stop_list_paths=stop_list_paths)
        read = read_papers(
            inputs,
            input_format=input_format,
            on_error=on_error,
            drop_referenced_only=drop_referenced_only,
        )
        reading_order = [p.id for p in read.papers]
        papers = sorted(read.papers, key=lambda p: p.id)
        layer = CitationLayer.of(papers, read.citations)
        read = replace(read, papers=(), citations=())
        paper_ids = [p.id for p in papers]
        stages["read"] = time.perf_counter() - clock
    except BaseException:
        client.close()
        if cluster is not None:
            cluster.close()
        raise

    spill: Spill[tuple[Row, ...]] = Spill()
    xml: Spill[str] = Spill()
    try:
        with client:
            clock = time.perf_counter()
            nodes = PaperNodes()
            warned: list[tuple[str, ReadWarning]] = []
            size = max(1, partition_size)
            bag = db.from_sequence(papers, partition_size=size) if papers else None
            del papers
            lexicon_key = dask.delayed(lexicon, pure=True)
            chunks = None
            firsts: list[int] = []
            if bag is not None:
                chunks = bag.map_partitions(_extract_partition, lexicon_key).persist()
                # Rows come back once, in partition order, to the client's spill.
                done = 0
                for part in chunks.to_delayed():
                    found: list[Chunk] = part.compute()
                    firsts.append(done)
                    for chunk in found:
                        spill.append(chunk.rows)
                        xml.append(chunk.nodes)
                        nodes.add_kinds(chunk.kinds)
                        warned.extend(chunk.warnings)
                        done += len(chunk.rows)
                    if progress is not None:
                        progress(done, len(paper_ids))
            stages["extract"] = time.perf_counter() - clock

            clock = time.perf_counter()
            groups: dict[str, MentionGroup] = {}
            if chunks is not None:
                folded = chunks.map_partitions(_group_items).foldby(
                    lambda item: item[0],
                    _fold_group,
                    None,
                    _combine_groups,
                    None,
                    split_every=8,
                )
                groups = dict(folded.compute())
            resolution = resolve_groups(groups, fuzzy_threshold=fuzzy_threshold)
            del groups
            stages["resolve"] = time.perf_counter() - clock

            clock = time.perf_counter()
            tally = Tally()
            if chunks is not None:
                resolution_key = dask.delayed(resolution, pure=True)
                parts = chunks.to_delayed()
                items = db.from_delayed(
                    [
                        dask.delayed(_listed)(part, first, resolution_key)
                        for part, first in zip(parts, firsts, strict=True)
                    ]
                )
                folded_tally = items.foldby(
                    lambda item: item[0],
                    _fold_tally,
                    None,
                    _combine_tally,
                    None,
                    split_every=8,
                )
                _fill_tally(tally, folded_tally.compute())
            kept = {e for e, n in tally.entity_papers.items() if n >= min_papers}
            layer.add_draws_on(paper_ids, spill.rows(), resolution, kept)
            stages["tally"] = time.perf_counter() - clock
    except BaseException:
        spill.close()
        xml.close()
        raise
    finally:
        if cluster is not None:
            cluster.close()

    try:
        clock = time.perf_counter()
        options = GraphOptions(min_weight=min_weight, min_papers=min_papers)
        with paused_gc():
            counts = write_output(
                output,
                paper_ids,
                nodes,
                xml.rows(),
                spill.rows(),
                resolution,
                tally,
                options,
                layer,
            )
        stages["write"] = time.perf_counter() - clock
    finally:
        spill.close()
        xml.close()
    result = EngineResult(counts, resolution, read, stages, peak_rss_mib())
    result.seconds = time.perf_counter() - started
    result.extract_warnings = in_reading_order(warned, reading_order)
    result.summary = summarize(counts, resolution, read, output, result.seconds, layer=layer)
    return result


def _listed(chunks: list[Chunk], first: int, resolution: Resolution) -> list[tuple[Any, Any]]:
    return list(_paper_items(chunks, first, resolution))


def _fill_tally(tally: Tally, folded: Iterable[tuple[Any, Any]]) -> None:
    """Put the group-by results into a `Tally` (entity entries, then pair entries)."""
    for key, value in folded:
        if len(key) == 1:
            entity_id = key[0]
            tally.entity_papers[entity_id] += value[0]
            tally.entity_mentions[entity_id] += value[1]
            if value[2]:
                tally.introduced.add(entity_id)
        else:
            tally.pairs[key] = array("q", sorted(value))
