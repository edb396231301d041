"""The graph page as a file: self-contained and offline, article text escaped, the data it
draws, filters, the overview at scale, the `parley viz` command and the seed build."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from html.parser import HTMLParser

import pytest
from profile_fixture import HOSTILE_IMG, HOSTILE_LABEL, HOSTILE_SCRIPT, large_profile_graph, profile_graph

from graph.analytics import analyze, read_story
from graph.cli import main
from graph.namespaces import NIF
from graph.visualize import (
    describe_interval,
    embed_json,
    load_style,
    render_html,
    write_html,
)

A = "https://w3id.org/parley/id/"
# src=, href= (and the like) or CSS url() pointing at http(s):// or a scheme-relative //host, or @import.
NETWORK_REF = re.compile(r"""\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//"""
                         r"""|url\(\s*["']?\s*(?:https?:)?//|@import""", re.IGNORECASE)


class Page(HTMLParser):
    """The page's elements as the browser's HTML parser sees them (script content is raw text)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


@pytest.fixture(scope="module")
def page_text(tmp_path_factory) -> str:
    path = write_html(profile_graph(), tmp_path_factory.mktemp("viz") / "graph.html")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(page_text) -> Page:
    return Page(page_text)


def data_of(page: Page) -> dict:
    [(attrs, text)] = [(a, t) for a, t in page.scripts if a.get("type") == "application/json"]
    return json.loads(text)


def test_page_is_self_contained(page_text, page):
    assert not NETWORK_REF.search(page_text), NETWORK_REF.search(page_text).group(0)
    tags = [t for t, _ in page.tags]
    assert "link" not in tags and "iframe" not in tags and "img" not in tags
    assert all("src" not in attrs for _, attrs in page.tags)
    # Three scripts: the data (JSON, not run), vis-network (inlined from pyvis's copy) and the page's own.
    kinds = [attrs.get("type") for attrs, _ in page.scripts]
    assert kinds == ["application/json", None, None]
    assert "vis-network" in page.scripts[1][1][:2000] and "vis.Network" in page.scripts[2][1]
    # The Content Security Policy lets exactly those two scripts run and nothing load.
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("style-src")[0]  # scripts run by hash only
    for _, code in page.scripts[1:]:
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_article_markup_is_data_not_markup(page_text, page):
    for hostile in (HOSTILE_SCRIPT, HOSTILE_IMG, HOSTILE_LABEL, "<img", 'onerror="window'):
        assert hostile not in page_text
    assert [t for t, _ in page.tags].count("script") == 3 and page_text.lower().count("</script") == 3
    data = data_of(page)  # and it all arrives intact, as text
    assert data["details"][A + "actor/mallory"]["label"] == HOSTILE_LABEL
    claim = data["claims"][A + "claim/hostile"]
    assert claim["statement"] == f"{HOSTILE_IMG} talks were held {HOSTILE_SCRIPT}"
    [hostile] = [row for row in data["documents"] if row[4] == A + "doc/hostile"]
    assert HOSTILE_SCRIPT in hostile[2] and HOSTILE_SCRIPT in hostile[0]
    # The page's title is escaped HTML.
    title = re.search(r"<title>(.*?)</title>", page_text).group(1)
    assert "<" not in title


def test_embed_json_escapes_everything_that_could_end_the_script():
    tricky = {"a": "</script><!-- <script>&amp;\u2028\u2029", "b<": [">", "&"]}
    text = embed_json(tricky)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == tricky


def nodes_of(data: dict) -> dict[str, dict]:
    """The page's items by id, with their fields named (the page carries them as arrays)."""
    fields = ("id", "name", "kind", "size", "color", "claims", "members", "corrected", "linked")
    return {n[0]: dict(zip(fields, n, strict=True)) for n in data["nodes"]}


def links_of(data: dict) -> set[tuple[str, str, str]]:
    """(from, relation label, to) of every link the page carries, by the items' names."""
    names = [n[1] for n in data["nodes"]]
    return {(names[a], data["relationStyle"][data["relationNames"][r]]["label"], names[b])
            for a, b, r, *_ in data["links"]}


