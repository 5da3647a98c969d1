"""Access to the ``.cypher`` files: find the folder, read a statement by name, split a file.

The statements live in the repository's ``cypher/`` folder (``schema.cypher``,
``load/*.cypher``, ``check/*.cypher``, ``queries/*.cypher``); an installed wheel carries
the same folder as ``graphbuild/_cypher``. Every other module reads Cypher only through
:func:`read_cypher`, by a name such as ``load/merge_paper``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graphbuild.errors import GraphbuildError

#: The ``graphbuild`` package folder.
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def cypher_dir(package_dir: Path | None = None) -> Path:
    """Return the folder holding the .cypher files.

    In an installed wheel they are force-included as ``graphbuild/_cypher``; in a checkout
    they are the repository's ``cypher/`` folder.

    Args:
        package_dir: the ``graphbuild`` package folder (default: the installed one).

    Raises:
        GraphbuildError: if neither folder exists.
    """
    here = package_dir or PACKAGE_DIR
    for candidate in (here / "_cypher", here.parent / "cypher"):
        if candidate.is_dir():
            return candidate
    raise GraphbuildError(f"cannot find the cypher/ folder next to {here}; reinstall graphbuild")


@cache
def read_cypher(name: str) -> str:
    """Return the text of ``cypher/<name>.cypher`` (``name`` like ``load/merge_paper``).

    Raises:
        GraphbuildError: if there is no such file.
    """
    path = cypher_dir() / f"{name}.cypher"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise GraphbuildError(f"no Cypher statement named {name!r} ({path})") from err


def split_statements(text: str) -> list[str]:
    """Split a .cypher file into statements at ``;`` ending a line; drop comment-only parts."""
    statements: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current).rstrip().rstrip(";"))
            current = []
    statements.append("\n".join(current))
    return [s.strip() for s in statements if _has_code(s)]


def _has_code(statement: str) -> bool:
    lines = (line.strip() for line in statement.splitlines())
    return any(line and not line.startswith("//") for line in lines)


def iter_cypher_files(sub: str = "") -> list[Path]:
    """Return every .cypher file under ``cypher/<sub>``, sorted."""
    return sorted((cypher_dir() / sub).rglob("*.cypher"))
