"""Parley's Python API: one thin facade over the modules the commands use, for notebooks and scripts.

    import graph as parley

    kg = parley.build_graph()                # the sample corpus; or build_graph(["articles/"], out="out")
    kg = parley.load("out/")                 # or a graph file, a build folder, a store folder
    kg.rdf                                   # the rdflib.Graph
    kg.query("mediators")                    # a ready query (parley.queries() lists them) → pandas DataFrame
    kg.query("SELECT ?e WHERE { ?e a parley:Negotiation }")
    kg.network()                             # networkx: actors linked by the events and claims they share
    kg.table("actors")                       # the analytics as DataFrames (actors, mediations, ...)
    kg.validate().conforms                   # SHACL, against ontology/shapes.ttl
    print(kg.report_text())                  # the claims report of `parley report`
    kg.page()                                # the interactive page; shown inline in Jupyter (_repr_html_)

Nothing here computes anything of its own beyond putting results into tables and words: graph.pipeline,
graph.query, graph.analytics, graph.validate, graph.report, graph.visualize and graph.store do the work.
The heavy modules are imported when first used, so that ``import graph`` stays cheap. (It is
``build_graph``, not ``build``: graph.build is the module that makes the quads.)
"""

from __future__ import annotations

import functools
import html
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.wording import count

if TYPE_CHECKING:  # imported when used: pandas is an extra, spaCy and pyshacl take seconds to load
    import networkx as nx
    import pandas as pd
    import pyoxigraph as ox
    import rdflib

    from graph.analytics import Analytics, Story
    from graph.errors import InputError
    from graph.report import ClaimsReport
    from graph.validate import Report

__all__ = ["KnowledgeGraph", "Page", "build_graph", "load", "queries"]

_TABLES = ("actors", "mediations", "brokers", "corroboration", "differences", "communities", "documents")


def _pandas():
    try:
        import pandas
    except ImportError:  # pragma: no cover - pandas is in the notebook and test extras
        raise ImportError("tables need pandas: pip install 'parley[notebook]'") from None
    return pandas


def build_graph(inputs: str | Path | Iterable[str | Path] | None = None, *, out: str | Path | None = None,
          formats: Iterable[str] = ("trig",), html: bool = True, workers: int = 1,
          store: str | Path | None = None) -> KnowledgeGraph:
    """Build the graph of ``inputs`` (files or folders, as ``parley build`` reads them; default: the
    bundled sample corpus) and write it to ``out`` (default: a new temporary folder): graph.ttl, the
    ``formats`` (trig, jsonld, nt, nquads) and, unless ``html=False``, graph.html. With ``store``, the
    documents are also added to that Oxigraph store. Inputs that cannot be read are skipped and listed
    in ``.skipped``; nothing readable at all raises ParleyError."""
    from graph import progress
    from graph.build import to_graph
    from graph.errors import ParleyError
    from graph.export import FORMATS, parse_formats, write_outputs
    from graph.ingest import count_documents, default_corpus
    from graph.pipeline import run
    from graph.visualize import write_html

    if inputs is None:
        paths = [default_corpus()]
    elif isinstance(inputs, str | Path):
        paths = [Path(inputs)]
    else:
        paths = [Path(p) for p in inputs]
    folder = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix="parley-"))
    folder.mkdir(parents=True, exist_ok=True)
    kinds = parse_formats(",".join(formats))
    skipped: list[InputError] = []
    result = run(paths, skipped.append, n_process=workers, stream=True, expected=count_documents(paths))
    try:
        if not result.analyses:
            raise ParleyError("nothing to build: no input could be read" +
                              (f" ({len(skipped)} skipped)" if skipped else ""))
        for kind in kinds:
            with progress.stage(FORMATS[kind][1]):
                write_outputs(result.quads, folder, [kind])
        if html:
            with progress.stage("page"):
                write_html(to_graph(result.quads), folder / "graph.html")
        if store is not None:
            from graph.store import add_documents

            with progress.stage("store"):
                add_documents(Path(store), list(result.analyses))
        problems = list(result.skipped)  # (without the notices: inputs read, with a remark)
        counts = {"documents": len(result.analyses), "triples": len(result.quads), "seconds": result.seconds}
    finally:
        result.close()
    # TriG keeps the documents' named graphs (GRAPH queries see them); Turtle has the same triples.
    graph_file = folder / ("graph.trig" if "trig" in kinds else "graph.ttl")
    return KnowledgeGraph(graph_file, skipped=problems, out=folder, built=counts)


