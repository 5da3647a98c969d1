"""Shared inputs of the reader tests: the real scholarly files in ``../shared/sources``."""

from __future__ import annotations

from pathlib import Path

import pytest

SOURCES = Path(__file__).resolve().parents[3] / "shared" / "sources"
DATA = Path(__file__).resolve().parents[1] / "data" / "sources"


@pytest.fixture(scope="session")
def sources() -> Path:
    """The folder of real records (``shared/sources`` beside the repository)."""
    if not (SOURCES / "README.md").is_file():
        pytest.fail(
            f"{SOURCES} is missing: the reader tests read the real files in shared/sources; "
            "put the shared folder beside the repository clone"
        )
    return SOURCES
