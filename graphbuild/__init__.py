"""graphbuild: paper listings in, a typed co-mention knowledge graph out."""

__version__ = "0.1.0"
