"""The gazetteer: known actors and places, read from graph/data/gazetteer.toml.

It feeds the EntityRuler that runs before spaCy's statistical NER (``patterns``), names
the entity behind an alias (``lookup``), and ties adjectives to states for anonymous
sources and affiliations (``demonym``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

DATA = Path(__file__).parent / "data"

# spaCy label used for each kind in the EntityRuler patterns.
SPACY_LABEL = {"State": "GPE", "Place": "LOC", "Organization": "ORG", "NewsOutlet": "ORG", "Person": "PERSON"}


def fold(text: str) -> str:
    """The key aliases are compared on: case, apostrophes, dots and a leading 'the' folded away."""
    text = text.casefold().replace("’", "'").replace("ʼ", "'")
    text = re.sub(r"[.\u2019']", "", text)
    text = re.sub(r"[\s\-]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@dataclass(frozen=True)
class GazetteerEntry:
    key: str
    label: str
    kind: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    metonym_of: str | None = None
    always_metonym: bool = False
    located_in: str | None = None
    member_of: str | None = None
    office: dict | None = None
    # For a person: the state whose government the person heads or headed ("a Biden administration
    # official" is an official of that state's government).
    government_of: str | None = None
    # False for rows made from the world's packages (graph/world.py): known by name, but the NER's
    # span decides where a name is ("Victoria" the capital, not the given name of "Victoria Hale").
    ruler: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass
class Gazetteer:
    entries: dict[str, GazetteerEntry]
    _by_alias: dict[str, str] = field(default_factory=dict)
    _by_demonym: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for entry in self.entries.values():
            for name in entry.names:
                self._by_alias.setdefault(fold(name), entry.key)
            for demonym in entry.demonyms:
                self._by_demonym.setdefault(fold(demonym), entry.key)

    def get(self, key: str | None) -> GazetteerEntry | None:
        return self.entries.get(key) if key else None

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry one of whose names is ``name`` (folded), if any."""
        key = self._by_alias.get(fold(name))
        return self.entries[key] if key else None

    def demonym(self, word: str) -> str | None:
        """The key of the state (or body) an adjective or plural names: 'Ukrainian' → 'ukraine'."""
        key = self._by_demonym.get(fold(word))
        if key is None:
            entry = self.lookup(word)
            if entry is not None:
                key = entry.metonym_of if entry.always_metonym else entry.key
        return key

    def acting_key(self, key: str) -> str:
        """The actor a name stands for when it acts: a capital or a seat of government → its state."""
        entry = self.entries.get(key)
        if entry is not None and entry.metonym_of:
            return entry.metonym_of
        return key

    def patterns(self) -> list[dict]:
        """EntityRuler token patterns. Short names (≤ 3 letters) match case-exactly ("US", not "us")."""
        out = []
        for entry in sorted(self.entries.values(), key=lambda e: e.key):
            if not entry.ruler:
                continue
            for name in sorted(set(entry.names)):
                words = re.findall(r"\w+(?:[.'’]\w+)*\.?|[^\w\s]", name)
                if not words:
                    continue
                short = len(re.sub(r"\W", "", name)) <= 3
                attr = "ORTH" if short else "LOWER"
                pattern = [{attr: w if short else w.lower()} for w in words]
                out.append({"label": SPACY_LABEL.get(entry.kind, "ORG"), "pattern": pattern, "id": entry.key})
        return out


def _expand(raw: dict, templates: dict) -> GazetteerEntry:
    aliases = list(raw.get("aliases", []))
    if raw["kind"] == "State":
        for demonym in raw.get("demonyms", []):
            # "Ukrainian side", "Ukrainian government": only adjectives, not plurals like "Ukrainians".
            if not demonym.endswith("s") or demonym.endswith("ss"):
                aliases += [t.format(demonym=demonym) for t in templates.get("state_aliases", [])]
    return GazetteerEntry(
        key=raw["key"], label=raw["label"], kind=raw["kind"], wikidata=raw.get("wikidata"),
        aliases=tuple(dict.fromkeys(aliases)), demonyms=tuple(raw.get("demonyms", [])),
        capital=raw.get("capital"), metonym_of=raw.get("metonym_of"),
        always_metonym=bool(raw.get("always_metonym", False)), located_in=raw.get("located_in"),
        member_of=raw.get("member_of"), office=raw.get("office"), government_of=raw.get("government_of"),
    )


@functools.cache
def load_gazetteer(path: Path = DATA / "gazetteer.toml", countries: Path | None = DATA / "countries.toml",
                   outlets: Path | None = DATA / "outlets.toml") -> Gazetteer:
    """The gazetteer, plus the country list and the outlet list (whose rows yield to gazetteer rows of
    the same key), plus the world's state names and capitals from packages (with the country list)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    templates = data.get("templates", {})
    entries: dict[str, GazetteerEntry] = {}
    for raw in data.get("entity", []):
        entry = _expand(raw, templates)
        if entry.key in entries:
            raise ValueError(f"{path}: gazetteer key {entry.key!r} appears twice")
        entries[entry.key] = entry
    if countries is not None and Path(countries).is_file():
        for raw in tomllib.loads(Path(countries).read_text(encoding="utf-8")).get("countries", []):
            if raw["key"] not in entries:
                entries[raw["key"]] = _expand({**raw, "kind": "State"}, templates)
    if outlets is not None and Path(outlets).is_file():
        known = Gazetteer(dict(entries))
        for raw in tomllib.loads(Path(outlets).read_text(encoding="utf-8")).get("outlets", []):
            # (a name the gazetteer already gives to another entry stays that entry's)
            raw = {**raw, "aliases": [a for a in raw.get("aliases", []) if known.lookup(a) is None]}
            if raw["key"] not in entries and known.lookup(raw["label"]) is None:
                entries[raw["key"]] = _expand({**raw, "kind": "NewsOutlet"}, templates)
    if countries is not None:
        _add_world(entries)
    return Gazetteer(entries)


def _add_world(entries: dict[str, GazetteerEntry]) -> None:
    """Every state's ISO and official names as aliases, and its capital where the gazetteer has none."""
    from graph.namespaces import slug
    from graph.world import capitals, state_names

    known = Gazetteer(dict(entries))
    capital_of = capitals()
    for code, names in state_names():
        # The official name first: the ISO short name may be another state's short form ("Congo").
        state = next((e for n in reversed(names) if (e := known.lookup(n)) is not None and e.kind == "State"), None)
        if state is None:
            continue  # a territory the gazetteer does not hold as a state
        aliases = tuple(n for n in names if known.lookup(n) is None)
        capital = state.capital
        city = capital_of.get(code)
        if capital is None and city and known.lookup(city) is None and slug(city) not in entries:
            capital = slug(city)
            entries[capital] = GazetteerEntry(key=capital, label=city, kind="Place", metonym_of=state.key,
                                              located_in=state.key, ruler=False)
        if aliases or capital != state.capital:
            entries[state.key] = replace(state, aliases=tuple(dict.fromkeys(state.aliases + aliases)),
                                         capital=capital)
