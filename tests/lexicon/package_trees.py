"""Helpers of the catalogue reader tests: made-up package trees and what a reader finds."""

from pathlib import Path

from graphbuild.lexicon.catalogues import snapshot


def write(path: Path, text: str) -> None:
    """Write a file of a made-up package, with its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def found(rows: list[snapshot.Row]) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """A reader's rows as the snapshot keeps them: id -> (name, type, aliases)."""
    return {row.id: (row.name, row.type, row.aliases) for row in snapshot.unique_rows(rows)}


def python_class(name: str, base: str, doc: str) -> str:
    """The source of a class with a docstring."""
    return f'class {name}({base}):\n    """{doc}\n    """\n\n'
