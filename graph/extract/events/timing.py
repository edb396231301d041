"""Time: the time expression that attaches to an event's trigger or to a verb above it (not one
attached to a verb of saying, which dates the report), the report's day for an event reported as
done, the publication date for an event going on now, an event on the other side of "N days
after/before" dated from the dated side (sequence.py), and an undated cause dated by what it derailed.
A time in a future clause ("will meet on Thursday") is read forward. Interface:
``Timing(doc, lex, mentions, published).date(emitted, statuses, link_map, base)``."""

from __future__ import annotations

from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from graph.extract.base import MentionIndex, char_span, doc_text
from graph.extract.event_lexicon import Lexicon
from graph.extract.event_lexicon import irregular_forms as _irregular_forms
from graph.extract.events.parse import _carrier, _children, _in_subtree, _lemma, _parse, _path_up
from graph.extract.events.sequence import Sequence, count_of, duration_days, find_sequences
from graph.extract.events.triggers import Candidate
from graph.model import TimeValue
from graph.timex import FutureCues, find_times, load_vocabulary, normalize


class Timing:
    """The times of one document's events."""

    def __init__(self, doc: Doc, lex: Lexicon, mentions: MentionIndex, published: date | None):
        self.doc, self.lex, self.mentions, self.published = doc, lex, mentions, published
        self.parse = _parse(doc)
        self.vocab = load_vocabulary()
        self.future = self.vocab.future

    def date(self, emitted: list[Candidate], statuses: dict[int, str], link_map: dict[int, list[tuple[str, int]]],
             base: int, merged: dict[int, list[Candidate]] | None = None) -> dict[int, TimeValue | None]:
        """The time of each emitted event (by ``id``), and the cue "began" on an event whose verb says
        its time is when it began. ``link_map`` and ``base``: the links between the emitted events, by
        their index (``base`` + position in ``emitted``); ``merged``: the triggers that are another's words,
        by the ``id`` of that one (a time of their clause is its time: "the agreement ... was signed on May 3")."""
        lex = self.lex
        times = self.document_times()
        merged = merged or {}
        when = {id(c): self.local_time(c, times) or next(
            (t for m in merged.get(id(c), ()) if (t := self.local_time(m, times)) is not None), None)
            or self.present(c) or (self.report_time(c, times) if statuses[id(c)] == "asserted" else None)
            for c in emitted}
        self.date_by_distance(emitted, when, times)
        self.date_by_lasting(emitted, when, times)
        lasting = self.stretch_by_duration(emitted, when, times)
        heads = {value.span: thead for value, thead in times}
        for cand in emitted:  # "the mediation began in June": June is when it started, not all it lasted
            value = when[id(cand)]
            if value is None or id(cand) in lasting:  # (unless the text says how long it lasted)
                continue
            verbs = [cand.head.head] if cand.head.dep_ in ("nsubj", "nsubjpass", "dobj") else []
            if value.span in heads:  # "the talks, initiated in May": a participle of beginning the time hangs on
                verbs += [c for c in _children(cand.head) if c.dep_ == "acl" and _governs(c, heads[value.span])]
            if any(_lemma(verb) in lex.modality["begin_verbs"] for verb in verbs):
                cand.cues.append("began")
        # An undated event that derailed a dated one happened by its end: "talks in August … broke down
        # due to the offensive" dates the offensive to August.
        for cand in emitted:
            for rel, j in link_map.get(cand.index, []):
                if rel != "disruptedBy":
                    continue
                cause = emitted[j - base]
                effect_time = when[id(cand)]
                if when[id(cause)] is None and effect_time is not None:
                    end = effect_time.end
                    when[id(cause)] = TimeValue(end.replace(day=1), end, effect_time.text, effect_time.span)
        return when

    def date_by_distance(self, emitted: list[Candidate], when: dict[int, TimeValue | None],
                         times: list[tuple[TimeValue, Token]]) -> None:
        """ "Two days after the talks collapsed, Chad attacked on Monday": the side of "after" or "before"
        that the text does not date takes the dated side's time shifted by the distance the text gives
        (and not the other side's own date, which the attachment above carried across the word: without
        a distance it stays, news telling in one sentence what followed on the same day)."""
        by_sentence: dict[int, list[Candidate]] = {}
        for cand in emitted:
            by_sentence.setdefault(self.parse.sentence(cand.head).start, []).append(cand)
        for cands in by_sentence.values():
            sentence = self.parse.sentence(cands[0].head)
            local = [(v, h) for v, h in times if sentence.start <= h.i < sentence.end]
            for seq in find_sequences(sentence, self.vocab):
                if seq.days is None:
                    continue
                sub = [c for c in cands if _on_side(c, seq.sub, self.lex)]
                main = [c for c in cands if _on_side(c, seq.main, self.lex)]
                sub_time = next((v for v, h in local if _in_subtree(h, seq.sub)), None)
                main_time = next((v for v, h in local if _governs(seq.main, h)), None)
                if main_time is None and sub_time is None:
                    # the main clause dated by its tense ("forces have agreed": news of the day)
                    main_time = next((when[id(c)] for c in main if when[id(c)] is not None), None)
                if (main_time is None) == (sub_time is None):
                    continue  # both sides dated by the text, or neither
                anchor, undated, from_main = (main_time, sub, True) if main_time else (sub_time, main, False)
                shifted = seq.shifted((anchor.begin, anchor.end), from_main)
                if shifted is None:
                    continue
                value = _distance_value(seq, shifted)
                for c in undated:
                    if when[id(c)] is None or when[id(c)].span == anchor.span:
                        when[id(c)] = value

    def date_by_lasting(self, emitted: list[Candidate], when: dict[int, TimeValue | None],
                        times: list[tuple[TimeValue, Token]]) -> None:
        """ "After two weeks of talks, Chad and Niger signed a truce on Friday", "renewed following days of
        discussions": the event lasted as long as the text says ("days": one) and ended by the time of what
        it preceded, the verb "after" hangs on or the first one above it that the text dates (the parse
        may hang "after" on a nearer word)."""
        cues = self.vocab.sequence
        for cand in emitted:
            head = cand.head
            if head.dep_ != "pobj" or head.head.lower_ != "of" or head.head.head.dep_ != "pobj":
                continue
            unit = head.head.head
            per_day, word = cues.units.get(unit.lower_), unit.head
            if per_day is None or cues.words.get(word.lower_) != "before" or word.dep_ != "prep":
                continue  # (only "after" and "following": what "before" introduces came later)
            end = self.time_above(word, cand, emitted, when, times)
            if end is None or when[id(cand)] not in (None, end):
                continue  # (a time of its own: "after talks in May")
            lasted = timedelta(days=(count_of(unit, self.vocab.numbers) or 1) * per_day)
            when[id(cand)] = TimeValue(end.begin - lasted, end.end, end.text, end.span)

    def time_above(self, word: Token, cand: Candidate, emitted: list[Candidate], when: dict[int, TimeValue | None],
                   times: list[tuple[TimeValue, Token]]) -> TimeValue | None:
        """The time of the nearest verb above ``word`` that the text dates: an expression it governs, or the
        time of an event it is, says or carries (other than ``cand``)."""
        sent = self.parse.sentence(word)
        for verb in _path_up(word)[:5]:
            own = next((v for v, h in times if sent.start <= h.i < sent.end and _governs(verb, h)), None)
            if own is not None:
                return own
            for other in emitted:
                o = other.head
                if other is not cand and when[id(other)] is not None and (o.i == verb.i or (
                        o.head.i == verb.i and o.dep_ in ("nsubj", "nsubjpass", "dobj")) or (
                        verb.dep_ == "acl" and verb.head.i == o.i)):
                    return when[id(other)]
        return None

    def stretch_by_duration(self, emitted: list[Candidate], when: dict[int, TimeValue | None],
                            times: list[tuple[TimeValue, Token]]) -> set[int]:
        """ "The 10-day talks, which began on June 3": a day that dates the start (or with "ended", the
        end) of an event whose duration the text gives stretches to the whole of it. The events
        stretched, by ``id``."""
        stretched: set[int] = set()
        heads = {value.span: thead for value, thead in times}
        cues, begins = self.vocab.sequence, self.lex.modality["begin_verbs"]
        for cand in emitted:
            value = when[id(cand)]
            thead = heads.get(value.span) if value is not None else None
            if thead is None or value.begin != value.end:
                continue
            verb = thead.head.head if thead.head.dep_ == "prep" else thead.head
            lemma = _lemma(verb)
            if lemma not in begins and lemma not in cues.end_verbs:
                continue
            carrier = cand.head.head if cand.head.dep_ in ("nsubj", "nsubjpass") else None
            days = duration_days(cand.head, carrier, cues, self.vocab.numbers)
            if carrier is not None and days is None:
                # "the talks were held over four days and ended on Friday": the duration on the other verb
                for other in (carrier, *(c for c in _children(carrier) if c.dep_ == "conj")):
                    days = days or duration_days(cand.head, other, cues, self.vocab.numbers)
            if not days:
                continue
            span = timedelta(days=days - 1)
            begin, end = (value.begin, value.begin + span) if lemma in begins else (value.end - span, value.end)
            when[id(cand)] = TimeValue(begin, end, value.text, value.span)
            stretched.add(id(cand))
        return stretched

    def local_time(self, cand: Candidate, times: list[tuple[TimeValue, Token]]) -> TimeValue | None:
        """The time its sentence gives the event, if any."""
        head = cand.head
        sent = self.parse.sentence(head)
        local = [(t, h) for t, h in times if sent.start <= h.i < sent.end]
        if not local:
            return None
        best: tuple[int, TimeValue] | None = None
        for value, thead in local:
            if _in_subtree(thead, head):
                future = _future_verb_above(thead, self.future)
                if future is not None and head.pos_ in ("VERB", "AUX") and future.i != head.i and _in_subtree(
                        future, head) and _future_verb_above(head, self.future) is None:
                    continue  # "agreed to hold talks in July": July is the talks', not the agreement's
                depth = 0
                tok = thead
                crosses = False
                while tok.i != head.i and tok.head.i != tok.i and depth < 12:
                    if tok.dep_ in ("relcl", "acl") and tok.head.i != head.i:
                        owner = self.mentions.at_token(tok.head)
                        crosses = crosses or (owner is not None and owner.is_place)
                    tok = tok.head
                    depth += 1
                if crosses:
                    continue  # "Crimea, which was occupied in 2014" dates the occupation, not the event
                cost = depth
            else:
                cost = None
                below = head
                for dist, anc in enumerate(_path_up(head), start=1):
                    if below.dep_ == "relcl" and value.span is not None and (
                            value.span.begin <= below.head.idx < value.span.end) and any(
                            c.lower_ == "when" for c in _children(below)) and (
                            below.i == head.i or head.dep_ in ("nsubj", "nsubjpass") and head.head.i == below.i):
                        # (the clause's own event, its verb or its subject: not "in 2018, when the US tore up
                        # the deal", which dates the tearing up)
                        # "in May 2021, when talks collapsed", "since 1974, when an intervention followed": the
                        # clause is of the date (of a "since", its start)
                        cost, value = 20 + dist, _start_of(value, self.published)
                        break
                    if below.dep_ == "prep" and below.lower_ in self.lex.modality["sequence_prepositions"] and any(
                            c.dep_ == "pobj" for c in _children(below)):
                        break  # "initiated in May following delays in the negotiations": May is not theirs
                    if _lemma(anc) in self.lex.modality["reporting_verbs"] or below.dep_ in ("relcl", "acl", "appos"):
                        break
                    subject = below.dep_ in ("nsubj", "nsubjpass")
                    below = anc
                    if _governs(anc, thead):
                        cost = 20 + dist
                        break
                    if subject and any(_governs(x, thead) for x in _xcomps(anc) + _conjoined_verbs(anc)):
                        # "a truce is set to begin this Sunday", "talks are expected to resume in May": what
                        # the subject's verb says it will do, its infinitive dates; "the talks were held over
                        # four days and ended on Friday": a verb that shares the subject, too
                        cost = 21 + dist
                        break
                if cost is None:
                    continue
            if best is None or cost < best[0]:
                best = (cost, value)
        return best[1] if best else None

    def report_time(self, cand: Candidate, times: list[tuple[TimeValue, Token]]) -> TimeValue | None:
        """An event with no time of its own, reported as done in a dated report ("Qatar said on Monday the
        truce had been extended"), happened by the report: it takes the report's day (not a report's
        month or year, which says little of when the event was)."""
        head = cand.head
        sent = self.parse.sentence(head)
        below = head
        for anc in _path_up(head):
            if anc.lower_ in self.vocab.report.since:
                return None  # "held captive since the start of the invasion": what began it, at any time before
            if below.dep_ == "relcl" and below.tag_ == "VBD" and below.head.i == anc.i:
                # "…, said on Monday the envoy, who chaired the talks": what the speaker did, told in the
                # past beside the report, is the news of that report
                return self.speakers_report_day(anc, sent, times)
            if below.dep_ in ("relcl", "acl", "appos"):
                return None
            if _lemma(anc) in self.lex.modality["reporting_verbs"]:
                if not (below.dep_ == "ccomp" or below.i == head.i and below.dep_ in ("nsubjpass", "dobj") and _lemma(
                        anc) in self.vocab.report.news_verbs):
                    return None
                said = [value for value, thead in times if sent.start <= thead.i < sent.end and _governs(anc, thead)]
                if said:  # a dated report: its day ("said on Monday"), not its month or year ("said in 2019")
                    return next((value for value in said if value.begin == value.end), None)
                # (not a mention with nothing of its own, "the talks", "discussions": the event the text named
                # before, which coreference finds by its emptiness, and which the day would set apart)
                return None if _bare(cand) else self.news_of_publication(anc)
            below = anc
        return None

    def news_of_publication(self, report: Token) -> TimeValue | None:
        """The publication date, for an event reported as done in a report the text does not date ("Iranian
        state television said the talks were held over four days", "clashes were reported"): the report
        is the news of the article, written on the day it was published (not a report under a modal or
        in a relative clause, "officials who had said", which may be of any time)."""
        if self.published is None:
            return None
        if report.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG") or any(
                c.dep_ == "aux" and c.tag_ == "MD" for c in _children(report)):
            return None  # "would say", "to report"
        clause = report
        for _ in range(12):
            if clause.dep_ == "ROOT":
                return TimeValue(self.published, self.published, report.text, char_span(report))
            if clause.dep_ in ("relcl", "acl", "appos", "pcomp"):
                return None  # "officials who had said", "a report published in 2019 said"
            clause = clause.head
        return None

    def speakers_report_day(self, speaker: Token, sent: Span,
                            times: list[tuple[TimeValue, Token]]) -> TimeValue | None:
        """The day of the report whose speaker ``speaker`` is (its subject, or the name after an inverted
        "said": "said on Monday the envoy"), if the report is dated to a day."""
        saying = self.lex.modality["reporting_verbs"]
        if speaker.dep_ not in ("nsubj", "npadvmod") or _lemma(speaker.head) not in saying:
            return None
        report = speaker.head
        # (and the verb of saying it hangs on: "said last night Borrell, who presided over the talks, reported
        # AP" parses Borrell as the subject of "reported", itself under "said")
        reports = [report] + ([report.head] if report.dep_ in ("ccomp", "conj", "parataxis") and _lemma(
            report.head) in self.lex.modality["reporting_verbs"] else [])
        for value, thead in times:
            if sent.start <= thead.i < sent.end and value.begin == value.end and any(
                    _governs(r, thead) for r in reports):
                return value
        return None

    def present(self, cand: Candidate) -> TimeValue | None:
        """An ongoing event (present progressive, "are in talks") is dated by the publication date."""
        if self.published is None or (cand.rule.pos == "noun" and _lemma(cand.head) in self.lex.modality[
                "lasting_events"]):
            return None
        verb = cand.head if cand.rule.pos == "verb" else _carrier(cand.head, self.lex)
        if verb is not None and _lemma(verb) in self.lex.modality["resumption_verbs"]:
            return None  # "seeks to resume talks": the talks are earlier ones
        if (verb is not None and verb.dep_ == "xcomp" and verb.tag_ == "VB"
                and _lemma(verb.head) in self.lex.light_verbs):
            verb = verb.head  # "Ukraine continues to strike": the carrying verb's tense is the event's
        if verb is None and cand.head.dep_ in ("nsubj", "nsubjpass") and cand.head.head.pos_ in ("VERB", "AUX"):
            # "The discussions are at a very early stage", "this dialogue is being mediated by Qatar":
            # talks that are the subject of a present-tense clause are going on now.
            verb = cand.head.head
            if _lemma(verb) in self.lex.modality["reporting_verbs"]:
                return None
            auxes = [c for c in _children(verb) if c.dep_ in ("aux", "auxpass")]
            present_aux = any(a.tag_ in ("VBP", "VBZ") for a in auxes)
            perfect = any(_lemma(a) == "have" for a in auxes)
            if (verb.tag_ in ("VBP", "VBZ") and not auxes) or (present_aux and not perfect and verb.tag_ in (
                    "VBG", "VBN")):
                return TimeValue(self.published, self.published, verb.text, char_span(verb))
            return None
        if verb is None:
            return None
        auxes = [c for c in _children(verb) if c.dep_ in ("aux", "auxpass")]
        progressive = verb.tag_ == "VBG" and any(a.tag_ in ("VBP", "VBZ") for a in auxes)
        copula_in = _lemma(verb) == "be" and verb.tag_ in ("VBP", "VBZ")
        # "Ukraine and Russia discuss …" (a headline's present), "have begun talks" (under way now)
        simple = (verb.tag_ in ("VBP", "VBZ") and not auxes and _lemma(verb) not in self.lex.modality["reporting_verbs"]
                  and verb.lower_ not in _irregular_forms())  # "retook" tagged VBP is a past
        begun = verb.tag_ == "VBN" and _lemma(verb) in ("begin", "start", "launch", "open", "enter") and any(
            a.tag_ in ("VBP", "VBZ") for a in auxes)
        # "Iran and Egypt have agreed", "the sides have reached a deal": news of a present perfect is of now
        # (not "have said", and not a perfect under a modal: "would have agreed")
        just_done = verb.tag_ == "VBN" and _lemma(verb) not in self.lex.modality["reporting_verbs"] and any(
            _lemma(a) == "have" and a.tag_ in ("VBP", "VBZ") for a in auxes) and not any(
            a.tag_ == "MD" for a in auxes) and not any(a.dep_ == "auxpass" for a in auxes)
        if progressive or copula_in or simple or begun or just_done:
            span = char_span(verb)
            return TimeValue(self.published, self.published, verb.text, span)
        return None

    def document_times(self) -> list[tuple[TimeValue, Token]]:
        out = []
        anchor = None
        text = doc_text(self.doc)
        for sent in self.parse.sentences:
            # (a slice of the document's text is the sentence's text: spaCy's Span.text joins its tokens)
            sent_text = text[sent.start_char:sent.end_char]
            for value in find_times(sent_text, self.published, offset=sent.start_char, anchor=anchor):
                span = self.doc.char_span(value.span.begin, value.span.end, alignment_mode="expand")
                if span is None:
                    continue
                if _future_clause(span.root, self.future):
                    forward = normalize(value.text, self.published, anchor=anchor, future=True)
                    if forward is not None:
                        value = TimeValue(forward[0], forward[1], value.text, value.span)
                out.append((value, span.root))
                anchor = (value.begin, value.end)
        return out


