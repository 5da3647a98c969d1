"""File formats graphbuild writes and reads: one module per format, the same verbs in each.

``write_<format>(graph, path)`` writes a file (atomically, see :mod:`atomic`), and
``read_<format>(path)`` reads it back where graphbuild needs to.
"""
