import pytest

from graphbuild.formats.atomic import atomic_write, atomic_write_bytes


def test_replaces_the_file_only_on_success(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as out:
        out.write("half")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary left
    with atomic_write(target) as out:
        out.write("new")
    assert target.read_text(encoding="utf-8") == "new"


def test_bytes_and_missing_folders(tmp_path):
    target = tmp_path / "a" / "b" / "out.bin"
    with atomic_write_bytes(target) as out:
        out.write(b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert target.stat().st_mode & 0o777 != 0o600  # not mkstemp's private mode
