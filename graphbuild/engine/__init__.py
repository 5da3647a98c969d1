"""Engines that run a build at scale: every local core, or a Dask cluster.

- `run`: `build_graph_file`, the ``graphbuild build`` job on the engine chosen.
- `local`: extraction in worker processes, mentions spilled to disk, counts and pairs
  added up incrementally; memory grows with distinct entities and pairs, not papers.
- `dask`: the same build on a Dask cluster (a local one when no scheduler is named).
- `findings`: the compact per-paper mention rows and tallies both engines pass on.
- `graphml_out`: GraphML written from those aggregates, byte-identical to `graphml.py`'s.
"""

from graphbuild.engine.local import EngineResult, build_graphml, default_jobs
from graphbuild.engine.run import ENGINES, build_graph_file

__all__ = ["ENGINES", "EngineResult", "build_graph_file", "build_graphml", "default_jobs"]
