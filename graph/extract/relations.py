"""Relations between actors stated in a document: offices, membership, location.

Offices come from the words next to a person's name, in four shapes:

- a title before the name: "Ukrainian President Volodymyr Zelensky", "Kremlin spokesman Dmitry Peskov",
  "Russia's deputy defense minister Alexander Fomin", "President of Ukraine Volodymyr Zelensky";
- the same with a comma: "the head of the Russian delegation, Vladimir Medinsky";
- an apposition after it: "Dmitry Peskov, Kremlin spokesman,", "Mykhailo Podolyak, an adviser to Zelenskyy".

The words of such a phrase are sorted into holders (a state, organisation or person named, or a
demonym: "Ukrainian" → Ukraine), function words, qualifiers ("deputy", "former") and office words;
the holder words are taken out and the rest is matched against the titles of graph/data/relations.toml,
longest first, to give the office as written and its concept. An office held in a person ("adviser to
Zelenskyy") is an affiliation with that person; the graph reaches the state through the person's own office.

Membership: "NATO members such as Poland", "Poland, a NATO member", "Poland and other NATO members".
Location: "Doha, Qatar", "the Kursk region in Russia", "Russia's Kursk region", "the Trypilska TPP 40 km
from Kyiv" (near, with the distance).
"""

from __future__ import annotations

import bisect
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from graph.extract import extractors
from graph.extract.base import MentionIndex, doc_lowers, doc_text, doc_tokens
from graph.extract.entities import demonym
from graph.gazetteer import Gazetteer, load_gazetteer
from graph.model import PLACE, DocumentAnalysis, EntityMention, RelationMention, Span

DATA = Path(__file__).resolve().parent.parent / "data"
DETERMINERS = frozenset({"the", "a", "an"})
POSSESSIVE = frozenset({"'s", "'", "’s", "ʼs", "’"})
STATE_KINDS = frozenset({"State"})
HOLDER_KINDS = frozenset({"State", "Organization", "NewsOutlet", "Person"})
UNIT_KINDS = HOLDER_KINDS | {PLACE}
# The NER label of a holder that the text does not name but the gazetteer knows ("President Zelensky").
KNOWN_OFFICE = "GAZETTEER-OFFICE"


def words_of(text: str) -> tuple[str, ...]:
    """A title's comparison form: lower case, hyphens as spaces, no articles ("Vice-President" → vice president)."""
    return tuple(w for w in re.split(r"[\s\-]+", text.casefold().strip()) if w and w not in DETERMINERS)


@dataclass(frozen=True)
class Office:
    words: tuple[str, ...]
    concept: str
    org_concept: str | None
    deputy: str | None
    local: bool = False  # an office of a city or region: a capital holding it stays the city


@dataclass(frozen=True)
class RelationRules:
    titles: dict[tuple[str, ...], Office]
    longest_title: int
    qualifiers: dict[tuple[str, ...], str]  # words → deputy | former | acting | other
    vocabulary: frozenset[str]  # every word that may stand in an office phrase
    body_words: frozenset[str]
    function_words: frozenset[str]
    holder_prepositions: frozenset[str]
    apposition_end: frozenset[str]
    apposition_openers: tuple[tuple[str, ...], ...]
    member_nouns: tuple[tuple[str, ...], ...]
    member_introducers: tuple[tuple[str, ...], ...]
    membership_copulas: frozenset[str]
    other_words: frozenset[str]
    location_prepositions: frozenset[str]
    direction_words: frozenset[str]
    distance_units: frozenset[str]
    distance_prepositions: tuple[tuple[str, ...], ...]
    lead_verbs: frozenset[str]
    led_groups: dict[tuple[str, ...], tuple[str, str]]  # group noun words → (office as written, concept)


def _phrases(items: list[str]) -> tuple[tuple[str, ...], ...]:
    # Longest first, so "member states" wins over "member".
    return tuple(sorted({tuple(x.casefold().split()) or (x,) for x in items}, key=lambda w: (-len(w), w)))


