"""Anonymous sources: "a senior Ukrainian official", "four Ukrainian officials", "sources familiar
with the matter", "the publication's interlocutors", "a diplomat familiar with the negotiations".

Each becomes an EntityMention of kind AnonymousSource whose label is its descriptive noun phrase
("senior Ukrainian official"), with the state or body it speaks for (``affiliation``: a name or a
demonym inside the phrase, "Ukrainian" → ukraine, "Kremlin" → russia; see graph.extract.affiliation), its
``rank`` ("former senior") and ``count`` ("four" → 4) where stated.

A phrase counts as a source when it is marked as one ("unnamed", "familiar with…", "the
publication's…"), is indefinite ("a senior official"), or stands where a source stands (the
subject of "said", after "according to" or "citing"). A later bare description ("the official",
"the publication's sources") that adds nothing to an earlier source of the same document is that
source again: it is not a new actor (``SourcePhrase.antecedent``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from graph.extract import extractors
from graph.extract.affiliation import BODY_KINDS, named_body, phrase_body
from graph.extract.base import MentionIndex, doc_lowers, doc_tokens
from graph.extract.entities import demonym
from graph.gazetteer import load_gazetteer
from graph.model import DocumentAnalysis, EntityMention, Span

# Kinds of the collectives the entity stage reads ("Ruritanian officers") that a source phrase takes the place of.
GROUP_KINDS = ("Actor", "Organization")

DATA = Path(__file__).resolve().parent.parent / "data"
USER_DATA_KEY = "parley_source_phrases"
HYPHENS = {"-", "–", "‑"}
NP_DEPS = {"amod", "compound", "nummod", "advmod", "det", "poss", "case", "npadvmod", "quantmod", "nmod", "punct"}
NP_POS = {"DET", "ADJ", "NUM", "PROPN", "NOUN", "PART"}


@dataclass(frozen=True)
class AttributionLexicon:
    """The word lists of graph/data/attribution.toml, as sets and sequences."""

    speech_verbs: frozenset[str]
    speech_forms: frozenset[str]
    addressee_verbs: frozenset[str]
    quoting_verbs: frozenset[str]
    interview_cues: tuple[tuple[str, ...], ...]
    clause_only_verbs: frozenset[str]
    speech_act_verbs: frozenset[str]
    according_cues: tuple[tuple[str, ...], ...]
    citing_cues: tuple[tuple[str, ...], ...]
    document_nouns: frozenset[str]
    impersonal_subjects: frozenset[str]
    anaphoric_subjects: frozenset[str]
    concessive_marks: frozenset[str]
    anaphoric_objects: frozenset[str]
    publishing_verbs: frozenset[str]
    party_nouns: frozenset[str]
    party_quantifiers: frozenset[str]
    dash_characters: frozenset[str]
    quote_characters: frozenset[str]
    min_quote_words: int
    person_pronouns: frozenset[str]
    speaker_nouns: frozenset[str]
    group_nouns: frozenset[str]
    title_nouns: frozenset[str]
    carrier_forms: frozenset[str]
    outlet_name_fillers: frozenset[str]
    outlet_descriptions: frozenset[str]
    source_nouns: frozenset[str]
    weak_source_nouns: frozenset[str]
    anonymity_words: frozenset[str]
    source_modifiers: tuple[tuple[str, ...], ...]
    source_locatives: frozenset[str]
    reporter_owners: frozenset[str]
    government_nouns: frozenset[str]
    state_body_nouns: frozenset[str]
    body_words: frozenset[str]
    ranks: tuple[str, ...]
    rank_classes: dict[str, str]
    former_ranks: frozenset[str]
    number_words: dict[str, float]
    raw: dict

    def is_speech_verb(self, token: Token) -> bool:
        if token.lower_ in self.speech_forms and token.is_lower:
            return True  # "…, the FT notes" (but not "the United States": a capitalized form is a name)
        lemma = token.lemma_.lower()
        return token.pos_ in ("VERB", "AUX") and (lemma in self.speech_verbs or lemma in self.speech_act_verbs)


@functools.cache
def load_lexicon(path: Path = DATA / "attribution.toml") -> AttributionLexicon:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    low = lambda items: frozenset(x.lower() for x in items)  # noqa: E731
    seqs = lambda items: tuple(tuple(w.lower() for w in seq) for seq in items)  # noqa: E731
    return AttributionLexicon(
        speech_verbs=low(data["speech_verbs"]), speech_forms=low(data["speech_forms"]),
        addressee_verbs=low(data["addressee_verbs"]), quoting_verbs=low(data["quoting_verbs"]),
        interview_cues=seqs(data["interview_cues"]), clause_only_verbs=low(data["clause_only_verbs"]),
        speech_act_verbs=low(data["speech_act_verbs"]),
        according_cues=seqs(data["according_cues"]), citing_cues=seqs(data["citing_cues"]),
        document_nouns=low(data["document_nouns"]), impersonal_subjects=low(data["impersonal_subjects"]),
        anaphoric_subjects=low(data["anaphoric_subjects"]), concessive_marks=low(data["concessive_marks"]),
        anaphoric_objects=low(data["anaphoric_objects"]), publishing_verbs=low(data["publishing_verbs"]),
        party_nouns=low(data["party_nouns"]), party_quantifiers=low(data["party_quantifiers"]),
        dash_characters=frozenset(data["dash_characters"]),
        quote_characters=frozenset(data["quote_characters"]), min_quote_words=int(data["min_quote_words"]),
        person_pronouns=low(data["person_pronouns"]), speaker_nouns=low(data["speaker_nouns"]),
        group_nouns=low(data["group_nouns"]),
        title_nouns=low(data["title_nouns"]),
        carrier_forms=low(data["carrier_forms"]),
        outlet_name_fillers=low(data["outlet_name_fillers"]),
        outlet_descriptions=low(data["outlet_descriptions"]),
        source_nouns=low(data["source_nouns"]), weak_source_nouns=low(data["weak_source_nouns"]),
        anonymity_words=low(data["anonymity_words"]), source_modifiers=seqs(data["source_modifiers"]),
        source_locatives=low(data["source_locatives"]),
        reporter_owners=low(data["reporter_owners"]),
        government_nouns=low(data["government_nouns"]), state_body_nouns=low(data["state_body_nouns"]),
        body_words=low(data["body_words"]),
        # longest first, so "high ranking" is read before "high"
        ranks=tuple(sorted((r.lower() for r in data["ranks"]), key=len, reverse=True)),
        rank_classes={k.lower(): v for k, v in data["rank_classes"].items()},
        former_ranks=low(data["former_ranks"]),
        number_words={k.replace("-", " "): float(v) for k, v in data["number_words"].items()},
        raw=data,
    )


@dataclass(frozen=True)
class SourcePhrase:
    """An anonymous-source noun phrase in a document: its tokens and the mention it stands for.

    ``mention`` is a new AnonymousSource, or (``antecedent`` True) the earlier source it repeats."""

    start: int  # token range of the phrase, [start, end)
    end: int
    head: int  # token index of the head noun
    mention: EntityMention
    antecedent: bool = False


def starts_with(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    lowers = doc_lowers(doc)
    return i + len(words) <= len(lowers) and tuple(lowers[i:i + len(words)]) == words


def ends_with(doc: Doc, i: int, words: tuple[str, ...]) -> bool:
    """Do the tokens ending just before index ``i`` spell ``words``?"""
    return i - len(words) >= 0 and starts_with(doc, i - len(words), words)


def _left_edge(doc: Doc, head: Token) -> int:
    """The first token of the noun phrase headed by ``head``, read leftwards on the surface.

    The small parser often misattaches coordinated numbers ("two Ukrainian and one American source"),
    so the phrase is read from the words, not the tree: determiners, adjectives, numbers, names,
    nouns, possessives and hyphens, and "and" between two such runs."""
    i = head.i
    while i > 0:
        prev = doc[i - 1]
        if prev.is_sent_end or "\n" in prev.text_with_ws:
            break
        if prev.text in HYPHENS or prev.pos_ in NP_POS or prev.lower_ in ("high", "low", "mid") \
                or prev.tag_ == "PRP$":  # "its own sources"
            i -= 1
            continue
        if prev.pos_ == "VERB" and prev.tag_ in ("VBG", "VBN") and prev.dep_ in ("amod", "compound") \
                and prev.head.i >= i:
            i -= 1  # "high-ranking", "unnamed"
            continue
        if prev.lower_ == "and" and i - 2 >= 0 and doc[i - 2].pos_ in ("ADJ", "PROPN", "NOUN") \
                and doc[i].pos_ in ("NUM", "DET", "ADJ"):
            i -= 1  # "two Ukrainian and one American source"
            continue
        break
    # Never start inside a phrase on a possessive marker or a hyphen.
    while i < head.i and (doc[i].text in HYPHENS or doc[i].tag_ == "POS"):
        i += 1
    return i


def _modifier_end(doc: Doc, head: Token, lex: AttributionLexicon) -> tuple[int, bool]:
    """The end of a source-marking post-modifier ("familiar with the matter"), and whether there is one.

    Relative clauses (", who was informed…") mark the source but stay out of the phrase."""
    at = head.i + 1
    if at < len(doc) and doc[at].text == ",":
        at_rel = at + 1
        for words in lex.source_modifiers:
            if words[0] == "who" and starts_with(doc, at_rel, words):
                return head.i + 1, True
    for words in lex.source_modifiers:
        if starts_with(doc, at, words):
            if words[0] == "who":
                return head.i + 1, True
            first = doc[at]
            end = max(t.i for t in first.subtree) + 1 if first.head.i == head.i or first.head.i >= at else at
            end = max(end, at + len(words))
            # Stop at a comma or a line break: the modifier is one short phrase.
            for k in range(at, min(end, len(doc))):
                if doc[k].text in (",", ";") or "\n" in doc[k].text_with_ws[len(doc[k].text):]:
                    end = k + (0 if doc[k].text in (",", ";") else 1)
                    break
            return min(end, at + 10), True
    # "a source in the Ukrainian delegation", "officials in Kyiv": where the source sits, in the phrase
    # (and in its affiliation) but no mark of a source by itself.
    if at < len(doc) and doc[at].lower_ in lex.source_locatives and doc[at].head.i == head.i:
        objects = [c for c in doc[at].children if c.dep_ == "pobj"]
        if objects:
            end = max(t.i for t in objects[0].subtree) + 1
            if end - at <= 6 and not any(doc[k].text in (",", ";") for k in range(at, end)):
                return end, False
    return head.i + 1, False


def _rank(text: str, lex: AttributionLexicon) -> str | None:
    folded = " " + re.sub(r"[\s\-–]+", " ", text.lower()) + " "
    found: list[tuple[int, str]] = []
    for rank in lex.ranks:
        probe = " " + rank.replace("-", " ") + " "
        at = folded.find(probe)
        if at >= 0 and not any(start <= at < start + len(r) + 2 for start, r in found):
            found.append((at, rank))
    return " ".join(r for _, r in sorted(found)) or None


def number_value(tokens: list[Token], lex: AttributionLexicon) -> float | None:
    """The value of a number written in words or digits ("four", "1,000", "a thousand")."""
    text = " ".join(t.lower_ for t in tokens).replace(",", "")
    if text in lex.number_words:
        return lex.number_words[text] or None
    try:
        return float(text)
    except ValueError:
        pass
    total = None
    for token in tokens:
        word = token.lower_.replace(",", "")
        value = lex.number_words.get(word)
        if value is None:
            try:
                value = float(word)
            except ValueError:
                continue
        if not value:
            continue
        total = value if total is None else (total * value if value >= 100 else total + value)
    return total


def _count(tokens: list[Token], lex: AttributionLexicon) -> int | None:
    total = 0
    for token in tokens:
        if token.pos_ == "NUM" or token.lower_ in lex.number_words:
            value = number_value([token], lex)
            if value and value == int(value):
                total += int(value)
    return total or None


def _label(doc: Doc, start: int, end: int) -> str:
    tokens = list(doc[start:end])
    while tokens and ((tokens[0].lower_ in ("a", "an", "the", "some", "one") and tokens[0].pos_ == "DET")
                      or tokens[0].tag_ == "PRP$"):
        tokens = tokens[1:]
    text = "".join(t.text_with_ws for t in tokens).strip()
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([-–])\s*", r"\1", text)
    first = tokens[0] if tokens else None
    # "Four Ukrainian officials said…": capitalised only because it opens the sentence.
    if first is not None and first.text[:1].isupper() and first.pos_ != "PROPN" \
            and (first.is_sent_start or first.i == start) and demonym(load_gazetteer(), first.text) is None \
            and load_gazetteer().lookup(first.text) is None:
        text = text[:1].lower() + text[1:]
    return text


def in_attribution_position(doc: Doc, start: int, head: Token, lex: AttributionLexicon) -> bool:
    """Is the phrase where a source stands: subject of a speech verb, after "according to" / "citing",
    the agent of "reported by", or right after a speech verb ("said an official")?"""
    for cue in lex.according_cues + lex.citing_cues:
        if ends_with(doc, start, cue):
            return True
    anchor = head
    while anchor.dep_ == "conj" and anchor.head is not anchor:
        anchor = anchor.head
    if anchor.dep_ in ("nsubj", "nsubjpass") and lex.is_speech_verb(anchor.head):
        return True
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "by" and (
            lex.is_speech_verb(anchor.head.head) or anchor.head.head.lemma_.lower() in lex.publishing_verbs):
        return True  # "reported by", "a video broadcast by X media"
    if start > 0 and lex.is_speech_verb(doc[start - 1]):
        return True
    # Trailing attribution the tagger misreads: "…, a diplomat said." with the verb right after the phrase.
    nxt = head.i + 1
    return nxt < len(doc) and doc[nxt].lower_ in lex.speech_forms


def _is_named(doc: Doc, head: Token, index: MentionIndex) -> bool:
    """'official John Kirby', 'the official, John Kirby,': a named person, not an anonymous source."""
    for k in (head.i + 1, head.i + 2):
        if k == head.i + 2 and head.tag_ in ("NNS", "NNPS"):
            continue  # "…by Kenyan media, William Ruto, …": one person's name after a comma names no plural source
        if k < len(doc) and doc[k].pos_ == "PROPN":
            mention = index.at_token(doc[k])
            if mention is not None and mention.kind == "Person":
                return True
            if k == head.i + 1 and doc[k].ent_type_ == "PERSON":
                return True
    return False


def _owned_by_person(doc: Doc, token: Token, head: Token, index: MentionIndex, not_people: set[str]) -> bool:
    """A person's name as owner of the phrase ("Zelensky's adviser", "Zelensky adviser"), not as a name
    that modifies a body ("a Trump administration official" is an anonymous official of the administration).

    ``not_people``: the one-word names the document also gives to a place or a body: the NER's "person"
    there ("Darfur officials say…") is the place's or the body's name."""
    mention = index.at_token(token)
    if mention is None or mention.kind != "Person" or mention.text in not_people:
        return False
    nxt = token.i + 1
    return nxt >= len(doc) or doc[nxt].tag_ == "POS" or doc[nxt].i == head.i or \
        (index.at_token(doc[nxt]) is not mention and doc[nxt].pos_ not in ("NOUN", "PROPN"))


def _descriptors(tokens: list[Token], lex: AttributionLexicon) -> list[Token]:
    """The words of a phrase that describe the source (not determiners or a reporter owner)."""
    out = []
    for token in tokens:
        if token.pos_ == "DET" or token.tag_ == "POS" or token.lower_ in lex.reporter_owners:
            continue
        out.append(token)
    return out


def find_source_phrases(doc: Doc, analysis: DocumentAnalysis) -> list[SourcePhrase]:
    """Every anonymous-source phrase of the document, new sources and repeated ones, in text order."""
    cached = doc.user_data.get(USER_DATA_KEY)
    if cached is not None:
        return cached
    lex, gazetteer = load_lexicon(), load_gazetteer()
    index = MentionIndex(m for m in analysis.entities if m.kind != "AnonymousSource")
    tokens = doc_tokens(doc)
    phrases: list[SourcePhrase] = []
    taken_until = -1
    # One-word names the document gives to a place or a body: where the NER calls them a person, they are
    # not; and where it calls them a place in a source phrase ("Morvia officials say…"), the body is meant.
    not_people = {m.text for m in index.mentions if m.kind != "Person" and " " not in m.text}
    renamed = {m.text: m for m in reversed(index.mentions) if m.kind in BODY_KINDS and " " not in m.text}
    for i, word in enumerate(doc_lowers(doc)):
        if word not in lex.source_nouns or i < taken_until:
            continue
        head = tokens[i]
        if head.pos_ not in ("NOUN", "PROPN") or head.dep_ in ("compound", "amod"):
            continue  # "official visit", "source code"
        if not analysis.document.in_body(Span(head.idx, head.idx + len(head.text))):
            continue
        if _is_named(doc, head, index):
            continue
        start = _left_edge(doc, head)
        pre = tokens[start:head.i]
        if any(_owned_by_person(doc, t, head, index, not_people) for t in pre):
            continue  # "Zelensky's adviser" is a named person's staff: left to the relations stage
        end, modified = _modifier_end(doc, head, lex)
        determiner = doc[start].lower_ if doc[start].pos_ == "DET" else ""
        owner = any(t.lower_ in lex.reporter_owners for t in pre)
        anonym = any(t.lower_ in lex.anonymity_words for t in pre)
        counted = any(t.pos_ == "NUM" for t in pre)
        weak = word in lex.weak_source_nouns
        position = in_attribution_position(doc, start, head, lex)
        plural = head.tag_ in ("NNS", "NNPS") or word.endswith("s")
        marked = modified or owner or anonym
        indefinite = determiner in ("a", "an", "some", "several", "many") or counted
        # A weak noun ("a person", "members") is a source only when marked or described in a source's place.
        described = _descriptors(pre, lex)
        # "Leaders in the enclave said": where a weak noun sits describes it as well as a word before it.
        located = end > head.i + 1 and doc[head.i + 1].lower_ in lex.source_locatives
        if weak and determiner == "the" and described and all(t.pos_ == "NUM" for t in described):
            described = []  # "the two leaders said": people the text named, not a new source
        strong_enough = (position and (bool(described) or located)) if weak else (position or indefinite)
        is_source = marked or strong_enough
        if determiner in ("the", "this", "that") and not (marked or _descriptors(pre, lex)):
            is_source = is_source or position  # "the diplomat said": may repeat an earlier one (below)
        if not is_source:
            continue
        text_span = Span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
        antecedent = _antecedent(phrases, doc, head, pre, lex, definite=determiner in ("the", "this", "that") or owner,
                                 plural=plural)
        if antecedent is not None:
            phrases.append(SourcePhrase(start, end, head.i, antecedent, antecedent=True))
            taken_until = end
            continue
        if word in lex.title_nouns and determiner in ("the", "this", "that") and not (marked or located or described):
            continue  # "the spokesman added" repeats no source: the speaker stage reads the title
        phrase_tokens = tokens[start:end]
        label = _label(doc, start, end)
        body = phrase_body(phrase_tokens[: head.i - start + 1], index, gazetteer, lex, renamed) \
            or phrase_body(phrase_tokens[head.i - start + 1:], index, gazetteer, lex, renamed) \
            or named_body(pre, index.mentions, index, gazetteer, lex)
        mention = EntityMention(
            span=text_span, text=analysis.source.text[text_span.begin:text_span.end], kind="AnonymousSource",
            key=None, label=label, ner_label="SOURCE",
            affiliation=body.key if body else None, affiliation_span=body.span if body else None,
            rank=_rank(" ".join(t.text for t in pre), lex), count=_count(pre, lex),
        )
        phrases.append(SourcePhrase(start, end, head.i, mention))
        taken_until = end
    doc.user_data[USER_DATA_KEY] = phrases
    return phrases


def _antecedent(earlier: list[SourcePhrase], doc: Doc, head: Token, pre: list[Token], lex: AttributionLexicon,
                definite: bool, plural: bool) -> EntityMention | None:
    """An earlier source this phrase repeats: a definite phrase with the same head word and nothing
    the earlier one lacks ("the official" after "a senior Ukrainian official")."""
    if not definite or _descriptors(pre, lex):
        return None
    lemma = head.lemma_.lower()
    for phrase in reversed(earlier):
        if doc[phrase.head].lemma_.lower() == lemma:
            return phrase.mention
    return None


@extractors.register("sources")
def extract_sources(doc: Doc, analysis: DocumentAnalysis) -> None:
    sources = [phrase.mention for phrase in find_source_phrases(doc, analysis) if not phrase.antecedent]
    # "Bolivian military officers said ...": the collective the entity stage read in the same words is this
    # source, one mention (not a group and a source at one span)
    spans = {m.span for m in sources}
    analysis.entities[:] = [m for m in analysis.entities
                            if not (m.span in spans and m.ner_label == "GROUP" and m.kind in GROUP_KINDS)]
    analysis.entities.extend(sources)