def test_page_data_nodes_edges_legend_and_details(page):
    data = data_of(page)
    style = load_style()
    nodes = nodes_of(data)
    # Claims are not drawn: they are counted on what they are about (the talks carry two of them).
    assert not any(n["kind"] == "Claim" for n in nodes.values())
    talks = nodes[A + "event/doha-talks"]
    assert talks["color"] == style["plover"]["CONSULT"] and talks["claims"] >= 1
    assert nodes[A + "event/kharkiv-strike"]["color"] == style["plover"]["ASSAULT"]
    assert data["drawn"] == len(nodes)  # a small graph is drawn whole
    # Size follows importance: the states outrank an outlet that nothing links to.
    assert nodes[A + "actor/russia"]["size"] > nodes[A + "actor/daily-ledger"]["size"]
    links = links_of(data)
    assert ("Talks in Doha on energy strikes", "mediator", "Qatar") in links
    assert ("Talks in Doha on energy strikes", "disrupted by", "Incursion into the Kursk region") in links
    d = data["details"][A + "event/doha-talks"]
    assert d["when"] == "August 2024" and d["plover"] == "CONSULT" and d["kindLabel"] == "Event: Negotiation"
    assert ["mediator", A + "actor/qatar"] in d["out"]
    # The facts come first, in the order an analyst reads them, the participants as references.
    assert [f[0] for f in d["facts"]][:3] == ["Kind", "Time", "Place"]
    facts = dict((f[0], f[1]) for f in d["facts"])
    assert facts["Mediator"] == [[A + "actor/qatar", "Qatar"]]
    assert {name for _, name in facts["Parties"]} == {"Russia", "Ukraine"}
    assert facts["Kind"] == "Negotiation · PLOVER CONSULT" and facts["Time"] == "August 2024"
    assert facts["Reported by"].startswith("2 outlets")
    docs = {data["documents"][e["doc"]][4].rsplit("/", 1)[-1] for e in d["evidence"]}
    assert docs == {"alpha", "beta", "hostile"}
    q = data["claims"][A + "claim/qatar-mediates"]
    assert [(a["source"], a["polarity"]) for a in q["assertions"]] == \
        [("a senior Ukrainian official", "positive"), ("a Russian diplomat", "negative")]
    assert data["details"][A + "actor/qatar"]["wikidata"] == "Q846"
    assert {p["name"] for p in data["plover"]} == {"CONSULT", "ASSAULT"}
    rows = data["timeline"]["rows"]
    assert [t["begin"] for t in rows] == ["2024-08-01", "2024-08-06", "2024-10-29"]
    assert "reported by: Daily Ledger, Example Wire, Markup test " + HOSTILE_SCRIPT in rows[0]["detail"]
    assert data["timeline"]["fit"] == ["2024-08-01", "2024-10-29"]
    assert any("Qatar" in line and "mediator" in line for line in data["overview"])


def test_deterministic_bytes():
    story = read_story(profile_graph())
    assert render_html(story) == render_html(read_story(profile_graph()))


def test_describe_interval():
    import datetime as dt

    d = dt.date
    assert describe_interval(d(2024, 8, 1), d(2024, 8, 31)) == "August 2024"
    assert describe_interval(d(2024, 2, 1), d(2024, 2, 29)) == "February 2024"
    assert describe_interval(d(2024, 1, 1), d(2024, 12, 31)) == "2024"
    assert describe_interval(d(2024, 8, 6), d(2024, 8, 6)) == "2024-08-06"
    assert describe_interval(d(2024, 8, 6), None) == "from 2024-08-06"
    assert describe_interval(d(2024, 8, 1), d(2024, 9, 30)) == "2024-08-01 – 2024-09-30"


