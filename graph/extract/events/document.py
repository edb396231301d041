"""One document's reading: the triggers found, merged and absorbed, their arguments read, their
status and time, the links among them, and the event mentions emitted into its analysis."""

from __future__ import annotations

from spacy.tokens import Doc

from graph.extract.base import MentionIndex
from graph.extract.event_lexicon import Lexicon
from graph.extract.events.absorption import Absorption
from graph.extract.events.arguments import Arguments, _without_doubled_roles
from graph.extract.events.context import Context
from graph.extract.events.links import Links
from graph.extract.events.parse import _parse
from graph.extract.events.status import conventional_force, retype, status
from graph.extract.events.timing import Timing
from graph.extract.events.triggers import Candidate, find_obligations, find_triggers
from graph.model import DocumentAnalysis, EventMention, Span


class DocumentEvents:
    def __init__(self, doc: Doc, analysis: DocumentAnalysis, lex: Lexicon):
        self.doc, self.analysis, self.lex = doc, analysis, lex
        self.parse = _parse(doc)
        self.mentions = MentionIndex(analysis.entities)
        self.arguments = Arguments(doc, self.mentions, lex)
        self.absorption = Absorption(lex, self.arguments)

    def run(self) -> None:
        lex, arguments = self.lex, self.arguments
        cands = find_triggers(self.doc, self.mentions, lex)
        cands += find_obligations(self.parse, cands, lex, arguments.entities_at, self.mentions)
        cands.sort(key=lambda c: c.head.i)
        by_token: dict[int, Candidate] = {c.head.i: c for c in cands}
        for c in cands:  # "a mediation mission": the mission is the mediation
            if c.head.dep_ == "compound" and c.head.head.i not in by_token:
                by_token[c.head.head.i] = c
        arguments.trigger_ids = set(by_token)
        self.absorption.merge_and_absorb(cands, by_token)
        for cand in cands:
            arguments.read_arguments(cand)
            parties = tuple(dict.fromkeys(
                m for role, m in cand.roles if role == "party" and m.kind != "AnonymousSource"))
            if len(parties) >= 2:
                arguments.last_sides, arguments.last_sides_at = parties, cand.head.i
        self.absorption.share(cands)
        Context(self.doc, lex, arguments).read(cands)
        intended: dict[int, str] = {}
        statuses = {id(c): status(c, lex, intended) for c in cands}
        self.absorption.absorb_goals(cands, statuses)
        emitted = [c for c in cands if c.merged_into is None and c.absorbed_by is None]
        events = self.analysis.events
        base = len(events)
        for n, cand in enumerate(emitted):
            cand.index = base + n
        link_map = Links(self.doc, lex).link_map(cands, by_token)
        merged: dict[int, list[Candidate]] = {}
        for c in cands:
            if c.merged_into is not None:
                merged.setdefault(id(c.merged_into), []).append(c)
        when = Timing(self.doc, lex, self.mentions, self.analysis.source.published).date(
            emitted, statuses, link_map, base, merged)
        retype(emitted, statuses, lex, intended)
        conventional_force(emitted, lex)
        for cand in emitted:
            first, last = cand.tokens[0], cand.tokens[-1]
            trigger = Span(first.idx, last.idx + len(last.text))
            sent = self.parse.sentence(cand.head)
            events.append(EventMention(
                trigger=trigger, sentence=Span(sent.start_char, sent.end_char),
                event_class=cand.rule.event_class, plover=cand.plover, cameo=cand.cameo,
                roles=_without_doubled_roles(cand.roles), places=tuple(cand.places),
                time=when[id(cand)], status=statuses[id(cand)],
                cues=tuple(dict.fromkeys(c for c in cand.cues if c)),
                links=tuple(sorted(link_map.get(cand.index, []))),
            ))
        used = {id(m) for e in events[base:] for _, m in e.roles}
        for m in arguments.extra_mentions:
            if id(m) in used and m not in self.analysis.entities:
                self.analysis.entities.append(m)

