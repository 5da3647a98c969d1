"""The CLI contract: usage mistakes exit 2, other failures exit 1, each as one line naming
the file or option and the fix; never a traceback. One test per bad-input case of issue 7.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graphbuild import cli as cli_package
from graphbuild import pipeline
from graphbuild.cli import cli, main
from graphbuild.readers import FOLDER_SUFFIXES, FORMATS

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False
RECORD = {"title": "LoRA for GPT-3", "abstract": "We tune GPT-3 with LoRA on GLUE."}


def run(*args: str, input: str | None = None) -> Result:  # noqa: A002
    return CliRunner().invoke(cli, list(args), input=input)


def one_error_line(result: Result | subprocess.CompletedProcess[str]) -> str:
    """The output's only line, which must be the error (no traceback, nothing else)."""
    text = result.output if isinstance(result, Result) else result.stderr
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert lines[0].startswith("Error: "), text
    return lines[0]


def graphbuild(
    *args: str, preexec_fn: Callable[[], None] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m graphbuild`` in a child process (for stdout and resource limits)."""
    return subprocess.run(
        [sys.executable, "-m", "graphbuild", *args],
        text=True,
        stderr=subprocess.PIPE,
        preexec_fn=preexec_fn,  # noqa: PLW1509 - single-threaded test, closes one fd
        timeout=60,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.fixture
def listing(tmp_path: Path) -> Path:
    path = tmp_path / "papers.jsonl"
    path.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def graph_text(tmp_path_factory: pytest.TempPathFactory, sample_paths: list[Path]) -> str:
    """A small graph (one sample listing) as GraphML text."""
    path = tmp_path_factory.mktemp("graph") / "g.graphml"
    pipeline.build_graph(sample_paths[:1], output=path)
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- outputs


def test_output_into_a_missing_folder(listing: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "g.graphml"
    result = run("build", str(listing), "-o", str(target))
    assert result.exit_code == 1
    line = one_error_line(result)
    assert str(target) in line and "does not exist; create it first (mkdir -p" in line


def test_output_that_is_a_folder(listing: Path, tmp_path: Path) -> None:
    result = run("build", str(listing), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "it is a folder; give a file name" in one_error_line(result)


def test_output_name_too_long(listing: Path, tmp_path: Path) -> None:
    result = run("build", str(listing), "-o", str(tmp_path / ("g" * 300)))
    assert result.exit_code == 1
    assert "the file name is too long" in one_error_line(result)


def test_output_that_is_an_immutable_file(listing: Path, tmp_path: Path) -> None:
    target = tmp_path / "g.graphml"
    target.write_text("previous", encoding="utf-8")
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(target)], check=False).returncode:
        pytest.skip("chattr +i is not possible here (not root, or a file system without it)")
    try:
        result = run("build", str(listing), "-o", str(target))
    finally:
        subprocess.run([chattr, "-i", str(target)], check=True)
    assert result.exit_code == 1
    line = one_error_line(result)
    assert str(target) in line and ("immutable" in line or "cannot be replaced" in line)
    assert target.read_text(encoding="utf-8") == "previous"


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can reach (tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="graphbuild-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(folder)


def run_unprivileged(*args: str) -> tuple[int, str]:
    """Run the CLI as a user without root's rights: root writes anything, so as root the
    command runs as nobody (``setpriv``); skips only if that is impossible here."""
    if not ROOT:
        result = run(*args)
        return result.exit_code, one_error_line(result) if result.exit_code else result.output
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop root's rights")
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import graphbuild"], cwd="/", capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip(f"user nobody cannot import graphbuild here: {probe.stderr[-200:]!r}")
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "graphbuild", *args],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, one_error_line(done) if done.returncode else done.stdout


def test_output_that_is_a_read_only_file(shared_dir: Path) -> None:
    listing = shared_dir / "papers.jsonl"
    listing.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    target = shared_dir / "g.graphml"
    target.write_text("previous", encoding="utf-8")
    target.chmod(0o444)
    shared_dir.chmod(0o777)  # the folder is writable: only the file's own mode protects it
    code, line = run_unprivileged("build", str(listing), "-o", str(target))
    assert code == 1
    assert str(target) in line and "the file is read-only or immutable" in line
    assert target.read_text(encoding="utf-8") == "previous"


def test_output_into_a_read_only_folder(shared_dir: Path) -> None:
    listing = shared_dir / "papers.jsonl"
    listing.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    folder = shared_dir / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    code, line = run_unprivileged("build", str(listing), "-o", str(folder / "g.graphml"))
    assert code == 1
    assert f"the folder {folder} is not writable; choose another folder" in line
    assert list(folder.iterdir()) == []


def test_output_to_a_process_file_system(listing: Path) -> None:
    # /proc refuses new files even to root: an unwritable place on every Linux.
    if not Path("/proc/self").is_dir():
        pytest.skip("needs Linux /proc")
    result = run("build", str(listing), "-o", "/proc/graph.graphml")
    assert result.exit_code == 1
    assert "/proc/graph.graphml" in one_error_line(result)


def test_an_empty_output_name(listing: Path) -> None:
    result = run("build", str(listing), "-o", "")
    assert result.exit_code == 1
    assert one_error_line(result) == "Error: the output file name is empty; give a file name"


def test_output_to_dev_full(listing: Path) -> None:
    result = run("build", str(listing), "-o", "/dev/full")
    assert result.exit_code == 1
    assert one_error_line(result) == (
        "Error: cannot write /dev/full: the disk is full; free some space or write to another disk"
    )


def _limit_file_size() -> None:
    import resource

    # 16 KiB: one sample listing's graph is ~200 KB. SIGXFSZ ignored: the write gets EFBIG.
    resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_disk_full_mid_write_keeps_the_previous_file(
    tmp_path: Path, sample_paths: list[Path]
) -> None:
    target = tmp_path / "g.graphml"
    target.write_text("previous", encoding="utf-8")
    result = graphbuild(
        "build",
        str(sample_paths[0]),
        "-o",
        str(target),
        stdout=subprocess.PIPE,
        preexec_fn=_limit_file_size,
    )
    assert result.returncode == 1
    line = one_error_line(result)
    assert str(target) in line and "file size limit (see `ulimit -f`)" in line
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.graphml"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_disk_full_while_abstracts_are_stored_is_one_line(tmp_path: Path, jobs: str) -> None:
    # A large input keeps its abstracts in TMPDIR while it is read (readers.text_store),
    # written by the parent (1 job) or by a parse worker (2): a full disk there is one line
    # naming the temporary folder, and nothing is left behind.
    from tests.engine.conftest import shared_file

    records = shared_file(
        "sources", "03_arxiv", "kaggle_arxiv_metadata_oai_snapshot_first200.jsonl"
    )
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    forced = (
        "import sys\n"
        "from graphbuild.engine import local\n"
        "local.TEXT_STORE_BYTES = local.PARALLEL_READ_BYTES = 0  # as for a large input\n"
        "from graphbuild.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", forced, "build", str(records), "-o", str(tmp_path / "g.graphml")]
        + ["--jobs", jobs],
        text=True,
        capture_output=True,
        preexec_fn=_limit_file_size,  # noqa: PLW1509 - single-threaded test
        env={**os.environ, "TMPDIR": str(scratch)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    line = one_error_line(result)
    assert f"cannot write a temporary file in {scratch}" in line, line
    assert "file size limit (see `ulimit -f`)" in line
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "g.graphml").exists()


def test_stdout_closed(listing: Path) -> None:
    result = graphbuild("extract", str(listing), preexec_fn=lambda: os.close(1))
    assert result.returncode == 1
    assert one_error_line(result) == (
        "Error: standard output is closed; redirect it instead (e.g. >/dev/null)"
    )


@pytest.mark.parametrize("command", [["extract"], ["build", "-o", "-"]])
def test_stdout_full(listing: Path, command: Sequence[str]) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = graphbuild(*command, str(listing), stdout=full)
    assert result.returncode == 1
    line = one_error_line(result)
    assert "cannot write" in line and "the disk is full" in line


def test_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    same = tmp_path / "same.txt"
    same.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    before = same.read_bytes()
    result = run("build", str(same), "-o", str(same))
    assert result.exit_code == 1
    assert "it is also an input" in one_error_line(result)
    assert same.read_bytes() == before


def test_output_that_is_a_lexicon_is_refused(listing: Path, tmp_path: Path) -> None:
    lexicon = tmp_path / "lex.tsv"
    lexicon.write_text("ZorbNet\tModel\n", encoding="utf-8")
    result = run("build", str(listing), "--lexicon", str(lexicon), "-o", str(lexicon))
    assert result.exit_code == 1
    assert "it is also an input" in one_error_line(result)


# --------------------------------------------------------------------------- inputs


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "deep.jsonl",
            '{"title": "t", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
            ":1: JSON not read: nested more than 200 levels deep",
        ),
        (
            "deep.json",
            "[" * 100_000 + "]" * 100_000,
            ": JSON not read: nested more than 200 levels deep; file not read",
        ),
        (
            "digits.jsonl",
            '{"title": "t", "date": ' + "9" * 5000 + "}\n",
            ":1: JSON not read: a number of 5000 digits (at most 4300 are read)",
        ),
        (
            "digits.json",
            '[{"title": "t", "date": ' + "9" * 5000 + "}]",
            ": JSON not read: a number of 5000 digits (at most 4300 are read); file not read",
        ),
    ],
)
def test_json_beyond_the_limits(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("build", str(path), "-o", str(tmp_path / "g.graphml"))
    assert result.exit_code == 1
    assert one_error_line(result) == f"Error: {path}{message}"


@pytest.mark.parametrize("input_format", [None, *FORMATS])
@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"title": "t", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
        '{"title": "t", "year": ' + "9" * 5000 + "}\n",
        '[{"title": "t", "year": ' + "9" * 5000 + "}]",
    ],
    ids=["deep-document", "deep-line", "digits-line", "digits-document"],
)
def test_json_beyond_the_limits_in_every_format(
    tmp_path: Path, input_format: str | None, text: str
) -> None:
    path = tmp_path / "input.json"
    path.write_text(text, encoding="utf-8")
    forced = ["--input-format", input_format] if input_format else []
    result = run("extract", str(path), *forced)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    if result.exit_code == 1:
        one_error_line(result)


def test_json_beyond_the_limits_is_skippable(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    deep = '{"title": "t", "x": ' + "[" * 1000 + "]" * 1000 + "}"
    path.write_text(f"{deep}\n{json.dumps(RECORD)}\n", encoding="utf-8")
    result = run("build", str(path), "--skip-bad-records", "-o", str(tmp_path / "g.graphml"))
    assert result.exit_code == 0, result.output
    assert "papers: 1" in result.output and f"skipped {path}:1: JSON not read" in result.output


@pytest.mark.parametrize("command", ["extract", "build"])
def test_lone_surrogates_in_names(tmp_path: Path, command: str) -> None:
    path = tmp_path / "surrogate.jsonl"
    path.write_text(
        '{"title": "GPT\\ud800 for all", "abstract": "We use BERT and LoRA."}\n', encoding="utf-8"
    )
    output = ["-o", str(tmp_path / "g.graphml")] if command == "build" else []
    result = run(command, str(path), *output)
    assert result.exit_code == 1
    assert one_error_line(result) == (
        f'Error: {path}:1: "title" holds a lone surrogate (\\ud800), which is not text; '
        "fix the \\u escape (a pair such as \\ud83d\\ude00, or the character itself)"
    )


def test_input_name_too_long(tmp_path: Path) -> None:
    result = run("build", str(tmp_path / ("x" * 300 + ".txt")), "-o", str(tmp_path / "g"))
    assert result.exit_code == 1
    assert "the file name is too long; rename the file or give a shorter path" in (
        one_error_line(result)
    )


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/urandom"])
def test_devices_are_refused(tmp_path: Path, device: str) -> None:
    result = run("build", device, "-o", str(tmp_path / "g.graphml"))
    assert result.exit_code == 1
    assert one_error_line(result) == (
        f"Error: {device}: is a device, not a file; save what it holds to a file, or pipe it "
        "to '-' (stdin)"
    )


@pytest.mark.parametrize(
    ("lexicon", "message"),
    [
        ("/dev/zero", "/dev/zero: is a device, not a file"),
        ("{tmp}", "{tmp}: it is a folder; give a file"),
        ("{tmp}/missing.tsv", "{tmp}/missing.tsv: no such file or folder"),
        ("{tmp}/" + "x" * 300, "{tmp}/" + "x" * 300 + ": the file name is too long"),
    ],
)
def test_unreadable_lexicons_are_usage_errors(
    listing: Path, tmp_path: Path, lexicon: str, message: str
) -> None:
    result = run("extract", str(listing), "--lexicon", lexicon.format(tmp=tmp_path))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"Invalid value for '--lexicon': {message.format(tmp=tmp_path)}" in result.output


def test_an_empty_input_name_is_not_the_current_folder(tmp_path: Path) -> None:
    result = run("extract", "")
    assert result.exit_code == 1
    assert one_error_line(result) == (
        "Error: an input name is empty; give a file, a folder or '-' for stdin"
    )


def test_an_empty_folder_says_what_it_looks_for(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    result = run("build", str(folder), "-o", str(tmp_path / "g.graphml"))
    assert result.exit_code == 1
    line = one_error_line(result)
    assert f"no {', '.join(FOLDER_SUFFIXES)} files in this folder" in line
    assert ".txt, .jsonl, .json" in line


def test_stats_on_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    result = run("stats", str(tmp_path))
    assert result.exit_code == 1
    assert one_error_line(result) == f"Error: {tmp_path}: it is a folder; give a file"
    result = run("stats", str(tmp_path / "nope.graphml"))
    assert result.exit_code == 1
    assert one_error_line(result) == f"Error: {tmp_path / 'nope.graphml'}: no such file or folder"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_read_like_a_pipe(tmp_path: Path) -> None:
    # A pipe can be read only once: a reader that opens it twice (to tell the format, then
    # to parse) waits forever for a second writer. A child process with a timeout turns
    # such a hang into a failure.
    fifo = tmp_path / "papers.fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as writer:
            writer.write(json.dumps(RECORD) + "\n")

    threading.Thread(target=feed, daemon=True).start()
    result = graphbuild("extract", str(fifo), stdout=subprocess.PIPE)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["title"] == RECORD["title"]


# --------------------------------------------------------------------------- GraphML for stats


def _with_count(graph_text: str, attr_type: str, value: str) -> str:
    text = graph_text.replace(
        'attr.name="paper_count" attr.type="long"',
        f'attr.name="paper_count" attr.type="{attr_type}"',
    )
    return re.sub(r'(<data key="paper_count">)\d+(</data>)', rf"\g<1>{value}\g<2>", text, count=1)


@pytest.mark.parametrize(
    ("attr_type", "value", "message"),
    [
        ("string", "many", "paper_count 'many' is not a count of papers; rebuild the graph"),
        ("double", "NaN", "paper_count nan is not a count of papers"),
        ("double", "Infinity", "paper_count inf is not a count of papers"),
        ("double", "-INF", "paper_count -inf is not a count of papers"),
        ("long", "1.5", "value '1.5' of 'paper_count' is not a GraphML long"),
        ("long", "9" * 20, f"value '{'9' * 20}' of 'paper_count' is not a GraphML long"),
        ("long", "9" * 5000, "value '" + "9" * 40 + "… (5000 characters)' of 'paper_count'"),
    ],
)
def test_stats_on_bad_counts(
    tmp_path: Path, graph_text: str, attr_type: str, value: str, message: str
) -> None:
    path = tmp_path / "bad.graphml"
    path.write_text(_with_count(graph_text, attr_type, value), encoding="utf-8")
    result = run("stats", str(path))
    assert result.exit_code == 1
    line = one_error_line(result)
    assert line.startswith(f"Error: {path}: ") and message in line


def test_stats_with_deep_json_in_an_attribute(tmp_path: Path, graph_text: str) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    text = re.sub(
        r'(<data key="aliases">)[^<]*(</data>)', rf"\g<1>{deep}\g<2>", graph_text, count=1
    )
    assert deep in text
    path = tmp_path / "deep.graphml"
    path.write_text(text, encoding="utf-8")
    result = run("stats", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["papers"] > 50


def test_stats_on_an_unknown_encoding(tmp_path: Path, graph_text: str) -> None:
    path = tmp_path / "tf8.graphml"
    path.write_text(graph_text.replace('encoding="UTF-8"', 'encoding="TF-8"', 1), encoding="utf-8")
    result = run("stats", str(path))
    assert result.exit_code == 1
    assert one_error_line(result) == (
        f"Error: {path}:1: the XML declaration names an unknown encoding (unknown encoding: "
        'TF-8); write encoding="UTF-8" and save the file as UTF-8'
    )


# --------------------------------------------------------------------------- usage and bugs


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["build"], "--samples"),
        (["build", "--samples", "--min-weight", "0"], "--min-weight"),
        (["build", "--samples", "--min-papers", "x"], "--min-papers"),
        (["build", "--samples", "--fuzzy-threshold", "nan"], "--fuzzy-threshold"),
        (["extract", "--samples", "--fuzzy-threshold", "101"], "--fuzzy-threshold"),
        (["build", "--samples", "--no-such-option"], "--no-such-option"),
        (["extract", "--samples", "--input-format", "csv"], "--input-format"),
        (["stats", "g.graphml", "--format", "xml"], "--format"),
        (["query"], "NAME"),
        (["query", "top_pairs", "-p", "limit"], "--param"),
        (["nosuchcommand"], "nosuchcommand"),
    ],
)
def test_usage_mistakes_exit_2_naming_the_option(args: list[str], names: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert names in result.output


def test_an_unexpected_exception_is_one_line_asking_for_a_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something impossible")

    monkeypatch.setattr(pipeline, "graph_stats", broken)
    monkeypatch.delenv("GRAPHBUILD_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", str(tmp_path / "g.graphml")])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith("Error: internal error: RuntimeError: something impossible.")
    assert "please report it" in line
    assert cli_package.__doc__ and "exit 2" in cli_package.__doc__