def test_filters_reach_the_page(tmp_path):
    path = write_html(profile_graph(), tmp_path / "events.html", kind="event")
    data = data_of(Page(path.read_text(encoding="utf-8")))
    assert {n[2] for n in data["nodes"]} == {"Event"}
    assert {label for _, label, _ in links_of(data)} == {"disrupted by"}
    assert "<title>Parley — negotiations graph (kind event)</title>" in path.read_text(encoding="utf-8")
    path = write_html(profile_graph(), tmp_path / "qatar.html", actor=["Qatar"], since="2024-08-01")
    labels = {n[1] for n in data_of(Page(path.read_text(encoding="utf-8")))["nodes"]}
    assert "Qatar" in labels and "Kharkiv" not in labels


def test_viz_command(tmp_path, capsys):
    ttl = tmp_path / "g.ttl"
    profile_graph().serialize(ttl, format="turtle")
    out = tmp_path / "out" / "page.html"
    assert main(["viz", str(ttl), "-o", str(out), "--document", "beta", "--kind", "actor,event"]) == 0
    data = data_of(Page(out.read_text(encoding="utf-8")))
    assert {n[2] for n in data["nodes"]} <= {"State", "Organization", "Person", "NewsOutlet",
                                             "AnonymousSource", "Actor", "Event"}
    assert A + "event/kharkiv-strike" in {n[0] for n in data["nodes"]}
    assert A + "actor/anon-ukrainian-official" not in {n[0] for n in data["nodes"]}
    capsys.readouterr()
    assert main(["viz", str(ttl), "-o", str(tmp_path / "x.html"), "--actor", "Atlantis"]) == 2
    err = capsys.readouterr().err
    assert "Atlantis" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.html").exists()
    assert main(["viz", str(ttl), "-o", str(tmp_path / "x.html"), "--since", "yesterday"]) == 2
    # A selection that keeps nothing says so and exits 1, writing no page.
    capsys.readouterr()
    assert main(["viz", str(ttl), "-o", str(tmp_path / "x.html"), "--since", "2030-01-01"]) == 1
    err = capsys.readouterr().err
    assert "nothing matched" in err and "--since 2030-01-01" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.html").exists()


@pytest.mark.slow
def test_the_overview_of_a_large_graph_draws_few_items_and_finds_every_node():
    story = read_story(large_profile_graph())
    assert len(story.nodes) == 2000
    style = load_style()
    html = render_html(story, analyze(story))
    data = data_of(Page(html))
    conf = style["overview"]
    assert data["drawn"] == conf["max_drawn"] < len(data["nodes"])
    nodes = nodes_of(data)
    drawn = data["nodes"][: data["drawn"]]
    # Events keep their share of the drawn places; anonymous sources are grouped by affiliation.
    assert sum(n[2] in ("Event", "Track") for n in drawn) >= round(conf["max_drawn"] * conf["event_share"])
    assert not any(n["kind"] == "AnonymousSource" and n["members"] > 1 for n in nodes.values())
    # Every node of the story is reachable: an item, a member of a group, or a claim (search's names).
    reachable = set(nodes) | {n[2] for n in data["names"] if len(n) > 2}
    assert reachable >= set(story.nodes)
    # Each item keeps its links to its links_per_item most important partners: a link is kept by one end.
    assert len(data["links"]) <= conf["links_per_item"] * len(nodes)
    assert max(n["linked"] for n in nodes.values()) > conf["links_per_item"]  # (and hubs have more than that)
    assert not NETWORK_REF.search(html)
    assert math.isfinite(sum(n["size"] for n in nodes.values()))