def load(path: str | Path) -> KnowledgeGraph:
    """A graph Parley built: an RDF file (.ttl, .trig, .nq, .nt, .jsonld), a build folder (its
    graph.trig or graph.ttl), or a store folder (``parley build --store``, ``merge``)."""
    from graph.errors import ParleyError

    path = Path(path)
    if path.is_dir():
        from graph.store import is_store

        if is_store(path) or (path / "CURRENT").is_file():  # a Parley store, or a bare Oxigraph folder
            return KnowledgeGraph(path)
        for name in ("graph.trig", "graph.nq", "graph.ttl", "graph.nt", "graph.jsonld"):
            if (path / name).is_file():
                return KnowledgeGraph(path / name, out=path)
        raise ParleyError(f"{path}: neither a store nor a build folder (no graph.ttl in it)")
    if not path.exists():
        raise ParleyError(f"{path}: no such file or folder")
    return KnowledgeGraph(path, out=path.parent)


def queries() -> pd.DataFrame:
    """The ready queries (ontology/queries/*.rq): name and what each answers."""
    from graph.query import named_queries

    return _pandas().DataFrame([(q.name, q.description) for q in named_queries().values()],
                               columns=["query", "what it answers"])


@dataclass(eq=False)
class KnowledgeGraph:
    """A built graph, read from ``source`` (a graph file or a store folder); see the module doc."""

    source: Path
    skipped: list = field(default_factory=list)  # InputError: the inputs a build skipped
    out: Path | None = None  # the folder with graph.ttl, graph.html, ...
    built: dict[str, Any] = field(default_factory=dict)  # a build's documents, triples, seconds
    _reader: Any = field(default=None, init=False, repr=False)  # a store folder's StoreReader, once opened

    @property
    def is_store(self) -> bool:
        return self.source.is_dir()

    # ---------------------------------------------------------------- the graph itself

    @functools.cached_property
    def rdf(self) -> rdflib.Graph:
        """The whole graph as one rdflib.Graph (the documents' named graphs merged)."""
        from graph.analytics import load_graph

        return load_graph(self.source)

    @functools.cached_property
    def store(self) -> ox.Store:
        """The graph in an Oxigraph store (in memory for a file; the store itself, read-only, for a store)."""
        if self.is_store:
            from graph.store import StoreReader

            # Kept open (with its reader lock, so that a writer's garbage collection leaves this generation be).
            self._reader = StoreReader(self.source)
            return self._reader.store
        from graph.query import load_graph_file

        return load_graph_file(self.source)

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        """Let go of the store (a store folder stays open for reading until then, or until exit)."""
        self.__dict__.pop("store", None)
        reader = getattr(self, "_reader", None)
        if reader is not None:
            reader.close()
            self._reader = None

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Parley graph {self.source}: {len(self):,} triples>"

    # ---------------------------------------------------------------- SPARQL

    def query(self, query: str, **bindings: str) -> pd.DataFrame | bool:
        """A ready query by name (see ``queries()``) or SPARQL text → a DataFrame of the solutions, one
        column a variable, IRIs as prefixed names (``id:actor/…``), literals as their text; an ASK query
        → a bool; CONSTRUCT / DESCRIBE → a DataFrame of subject, predicate, object. The core profile's
        prefixes need no declaration. ``bindings`` fix variables first: name=IRI (<…>, prefix:name) or text."""
        import pyoxigraph as ox

        from graph.query import (
            named_queries,
            named_query,
            parse_bindings,  # the command line's --bind rules, the same for both
            run_query,
            term_text,
        )

        text = named_query(query).text if query in named_queries() or re.fullmatch(r"[\w-]+", query) else query
        substitutions = parse_bindings([f"{k}={v}" for k, v in bindings.items()])
        result = run_query(self.store, text, substitutions)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        pd = _pandas()
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return pd.DataFrame([[term_text(row[n]) for n in names] for row in result], columns=names)
        return pd.DataFrame([(term_text(t.subject), term_text(t.predicate), term_text(t.object)) for t in result],
                            columns=["subject", "predicate", "object"])

    # ---------------------------------------------------------------- analytics

    @functools.cached_property
    def story(self) -> Story:
        """The graph read through the core profile (graph.analytics.Story): nodes, edges, evidence."""
        from graph.analytics import read_story
        from graph.visualize import load_style

        # (the page's context length, so that page() draws what `parley viz` draws)
        return read_story(self.rdf, context_chars=load_style()["layout"]["context_chars"])

    @functools.cached_property
    def analytics(self) -> Analytics:
        """Centrality, mediations, brokers, corroboration, differences, communities (``parley stats``)."""
        from graph.analytics import analyze

        return analyze(self.story)

    def network(self) -> nx.Graph:
        """The networkx view: actors (nodes, with label and kind) linked when they share an event or a
        claim (edge weight: how many)."""
        from graph.analytics import actor_network

        net = actor_network(self.story)
        for iri, data in net.nodes(data=True):
            node = self.story.nodes[iri]
            data.update(label=node.label, kind=node.kind)
        return net

    def table(self, name: str) -> pd.DataFrame:
        """An analytics table, with labels for IRIs: actors, mediations, brokers, corroboration,
        differences, communities, documents."""
        pd = _pandas()
        story, a = self.story, self.analytics
        label = story.label
        rows: list[tuple]
        if name == "actors":
            rows = [(x.label, x.kind, x.events, x.claims, x.partners, round(x.betweenness, 3),
                     round(x.importance, 4)) for x in a.actors]
            columns = ["actor", "kind", "events", "claims", "partners", "betweenness", "importance"]
        elif name == "mediations":
            rows = [(label(m.mediator), m.role, ", ".join(map(label, m.parties)), len(m.events),
                     "; ".join(map(label, m.events))) for m in a.mediations]
            columns = ["mediator", "role", "between", "events", "which"]
        elif name == "brokers":
            rows = [(label(b.actor), round(b.betweenness, 3),
                     "; ".join(f"{label(x)} – {label(y)}" for x, y in b.between)) for b in a.brokers]
            columns = ["actor", "betweenness", "links"]
        elif name == "corroboration":
            rows = [(len(c.documents), len(c.outlets), c.statement, ", ".join(c.sources), ", ".join(c.via))
                    for c in a.corroboration]
            columns = ["documents", "outlets", "claim", "sources", "via"]
        elif name == "differences":
            rows = [(label(d.subject), d.kind, d.detail) for d in a.differences]
            columns = ["about", "kind", "detail"]
        elif name == "communities":
            rows = [(i + 1, len(c), ", ".join(map(label, c))) for i, c in enumerate(a.communities)]
            columns = ["community", "actors", "members"]
        elif name == "documents":
            rows = [(d.id, d.headline, d.issued, label(d.outlet) if d.outlet else None)
                    for d in story.documents.values()]
            columns = ["id", "headline", "published", "outlet"]
        else:
            raise ValueError(f"no table {name!r}; choose from {', '.join(_TABLES)}")
        return pd.DataFrame(rows, columns=columns)

    # ---------------------------------------------------------------- checks and reports

    def validate(self) -> Report:
        """SHACL validation against the core profile (``parley validate``): ``.conforms``, ``.violations``,
        ``.lines(kg.rdf)`` in words."""
        from graph.validate import validate_graph

        return validate_graph(self.rdf)

    def report(self) -> ClaimsReport:
        """The claims, each with its assertions (who, through whom) and discrepancies (``parley report``)."""
        from graph.report import build_report

        return build_report(self.rdf)

    def report_text(self, *, only_discrepancies: bool = False, min_documents: int = 1, limit: int = 0) -> str:
        from graph.report import render_text

        return render_text(self.report(), only_discrepancies=only_discrepancies, min_documents=min_documents,
                           limit=limit)

    def story_text(self) -> Markdown:
        """What the graph says, in words: who mediates, what derailed the talks, what every outlet
        reports, where they differ (Markdown; shown as such in Jupyter)."""
        return Markdown(_story_markdown(self))

    # ---------------------------------------------------------------- the page

    def page(self, **filters: Any) -> Page:
        """The interactive page (``parley viz``), filtered by document, actor, since, kind, with a title.
        In Jupyter it shows inline; ``.save(path)`` writes it."""
        from graph.visualize import render_html

        title = filters.pop("title", None)
        story = self.story.filtered(**filters) if filters else self.story
        analytics = None if filters else self.analytics
        return Page(render_html(story, analytics, **({"title": title} if title else {})))


