"""`graphbuild fetch openalex|s2|arxiv` end to end against the replay server.

The CLI tests live beside the replay server's fixtures (tests/fetch/conftest.py). The
S2 answers are the real Graph API objects of shared/sources served as endpoint bodies
(no HTTP exchange with S2 was recorded; see conftest.s2_routes).
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphbuild.cli import cli
from graphbuild.fetch.state import state_path

from .conftest import ReplayServer, Seen

TURING = "2d5673caa9e6af3a7b82a43f19ee920992db07ad"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, ["fetch", *args], catch_exceptions=False)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_openalex_snowball_keeps_secrets_out_of_every_output(
    replay: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENALEX_MAILTO", "private.person@example.org")
    monkeypatch.setenv("OPENALEX_API_KEY", "oa-key-0123456789")
    out = tmp_path / "snowball.jsonl"
    ids = tmp_path / "ids.txt"
    ids.write_text("# the two seeds of the cassette\nhttps://openalex.org/W3046863325\n")
    result = invoke(
        "openalex", "W3045921891", "--ids-file", str(ids), "--citing", "--references",
        "-o", str(out), "--base-url", replay.url, "--min-interval", "0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote 45 records to {out} (3 pages, 3 requests")
    assert len(lines(out)) == 45
    assert all(s.query["mailto"] == ["private.person@example.org"] for s in replay.seen)
    # the state file, the report and an error: no secret anywhere
    again = invoke("openalex", "W3045921891", "-o", str(out), "--base-url", replay.url, "--json")
    assert again.exit_code == 1 and "pass --overwrite" in again.output
    failed = invoke(
        "openalex", "--search", "not recorded", "-o", str(tmp_path / "x.jsonl"),
        "--base-url", replay.url, "--retries", "0",
    )  # fmt: skip
    assert failed.exit_code == 1 and "HTTP 404" in failed.output
    assert "mailto=%2A%2A%2A" in failed.output
    state = state_path(tmp_path / "x.jsonl").read_text(encoding="utf-8")
    for text in (result.output, again.output, failed.output, state, out.read_text("utf-8")):
        assert "private.person" not in text and "oa-key" not in text
        assert "Traceback" not in text


def test_s2_json_report(replay: ReplayServer, tmp_path: Path) -> None:
    out = tmp_path / "s2.jsonl"
    result = invoke(
        "s2", TURING, "--references", "-o", str(out), "--json",
        "--base-url", replay.url + "/graph/v1", "--min-interval", "0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["records"] == 2 and report["service"] == "s2" and not report["resumed"]
    seed, page = lines(out)
    assert seed["paperId"] == TURING and len(page["references"]) == 14


def test_arxiv_ids_and_harvest_options(replay: ReplayServer, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    result = invoke(
        "arxiv", "0808.05394", "1707.08567", "-o", str(out),
        "--base-url", replay.url + "/api", "--min-interval", "0",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in lines(out)] == ["1707.08567"]
    mixed = invoke("arxiv", "1707.08567", "--from", "2020-01-01", "-o", str(tmp_path / "m"))
    assert mixed.exit_code == 2 and "not both" in mixed.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["openalex", "10.1145/3383583.3398584"], "is not an OpenAlex work id"),
        (["openalex"], "nothing to fetch"),
        (["s2", "a title, not an id"], "is not a Semantic Scholar paper id"),
        (["arxiv", "--from", "yesterday"], "is not a date"),
        (["openalex", "--per-page", "500", "W1"], "500 is not in the range"),
    ],
)
def test_bad_requests_exit_2_in_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    result = invoke(*args, "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.jsonl").exists()


def test_unreachable_service_exits_1_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = invoke(
        "openalex", "W1", "-o", str(tmp_path / "w.jsonl"),
        "--base-url", f"http://127.0.0.1:{port}", "--retries", "0",
    )  # fmt: skip
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: cannot reach OpenAlex at http://127.0.0.1:")
    assert "Connection refused" in line and "resume" in line


def test_every_command_documents_an_example() -> None:
    for command in ("openalex", "s2", "arxiv"):
        result = invoke(command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.output and f"graphbuild fetch {command} " in result.output


def test_killed_process_resumes_without_duplicates(
    replay: ReplayServer, s2_paper: dict[str, Any], tmp_path: Path
) -> None:
    """A real process is killed (SIGKILL) while it waits for page 4; a rerun completes."""
    out = tmp_path / "citing.jsonl"
    args = [
        "fetch", "s2", TURING, "--citing", "--no-seeds", "--page-size", "100", "-o", str(out),
        "--base-url", replay.url + "/graph/v1", "--min-interval", "0",
    ]  # fmt: skip
    waiting, release = threading.Event(), threading.Event()

    def hang_on_page_4(seen: Seen) -> str | None:
        if seen.query.get("offset") == ["300"] and not release.is_set():
            waiting.set()
            release.wait(30)
            return "drop"
        return None

    replay.fault = hang_on_page_4
    process = subprocess.Popen(
        [sys.executable, "-c", "from graphbuild.cli import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert waiting.wait(30), "the fetch never asked for page 4"
        process.kill()
        process.wait(10)
    finally:
        release.set()
        if process.poll() is None:
            process.kill()
            process.wait(10)
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    assert len(lines(out)) == 3 and state_path(out).exists()
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "resumed" in result.output and "wrote 7 records" in result.output
    citing = [p["paperId"] for page in lines(out) for p in page["citations"]]
    assert citing == [p["paperId"] for p in s2_paper["citations"]]
    assert len(set(citing)) == len(citing) == 1000
    assert not state_path(out).exists()


def test_an_output_that_cannot_be_written_exits_1_in_one_line(
    replay: ReplayServer, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = invoke("openalex", "W3045921891", "-o", str(blocker / "w.jsonl"),
                    "--base-url", replay.url)  # fmt: skip
    assert result.exit_code == 1
    expected = f"Error: {blocker / 'w.jsonl'}: cannot write there ({blocker} is not a folder)"
    assert result.output.strip() == expected
    assert replay.seen == []  # nothing is asked of the service before the output is ready


def test_ctrl_c_is_one_line_and_the_run_resumes(replay: ReplayServer, tmp_path: Path) -> None:
    """SIGINT while page 2 is awaited: exit 1 with one line; the next run finishes."""
    out = tmp_path / "cited.jsonl"
    args = [
        "fetch", "s2", TURING, "--citing", "--no-seeds", "--page-size", "500", "-o", str(out),
        "--base-url", replay.url + "/graph/v1", "--min-interval", "0",
    ]  # fmt: skip
    waiting, release = threading.Event(), threading.Event()

    def hang_on_page_2(seen: Seen) -> str | None:
        if seen.query.get("offset") == ["500"] and not release.is_set():
            waiting.set()
            release.wait(30)
            return "drop"
        return None

    replay.fault = hang_on_page_2
    process = subprocess.Popen(
        [sys.executable, "-m", "graphbuild", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert waiting.wait(30), "the fetch never asked for page 2"
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        release.set()
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 1 and stdout == ""
    assert stderr.strip() == (
        f"Error: interrupted; {out} keeps every page written: run the same command again to resume"
    )
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0 and "wrote 1 record to" in result.output
    assert sum(len(page["citations"]) for page in lines(out)) == 1000
