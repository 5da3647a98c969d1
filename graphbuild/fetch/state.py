"""Resumable JSON Lines output: pages appended atomically, a state file beside the output.

A fetch writes one record per line. After every page, :class:`JsonlSink` appends the
page's lines in one write (flushed and synced), then replaces the state file
``<output>.fetch-state.json`` atomically with where to go on: which queries are done, the
cursor of the one under way, and how many bytes of the output are committed.

Run the same command again after an interruption and it resumes: the output is cut back
to its last committed size (a page half written when the process died is dropped), the
ids already written are read back so no record is written twice, and paging starts
from the saved cursor. The state file names the request it belongs to; a different
request refuses to resume from it. A finished fetch removes its state file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graphbuild.errors import FetchError

STATE_SUFFIX = ".fetch-state.json"
STATE_VERSION = 1

#: Gives the id a record is de-duplicated by, or None to always keep it.
KeyFunction = Callable[[dict[str, Any]], "str | None"]


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn a file-system failure into a one-line :class:`FetchError` naming ``path``."""
    try:
        yield
    except OSError as err:
        raise FetchError(f"{path}: cannot write there ({err.strerror or err})") from err


def state_path(output: Path) -> Path:
    """The state file kept beside ``output`` while a fetch is unfinished."""
    return output.with_name(output.name + STATE_SUFFIX)


@dataclass
class FetchState:
    """Where an unfinished fetch stands.

    Attributes:
        request: the service and the options that define the fetch (no secrets).
        done: keys of the queries paged to their end.
        current: key of the query under way, or None.
        cursor: where the query under way goes on (service-specific, JSON).
        records: records committed to the output.
        size: bytes of the output committed.
        pages: pages committed.
    """

    request: dict[str, Any]
    done: list[str] = field(default_factory=list)
    current: str | None = None
    cursor: Any = None
    records: int = 0
    size: int = 0
    pages: int = 0


class JsonlSink:
    """Append pages of records to a JSON Lines file, resumable after an interruption.

    Args:
        output: the JSON Lines file to write.
        request: what is fetched (service and options, no secrets); a state file made
            for another request is not resumed.
        key: the id a record is de-duplicated by (None: never de-duplicated).
        overwrite: start afresh even when ``output`` or a state file exists.

    Raises:
        FetchError: ``output`` exists without a state file (and not ``overwrite``), the
            state file is unreadable or belongs to another request, or the output is
            shorter than the state says.
    """

    def __init__(
        self,
        output: Path,
        request: dict[str, Any],
        key: KeyFunction,
        overwrite: bool = False,
    ) -> None:
        self.output = output
        self.state_file = state_path(output)
        self.key = key
        self.seen: set[str] = set()
        self.duplicates = 0
        self.resumed = False
        request = json.loads(json.dumps(request))  # the form it has once saved
        with _writing(output):
            self._open(request, overwrite)

    def _open(self, request: dict[str, Any], overwrite: bool) -> None:
        """Resume from the state file, or start an empty output (see the class)."""
        output = self.output
        if overwrite:
            self.state_file.unlink(missing_ok=True)
            output.unlink(missing_ok=True)
        if self.state_file.exists():
            self.state = self._load_state(request)
            self._cut_back()
            self.resumed = True
        else:
            if output.exists() and output.stat().st_size > 0:
                raise FetchError(
                    f"{output} exists and no unfinished fetch is recorded beside it; "
                    "pass --overwrite to replace it or choose another --output"
                )
            self.state = FetchState(request=request)
            for folder in (output.parent, *output.parent.parents):
                if folder.exists() and not folder.is_dir():
                    raise FetchError(f"{output}: cannot write there ({folder} is not a folder)")
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_bytes(b"")
            self._save()

    def _load_state(self, request: dict[str, Any]) -> FetchState:
        """Read the state file and check that it belongs to ``request``."""
        try:
            raw = json.loads(self.state_file.read_text(encoding="utf-8"))
            if raw.pop("version", None) != STATE_VERSION:
                raise ValueError("unknown state version")
            state = FetchState(**raw)
        except (OSError, ValueError, TypeError) as err:
            raise FetchError(
                f"{self.state_file}: unreadable fetch state ({err}); delete it and pass "
                "--overwrite to start again"
            ) from err
        if state.request != request:
            raise FetchError(
                f"{self.state_file} records an unfinished fetch of another request "
                f"({json.dumps(state.request, sort_keys=True)}); repeat that command to "
                "finish it, or pass --overwrite to start this one"
            )
        return state

    def _cut_back(self) -> None:
        """Drop bytes written after the last committed page; read back the ids kept."""
        size = self.output.stat().st_size if self.output.exists() else -1
        if size < self.state.size:
            raise FetchError(
                f"{self.output} is shorter than its state file records ({size} < "
                f"{self.state.size} bytes); pass --overwrite to start again"
            )
        if size > self.state.size:
            with self.output.open("r+b") as handle:
                handle.truncate(self.state.size)
        with self.output.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                try:
                    record = json.loads(line)
                except ValueError as err:
                    raise FetchError(
                        f"{self.output}:{number}: not JSON ({err}); pass --overwrite to start again"
                    ) from err
                record_key = self.key(record)
                if record_key is not None:
                    self.seen.add(record_key)

    def is_done(self, query: str) -> bool:
        """Whether ``query`` was paged to its end (in this run or an earlier one)."""
        return query in self.state.done

    def cursor(self, query: str) -> Any:
        """The saved cursor of ``query`` when it was under way, else None."""
        return self.state.cursor if self.state.current == query else None

    @property
    def records(self) -> int:
        """Records in the output (earlier runs included)."""
        return self.state.records

    def write_page(self, query: str, records: Iterable[dict[str, Any]], next_cursor: Any) -> int:
        """Append one page and commit where to go on.

        Args:
            query: key of the query the page belongs to.
            records: the page's records, in the service's order.
            next_cursor: where the query goes on, or None when this was its last page.

        Returns:
            How many records were written (duplicates of earlier ones are not).
        """
        lines: list[str] = []
        for record in records:
            record_key = self.key(record)
            if record_key is not None:
                if record_key in self.seen:
                    self.duplicates += 1
                    continue
                self.seen.add(record_key)
            lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        data = "".join(lines).encode("utf-8")
        if data:
            with _writing(self.output), self.output.open("ab") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        state = self.state
        state.size += len(data)
        state.records += len(lines)
        state.pages += 1
        if next_cursor is None:
            state.done.append(query)
            state.current, state.cursor = None, None
        else:
            state.current, state.cursor = query, next_cursor
        self._save()
        return len(lines)

    def finish(self) -> None:
        """Mark the fetch complete: the state file goes, the output stays."""
        self.state_file.unlink(missing_ok=True)

    def _save(self) -> None:
        """Replace the state file atomically (temp file beside it, then ``os.replace``)."""
        data = json.dumps({"version": STATE_VERSION, **asdict(self.state)}, indent=1)
        with _writing(self.state_file):
            self._replace_state(data)

    def _replace_state(self, data: str) -> None:
        """Write ``data`` to a temp file beside the state file, then rename it over."""
        fd, temp = tempfile.mkstemp(
            dir=self.state_file.parent, prefix=self.state_file.name, suffix=".tmp"
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, self.state_file)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
