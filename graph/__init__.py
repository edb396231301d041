"""Parley: news articles about negotiations → a grounded knowledge graph.

The public Python API is graph.api, re-exported here: ``graph.build_graph(...)``, ``graph.load(path)``,
``graph.queries()``, ``KnowledgeGraph``, ``Page`` (see the README's "Python API").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["KnowledgeGraph", "Page", "build_graph", "load", "queries", "__version__"]

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph, Page, build_graph, load, queries


def __getattr__(name: str) -> Any:
    # Lazy (PEP 562): every `import graph.x` runs this file, and the command line should not pay for the API.
    if name in ("KnowledgeGraph", "Page", "build_graph", "load", "queries"):
        from graph import api

        return getattr(api, name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
