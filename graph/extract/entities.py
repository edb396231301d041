"""Actors and places: spaCy's entities (gazetteer ruler first, then the statistical NER),
typed by the profile's kinds, with capitals and seats of government resolved by context:
"Kyiv seeks…" is Ukraine acting, "40 km from Kyiv" is the city.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from graph.extract import extractors
from graph.extract.base import doc_text, doc_tokens
from graph.gazetteer import Gazetteer, fold, load_gazetteer
from graph.model import PLACE, DocumentAnalysis, EntityMention, Span
from graph.namespaces import slug
from graph.world import place_names, plain

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class EntityRules:
    actor_labels: frozenset[str]
    place_prepositions: frozenset[str]
    state_place_prepositions: frozenset[str]
    motion_heads: frozenset[str]
    acting_deps: frozenset[str]
    facility_words: tuple[tuple[str, ...], ...]  # each word in lower case: it is compared in lower case
    outlet_words: frozenset[str]
    outlet_words_with_news: frozenset[str]
    outlet_cues: frozenset[str]
    not_entities: frozenset[str]
    leading_determiners: frozenset[str]
    military_nouns: frozenset[str]
    military_label: str
    people_nouns: frozenset[str]
    armed_group_nouns: frozenset[str]  # fighters against a state, named by a region or a people: an organisation
    ethnic_words: frozenset[str]  # before a demonym, they make its group a people's, not the state's
    community_words: frozenset[str]  # faiths and communities that name a group by themselves ("Muslim hackers")
    organised_nouns: frozenset[str]
    name_titles: frozenset[str]
    honorifics: tuple[tuple[str, ...], ...]  # longest first
    place_heads: frozenset[str]
    place_compound_heads: frozenset[str]
    directions: frozenset[str]
    recurring_kinds: frozenset[str]  # kinds of names recognised wherever the document writes them again
    organisation_words: frozenset[str]
    not_actor_heads: frozenset[str]
    state_outlets: tuple[str, ...]
    led_nouns: tuple[str, ...]


@functools.cache
def load_rules(path: Path = DATA / "entities.toml") -> EntityRules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return EntityRules(
        actor_labels=frozenset(data["actor_labels"]),
        place_prepositions=frozenset(data["place_prepositions"]),
        state_place_prepositions=frozenset(data["state_place_prepositions"]),
        motion_heads=frozenset(data["motion_heads"]),
        acting_deps=frozenset(data["acting_deps"]),
        # longest first, so "power plant" wins over "plant"
        facility_words=tuple(sorted((tuple(w.lower().split()) for w in data["facility_words"]), key=len,
                                    reverse=True)),
        outlet_words=frozenset(data["outlet_words"]),
        outlet_words_with_news=frozenset(data["outlet_words_with_news"]),
        outlet_cues=frozenset(w.lower() for w in data["outlet_cues"]),
        not_entities=frozenset(fold(x) for x in data["not_entities"]),
        leading_determiners=frozenset(data["leading_determiners"]),
        military_nouns=frozenset(data["groups"]["military"]),
        military_label=data["groups"]["military_label"],
        people_nouns=frozenset(data["groups"]["people"]),
        armed_group_nouns=frozenset(data["groups"]["armed_groups"]),
        ethnic_words=frozenset(data["groups"]["ethnic_words"]),
        community_words=frozenset(w.lower() for w in data["groups"]["community_words"]),
        organised_nouns=frozenset(data["groups"]["organised"]),
        name_titles=frozenset(data["name_titles"]),
        honorifics=tuple(sorted({tuple(h.split()) for h in data["honorifics"]}, key=len, reverse=True)),
        place_heads=frozenset(data["place_heads"]),
        place_compound_heads=frozenset(data["place_compound_heads"]) | frozenset(data["place_heads"]),
        organisation_words=frozenset(data["organisation_words"]),
        not_actor_heads=frozenset(data["not_actor_heads"]),
        state_outlets=tuple(sorted(data["state_outlets"], key=len, reverse=True)),
        led_nouns=tuple(data["led_nouns"]),
        directions=frozenset(data["directions"]),
        recurring_kinds=frozenset(data["recurring_kinds"]),
    )


def _locative(token: Token, rules: EntityRules, preps: frozenset[str]) -> bool:
    """Is the phrase headed by ``token`` where something happens ("in Doha", "40 km from Kyiv")?"""
    while token.dep_ in ("compound", "amod", "nmod") and token.head is not token:
        token = token.head
    if token.dep_ == "appos":  # "Doha, Qatar" / "in Doha, Qatar": as the head goes
        token = token.head
    while token.dep_ == "conj":  # "in Doha and Cairo"
        token = token.head
    if token.dep_ != "pobj":
        return False
    prep = token.head.lower_
    if prep == "to":
        return token.head.head.lemma_.lower() in rules.motion_heads
    return prep in preps


def _acting(token: Token, rules: EntityRules) -> bool:
    while token.dep_ == "conj":
        token = token.head
    if token.dep_ in rules.acting_deps:
        return True
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in rules.place_heads:
        return False  # "the Saudi city of Jeddah", "the town of Cizre": the name of a place
    # "pressure on Moscow", "unacceptable to Kyiv", "talks with Moscow": an addressee, not a venue
    return token.dep_ == "pobj" and not _locative(token, rules, rules.place_prepositions)


@functools.lru_cache(maxsize=1 << 16)
def _bundled_demonym(word: str) -> str | None:
    return load_gazetteer().demonym(word)


def demonym(gazetteer: Gazetteer, word: str) -> str | None:
    """gazetteer.demonym(word), remembered for the bundled gazetteer (asked for most tokens of every document)."""
    return _bundled_demonym(word) if gazetteer is load_gazetteer() else gazetteer.demonym(word)


def _trim(ent: SpacySpan, rules: EntityRules) -> SpacySpan | None:
    start, end = ent.start, ent.end
    tokens = doc_tokens(ent.doc)  # (indexing the Doc would make a new Token at each look)
    while start < end and (tokens[start].text in rules.leading_determiners or tokens[start].is_punct
                           or tokens[start].is_space):
        start += 1
    while end > start and (tokens[end - 1].text in ("'s", "'", "s") or tokens[end - 1].is_punct
                           or tokens[end - 1].is_space):
        if tokens[end - 1].text == "." and end - start == 1:
            break
        end -= 1
    # A name the NER ran into the next one ("the Bishops' Conference and Archbishop of"): the trailing
    # function words go, and a title joined by "and" after them.
    while end - start > 1 and tokens[end - 1].pos_ in ("ADP", "CCONJ", "DET"):
        end -= 1
    if end - start > 2 and tokens[end - 2].lower_ == "and" and (tokens[end - 1].text,) in rules.honorifics:
        end -= 2
    if start >= end:
        return None
    out = ent.doc[start:end]
    if ent.label_ and out.root.ent_type_ != ent.label_:  # a span made here (not the NER's): its label goes too
        out = SpacySpan(ent.doc, start, end, label=ent.label_)
    return out


def _extend_facility(span: SpacySpan, rules: EntityRules) -> tuple[SpacySpan, bool]:
    """'Trypilska' + 'TPP' → 'Trypilska TPP', a place."""
    doc, tokens = span.doc, doc_tokens(span.doc)  # (a slice of the list: no Span made per facility word)
    # The words after the span, in lower case once for all the phrases (the longest comes first); a
    # phrase running past the document's end finds fewer words than it has.
    longest = len(rules.facility_words[0]) if rules.facility_words else 0
    following = tuple(t.text.lower() for t in tokens[span.end:span.end + longest])
    for words in rules.facility_words:
        if following[:len(words)] == words:
            return doc[span.start:span.end + len(words)], True
    return span, False


def _extend_quoted_name(span: SpacySpan) -> SpacySpan:
    """'NNEGC' + "'Energoatom'" → "NNEGC 'Energoatom'": a company's form and its quoted name."""
    doc = span.doc
    at = span.end
    if at + 2 < len(doc) and doc[at].text in ("'", '"') and doc[at + 1].text[:1].isupper():
        for close in range(at + 2, min(at + 6, len(doc))):
            if doc[close].text == doc[at].text:
                return doc[span.start:close + 1]
    return span