@pytest.mark.slow
def test_seed_build_page(seed_build, tmp_path):
    path = write_html(seed_build.graph, tmp_path / "graph.html")
    text = path.read_text(encoding="utf-8")
    assert not NETWORK_REF.search(text)
    page = Page(text)
    assert [t for t, _ in page.tags].count("script") == 3
    data = data_of(page)
    labels = {d["label"] for d in data["details"].values()}
    assert {"Ukraine", "Russia"} <= labels
    assert len(data["documents"]) == 5
    # Documents are named by title (the manifest's headline) or first words, and date; never by id.
    names = [row[0] for row in data["documents"]]
    assert "Ukraine and Russia discuss ending attacks on energy facilities · 2024-10-30" in names
    assert "“Kyiv and Moscow have begun preliminary discussions on…” · 2024-10-30" in names
    assert not any(re.search(r"\b00[0-4]_[0-9a-f]{16}\b", name) for name in names)
    # Every quote in the page is the exact text of its document at its offsets.
    texts = {str(d): str(t) for d, t in seed_build.graph.subject_objects(NIF.isString)}
    checked = 0
    for details in data["details"].values():
        for ev in details.get("evidence", []):
            text = texts[data["documents"][ev["doc"]][4]]
            assert ev["quote"] and ev["quote"] in text
            assert ev["before"].removeprefix("…") + ev["quote"] + ev["after"].removesuffix("…") in text
            checked += 1
    assert checked > 20


def test_relations_reach_the_page_as_dashed_edges_with_their_evidence(tmp_path):
    """Offices, membership, location and distance, built by the pipeline from a text of our own,
    are edges of kind "relation" with the passages that state them; a person's details list the
    offices they hold; markup in the text and in an office's literal arrives as data, never markup."""
    from helpers import HOSTILE_OFFICE, RELATIONS_TEXT, relations_graph

    path = write_html(relations_graph(), tmp_path / "relations.html")
    text = path.read_text(encoding="utf-8")
    assert "<script>window" not in text and "<img" not in text
    data = data_of(Page(text))
    style = load_style()
    label = {iri: d["label"] for iri, d in data["details"].items()}
    names = [n[1] for n in data["nodes"]]
    relations = {}
    for k, (a, b, r, *_) in enumerate(data["links"]):
        rs = data["relationStyle"][data["relationNames"][r]]
        if rs["kind"] == "relation":
            relations[(names[a], rs["label"], names[b])] = rs | {"relation": data["relationNames"][r].split("|")[0],
                                                                  **data["linkEvidence"].get(str(k), {})}
    assert set(relations) == {
        ("Volodymyr Zelensky", "President", "Ukraine"),
        ("Mark Rutte", HOSTILE_OFFICE[:41] + "…", "NATO"),  # edge labels are cut at label_chars (42)
        ("Boris Johnson", "former Prime Minister", "United Kingdom"),
        ("Mykhailo Podolyak", "adviser", "Volodymyr Zelensky"),
        ("Poland", "member of", "NATO"),
        ("Kyiv", "in", "Ukraine"),
        ("Trypilska TPP", "40 km from", "Kyiv"),
    }
    assert {e["relation"] for e in relations.values()} == {"holdsOffice", "memberOf", "locatedIn", "locatedNear"}
    assert all(e["dashes"] == style["relation_edges"]["dashes"] for e in relations.values())
    assert relations[("Poland", "member of", "NATO")]["color"] == style["edges"]["memberOf"]["color"]
    # Every other link is a link of an event or a claim.
    kinds = {rs.get("kind") for rel, rs in data["relationStyle"].items() if rs.get("kind") != "relation"}
    assert kinds <= {"link", None}

    # Evidence: the document and the exact words, with the rest of the sentence.
    zelensky_office = relations[("Volodymyr Zelensky", "President", "Ukraine")]
    [ev] = zelensky_office["evidence"]
    doc = data["documents"][ev["doc"]]
    assert doc[4].endswith("/doc/t0") and zelensky_office["documents"] == [ev["doc"]]
    assert ev["quote"] == "Ukrainian President Volodymyr Zelensky" and ev["quote"] in RELATIONS_TEXT
    assert ev["after"].startswith(" met NATO Secretary General Mark Rutte")
    [ev] = relations[("Poland", "member of", "NATO")]["evidence"]
    assert ev["quote"] == "Poland, a member of NATO" and ev["quote"] in RELATIONS_TEXT
    # The article's markup beside an office is in the evidence, as text.
    [ev] = relations[("Boris Johnson", "former Prime Minister", "United Kingdom")]["evidence"]
    assert ev["quote"] == "Former British Prime Minister Boris Johnson"
    assert "<script>window.__pwned=1</script>" in ev["after"]

    # A person's details: the offices held, where, and the passages; the state names its office holder.
    ids = {v: k for k, v in label.items()}
    zelensky = data["details"][ids["Volodymyr Zelensky"]]
    assert [(o["office"], o["where"], o["concept"], [e["quote"] for e in o["evidence"]]) for o in zelensky["offices"]] \
        == [("President", ids["Ukraine"], "headOfState", ["Ukrainian President Volodymyr Zelensky"])]
    assert ["President", ids["Ukraine"]] in zelensky["out"]
    assert ["office holder (President)", ids["Volodymyr Zelensky"]] in data["details"][ids["Ukraine"]]["in"]
    [johnson] = data["details"][ids["Boris Johnson"]]["offices"]
    assert (johnson["office"], johnson["status"]) == ("former Prime Minister", "former")
    assert [o["office"] for o in data["details"][ids["Mark Rutte"]]["offices"]] == [HOSTILE_OFFICE]
    assert "offices" not in data["details"][ids["Poland"]]

    # The legend marks the relations, and the page knows the checkbox's default.
    legend = {r["label"]: r for r in data["relations"]}
    assert legend[style["edges"]["holdsOffice"]["legend"]]["count"] == 4
    assert legend["member of"]["kind"] == "relation" and legend["member of"]["count"] == 1
    assert all(r["kind"] == "link" for r in data["relations"] if r["label"] in ("source", "party", "actor"))
    assert data["style"]["relations"]["shown"] is style["relation_edges"]["shown"]