@functools.cache
def load_rules(path: Path = DATA / "relations.toml") -> RelationRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    titles: dict[tuple[str, ...], Office] = {}
    for entry in data["office"]:
        for title in entry["titles"]:
            words = words_of(title)
            # A title listed twice keeps its first, most specific, office.
            titles.setdefault(words, Office(words, entry["concept"], entry.get("org_concept"), entry.get("deputy"),
                                            bool(entry.get("local", False))))
    qualifiers = {words_of(q): kind for kind, items in data["qualifiers"].items() for q in items if words_of(q)}
    phrase, member, place = data["phrase"], data["membership"], data["location"]
    body = frozenset(w.casefold() for w in phrase["body_words"])
    vocabulary = frozenset(w for words in (*titles, *qualifiers) for w in words) | body
    return RelationRules(
        titles=titles, longest_title=max(len(w) for w in titles), qualifiers=qualifiers, vocabulary=vocabulary,
        body_words=body, function_words=frozenset(phrase["function_words"]),
        holder_prepositions=frozenset(phrase["holder_prepositions"]),
        apposition_end=frozenset(phrase["apposition_end"]), apposition_openers=_phrases(phrase["apposition_openers"]),
        member_nouns=_phrases(member["member_nouns"]), member_introducers=_phrases(member["member_introducers"]),
        membership_copulas=frozenset(member["membership_copulas"]), other_words=frozenset(member["other_words"]),
        location_prepositions=frozenset(place["location_prepositions"]),
        direction_words=frozenset(place["direction_words"]), distance_units=frozenset(place["distance_units"]),
        distance_prepositions=_phrases(place["distance_prepositions"]),
        lead_verbs=frozenset(data["led"]["verbs"]),
        led_groups={tuple(k.split()): (v[0], v[1]) for k, v in data["led"]["groups"].items()},
    )


@dataclass(frozen=True)
class Unit:
    """Tokens [start, end) that name one actor or place: an entity mention, or a demonym read as its state."""

    start: int
    end: int
    mention: EntityMention


