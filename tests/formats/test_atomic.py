"""Atomic outputs: the previous file survives every failure and interruption; no partial file."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graphbuild.errors import OutputError
from graphbuild.formats.atomic import atomic_output, check_output, refuse_input_as_output

PREVIOUS = b"<previous graph/>\n"


def test_the_file_appears_only_when_the_block_completes(tmp_path):
    target = tmp_path / "g.graphml"
    target.write_bytes(PREVIOUS)
    with atomic_output(target) as out:
        out.write(b"new")
        out.flush()
        assert target.read_bytes() == PREVIOUS
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.graphml"]


@pytest.mark.parametrize("error", [ValueError("bad value"), KeyboardInterrupt()])
def test_a_failed_block_leaves_the_previous_file_and_no_temporary(tmp_path, error):
    target = tmp_path / "g.graphml"
    target.write_bytes(PREVIOUS)
    with pytest.raises(type(error)), atomic_output(target) as out:
        out.write(b"partial")
        raise error
    assert target.read_bytes() == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.graphml"]


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "g.graphml"
    target.write_bytes(PREVIOUS)
    target.chmod(0o640)
    with atomic_output(target) as out:
        out.write(b"new")
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_symbolic_link_stays_and_its_target_is_replaced(tmp_path):
    real = tmp_path / "real.graphml"
    real.write_bytes(PREVIOUS)
    link = tmp_path / "link.graphml"
    link.symlink_to(real)
    with atomic_output(link) as out:
        out.write(b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.graphml", "real.graphml"]


def test_a_device_is_written_directly_not_replaced():
    with atomic_output("/dev/null") as out:
        out.write(b"nothing")
    assert Path("/dev/null").is_char_device()


def test_a_full_device_names_the_file_and_the_fix():
    with (
        pytest.raises(OutputError, match=r"cannot write /dev/full: the disk is full"),
        atomic_output("/dev/full") as out,
    ):
        out.write(b"x" * (2 << 20))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing" / "g.graphml", r"folder .*missing does not exist; create it"),
        (lambda d: d, r"it is a folder; give a file name"),
        (lambda d: d / ("x" * 300), r"the file name is too long"),
    ],
)
def test_unwritable_targets_fail_before_any_work(tmp_path, make, message):
    with pytest.raises(OutputError, match=message):
        check_output(make(tmp_path))


def test_the_output_may_not_be_an_input(tmp_path):
    same = tmp_path / "same.txt"
    same.write_text("a listing", encoding="utf-8")
    with pytest.raises(OutputError, match="it is also an input"):
        refuse_input_as_output(tmp_path / "." / "same.txt", ["-", same])
    refuse_input_as_output(tmp_path / "other.graphml", ["-", same])


# A child that writes a large graph (several seconds of writing) over an existing file.
_WRITER = textwrap.dedent(
    """
    import sys
    import networkx as nx
    from graphbuild.formats.graphml import write_graphml

    graph = nx.MultiDiGraph()
    for i in range(int(sys.argv[2])):
        graph.add_node(f"n{i}", labels=":Paper", title="t" * 200, abstract="a " * 400)
    print("writing", flush=True)
    write_graphml(graph, sys.argv[1])
    """
)


def _writing_file_size(pid: int, folder: Path) -> int:
    """Size of the file the child has open for writing in ``folder`` (0 if none yet)."""
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            link = os.readlink(fd)
        except OSError:
            continue
        if link.startswith(str(folder)):
            try:
                return os.stat(fd).st_size
            except OSError:
                return 0
    return 0


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL])
def test_a_writer_interrupted_mid_write_leaves_the_previous_file(tmp_path, signum):
    target = tmp_path / "graph.graphml"
    target.write_bytes(PREVIOUS)
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(target), "60000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == b"writing\n"
        deadline = time.monotonic() + 60
        while _writing_file_size(child.pid, tmp_path) < (1 << 20):
            assert child.poll() is None, "the writer finished before it could be interrupted"
            assert time.monotonic() < deadline, "the writer never started writing"
            time.sleep(0.01)
        child.send_signal(signum)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()
        child.stderr.close()
    assert child.returncode != 0
    assert target.read_bytes() == PREVIOUS
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p != target)
    if signum == signal.SIGINT:
        assert leftovers == []  # cleaned up on the way out
    # Nothing survives a SIGKILL except, where unnamed temporary files are unsupported, a
    # hidden temporary that the next write to the same file removes.
    with atomic_output(target) as out:
        out.write(b"next run")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.graphml"]
    assert target.read_bytes() == b"next run"


# --------------------------------------------------------------------------- text helpers


def test_atomic_write_replaces_the_file_only_on_success(tmp_path):
    from graphbuild.formats.atomic import atomic_write

    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as out:
        out.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary left
    with atomic_write(target) as out:
        out.write("new ü\n")
    assert target.read_text(encoding="utf-8") == "new ü\n"


def test_atomic_write_bytes_makes_missing_folders(tmp_path):
    from graphbuild.formats.atomic import atomic_write_bytes

    target = tmp_path / "a" / "b" / "out.bin"
    with atomic_write_bytes(target) as out:
        out.write(b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