def _start_of(value: TimeValue, published: date | None) -> TimeValue:
    """The time a "since" range starts at ("since 1974": 1974), else the time itself."""
    words = value.text.split(maxsplit=1)
    if len(words) == 2 and words[0].lower() == "since" and published is not None:
        start = normalize(f"in {words[1]}", published)  # (a bare year is a time after "in")
        if start is not None:
            return TimeValue(start[0], start[1], value.text, value.span)
    return value


def _bare(cand: Candidate) -> bool:
    """A noun mention with no participant, place or word beside its trigger ("the talks", "discussions")."""
    return cand.rule.pos == "noun" and not cand.roles and not cand.places and not cand.cues


def _on_side(cand: Candidate, side: Token, lex: Lexicon) -> bool:
    """Whether an event is the side of a sequence: its word, its clause's subject or object, or carried by it."""
    head = cand.head
    if head.i == side.i:
        return True
    if head.head.i == side.i and head.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
        return True
    carrier = _carrier(head, lex)
    return carrier is not None and carrier.i == side.i


def _distance_value(seq: Sequence, interval: tuple[date, date]) -> TimeValue:
    words = seq.first.doc[seq.first.i:seq.word.i + 1]
    return TimeValue(interval[0], interval[1], words.text, char_span(words))


def _governs(verb: Token, time_head: Token) -> bool:
    """Whether a time expression hangs on ``verb``, directly or through a preposition ("met on Monday")."""
    above = time_head.head
    return above.i == verb.i or (above.dep_ == "prep" and above.head.i == verb.i)


