"""Inputs and the reference file every engine's output must equal byte for byte."""

from pathlib import Path

import pytest

from graphbuild.pipeline import build_graph
from graphbuild.readers import bundled_samples

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.fail(f"{path} is missing: put the shared data folder beside the repository")
    return path


@pytest.fixture(scope="session")
def engine_inputs() -> list[Path]:
    """The sample listings plus the real arXiv snapshot records (two formats, ~630 papers)."""
    arxiv = shared_file("sources", "03_arxiv", "kaggle_arxiv_metadata_oai_snapshot_first200.jsonl")
    return [*bundled_samples(), arxiv]


def reference_bytes(inputs: list[Path], folder: Path, **options: int) -> bytes:
    """The GraphML of the in-memory build (pipeline.build_graph) of ``inputs``."""
    out = folder / "reference.graphml"
    build_graph(inputs, output=out, on_error="skip", **options)
    return out.read_bytes()