class DocumentView:
    """One parsed document with its mentions laid over the tokens."""

    def __init__(self, doc: Doc, analysis: DocumentAnalysis, gazetteer: Gazetteer):
        self.doc, self.gazetteer = doc, gazetteer
        self.text = analysis.source.text
        self.lower: list[str] = doc_lowers(doc)
        # Each token's character offsets, read from the Doc's arrays at once, not from a Token each (a Token's
        # text is the document's text at those offsets).
        starts, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
        ends: list[int] = [start + length for start, length in zip(starts, lengths, strict=True)]
        text = doc_text(doc)
        # the token starts with a capital and is no determiner
        self._capital: list[bool] = [length > 0 and text[start].isupper() and lower not in DETERMINERS
                                     for start, length, lower in zip(starts, lengths, self.lower, strict=True)]
        self.unit_at: list[Unit | None] = [None] * len(doc)
        self.sent_start = [0] * len(doc)
        self.sent_end = [len(doc)] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_start[i], self.sent_end[i] = sent.start, sent.end
        index = MentionIndex(analysis.entities)
        # Only a token inside some mention can be under one: those are looked up, in text order.
        inside: set[int] = set()
        for m in index.mentions:
            k = bisect.bisect_left(starts, m.span.begin)
            while k < len(starts) and starts[k] < m.span.end:
                if ends[k] <= m.span.end:
                    inside.add(k)
                k += 1
        by_mention: dict[EntityMention, list[int]] = {}
        tokens = doc_tokens(doc)
        for i in sorted(inside):
            mention = index.at_token(tokens[i])
            # Groups and anonymous sources ("the Russian delegation", "a Ukrainian official") name no one who
            # holds or contains anything; their demonym still names the state.
            if mention is not None and mention.kind in UNIT_KINDS:
                by_mention.setdefault(mention, []).append(i)
        for mention, tokens in by_mention.items():
            unit = Unit(tokens[0], tokens[-1] + 1, mention)
            for i in tokens:
                self.unit_at[i] = unit
        self._demonyms(analysis, starts, ends)
        self.units = sorted({u for u in self.unit_at if u is not None}, key=lambda u: u.start)

    def _demonyms(self, analysis: DocumentAnalysis, starts: list[int], ends: list[int]) -> None:
        """'Ukrainian', 'South Korean': an adjective that names a state is a holder ("Ukrainian President").

        ``starts`` and ``ends``: each token's character offsets. A run of tokens is read as the
        document's text between them (what spaCy's Span.text gives, without making the Span)."""
        text, i, count = doc_text(self.doc), 0, len(starts)
        capital = self._capital  # a span's text starts with its first token's: the cheap tests first
        while i < count:
            found = None
            for size in (2, 1) if capital[i] else ():
                if i + size > count or any(self.unit_at[j] is not None for j in range(i, i + size)):
                    continue
                where = Span(starts[i], ends[i + size - 1])
                if not analysis.document.in_body(where):
                    continue
                key = demonym(self.gazetteer, text[where.begin:where.end])
                entry = self.gazetteer.get(key)
                if entry is not None and entry.kind in HOLDER_KINDS:
                    mention = EntityMention(where, analysis.source.text[where.begin:where.end], entry.kind,
                                            entry.key, entry.label, "DEMONYM")
                    found = Unit(i, i + size, mention)
                    break
            if found is None:
                i += 1
                continue
            for j in range(found.start, found.end):
                self.unit_at[j] = found
            i = found.end

    def kind(self, unit: Unit) -> str:
        """The kind of what a unit names, the gazetteer's when it knows it (a state named as a venue is a state)."""
        entry = self.gazetteer.get(unit.mention.key)
        return entry.kind if entry is not None else unit.mention.kind

    def is_state(self, unit: Unit) -> bool:
        return self.kind(unit) in STATE_KINDS

    def is_place(self, unit: Unit) -> bool:
        """A place that is not a state: a city, a region, a facility."""
        return self.kind(unit) == PLACE or (unit.mention.kind == PLACE and unit.mention.key is None)

    def matches(self, i: int, words: tuple[str, ...]) -> bool:
        return tuple(self.lower[i:i + len(words)]) == words

    def match_any(self, i: int, options: tuple[tuple[str, ...], ...]) -> int:
        """Length of the first (longest) option that starts at token i, 0 if none."""
        for words in options:
            if self.matches(i, words):
                return len(words)
        return 0

    def span(self, start: int, end: int) -> Span:
        return Span(self.doc[start].idx, self.doc[end - 1].idx + len(self.doc[end - 1].text))


# ------------------------------------------------------------------ offices

@dataclass
class Phrase:
    """An office phrase: tokens [start, end) and what each is."""

    start: int
    end: int
    roles: list[str]  # per token: H holder, P possessive, F function word, W office word


def _role(view: DocumentView, i: int, rules: RelationRules, person: Unit, name_start: int) -> str | None:
    unit = view.unit_at[i]
    if unit is not None and not (unit is person and i < name_start):
        return None if unit is person else "H"
    word = view.lower[i]
    if word in POSSESSIVE and i > 0 and view.unit_at[i - 1] is not None:
        return "P"
    if word in rules.function_words or word == "-":
        return "F"
    if word in rules.vocabulary or word.rstrip("-") in rules.vocabulary:
        return "W"
    return None


def _collect(view: DocumentView, at: int, step: int, rules: RelationRules, person: Unit,
             name_start: int = -1) -> Phrase | None:
    """The run of office-phrase tokens from ``at`` going ``step`` (-1 left, +1 right), within the sentence."""
    lo, hi = view.sent_start[at], view.sent_end[at]
    roles: list[tuple[int, str]] = []
    i = at
    while lo <= i < hi:
        role = _role(view, i, rules, person, name_start)
        if role is None:
            break
        roles.append((i, role))
        i += step
    if not roles:
        return None
    roles.sort()
    return Phrase(roles[0][0], roles[-1][0] + 1, [r for _, r in roles])


@dataclass(frozen=True)
class TitleMatch:
    start: int  # token indexes
    end: int
    office: Office


