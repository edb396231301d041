"""Claims and their attribution: what each document asserts, on whose word, through whom.

A document is read as a sequence of *units*: sentences, joined where a quotation runs over
several of them, with a following attribution line ("- said the diplomat"), or with the quotation
after "X told reporters:". Each unit carries one assertion. Its frame is found from the words
(graph/data/attribution.toml), with the parse as a guide, since the small parser misreads
trailing attributions ("…, the FT notes"):

- "according to X, …" / "…, according to X"; "citing X", "with reference to X";
- a speech verb with its speaker: "X said (that) …", "…, X said", "said X", "as X emphasized, …",
  "X, who …, said", "The talks, X said, would…", "“…,” X told the FT", "X was quoted by TASS as
  saying…", "in an interview with the BBC, X said…", "- said the diplomat" after a paragraph;
- "This was reported by X": the unit before is X's;
- a quotation standing alone right after a quoted speaker: that speaker's still;
- none: the document's own voice (no source). Datelines ("KYIV (Reuters) - ") are left out.

The reading is split along its ideas: claim_units.py (the units), speakers.py (who speaks: subjects,
pronouns, descriptions), chains.py (through whom), furniture.py (what is no claim), propositions.py (what
the content says, for merging, and how sure and how negated), this module (frames, content, the assertion).

The source is the innermost actor of the chain; each news outlet on the chain is a ``via``
(an outlet that names no one else is both: "According to the FT, …"). A pronoun or a bare
description takes the latest speaker ("he", "they", "according to him") or the latest outlet
("the newspaper", "the publication"). A document that opens by re-reporting an outlet's story
("…, the Financial Times reports, citing sources") has its later anonymous sources come via that outlet.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token

from graph.extract import extractors
from graph.extract.base import MentionIndex, doc_heads, doc_lowers, doc_text, doc_tokens
from graph.extract.chains import ChainReading, _name_words, _saying
from graph.extract.claim_units import Unit, _cues_by_first_word, _is_quote, build_units
from graph.extract.furniture import is_furniture
from graph.extract.propositions import PropositionReader, load_cues
from graph.extract.sources import find_source_phrases, load_lexicon
from graph.extract.speakers import SPEAKER_KINDS, Frame, Speaker
from graph.model import AssertionMention, DocumentAnalysis, EntityMention, Span

# Words opening an aside after a source phrase, which belongs to the attribution, not the claim.
ASIDE_OPENERS = ("including", "among", "who", "whose", "which", "one", "both", "all")
# What a sentence may end on besides spaces: its closing punctuation and quotation marks.
SENTENCE_CLOSE = frozenset(".!?…;:,\"“”„«»'’")
WHITESPACE = re.compile(r"\s+")
QUOTES = "\"“”„«»‟"
PTB_QUOTES = ("``", "''")  # quotation marks as Penn Treebank text writes them
# Dashes, separators and quotation marks a statement's text may lead or trail with (and spaces).
NOISE = " -–—―,;:\"“”„«»'‘’"


# ------------------------------------------------------------------ reading a document


class DocumentReader(ChainReading):
    """Reads one document's units in order, remembering the latest speaker and outlet."""

    def __init__(self, doc: Doc, analysis: DocumentAnalysis):
        self.doc, self.analysis = doc, analysis
        self.text = doc_text(doc)
        # The tokens and what is read of each token over and over, taken once: spaCy makes a new Token
        # on every doc[i], .head or slice, and looks lower_ up in its string store on each call.
        self.tokens = doc_tokens(doc)
        self.lowers = doc_lowers(doc)
        self.heads = doc_heads(doc)  # the index of each token's syntactic head
        self.lex, self.cues = load_lexicon(), load_cues()
        self.phrases = find_source_phrases(doc, analysis)
        self.index = MentionIndex(m for m in analysis.entities if m.kind != "AnonymousSource")
        self.outlets = sorted((m for m in analysis.entities if m.kind == "NewsOutlet"), key=lambda m: m.span.begin)
        self.speakers: list[EntityMention] = []  # speakers so far, in text order
        self.spoken_at: dict[int, int] = {}  # id of a speaker → where it last spoke
        self.dateline = re.compile(load_lexicon().raw["dateline_pattern"])
        self.people = sorted((m for m in analysis.entities if m.kind == "Person"), key=lambda m: m.span.begin)
        self.base_outlet: EntityMention | None = None
        # Names that can speak (no place, no outlet, no anonymous source), in text order, and what each bare
        # description ("the ministry") was last found to stand for.
        self.named = sorted((m for m in analysis.entities if m.kind not in ("AnonymousSource", "NewsOutlet")
                             and not m.is_place), key=lambda m: m.span.begin)
        self.described: dict[str, EntityMention] = {}
        self.reported: list[Span] = []  # what attributed assertions say, in text order
        self.publisher = _name_words(analysis.source.outlet or "", self.lex)
        self.new_mentions: list[EntityMention] = []
        self.propositions = PropositionReader(doc, self.tokens, self.lowers, self.heads, self.lex, self.cues)
        self._cue_places: dict[tuple[tuple[str, ...], ...], list[tuple[int, tuple[str, ...]]]] = {}

    # --- phrases and mentions under tokens

    def _cues_in(self, unit: Unit, cues: tuple[tuple[str, ...], ...],
                 inside: set[int]) -> Iterator[tuple[int, tuple[str, ...]]]:
        """Where in the unit, outside the token indices ``inside``, the tokens spell one of the cues
        (lower-case word sequences): (index of the first word, cue), in text order, then the cues' order.
        A cue may run on past the unit's end."""
        places = self._cue_places.get(cues)
        if places is None:
            # The whole document is searched once for each list of cues: each unit is searched for
            # "according to" and "citing", and each speech verb's unit for "told the".
            lowers, by_first_word = self.lowers, _cues_by_first_word(cues)
            places = self._cue_places[cues] = [
                (i, cue) for i, lower in enumerate(lowers) if lower in by_first_word
                for cue in by_first_word[lower] if tuple(lowers[i:i + len(cue)]) == cue]
        for at in range(bisect.bisect_left(places, (unit.start,)), len(places)):
            i, cue = places[at]
            if i >= unit.end:
                break
            if i not in inside:
                yield i, cue


    # --- frames

    def read(self) -> list[AssertionMention]:
        out: list[AssertionMention] = []
        units = build_units(self.doc, self.analysis, self.lex)
        for n, unit in enumerate(units):
            frame = self.frame(unit)
            if frame is None:
                continue
            if frame.anaphoric:
                # "This was reported by the FT": the unit before is the FT's.
                if out and out[-1].source is None and out[-1].span.end <= self.doc[unit.start].idx:
                    prev = out.pop()
                    assertion = self.assertion(unit, frame, content=prev.content, span=Span(
                        prev.span.begin, self._unit_span(unit).end), statement=prev.statement)
                    self._remember(assertion, n)
                    out.append(assertion)
                continue
            if self._is_question(unit):
                continue  # "Will Russia say yes to a ceasefire?" asserts nothing, whoever it names
            if is_furniture(self.text[self.doc[unit.start].idx:self._char_end(unit.end)]):
                continue  # a byline, a credit, a read counter: no claim
            if frame.speaker is None and out:
                frame = self._quote_continued(unit, frame, out[-1])
            if frame.speaker is None and not self._asserts_something(unit):
                continue
            split = self._split_subordinate(unit, frame)
            if split is not None:
                for assertion in split:
                    self._remember(assertion, n)
                    out.append(assertion)
                continue
            assertion = self.assertion(unit, frame)
            self._remember(assertion, n)
            out.append(assertion)
        return [self._with_base_outlet(a) for a in self._open_quotations(out)]

    def _open_quotations(self, out: list[AssertionMention]) -> list[AssertionMention]:
        """A paragraph that opens a quotation and leaves it open, followed by a paragraph that opens one again
        and names its speaker, is that speaker's: the convention for a quotation over paragraphs
        ("“Thank you for…¶“The world needs…,” Anwar said."); and a sentence inside a quotation a speaker's
        sentence opened before it in the same paragraph is the speaker's."""
        text, quotes = self.analysis.source.text, self.lex.quote_characters
        for k in range(len(out) - 2, -1, -1):
            own, said = out[k], out[k + 1]
            if own.source is not None or said.source is None or said.source.kind not in SPEAKER_KINDS:
                continue
            start = text.rfind("\n", 0, own.span.begin) + 1
            end = text.find("\n", own.span.begin)
            end = len(text) if end < 0 else end
            paragraph = text[start:end].strip()
            if not paragraph or paragraph[0] not in quotes or sum(paragraph.count(q) for q in quotes) % 2 == 0:
                continue  # no quotation opens the paragraph, or it is closed there
            following = text.rfind("\n", 0, said.span.begin) + 1
            lead = text[following:said.span.begin].strip()
            if following <= end or text[end:following].strip() or not (lead and all(c in quotes for c in lead)
                                                                       or text[said.span.begin] in quotes):
                continue  # the speaker's quotation must open the very next paragraph
            out[k] = replace(own, source=said.source, via=said.via)
        for k in range(1, len(out)):
            # 'X added: "A. B.' with no closing mark: every sentence of the open quotation is X's.
            own, said = out[k], out[k - 1]
            if own.source is not None or said.source is None or said.source.kind not in SPEAKER_KINDS:
                continue
            start = text.rfind("\n", 0, own.span.begin) + 1
            if start > said.span.begin or sum(text.count(q, start, own.span.begin) for q in quotes) % 2 == 0:
                continue  # another paragraph, or no quotation left open before this sentence
            out[k] = replace(own, source=said.source, via=said.via)
        return out

    def _split_subordinate(self, unit: Unit, frame: Frame) -> tuple[AssertionMention, AssertionMention] | None:
        """A frame whose speech verb is in a subordinate clause: the rest of the sentence in the document's
        own voice, then the clause as its speaker's claim ("The go-between is reportedly H, | whom officials
        accuse of laundering $20 million"). None when the frame is no such one, or the rest says nothing."""
        verb = frame.verb
        head = self._subordinate_clause(verb) if verb is not None else None
        if verb is None or head is None or frame.speaker is None or unit.attribution_line is not None \
                or frame.carriers:
            return None
        sub = [t.i for t in head.subtree]
        c0, c1 = max(min(sub), unit.start), min(max(sub) + 1, unit.end)
        if any(q0 < c0 or q1 >= c1 for q0, q1 in unit.quotes):
            return None  # a quotation outside the clause: read as one unit, as before
        while c0 < verb.i and (self.tokens[c0].is_punct or self.tokens[c0].dep_ == "mark"):
            c0 += 1  # "although": the link, not the speaker's words
        words = lambda a, b: sum(1 for t in self.tokens[a:b] if t.is_alpha)  # noqa: E731
        first, text_start = unit.start, self._after_dateline(unit.start)
        while first < c0 and self.tokens[first].idx < text_start:
            first += 1
        if words(first, c0) + words(c1, unit.end) < 3:
            return None
        text = self.analysis.source.text
        if words(first, c0) >= 2 and words(c1, unit.end) >= 2:
            # The clause is an aside inside the sentence ("X, who said …, left Doha"): the sentence around it.
            before, after = self._trimmed(first, c0), self._trimmed(c1, unit.end)
            main, statement = Span(before.begin, after.end), _statement(
                text[before.begin:before.end] + " " + text[after.begin:after.end])
        else:
            main = self._trimmed(first, c0) if words(first, c0) >= 2 else self._trimmed(c1, unit.end)
            statement = None
        own = self.assertion(unit, Frame(None, None), content=main, statement=statement)
        clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i), None)
        if clause is not None:  # "who said the talks had failed", "whom X say laundered…": what was said
            said = self._trimmed(min(t.i for t in clause.subtree), max(t.i for t in clause.subtree) + 1)
        else:  # "an official downplayed the idea", "whom officials accuse of …": the act is the proposition
            said = self._trimmed(verb.i, c1)
        frame.content = None
        attributed = self.assertion(unit, frame, content=said, span=self._trimmed(c0, c1))
        return own, attributed

    def _quote_continued(self, unit: Unit, frame: Frame, previous: AssertionMention) -> Frame:
        """A quotation standing alone right after a quoted speaker goes on quoting them
        ('"We are not going to negotiate," Zelensky said. "Russia must understand that."')."""
        doc = self.doc
        if previous.source is None or previous.source.kind not in SPEAKER_KINDS or not unit.quotes:
            return frame
        q0, q1 = unit.quotes[0][0], unit.quotes[-1][1]
        words_outside = [t for t in self.tokens[unit.start:unit.end] if (t.i < q0 or t.i > q1) and t.is_alpha]
        if q0 != unit.start or words_outside:
            return frame
        gap = self.analysis.source.text[previous.span.end:doc[unit.start].idx]
        if gap.count("\n") > 2 or '"' not in self.analysis.source.text[previous.span.begin:previous.span.end + 3] \
                and not any(c in self.analysis.source.text[previous.span.begin:previous.span.end + 3]
                            for c in self.lex.quote_characters):
            return frame  # only right after a quotation, in the same or the next paragraph
        speaker = Speaker(previous.source, unit.start, unit.start)
        continued = Frame(speaker, None)
        continued.segment = (unit.start, unit.start)
        continued.inherited_via = previous.via
        return continued

    def _remember(self, assertion: AssertionMention, n: int) -> None:
        if assertion.source is not None:
            self.speakers.append(assertion.source)
            self.spoken_at[id(assertion.source)] = assertion.span.begin
            self.reported.append(assertion.content)
        # The document re-reports an outlet's story when an outlet is on one of its first chains.
        if self.base_outlet is None and n <= 4:
            chain = [*assertion.via, *([assertion.source] if assertion.source else [])]
            for mention in chain:
                if mention.kind == "NewsOutlet" and not self._is_publisher(mention):
                    self.base_outlet = mention
                    break

    def _with_base_outlet(self, assertion: AssertionMention) -> AssertionMention:
        if self.base_outlet is None or assertion.via or assertion.source is None:
            return assertion
        if assertion.source.kind != "AnonymousSource":
            return assertion
        return replace(assertion, via=(self.base_outlet,))

    def _unit_span(self, unit: Unit) -> Span:
        """The unit's text without its closing punctuation ("…in the Kursk region" without "."):
        the mention is the statement, and a reader extending it to its sentence stops at its own full stop.
        A dateline ("KYIV, Oct 30 (Reuters) - ") is not part of it."""
        begin = self._after_dateline(unit.start)
        end = self._char_end(unit.end)
        text = self.analysis.source.text
        # Back over the spaces and closing marks the text ends on (read from the end: a regular expression
        # anchored at the end would try every space of the unit).
        close = end
        while close > begin and (text[close - 1].isspace() or text[close - 1] in SENTENCE_CLOSE):
            close -= 1
        return Span(begin, close if close > begin else end)

    def _after_dateline(self, start: int) -> int:
        """The offset where a unit's text starts, past a dateline."""
        begin = self.doc[start].idx
        match = self.dateline.match(self.analysis.source.text, begin)
        return match.end() if match is not None else begin

    def _char_end(self, end: int) -> int:
        last = self.doc[end - 1]
        return last.idx + len(last.text)

    def _is_question(self, unit: Unit) -> bool:
        """Does the unit end on a question mark of its own (not one inside a quotation it reports)?"""
        k = unit.end - 1
        while k > unit.start and (self.tokens[k].is_space or _is_quote(self.tokens[k], self.lex)):
            k -= 1
        inside = any(q0 <= k <= q1 for q0, q1 in unit.quotes)
        return self.tokens[k].text == "?" and not inside

    def _asserts_something(self, unit: Unit) -> bool:
        """An own-voice unit is a claim when it is a statement: a finite verb, a few words, no question."""
        tokens = [t for t in self.tokens[unit.start:unit.end] if not t.is_punct and not t.is_space]
        if len(tokens) < 4 or self.doc[unit.end - 1].text == "?":
            return False
        return any(t.pos_ in ("VERB", "AUX") and (t.tag_ in ("VBD", "VBP", "VBZ", "MD") or t.dep_ == "ROOT")
                   for t in tokens)

    def frame(self, unit: Unit) -> Frame | None:
        doc = self.doc
        inside = {i for q0, q1 in unit.quotes for i in range(q0, q1 + 1)}
        if unit.attribution_line is not None:
            a0, a1 = unit.attribution_line
            frame = self._verb_frame(doc[a0], unit, inside)
            if frame is not None:
                frame.segment = (a0, a1)
                frame.content = (unit.start, a0)
                return frame
        according = self._according(unit, inside)
        frame = self._carried(according, unit, inside) if according is not None else self._speech_frame(unit, inside)
        if frame is None:
            return Frame(None, None)
        self._carriers(frame, unit, inside)
        return frame

    def _speech_frame(self, unit: Unit, inside: set[int]) -> Frame | None:
        """The frame of the unit's first speech verb that has a speaker: one of its main clauses first, else
        one of a subordinate clause ("…, although an official downplayed the idea"), which read() then
        gives its own claim."""
        subordinate: list[Token] = []
        for token in self._speech_verbs(unit, inside):
            if self._is_subordinate(token):
                subordinate.append(token)
                continue
            frame = self._verb_frame(token, unit, inside)
            if frame is not None:
                return frame
        for token in subordinate:
            frame = self._verb_frame(token, unit, inside)
            if frame is not None:
                return frame
        return None

    def _is_subordinate(self, verb: Token) -> bool:
        """Is the speech verb in a subordinate clause (read after the main clauses' verbs)?"""
        return self._subordinate_clause(verb, parenthetical=True) is not None

    def _subordinate_clause(self, verb: Token, parenthetical: bool = False) -> Token | None:
        """The head of the subordinate clause a speech verb is in, when it attributes that clause only: a
        relative clause ("Haddad, whom officials accuse of…", "X, who said…"; the small parser may hang the
        speech verb under the clause's verb: "whom prosecutors allege embezzled…") or a concessive one
        ("although an official downplayed the idea"). Not a parenthetical "violence that he said
        threatened…", where the speaker says what the main clause says (unless ``parenthetical``)."""
        lex, token = self.lex, verb
        for _ in range(3):
            concessive = token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in lex.concessive_marks
                                                       for c in token.children)
            if token.dep_ == "relcl" or concessive:
                break
            if token.head is token or token.dep_ not in ("nsubj", "ccomp", "conj", "xcomp", "advcl"):
                return None
            token = token.head
        else:
            return None
        if token is verb and token.dep_ == "relcl" and not parenthetical:
            act = verb.lemma_.lower() in lex.speech_act_verbs
            says = any(c.dep_ in ("ccomp", "xcomp") for c in verb.children) or act and \
                any(c.dep_ in ("dobj", "prep") and c.tag_ not in ("WP", "WDT") for c in verb.children)
            if not says:
                return None
        return token

    def _speech_verbs(self, unit: Unit, inside: set[int]) -> Iterator[Token]:
        """The unit's speech verbs that may frame it, in text order."""
        lex = self.lex
        for token in self.tokens[unit.start:unit.end]:
            if token.i in inside or not lex.is_speech_verb(token):
                continue
            # "two sources briefed on the matter told Reuters": a participle inside a source phrase
            # describes the source; it is not the attribution.
            phrase = self.phrase_at(token.i)
            if phrase is not None and phrase.head != token.i:
                continue
            if token.dep_ in ("acl", "amod") and not any(c.dep_ == "ccomp" for c in token.children):
                continue
            yield token

    def _verb_frame(self, verb: Token, unit: Unit, inside: set[int]) -> Frame | None:
        doc, lex = self.doc, self.lex
        lemma = verb.lemma_.lower()
        has_clause = any(c.dep_ in ("ccomp", "parataxis") for c in verb.children) or bool(unit.quotes)
        if lemma in lex.quoting_verbs and not has_clause:  # "Xinhua quoted X as saying that…"
            saying = _saying(verb, lex)
            has_clause = saying is not None  # its clause follows, or the unit before it is what was said
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] or self._inherited_subjects(verb)
        act = lemma in lex.speech_act_verbs  # "X thanked Y for…": the object is what X said about
        # "China also confirmed the same": the object points back at what was said; the sentence is the claim.
        act = act or any(c.dep_ == "dobj" and c.i > verb.i and c.lower_ in lex.anaphoric_objects
                         for c in verb.children)
        # Two subjects is a misparse of an apposition ("Zelensky's chief of staff Andriy Yermak wrote"):
        # the one next to the verb is the name.
        # … or the name comes first ("Getachew Reda, spokesman for the TPLF, said"): the named one speaks.
        named = [t for t in subjects if (m := self.index.at_token(t)) is not None and not m.is_place]
        subject = (named[-1] if named else subjects[-1]) if subjects else None
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        speaker: Speaker | None = None
        anaphoric = False
        if subject is not None and subject.lower_ in lex.anaphoric_subjects and subject.dep_ == "nsubjpass":
            if agent is None:
                return None  # "It is noted that…": the document's own words
            anaphoric = not any(c.dep_ == "ccomp" for c in verb.children)
        quoted_by: EntityMention | None = None
        if agent is not None and lemma in lex.quoting_verbs and subject is not None:
            # "Lavrov was quoted by TASS as saying that…": the subject spoke, the agent passed it on.
            speaker = self.speaker_at(subject, unit)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            quoted_by = self.index.at_token(pobj) if pobj is not None else None
            has_clause = has_clause or any(c.dep_ in ("advcl", "prep") and any(
                g.dep_ == "ccomp" for t in c.subtree for g in t.children) for c in verb.children)
        elif agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                speaker = self.speaker_at(pobj, unit)
        elif subject is not None and subject.dep_ == "nsubjpass" and lemma not in lex.quoting_verbs:
            return None  # "the envoys are accused of reneging": who is spoken of, not who speaks
        elif subject is not None and subject.lower_ not in lex.impersonal_subjects:
            speaker = self.speaker_at(subject, unit)
        elif subject is not None and subject.dep_ == "nsubj" and subject.i < verb.i:
            # "It said these included…": the body that spoke last (an active "it" is no impersonal frame).
            body = self._latest_body()
            speaker = Speaker(body, subject.i, subject.i + 1) if body is not None else None
        if speaker is None and subject is not None and subject.i < verb.i and agent is None:
            # "…, a source familiar with the talks said.": a sentence-final attribution after a comma names
            # the speaker whatever subject the parser gave the verb (a long sentence misparses).
            final = all(not t.is_alpha for t in self.tokens[verb.i + 1:unit.end])
            before = self._speaker_before(verb, unit, inside) if final else None
            if before is None or before.start <= unit.start or doc[before.start - 1].text != ",":
                return None  # a subject that is no speaker: "the agreement may indicate…" attributes nothing
            speaker = before
        addressed = act and any(c.dep_ in ("dobj", "dative") and c.i > verb.i for c in verb.children)
        if speaker is None and verb.i + 1 < unit.end and verb.i + 1 not in inside and not addressed:
            # "said a diplomat familiar with the talks", "- said the diplomat"
            speaker = self.speaker_at(self._phrase_head(verb.i + 1, unit), unit)
            if speaker is not None and speaker.start > verb.i + 3:
                speaker = None
        if speaker is None:
            speaker = self._speaker_before(verb, unit, inside)
        if speaker is None:
            return None
        if lemma in lex.clause_only_verbs and not has_clause and not act:
            return None
        if not has_clause and not act and lemma not in lex.addressee_verbs and \
                any(c.dep_ == "dobj" and c.i > verb.i for c in verb.children):
            return None  # "Kyiv has denied the reports": an act the document reports, not a proposition
        frame = Frame(speaker, None, anaphoric=anaphoric, verb=verb)
        start = min(self._with_determiner(speaker.start, unit), verb.i)
        if subject is not None and speaker.start <= subject.i < speaker.end and subject.i < verb.i:
            start = min(start, subject.left_edge.i)  # "Kremlin spokesman Dmitry Peskov told reporters"
        end = max(self._past_aside(speaker.end, unit) if speaker.end > verb.i else speaker.end, verb.i + 1)
        if quoted_by is not None and quoted_by.kind == "NewsOutlet":
            frame.addressee = quoted_by
        # "told the FT", "in an interview with the BBC": the addressee, when an outlet, passed the claim on.
        for k, cue in self._cues_in(unit, lex.interview_cues, inside):
            if frame.addressee is not None:
                break
            at = k + len(cue)
            while at < unit.end and doc[at].pos_ == "DET":
                at += 1
            mention = self.index.at_token(doc[at]) if at < unit.end else None
            if mention is not None and mention.kind == "NewsOutlet":
                frame.addressee = mention
                start = min(start, k) if k < verb.i else start
                end = max(end, self._token_range(mention)[1]) if k > verb.i else end
        for child in verb.children:  # "told reporters": the addressee belongs to the attribution
            if child.dep_ in ("dobj", "dative") and child.i > verb.i and lemma in lex.addressee_verbs:
                end = max(end, max(t.i for t in child.subtree) + 1)
        if lemma in lex.addressee_verbs and frame.addressee is None:
            for k in range(verb.i + 1, min(verb.i + 4, unit.end)):
                mention = self.index.at_token(doc[k])
                if mention is not None:
                    if mention.kind == "NewsOutlet":
                        frame.addressee = mention
                        end = max(end, self._token_range(mention)[1])
                    break
        # ", speaking on condition of anonymity", ", citing…" after the verb: how the speaker spoke.
        for child in verb.children:
            if child.i > verb.i and child.dep_ in ("advcl", "xcomp") and child.tag_ == "VBG" \
                    and not any(c.dep_ == "ccomp" for c in child.children):
                end = max(end, max(t.i for t in child.subtree) + 1)
        frame.segment = (start, end)
        self._citing(frame, unit, inside)
        if frame.cited is None and (speaker.mention.kind == "NewsOutlet" or lemma in lex.quoting_verbs):
            self._quoted_object(frame, verb, unit)
        # "X said that …": the clause is the content ("quoted … as saying that …": the clause of "saying").
        clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
        if clause is None and quoted_by is not None:
            clause = next((g for c in verb.subtree for g in c.children if g.dep_ == "ccomp" and g.i > verb.i), None)
        if clause is not None:
            sub = sorted(t.i for t in clause.subtree)
            # A quotation inside the clause is part of it ("said that Russia will consider “realities…”").
            holds_quotes = all(sub[0] <= q0 <= sub[-1] for q0, _ in unit.quotes)
            if sub[0] > frame.segment[1] - 1 and holds_quotes:
                frame.content = (sub[0], sub[-1] + 1)
            if frame.cited is None and not unit.quotes:
                self._nested(frame, clause, unit)
        elif act and not has_clause:
            frame.content = (unit.start, unit.end)  # "X thanked Y for Z": the act is the proposition
        return frame

    def _past_aside(self, end: int, unit: Unit) -> int:
        """Past an aside after a source (", including high-ranking officials,"), to its closing comma."""
        doc = self.doc
        if end + 1 < unit.end and doc[end].text == "," and doc[end + 1].lower_ in ASIDE_OPENERS:
            k = end + 1
            while k < unit.end and doc[k].text != ",":
                k += 1
            if k < unit.end:
                return k + 1
        return end


    # --- the assertion

    def assertion(self, unit: Unit, frame: Frame, content: Span | None = None, span: Span | None = None,
                  statement: str | None = None) -> AssertionMention:
        span = span or self._unit_span(unit)
        if content is None:
            content = self._content_span(unit, frame)
        if not span.contains(content):  # the proposition lies within its mention
            begin = min(max(content.begin, span.begin), span.end)
            content = Span(begin, max(begin, min(content.end, span.end)))
        text = self.analysis.source.text
        statement = statement or frame.statement or _statement(text[content.begin:content.end])
        source, via = self._chain(frame, unit)
        propositions = self.propositions
        tokens = propositions.tokens_within(content)
        roots = propositions.roots(tokens)
        certainty, polarity = propositions.certainty_polarity(roots, frame.verb)
        about = tuple(m for m in self.analysis.entities
                      if m.kind != "AnonymousSource" and content.contains(m.span))
        events = tuple(i for i, ev in enumerate(self.analysis.events) if content.contains(ev.trigger)) or \
            tuple(i for i, ev in enumerate(self.analysis.events) if span.contains(ev.trigger))
        if source is not None and source.ner_label == "SPEAKER" and source not in self.new_mentions:
            self.new_mentions.append(source)
        return AssertionMention(span=span, content=content, statement=statement, source=source, via=via,
                                certainty=certainty, polarity=polarity, about_entities=about, about_events=events,
                                keywords=propositions.keywords(tokens, roots, about))


    def _content_span(self, unit: Unit, frame: Frame) -> Span:
        doc, tokens = self.doc, self.tokens
        if frame.speaker is None:
            return self._unit_span(unit)
        s0, s1 = frame.segment
        if unit.quotes:
            outside = [q for q in unit.quotes if s0 > q[1] or s1 <= q[0]]
            words = sum(1 for q0, q1 in outside for t in tokens[q0 + 1:q1] if t.is_alpha)
            # A quotation right beside its attribution is speech however short ("“We are ready,” Peskov said");
            # elsewhere a short one is a scare quote, or part of a reported clause ("said that … “realities”").
            beside = any(0 <= s0 - q1 <= 2 or 0 <= q0 - s1 <= 3 for q0, q1 in outside)
            if outside and (beside or (words >= self.lex.min_quote_words and frame.content is None)):
                q0, q1 = outside[0][0], outside[-1][1]
                return self._trimmed(q0 + 1, q1)
        if frame.content is not None:
            return self._trimmed(*frame.content)
        first, text_start = unit.start, self._after_dateline(unit.start)
        while first < s0 and tokens[first].idx < text_start:
            first += 1
        before, after = (first, s0), (s1, unit.end)
        size = lambda r: sum(1 for t in tokens[r[0]:r[1]] if t.is_alpha)  # noqa: E731
        # ", according to an Israeli official, who said …": what follows is the source's relative clause,
        # not the rest of the claim.
        relative = s1 + 1 < unit.end and doc[s1 + 1].lower_ in ("who", "which", "whose", "whom")
        if size(before) >= 2 and size(after) >= 2 and doc[s0 - 1].text == "," and s1 < unit.end \
                and doc[s1].text == "," and not relative and any(t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")
                                                                 for t in tokens[before[0]:before[1]]):
            # "The talks, Erdogan said, would take place in Istanbul": the attribution is an aside.
            first, second = self._trimmed(*before), self._trimmed(s1, unit.end)
            text = self.analysis.source.text
            frame.statement = _statement(text[first.begin:first.end] + " " + text[second.begin:second.end])
            return Span(first.begin, second.end)
        best = before if size(before) > size(after) or (relative and size(before) >= 2) else after
        if best is after and frame.verb is not None and s1 < unit.end and doc[s1].dep_ == "prep" \
                and doc[s1].head.i == frame.verb.i:
            # "said after the talks that both sides had agreed …": the claim is the clause after "that"
            # (the parser often reads it as a relative clause of the noun before it).
            that = next((k for k in range(s1 + 1, min(s1 + 9, unit.end)) if doc[k].lower_ == "that"), None)
            if that is not None and size((that + 1, unit.end)) >= 2:
                best = (that + 1, unit.end)
        if size(best) == 0:
            return Span(doc[unit.start].idx, self._char_end(unit.end))
        return self._trimmed(*best)

    def _trimmed(self, start: int, end: int) -> Span:
        doc = self.doc
        while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ in ("that", "as")
                               and doc[start].dep_ in ("mark", "prep")):
            start += 1
        # "It is noted that Kyiv seeks…": the impersonal frame is the document's, not the claim's.
        if start + 4 < end and doc[start].lower_ in self.lex.impersonal_subjects and doc[start + 1].lemma_ == "be" \
                and self.lex.is_speech_verb(doc[start + 2]) and doc[start + 3].lower_ == "that":
            start += 4
        # "told state radio that the EU should…": a complementiser the parser did not read as one.
        if start + 1 < end and doc[start].lower_ == "that" and start > 0 and doc[start - 1].pos_ in (
                "VERB", "NOUN", "PROPN") and doc[start + 1].pos_ in ("DET", "PROPN", "NOUN", "PRON", "ADJ", "NUM"):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            if _is_quote(doc[end - 1], self.lex) and \
                    sum(_is_quote(t, self.lex) for t in self.tokens[start:end - 1]) % 2 == 1:
                break  # the closing mark of a quotation the span opens
            end -= 1
        if end < len(doc) and end > start and _is_quote(doc[end], self.lex) \
                and sum(_is_quote(t, self.lex) for t in self.tokens[start:end]) % 2 == 1:
            end += 1
        if start >= end:
            return Span(doc[start].idx, doc[start].idx)
        return Span(doc[start].idx, self._char_end(end))


def _statement(text: str) -> str:
    # Each run of spaces becomes one " " (the only space NOISE holds). A text whose spaces already are
    # single " " is left as it is, without the substitution's copy: "  " is not in it, and it is
    # printable (every other space character is not).
    if "  " in text or not text.isprintable():
        text = WHITESPACE.sub(" ", text)
    core = text.strip(NOISE)
    if sum(map(core.count, QUOTES)) % 2 == 1:
        # Keep the quotation marks balanced: "meet “realities on the ground”".
        lead, trail = text[:len(text) - len(text.lstrip(NOISE))], text[len(text.rstrip(NOISE)):]
        closing = next((c for c in trail if c in QUOTES), "")
        opening = next((c for c in lead if c in QUOTES), "")
        core = core + closing if closing else opening + core
    return core


@extractors.register("claims")
def extract_claims(doc: Doc, analysis: DocumentAnalysis) -> None:
    reader = DocumentReader(doc, analysis)
    assertions = reader.read()
    known = {(m.span.begin, m.span.end) for m in analysis.entities}
    for mention in reader.new_mentions:
        if (mention.span.begin, mention.span.end) not in known:
            analysis.entities.append(mention)
            known.add((mention.span.begin, mention.span.end))
    analysis.assertions.extend(assertions)
