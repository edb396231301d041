"""The extract stage: components that read one parsed document and add what they find to
its DocumentAnalysis. Each is registered under a name; graph/data/pipeline.toml orders them.

A component has the signature ``(doc: spacy.tokens.Doc, analysis: DocumentAnalysis) -> None``.
``doc`` is parsed from ``analysis.document.analysis_text`` (same offsets as the source text).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from graph.model import DocumentAnalysis
from graph.registry import Registry

Extractor = Callable[[Doc, DocumentAnalysis], None]
extractors: Registry[Extractor] = Registry("extractor")
