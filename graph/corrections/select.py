"""Finding the node a Selector means, in a resolved corpus.

Cheap tests first (names, kinds, the documents of a node's mentions), then the words, which need
the text of the sentence around a mention: the documents' texts are read once, and only those of
documents the remaining candidates are mentioned in. "Sentence" is the one the page shows as a
node's evidence (graph.analytics._sentence_context), so words copied from the page find the node.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from graph.analytics import _sentence_context
from graph.build import actor_iri, claim_iri, event_iri
from graph.corrections.records import Selector
from graph.model import PLACE, ActorNode, ClaimNode, EventNode, MentionRef, ResolvedCorpus

SENTENCE_REACH = 1000  # characters either side of a mention searched for its sentence's ends
_WORD = re.compile(r"\w[\w'’]*(?:-\w[\w'’]*)*")


def fold(text: str) -> str:
    """Names compared without case, accents or runs of spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(text.replace("’", "'").split())


def words_of(text: str) -> set[str]:
    """The words of a text, folded; a hyphenated word counts whole and as its parts ("Qatar-mediated")."""
    found = set()
    for word in _WORD.findall(fold(text)):
        found.add(word)
        if "-" in word:
            found.update(word.split("-"))
    return found


class Texts:
    """The documents' texts, read from the corpus when first asked for (only the documents asked)."""

    def __init__(self, corpus: ResolvedCorpus):
        self.corpus = corpus
        self.texts: dict[str, str] = {}
        self.ids: set[str] | None = None

    def load(self, doc_ids: Iterable[str]) -> None:
        wanted = set(doc_ids) - set(self.texts)
        if not wanted:
            return
        for cleaned in self.corpus.documents:
            if cleaned.source.id in wanted:
                self.texts[cleaned.source.id] = cleaned.source.text

    def document_ids(self) -> set[str]:
        if self.ids is None:
            self.ids = {cleaned.source.id for cleaned in self.corpus.documents}
        return self.ids

    def sentence(self, ref: MentionRef) -> str:
        text = self.texts.get(ref.doc_id, "")
        before, after = _sentence_context(text, ref.span.begin, ref.span.end, SENTENCE_REACH)
        return f"{before}{text[ref.span.begin:ref.span.end]}{after}"


