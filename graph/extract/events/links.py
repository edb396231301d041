"""Links between events: "B was derailed by A", "A disrupted B", "B broke down due to A" give
(disruptedBy, A) on B; "A led to B" gives (ledTo, B) on A; "in response to A" gives (inResponseTo, A)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from graph.extract.base import doc_tokens
from graph.extract.event_lexicon import Lexicon
from graph.extract.events.parse import (
    _children,
    _direct_object,
    _is_verb,
    _lemma,
    _lemmas,
    _parse,
    _passive_subject,
    _path_up,
    _pobjs,
    _prep_children,
    _subject,
)
from graph.extract.events.triggers import Candidate


class Links:
    """The links among one document's events."""

    def __init__(self, doc: Doc, lex: Lexicon):
        self.doc, self.lex = doc, lex
        self.parse = _parse(doc)

    def link_map(self, cands: list[Candidate], by_token: dict[int, Candidate]) -> dict[int, list[tuple[str, int]]]:
        """The links of the emitted events (``index`` set): emitted index -> (relation, emitted index)."""
        link_map: dict[int, list[tuple[str, int]]] = {}
        def emitted_form(c: Candidate) -> Candidate:
            # a link to an event that was merged into or absorbed by another is a link to that one
            seen = {id(c)}
            while c.merged_into is not None or c.absorbed_by is not None:
                nxt = c.merged_into or c.absorbed_by
                if id(nxt) in seen:  # a cycle: stay where it closes
                    break
                c = nxt
                seen.add(id(c))
            return c

        for src, rel, dst in self.links(cands, by_token):
            src, dst = emitted_form(src), emitted_form(dst)
            if src.index >= 0 and dst.index >= 0 and src is not dst:
                entry = (rel, dst.index)
                if entry not in link_map.setdefault(src.index, []):
                    link_map[src.index].append(entry)
        return link_map

    def event_at(self, token: Token, by_token: dict[int, Candidate]) -> Candidate | None:
        cand = by_token.get(token.i)
        if cand is not None:
            return cand.merged_into or cand
        for c in _children(token):  # "a previous round of talks": the trigger under the head noun
            if c.dep_ == "prep" and c.lower_ == "of":
                for o in _pobjs(c):
                    if o.i in by_token:
                        return by_token[o.i]
        return None

    def following_event(self, verb: Token, by_token: dict[int, Candidate]) -> list[Token]:
        """The event right after a cause preposition following the verb ("broke down due to X's offensive")."""
        sent = self.parse.sentence(verb)
        words = [t.lower_ for t in sent]
        start = verb.i - sent.start
        for phrase in sorted(self.lex.links["cause_prepositions"], key=len, reverse=True):
            parts = phrase.split()
            for k in range(start + 1, min(start + 5, len(words))):
                if words[k:k + len(parts)] == parts:
                    for t in sent[k + len(parts):k + len(parts) + 6]:
                        if t.i in by_token:
                            return [t]
                    return []
        return []

    def preceding_event(self, verb: Token, by_token: dict[int, Candidate]) -> list[Token]:
        """The talks or agreement a failure verb without an event subject speaks of: the nearest one before it."""
        sent = self.parse.sentence(verb)
        for t in reversed(sent[:verb.i - sent.start]):
            cand = by_token.get(t.i)
            if cand is not None and cand.rule.frame in ("meeting", "mediation") or (
                    cand is not None and cand.rule.event_class == "Agreement" and cand.rule.pos == "noun"):
                return [t]
        return []

    def links(self, cands: list[Candidate], by_token: dict[int, Candidate]) -> list[tuple[Candidate, str, Candidate]]:
        lx = self.lex.links
        out: list[tuple[Candidate, str, Candidate]] = []
        link_verbs = lx["disrupt_verbs"] | lx["failure_verbs"] | lx["cause_verbs"]
        for token, lemma in zip(doc_tokens(self.doc), _lemmas(self.doc), strict=True):
            if lemma not in link_verbs or not _is_verb(token):
                continue
            if lemma in lx["disrupt_verbs"] or lemma in lx["failure_verbs"]:
                passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in _children(token))
                causes: list[Token] = []
                victims: list[Token] = []
                if passive:
                    victims = _passive_subject(token)
                    causes = [o for w, o in _prep_children(token) if w == "by"]
                else:
                    subj = _subject(token)
                    objs = [c for c in _children(token) if c.dep_ in ("dobj", "obj")]
                    if objs and lemma in lx["disrupt_verbs"]:
                        causes, victims = subj, objs
                    elif lemma in lx["failure_verbs"]:
                        victims = subj
                if not causes:
                    causes = [o for w, o in _prep_children(token) if w in lx["cause_prepositions"]]
                    for c in _children(token):  # "broke down due to X" where "down" carries the prep
                        if c.dep_ in ("prt", "advmod"):
                            causes += [o for w, o in _prep_children(c) if w in lx["cause_prepositions"]]
                if lemma in lx["failure_verbs"] or passive:
                    causes = causes or self.following_event(token, by_token)
                    if not any(self.event_at(v, by_token) for v in victims):
                        victims = self.preceding_event(token, by_token)
                for v in victims:
                    for c in causes:
                        ev, cause = self.event_at(v, by_token), self.event_at(c, by_token)
                        if ev is not None and cause is not None and ev is not cause:
                            out.append((ev, "disruptedBy", cause))
            if lemma in lx["cause_verbs"]:
                cause = next((self.event_at(s, by_token) for s in _subject(token) if self.event_at(s, by_token)), None)
                if cause is None:
                    continue
                effects = [obj for _, obj in _prep_children(token)]
                effects += [c for c in _children(token) if c.dep_ in ("advcl", "xcomp", "ccomp", "dobj")]
                effect_tokens = sorted((t for obj in effects for t in obj.subtree), key=lambda t: t.i)
                if effect_tokens:
                    for tok in effect_tokens:
                        effect = self.event_at(tok, by_token)
                        if effect is None or effect is cause:
                            continue
                        out.append((cause, "ledTo", effect))
                        # "A led to Moscow pulling out of the talks": the talks were disrupted by A.
                        if _lemma(effect.head) in lx["halt_verbs"]:
                            halted = _direct_object(effect.head)
                            target = self.event_at(halted, by_token) if halted is not None else None
                            if target is not None and target is not cause:
                                out.append((target, "disruptedBy", cause))
                        break
        openers = {p.split()[0] for p in lx["response_phrases"]}  # "in" (response to, retaliation for, …)
        # The tokens a preposition that opens one hangs on: the others have no phrase to read (their
        # prepositions are not looked up for every trigger whose way up crosses them).
        tokens, deps_with_objects = self.parse.tokens, ("prep", "agent", "dative")
        opened = {tokens[i].head.i for i, word in enumerate(self.parse.lowers)
                  if word in openers and tokens[i].dep_ in deps_with_objects}
        for cand in cands:
            for anc in [cand.head, *_path_up(cand.head)]:
                if anc.i not in opened:
                    continue
                for word, obj in _prep_children(anc):
                    if word not in openers:
                        continue
                    # The phrases are short: compare the first words of the object's phrase only (joining
                    # the whole subtree for every ancestor is quadratic on a very long sentence).
                    start = obj.left_edge.i
                    opening = " ".join(self.parse.lowers[start:min(start + 6, obj.right_edge.i + 1)])
                    if any(f"{word} {opening}".startswith(p) for p in lx["response_phrases"]):
                        for tok in obj.subtree:
                            other = self.event_at(tok, by_token)
                            if other is not None and other is not cand:
                                out.append((cand, "inResponseTo", other))
                                break
        return out
