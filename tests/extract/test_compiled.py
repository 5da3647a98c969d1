"""The wheel runs the extractor compiled by mypyc (``scripts/build_hook.py``).

scripts/test tests the installed wheel: these tests make sure that what it tests, and
what ships, is the compiled extractor, not a pure-Python fallback that a failed compile
would have left silently.
"""

from __future__ import annotations

import ast
import importlib
import os
from pathlib import Path

import pytest

HOOK = Path(__file__).resolve().parents[2] / "scripts" / "build_hook.py"


def compiled_modules() -> list[str]:
    """The module names the build hook compiles, read from its ``COMPILED_MODULES``."""
    tree = ast.parse(HOOK.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "COMPILED_MODULES" for t in node.targets
        ):
            paths = ast.literal_eval(node.value)
            return [p.removesuffix(".py").replace("/", ".") for p in paths]
    raise AssertionError(f"{HOOK} has no COMPILED_MODULES")


@pytest.mark.parametrize("module", compiled_modules())
def test_the_installed_wheel_runs_compiled_extraction(module: str) -> None:
    if not os.environ.get("GRAPHBUILD_TEST_INSTALLED") or os.environ.get("GRAPHBUILD_PURE"):
        pytest.skip("the checkout is pure Python; scripts/test tests the compiled wheel")
    loaded = importlib.import_module(module)
    assert loaded.__file__ is not None
    assert loaded.__file__.endswith((".so", ".pyd")), f"{module} is not compiled: {loaded.__file__}"