def _other_persons_surname(span: SpacySpan, rules: EntityRules) -> bool:
    """A known surname right after another capitalised name (not a title) is someone else's surname."""
    if len(span) != 1 or span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return (before.pos_ == "PROPN" and before.text[:1].isupper() and before.text not in rules.name_titles
            and before.ent_type_ in ("", "PERSON"))


def _strip_honorifics(span: SpacySpan, gazetteer: Gazetteer, rules: EntityRules) -> tuple[SpacySpan | None, bool]:
    """(the span without the titles, ranks, honorifics and national adjectives that open it, whether any
    title was dropped); None for a span of several words that are nothing but titles ("Datuk Seri")."""
    tokens = doc_tokens(span.doc)
    start, titled = span.start, False
    while start < span.end:
        words = tuple(t.text for t in tokens[start:span.end])
        title = next((h for h in rules.honorifics if words[:len(h)] == h), None)
        if title is not None:
            start, titled = start + len(title), True
        elif titled and len(words) > 1 and demonym(gazetteer, words[0]) is not None:
            start += 1  # "General Ukrainian X" is rare; "the Ukrainian X" is handled below
        else:
            break
    # A national adjective before a person's name is not part of it ("the Ruritanian Ivo Marek").
    if (start < span.end - 1 and span.label_ == "PERSON" and tokens[start].pos_ == "ADJ"
            and demonym(gazetteer, tokens[start].text) is not None):
        start += 1
    if start >= span.end and len(span) == 1:
        return span, False  # "the Emir" alone: the office's holder, as the text names them
    if start >= span.end or not tokens[start].text[:1].isupper():
        return None, titled
    return span.doc[start:span.end], titled