def _titles(view: DocumentView, phrase: Phrase, rules: RelationRules) -> list[TitleMatch]:
    """Titles in a phrase, greedy longest first, over its office words (holders and articles left out)."""
    seq = [(phrase.start + k, view.lower[phrase.start + k].rstrip("-"))
           for k, role in enumerate(phrase.roles)
           if role in ("W", "F") and view.lower[phrase.start + k] not in DETERMINERS | POSSESSIVE
           and view.lower[phrase.start + k] != "-"]
    out, k = [], 0
    while k < len(seq):
        for size in range(min(rules.longest_title, len(seq) - k), 0, -1):
            words = tuple(w for _, w in seq[k:k + size])
            office = rules.titles.get(words)
            if office is not None:
                out.append(TitleMatch(seq[k][0], seq[k + size - 1][0] + 1, office))
                k += size
                break
        else:
            k += 1
    return out


def _role_at(phrase: Phrase, i: int) -> str:
    return phrase.roles[i - phrase.start]


def _holder(view: DocumentView, phrase: Phrase, title: TitleMatch, left_bound: int, right_bound: int,
            rules: RelationRules) -> Unit | None:
    """The holder: the nearest one before the title (possessive or attributive), else one inside it, else one
    after a preposition ("President of Ukraine")."""
    i = title.start - 1
    while i >= left_bound:
        role = _role_at(phrase, i)
        if role == "H":
            return view.unit_at[i]
        i -= 1
    for i in range(title.start, title.end):  # "head of the Russian delegation": inside the title's words
        if _role_at(phrase, i) == "H":
            return view.unit_at[i]
    i = title.end
    while i < right_bound and _role_at(phrase, i) == "W" and view.lower[i] in rules.body_words:
        i += 1
    if i < right_bound and view.lower[i] in rules.holder_prepositions:
        i += 1
        while i < right_bound and _role_at(phrase, i) in ("F", "W"):
            i += 1  # "of the Russian delegation", "to the head of the Ukrainian presidential office"
        if i < right_bound and _role_at(phrase, i) == "H":
            return view.unit_at[i]
    return None


def _office_literal(view: DocumentView, phrase: Phrase, title: TitleMatch, left_bound: int,
                    rules: RelationRules) -> tuple[str, int]:
    """The office as written (qualifiers and body words before the title included, holders left out)."""
    start = title.start
    while start - 1 >= left_bound and _role_at(phrase, start - 1) == "W":
        start -= 1
    words = [view.doc[i].text for i in range(start, title.end)
             if _role_at(phrase, i) in ("W", "F") and not (i == start and view.lower[i] in DETERMINERS)]
    text = " ".join(words).replace(" - ", "-").replace("- ", "-")
    return text, start


def _qualifiers(view: DocumentView, start: int, end: int, rules: RelationRules) -> tuple[set[str], int]:
    """The kinds of qualifier in tokens [start, end), and the index of the first (``end`` if none)."""
    found, first, i = set(), end, start
    while i < end:
        for size in (3, 2, 1):
            kind = rules.qualifiers.get(tuple(w.rstrip("-") for w in view.lower[i:i + size]))
            if kind is not None:
                found.add(kind)
                first = min(first, i)
                i += size - 1
                break
        i += 1
    return found, first


def _office_relation(view: DocumentView, person: Unit, holder: Unit, title: TitleMatch, literal: str,
                     qualifiers: set[str], evidence: Span) -> RelationMention | None:
    if holder.mention is person.mention:
        return None
    kind = view.kind(holder)
    mention = holder.mention
    named = view.gazetteer.lookup(mention.text)
    if title.office.local and named is not None and named.kind == PLACE:
        # "Kyiv's mayor": the entities stage read the capital as its state acting; the office is the city's.
        mention = EntityMention(mention.span, mention.text, PLACE, named.key, named.label, "GAZETTEER")
        kind = PLACE
    if kind == PLACE and title.office.local:
        return RelationMention("holdsOffice", person.mention, mention, evidence, office=literal,
                               office_concept=title.office.concept, qualifier=_status(qualifiers))
    if kind == PLACE:
        # "Kyiv's envoy": a capital that holds a state's office stands for its state.
        state = view.gazetteer.get(view.gazetteer.acting_key(mention.key)) if mention.key else None
        if state is None or state.kind not in STATE_KINDS:
            return None
        mention = EntityMention(mention.span, mention.text, state.kind, state.key, state.label, "METONYM")
        kind = state.kind
    if kind not in HOLDER_KINDS:
        return None
    office = title.office
    concept = office.org_concept if kind in ("Organization", "NewsOutlet") else office.concept
    if "deputy" in qualifiers and title.office.words[0] not in ("deputy", "vice"):
        concept = office.deputy
    relation = "affiliatedWith" if kind == "Person" else "holdsOffice"
    return RelationMention(relation, person.mention, mention, evidence, office=literal, office_concept=concept,
                           qualifier=_status(qualifiers))


