"""Atomic output files: write beside the target, rename at the end, never leave a partial file.

Every file graphbuild writes goes through :func:`atomic_output`. The bytes go to a
temporary file in the target's folder (on Linux an unnamed ``O_TMPFILE``, so that even
``SIGKILL`` leaves nothing behind), and only a write that completes is renamed over the
target with :func:`os.replace`. An interrupted or failed run leaves the previous file as it
was. Targets that are not regular files (``/dev/stdout``, ``/dev/null``, a FIFO) cannot be
replaced and are written directly.

Every failure is an :class:`~graphbuild.errors.OutputError` that names the file and what
to do, never a bare ``OSError``.
"""

from __future__ import annotations

import errno
import glob
import io
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, BinaryIO

from graphbuild.errors import OutputError

__all__ = [
    "atomic_output",
    "atomic_write",
    "atomic_write_bytes",
    "check_output",
    "output_error",
    "refuse_input_as_output",
]

_BUFFER = 1 << 20
_TEMP_SUFFIX = ".tmp"

# errno -> what happened and what to do about it.
_FIXES: dict[int, str] = {
    errno.ENOSPC: "the disk is full; free some space or write to another disk",
    errno.EDQUOT: "the disk quota is used up; free some space or write elsewhere",
    errno.EFBIG: "the file would exceed the file size limit (see `ulimit -f`); raise the "
    "limit or write elsewhere",
    errno.EACCES: "permission denied; choose a folder you may write to",
    errno.EPERM: "the file cannot be replaced (immutable or protected: see `lsattr`); "
    "choose another file",
    errno.EROFS: "the file system is read-only; choose a writable folder",
    errno.ENAMETOOLONG: "the file name is too long; choose a shorter one",
    errno.ENOENT: "the folder does not exist; create it first (mkdir -p)",
    errno.ENOTDIR: "a part of the path is not a folder; check the path",
    errno.EISDIR: "it is a folder; give a file name",
    errno.EIO: "an input/output error occurred on the device; check the disk",
    errno.EPIPE: "the reader of the output went away",
}


def output_error(path: str | Path, err: OSError) -> OutputError:
    """Return the one-line error for an ``OSError`` met while writing ``path``."""
    code = err.errno if err.errno is not None else 0
    fix = _FIXES.get(code) or (err.strerror or str(err) or type(err).__name__)
    return OutputError(f"cannot write {path}: {fix}", path, reason=fix)