class Finder:
    """Selectors → the keys of the nodes they match, over one corpus (its current state)."""

    def __init__(self, corpus: ResolvedCorpus, texts: Texts | None = None):
        self.corpus = corpus
        self.texts = texts or Texts(corpus)

    # -------------------------------------------------------------- mentions and words
    def mentions_matching(self, mentions: Iterable[MentionRef], selector: Selector) -> list[MentionRef]:
        """The mentions that lie in the selector's document and (with words) whose sentence holds its words."""
        refs = [m for m in mentions if selector.document is None or m.doc_id == selector.document]
        if not selector.words or not refs:
            return refs
        self.texts.load(m.doc_id for m in refs)
        wanted = {fold(w) for w in selector.words}
        return [m for m in refs if wanted <= words_of(self.texts.sentence(m))]

    def _grounded(self, mentions: Iterable[MentionRef], selector: Selector) -> bool:
        if selector.document is None and not selector.words:
            return True
        return bool(self.mentions_matching(mentions, selector))

    # -------------------------------------------------------------- actors
    def actors(self, selector: Selector) -> list[str]:
        label = fold(selector.label) if selector.label else None
        kind = fold(selector.kind) if selector.kind else None
        found = []
        for key, node in self.corpus.actors.items():
            if label is not None and not _named(node, label):
                continue
            if kind is not None and not _actor_kind(node, kind):
                continue
            if selector.iri is not None and str(actor_iri(node)) != selector.iri:
                continue
            if selector.with_:
                continue  # (a term for events and claims)
            if not self._grounded(node.mentions, selector):
                continue
            found.append(key)
        if label is not None and len(found) > 1:
            # A name is first a canonical name: "Kyiv" is the city before it is Ukraine's other name.
            canonical = [key for key in found if fold(self.corpus.actors[key].label) == label]
            found = canonical or found
        return sorted(found)

    # -------------------------------------------------------------- events
    def events(self, selector: Selector) -> list[str]:
        label = fold(selector.label) if selector.label else None
        kind = fold(selector.kind) if selector.kind else None
        named = [self._actor_keys(name) for name in selector.with_]
        found = []
        for key, node in self.corpus.events.items():
            if label is not None and fold(node.label) != label:
                continue
            if kind is not None and kind not in (fold(node.event_class), fold(node.plover)):
                continue
            if selector.iri is not None and str(event_iri(key)) != selector.iri:
                continue
            if named:
                taking_part = participants(node)
                if not all(keys & taking_part for keys in named):
                    continue
            if not self._grounded(node.mentions, selector):
                continue
            found.append(key)
        return sorted(found)

    def _actor_keys(self, name: str) -> set[str]:
        folded = fold(name)
        return {key for key, node in self.corpus.actors.items() if _named(node, folded)}

    # -------------------------------------------------------------- claims
    def claims(self, selector: Selector) -> list[str]:
        label = fold(selector.label) if selector.label else None
        named = [self._actor_keys(name) for name in selector.with_]
        if selector.kind is not None and fold(selector.kind) != "claim":
            return []
        found = []
        for key, node in self.corpus.claims.items():
            if label is not None and fold(node.statement) != label:
                continue
            if selector.iri is not None and str(claim_iri(key)) != selector.iri:
                continue
            if (named or selector.document or selector.words) and not self.assertions_matching(node, selector, named):
                continue
            found.append(key)
        return sorted(found)

    def assertions_matching(self, node: ClaimNode, selector: Selector,
                            named: list[set[str]] | None = None) -> list[int]:
        """The indexes of the claim's assertions the selector's document, words and names fit (words: in the
        sentence of the assertion, or in the claim's statement)."""
        named = named if named is not None else [self._actor_keys(name) for name in selector.with_]
        statement_words = words_of(node.statement) if selector.words else set()
        wanted = {fold(w) for w in selector.words}
        out = []
        for index, assertion in enumerate(node.assertions):
            if selector.document is not None and assertion.doc_id != selector.document:
                continue
            if named:
                voices = {assertion.source, *assertion.via} - {None}
                if not all(keys & voices for keys in named):
                    continue
            if wanted and not wanted <= statement_words:
                self.texts.load([assertion.mention.doc_id])
                if not wanted <= words_of(self.texts.sentence(assertion.mention)):
                    continue
            out.append(index)
        return out

    def find(self, target_kind: str, selector: Selector) -> list[str]:
        return {"actor": self.actors, "event": self.events, "claim": self.claims}[target_kind](selector)


def participants(node: EventNode) -> set[str]:
    return {key for keys in node.roles.values() for key in keys} | set(node.places)


def _named(node: ActorNode, folded: str) -> bool:
    return fold(node.label) == folded or any(fold(alt) == folded for alt in node.alt_labels)


def _actor_kind(node: ActorNode, folded: str) -> bool:
    if folded == "place":
        return node.kind == PLACE or node.venue
    if folded == "actor":
        return node.kind != PLACE
    return fold(node.kind) == folded


def describe_node(corpus: ResolvedCorpus, target_kind: str, key: str) -> str:
    """A node as a message names it: its name (a claim's statement, cut) and its key."""
    if target_kind == "actor":
        node = corpus.actors[key]
        return f"{node.label!r} ({node.kind}, {key})"
    if target_kind == "event":
        event = corpus.events[key]
        return f"{event.label!r} ({event.event_class}, {key})"
    claim = corpus.claims[key]
    statement = claim.statement if len(claim.statement) <= 60 else claim.statement[:57] + "…"
    return f"{statement!r} ({key})"
