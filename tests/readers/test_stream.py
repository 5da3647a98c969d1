"""Tests for graphbuild.readers.stream: files read once, lines decoded as the readers need."""

from __future__ import annotations

import io
import json
import os
import threading
from pathlib import Path

from graphbuild.readers import read_papers
from graphbuild.readers.stream import Rejoined, decoded_lines


def test_rejoined_serves_the_head_then_the_rest() -> None:
    reader = Rejoined(b"abc", io.BytesIO(b"defg"))
    assert reader.read(2) == b"ab" and reader.read(2) == b"c" and reader.read(10) == b"defg"
    assert Rejoined(b"ab", io.BytesIO(b"cd")).read() == b"abcd"


def test_decoded_lines() -> None:
    data = '\ufeff{"t": "a\u2028b"}\r\nsecond\nno end'.encode() + b"\xff"
    lines = list(decoded_lines(Rejoined(data[:5], io.BytesIO(data[5:]))))
    # Only \n ends a line; the BOM goes; a bad byte stays as a lone surrogate.
    assert lines == ['{"t": "a\u2028b"}\r\n', "second\n", "no end\udcff"]


def test_a_fifo_of_openalex_works_is_read_once(tmp_path: Path) -> None:
    fifo = tmp_path / "works.fifo"
    os.mkfifo(fifo)
    record = {"id": "https://openalex.org/W7", "display_name": "Through a pipe"}

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as writer:
            writer.write(json.dumps(record) + "\n")

    writer = threading.Thread(target=feed)
    writer.start()
    result = read_papers([fifo])
    writer.join(timeout=30)
    assert [p.id for p in result.papers] == ["openalex:W7"]
