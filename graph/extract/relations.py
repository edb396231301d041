"""Relations between actors stated in a document: offices, membership, location."""

from __future__ import annotations

from spacy.tokens import Doc

from graph.extract import extractors
from graph.model import DocumentAnalysis


@extractors.register("relations")
def extract_relations(doc: Doc, analysis: DocumentAnalysis) -> None:
    """Filled in by the relations work (issue 9); until then a document states no relation."""
    return None