def _looks_personal(span: SpacySpan, rules: EntityRules) -> bool:
    """Two to four capitalised proper nouns, none of them a word of organisations or outlets."""
    return (2 <= len(span) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in span)
            and not any(fold(t.text) in rules.not_entities or t.text in rules.outlet_words
                        or t.text in rules.outlet_words_with_news for t in span))


# A date glued to its month ("Feb.15", "Aug. 14"): the NER may call it anything.
GLUED_DATE = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*\d", re.IGNORECASE)


def _is_noise(text: str, rules: EntityRules) -> bool:
    letters = re.sub(r"[^\w]", "", text)
    return (len(letters) < 2 or not any(c.isupper() for c in text) or fold(text) in rules.not_entities
            or letters.isdigit() or bool(GLUED_DATE.match(text)))


def _outlet(name: str, rules: EntityRules) -> bool:
    return any(word in rules.outlet_words for word in name.split())


def _named_as_outlet(span: SpacySpan, rules: EntityRules) -> bool:
    """The context names the span a news outlet: "news agency X", "the broadcaster X", "the X newspaper",
    "X TV". A bare "agency" needs "news" or "press" before it ("the UN refugee agency X" is no outlet)."""
    tokens = doc_tokens(span.doc)
    if span.start > 0 and (cue := tokens[span.start - 1]).lower_ in rules.outlet_cues and cue.pos_ in ("NOUN", "PROPN"):
        if cue.lower_ not in ("agency", "agencies"):
            return True
        return any(t.lower_ in ("news", "press") for t in tokens[max(0, cue.i - 3):cue.i])
    if span.end < len(tokens):
        after = tokens[span.end]
        return after.lower_ in rules.outlet_cues and span.root.head.i == after.i and span.root.dep_ == "compound"
    return False


def _place_by_context(span: SpacySpan, label: str, rules: EntityRules) -> bool:
    """The text says a name the NER called a person or an organisation is a place: it is where something
    happens ("in Nagorno-Karabakh", "fighting near Tarso") or it names a place noun ("the Demchok area")."""
    if label == "ORG" and any(t.text in rules.organisation_words or t.text in rules.outlet_words
                              or t.text in rules.outlet_words_with_news for t in span):
        return False
    if span.text.isupper():  # an acronym is an organisation's ("the Mission in Ruritania (MIR)")
        return False
    root = span.root
    while root.dep_ == "conj" and root.head is not root:  # "the Depsang and Demchok areas"
        root = root.head
    if root.dep_ in ("compound", "nmod") and (root.head.lower_ in rules.place_compound_heads
                                    or f"{root.head.nbor(-1).lower_} {root.head.lower_}" in rules.place_compound_heads):
        return True
    return _locative(span.root, rules, rules.state_place_prepositions)


def _region_of(span: SpacySpan, rules: EntityRules) -> EntityMention | None:
    """A direction before a state's name ("northern Iraq", "north-east Syria"): that region, a place."""
    tokens = doc_tokens(span.doc)
    start = span.start
    if (start > 2 and tokens[start - 2].text in ("-", "–") and f"{tokens[start - 3].lower_}-" in rules.directions
            and f"{tokens[start - 3].lower_}-{tokens[start - 1].lower_}" in rules.directions):
        start -= 3  # "north-east", as the tokenizer splits it
    elif start > 0 and tokens[start - 1].lower_ in rules.directions:
        start -= 1
    if start == span.start:
        return None
    region = span.doc[start:span.end]
    text = region.text
    return EntityMention(Span(region.start_char, region.end_char), text, PLACE, None,
                         re.sub(r"\s*([-–])\s*", r"\1", text), "GAZETTEER")