@dataclass(frozen=True)
class Page:
    """The page as one self-contained HTML document; inline in Jupyter, in a sandboxed iframe."""

    html: str

    def save(self, path: str | Path) -> Path:
        from graph.fileio import atomic_write_text

        atomic_write_text(Path(path), self.html)
        return Path(path)

    def _repr_html_(self) -> str:
        # srcdoc keeps the page in the notebook (it makes no request); escaped, its text is an attribute value.
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
                'style="width:100%;height:900px;border:1px solid #ccc" sandbox="allow-scripts"></iframe>')


@dataclass(frozen=True)
class Markdown:
    text: str

    def __str__(self) -> str:
        return self.text

    def _repr_markdown_(self) -> str:
        return self.text


def _esc(text: str) -> str:
    """Article text as literal Markdown: no HTML, no emphasis, no links (it is data)."""
    return re.sub(r"([\\`*_{}\[\]()#+!|>~-])", r"\\\1", html.escape(" ".join(str(text).split()), quote=False))


def _story_markdown(kg: KnowledgeGraph) -> str:
    from graph.analytics import between_words
    from graph.visualize import describe_interval

    story, analytics, label = kg.story, kg.analytics, kg.story.label

    def when(node) -> str:
        return describe_interval(node.begin, node.end) or "undated"

    docs = {d for n in story.nodes.values() for d in n.documents}
    publishers = sorted({label(story.documents[d].outlet) for d in docs
                         if d in story.documents and story.documents[d].outlet})
    lines = [f"**{count(len(docs), 'document')}**" + (f" from {', '.join(map(_esc, publishers))}." if publishers else
                                             " (their publishers are not given: they are named by id).")]

    lines.append("\n### Who mediates")
    for m in analytics.mediations:
        events = "; ".join(f"{_esc(label(e))} ({when(story.nodes[e])})" for e in m.events)
        lines.append(f"- **{_esc(label(m.mediator))}** is named {m.role} {_esc(between_words(story, m.parties))}: "
                     f"{events}.")
    if not analytics.mediations:
        lines.append("- No event in the graph names a mediator or a host.")
    for b in analytics.brokers[:3]:
        lines.append(f"- In the network of actors, **{_esc(label(b.actor))}** is a go-between "
                     f"(betweenness {b.betweenness:.2f}).")

    lines.append("\n### What derailed the talks")
    disruptions = [e for e in story.edges if e.relation == "disruptedBy"]
    if not disruptions:
        lines.append("- The graph records no event as disrupted by another.")
    for e in disruptions:
        talks, cause = story.nodes[e.source], story.nodes[e.target]
        reported = sorted({story.outlet_of(d) for d in talks.documents | cause.documents})
        lines.append(f"- **{_esc(talks.label)}** ({when(talks)}) was disrupted by **{_esc(cause.label)}** "
                     f"({when(cause)}); reported by {', '.join(map(_esc, reported))}.")
        about = [story.nodes[x.source] for x in story.edges_of(cause.iri)
                 if x.relation == "about" and x.target == cause.iri]
        for claim in sorted(about, key=lambda c: -len(c.documents))[:3]:
            lines.append(f"  - claim in {len(claim.documents)} document(s): “{_esc(claim.statement or claim.label)}”")

    lines.append("\n### What every outlet reports")
    shared = [c for c in analytics.corroboration if len(c.documents) == len(docs)]
    for c in shared:
        lines.append(f"- “{_esc(c.statement)}” — in all {len(docs)} documents (sources: {_esc(', '.join(c.sources))}).")
    if not shared:
        best = max((len(c.documents) for c in analytics.corroboration), default=0)
        lines.append(f"- No claim is carried by all {len(docs)} documents; the most corroborated are in {best}:")
        for c in [c for c in analytics.corroboration if len(c.documents) == best][:6]:
            outlets = ", ".join(sorted({story.outlet_of(d) for d in c.documents}))
            lines.append(f"  - “{_esc(c.statement)}” ({_esc(outlets)})")

    lines.append("\n### Where they differ")
    for d in analytics.differences[:10]:
        lines.append(f"- [{d.kind}] {_esc(d.detail)}")
    from graph.query import named_query, paged

    attribution = kg.query(paged(named_query("attribution-differs").text, 1, 0))  # (all its pages: it counts claims)
    if len(attribution):
        lines.append(f"- The attribution of {attribution['claim'].nunique()} claim(s) differs between documents, "
                     "e.g.:")
        for _, row in attribution.head(4).iterrows():
            lines.append(f"  - “{_esc(row['statement'])}”: {_esc(row['document1'])} attributes it to "
                         f"{_esc(row['attribution1'])}, {_esc(row['document2'])} to {_esc(row['attribution2'])}")
    if not analytics.differences and not len(attribution):
        lines.append("- The graph records no difference between the documents.")
    return "\n".join(lines)