def _xcomps(verb: Token) -> list[Token]:
    """The infinitives a verb carries, and theirs ("is set to begin", "is expected to agree to meet")."""
    out, todo = [], [verb]
    while todo and len(out) < 4:
        for c in _children(todo.pop()):
            if c.dep_ == "xcomp":
                out.append(c)
                todo.append(c)
    return out


def _conjoined_verbs(verb: Token) -> list[Token]:
    """The verbs conjoined to ``verb`` that have no subject of their own (they share its subject)."""
    return [c for c in _children(verb) if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not any(
        g.dep_ in ("nsubj", "nsubjpass") for g in _children(c))]


def _future_clause(time_head: Token, cues: FutureCues) -> bool:
    return _future_verb_above(time_head, cues) is not None


def _future_verb_above(time_head: Token, cues: FutureCues) -> Token | None:
    """Whether the clause a time expression belongs to is future ("will meet on Thursday", "said they would
    hold talks on Monday", "set to begin this Sunday", "scheduled for Friday"): the verb (or scheduling
    word) above the expression has a future auxiliary, is an infinitive under a word of planning, or
    schedules what it governs. ``_future_verb_above`` gives that verb (None: not future)."""
    verb = time_head
    for _ in range(5):
        if verb.pos_ in ("VERB", "AUX") or _lemma(verb) in cues.scheduling:
            break
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    else:
        return None
    return verb if _future_verb(verb, cues, depth=0) else None


def _future_verb(verb: Token, cues: FutureCues, depth: int) -> bool:
    auxes = [c for c in _children(verb) if c.dep_ in ("aux", "auxpass")]
    perfect = any(_lemma(a) == "have" for a in auxes)
    if any(a.lower_ in cues.auxiliaries for a in auxes) and not perfect:
        return True
    if _lemma(verb) in cues.scheduling and verb.tag_ in ("VBN", "JJ") and not perfect and not _past_copula(verb):
        return True  # "the summit is scheduled for Friday", "talks due on Monday"
    infinitive = any(a.tag_ == "TO" for a in auxes)
    if infinitive and verb.head.i != verb.i and depth < 2:
        above = verb.head
        if _lemma(above) in cues.scheduling and _past_copula(above):
            return False  # "the truce had been due to end on Monday": a future seen from the past
        return _lemma(above) in cues.before_infinitive or _future_verb(above, cues, depth + 1)
    return False


def _past_copula(word: Token) -> bool:
    """ "was due", "had been set", "were scheduled": a scheduling word said in the past."""
    verb = word.head if word.dep_ in ("acomp", "attr") else word
    return verb.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in _children(verb))