def _venue_by_context(span: SpacySpan, rules: EntityRules) -> bool:
    """A state named as a place by what follows it: ", where …" ("flown to Ruritania, where they…"), or
    a place noun it owns ("Ruritania's capital", "Ruritania's northern region")."""
    tokens = doc_tokens(span.doc)
    after = tokens[span.end:span.end + 2]
    if len(after) == 2 and after[0].text == "," and after[1].lower_ == "where":
        return True
    root = span.root
    return root.dep_ == "poss" and root.head.lower_ in rules.place_heads


def _place_in_name(span: SpacySpan, gazetteer: Gazetteer) -> EntityMention | None:
    """The place an agreement's name opens with ("the Lakeside Peace Accord" → Lakeside), if it is known."""
    for end in range(span.end - 1, span.start, -1):
        head = span.doc[span.start:end]
        entry = gazetteer.lookup(head.text) or _world_entry(gazetteer, head.text)
        if entry is not None and entry.kind in (PLACE, "State"):
            key = entry.key
        elif head.text in place_names():
            key = None
        else:
            continue
        return EntityMention(Span(head.start_char, head.end_char), head.text, PLACE, key,
                             entry.label if entry is not None else head.text, "GAZETTEER" if key else "GPE")
    return None


def _coordinated_with_person(span: SpacySpan) -> bool:
    """One word joined by "and" to a person's name ("talks between Okafor and Putin"): a person too."""
    root = span.root
    if len(span) != 1 or not span.text[:1].isupper() or span.text.isupper():
        return False
    partners = [root.head] if root.dep_ == "conj" else []
    partners += [t for t in root.children if t.dep_ == "conj"]
    return any(t.ent_type_ == "PERSON" for t in partners)


def _world_entry(gazetteer: Gazetteer, text: str):
    """The gazetteer row a span the ruler did not tag names: a row made from the world's packages (a capital)
    named exactly, case and all, or another row by one of its names (the NER's own span of "the Democratic
    Republic of Ruritania" when the ruler's words split otherwise)."""
    entry = gazetteer.lookup(text) or gazetteer.lookup(plain(text))
    if entry is None:
        return None
    if not entry.ruler:
        return entry if plain(entry.label) == plain(text) else None
    return entry if len(text) > 3 and any(c.isupper() for c in text) else None


# A city the NER called a person must be a large one: small towns share names with people.
PERSON_PLACE_MIN_POPULATION = 100_000


def _known_place(span: SpacySpan, label: str, surnames: frozenset[str]) -> bool:
    """The NER's span is, as written, a city or a region of the world (a small model calls "Juba" or
    "Tigray" a person): unless the same word ends a person's name in this document ("Lincoln")."""
    text = span.text
    if label == "PERSON":  # (as written: "Bush" is no "Būsh")
        return text in place_names(PERSON_PLACE_MIN_POPULATION, plain_forms=False) and text not in surnames
    return text in place_names() or plain(text) in place_names()


