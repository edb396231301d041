"""Parley: news articles about negotiations → a grounded knowledge graph."""

__version__ = "0.1.0"
