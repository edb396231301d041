"""Through whom: the chain of intermediaries of an attribution. "According to the FT, X said…", "…,
said X, reported AP, quoted by BTA", "X quoted Y as saying", "the army said the Red Cross had
confirmed…", "citing sources"; the article's own publisher is no link of a chain. A mixin of
claims.DocumentReader."""

from __future__ import annotations

import re

from spacy.tokens import Token

from graph.extract.claim_units import Unit
from graph.extract.sources import AttributionLexicon
from graph.extract.speakers import Frame, SpeakerReading
from graph.model import EntityMention

CARRIER_KINDS = ("NewsOutlet", "Organization", "Actor")


def _name_words(name: str, lex: AttributionLexicon) -> frozenset[str]:
    """The distinctive words of an outlet's name: "Asian Lite News" and "Asian Lite" are one outlet."""
    words = re.findall(r"\w+", name.lower())
    return frozenset(w for w in words if w not in lex.outlet_name_fillers)


def _saying(verb: Token, lex: AttributionLexicon) -> Token | None:
    """The "saying" after a reporting verb ("quoted X as saying", "reported X saying"), if any."""
    return next((t for t in verb.subtree if t.i > verb.i and t.tag_ == "VBG" and lex.is_speech_verb(t)), None)


class ChainReading(SpeakerReading):
    """Finding the intermediaries of a frame, on the state of claims.DocumentReader."""

    publisher: frozenset[str]

    def _carriers(self, frame: Frame, unit: Unit, inside: set[int]) -> None:
        """"…, said X, reported AP, quoted by BTA": outlets that passed the attributed words on, after the
        attribution, outermost last."""
        if frame.speaker is None:
            return
        lowers, known = self.lowers, {id(frame.speaker.mention), id(frame.addressee)}
        k = frame.segment[1]
        while k < unit.end - 1:
            at = None
            if k not in inside and lowers[k] in self.lex.carrier_forms:
                at = k + 2 if lowers[k + 1] in ("by", "to") else k + 1
                if k - 1 >= frame.segment[1] and self.index.at_token(self.tokens[k - 1]) is not None:
                    at = k - 1  # "…, the AP reported"
            if at is not None and at < unit.end and self.tokens[at].pos_ == "DET":
                at += 1
            mention = self.index.at_token(self.tokens[at]) if at is not None and at < unit.end else None
            # In a carrier's place a body is an outlet whatever kind its name was given ("quoted by BTA").
            if mention is not None and mention.kind in CARRIER_KINDS and id(mention) not in known:
                frame.carriers = (mention, *frame.carriers)
                known.add(id(mention))
                k = self._token_range(mention)[1]
                continue
            k += 1

    def _carried(self, according: Frame, unit: Unit, inside: set[int]) -> Frame:
        """"According to the FT, the minister said…", "…, the official said, as reported by Reuters": the
        outlet carried the words of the speaker its unit names, who is the source."""
        outlet = according.speaker.mention if according.speaker is not None else None
        if outlet is None or outlet.kind != "NewsOutlet" or according.cited is not None:
            return according
        s0, s1 = according.segment
        spoken = self._speech_frame(unit, inside | set(range(s0, s1)))
        if spoken is None or spoken.speaker is None or spoken.speaker.mention is outlet \
                or spoken.speaker.mention.kind == "NewsOutlet":
            return according
        if spoken.addressee is None:
            spoken.addressee = outlet
        v0, v1 = spoken.segment
        if max(s0, v0) - min(s1, v1) <= 2:  # adjacent: one attribution ("…,” X said, according to Y")
            spoken.segment = (min(s0, v0), max(s1, v1))
        return spoken

    def _according(self, unit: Unit, inside: set[int]) -> Frame | None:
        lex = self.lex
        for i, cue in self._cues_in(unit, lex.according_cues, inside):
            at = i + len(cue)
            if at >= unit.end:
                continue
            speaker = self.speaker_at(self._phrase_head(at, unit), unit)
            if speaker is None:
                continue
            frame = Frame(speaker, None)
            frame.segment = (i, self._past_aside(max(speaker.end, at + 1), unit))
            self._citing(frame, unit, inside)
            return frame
        return None

    def _citing(self, frame: Frame, unit: Unit, inside: set[int]) -> None:
        """"…, citing sources" / "with reference to sources": the reporter passes on the cited source."""
        lex = self.lex
        for i, cue in self._cues_in(unit, lex.citing_cues, inside):
            if i + len(cue) >= unit.end:
                continue
            cited = self.speaker_at(self._phrase_head(i + len(cue), unit), unit)
            if cited is None or cited.mention is frame.speaker.mention:
                continue
            frame.cited = cited
            s0, s1 = frame.segment
            frame.segment = (min(s0, i), max(s1, cited.end))
            return

    def _is_publisher(self, mention: EntityMention) -> bool:
        """Is the mention the outlet that published this document (by name, without words like "News")?"""
        if mention.kind != "NewsOutlet" or not self.publisher:
            return False
        return _name_words(mention.label or mention.text, self.lex) == self.publisher

    def _nested(self, frame: Frame, clause: Token, unit: Unit) -> None:
        """"The military said the Red Cross had confirmed that…": the one who spoke inside the reported
        clause is the source, the reporter an intermediary, the inner clause the proposition."""
        if not self.lex.is_speech_verb(clause) or clause.lemma_.lower() in self.lex.speech_act_verbs:
            return
        inner = next((c for c in clause.children if c.dep_ == "ccomp" and c.i > clause.i), None)
        # "confirmed 11 hostages were…" (a clause the parser cut at its subject); not "Kyiv continued them".
        said = inner is not None or (clause.lemma_.lower() not in self.lex.clause_only_verbs
                                     and any(c.dep_ == "dobj" for c in clause.children))
        subject = next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i), None)
        if not said or subject is None or subject.pos_ == "PRON":
            return
        cited = self.speaker_at(subject, unit)
        if cited is None or cited.mention is frame.speaker.mention or cited.mention.ner_label == "SPEAKER":
            return
        frame.cited = cited
        if inner is not None:
            sub = sorted(t.i for t in inner.subtree)
            frame.content = (sub[0], sub[-1] + 1)

    def _quoted_object(self, frame: Frame, verb: Token, unit: Unit) -> None:
        """"CNN reported a senior official saying…", "Xinhua quoted the Ahram website as saying…": the outlet
        passes on its object's words; the object is the source."""
        saying = _saying(verb, self.lex)
        if saying is None:
            return
        # The one quoted is the verb's object, or the subject the parser gives "saying" ("reported X saying").
        obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < saying.i), None) or \
            next((c for c in saying.children if c.dep_ == "nsubj" and c.i < saying.i), None)
        if obj is None:
            return
        cited = self.speaker_at(obj, unit)
        if cited is None or cited.mention is frame.speaker.mention:
            return
        frame.cited = cited
        clause = next((c for c in saying.children if c.dep_ == "ccomp" and c.i > saying.i), None)
        s0, s1 = frame.segment
        # Without a clause, what the words of "as saying in a report" close is the attribution.
        frame.segment = (s0, max(s1, saying.i + 1 if clause is not None else max(t.i for t in saying.subtree) + 1))
        if clause is not None and not unit.quotes:
            sub = sorted(t.i for t in clause.subtree)
            frame.content = (sub[0], sub[-1] + 1)

    def _chain(self, frame: Frame, unit: Unit) -> tuple[EntityMention | None, tuple[EntityMention, ...]]:
        if frame.speaker is None:
            return None, ()
        if frame.inherited_via is not None:
            return frame.speaker.mention, frame.inherited_via
        chain: list[EntityMention] = [*frame.carriers, frame.speaker.mention]
        if frame.addressee is not None:
            chain.insert(0, frame.addressee)  # "X told the FT": the FT passed X's words on
        if frame.cited is not None:
            chain.append(frame.cited.mention)
        # "according to India Today sources": the outlet that owns the sources passed their words on.
        inner = [m for m in self.outlets if frame.speaker.mention.kind == "AnonymousSource"
                 and frame.speaker.mention.span.contains(m.span)]
        chain[:0] = inner[:1]
        if frame.speaker.reporter_owned or (frame.cited is not None and frame.cited.reporter_owned):
            outlet = self.latest_outlet(self.doc[unit.start].idx + 1)
            if outlet is not None and all(m.kind != "NewsOutlet" for m in chain):
                chain.insert(0, outlet)
        # The article's own publisher carries what it prints: it is no link of the chain ("…, reports
        # Asian Lite News" in Asian Lite's own article is its own voice).
        chain = [m for m in chain if not self._is_publisher(m)]
        if not chain:
            return None, ()
        source = chain[-1]
        # Every intermediary before the source, and an outlet that is its own source ("According to the FT").
        via = tuple(m for m in chain if m.kind == "NewsOutlet" or m is not source)
        via = tuple(dict.fromkeys(via))
        return source, via
