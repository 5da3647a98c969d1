"""Choose an engine for a build: the local one (every core) or Dask (a cluster)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO, Literal

from graphbuild.build import DEFAULT_MIN_PAPERS, DEFAULT_MIN_WEIGHT
from graphbuild.engine import local
from graphbuild.engine.local import EngineResult, Progress
from graphbuild.errors import GraphbuildError
from graphbuild.resolve import DEFAULT_FUZZY_THRESHOLD

ENGINES = ("local", "dask")
"""The engines `build_graph_file` runs on."""


def build_graph_file(
    inputs: Sequence[str | Path],
    output: str | Path | IO[bytes],
    *,
    engine: Literal["local", "dask"] = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    input_format: str | None = None,
    lexicon_paths: Sequence[str | Path] = (),
    stop_list_paths: Sequence[str | Path] = (),
    on_error: Literal["raise", "skip"] = "raise",
    min_weight: int = DEFAULT_MIN_WEIGHT,
    min_papers: int = DEFAULT_MIN_PAPERS,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    progress: Progress | None = None,
    drop_referenced_only: bool = False,
) -> EngineResult:
    """Build the graph of ``inputs`` and write it as GraphML (the ``graphbuild build`` job).

    Both engines write the same bytes as the in-memory `graphbuild.pipeline.build_graph`.

    Args:
        inputs: files, folders or ``-`` (stdin).
        output: GraphML path (written atomically) or an open binary file.
        engine: ``local`` (worker processes on this machine) or ``dask``.
        jobs: local worker processes (None: every core); with ``dask`` and no
            ``scheduler``, the worker processes of the local cluster (None: 2).
        scheduler: a Dask scheduler address (``tcp://host:8786``); ``dask`` only.
        input_format: force a reader; detected from content if None.
        lexicon_paths: user lexicon files added to the packaged lexicon.
        stop_list_paths: files of names never to extract, one per line.
        on_error: ``raise`` on the first bad record, or ``skip`` it and count it.
        min_weight: keep CO_MENTIONED pairs named together by at least this many papers.
        min_papers: keep entities named by at least this many papers.
        fuzzy_threshold: rapidfuzz ratio at which two names merge.
        progress: called with (papers done, papers total) during extraction.
        drop_referenced_only: leave out works known only from reference lists.

    Returns:
        Counts, resolution, what was read, and time per stage.

    Raises:
        GraphbuildError: an unknown engine, a scheduler without ``dask``, bad ``jobs``.
        InputError: an input or lexicon file is missing or malformed.
        OutputError: ``output`` cannot be written or is one of the inputs.
    """
    if jobs is not None:
        local.check_jobs(jobs)
    if engine == "local":
        if scheduler is not None:
            raise GraphbuildError("a scheduler address needs the dask engine (--engine dask)")
        return local.build_graphml(
            inputs,
            output,
            jobs=jobs,
            input_format=input_format,
            lexicon_paths=lexicon_paths,
            stop_list_paths=stop_list_paths,
            on_error=on_error,
            min_weight=min_weight,
            min_papers=min_papers,
            fuzzy_threshold=fuzzy_threshold,
            progress=progress,
            drop_referenced_only=drop_referenced_only,
        )
    if engine == "dask":
        from graphbuild.engine import dask

        return dask.build_graphml(
            inputs,
            output,
            scheduler=scheduler,
            workers=jobs or 2,
            input_format=input_format,
            lexicon_paths=lexicon_paths,
            stop_list_paths=stop_list_paths,
            on_error=on_error,
            min_weight=min_weight,
            min_papers=min_papers,
            fuzzy_threshold=fuzzy_threshold,
            progress=progress,
            drop_referenced_only=drop_referenced_only,
        )
    raise GraphbuildError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
