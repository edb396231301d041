"""The event lexicon: trigger rules, frames, object families and word lists read from
graph/data/events.toml, made once (what a word may trigger, and what the extractor and the
coreference read of the data)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.extract.entities import load_rules as load_entity_rules

DATA = Path(__file__).resolve().parent.parent / "data" / "events.toml"


@dataclass(frozen=True)
class TriggerRule:
    words: tuple[str, ...]  # the lemma, or the words of a phrase
    pos: str  # verb | noun
    event_class: str
    plover: str
    cameo: str | None
    frame: str
    absorbs: str | None = None  # "all" | "topic" | None
    objects: dict[str, str] = field(default_factory=dict)  # object family -> "PLOVER:cameo"
    plural_only: bool = False
    intransitive: bool = False
    needs_object: bool = False
    needs_modifier: tuple[str, ...] = ()
    excluded_modifiers: tuple[str, ...] = ()
    excluded_governors: tuple[str, ...] = ()  # nouns whose "of" phrase the trigger is not ("prisoners of war")
    agents_only: tuple[str, ...] = ()
    excluded_agents: tuple[str, ...] = ()  # subjects that make the word no event of this rule ("troops arrived")
    alone_agents: tuple[str, ...] = ()  # subjects that, with no one met, make the word no event ("the cabinet met")
    needs_content: tuple[str, ...] = ()  # object families one of which the content must belong to
    excluded_objects: tuple[str, ...] = ()  # object families that make the word no event of this rule
    secondary: bool = False  # an outcome ("killed"): no event if the sentence has a hostile event of its own
    needs_actor: bool = False  # an event only when its subject is an actor ("the weapons would allow Kyiv to hit")
    needs_prep: tuple[str, ...] = ()  # prepositions one of which must hang on the verb ("travelled to Moscow")
    in_names: bool = False  # still the event at the end of a name ("the BRICS Summit"; not "the Warsaw Pact")
    needs_partner: bool = False  # an event only when its "with" names an actor ("with Iran", not "with reporters")


@dataclass(frozen=True)
class Lexicon:
    rules: dict[tuple[str, str], list[TriggerRule]]  # (first or head word, pos) -> rules, longest phrase first
    verb_keys: frozenset[str]  # the words that key a verb rule
    noun_keys: frozenset[str]  # the words that key a noun rule
    frames: dict[str, dict[str, str]]
    families: dict[str, frozenset[str]]
    place_preps: frozenset[str]
    group_nouns: frozenset[str]
    government_nouns: frozenset[str]  # a bare one is the government the text names ("the government")
    actor_nouns: frozenset[str]  # nouns for bodies that act (a court, a cabinet), beside the group nouns
    place_nouns: frozenset[str]
    group_preps: frozenset[str]
    event_heads: frozenset[str]
    topic_preps: frozenset[str]
    modifier_roles: dict[str, str]
    light_verbs: frozenset[str]
    carrier_deps: frozenset[str]
    carrier_preps: frozenset[str]
    occurrence_verbs: frozenset[str]  # verbs that say their subject, an event, happened ("talks began in Doha")
    other_event_words: frozenset[str]  # on a verb's subject, they make its event another ("a similar deal was signed")
    object_preps: frozenset[str]
    mediator_nouns: frozenset[str]
    mediator_predicates: frozenset[str]  # "acts as a mediator", "is the mediator"
    mediated_classes: frozenset[str]  # the events a mediator the text names mediates
    hosted_classes: frozenset[str]  # the events a state hosts in its capital
    capital_nouns: frozenset[str]
    visit_classes: frozenset[str]  # events a capital's state hosts when they are in it ("a visit to Amman")
    auspices_nouns: frozenset[str]
    auspices_preps: frozenset[str]
    proposal_nouns: frozenset[str]
    proposal_verbs: frozenset[str]
    side_nouns: frozenset[str]
    country_nouns: frozenset[str]  # "the country": the state the document is about
    place_target_classes: frozenset[str]
    modality: dict[str, frozenset[str]]
    links: dict[str, frozenset[str]]
    context: dict[str, frozenset[str]]  # words of the roles an event takes from the text around it
    labels: dict[str, str]
    intent: dict[str, str]  # category of an intended event -> the category of the intention
    refusal: dict[str, str]  # category of a declined event -> the category of the refusal
    ultimatum: dict[str, str]  # category of an act done unless another complies -> the category of the ultimatum
    obligation: dict
    conventional_force: dict  # the attacks a state, its forces or military arms make: their category


@lru_cache(maxsize=2)
def load_lexicon(path: Path = DATA) -> Lexicon:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rules: dict[tuple[str, str], list[TriggerRule]] = {}
    families = data["object_family"]
    # an agents list names lemmas or object families ("troops"), a family standing for its words
    agents = lambda names: tuple(w for n in names for w in families.get(n, [n]))  # noqa: E731
    for entry in data["trigger"]:
        for lemma in entry["lemmas"]:
            words = tuple(lemma.lower().split())
            rule = TriggerRule(
                words=words, pos=entry["pos"], event_class=entry["class"], plover=entry["plover"],
                cameo=entry.get("cameo"), frame=entry["frame"], absorbs=entry.get("absorbs"),
                objects=dict(entry.get("objects", {})),
                plural_only=lemma in entry.get("plural_only", []),
                intransitive=lemma in entry.get("intransitive", []),
                needs_object=lemma in entry.get("needs_object", []),
                needs_modifier=tuple(entry.get("needs_modifier", {}).get(lemma, [])),
                excluded_modifiers=tuple(entry.get("excluded_modifiers", {}).get(lemma, [])),
                excluded_governors=tuple(entry.get("excluded_governors", {}).get(lemma, [])),
                agents_only=agents(entry.get("agents_only", {}).get(lemma, [])),
                excluded_agents=agents(entry.get("excluded_agents", {}).get(lemma, [])),
                alone_agents=agents(entry.get("alone_agents", {}).get(lemma, [])),
                needs_content=tuple(entry.get("needs_content", [])),
                excluded_objects=tuple(entry.get("excluded_objects", {}).get(lemma, [])),
                secondary=bool(entry.get("secondary", False)),
                needs_actor=lemma in entry.get("needs_actor", []),
                needs_partner=lemma in entry.get("needs_partner", []),
                in_names=lemma in entry.get("in_names", []),
                needs_prep=tuple(entry.get("needs_prep", {}).get(lemma, [])),
            )
            # Verb phrases are keyed by the verb (first word); noun phrases by their head (last word).
            key = words[0] if entry["pos"] == "verb" else words[-1]
            rules.setdefault((key, entry["pos"]), []).append(rule)
    for bucket in rules.values():
        bucket.sort(key=lambda r: -len(r.words))  # stable: among equal lengths the lexicon's order wins
    frozen = lambda words: frozenset(w.lower() for w in words)  # noqa: E731
    return Lexicon(
        rules=rules,
        verb_keys=frozenset(key for key, pos in rules if pos == "verb"),
        noun_keys=frozenset(key for key, pos in rules if pos == "noun"),
        frames={name: dict(slots) for name, slots in data["frame"].items()},
        families={name: frozen(words) for name, words in families.items()},
        place_preps=frozen(data["place"]["place_prepositions"]),
        group_nouns=frozen(data["place"]["group_nouns"]),
        government_nouns=frozen(data["place"]["government_nouns"]),
        actor_nouns=frozen(data["arguments"]["actor_nouns"]),
        place_nouns=load_entity_rules().place_heads,
        group_preps=frozen(data["place"]["group_prepositions"]),
        event_heads=frozen(data["place"]["event_heads"]),
        topic_preps=frozen(data["place"]["topic_prepositions"]),
        modifier_roles=dict(data["modifier_roles"]),
        light_verbs=frozen(data["arguments"]["light_verbs"]),
        carrier_deps=frozen(data["arguments"]["carrier_deps"]),
        carrier_preps=frozen(data["arguments"]["carrier_prepositions"]),
        occurrence_verbs=frozen(data["arguments"]["occurrence_verbs"]),
        other_event_words=frozen(data["arguments"]["other_event_words"]),
        object_preps=frozen(data["arguments"]["object_prepositions"]),
        mediator_nouns=frozen(data["arguments"]["mediator_nouns"]),
        mediator_predicates=frozen(data["arguments"]["mediator_predicates"]),
        mediated_classes=frozenset(data["arguments"]["mediated_classes"]),
        hosted_classes=frozenset(data["arguments"]["hosted_classes"]),
        capital_nouns=frozen(data["arguments"]["capital_nouns"]),
        visit_classes=frozenset(data["arguments"]["visit_classes"]),
        auspices_nouns=frozen(data["arguments"]["auspices_nouns"]),
        auspices_preps=frozen(data["arguments"]["auspices_prepositions"]),
        proposal_nouns=frozen(data["arguments"]["proposal_nouns"]),
        proposal_verbs=frozen(data["arguments"]["proposal_verbs"]),
        side_nouns=frozen(data["arguments"]["side_nouns"]),
        country_nouns=frozen(data["arguments"]["country_nouns"]),
        place_target_classes=frozenset(data["arguments"]["place_target_classes"]),
        modality={k: frozen(v) for k, v in data["modality"].items()},
        links={k: frozen(v) for k, v in data["links"].items()},
        context={k: frozenset(v) for k, v in data["context"].items()},
        labels=dict(data["labels"]),
        intent={cat: intention for intention, cats in data["intent"].items() for cat in cats},
        refusal={cat: refusal for refusal, cats in data["refusal"].items() for cat in cats},
        ultimatum={cat: threat for threat, cats in data["ultimatum"].items() for cat in cats},
        obligation=dict(data["obligation"]),
        conventional_force={**data["conventional_force"], "attacks": frozenset(data["conventional_force"]["attacks"]),
                            "arms": frozenset(data["conventional_force"]["arms"])},
    )


@lru_cache(maxsize=1)
def irregular_forms() -> dict[str, str]:
    return dict(tomllib.loads(DATA.read_text(encoding="utf-8")).get("irregular_forms", {}))
