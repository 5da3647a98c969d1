"""Abstracts kept on disk while a large corpus is read, so that reading holds only metadata.

The identity step (`graphbuild.readers.merge.PaperMerger`) must see every record before it
knows the distinct papers, so a build holds every paper until reading ends. Abstracts are
most of a paper's memory (about half of 2.8 KB a record in the arXiv-like corpora) and
the identity step never reads them: it only keeps the longer one of two merged records.
With a `TextStore`, each parse writes the abstracts of its input to a file of the store
(in whichever process parses it) and the papers carry a short *token* instead: the file,
the place in it and the text's length. Merges compare the lengths the tokens give
(`TextStore.length`), and the build puts the texts back (`TextStore.restore`) chunk by
chunk, just before extraction, in the processes that extract.

Every non-empty abstract of a stored stream becomes a token (the works a record cites
too), so in a build with a store, a non-empty abstract is always a token and an empty
one is empty: ``bool(paper.abstract)`` keeps its meaning.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from graphbuild.errors import GraphbuildError
from graphbuild.model import Paper
from graphbuild.readers.base import ParseStream
from graphbuild.readers.parallel import Stream
from graphbuild.runtime import read_at

_MARK = "\x00"
"""Starts every token. Within a build with a store every non-empty abstract is a token,
so a text that happens to start with it is never taken for one."""


class TextStore:
    """Files in a temporary folder holding the abstracts of a build's inputs, one per input.

    The store is picklable (it is only a folder name), so a parse in a worker process
    writes to it and forked or spawned extraction workers read from it; each process
    opens the files it reads once. Close it (or use it as a context manager) to remove
    the folder.
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        try:
            self.folder = tempfile.mkdtemp(prefix="graphbuild-texts-", dir=directory)
        except OSError as err:
            raise _write_error(str(directory or tempfile.gettempdir()), err) from err
        self._open: dict[str, int] = {}
        self._owner: int | None = os.getpid()  # only the maker removes the folder

    def __getstate__(self) -> dict[str, object]:
        return {"folder": self.folder}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.folder = str(state["folder"])
        self._open = {}
        self._owner = None

    def __enter__(self) -> TextStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def stored(self, sources: Iterable[tuple[str, Stream]]) -> Iterator[tuple[str, Stream]]:
        """``sources`` whose streams write their abstracts here and yield tokens."""
        for index, (name, stream) in enumerate(sources):
            yield name, _StoredStream(self.folder, str(index), stream)

    @staticmethod
    def length(abstract: str) -> int:
        """The length of the abstract that ``abstract`` (a token or a text) stands for."""
        if abstract.startswith(_MARK):
            return int(abstract.rpartition(":")[2])
        return len(abstract)

    def text(self, abstract: str) -> str:
        """The abstract a token stands for (a text that is no token is returned as is)."""
        if not abstract.startswith(_MARK):
            return abstract
        name, offset, size, _ = abstract[1:].split(":")
        try:
            data = read_at(self._file(name), int(offset), int(size), "a file of stored abstracts")
        except EOFError as err:
            raise GraphbuildError(str(err)) from err
        return data.decode("utf-8", "surrogatepass")

    def restore(self, paper: Paper) -> Paper:
        """``paper`` with its abstract in place of its token."""
        if not paper.abstract:
            return paper
        return replace(paper, abstract=self.text(paper.abstract))

    def _file(self, name: str) -> int:
        # Descriptors opened before a fork are shared with the children: pread moves no
        # shared offset, so parent and children read through them at once.
        descriptor = self._open.get(name)
        if descriptor is None:
            path = os.path.join(self.folder, name)
            try:
                descriptor = os.open(path, os.O_RDONLY)
            except OSError as err:
                message = f"cannot read back the stored abstracts {path}: {err.strerror}"
                raise GraphbuildError(message) from err
            self._open[name] = descriptor
        return descriptor

    def close(self) -> None:
        """Close the files; in the process that made the store, remove them and the folder."""
        for descriptor in self._open.values():
            os.close(descriptor)
        self._open = {}
        if self._owner != os.getpid() or not os.path.isdir(self.folder):
            return
        for name in os.listdir(self.folder):
            os.unlink(os.path.join(self.folder, name))
        os.rmdir(self.folder)


def _write_error(folder: str, err: OSError) -> GraphbuildError:
    # Imported here: the formats package would bring networkx into every reader's start.
    from graphbuild.formats.atomic import output_error

    return output_error(f"a temporary file in {folder}", err)


@dataclass(frozen=True)
class _StoredStream:
    """``stream``, writing its abstracts to ``folder/name`` (picklable, for a worker)."""

    folder: str
    name: str
    stream: Stream

    @property
    def in_worker(self) -> bool:
        """What `graphbuild.readers.parallel` asks of the stream (a piece: True)."""
        return bool(getattr(self.stream, "in_worker", False))

    def __call__(self, input_format: str | None) -> ParseStream:
        return _stored_stream(self.folder, self.name, self.stream, input_format)


def _stored_stream(folder: str, name: str, stream: Stream, input_format: str | None) -> ParseStream:
    """Parse with ``stream``, writing abstracts to ``folder/name`` and yielding tokens."""
    path = os.path.join(folder, name)
    try:
        handle = open(path, "wb")  # noqa: SIM115 -- closed below, after the last item
    except OSError as err:
        raise _write_error(folder, err) from err
    offset = 0

    def token(text: str) -> str:
        nonlocal offset
        data = text.encode("utf-8", "surrogatepass")
        try:
            handle.write(data)
        except OSError as err:  # a full disk, a size limit
            raise _write_error(folder, err) from err
        made = f"{_MARK}{name}:{offset}:{len(data)}:{len(text)}"
        offset += len(data)
        return made

    def stored(paper: Paper) -> Paper:
        references = tuple(stored(p) for p in paper.references) if paper.references else ()
        cited_by = tuple(stored(p) for p in paper.cited_by) if paper.cited_by else ()
        if not paper.abstract and not references and not cited_by:
            return paper
        return replace(
            paper,
            abstract=token(paper.abstract) if paper.abstract else "",
            references=references,
            cited_by=cited_by,
        )

    try:
        for item in stream(input_format):
            yield stored(item) if isinstance(item, Paper) else item
    finally:
        try:
            handle.close()  # writes what is buffered: a full disk may show only now
        except OSError as err:
            raise _write_error(folder, err) from err