def check_output(path: str | Path) -> None:
    """Fail early, before any work, if ``path`` clearly cannot be written.

    Catches a missing folder, a folder given as the file, a read-only file or folder and a
    name too long; a full disk or an immutable file are found only when writing.

    Raises:
        OutputError: Naming ``path`` and the fix.
    """
    if not str(path):
        raise OutputError("the output file name is empty; give a file name", path)
    target = Path(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise output_error(path, err) from err
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot write {path}: it is a folder; give a file name", path)
        if not stat.S_ISREG(info.st_mode):
            return  # a device or FIFO is written directly
        if not os.access(target, os.W_OK):
            raise OutputError(
                f"cannot write {path}: the file is read-only or immutable (see `ls -l` and "
                "`lsattr`); make it writable (chmod u+w, chattr -i) or choose another file",
                path,
            )
    folder = target.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(
            f"cannot write {path}: the folder {folder} {what}; create it first "
            f"(mkdir -p {folder}) or choose another file",
            path,
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(
            f"cannot write {path}: the folder {folder} is not writable; choose another folder",
            path,
        )


def refuse_input_as_output(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse to write ``output`` when it is one of ``inputs`` (the input would be lost).

    Raises:
        OutputError: ``output`` names the same file as an input.
    """
    for given in inputs:
        if str(given) == "-":
            continue
        if _same_file(Path(output), Path(given)):
            raise OutputError(
                f"cannot write {output}: it is also an input ({given}); writing would replace "
                "the input, so choose another output file",
                output,
            )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


@contextmanager
def atomic_output(path: str | Path) -> Iterator[BinaryIO]:
    """Open ``path`` for writing bytes so that it is replaced only when the block completes.

    Args:
        path: The file to (re)place. Its folder must exist. A symbolic link is followed:
            the link stays and the file it points to is replaced.

    Yields:
        A binary file. Everything written to it appears at ``path`` at once, after the
        ``with`` block ends without an exception; on an exception (including
        ``KeyboardInterrupt``) the previous file stays and the temporary one is removed.

    Raises:
        OutputError: The file cannot be created, written or renamed; names ``path``
            and the fix.
    """
    check_output(path)
    # A symbolic link stays a link: the file it points to is the one replaced.
    target = Path(os.path.realpath(path))
    try:
        special = target.exists() and not target.is_file()
    except OSError as err:
        raise output_error(path, err) from err
    if special:
        yield from _write_directly(target)
        return
    try:
        handle, named = _temporary_beside(target)
    except OSError as err:
        raise output_error(path, err) from err
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            if named is None:
                named = _link_unnamed(handle.fileno(), target)
        os.replace(named, target)
        named = None
    except OSError as err:
        raise output_error(path, err) from err
    finally:
        if named is not None:
            with suppress(OSError):
                os.unlink(named)


def _write_directly(target: Path) -> Iterator[BinaryIO]:
    try:
        with open(target, "wb") as handle:
            yield handle
    except OSError as err:
        raise output_error(target, err) from err


def _temporary_beside(target: Path) -> tuple[BinaryIO, Path | None]:
    """Open a temporary file in ``target``'s folder; the path is None when it has no name."""
    folder = target.parent
    mode = _mode_for(target)
    if _unnamed_files_work(folder):
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, mode)
        return os.fdopen(fd, "wb", buffering=_BUFFER), None
    _remove_stale_temporaries(target)
    fd, name = tempfile.mkstemp(
        dir=folder, prefix=f".{target.name}.{os.getpid()}.", suffix=_TEMP_SUFFIX
    )
    try:
        os.chmod(name, mode)
        return os.fdopen(fd, "wb", buffering=_BUFFER), Path(name)
    except BaseException:
        os.close(fd)
        os.unlink(name)
        raise


_UNNAMED_WORKS: dict[int, bool] = {}


def _unnamed_files_work(folder: Path) -> bool:
    """Whether ``folder``'s file system makes ``O_TMPFILE`` files that can be given a name.

    Such a file vanishes if the process is killed, even by ``SIGKILL``. Some kernels and
    sandboxes create them but refuse to link them; then a named temporary file is used.
    """
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag:
        return False
    device = folder.stat().st_dev
    if device not in _UNNAMED_WORKS:
        try:
            fd = os.open(folder, flag | os.O_WRONLY | os.O_CLOEXEC, 0o600)
        except OSError:
            _UNNAMED_WORKS[device] = False
        else:
            try:
                name = _link_unnamed(fd, folder / "probe")
                os.unlink(name)
                _UNNAMED_WORKS[device] = True
            except OSError:
                _UNNAMED_WORKS[device] = False
            finally:
                os.close(fd)
    return _UNNAMED_WORKS[device]


def _remove_stale_temporaries(target: Path) -> None:
    """Remove temporary files of ``target`` left by writers that were killed (pid is gone)."""
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*{_TEMP_SUFFIX}"):
        pid_text = leftover.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid_text.isdecimal() and not _alive(int(pid_text)):
            with suppress(OSError):
                leftover.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _link_unnamed(fd: int, target: Path) -> Path:
    """Give an ``O_TMPFILE`` file a temporary name beside ``target`` (to rename it over)."""
    for _ in range(100):
        name = target.parent / f".{target.name}.{os.getpid()}.{os.urandom(6).hex()}{_TEMP_SUFFIX}"
        try:
            os.link(f"/proc/self/fd/{fd}", name, follow_symlinks=True)
        except FileExistsError:
            continue
        return name
    raise OSError(errno.EEXIST, "no free temporary name", str(target))


def _mode_for(target: Path) -> int:
    """The permission bits of the file we replace, or those a new file gets."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _make_folder(path: str | Path) -> None:
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise output_error(path, err) from err


@contextmanager
def atomic_write(
    path: str | Path, *, encoding: str = "utf-8", newline: str | None = "\n"
) -> Iterator[IO[str]]:
    """:func:`atomic_output` for text, creating the target's folder if missing.

    Args:
        path: The file to (re)place.
        encoding: Text encoding.
        newline: As for ``open``; ``""`` for the csv module.

    Yields:
        A text file; ``path`` is replaced when the ``with`` block completes.

    Raises:
        OutputError: The folder or file cannot be created, written or renamed.
    """
    _make_folder(path)
    with atomic_output(path) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline=newline)
        try:
            yield text
            text.flush()
        finally:
            # Leave the binary file to atomic_output, which renames and closes it.
            text.detach()


@contextmanager
def atomic_write_bytes(path: str | Path) -> Iterator[BinaryIO]:
    """:func:`atomic_output`, creating the target's folder if missing."""
    _make_folder(path)
    with atomic_output(path) as raw:
        yield raw
