"""A small hand-written graph in the core profile (CORE-PROFILE.md), built with rdflib, for the
visualization and analytics tests: three documents (one of them hostile markup), actors of
every kind, events with PLOVER categories and roles, a derailment, claims with sources and
intermediaries. Sentences are our own; offsets are computed from the text, never typed."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from graph.namespaces import GAF, ID, NIF, PARLEY, PLOVER, PROV, SCHEMA, SEM, WD, bind_prefixes

HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '</script><img src=x onerror="window.__pwned=2">'
HOSTILE_LABEL = '<img src=x onerror="window.__pwned=3">Mallory'

DOCS = {
    "alpha": ("Qatar mediates energy talks", dt.date(2024, 8, 20), "example-wire",
              "Qatar is mediating talks between Ukraine and Russia in Doha on halting strikes on energy "
              "infrastructure, a senior Ukrainian official said. The talks were derailed by the incursion into the "
              "Kursk region, according to the Financial Times. President Volodymyr Zelensky did not comment."),
    "beta": ("Delegations were to meet in Doha", dt.date(2024, 10, 30), "daily-ledger",
             "The Financial Times reported that Ukraine and Russia had been preparing to send delegations to Doha. "
             "The incursion into the Kursk region derailed the talks, the newspaper said. Zelensky's office "
             "declined to comment. A Russian diplomat denied that Qatar is mediating talks between Ukraine and "
             "Russia. Russian forces struck a power plant in Kharkiv on Tuesday."),
    "hostile": (f"Markup test {HOSTILE_SCRIPT}", dt.date(2024, 10, 31), None,
                f"An analyst wrote {HOSTILE_SCRIPT} in a post. Another wrote {HOSTILE_IMG} as well. "
                f"{HOSTILE_LABEL} said that Ukraine and Russia held talks in Doha."),
}


def _iri(path: str) -> URIRef:
    return ID[path]


def profile_graph() -> Graph:
    g = Graph()
    bind_prefixes(g)
    texts = {}
    for doc_id, (title, issued, outlet, text) in DOCS.items():
        d = _iri(f"doc/{doc_id}")
        texts[doc_id] = text
        for t in (PARLEY.Document, NIF.Context, SCHEMA.NewsArticle):
            g.add((d, RDF.type, t))
        g.add((d, NIF.isString, Literal(text)))
        g.add((d, DCTERMS.identifier, Literal(doc_id)))
        g.add((d, DCTERMS.title, Literal(title)))
        g.add((d, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
        if outlet:
            g.add((d, DCTERMS.publisher, _iri(f"actor/{outlet}")))

    def mention(doc_id: str, phrase: str, nth: int = 0) -> URIRef:
        text = texts[doc_id]
        begin = -1
        for _ in range(nth + 1):
            begin = text.index(phrase, begin + 1)
        end = begin + len(phrase)
        m = URIRef(f"{_iri('doc/' + doc_id)}#char={begin},{end}")
        g.add((m, RDF.type, NIF.String))
        g.add((m, NIF.referenceContext, _iri(f"doc/{doc_id}")))
        g.add((m, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((m, NIF.anchorOf, Literal(text[begin:end])))
        return m

    def actor(key: str, kind: str, label: str, qid: str | None = None, alts: tuple[str, ...] = (),
              mentions: tuple[tuple[str, str], ...] = ()) -> URIRef:
        a = _iri(f"actor/{key}")
        g.add((a, RDF.type, PARLEY[kind]))
        g.add((a, RDF.type, PARLEY.Actor if kind != "Place" else PARLEY.Place))
        g.add((a, RDFS.label, Literal(label)))
        for alt in alts:
            g.add((a, SKOS.altLabel, Literal(alt)))
        if qid:
            g.add((a, OWL.sameAs, WD[qid]))
        for doc_id, phrase in mentions:
            g.add((a, GAF.denotedBy, mention(doc_id, phrase)))
        return a

    ukraine = actor("ukraine", "State", "Ukraine", "Q212", ("Kyiv",), (("alpha", "Ukraine"), ("beta", "Ukraine")))
    russia = actor("russia", "State", "Russia", "Q159", (), (("alpha", "Russia"), ("beta", "Russia")))
    qatar = actor("qatar", "State", "Qatar", "Q846", (), (("alpha", "Qatar"), ("beta", "Qatar")))
    ft = actor("financial-times", "NewsOutlet", "Financial Times", "Q183231", ("the newspaper",),
               (("alpha", "Financial Times"), ("beta", "Financial Times")))
    actor("example-wire", "NewsOutlet", "Example Wire")
    actor("daily-ledger", "NewsOutlet", "Daily Ledger")
    zelensky = actor("volodymyr-zelensky", "Person", "Volodymyr Zelensky", "Q3874799", ("Zelensky",),
                     (("alpha", "Volodymyr Zelensky"), ("beta", "Zelensky")))
    official = actor("anon-ukrainian-official", "AnonymousSource", "a senior Ukrainian official", None, (),
                     (("alpha", "a senior Ukrainian official"),))
    g.add((official, PARLEY.affiliation, ukraine))
    diplomat = actor("anon-russian-diplomat", "AnonymousSource", "a Russian diplomat", None, (),
                     (("beta", "A Russian diplomat"),))
    g.add((diplomat, PARLEY.affiliation, russia))
    office = actor("zelensky-office", "Organization", "Office of the President of Ukraine", None, (),
                   (("beta", "Zelensky's office"),))
    mallory = actor("mallory", "Person", HOSTILE_LABEL, None, (), (("hostile", HOSTILE_LABEL),))
    # A sameAs that is not a Wikidata item must not become a link.
    g.add((mallory, OWL.sameAs, URIRef("javascript:alert(1)")))
    doha = actor("doha", "Place", "Doha", "Q3861", (), (("alpha", "Doha"), ("beta", "Doha"), ("hostile", "Doha")))
    kursk = actor("kursk-oblast", "Place", "Kursk region", "Q2085", (), (("alpha", "Kursk region"),
                                                                        ("beta", "Kursk region")))
    kharkiv = actor("kharkiv", "Place", "Kharkiv", "Q42308", (), (("beta", "Kharkiv"),))

    def event(key: str, cls: str, plover: str, label: str, roles: dict[str, list[URIRef]],
              places: list[URIRef], begin: dt.date | None, end: dt.date | None,
              mentions: tuple[tuple[str, str], ...]) -> URIRef:
        e = _iri(f"event/{key}")
        g.add((e, RDF.type, PARLEY[cls]))
        g.add((e, RDF.type, PARLEY.Event))
        g.add((e, RDFS.label, Literal(label)))
        concept = PLOVER[plover.lower()]
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.notation, Literal(plover)))
        g.add((e, SEM.eventType, concept))
        for role, actors in roles.items():
            for a in actors:
                g.add((e, PARLEY[role], a))
                g.add((e, SEM.hasActor, a))
        for p in places:
            g.add((e, SEM.hasPlace, p))
        if begin:
            g.add((e, SEM.hasBeginTimeStamp, Literal(begin.isoformat(), datatype=XSD.date)))
        if end:
            g.add((e, SEM.hasEndTimeStamp, Literal(end.isoformat(), datatype=XSD.date)))
        for doc_id, phrase in mentions:
            g.add((e, GAF.denotedBy, mention(doc_id, phrase)))
        return e

    talks = event("doha-talks", "Negotiation", "CONSULT", "Talks in Doha on energy strikes",
                  {"party": [ukraine, russia], "mediator": [qatar]}, [doha],
                  dt.date(2024, 8, 1), dt.date(2024, 8, 31),
                  (("alpha", "talks"), ("beta", "the talks"), ("hostile", "held talks")))
    incursion = event("kursk-incursion", "MilitaryOperation", "ASSAULT", "Incursion into the Kursk region",
                      {"attacker": [ukraine], "target": [russia]}, [kursk], dt.date(2024, 8, 6), None,
                      (("alpha", "the incursion"), ("beta", "The incursion")))
    g.add((talks, PARLEY.disruptedBy, incursion))
    event("kharkiv-strike", "Attack", "ASSAULT", "Strike on a power plant in Kharkiv",
          {"attacker": [russia]}, [kharkiv], dt.date(2024, 10, 29), dt.date(2024, 10, 29),
          (("beta", "struck"),))

    def claim(key: str, statement: str, about: list[URIRef],
              assertions: list[tuple[str, str, URIRef | None, list[URIRef]]], polarity: tuple[str, ...] = ()) -> URIRef:
        c = _iri(f"claim/{key}")
        g.add((c, RDF.type, PARLEY.Claim))
        g.add((c, PARLEY.statement, Literal(statement)))
        for x in about:
            g.add((c, PARLEY.about, x))
        for i, (doc_id, sentence, source, via) in enumerate(assertions):
            a = _iri(f"assertion/{key}-{i}")
            g.add((a, RDF.type, PARLEY.Assertion))
            g.add((c, PARLEY.assertion, a))
            g.add((a, PROV.wasDerivedFrom, _iri(f"doc/{doc_id}")))
            if source is not None:
                g.add((a, PARLEY.source, source))
            for v in via:
                g.add((a, PARLEY.via, v))
            g.add((a, GAF.denotedBy, mention(doc_id, sentence)))
            # Beyond the core profile, as the builder writes them: certainty and polarity as IRIs.
            g.add((a, PARLEY.certainty, PARLEY.certain))
            g.add((a, PARLEY.polarity, PARLEY[polarity[i] if i < len(polarity) else "positive"]))
        return c

    claim("derailed", "the incursion into the Kursk region derailed the talks", [talks, incursion], [
        ("alpha", "The talks were derailed by the incursion into the Kursk region", ft, []),
        ("beta", "The incursion into the Kursk region derailed the talks", ft, []),
    ])
    claim("qatar-mediates", "Qatar is mediating talks between Ukraine and Russia", [talks, qatar], [
        ("alpha", "Qatar is mediating talks between Ukraine and Russia in Doha", official, []),
        ("beta", "A Russian diplomat denied that Qatar is mediating talks between Ukraine and Russia", diplomat, []),
    ], polarity=("positive", "negative"))
    claim("delegations", "Ukraine and Russia had been preparing to send delegations to Doha", [talks], [
        ("beta", "Ukraine and Russia had been preparing to send delegations to Doha", None, [ft]),
    ])
    claim("no-comment", "Zelensky's office declined to comment", [zelensky], [
        ("beta", "Zelensky's office declined to comment", office, []),
    ])
    claim("hostile", f"{HOSTILE_IMG} talks were held {HOSTILE_SCRIPT}", [talks], [
        ("hostile", f"{HOSTILE_LABEL} said that Ukraine and Russia held talks in Doha", mallory, []),
    ])
    return g


def large_profile_graph(actors: int = 600, events: int = 900, claims: int = 500, seed: int = 3) -> Graph:
    """A synthetic graph of ``actors + events + claims`` nodes with a skewed degree (a few actors
    take part in much), like a large news corpus, for the layout at scale."""
    import random

    rng = random.Random(seed)
    g = Graph()
    kinds = ("State", "Organization", "Person", "NewsOutlet", "AnonymousSource")
    categories = ("CONSULT", "AGREE", "ASSAULT", "DEMAND", "REJECT", "THREATEN", "SUPPORT")
    doc = _iri("doc/big")
    text = " ".join(f"Actor {i} met actor {i + 1}." for i in range(actors))
    g.add((doc, RDF.type, PARLEY.Document))
    g.add((doc, NIF.isString, Literal(text)))
    g.add((doc, DCTERMS.identifier, Literal("big")))
    people = []
    for i in range(actors):
        a = _iri(f"actor/a{i}")
        people.append(a)
        g.add((a, RDF.type, PARLEY[kinds[i % len(kinds)]]))
        g.add((a, RDFS.label, Literal(f"Actor {i}")))
        begin = text.index(f"Actor {i} ")
        m = URIRef(f"{doc}#char={begin},{begin + len(f'Actor {i}')}")
        g.add((m, NIF.referenceContext, doc))
        g.add((m, NIF.beginIndex, Literal(begin)))
        g.add((m, NIF.endIndex, Literal(begin + len(f"Actor {i}"))))
        g.add((m, NIF.anchorOf, Literal(f"Actor {i}")))
        g.add((a, GAF.denotedBy, m))
    weights = [1 / (i + 1) ** 0.8 for i in range(actors)]
    event_iris = []
    for j in range(events):
        e = _iri(f"event/e{j}")
        event_iris.append(e)
        g.add((e, RDF.type, PARLEY.Event))
        g.add((e, RDFS.label, Literal(f"Event {j}")))
        concept = PLOVER[categories[j % len(categories)].lower()]
        g.add((concept, SKOS.notation, Literal(categories[j % len(categories)])))
        g.add((e, SEM.eventType, concept))
        day = dt.date(2024, 1, 1) + dt.timedelta(days=j % 300)
        g.add((e, SEM.hasBeginTimeStamp, Literal(day.isoformat(), datatype=XSD.date)))
        for a in set(rng.choices(people, weights, k=rng.randint(2, 3))):
            g.add((e, PARLEY.party, a))
    for k in range(claims):
        c = _iri(f"claim/c{k}")
        g.add((c, RDF.type, PARLEY.Claim))
        g.add((c, PARLEY.statement, Literal(f"Claim number {k}")))
        g.add((c, PARLEY.about, rng.choice(event_iris)))
        a = _iri(f"assertion/c{k}")
        g.add((c, PARLEY.assertion, a))
        g.add((a, PROV.wasDerivedFrom, doc))
        g.add((a, PARLEY.source, rng.choices(people, weights)[0]))
    return g
