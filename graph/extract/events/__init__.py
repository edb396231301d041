"""Events: PLOVER-typed event mentions with roles, places, normalized time, status and links.

A trigger (a verb or a noun from the lexicon in graph/data/events.toml) is an event mention;
the dependency parse decides who takes which role (the frame of the trigger maps syntactic
slots — subject, object, possessor, "by", "with", "between", "on" … — to party, mediator,
host, attacker, target). A noun trigger takes the subject of the verb that carries it
("Ukraine and Russia are conducting negotiations", "Kyiv launched an offensive").

An event that is the content of another ("agreed to a ceasefire", "threatened to shell",
"talks on halting strikes") is absorbed: it is what is agreed, threatened or discussed, not
an event of its own, and its words become a cue of the event that absorbs it.

Status (asserted | negated | hypothetical | planned) comes from cue words on the way from the
trigger up to its clause (data, [modality]); time from the time expression that attaches to
the trigger or to a verb above it — not one attached to a verb of saying, which dates the
report — and, for a present progressive with none, the publication date. Links: "B was
derailed by A" / "A disrupted B" / "B broke down due to A" give (disruptedBy, A) on B;
"A led to B" gives (ledTo, B) on A; "in response to A" gives (inResponseTo, A).

The package, one module per idea: ``triggers`` (the lexicon's words in the text), ``parse`` (the
parse walked once, and the tree's small questions), ``arguments`` (roles and places), ``absorption``
(merged and absorbed triggers), ``status``, ``timing``, ``links``, and ``document`` (one document's
reading, in that order).
"""

from __future__ import annotations

from spacy.tokens import Doc

from graph.extract import extractors
from graph.extract.event_lexicon import DATA, Lexicon, TriggerRule, load_lexicon
from graph.extract.events.document import DocumentEvents
from graph.extract.events.parse import _reading
from graph.extract.events.triggers import find_triggers
from graph.model import DocumentAnalysis

__all__ = ["DATA", "Lexicon", "TriggerRule", "extract_events", "find_triggers", "load_lexicon"]


@extractors.register("events")
def extract_events(doc: Doc, analysis: DocumentAnalysis) -> None:
    with _reading(doc):
        DocumentEvents(doc, analysis, load_lexicon()).run()
