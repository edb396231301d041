"""The public Python API (graph/api.py, re-exported from graph), as a user's script sees it: run in a
fresh interpreter, so that nothing the test session has imported or built helps it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent('''
    import json, sys
    import graph as parley

    light = not any(m in sys.modules for m in ("spacy", "pandas", "rdflib", "pyshacl", "graph.api"))
    out, store = sys.argv[1], sys.argv[2]
    kg = parley.build_graph(out=out, formats=["trig", "jsonld"], store=store)
    mediators = kg.query("mediators")
    speaks = kg.query("who-speaks-for-whom")
    own = kg.query("SELECT ?e ?l WHERE { ?e a parley:Negotiation ; rdfs:label ?l }")
    bound = kg.query("SELECT ?a ?l WHERE { ?a rdfs:label ?l }", a="id:actor/qatar")
    net = kg.network()
    check = kg.validate()
    report = kg.report()
    page = kg.page()
    part = kg.page(actor="Qatar")
    part.save(out + "/qatar.html")
    again, stored = parley.load(out), parley.load(store)
    print(json.dumps({
        "light_import": light,
        "type": type(kg).__name__,
        "documents": kg.built["documents"], "skipped": len(kg.skipped), "triples": len(kg),
        "rdf": len(kg.rdf), "rdf_type": type(kg.rdf).__module__,
        "queries": list(parley.queries()["query"]),
        "mediators": [type(mediators).__name__, list(mediators.columns), len(mediators)],
        "speaks": sorted(zip(speaks["personLabel"], speaks["forLabel"])),
        "own": len(own), "bound": list(bound["l"]),
        "ask": kg.query("ASK { ?e a parley:Negotiation }"),
        "construct": list(kg.query("CONSTRUCT { ?e a parley:Negotiation } WHERE { ?e a parley:Negotiation }").columns),
        "network": [type(net).__module__, net.number_of_nodes(), net.number_of_edges(),
                    sorted({d["kind"] for _, d in net.nodes(data=True)})],
        "tables": {name: len(kg.table(name)) for name in ("actors", "mediations", "brokers", "corroboration",
                                                           "differences", "communities", "documents")},
        "conforms": check.conforms,
        "claims": len(report.claims), "report_text": kg.report_text(limit=1).splitlines()[0],
        "page": page._repr_html_()[:40], "page_bytes": len(page.html), "part_bytes": len(part.html),
        "story": kg.story_text()._repr_markdown_().splitlines()[0],
        "files": sorted(p.name for p in __import__("pathlib").Path(out).iterdir()),
        "again": [len(again), again.query("mediators").shape[0]],
        "stored": [len(stored), stored.query("mediators").shape[0]],
        "closed": (stored.close(), stored._reader)[1] is None,
    }))
''')


@pytest.mark.slow
def test_the_api_from_a_fresh_interpreter(tmp_path):
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "out"), str(tmp_path / "store")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.splitlines()[-1])
    assert got["light_import"]  # `import graph` loads neither the NLP nor pandas: the commands stay fast
    assert got["type"] == "KnowledgeGraph"
    assert (got["documents"], got["skipped"]) == (5, 0)
    assert got["triples"] > 3000 and got["rdf"] == got["triples"] and got["rdf_type"].startswith("rdflib")
    queries = sorted(p.stem for p in (ROOT / "ontology" / "queries").glob("*.rq"))
    assert got["queries"] == queries
    assert got["mediators"][0] == "DataFrame" and "mediator" in " ".join(got["mediators"][1])
    assert got["mediators"][2] >= 1
    assert ["Vladimir Putin", "Russia"] in got["speaks"] and ["Volodymyr Zelensky", "Ukraine"] in got["speaks"]
    assert got["own"] >= 1 and got["bound"] == ["Qatar"]
    assert got["ask"] is True and got["construct"] == ["subject", "predicate", "object"]
    assert got["network"][0].startswith("networkx") and got["network"][1] > 10 and got["network"][2] > 10
    assert "State" in got["network"][3]
    assert all(n >= 1 for n in got["tables"].values()) and got["tables"]["documents"] == 5
    assert got["conforms"] is True
    assert got["claims"] > 10 and "claims" in got["report_text"]
    assert got["page"].startswith("<iframe srcdoc=\"&lt;!DOCTYPE html")
    assert 0 < got["part_bytes"] < got["page_bytes"]
    assert got["story"].startswith("**5 documents**")
    assert {"graph.ttl", "graph.trig", "graph.jsonld", "graph.html", "qatar.html"} <= set(got["files"])
    assert got["again"] == [got["triples"], got["mediators"][2]]
    assert got["stored"] == [got["triples"], got["mediators"][2]] and got["closed"]


def test_api_errors_say_what_is_wrong(tmp_path, seed_build):
    import graph as parley
    from graph.errors import ParleyError

    with pytest.raises(ParleyError, match="no such file or folder"):
        parley.load(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ParleyError, match="neither a store nor a build folder"):
        parley.load(tmp_path / "empty")
    kg = parley.load(seed_build.out)
    with pytest.raises(ParleyError, match="did you mean 'mediators'"):
        kg.query("mediator")
    with pytest.raises(ValueError, match="choose from actors"):
        kg.table("nope")
    with pytest.raises(ParleyError, match="nothing to build"):
        parley.build_graph(tmp_path / "empty", out=tmp_path / "out", html=False)
