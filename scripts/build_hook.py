"""Wheel build hook: the extraction modules compiled to C with mypyc.

Extraction is graphbuild's hot loop: rules in plain, fully typed Python (``mypy
--strict``), run on every title and abstract. mypyc compiles those modules into C
extensions that give the same results in about 0.7x the CPU time (benchmarks/
RESULTS-extract.md). Only the wheel holds them: the modules are compiled in a temporary
copy of the package and added to the wheel beside their sources, so the checkout and
editable installs stay pure Python and never run a stale binary.

Where no C compiler or Python headers are found, or with ``GRAPHBUILD_PURE=1``, the
wheel is pure Python (same results, slower), and the build says so in one line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

COMPILED_MODULES = (
    "graphbuild/extract/abbreviations.py",
    "graphbuild/extract/candidates.py",
    "graphbuild/extract/extractor.py",
    "graphbuild/extract/matcher.py",
    "graphbuild/extract/typing_rules.py",
)
"""Modules compiled: every rule of the extractor (the rest of the package is I/O bound)."""

_SETUP = """\
from setuptools import setup
from mypyc.build import mypycify

setup(
    name="graphbuild-compiled",
    ext_modules=mypycify({args!r}, separate=True, opt_level="3"),
)
"""


class CompileExtraction(BuildHookInterface):  # type: ignore[misc]
    """Compile `COMPILED_MODULES` with mypyc into the wheel (standard wheels only)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        if os.environ.get("GRAPHBUILD_PURE"):
            self._say("GRAPHBUILD_PURE is set: a pure-Python wheel")
            return
        self._work = Path(tempfile.mkdtemp(prefix="graphbuild-mypyc-"))
        root = Path(self.root)
        # A copy of the package: mypy reads the modules the compiled ones import, and the
        # compiled files are written beside their sources, here rather than in the checkout.
        shutil.copytree(
            root / "graphbuild",
            self._work / "graphbuild",
            ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"),
        )
        args = ["--config-file", str(root / "pyproject.toml"), *COMPILED_MODULES]
        (self._work / "setup.py").write_text(_SETUP.format(args=args), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "setup.py", "build_ext", "--inplace"],
            cwd=self._work,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
        )
        if done.returncode != 0:
            # Outside the work folder, which finalize() removes.
            kept = Path(tempfile.gettempdir()) / "graphbuild-mypyc.log"
            kept.write_bytes(done.stdout)
            self._say(f"mypyc could not compile the extractor (log: {kept}); a pure-Python wheel")
            return
        compiled = 0
        for module in COMPILED_MODULES:
            folder = self._work / Path(module).parent
            stem = Path(module).stem
            for binary in sorted(folder.glob(f"{stem}*.so")) + sorted(folder.glob(f"{stem}*.pyd")):
                if binary.name.split(".")[0] in (stem, f"{stem}__mypyc"):
                    target = f"{Path(module).parent.as_posix()}/{binary.name}"
                    build_data["force_include"][str(binary)] = target
                    compiled += 1
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        self._say(
            f"{len(COMPILED_MODULES)} extraction modules compiled with mypyc ({compiled} files)"
        )

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)

    @staticmethod
    def _say(message: str) -> None:
        print(f"graphbuild build: {message}", file=sys.stderr)