def _status(qualifiers: set[str]) -> str | None:
    return "former" if "former" in qualifiers else "acting" if "acting" in qualifiers else None


def _known_holder(view: DocumentView, person: Unit, title: TitleMatch, qualifiers: set[str]) -> Unit | None:
    """'President Volodymyr Zelensky': no state is named, but the gazetteer knows that this person holds this
    kind of office, and where. The title is then the passage that grounds the gazetteer's fact."""
    entry = view.gazetteer.get(person.mention.key)
    office = entry.office if entry is not None else None
    if not office or office.get("concept") != title.office.concept or qualifiers & {"former", "deputy"}:
        return None
    state = view.gazetteer.get(office.get("holder_of"))
    if state is None:
        return None
    span = view.span(title.start, title.end)
    mention = EntityMention(span, view.text[span.begin:span.end], state.kind, state.key, state.label, KNOWN_OFFICE)
    return Unit(title.start, title.end, mention)


def _apposed(view: DocumentView, person: Unit) -> bool:
    """Is a name after a comma in apposition (rather than the subject of what follows)?"""
    root = view.doc[person.start:person.end].root
    if root.dep_ == "appos":
        return True
    after = person.end
    return after >= view.sent_end[person.start] or view.lower[after] in (",", ")", ";", "—", "–")


def _before_name(view: DocumentView, person: Unit, rules: RelationRules) -> RelationMention | None:
    """'Russia's deputy defense minister Alexander Fomin', 'the head of the Russian delegation, Vladimir Medinsky'."""
    # A name the NER took with its title ("Emir Tamim bin Hamad Al Thani"): the title words are the phrase's end.
    name_start = person.start
    while name_start < person.end - 1 and view.lower[name_start] in rules.vocabulary:
        name_start += 1
    at = name_start - 1
    if at >= 0 and at < person.start and view.lower[at] == ",":
        # "the head of the Russian delegation, Vladimir Medinsky, arrived": the name stands in apposition.
        # "After a call with Ukraine's foreign minister, Zelensky said": the name starts the main clause.
        if not _apposed(view, person):
            return None
        at -= 1
    if at < 0 or view.sent_start[person.start] > at:
        return None
    phrase = _collect(view, at, -1, rules, person, name_start)
    # "an adviser to | Zelenskyy": a phrase ending in a preposition makes the name the holder, not an adviser.
    if phrase is None or phrase.roles[-1] == "F":
        return None
    titles = _titles(view, phrase, rules)
    if not titles:
        return None
    title = titles[-1]
    # Between the title and the name only a holder phrase may stand ("President of Ukraine Volodymyr Zelensky").
    left_bound = titles[-2].end if len(titles) > 1 else phrase.start
    qualifiers, first = _qualifiers(view, left_bound, title.start, rules)  # "Former British Prime Minister …"
    holder = _holder(view, phrase, title, left_bound, phrase.end, rules) or _known_holder(view, person, title,
                                                                                          qualifiers)
    if holder is None:
        return None
    literal, literal_start = _office_literal(view, phrase, title, left_bound, rules)
    begin = min(literal_start, holder.start, first)
    evidence = view.span(begin, person.end)
    return _office_relation(view, person, holder, title, literal, qualifiers, evidence)