def mention_for(span: SpacySpan, gazetteer: Gazetteer, rules: EntityRules,
                surnames: frozenset[str] = frozenset()) -> EntityMention | None:
    """The EntityMention a (trimmed) entity span stands for here, or None if it is not an actor or place.
    ``surnames``: the last words of the document's multi-word person names."""
    label = span.label_ or span.root.ent_type_
    key = span.ent_id_ or None
    text_span = Span(span.start_char, span.end_char)
    entry = gazetteer.get(key)
    if entry is None and label in rules.actor_labels and not (label == "PERSON" and span.text in surnames):
        entry = _world_entry(gazetteer, span.text)
    if entry is not None and entry.kind == "Person" and _other_persons_surname(span, rules):
        entry, key = None, None  # "Martin Harris": the NER names a person the gazetteer does not know
        span = span.doc[span.start - 1:span.end]
        label, text_span = "PERSON", Span(span.start_char, span.end_char)
    if entry is not None:
        if entry.always_metonym and entry.metonym_of:  # "the Kremlin" is Russia
            state = gazetteer.get(entry.metonym_of)
            return EntityMention(text_span, span.text, state.kind if state else "State", entry.metonym_of,
                                 state.label if state else entry.label, "GAZETTEER")
        if entry.kind == PLACE and entry.metonym_of and _acting(span.root, rules):
            state = gazetteer.get(entry.metonym_of)
            return EntityMention(text_span, span.text, state.kind if state else "State", entry.metonym_of,
                                 state.label if state else entry.label, "GAZETTEER")
        kind = entry.kind
        if kind == "State" and (region := _region_of(span, rules)) is not None:
            return region  # "northern Iraq": a region of the state, a place of its own
        if kind == "State" and (_locative(span.root, rules, rules.state_place_prepositions)
                                or _venue_by_context(span, rules)):
            kind = PLACE  # the same country, here as a venue ("a summit in Switzerland")
        return EntityMention(text_span, span.text, kind, entry.key, entry.label, "GAZETTEER")
    if label not in rules.actor_labels or _is_noise(span.text, rules):
        return None
    if demonym(gazetteer, span.text) is not None:  # "Ukrainian" tagged as a GPE is an adjective
        return None
    if (label in ("ORG", "GPE", "NORP") and len(span) > 1 and span[-1].text in rules.not_actor_heads
            and not any(t.text in rules.organisation_words for t in span)):  # "Government of National Accord"
        return _place_in_name(span, gazetteer)  # an agreement or a process by its name, not an actor
    if label in ("PERSON", "ORG", "GPE", "NORP"):
        stripped, titled = _strip_honorifics(span, gazetteer, rules)
        if stripped is None:
            return None
        # A title opens a person's name: under another label only before a given name and a surname
        # ("Cardinal Ivo Marek"), not before one word ("General Assembly", "Prince Sultan Air Base").
        if label == "PERSON" or (titled and _looks_personal(stripped, rules)):
            span = stripped
            label = "PERSON" if titled else label
    span, facility = _extend_facility(span, rules)
    if label == "ORG":
        span = _extend_quoted_name(span)
    text_span = Span(span.start_char, span.end_char)
    name = re.sub(r"\s+", " ", span.text)
    if facility or label in ("LOC", "FAC") or _known_place(span, label, surnames):
        kind = PLACE
    elif label in ("PERSON", "ORG", "GPE", "NORP") and _named_as_outlet(span, rules):
        kind = "NewsOutlet"
    elif label in ("PERSON", "ORG") and _place_by_context(span, label, rules):
        kind = PLACE
    elif label == "PERSON" or (label in ("GPE", "ORG") and _coordinated_with_person(span)):
        kind = "Person"
    elif label == "ORG":
        kind = "NewsOutlet" if _outlet(name, rules) else "Organization"
    else:  # GPE unknown to the gazetteer (a city, a region): an actor when it acts, else a place
        kind = "State" if _acting(span.root, rules) else PLACE
    return EntityMention(text_span, span.text, kind, None, name, label)


@extractors.register("entities")
def extract_entities(doc: Doc, analysis: DocumentAnalysis) -> None:
    gazetteer, rules = load_gazetteer(), load_rules()
    source = analysis.source.text
    taken: list[Span] = []
    reach = 0  # the furthest end of a taken mention: one that begins there or later overlaps none
    surnames = frozenset(ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) >= 2)
    for ent in doc.ents:
        entry = gazetteer.get(ent.ent_id_ or None)
        if entry is not None and entry.kind in ("State", PLACE):
            ent = _organisation_opened_by(ent, rules) or ent  # "the Ruritania Liberation Front"
        trimmed = _trim(ent, rules)
        if trimmed is None:
            continue
        mention = mention_for(trimmed, gazetteer, rules, surnames)
        if mention is None or not analysis.document.in_body(mention.span):
            continue
        if mention.span.begin < reach and any(mention.span.overlaps(t) for t in taken):
            continue
        # The stored text is the source's, not the normalized analysis text.
        mention = _with_source_text(mention, source)
        taken.append(mention.span)
        reach = max(reach, mention.span.end)
        analysis.entities.append(mention)
    forces, replaced = possessed_forces(doc, gazetteer, rules, analysis.entities)
    if replaced:
        analysis.entities[:] = [m for m in analysis.entities if id(m) not in replaced]
        taken[:] = [m.span for m in analysis.entities]
    for m in forces:
        if analysis.document.in_body(m.span) and not any(m.span.overlaps(t) for t in taken):
            taken.append(m.span)
            analysis.entities.append(_with_source_text(m, source))
    for mention in [*group_mentions(doc, gazetteer, rules, taken), *described_mentions(doc, gazetteer, rules, taken)]:
        if analysis.document.in_body(mention.span):
            taken.append(mention.span)
            analysis.entities.append(_with_source_text(mention, source))
    analysis.entities.sort(key=lambda m: (m.span.begin, m.span.end))
    analysis.entities[:] = _name_defined_acronyms(analysis.entities, source)
    recurring = _recurring_names(analysis.entities, source, rules)
    if recurring:
        analysis.entities.extend(m for m in recurring if analysis.document.in_body(m.span))
        analysis.entities.sort(key=lambda m: (m.span.begin, m.span.end))


