"""Pictures of the graph: the interactive HTML map and the report.

* :mod:`graphbuild.view.map` — ``write_view``: one self-contained HTML file (cytoscape.js
  vendored in ``static/`` with its licence).
* :mod:`graphbuild.view.report` — ``write_report``: an HTML page with PNG figures.
* :mod:`graphbuild.view.layout` — the trim rule and the seeded layout both use.
"""