def _after_name(view: DocumentView, person: Unit, rules: RelationRules) -> RelationMention | None:
    """'Dmitry Peskov, Kremlin spokesman,', 'Mykhailo Podolyak, an adviser to Zelenskyy'."""
    at = person.end
    end = view.sent_end[person.start]
    if at >= end or view.lower[at] not in (",", "("):
        return None
    at += 1
    at += view.match_any(at, rules.apposition_openers)
    if at >= end:
        return None
    phrase = _collect(view, at, +1, rules, person)
    if phrase is None:
        return None
    if phrase.end < end and view.lower[phrase.end] not in rules.apposition_end:
        return None  # not an apposition that ends: "Putin, Russia's leader since 2000" is left alone
    titles = _titles(view, phrase, rules)
    if not titles:
        return None
    title = titles[0]
    right_bound = titles[1].start if len(titles) > 1 else phrase.end
    qualifiers, _ = _qualifiers(view, phrase.start, title.start, rules)
    holder = _holder(view, phrase, title, phrase.start, right_bound, rules) or _known_holder(view, person, title,
                                                                                            qualifiers)
    if holder is None:
        return None
    literal, literal_start = _office_literal(view, phrase, title, phrase.start, rules)
    last = max(title.end, holder.end)
    evidence = view.span(person.start, last)
    return _office_relation(view, person, holder, title, literal, qualifiers, evidence)


GroupMatch = tuple[Unit, int, int, str, str]  # holder, first token, end token, office, concept


def _group_at(view: DocumentView, i: int, rules: RelationRules, forward: bool) -> GroupMatch | None:
    """A state's group ending (forward=False) or starting (forward=True) at token i: "the Russian delegation",
    "Russia's negotiating team". Returns (holder, first token, end token, office, concept)."""
    for words, (office, concept) in sorted(rules.led_groups.items(), key=lambda kv: -len(kv[0])):
        if forward:
            start = i + (1 if i < len(view.lower) and view.lower[i] == "the" else 0)
            holder = view.unit_at[start] if start < len(view.lower) else None
            if holder is None or holder.start != start:
                continue
            at = holder.end + (1 if holder.end < len(view.lower) and view.lower[holder.end] in POSSESSIVE else 0)
            if view.matches(at, words) and view.is_state(holder):
                return holder, i, at + len(words), office, concept
        else:
            begin = i - len(words) + 1
            if begin < 1 or not view.matches(begin, words):
                continue
            at = begin - 1
            if view.lower[at] in POSSESSIVE:
                at -= 1
            holder = view.unit_at[at] if at >= 0 else None
            if holder is not None and view.is_state(holder):
                first = holder.start - (1 if holder.start > 0 and view.lower[holder.start - 1] == "the" else 0)
                return holder, first, i + 1, office, concept
    return None


def _led_by(view: DocumentView, person: Unit, rules: RelationRules) -> RelationMention | None:
    """'the Russian delegation, led by Vladimir Medinsky', 'Medinsky, who heads the Russian delegation'."""
    lo, hi = view.sent_start[person.start], view.sent_end[person.start]
    k = person.start - 2
    if k - 1 >= lo and view.lower[k] in rules.lead_verbs and view.lower[k + 1] == "by":
        last = k - 2 if view.lower[k - 1] == "," else k - 1  # "the Russian delegation(,) led by"
        found = _group_at(view, last, rules, forward=False)
        if found is not None:
            holder, first, _, office, concept = found
            return RelationMention("holdsOffice", person.mention, holder.mention, view.span(first, person.end),
                                   office=office, office_concept=concept)
    k = person.end
    if k + 2 < hi and view.lower[k] == "," and view.lower[k + 1] == "who" and view.lower[k + 2] in rules.lead_verbs:
        found = _group_at(view, k + 3, rules, forward=True)
        if found is not None:
            holder, _, last, office, concept = found
            return RelationMention("holdsOffice", person.mention, holder.mention, view.span(person.start, last),
                                   office=office, office_concept=concept)
    return None


def find_offices(view: DocumentView, rules: RelationRules) -> list[RelationMention]:
    out = []
    for unit in view.units:
        if unit.mention.kind != "Person":
            continue
        for finder in (_before_name, _after_name, _led_by):
            relation = finder(view, unit, rules)
            if relation is not None:
                out.append(relation)
    return out


# ------------------------------------------------------------------ membership