def _recurring_names(mentions: list[EntityMention], source: str, rules: EntityRules) -> list[EntityMention]:
    """A name the recogniser found once is the same actor wherever else the document writes it: the
    statistical model tags a name in one sentence and misses it in the next ("the FARC-EP Central General
    Staff" found as the subject of one clause, missed after "the government of Colombia and"). Only names
    that cannot be an ordinary word: organisations' and people's of two words or more, and acronyms."""
    found: dict[str, EntityMention] = {}
    for m in mentions:
        if m.kind in rules.recurring_kinds and (" " in m.text.strip() or (m.text.isupper() and len(m.text) >= 3)):
            found.setdefault(m.text, m)
        # the acronym a name defines in brackets, when the recogniser did not tag it: "the National
        # Liberation Army (ELN) ... talks with the ELN"
        defined = ACRONYM_DEFINED.match(source, m.span.end)
        if m.kind in rules.recurring_kinds and defined and " " in m.text.strip():
            found.setdefault(defined.group(1), replace(m, label=m.label or m.text))
    if not found:
        return []
    taken = sorted((m.span.begin, m.span.end) for m in mentions)
    out: list[EntityMention] = []
    for text, m in sorted(found.items()):
        # (an acronym opens a hyphenated one: "FARC-EP", "ELN-led")
        after = r"(?!\w)" if text.isupper() else r"(?![\w-])"
        for hit in re.finditer(rf"(?<![\w-]){re.escape(text)}{after}", source):
            begin, end = hit.span()
            if any(b < end and begin < e for b, e in taken):
                continue
            out.append(replace(m, span=Span(begin, end), text=text))
            taken.append((begin, end))
    return out


DEFINITION_GAP = re.compile(r"""^[\s"'”’]*\($""")
ACRONYM_DEFINED = re.compile(r"""[\s"'”’]*\(([A-Z][A-Z0-9-]{1,9})\)""")


def _name_defined_acronyms(mentions: list[EntityMention], source: str) -> list[EntityMention]:
    """An organisation's name followed by its acronym in brackets ("the National Electoral Board (NEB)")
    defines the acronym for the document: each of its mentions is that organisation, by its full name
    (the acronym of a name in another language need not match its letters: "MİT", "TSJ")."""
    defined: dict[str, str] = {}
    for first, second in zip(mentions, mentions[1:], strict=False):
        acronym = second.text
        if (first.kind in ("Organization", "NewsOutlet") and not first.key and len(first.label or "") > len(acronym)
                and acronym.isupper() and " " not in acronym and source[second.span.end:second.span.end + 1] == ")"
                and DEFINITION_GAP.match(source[first.span.end:second.span.begin])):
            defined.setdefault(acronym, first.label or first.text)
    if not defined:
        return mentions
    org = ("Organization", "NewsOutlet")
    return [replace(m, label=defined[m.text], kind=m.kind if m.kind in org else "Organization")
            if m.text in defined and not m.key else m for m in mentions]


def _organisation_opened_by(ent: SpacySpan, rules: EntityRules) -> SpacySpan | None:
    """A known state or place that opens an organisation's name ("South Ruritania Opposition Movements
    Alliance"): the whole name, as an ORG span, when capitalised words running on end in an organisation word."""
    tokens = doc_tokens(ent.doc)
    if ent.end < len(tokens) and tokens[ent.end].lower_ in ("'s", "’s"):
        return None  # "Ruritania's Transitional Government" is the state's body, not a name of its own
    end, last = ent.end, None
    while end < len(tokens) and end - ent.end < 8:
        token = tokens[end]
        if token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN", "ADJ"):
            if token.text in rules.organisation_words:
                last = end
        elif not (token.lower_ in ("of", "and", "for", "'s", "’s") and end + 1 < len(tokens)
                  and tokens[end + 1].text[:1].isupper()):
            break
        end += 1
    # One word after the state is the state's own body ("the U.S. Administration"), not a name of its own.
    return SpacySpan(ent.doc, ent.start, last + 1, label="ORG") if last is not None and last > ent.end else None


