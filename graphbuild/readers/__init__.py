"""The read stage: paper listings and records in, distinct ``Paper`` records out.

:func:`read_papers` expands files, folders and ``-`` (standard input), detects each
file's format (:func:`detect_format`), parses it with the format's module
(:mod:`~graphbuild.readers.hf_listing`, :mod:`~graphbuild.readers.records`, and the
scholarly sources of :mod:`~graphbuild.readers.sources`: OpenAlex, Semantic Scholar,
arXiv, BibTeX, RIS, CSL-JSON, CiteSeer, unarXive, VCR cassettes), merges the same work
read from several places into one (:mod:`~graphbuild.readers.merge`) and resolves the
citations the records give into :class:`~graphbuild.model.Citation` records between
papers. Scholarly sources are streamed line by line; only the first 64 KB of a file are
read to tell its format.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Literal, TextIO

from graphbuild.errors import GraphbuildError, InputError
from graphbuild.model import Paper, SourceRef
from graphbuild.readers.base import (
    DETECT_BYTES,
    ParseStream,
    ReadResult,
    ReadWarning,
    RecordProblem,
    SkippedRecord,
    check_input_file,
    input_error,
)
from graphbuild.readers.hf_listing import looks_like_hf_listing, parse_hf_listing
from graphbuild.readers.identity import (
    clean_title,
    normalise_title,
    paper_id,
    parse_arxiv_id,
    parse_doi,
)
from graphbuild.readers.merge import PaperMerge, PaperMerger, resolve_citations
from graphbuild.readers.parallel import parse_in_workers
from graphbuild.readers.pieces import SummaryJoiner, file_pieces
from graphbuild.readers.records import parse_json, parse_jsonl, records_format
from graphbuild.readers.sources import LINE_FORMATS, LINE_PARSERS, sniff_format
from graphbuild.readers.stream import Rejoined, decoded_lines
from graphbuild.readers.text import decode, first_problem, strip_bom
from graphbuild.readers.text_store import TextStore
from graphbuild.readers.unarxive import GZIP_MAGIC, parse_unarxive_archive
from graphbuild.runtime import paused_gc

__all__ = [
    "FORMATS",
    "FOLDER_SUFFIXES",
    "folder_files",
    "PaperMerge",
    "STDIN",
    "ReadResult",
    "ReadWarning",
    "SkippedRecord",
    "bundled_samples",
    "clean_title",
    "detect_format",
    "normalise_title",
    "paper_id",
    "parse_arxiv_id",
    "parse_doi",
    "read_papers",
]

FORMATS = ("hf-listing", "jsonl", "json", *LINE_FORMATS)
# Files picked up inside folders; a file named explicitly is read whatever its suffix.
FOLDER_SUFFIXES = (
    ".txt",
    ".jsonl",
    ".json",
    ".ndjson",
    ".bib",
    ".ris",
    ".cites",
    ".xml",
    ".yml",
    ".yaml",
    ".gz",
)
STDIN = "-"
STDIN_NAME = "<stdin>"
OnError = Literal["raise", "skip"]

_PARSERS: dict[str, Callable[[str, str], ParseStream]] = {
    "hf-listing": parse_hf_listing,
    "jsonl": parse_jsonl,
    "json": parse_json,
}


def read_papers(
    inputs: Sequence[str | Path],
    *,
    input_format: str | None = None,
    on_error: OnError = "raise",
    stdin: TextIO | None = None,
    drop_referenced_only: bool = False,
    jobs: int = 1,
    text_store: TextStore | None = None,
) -> ReadResult:
    """Read papers from files, folders and standard input; merge duplicates.

    Folders are read recursively, files sorted by path, skipping hidden files and
    suffixes other than :data:`FOLDER_SUFFIXES`. A file reached twice is read once.

    Args:
        inputs: Paths of files or folders, or ``"-"`` for standard input.
        input_format: One of :data:`FORMATS` to force a format; None detects it per file.
        on_error: ``"raise"`` stops at the first bad record; ``"skip"`` leaves it out and
            lists it in ``ReadResult.skipped`` (a file whose format or encoding cannot
            be read is then one skipped entry).
        stdin: Stream read for ``"-"``; defaults to ``sys.stdin``.
        drop_referenced_only: Leave out the works known only from a reference or
            citation list (``Paper.referenced_only``) and the citations to or from them.
        jobs: Processes parsing files (`graphbuild.readers.parallel`); the result is
            the same for any number.
        text_store: Keep the abstracts in this store's files: the papers returned carry
            tokens that `TextStore.restore` turns back into abstracts (a build of a
            large corpus; `graphbuild.readers.text_store`).

    Returns:
        The distinct papers with counts, skips, warnings, citations and paper merges.

    Raises:
        InputError: An input does not exist or cannot be opened, ``input_format`` is
            unknown, or (with ``on_error="raise"``) a file or record is malformed. The
            message names the file and line (or record).
    """
    if input_format is not None and input_format not in FORMATS:
        raise InputError(f"unknown input format {input_format!r}; use one of {_format_list()}")
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    merger = PaperMerger() if text_store is None else PaperMerger(text_length=text_store.length)
    skipped: list[SkippedRecord] = []
    warnings: list[ReadWarning] = []
    files: list[str] = []
    links: list[tuple[int, int, str]] = []
    records = 0
    # With workers, large JSON Lines files are parsed as pieces side by side (pieces.py).
    sources = _sources(inputs, stdin, input_format, cut=jobs > 1)
    if text_store is not None:
        sources = text_store.stored(sources)
    parsed = parse_in_workers(sources, input_format, jobs) if jobs > 1 else None
    # Records, papers and their fields hold no reference cycles: the cyclic collector's
    # passes over the growing corpus would find nothing (a tenth of reading's time).
    summaries = SummaryJoiner()
    with paused_gc():
        for name, stream in sources if parsed is None else parsed:
            if not files or files[-1] != name:  # the pieces of a file come one after another
                _add_summary(warnings, summaries)
                files.append(name)
            for item in summaries.items(stream(input_format)):
                if isinstance(item, Paper):
                    records += 1
                    _add_record(merger, item, links)
                elif isinstance(item, ReadWarning):
                    warnings.append(item)
                elif on_error == "raise":
                    raise item.to_error()
                else:
                    skipped.append(item.to_skipped())
        _add_summary(warnings, summaries)
        papers = merger.papers()
        citations = resolve_citations(merger, links)
    if drop_referenced_only:
        kept = {p.id for p in papers if not p.referenced_only}
        papers = tuple(p for p in papers if p.id in kept)
        citations = tuple(c for c in citations if c.citing in kept and c.cited in kept)
    return ReadResult(
        papers=papers,
        records_read=records,
        skipped=tuple(skipped),
        files=tuple(files),
        warnings=(*warnings, *merger.warnings()),
        citations=citations,
        merges=merger.merges(),
    )


def _add_summary(warnings: list[ReadWarning], summaries: SummaryJoiner) -> None:
    """Add the summary warning of the file just read (over all its pieces), if any."""
    ended = summaries.file_ended()
    if ended is not None:
        warnings.append(ended)


def _add_record(merger: PaperMerger, paper: Paper, links: list[tuple[int, int, str]]) -> None:
    """Add a record and the works it cites or is cited by (as stubs) with their links."""
    if not paper.references and not paper.cited_by:
        merger.add(paper)
        return
    handle = merger.add(replace(paper, references=(), cited_by=()))
    source = paper.citation_source or "records"
    for cited in paper.references:
        links.append((handle, merger.add(cited), source))
    for citing in paper.cited_by:
        links.append((merger.add(citing), handle, source))


def detect_format(path_or_first_chunk: os.PathLike[str] | str | bytes, *, name: str = "") -> str:
    """Tell a file's format from its content.

    A Hugging Face listing has its header (``Get trending papers in your email
    inbox!``) in the first lines; a first non-blank line starting with ``{`` is JSON
    Lines, unless it is an object spread over several lines; ``[`` starts JSON.

    Args:
        path_or_first_chunk: A path (``Path`` or other ``os.PathLike``) whose start is
            read, or the first part of the content as ``str`` or ``bytes``.
        name: The file's name for error messages when content is given.

    Returns:
        One of :data:`FORMATS`.

    Raises:
        InputError: The content is empty, not text, or in none of the formats; the
            message says how to force one.
    """
    if isinstance(path_or_first_chunk, os.PathLike):
        name = name or os.fspath(path_or_first_chunk)
        try:
            with open(path_or_first_chunk, "rb") as handle:
                path_or_first_chunk = handle.read(DETECT_BYTES)
        except OSError as err:
            raise input_error(name, err) from err
    if isinstance(path_or_first_chunk, bytes):
        text = decode(path_or_first_chunk, name, partial=True)
    else:
        text = strip_bom(path_or_first_chunk)
    where = name or None
    if not text.strip():
        raise InputError("empty: nothing to read", where)
    if looks_like_hf_listing(text):
        return "hf-listing"
    sniffed = sniff_format(text)
    if sniffed is not None:
        return sniffed
    found = records_format(text)
    if found is not None:
        return found
    problem = first_problem(text)
    if problem is not None:
        line, reason = problem
        raise InputError(reason, where, line)
    raise InputError(
        "cannot tell the format: no Hugging Face listing header ('Get trending papers in "
        "your email inbox!') and the first line starts with neither '{' (JSON Lines) nor "
        f"'[' (JSON); name the format with --format ({_format_list()})",
        where,
    )


def bundled_samples() -> list[Path]:
    """Return the bundled sample listings (five Hugging Face pages), sorted by path.

    Raises:
        GraphbuildError: graphbuild is installed zipped, so the samples are not files.
    """
    root = resources.files("graphbuild") / "data" / "samples"
    if not isinstance(root, Path):
        raise GraphbuildError(
            f"bundled samples are inside an archive ({root}); install graphbuild unzipped"
        )
    return sorted(path for path in root.iterdir() if path.suffix == ".txt")


def _parse(name: str, text: str, input_format: str | None) -> ParseStream:
    if not text.strip():
        yield ReadWarning(SourceRef(name, 1), "empty file")
        return
    try:
        found = input_format or detect_format(text, name=name)
    except InputError as err:
        yield _unreadable(name, err)
        return
    if found in LINE_PARSERS:
        yield from LINE_PARSERS[found](io.StringIO(text), name)
    else:
        yield from _PARSERS[found](text, name)


def _unreadable(name: str, err: InputError) -> RecordProblem:
    # Nothing in the file can be read; under "skip" it is one skipped entry.
    if err.line is not None:
        return RecordProblem(SourceRef(name, err.line), f"{err.reason}; file not read")
    return RecordProblem(SourceRef(name, 1), f"{err.reason}; file not read", "file")


def _parse_file(path: Path, input_format: str | None) -> ParseStream:
    """Parse a file; formats in :data:`LINE_PARSERS` are streamed line by line.

    The file is opened once (a FIFO reads like a file). Only the first
    :data:`DETECT_BYTES` are read to tell the format, so a multi-gigabyte snapshot is
    never held in memory by the reader.
    """
    name = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 -- closed below, after the last record
    except OSError as err:
        raise input_error(path, err) from err
    with handle:
        try:
            head = handle.read(DETECT_BYTES)
        except OSError as err:
            raise input_error(path, err) from err
        reader = Rejoined(head, handle)
        if head.startswith(GZIP_MAGIC) and input_format in (None, "unarxive"):
            # The one compressed input: unarXive's published .tar.gz, read member by member.
            yield from parse_unarxive_archive(reader, name)
            return
        utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        found = input_format
        if found is None and head.strip() and not utf16:
            try:
                found = detect_format(head, name=name)
            except InputError as err:
                yield _unreadable(name, err)
                return
        if found in LINE_PARSERS and not utf16:
            yield from LINE_PARSERS[found](decoded_lines(reader), name)
            return
        try:
            data = reader.read()
        except OSError as err:
            raise input_error(path, err) from err
        yield from _parse(name, decode(data, name), found)


def _sources(
    inputs: Sequence[str | Path],
    stdin: TextIO | None,
    input_format: str | None = None,
    *,
    cut: bool = False,
) -> Iterator[tuple[str, Callable[[str | None], ParseStream]]]:
    """Yield (name, parse) per file to read, in order, each file once.

    With ``cut``, a large JSON Lines file (in ``input_format``, or the format its start
    shows) comes as its pieces, each under the file's name (`graphbuild.readers.pieces`).
    """
    seen: set[str] = set()
    for given in inputs:
        if str(given) == STDIN and not isinstance(given, Path):
            if STDIN_NAME not in seen:
                seen.add(STDIN_NAME)
                yield STDIN_NAME, lambda fmt: _parse(STDIN_NAME, _read_stdin(stdin), fmt)
            continue
        if not str(given):
            raise InputError("an input name is empty; give a file, a folder or '-' for stdin")
        path = Path(given)
        try:
            is_folder = path.is_dir()
        except OSError as err:  # e.g. a name too long
            raise input_error(path, err) from err
        if is_folder:
            files = folder_files(path)
            if not files:
                raise InputError(
                    f"no {', '.join(FOLDER_SUFFIXES)} files in this folder (hidden ones are "
                    "skipped); name files explicitly to read other suffixes",
                    path,
                )
        else:
            check_input_file(path)
            files = [path]
        for file in files:
            key = str(file.resolve())
            if key in seen:
                continue
            seen.add(key)
            name = str(file)
            found = (
                file_pieces(name, input_format, partial(detect_format, name=name)) if cut else None
            )
            if found is None:
                yield name, partial(_parse_file, file)
            else:
                for piece in found:
                    yield name, piece


def folder_files(folder: Path) -> list[Path]:
    """The files a folder given as input is read from, in reading order."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in FOLDER_SUFFIXES:
            found.append(path)
    # Sort by path components so a folder's files stay together and runs are repeatable.
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _read_stdin(stdin: TextIO | None) -> str:
    stream = stdin if stdin is not None else sys.stdin
    # Read bytes when we can, so bad encodings get the same line-level handling as files.
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            return decode(buffer.read(), STDIN_NAME)
        return strip_bom(stream.read())
    except UnicodeDecodeError as err:
        raise InputError(f"not valid text ({err.reason}); send UTF-8", STDIN_NAME) from err


def _format_list() -> str:
    return ", ".join(FORMATS)
