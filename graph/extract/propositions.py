"""What a proposition says and how: the words claim resolution compares it on (content lemmas, number
values, main predicates), and how sure and how negated it is (graph/data/attribution.toml's certainty and
polarity cues, read around its top words). Read by graph.extract.claims for each assertion's content."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from graph.extract.sources import DATA, AttributionLexicon, number_value
from graph.model import EntityMention, Span

ORDER_DEFAULT = ("unlikely", "possible", "probable", "certain")


@dataclass(frozen=True)
class CueLexicon:
    certainty: dict[str, str]  # word → certainty value
    order: tuple[str, ...]
    negation: frozenset[str]
    negating_verbs: frozenset[str]
    negating_heads: frozenset[str]


@functools.cache
def load_cues(path: Path = DATA / "attribution.toml") -> CueLexicon:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cert = data["certainty"]
    order = tuple(cert.get("order", ORDER_DEFAULT))
    words: dict[str, str] = {}
    for value in order:
        for word in cert.get(value, []):
            words.setdefault(word.lower(), value)
    pol = data["polarity"]
    low = lambda items: frozenset(x.lower() for x in items)  # noqa: E731
    return CueLexicon(words, order, low(pol["negation"]), low(pol["negating_verbs"]), low(pol["negating_heads"]))


class PropositionReader:
    """Reads the content of one document's assertions (the tokens and what is read of them, taken once by
    the document's reader)."""

    def __init__(self, doc: Doc, tokens: list[Token], lowers: list[str], heads: list[int], lex: AttributionLexicon,
                 cues: CueLexicon):
        self.doc, self.tokens, self.lowers, self.heads, self.lex, self.cues = doc, tokens, lowers, heads, lex, cues

    def tokens_within(self, content: Span) -> list[Token]:
        """The tokens the characters of ``content`` touch (none if spaCy cannot align it)."""
        span = self.doc.char_span(content.begin, content.end, alignment_mode="expand")
        return self.tokens[span.start:span.end] if span is not None else []

    def roots(self, tokens: list[Token]) -> list[Token]:
        """The tokens of a stretch whose head lies outside it (or that are their own head): its top words."""
        if not tokens:
            return []
        start, end, heads = tokens[0].i, tokens[-1].i + 1, self.heads
        return [self.tokens[i] for i in range(start, end) if not start <= heads[i] < end or heads[i] == i]

    def keywords(self, tokens: list[Token], roots: list[Token], about: tuple[EntityMention, ...]) -> tuple[str, ...]:
        """Lemmas of the content words and the values of the numbers ("#1000"), names left to ``about``.

        ``tokens``: the content's tokens; ``roots``: their top words (roots())."""
        # The character offsets the names cover, for one look-up per word (not one test per name).
        named = {char for m in about for char in range(m.span.begin, m.span.end)}
        lowers, number_words = self.lowers, self.lex.number_words
        first = tokens[0].i if tokens else 0  # tokens[k] is the document's token first + k
        out: list[str] = []
        k = 0
        while k < len(tokens):
            token, at = tokens[k], first + k
            if token.like_num or (lowers[at] in number_words and token.pos_ in ("NUM", "NOUN", "DET")):
                run = [token]
                while k + 1 < len(tokens) and (tokens[k + 1].like_num or lowers[first + k + 1] in number_words):
                    k += 1
                    run.append(tokens[k])
                if at > 0 and lowers[at - 1] == "a" and lowers[at] in number_words:
                    run = [self.tokens[at - 1], *run]  # "a thousand"
                value = number_value(run, self.lex)
                if value is not None:
                    out.append(f"#{value:g}")
                k += 1
                continue
            # Adverbs ("officially", "now") say how, not what: left out.
            if token.is_alpha and not token.is_stop and token.pos_ in ("NOUN", "VERB", "ADJ", "PROPN") \
                    and token.idx not in named:
                out.append(token.lemma_.lower())
            k += 1
        return tuple(out) + tuple(f"^{lemma}" for lemma in _predicates(roots))

    def certainty_polarity(self, roots: list[Token], verb: Token | None) -> tuple[str, str]:
        """Certainty and polarity of a proposition, from the words around its top words
        (``roots``: roots()) and the speech verb that frames it (``verb``: "denied" negates)."""
        cues = self.cues
        if not roots:
            return "certain", "positive"
        roots = [t for t in roots if t.pos_ in ("VERB", "AUX", "ADJ", "NOUN", "PROPN")] or roots
        found: list[str] = []
        negative = False
        for root in roots[:2]:
            governing = [root, *[c for c in root.children if c.dep_ in ("aux", "auxpass", "acomp", "advmod", "neg",
                                                                      "xcomp", "advcl", "nsubj", "nsubjpass")]]
            for token in governing:
                word = token.lower_
                if token.dep_ in ("nsubj", "nsubjpass"):
                    # "Neither the Ukrainian nor the Russian side", "no official": a negated subject.
                    if token.left_edge.lower_ in ("neither", "no") or word in ("nobody", "none", "nothing"):
                        negative = True
                    continue
                if token.dep_ == "advcl":
                    if any(c.dep_ == "mark" and c.lower_ == "if" for c in token.children):
                        found.append(cues.certainty.get("if", "possible"))
                    continue
                if token.dep_ == "neg" or (word in cues.negation and token.dep_ in ("neg", "advmod", "det")):
                    negative = True
                if token.dep_ == "xcomp" and token.i != root.i:
                    if root.lemma_.lower() in cues.negating_heads:
                        negative = not negative  # "refused to agree"
                    continue
                for key in (word, token.lemma_.lower()):
                    if key in cues.certainty and (token.i != root.i or token.pos_ in ("VERB", "ADJ")):
                        found.append(cues.certainty[key])
                        break
            # "there will be no supply issues", "has no plans": a negated object.
            for child in root.children:
                if child.dep_ in ("attr", "dobj") and child.left_edge.lower_ in ("no", "neither"):
                    negative = True
        if verb is not None and verb.lemma_.lower() in cues.negating_verbs:
            negative = not negative
        certainty = "certain"
        for value in cues.order:
            if value in found:
                certainty = value
                break
        return certainty, ("negative" if negative else "positive")


LIGHT_PREDICATES = ("be", "have", "plan", "seek", "begin", "start", "continue", "try", "want", "intend", "aim",
                    "hope", "expect", "become", "remain", "appear", "seem")


def _predicates(roots: list[Token]) -> list[str]:
    """The lemma of the proposition's main predicate ("unlikely" in "Putin is unlikely to agree"), and of the
    verb a light one governs ("plans to continue" → plan, continue): the core of what is claimed.
    ``roots``: the proposition's top words (PropositionReader.roots)."""
    root = next((t for t in roots if t.pos_ in ("VERB", "AUX", "ADJ")), None)
    if root is None:
        return []
    out = [root.lemma_.lower()]
    if root.lemma_.lower() in LIGHT_PREDICATES:
        for child in root.children:
            if child.dep_ in ("acomp", "xcomp", "attr") and child.pos_ in ("VERB", "ADJ", "NOUN"):
                out.append(child.lemma_.lower())
                break
    return [w for w in out if w not in LIGHT_PREDICATES or len(out) == 1]