def test_the_page_holds_at_most_max_items_the_most_important_first():
    """Beyond style.toml's max_items, the less important items (and the claims about them) are left out of
    the page, and its summary says how many and how to reach them."""
    import copy

    from graph.visualize import page_data

    story = read_story(large_profile_graph())
    analytics = analyze(story)
    style = copy.deepcopy(load_style())
    full = page_data(story, analytics, style)
    style["overview"]["max_items"] = 500
    bounded = page_data(story, analytics, style)
    assert len(full["nodes"]) > 500 == len(bounded["nodes"])
    # The same drawn items, and the kept ones are the most important of the full page's.
    # (all but the last field: how many linked items, of those in the page)
    assert [n[:8] for n in bounded["nodes"][: bounded["drawn"]]] == [n[:8] for n in full["nodes"][: full["drawn"]]]
    assert [n[0] for n in bounded["nodes"]] == [n[0] for n in full["nodes"][:500]]
    kept = {n[0] for n in bounded["nodes"]}
    assert all(a < 500 and b < 500 for a, b, *_ in bounded["links"])
    assert all(n[1] < 500 for n in bounded["names"])  # search: names of kept items, claims about them
    assert len(bounded["names"]) < len(full["names"])
    assert f"{len(full['nodes']) - 500:,} less important items are not in this page" in bounded["summary"]
    assert "not in this page" not in full["summary"] and kept < {n[0] for n in full["nodes"]}


def test_search_carries_at_most_search_claims_claims_those_about_the_most_important_items():
    import copy

    from graph.visualize import page_data

    story = read_story(large_profile_graph())
    analytics = analyze(story)
    style = copy.deepcopy(load_style())
    style["overview"]["search_claims"] = 50
    data = page_data(story, analytics, style)
    claims = [n for n in data["names"] if len(n) == 4]
    assert len(claims) == 50 < len(story.of_kind("Claim"))
    full = [n for n in page_data(story, analytics, load_style())["names"] if len(n) == 4]
    assert claims == full[:50]  # (the same order: by the item they are about, most important first)
    assert [n[1] for n in claims] == sorted(n[1] for n in claims)
