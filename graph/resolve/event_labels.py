"""Event labels: a readable title for an event node ("Qatar-mediated talks between Russia and Ukraine, Aug
2024"), from its class, its triggers' wording, its cues, roles, places and time."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING

from graph.extract.events import load_lexicon
from graph.model import EventNode
from graph.resolve.event_reference import is_noun_trigger

if TYPE_CHECKING:
    from graph.resolve.actors import ActorResolution

# Events whose parties act with each other ("talks between A and B"); in the others two parties act
# side by side ("a demand by the EU and the US").
MUTUAL_CLASSES = frozenset({"Negotiation", "Agreement", "Summit", "Ceasefire", "Cooperation", "Attack",
                            "MilitaryOperation"})


def _format_time(begin: dt.date | None, end: dt.date | None) -> str:
    if begin is None:
        return ""
    if end is None:
        return f"from {begin:%b %Y}"
    if begin == end:
        return f"{begin.day} {begin:%b %Y}"
    if begin.day == 1 and begin.month == 1 and end.month == 12 and end.day == 31:
        return str(begin.year) if begin.year == end.year else f"{begin.year}–{end.year}"
    if begin.day == 1 and (end + dt.timedelta(days=1)).day == 1:
        if (begin.year, begin.month) == (end.year, end.month):
            return f"{begin:%b %Y}"
        if begin.year == end.year:
            return f"{begin:%b}–{end:%b %Y}"
        return f"{begin:%b %Y}–{end:%b %Y}"
    if begin.year == end.year:
        return f"{begin.day} {begin:%b}–{end.day} {end:%b %Y}"
    return f"{begin:%d %b %Y}–{end:%d %b %Y}"


def _names(keys: set[str], actors: ActorResolution) -> list[str]:
    # "Russia" says it for "Russian delegations" when both are there
    shown = {k for k in keys if not (k in actors.nodes and actors.nodes[k].affiliation in keys)}
    return sorted(actors.nodes[k].label if k in actors.nodes else k for k in shown or keys)


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def event_label(node: EventNode, triggers: list[str], cues: list[str], actors: ActorResolution,
                earlier: frozenset[str] = frozenset()) -> str:
    """A readable label: "Qatar-mediated talks between Ukraine and Russia, Aug 2024" (``earlier``: cues that
    set an event before another, "previous", not shown as its adjectives)."""
    lex = load_lexicon()
    nouns = [t.lower() for t in triggers if t[:1].isalpha()]
    # The most frequent wording; a noun reads better than a verb ("talks" over "negotiate").
    counts = Counter(nouns)
    what = max(counts, key=lambda w: (is_noun_trigger(w.split()[-1], lex),
                                      w.endswith(("s", "ion", "ment", "ive", "al", "ce", "re", "ty")), counts[w], w))
    if not is_noun_trigger(what.split()[-1], lex):  # only verbs ("agree", "hit", "push for"): name it by its class
        what = re.sub(r"(?<=[a-z])([A-Z])", r" \1", node.event_class).lower()
    # One-word cues that are not themselves event words ("preliminary", "tacit", "secret"; not "agreement")
    words_of_what = set(what.split())
    trigger_words = {w for t in triggers for w in t.lower().split()}
    adjectives = [c for c in dict.fromkeys(c.lower() for c in cues) if " " not in c and "-" not in c
                  and c not in words_of_what | trigger_words and not is_noun_trigger(c, lex)
                  and c not in ("resumed", "began") and c not in earlier][:2]
    mediated = [c for c in dict.fromkeys(cues) if c.endswith(("-mediated", "-brokered"))]
    roles = node.roles
    parts = []
    if mediated:
        parts.append(mediated[0])
    elif roles.get("mediator"):
        # "Egyptian mediators" and "Qatari mediators" → "Egyptian and Qatari-mediated"
        names = [re.sub(r"\s+mediators?$", "", n) for n in _names(roles["mediator"], actors)]
        parts.append(_join(names) + "-mediated")
    parts += adjectives
    parts.append(what)
    text = " ".join(parts)
    frame_parties = roles.get("party", set())
    attackers = roles.get("attacker", set())
    targets = roles.get("target", set())
    if attackers:
        text = f"{_join(_names(attackers, actors))} {text}"
    if len(frame_parties) >= 2 and node.event_class in MUTUAL_CLASSES:
        text += " between " + _join(_names(frame_parties, actors))
    elif frame_parties:
        text += " by " + _join(_names(frame_parties, actors))
    if targets:
        text += (" against " if attackers or node.event_class in ("Attack", "MilitaryOperation") else " to ") + _join(
            _names(targets, actors))
    if node.places - targets:
        text += " in " + _join(_names(node.places - targets, actors))
    if roles.get("host"):
        text += ", hosted by " + _join(_names(roles["host"], actors))
    when = _format_time(node.begin, node.end)
    if when:
        text += ", " + when
    return text[:1].upper() + text[1:]


__all__ = ["event_label", "MUTUAL_CLASSES"]
