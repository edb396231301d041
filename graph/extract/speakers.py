"""Who speaks: the actor a subject, a pronoun or a description stands for ("he", "it said", "the ministry",
"the office of President X", "a spokesperson for X", "the statement continued"), and the frame that
holds a unit's attribution. A mixin of claims.DocumentReader, which holds the document's state
(tokens, mentions, the speakers so far)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy
from spacy.tokens import Doc, Token

from graph.extract.base import MentionIndex
from graph.extract.claim_units import Unit
from graph.extract.sources import AttributionLexicon, SourcePhrase
from graph.model import DocumentAnalysis, EntityMention, Span

SPEAKER_KINDS = ("Person", "AnonymousSource", "Actor")
BODY_KINDS = ("State", "Organization", "NewsOutlet", "Actor")


@dataclass
class Speaker:
    mention: EntityMention
    start: int  # token range of the phrase in this unit (for the attribution segment)
    end: int
    reporter_owned: bool = False  # "the publication's sources": the latest outlet is the via


@dataclass
class Frame:
    speaker: Speaker | None
    cited: Speaker | None
    anaphoric: bool = False
    verb: Token | None = None
    addressee: EntityMention | None = None
    segment: tuple[int, int] = (0, 0)  # token range of the attribution words
    content: tuple[int, int] | None = None  # token range of the proposition, when the parse gives it
    statement: str | None = None  # the proposition in words, when it is not one stretch of text
    inherited_via: tuple[EntityMention, ...] | None = None  # a continued quotation keeps its chain
    carriers: tuple[EntityMention, ...] = ()  # outlets that passed the words on, outermost first


class SpeakerReading:
    """Finding the speaker a unit names, on the state of claims.DocumentReader."""

    doc: Doc
    text: str
    tokens: list[Token]
    lowers: list[str]
    heads: numpy.ndarray
    lex: AttributionLexicon
    analysis: DocumentAnalysis
    phrases: list[SourcePhrase]
    index: MentionIndex
    outlets: list[EntityMention]
    people: list[EntityMention]
    named: list[EntityMention]
    speakers: list[EntityMention]
    spoken_at: dict[int, int]
    described: dict[str, EntityMention]
    reported: list[Span]

    def phrase_at(self, i: int) -> SourcePhrase | None:
        for phrase in self.phrases:
            if phrase.start <= i < phrase.end:
                return phrase
        return None

    def latest_outlet(self, before: int) -> EntityMention | None:
        found = None
        for mention in self.outlets:
            if mention.span.begin < before:
                found = mention
        return found

    def speaker_at(self, token: Token, unit: Unit) -> Speaker | None:
        """The actor a subject (or the first word of a phrase) stands for."""
        doc, lex = self.doc, self.lex
        phrase = self.phrase_at(token.i)
        if phrase is not None:
            owned = any(doc[k].lower_ in lex.reporter_owners for k in range(phrase.start, phrase.head))
            return Speaker(phrase.mention, phrase.start, phrase.end, reporter_owned=owned)
        lower = token.lower_
        if lower in lex.person_pronouns and token.pos_ == "PRON":
            antecedent = self._antecedent(lower, token.idx)
            return Speaker(antecedent, token.i, token.i + 1) if antecedent is not None else None
        if lower == "one" or (token.pos_ == "NUM" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "of"):
            # "one of the sources said": the group it is one of.
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is not None:
                found = self.speaker_at(pobj, unit)
                if found is not None:
                    return Speaker(found.mention, token.i, found.end, found.reporter_owned)
            return None
        if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl" and token.head.head.i < token.i:
            # "Moses Wetangula, who said…": the one the relative clause is about.
            found = self.speaker_at(token.head.head, unit)
            return Speaker(found.mention, token.i, token.i + 1, found.reporter_owned) if found is not None else None
        if token.pos_ == "PRON" or token.pos_ == "DET":
            return None
        mention = self.index.at_token(token)
        if mention is None:
            # The subject's phrase may hold the name in a compound ("the FT notes" read as a noun phrase).
            for child in token.lefts:
                if child.dep_ in ("compound", "nmod", "amod"):  # not a possessor: "Zelensky's office said"
                    mention = self.index.at_token(child)
                    if mention is not None:
                        break
        if mention is not None and not mention.is_place:
            start, end = self._token_range(mention)
            return Speaker(mention, start, end)
        if mention is not None and mention.is_place:
            return None
        document = lower in lex.document_nouns or token.lemma_.lower() in lex.document_nouns
        # "a statement from the White House", "the ministry's report", "a report from Axios": the issuer.
        issuer = self._issuer(token) if document else None
        if issuer is not None:
            return issuer
        # "the newspaper", "the publication": the latest outlet.
        if lower in lex.outlet_descriptions or token.lemma_.lower() in lex.outlet_descriptions:
            outlet = self.latest_outlet(token.idx)
            if outlet is None and lower in lex.document_nouns:
                # "According to the report" with no outlet before: the latest body that spoke
                # ("ISW said in its latest assessment… According to the report, …").
                outlet = next((m for m in reversed(self.speakers) if m.kind in ("Organization", "NewsOutlet")),
                              None)
            if outlet is not None:
                return Speaker(outlet, token.i, token.i + 1)
            # "The National Intelligence Agency said … the agency said": no outlet, the body so named
            return self._described(token) if lower in lex.speaker_nouns else None
        if document:
            # "the statement continued": with no issuer named, the body that spoke last.
            body = self._latest_body() if any(c.lower_ == "the" for c in token.lefts) else None
            return Speaker(body, token.i, token.i + 1) if body is not None else None
        # "Ukraine's Foreign Minister Andrii Sybiha wrote": the name in apposition is the speaker.
        for child in token.children:
            if child.dep_ in ("appos", "compound") and child.i > token.i:
                named = self.index.at_token(child)
                if named is not None and named.kind == "Person":
                    start, end = self._token_range(named)
                    return Speaker(named, min(start, token.left_edge.i), end)
        if token.pos_ in ("NOUN", "PROPN") and (token.lower_ in lex.speaker_nouns
                                                or token.lemma_.lower() in lex.speaker_nouns):  # "ministries"
            return self._of_named(token) or self._described(token) or self._generic(token)
        return None

    def _latest_body(self) -> EntityMention | None:
        """The latest speaker that is a body (a state, an organization, an outlet), not a person."""
        return next((m for m in reversed(self.speakers) if m.kind in BODY_KINDS), None)

    def _issuer(self, token: Token) -> Speaker | None:
        """Who issued a document noun: the object of "from"/"by" ("a report from U.S.-based Axios"), else a
        name among its owner, modifiers or that object's words; not "the release of 40 hostages … for
        Palestinian prisoners" (an "of" object is what the noun is about)."""
        objects = [g for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by")
                   for g in c.children if g.dep_ == "pobj"]
        issuers = objects + sorted((t for c in token.children if c.dep_ in ("poss", "compound", "nmod", "amod")
                                    for t in c.subtree), key=lambda t: t.i)
        issuers += sorted((t for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by")
                           for t in c.subtree), key=lambda t: t.i)
        for sub in issuers:
            if sub.i != token.i:
                issuer = self.index.at_token(sub)
                if issuer is not None and not issuer.is_place:
                    start, end = self._token_range(issuer)
                    return Speaker(issuer, min(start, token.i), max(end, token.i + 1))
        return None

    def _of_named(self, token: Token) -> Speaker | None:
        """"the office of President X", "a spokesperson for the State Department", "the secretary-general
        of the Refugee Council": the named body or person the noun belongs to speaks."""
        for prep in (c for t in (token, *[c for c in token.children if c.dep_ in ("compound", "punct")])
                     for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "for") and c.i > token.i):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            mention = self.index.at_token(pobj)
            if mention is None or mention.is_place or mention.kind == "NewsOutlet":
                continue
            self.described[token.lemma_.lower()] = mention
            return Speaker(mention, self._with_determiner(token.left_edge.i, Unit(0, len(self.doc))),
                           max(self._token_range(mention)[1], pobj.i + 1))
        return None

    def _described(self, token: Token) -> Speaker | None:
        """"the ministry", "the president", "the group" with nothing else: the actor the document last
        called so (by its name, or by a title before it), or last named so by "the X of Y"."""
        if any(c.dep_ != "det" for c in token.lefts) or not any(c.lower_ == "the" for c in token.lefts):
            return None
        noun = token.lemma_.lower()
        found = self.described.get(noun)
        if found is not None and found.span.end <= token.idx:
            return Speaker(found, token.i - 1, token.i + 1)
        titled = self._titled(noun)
        for mention in reversed(self.named):
            if mention.span.end > token.idx:
                continue
            if (mention.key or mention.label) in titled or (noun in self.lex.group_nouns
                                                           and mention.kind == "Organization"):
                return Speaker(mention, token.i - 1, token.i + 1)
        if noun in self.lex.title_nouns:
            # "Macron said… The president added…": a title with no name it was seen with is the latest
            # person who spoke.
            person = next((m for m in reversed(self.speakers) if m.kind == "Person"), None)
            if person is not None:
                return Speaker(person, token.i - 1, token.i + 1)
        return None

    def _titled(self, noun: str) -> set[str]:
        """The actors (by key or label) a noun names: in their label ("Defence Ministry") or as a title
        right before one of their mentions ("President Ruto")."""
        text, out = self.text, set()
        for mention in self.named:
            before = text[max(0, mention.span.begin - 30):mention.span.begin].lower().split()[-3:]
            label = (mention.label or mention.text).lower().split()
            if noun in label or noun in [w.strip(".,-") for w in before]:
                out.add(mention.key or mention.label)
        return out

    def _antecedent(self, pronoun: str, at: int) -> EntityMention | None:
        """The latest speaker a pronoun can stand for: "he"/"she" a person or one unnamed source,
        "they" any person or source ("they" is also said of one official). A person named after the
        latest speaker, without speaking ("Peskov declined to comment. '…,' he told reporters"), is later."""
        singular_only = pronoun in ("he", "she", "him", "her")
        speaker = None
        for mention in reversed(self.speakers):
            if mention.kind not in SPEAKER_KINDS:
                continue  # "he" is no ministry or newspaper
            if singular_only and mention.kind == "AnonymousSource" and self._plural(mention):
                continue
            speaker = mention
            break
        person = None
        for mention in self.people:
            if mention.span.end <= at and self._is_subject(mention) and not self._in_reported(mention):
                person = mention
        if person is not None and (speaker is None or person.span.begin > self.spoken_at.get(id(speaker), -1)):
            return person
        previous = self._named_just_before(at)
        if previous is not None and (speaker is None or previous.span.begin > self.spoken_at.get(id(speaker), -1)):
            return previous
        return speaker

    def _named_just_before(self, at: int) -> EntityMention | None:
        """A sentence-opening "He advised both sides…" right after a sentence that names one person, whatever
        their role there ("…the talks ended under the mediation of Mr. X, the envoy."): that person, when no
        speaker spoke since. None when the pronoun does not open its sentence, or that sentence names none
        or several."""
        token = self.doc.char_span(at, at + 1, alignment_mode="expand")
        if token is None or token.start == 0:
            return None
        sentence = self.doc[token.start].sent
        if any(t.is_alpha for t in self.doc[sentence.start:token.start]) or sentence.start == 0:
            return None
        before = self.doc[sentence.start - 1].sent
        begin, end = before.start_char, before.end_char
        found = {(m.key or m.label or m.text): m for m in self.people
                 if begin <= m.span.begin and m.span.end <= end and not self._in_reported(m)}
        return next(iter(found.values())) if len(found) == 1 else None

    def _in_reported(self, mention: EntityMention) -> bool:
        """Is the person named inside what a speaker was reported to say ("X said he and Y had met")?
        The speaker, not the one spoken of, goes on speaking."""
        return any(content.contains(mention.span) for content in self.reported)

    def _is_subject(self, mention: EntityMention) -> bool:
        """Is the person the subject of their clause? "he" goes on about the one a sentence was about, not
        one it named in passing ("X said he met Y and Z. '…,' he told journalists" is X)."""
        start, end = self._token_range(mention)
        for k in range(start, end):
            head = self.heads[k]
            if not start <= head < end or head == k:
                token = self.tokens[k]
                while token.dep_ in ("appos", "conj", "compound") and token.head is not token:
                    token = token.head
                return token.dep_ in ("nsubj", "nsubjpass")
        return False

    def _plural(self, mention: EntityMention) -> bool:
        words = re.sub(r"[-–]", " ", (mention.label or mention.text).lower()).split()
        head = next((w for w in words if w in self.lex.source_nouns), "")
        return (mention.count or 1) > 1 or (head.endswith("s") and head[:-1] in self.lex.source_nouns)

    def _token_range(self, mention: EntityMention) -> tuple[int, int]:
        span = self.doc.char_span(mention.span.begin, mention.span.end, alignment_mode="expand")
        return (span.start, span.end) if span is not None else (0, 0)

    def _generic(self, head: Token) -> Speaker | None:
        """A speaker named by a common noun ("the government"): a new actor mention."""
        start = head.left_edge.i
        # The phrase before the noun: "Zelensky's office", "the Ukrainian energy ministry" (no clause).
        if any(t.text in (",", ";") or t.pos_ in ("VERB", "AUX") for t in self.tokens[start:head.i]):
            start = head.i
        tokens = [t for t in self.tokens[start:head.i + 1] if t.pos_ != "DET"]
        if not tokens:
            return None
        if head.lower_ in self.lex.party_nouns and all(
                t.lower_ in self.lex.party_quantifiers for t in self.tokens[start:head.i]):
            return None  # "both sides", "the two sides": the parties together, no one speaker
        begin, end = tokens[0].idx, head.idx + len(head.text)
        label = re.sub(r"\s+", " ", self.text[begin:end])
        mention = EntityMention(Span(begin, end), self.analysis.source.text[begin:end], "Actor",
                                label=label, ner_label="SPEAKER")
        return Speaker(mention, start, head.i + 1)

    def _phrase_head(self, at: int, unit: Unit) -> Token:
        """The head of the noun phrase that starts at token ``at`` (a source phrase's, a pronoun, a name)."""
        doc = self.doc
        phrase = self.phrase_at(at)
        if phrase is not None:
            return doc[phrase.head]
        token = doc[at]
        if token.pos_ == "PRON":
            return token
        mention = self.index.at_token(token)
        if mention is not None:
            end = self._token_range(mention)[1]
            if end + 1 < unit.end and doc[end].tag_ == "POS" and doc[end + 1].pos_ in ("PROPN", "NOUN", "ADJ"):
                return self._phrase_head(end + 1, unit)  # "according to Turkey's Anadolu agency": the owned
            return token
        # Walk right to the phrase's noun: "the newspaper", "a statement from the White House".
        k = at
        while k + 1 < unit.end and doc[k].pos_ in ("DET", "ADJ", "NUM") or (k + 1 < unit.end and doc[k].tag_ == "POS"):
            k += 1
        while k + 1 < unit.end and doc[k + 1].pos_ in ("NOUN", "PROPN") and doc[k].pos_ in ("NOUN", "PROPN"):
            k += 1
        return doc[k]

    def _inherited_subjects(self, verb: Token) -> list[Token]:
        """The subject a subjectless speech verb shares with the verb it hangs on: "X intervened, urging…",
        "X spoke of … and said…", "X criticized Kyiv, accusing it of…"."""
        head = verb
        for _ in range(2):
            if head.dep_ not in ("advcl", "conj", "xcomp") or head.head is head:
                return []
            if head.dep_ == "xcomp" and head.head.lemma_.lower() in self.cues.negating_heads:
                return []  # "X declined to comment": nothing was said
            head = head.head
            found = [c for c in head.children if c.dep_ == "nsubj"]
            if found:
                return found
        return []

    def _with_determiner(self, start: int, unit: Unit) -> int:
        while start > unit.start and self.doc[start - 1].pos_ == "DET" and self.doc[start - 1].dep_ == "det":
            start -= 1
        return start

    def _speaker_before(self, verb: Token, unit: Unit, inside: set[int]) -> Speaker | None:
        """"…, the FT notes.": the phrase just before the verb (skipping one ", including …," aside)."""
        k = verb.i - 1
        if k >= unit.start and self.doc[k].text == ",":
            k -= 1
            while k >= unit.start and self.doc[k].text != ",":
                k -= 1
            k -= 1
        if k < unit.start or k in inside:
            return None
        return self.speaker_at(self.doc[k], unit)