def described_mentions(doc: Doc, gazetteer: Gazetteer, rules: EntityRules, taken: list[Span]) -> list[EntityMention]:
    """Actors named by description around a state's name: its outlets ("Ruritanian state television") and the
    bodies it leads ("the Ruritanian-led coalition")."""
    text = doc_text(doc)
    out = []
    outlets = "|".join(re.escape(o) for o in rules.state_outlets)
    led = "|".join(re.escape(n) for n in rules.led_nouns)
    shapes = ((rf"\b([A-Z][\w.]+(?:\s[A-Z][\w.]+)?)(?:'s|’s)?\s+({outlets})\b", "NewsOutlet", "{0} {1}"),
              (rf"\b([A-Z][\w.]+)-led\s+({led})\b", "Organization", "{0}-led {1}"))
    for pattern, kind, shape in shapes:
        for match in re.finditer(pattern, text, flags=re.IGNORECASE if kind == "Organization" else 0):
            state = demonym(gazetteer, match.group(1))
            if state is None or gazetteer.get(state) is None or gazetteer.get(state).kind != "State":
                continue
            span = Span(match.start(), match.end())
            if any(span.overlaps(t) for t in taken):
                # the state's own mention stays; the description after it is the outlet or the body
                span = Span(match.start(2), match.end())
                if any(span.overlaps(t) for t in taken):
                    continue
            noun = match.group(2).lower()
            key = f"{state}-{slug(noun)}" if kind == "NewsOutlet" else f"{state}-led-{slug(noun)}"
            label = shape.format(match.group(1), noun)
            out.append(EntityMention(span, text[span.begin:span.end], kind, key, label, "GROUP", affiliation=state))
    return out


def possessed_forces(doc: Doc, gazetteer: Gazetteer, rules: EntityRules,
                     mentions: list[EntityMention]) -> tuple[list[EntityMention], set[int]]:
    """Armed forces named by whose they are: "Ethiopia's federal army" (the armed forces of a state, one node
    with "Ethiopian troops"), "Tigray's regional forces", "Karabakh forces" (a region's forces: an
    organisation, not the region, which the recogniser may have tagged as the actor). Returns the new
    mentions and the ids of the mentions of a region they take the place of."""
    text = doc_text(doc)
    out: list[EntityMention] = []
    replaced: set[int] = set()
    for token in doc_tokens(doc):
        noun = token.head
        if token.dep_ not in ("poss", "compound") or noun.i <= token.i:
            continue
        armed = noun.lower_ in rules.armed_group_nouns or noun.lemma_.lower() in rules.armed_group_nouns
        if not armed and (_group_noun(noun, rules) or ("",))[0] != "military":
            continue
        if any(t.dep_ not in ("amod", "case", "compound", "punct") for t in doc[token.i + 1:noun.i]):
            continue
        first = token
        while first.i > 0 and doc[first.i - 1].dep_ == "compound" and doc[first.i - 1].head.i == token.i:
            first = doc[first.i - 1]  # "Nagorno-Karabakh forces", "South Sudan's army"
        m = next((x for x in mentions if x.span.begin <= first.idx < x.span.end), None)
        if m is None and token.pos_ != "PROPN":
            continue  # "its forces", "security forces": no name says whose
        name = text[first.idx:token.idx + len(token.text)]
        entry = gazetteer.get(m.key) if m is not None and m.key else gazetteer.lookup(name)
        end = noun.idx + len(noun.text)
        if armed and (entry is not None and entry.kind in ("State", "Organization") or demonym(gazetteer, name)):
            # "Syrian rebels" fight the state: people of it (group_mentions), not its forces; "Houthi
            # militants" are the Houthis
            continue
        if entry is not None and entry.kind == "State":
            # the state's own mention stays; the forces are the words after it
            after = doc[token.i + 1]
            begin = (doc[token.i + 2] if after.dep_ == "case" and token.i + 2 <= noun.i else after).idx
            adjective = entry.demonyms[0] if entry.demonyms else entry.label
            out.append(EntityMention(Span(begin, end), text[begin:end], "Organization", f"armed-forces-of-{entry.key}",
                                     rules.military_label.format(demonym=adjective), "GROUP", affiliation=entry.key))
            continue
        if m is not None and (m.kind in ("NewsOutlet", "AnonymousSource") or m.span.end > token.idx + len(token.text)
                              or m.key and (entry is None or entry.kind not in (PLACE, "Organization"))):
            continue  # (a mention running on past the name is a name of its own: "the Tigray Defence Forces")
        if m is not None:
            replaced.add(id(m))
        begin = first.idx
        # (the name's tokens stop before the possessive's "'s")
        label = f"{name} {noun.lower_}" if armed else f"{name} forces"
        key = slug(label) if armed else f"forces-of-{slug(label)}"
        out.append(EntityMention(Span(begin, end), text[begin:end], "Organization", key, label, "GROUP"))
    return out, replaced


