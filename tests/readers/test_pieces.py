"""Large JSON Lines files read as pieces give exactly what the whole file gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.readers import _parse_file, _sources, detect_format, read_papers
from graphbuild.readers import pieces as pieces_module
from graphbuild.readers.pieces import SummaryJoiner, file_pieces
from graphbuild.readers.records import UserIdSummary
from graphbuild.readers.text_store import TextStore

SNAPSHOT = ("03_arxiv", "kaggle_arxiv_metadata_oai_snapshot_first200.jsonl", "arxiv-snapshot")
OPENALEX = ("01_openalex", "works_snowball.jsonl", "openalex")


def _whole(path: Path, input_format: str) -> list[object]:
    """What reading the file whole yields (as one process reads any file)."""
    return list(_parse_file(path, input_format))


def _never(head: bytes) -> str:
    raise AssertionError("the format was given: nothing to detect")


def _joined(path: Path, input_format: str, piece_bytes: int) -> tuple[list[object], int]:
    cut = file_pieces(str(path), input_format, _never, piece_bytes)
    assert cut is not None, "the file should have been cut"
    joiner, items, count = SummaryJoiner(), [], 0
    for piece in cut:
        items.extend(joiner.items(piece()))
        count += 1
    ended = joiner.file_ended()
    return items + ([ended] if ended is not None else []), count


@pytest.mark.parametrize("where", [SNAPSHOT, OPENALEX], ids=["arxiv-snapshot", "openalex"])
def test_pieces_of_a_real_file_yield_what_the_whole_file_yields(sources, where):
    folder, name, input_format = where
    path = sources / folder / name
    whole = _whole(path, input_format)
    joined, count = _joined(path, input_format, 16 << 10)
    assert count > 5
    assert joined == whole
    assert len(whole) > 40


def _generic(tmp_path: Path) -> Path:
    """Generic JSON Lines with a BOM, CRLF and lone-CR line ends, blank and bad lines and
    user ids: everything whose line numbers a cut could shift."""
    lines = []
    for i in range(400):
        record = {"title": f"Paper number {i} on models", "abstract": "Text " * (i % 7)}
        if i % 3 == 0:
            record["id"] = f"own-{i}"  # the user's own id: summed up once per file
        lines.append(json.dumps(record))
        if i % 50 == 7:
            lines.append("")
        if i % 90 == 11:
            lines.append('{"title": broken')
    text = "\ufeff" + "".join(
        line + ("\r\n" if i % 4 == 0 else "\r" if i % 31 == 5 else "\n")
        for i, line in enumerate(lines)
    )
    path = tmp_path / "generic.jsonl"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_pieces_keep_line_numbers_problems_and_the_one_summary(tmp_path):
    path = _generic(tmp_path)
    whole = _whole(path, "jsonl")
    joined, count = _joined(path, "jsonl", 1 << 10)
    assert count > 10
    assert joined == whole
    summaries = [item for item in joined if isinstance(item, UserIdSummary)]
    assert len(summaries) == 1 and summaries[0].count == 134
    assert summaries[0].source.line == 1


def test_reading_with_workers_cuts_files_and_reads_the_same(sources, tmp_path, monkeypatch):
    monkeypatch.setattr(pieces_module, "PIECE_BYTES", 8 << 10)
    inputs = [
        _generic(tmp_path),
        sources / SNAPSHOT[0] / SNAPSHOT[1],
        sources / OPENALEX[0] / OPENALEX[1],
    ]
    assert len(list(_sources(inputs, None, cut=True))) > 3 * 10  # cut into pieces
    one = read_papers(inputs, on_error="skip")
    two = read_papers(inputs, on_error="skip", jobs=2)
    assert two == one
    assert one.skipped and one.warnings
    with TextStore() as store:  # pieces write their abstracts to the store, in workers
        stored = read_papers(inputs, on_error="skip", jobs=2, text_store=store)
        assert [store.restore(p) for p in stored.papers] == list(one.papers)


def test_small_files_documents_and_other_formats_are_read_whole(sources, tmp_path):
    small = sources / SNAPSHOT[0] / SNAPSHOT[1]
    assert file_pieces(str(small), None, detect_format) is None
    document = tmp_path / "works.json"
    document.write_text(json.dumps({"results": [{"id": "W1"}] * 2000}, indent=1))
    assert file_pieces(str(document), "openalex", _never, 1024) is None
    s2orc = sources / "02_semantic_scholar" / "s2orc_2020_metadata_sample.jsonl"
    assert file_pieces(str(s2orc), None, detect_format, 1024) is None
    # the format told from the file's start when none is given
    snapshot = sources / SNAPSHOT[0] / SNAPSHOT[1]
    found = file_pieces(str(snapshot), None, detect_format, 16 << 10)
    assert found is not None and {p.input_format for p in found} == {"arxiv-snapshot"}


def test_a_bad_record_in_a_later_piece_names_its_line_in_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(pieces_module, "PIECE_BYTES", 1 << 10)
    path = tmp_path / "bad.jsonl"
    good = [json.dumps({"title": f"Paper {i}", "abstract": "x" * 40}) for i in range(300)]
    path.write_text("\n".join([*good, "{oops", *good[:5]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as one:
        read_papers([path])
    with pytest.raises(InputError) as two:
        read_papers([path], jobs=2)
    assert str(two.value) == str(one.value)
    assert f"{path}:301" in str(two.value)
