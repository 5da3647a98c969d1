"""File formats graphbuild writes and reads, one module each with the same verbs.

* :mod:`~graphbuild.formats.atomic`: the atomic-write helper every writer uses (a
  temporary file beside the target, renamed at the end).
* :mod:`~graphbuild.formats.graphml`: GraphML (``write_graphml``, ``read_graphml``,
  ``generate_graphml``, ``parse_graphml``).
* :mod:`~graphbuild.formats.gexf`, :mod:`~graphbuild.formats.vosviewer`: the entity map for
  Gephi and VOSviewer; :mod:`~graphbuild.formats.nodelink`, :mod:`~graphbuild.formats.csv`:
  the whole graph as node-link JSON and CSV lists; :mod:`~graphbuild.formats.neo4j_csv`:
  ``neo4j-admin database import`` files and command.
"""

from graphbuild.formats.graphml import (
    generate_graphml,
    parse_graphml,
    read_graphml,
    write_graphml,
)

__all__ = ["generate_graphml", "parse_graphml", "read_graphml", "write_graphml"]
