"""Data classes passed between the pipeline stages.

ingest → SourceDocument → clean → CleanedDocument → nlp + extract → DocumentAnalysis
→ resolve → ResolvedCorpus → build graph (rdflib) → store / query / export / visualize.

Every offset is a Python string index (a Unicode code point) into ``SourceDocument.text``,
end exclusive, exactly as NIF wants it. The NLP works on ``CleanedDocument.analysis_text``,
which has the same length as the source text, so spaCy's character offsets are source
offsets too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.corrections.records import Report

# Kinds of actor, as named in the core profile (parley:<Kind>).
ACTOR_KINDS = ("State", "Organization", "Person", "NewsOutlet", "AnonymousSource", "Actor")
PLACE = "Place"
# Roles an actor can take in an event (parley:<role>, all under sem:hasActor).
ROLES = ("party", "mediator", "host", "attacker", "target", "actor")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [begin, end) in a document's text."""

    begin: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.begin <= self.end:
            raise ValueError(f"bad span {self.begin}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.begin

    def contains(self, other: Span) -> bool:
        return self.begin <= other.begin and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.begin < other.end and other.begin < self.end


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One input article, exactly as read. ``text`` is never altered after ingest."""

    id: str
    text: str
    origin: str  # the file (and line, for JSON Lines) it came from, for messages
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class CleanedDocument:
    """A document with its article body found.

    ``analysis_text`` has the length of ``source.text``: typographic variants are mapped one
    character to one character (ʼ → ') and everything outside the body is blanked to spaces
    (newlines kept), so nothing from boilerplate reaches the NLP and offsets stay true.
    """

    source: SourceDocument
    analysis_text: str
    body: tuple[Span, ...]
    dropped: tuple[tuple[Span, str], ...] = ()  # (region, why it was dropped)

    def in_body(self, span: Span) -> bool:
        return any(region.contains(span) for region in self.body)


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A mention of an actor or a place in one document.

    ``key`` names the real-world entity: a gazetteer key where the gazetteer knows it
    (``ukraine``), else ``None`` and the resolver matches by name. ``kind`` is the role the
    mention plays here: "Kyiv seeks…" is a State mention with key ``ukraine``, "40 km from
    Kyiv" a Place mention with key ``kyiv``.
    """

    span: Span
    text: str  # exactly source.text[span.begin:span.end]
    kind: str  # one of ACTOR_KINDS or PLACE
    key: str | None = None
    label: str | None = None  # a canonical name when known (gazetteer label, or a fuller name)
    ner_label: str = ""  # the spaCy label or "GAZETTEER"
    # For anonymous sources ("a senior Ukrainian official", "four Ukrainian officials").
    affiliation: str | None = None  # a gazetteer key of the state or organisation it speaks for
    # Or, for a body the gazetteer does not know, where this document names it ("an official of the
    # Popular Unity Party"): the node that mention resolves to is the affiliation.
    affiliation_span: Span | None = None
    rank: str | None = None  # "senior", "former senior", "high-ranking"
    count: int | None = None  # 4 for "four officials"

    @property
    def is_place(self) -> bool:
        return self.kind == PLACE


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A normalized time expression: the interval it denotes, and where it was said."""

    begin: dt.date
    end: dt.date
    text: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class EventMention:
    """One mention of an event in one document (a trigger with its arguments)."""

    trigger: Span
    sentence: Span
    event_class: str  # Negotiation, Agreement, Attack, MilitaryOperation, Summit, … (ontology class)
    plover: str  # PLOVER category: CONSULT, AGREE, ASSAULT, …
    cameo: str | None = None
    roles: tuple[tuple[str, EntityMention], ...] = ()  # (role, actor mention)
    places: tuple[EntityMention, ...] = ()
    time: TimeValue | None = None
    status: str = "asserted"  # asserted | negated | hypothetical | planned
    cues: tuple[str, ...] = ()  # modifiers that help a reader and the coreference ("Qatar-mediated", "preliminary")
    # (relation, index of the other event in DocumentAnalysis.events): disruptedBy, inResponseTo, ledTo
    links: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class AssertionMention:
    """One report of a proposition in one document, with who it is attributed to."""

    span: Span  # the sentence or quote that carries it
    content: Span  # the proposition itself (the quote, or the clause after "said that")
    statement: str  # the proposition in words, as the document puts it
    source: EntityMention | None = None  # None: the document's own voice
    via: tuple[EntityMention, ...] = ()  # intermediaries, outermost first (the FT, "citing sources")
    certainty: str = "certain"  # certain | probable | possible | unlikely
    polarity: str = "positive"  # positive | negative
    about_entities: tuple[EntityMention, ...] = ()
    about_events: tuple[int, ...] = ()  # indexes into DocumentAnalysis.events
    keywords: tuple[str, ...] = ()  # lemmas of the proposition's content words, to match it across documents


@dataclass(frozen=True, slots=True)
class RelationMention:
    """A relation between two entities stated in one document (offices, membership, location)."""

    relation: str  # holdsOffice | memberOf | locatedIn | locatedNear | affiliatedWith
    subject: EntityMention
    object: EntityMention
    evidence: Span
    office: str | None = None  # the office as written ("deputy defense minister")
    office_concept: str | None = None  # a concept key ("headOfState", "foreignMinister")
    qualifier: str | None = None  # "former" / "acting" for an office, the distance ("40 km") for locatedNear


@dataclass(slots=True)
class DocumentAnalysis:
    """Everything extracted from one document. Holds no spaCy objects, so it is cheap to keep."""

    document: CleanedDocument
    entities: list[EntityMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    assertions: list[AssertionMention] = field(default_factory=list)
    relations: list[RelationMention] = field(default_factory=list)

    @property
    def source(self) -> SourceDocument:
        return self.document.source


# ------------------------------------------------------------------ resolved, cross-document


@dataclass(frozen=True, slots=True)
class MentionRef:
    """A grounded mention: document id and span (the text is source.text[span])."""

    doc_id: str
    span: Span
    text: str


@dataclass(slots=True)
class ActorNode:
    """One real-world actor or place across all documents."""

    key: str  # stable identity, used for the IRI
    label: str
    kind: str  # one of ACTOR_KINDS or PLACE
    alt_labels: set[str] | frozenset[str] = field(default_factory=set)
    wikidata: str | None = None  # a Q-id known to be right
    mentions: Sequence[MentionRef] = field(default_factory=list)  # a list, or a StoredList (graph.resolve.records)
    affiliation: str | None = None  # key of another ActorNode (anonymous sources)
    rank: str | None = None
    count: int | None = None
    venue: bool = False  # an actor also named as the place where something happens ("talks in Qatar")


@dataclass(slots=True)
class EventNode:
    key: str
    label: str
    event_class: str
    plover: str
    cameo: str | None = None
    roles: dict[str, set[str]] = field(default_factory=dict)  # role -> actor keys
    places: set[str] = field(default_factory=set)  # place keys
    begin: dt.date | None = None
    end: dt.date | None = None
    status: str = "asserted"
    mentions: Sequence[MentionRef] = field(default_factory=list)  # a list, or a StoredList
    links: set[tuple[str, str]] = field(default_factory=set)  # (relation, other event key)


@dataclass(slots=True)
class AssertionNode:
    key: str
    doc_id: str
    mention: MentionRef
    source: str | None = None  # actor key
    via: list[str] = field(default_factory=list)  # actor keys
    certainty: str = "certain"
    polarity: str = "positive"


@dataclass(slots=True)
class ClaimNode:
    key: str
    statement: str
    about: set[str] = field(default_factory=set)  # actor and event keys
    assertions: Sequence[AssertionNode] = field(default_factory=list)  # a list, or a StoredList
    # Discrepancies between the documents that carry it: (kind, plain-words description).
    discrepancies: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class RelationNode:
    key: str
    relation: str
    subject: str
    object: str
    office: str | None = None
    office_concept: str | None = None
    evidence: list[MentionRef] = field(default_factory=list)
    qualifier: str | None = None  # as in RelationMention
    from_gazetteer: bool = False  # the gazetteer states it too (or only it, when there is no evidence)


@dataclass(slots=True)
class ResolvedCorpus:
    """The cross-document result the graph is built from."""

    documents: Sequence[CleanedDocument]  # a list, or a spool's documents read back when walked
    actors: dict[str, ActorNode]  # actors and places, by key
    events: Mapping[str, EventNode] = field(default_factory=dict)  # a dict, or a StoredMapping
    claims: dict[str, ClaimNode] = field(default_factory=dict)
    relations: dict[str, RelationNode] = field(default_factory=dict)
    corrections: Report | None = None  # what the corrections stage did (graph.corrections), when it ran