def _state_list(view: DocumentView, i: int, end: int) -> tuple[list[Unit], int]:
    """States listed from token i: 'Poland', 'Poland and Hungary', 'Poland, Hungary, and Romania'."""
    found: list[Unit] = []
    while i < end:
        unit = view.unit_at[i]
        if unit is None or not view.is_state(unit):
            break
        found.append(unit)
        i = unit.end
        if i < end and view.lower[i] in (",", "and", "or"):
            j = i + 1
            if j < end and view.lower[j] in ("and", "or"):
                j += 1
            if j < end and view.unit_at[j] is not None and view.is_state(view.unit_at[j]):
                i = j
                continue
        break
    return found, i


def _states_ending_at(view: DocumentView, last: Unit) -> list[Unit]:
    """The list of states that ends with ``last``: 'Germany, France and Italy' → all three."""
    found, i = [last], last.start - 1
    lo = view.sent_start[last.start]
    while i >= lo and view.lower[i] in (",", "and", "or"):
        j = i - 1
        if j >= lo and view.lower[i] in ("and", "or") and view.lower[j] == ",":
            j -= 1
        unit = view.unit_at[j] if j >= lo else None
        if unit is None or not view.is_state(unit):
            break
        found.insert(0, unit)
        i = unit.start - 1
    return found


def _member_noun_after(view: DocumentView, org: Unit, rules: RelationRules) -> int:
    """Tokens after an organisation's name that make it its members ('NATO members'); 0 if none.

    A name whose own words end in a member noun ('G7 countries') counts, with nothing after it."""
    own = tuple(view.lower[org.start:org.end])
    if any(own[-len(noun):] == noun for noun in rules.member_nouns if len(own) > len(noun)):
        return -1
    return view.match_any(org.end, rules.member_nouns)


def _is_org(view: DocumentView, unit: Unit) -> bool:
    return view.kind(unit) == "Organization"


def find_memberships(view: DocumentView, rules: RelationRules) -> list[RelationMention]:
    out: list[RelationMention] = []
    for org in view.units:
        if not _is_org(view, org):
            continue
        noun = _member_noun_after(view, org, rules)
        if noun == 0:
            continue
        end = view.sent_end[org.start]
        after = org.end + max(noun, 0)
        # "NATO members such as Poland and Hungary", "NATO member Poland", "G7 countries including Japan".
        j = after + view.match_any(after, rules.member_introducers)
        members, stop = _state_list(view, j, end)
        for member in members:
            out.append(RelationMention("memberOf", member.mention, org.mention, view.span(org.start, stop)))
        # "Poland and other NATO members", "Poland, a NATO member", "Poland, a member of NATO" (below).
        start = org.start
        if start >= 1 and view.lower[start - 1] in rules.other_words:
            k = start - 2
            if k >= 0 and view.lower[k] in ("and", "or", ","):
                k -= 1
                if k >= 0 and view.unit_at[k] is not None and view.is_state(view.unit_at[k]):
                    members = _states_ending_at(view, view.unit_at[k])
                    out += [RelationMention("memberOf", m.mention, org.mention, view.span(members[0].start, after))
                            for m in members]
        k = start - 1
        if k >= 0 and view.lower[k] in ("a", "an", "all", "both"):
            k -= 1
            if k >= 0 and view.lower[k] in (",", *rules.membership_copulas):
                k -= 1
                if k >= 0 and view.unit_at[k] is not None and view.is_state(view.unit_at[k]):
                    members = _states_ending_at(view, view.unit_at[k])
                    out += [RelationMention("memberOf", m.mention, org.mention, view.span(members[0].start, after))
                            for m in members]
    # "Poland, a member of NATO", "Poland is a member of the EU".
    for unit in view.units:
        if not view.is_state(unit):
            continue
        i, end = unit.end, view.sent_end[unit.start]
        if i < end and (view.lower[i] == "," or view.lower[i] in rules.membership_copulas):
            i += 1
            for words in (("a", "member", "of"), ("a", "founding", "member", "of"), ("member", "of"),
                          ("an", "ally", "of"), ("a", "member", "state", "of")):
                if view.matches(i, words):
                    k = i + len(words)
                    if k < end and view.lower[k] == "the":
                        k += 1
                    org = view.unit_at[k] if k < end else None
                    if org is not None and _is_org(view, org):
                        out.append(RelationMention("memberOf", unit.mention, org.mention,
                                                   view.span(unit.start, org.end)))
                    break
    return out


