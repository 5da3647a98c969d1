"""Property-based tests: random and mutated real inputs never raise anything but our errors.

Hypothesis feeds the readers, the build and the command line with random bytes, random
JSON records and real files (the bundled samples, tests/data) cut and mutated. Any
exception other than a :class:`~graphbuild.errors.GraphbuildError` fails the test; so does a
CLI run that does not end with exit 0 or 1. The number of examples is bounded (set
``HYPOTHESIS_PROFILE=thorough`` for a longer hunt), so the suite stays fast in CI.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbuild import pipeline
from graphbuild.cli import cli
from graphbuild.errors import GraphbuildError
from graphbuild.formats.graphml import parse_graphml, read_graphml, write_graphml
from graphbuild.readers import FORMATS, bundled_samples, read_papers

settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    database=None,  # nothing written into the checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

DATA = Path(__file__).resolve().parent / "data"
REAL_FILES = sorted(
    [
        *bundled_samples(),
        *(p for p in DATA.rglob("*") if p.is_file() and p.suffix not in (".md", ".graphml")),
    ]
)
REAL_BYTES = {str(path.relative_to(path.parents[1])): path.read_bytes() for path in REAL_FILES}

# Pieces that steer mutations towards the readers' corners.
TOKENS = [
    b"\n",
    b"\r\n",
    b"\r",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b"\\",
    b"\\ud800",
    b'"id": ',
    b'"title": ',
    b'"authors": ',
    b"9" * 400,
    b"[" * 300,
    b"Get trending papers in your email inbox!\n",
    b"arXiv:2106.07139v2",
    b"10.48550/arXiv.2106.07139",
    b"$\\alpha$",
    "é".encode(),
    "𝔘".encode(),
]


def _mutate(data: bytes, draw: Any) -> bytes:
    """Apply a few random edits to ``data``: cut, insert, repeat, flip, truncate."""
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "token", "repeat", "flip", "truncate"]))
        if action == "cut":
            data = data[:position] + data[position + draw(st.integers(1, 200)) :]
        elif action == "insert":
            data = data[:position] + draw(st.binary(max_size=40)) + data[position:]
        elif action == "token":
            data = data[:position] + draw(st.sampled_from(TOKENS)) + data[position:]
        elif action == "repeat":
            piece = data[position : position + draw(st.integers(1, 300))]
            data = data[:position] + piece * draw(st.integers(2, 4)) + data[position:]
        elif action == "flip" and position < len(data):
            data = data[:position] + bytes([data[position] ^ 0xFF]) + data[position + 1 :]
        elif action == "truncate":
            data = data[:position]
    return data


@st.composite
def mutated_real_input(draw: Any) -> tuple[str, bytes]:
    """A window of a real input (most often its start, where formats are told apart),
    mutated."""
    name = draw(st.sampled_from(sorted(REAL_BYTES)))
    data = REAL_BYTES[name]
    start = draw(st.one_of(st.just(0), st.integers(0, max(0, len(data) - 1))))
    window = data[start : start + draw(st.integers(0, 2000))]
    return name, _mutate(window, draw)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["2106.07139", "doi:10.1000/x", "GPT-3", "LoRA on GLUE", "\ud800"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
record_fields = st.sampled_from(
    ["title", "abstract", "id", "arxiv_id", "doi", "url", "date", "authors", "papers"]
)
records = st.dictionaries(record_fields, json_values, max_size=6) | json_values


def _suffix(name: str) -> str:
    return Path(name).suffix or ".txt"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / f"input{_suffix(name)}"
    path.write_bytes(data)
    return path


@given(
    source=st.one_of(mutated_real_input(), st.tuples(st.just("random.txt"), st.binary())),
    input_format=st.sampled_from([None, *FORMATS]),
    on_error=st.sampled_from(["raise", "skip"]),
)
def test_readers_raise_only_their_own_errors(
    workdir: Path, source: tuple[str, bytes], input_format: str | None, on_error: str
) -> None:
    path = _write(workdir, *source)
    try:
        result = read_papers([path], input_format=input_format, on_error=on_error)  # type: ignore[arg-type]
    except GraphbuildError:
        return
    for paper in result.papers:
        assert paper.id  # some formats (CiteSeer) name papers by id alone, without a title
        paper.title.encode("utf-8")  # never a lone surrogate in what is read


@given(lines=st.lists(records, min_size=1, max_size=5), as_array=st.booleans())
def test_random_json_records_raise_only_our_errors(
    workdir: Path, lines: list[Any], as_array: bool
) -> None:
    if as_array:
        text, name = json.dumps(lines), "records.json"
    else:
        text, name = "\n".join(json.dumps(line) for line in lines), "records.jsonl"
    path = _write(workdir, name, text.encode("utf-8"))
    try:
        result = read_papers([path], on_error="skip")
    except GraphbuildError:
        return
    assert result.records_read + len(result.skipped) >= 0


@settings(max_examples=max(10, settings().max_examples // 3))
@given(source=mutated_real_input(), min_weight=st.integers(1, 3))
def test_the_build_raises_only_our_errors_and_writes_readable_graphml(
    workdir: Path, source: tuple[str, bytes], min_weight: int
) -> None:
    path = _write(workdir, *source)
    output = workdir / "out.graphml"
    try:
        result = pipeline.build_graph([path], on_error="skip", min_weight=min_weight, output=output)
    except GraphbuildError:
        return
    assert pipeline.summarize(read_graphml(output)) == pipeline.summarize(result.graph)


@pytest.fixture(scope="module")
def small_graphml(workdir: Path) -> bytes:
    output = workdir / "small.graphml"
    write_graphml(pipeline.build_graph(bundled_samples()[:1]).graph, output)
    return output.read_bytes()


@given(data=st.data())
def test_mutated_graphml_raises_only_our_errors(small_graphml: bytes, data: Any) -> None:
    start = data.draw(st.one_of(st.just(0), st.integers(0, len(small_graphml) - 1)))
    text = _mutate(small_graphml[start:], data.draw)
    try:
        pipeline.summarize(parse_graphml(text))
    except GraphbuildError:
        return


@settings(max_examples=max(6, settings().max_examples // 5))
@given(source=mutated_real_input(), command=st.sampled_from(["extract", "build"]))
def test_the_command_line_exits_0_or_1_without_a_traceback(
    workdir: Path, source: tuple[str, bytes], command: str
) -> None:
    path = _write(workdir, *source)
    args = [command, str(path), "--skip-bad-records"]
    if command == "build":
        args += ["-o", str(workdir / "cli.graphml")]
    result = CliRunner().invoke(cli, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1), result.output


_DATES = st.sampled_from(
    ["2018", "2019", "2019-04", "2019-05", "2019-04-30", "2019-05-02", "2019-05-17", "2020-01"]
)


@given(st.dictionaries(st.sampled_from("abcdefgh"), _DATES, max_size=8))
def test_first_introducers_equal_the_pairwise_definition(dates: dict[str, str]) -> None:
    from graphbuild.citation_graph import _before, first_introducers

    pairwise = sorted(
        i for i in dates if not any(_before(dates[j], dates[i]) for j in dates if j != i)
    )
    assert first_introducers(dates) == pairwise