def _group_noun(head: Token, rules: EntityRules) -> tuple[str, Token] | None:
    """('military' | 'people' | 'organised', the last token of the noun) when ``head`` ends a group noun."""
    for kind, nouns in (("military", rules.military_nouns), ("people", rules.people_nouns),
                        ("organised", rules.organised_nouns)):
        if head.lower_ in nouns or head.lemma_.lower() in nouns:
            return kind, head
        # two-word nouns: "armed forces", "border guards"
        if head.i > 0 and f"{head.doc[head.i - 1].lower_} {head.lower_}" in nouns:
            return kind, head
    return None


def group_mentions(doc: Doc, gazetteer: Gazetteer, rules: EntityRules, taken: list[Span]) -> list[EntityMention]:
    """Collective actors named by a demonym: "Russian troops" (armed forces of Russia), "Iraqi civilians"."""
    out = []
    text: str | None = None
    for token in doc_tokens(doc):
        if token.pos_ not in ("ADJ", "PROPN", "NOUN") or token.ent_type_ not in ("NORP", ""):
            continue
        state = demonym(gazetteer, token.text)
        faith = token.lower_ in rules.community_words
        if not faith and (state is None or gazetteer.get(state) is None):
            continue
        attached = token
        while attached.dep_ == "conj" and attached.head is not attached:  # "Hungarian and Romanian troops"
            attached = attached.head
        if attached.dep_ not in ("amod", "compound", "nmod") or attached.head.i < token.i:
            continue
        found = _group_noun(attached.head, rules)
        if found is None:
            continue
        group, noun = found
        contiguous = attached is token and all(t.dep_ in ("amod", "compound", "nmod") and t.head == noun
                                               for t in doc[token.i + 1:noun.i])
        span = Span(token.idx, noun.idx + len(noun.text)) if contiguous else Span(token.idx, token.idx + len(token))
        ethnic = _ethnic_word(token, rules) or (token if faith else None)
        if ethnic is not None and contiguous:
            span = Span(ethnic.idx, span.end)
        elif faith:
            continue  # ("Muslim" alone names no one)
        if any(span.overlaps(t) for t in taken):
            continue
        text = doc_text(doc) if text is None else text
        if ethnic is not None and contiguous:
            # "ethnic Armenian forces", "ethnic-Albanian fighters", "Muslim hackers": a people's or a faith's
            # group, not a state's (nor its people)
            label = re.sub(r"[\s-]+", " ", text[span.begin:span.end]).lower()
            kind = "Actor" if group == "people" else "Organization"
            out.append(EntityMention(span, text[span.begin:span.end], kind, slug(label), label, "GROUP"))
            continue
        if group == "military":
            key, kind = f"armed-forces-of-{state}", "Organization"
            label = rules.military_label.format(demonym=token.text)
        else:
            key = f"{state}-{noun.lemma_.lower().replace(' ', '-')}"
            kind = "Actor" if group == "people" else "Organization"  # an organised body is an organisation
            label = f"{token.text} {noun.text}"
        out.append(EntityMention(span, text[span.begin:span.end], kind, key, label, "GROUP", affiliation=state))
    return out


def _ethnic_word(demonym_token: Token, rules: EntityRules) -> Token | None:
    """The word that makes a demonym a people's ("ethnic Armenian", "ethnic-Albanian"), right before it."""
    doc, i = demonym_token.doc, demonym_token.i
    before = doc[i - 1] if i > 0 else None
    if before is not None and before.text in ("-", "\u2011") and i > 1:
        before = doc[i - 2]
    return before if before is not None and before.lower_ in rules.ethnic_words else None


def _with_source_text(mention: EntityMention, source: str) -> EntityMention:
    text = source[mention.span.begin:mention.span.end]
    return mention if text == mention.text else replace(mention, text=text)