# ------------------------------------------------------------------ location

def _np_ends(view: DocumentView, unit: Unit) -> bool:
    """The place name ends its noun phrase ('Russia's Kursk region.', not 'Ukraine's Kursk incursion')."""
    if unit.end >= len(view.doc):
        return True
    nxt = view.doc[unit.end]
    return nxt.pos_ not in ("NOUN", "PROPN") or nxt.lower_ in ("'s",)


def _located(view: DocumentView, place: Unit, container: Unit, start: int, end: int) -> RelationMention:
    return RelationMention("locatedIn", place.mention, container.mention, view.span(start, end))


def find_locations(view: DocumentView, rules: RelationRules) -> list[RelationMention]:
    out: list[RelationMention] = []
    for place in view.units:
        if not view.is_place(place):
            continue
        end = view.sent_end[place.start]
        i = place.end
        # "Doha, Qatar"
        if i + 1 < end and view.lower[i] == ",":
            other = view.unit_at[i + 1]
            if other is not None and other.start == i + 1 and view.is_state(other):
                out.append(_located(view, place, other, place.start, other.end))
        # "the Kursk region in (western) Russia", "Sudzha in the Kursk region"
        if i < end and view.lower[i] in rules.location_prepositions:
            j = i + 1
            while j < end and view.lower[j] in rules.direction_words:
                j += 1
            other = view.unit_at[j] if j < end else None
            if (other is not None and other.start == j and other is not place
                    and (view.is_state(other) or view.is_place(other))
                    and other.mention.key != place.mention.key):
                out.append(_located(view, place, other, place.start, other.end))
        # "the Trypilska TPP 40 km from Kyiv"
        if i + 2 < end and view.doc[i].like_num and view.lower[i + 1] in rules.distance_units:
            j = i + 2
            size = view.match_any(j, rules.distance_prepositions)
            other = view.unit_at[j + size] if size and j + size < end else None
            if other is not None and other.start == j + size and (view.is_place(other) or view.is_state(other)):
                distance = f"{view.doc[i].text} {view.doc[i + 1].text}"
                if size and view.lower[j:j + size] != ["from"]:
                    distance += " " + " ".join(t.text for t in view.doc[j:j + size])
                out.append(RelationMention("locatedNear", place.mention, other.mention,
                                           view.span(place.start, other.end), qualifier=distance))
        # "Russia's (western) Kursk region"
        j = place.start - 1
        while j >= 0 and view.lower[j] in rules.direction_words - {"the"}:
            j -= 1
        if j >= 1 and view.lower[j] in POSSESSIVE:
            owner = view.unit_at[j - 1]
            if owner is not None and view.is_state(owner) and _np_ends(view, place):
                out.append(_located(view, place, owner, owner.start, place.end))
    return [r for r in out if _agrees_with_gazetteer(view.gazetteer, r)]


def _agrees_with_gazetteer(gazetteer: Gazetteer, relation: RelationMention) -> bool:
    """A place the gazetteer locates in one state is not put in another by a loose pattern."""
    entry = gazetteer.get(relation.subject.key)
    if relation.relation != "locatedIn" or entry is None or entry.located_in is None:
        return True
    target = gazetteer.get(relation.object.key)
    return target is None or target.kind != "State" or target.key == entry.located_in


# ------------------------------------------------------------------ the component

@extractors.register("relations")
def extract_relations(doc: Doc, analysis: DocumentAnalysis) -> None:
    rules, gazetteer = load_rules(), load_gazetteer()
    view = DocumentView(doc, analysis, gazetteer)
    seen: set[tuple] = set()
    for relation in (*find_offices(view, rules), *find_memberships(view, rules), *find_locations(view, rules)):
        key = (relation.relation, relation.subject.span, relation.object.span, relation.object.key,
               relation.office_concept, relation.office)
        if key in seen:
            continue
        seen.add(key)
        analysis.relations.append(relation)
