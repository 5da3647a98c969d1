"""The annotated sets of ``benchmarks/extraction_sets.py`` stay usable: every paper they
name is found in ``../shared``, and their entities are in the scorer's format."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
TYPES = {"Model", "Dataset", "Benchmark", "Method"}


@pytest.fixture(scope="module")
def extraction_sets():
    if not (SHARED / "sources" / "README.md").is_file():
        pytest.fail(f"{SHARED} is missing: put the shared folder beside the repository clone")
    path = ROOT / "benchmarks" / "extraction_sets.py"
    spec = importlib.util.spec_from_file_location("extraction_sets", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def annotations(name):
    with open(ROOT / "benchmarks" / "extraction-sets" / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_every_annotated_paper_is_in_shared_with_a_text(extraction_sets):
    found = extraction_sets.texts(SHARED)
    for name in ("discovery", "heldout"):
        papers = extraction_sets.gold_papers(
            ROOT / "benchmarks" / "extraction-sets" / f"{name}.jsonl", found
        )
        assert papers and all(p["title"] and len(p["abstract"]) > 100 for p in papers)


def test_the_sets_are_disjoint_and_in_the_scorers_format():
    discovery, heldout = annotations("discovery"), annotations("heldout")
    ids = [r["id"] for r in discovery + heldout]
    assert len(ids) == len(set(ids)) == 1091
    for record in discovery + heldout:
        assert set(record) == {"id", "entities", "optional"}
        for entity in record["entities"]:
            assert entity["type"] in TYPES and entity["name"].strip()
            assert isinstance(entity["aliases"], list)
