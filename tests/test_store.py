"""The on-disk store: lossless analysis cache, incremental adds equal to a fresh build,
idempotent re-adds, replaced documents, readers isolated from writers, one writer at a time,
N-Quads shards and merging stores built apart."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import model
from graph.analysis_codec import CodecError, dumps_analysis, from_jsonable, loads_analysis, to_jsonable
from graph.build import document_graph_iri
from graph.errors import ParleyError
from graph.pipeline import build_corpus
from graph.store import (
    GENERATIONS,
    HEAD,
    StoreReader,
    _write_lock,
    add_documents,
    cached_analyses,
    export_nquads_shards,
    load_shards,
    merge_stores,
    open_store,
    quad_count,
    stored_documents,
    to_ox_quad,
)

# ------------------------------------------------------------------ codec


def rich_analysis() -> model.DocumentAnalysis:
    """An analysis with every kind of field filled: nested mentions, dates, tuples of pairs, links."""
    text = "Qatar mediated talks between Ukraine and Russia in Doha on 5 August, a senior Ukrainian official said."
    src = model.SourceDocument(id="doc/ä 1", text=text, origin="x.txt", title="Talks", url="https://e.org/a",
                               outlet="FT", published=dt.date(2024, 8, 6), language="en")
    cleaned = model.CleanedDocument(source=src, analysis_text=text, body=(model.Span(0, len(text)),),
                                    dropped=((model.Span(0, 0), "empty"),))
    qatar = model.EntityMention(model.Span(0, 5), "Qatar", "State", key="qatar", label="Qatar", ner_label="GPE")
    ukraine = model.EntityMention(model.Span(29, 36), "Ukraine", "State", key="ukraine")
    doha = model.EntityMention(model.Span(51, 55), "Doha", "Place", key="doha")
    official = model.EntityMention(model.Span(68, 94), "senior Ukrainian official", "AnonymousSource",
                                   affiliation="ukraine", rank="senior", count=1)
    event = model.EventMention(
        trigger=model.Span(15, 20), sentence=model.Span(0, len(text)), event_class="Negotiation", plover="CONSULT",
        cameo="046", roles=(("mediator", qatar), ("party", ukraine)), places=(doha,),
        time=model.TimeValue(dt.date(2024, 8, 5), dt.date(2024, 8, 5), "5 August", model.Span(59, 67)),
        status="asserted", cues=("Qatar-mediated",), links=(("disruptedBy", 0),))
    assertion = model.AssertionMention(span=model.Span(0, len(text)), content=model.Span(0, 67),
                                       statement="Qatar mediated talks", source=official, via=(qatar,),
                                       certainty="probable", polarity="negative", about_entities=(qatar,),
                                       about_events=(0,))
    fields = {f.name for f in dataclasses.fields(model.RelationMention)}
    kwargs = {"relation": "locatedIn", "subject": doha, "object": qatar, "evidence": model.Span(51, 55)}
    kwargs |= {k: v for k, v in {"office": "minister", "office_concept": "minister"}.items() if k in fields}
    relation = model.RelationMention(**kwargs)
    return model.DocumentAnalysis(document=cleaned, entities=[qatar, ukraine, doha, official], events=[event],
                                  assertions=[assertion], relations=[relation])


def test_codec_round_trip_is_lossless_and_deterministic():
    analysis = rich_analysis()
    text = dumps_analysis(analysis)
    back = loads_analysis(text)
    assert back == analysis
    assert isinstance(back.document.source.published, dt.date)
    assert isinstance(back.events[0].roles[0], tuple) and isinstance(back.events[0].roles[0][1], model.EntityMention)
    assert dumps_analysis(back) == text


def test_codec_is_generic_over_the_resolved_dataclasses():
    """Sets, dicts of sets and optional dates of the cross-document nodes survive too."""
    node = model.EventNode(key="e1", label="talks", event_class="Negotiation", plover="CONSULT",
                           roles={"party": {"ukraine", "russia"}}, places={"doha"}, begin=dt.date(2024, 8, 1),
                           links={("disruptedBy", "e2")},
                           mentions=[model.MentionRef("d", model.Span(1, 4), "abc")])
    assert from_jsonable(json.loads(json.dumps(to_jsonable(node))), model.EventNode) == node


def test_every_seed_analysis_round_trips(seed_build):
    for analysis in seed_build.result.analyses:
        assert loads_analysis(dumps_analysis(analysis)) == analysis, analysis.source.id


def test_damaged_cache_is_a_clear_error():
    text = dumps_analysis(rich_analysis())
    with pytest.raises(CodecError, match="cannot decode"):
        loads_analysis(text.replace('"begin":0', '"begin":"zero"', 1), origin="cache.json")
    with pytest.raises(CodecError, match="another version"):
        loads_analysis(json.dumps({"codec": 99, "type": "DocumentAnalysis", "data": {}}))
    with pytest.raises(CodecError):
        loads_analysis("{not json")


# ------------------------------------------------------------------ store


def fresh_quads(analyses) -> set[ox.Quad]:
    _, quads = build_corpus(list(analyses))
    return {to_ox_quad(*q) for q in quads.quads()}


def store_quads(store_dir: Path) -> set[ox.Quad]:
    with open_store(store_dir) as store:
        return set(store)


def tree_digest(path: Path) -> dict[str, str]:
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def analyses(seed_build):
    return list(seed_build.result.analyses)


@pytest.fixture(scope="module")
def full_store(tmp_path_factory, analyses) -> Path:
    path = tmp_path_factory.mktemp("store") / "store"
    add_documents(path, analyses)
    return path


def test_incremental_adds_equal_a_fresh_build(tmp_path, analyses):
    path = tmp_path / "store"
    first = add_documents(path, analyses[:2])
    assert sorted(first.added) == sorted(a.source.id for a in analyses[:2]) and first.changed
    second = add_documents(path, analyses[2:])
    assert len(second.added) == len(analyses) - 2 and second.documents == len(analyses)
    # Cross-document nodes were recomputed: the store is exactly the build of all documents.
    assert store_quads(path) == fresh_quads(analyses)
    assert stored_documents(path).keys() == {a.source.id for a in analyses}


def test_one_named_graph_per_document(full_store, analyses):
    with open_store(full_store) as store:
        graphs = {g.value for g in store.named_graphs()}
    assert {str(document_graph_iri(a.source.id)) for a in analyses} <= graphs


def test_re_adding_a_document_changes_nothing(full_store, analyses):
    before_count, before_files = quad_count(full_store), tree_digest(full_store)
    summary = add_documents(full_store, analyses[1:2])
    assert summary.unchanged == [analyses[1].source.id] and not summary.changed
    assert quad_count(full_store) == before_count
    after = tree_digest(full_store)
    after.pop("write.lock", None), before_files.pop("write.lock", None)
    assert after == before_files  # not one byte written


def test_a_changed_document_replaces_its_own_graph(tmp_path, analyses):
    from graph.pipeline import analyze

    path = tmp_path / "store"
    add_documents(path, analyses)
    old = analyses[0].source
    new_text = old.text + "\n\nQatar said it would host new talks between Russia and Ukraine in Doha."
    changed = next(analyze([dataclasses.replace(old, text=new_text)]))
    summary = add_documents(path, [changed])
    assert summary.replaced == [old.id] and len(summary.unchanged) == 0
    everything = [changed, *analyses[1:]]
    assert store_quads(path) == fresh_quads(everything)
    with open_store(path) as store:
        texts = [q.object.value for q in store.quads_for_pattern(
            None, ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"), None,
            ox.NamedNode(str(document_graph_iri(old.id))))]
    assert texts == [new_text]
    # The cache now holds the new analysis and not the old one.
    cached = {a.source.id: a for a in cached_analyses(path)}
    cached_source = dataclasses.replace(cached[old.id].source, origin=changed.source.origin)
    assert cached_source == changed.source and cached[old.id].events == changed.events
    assert cached[old.id].document.analysis_text == ""  # only the extractors need it; not cached
    assert len(list((path / "analyses").glob("*.json"))) == len(analyses)


def test_a_reader_keeps_its_state_while_a_writer_adds(tmp_path, analyses):
    path = tmp_path / "store"
    add_documents(path, analyses[:2])
    reader = StoreReader(path)
    before = len(reader.store)
    old_generation = reader.generation
    add_documents(path, analyses[2:])
    assert len(reader.store) == before  # the open reader still sees the old, complete state
    assert (path / GENERATIONS / old_generation).is_dir()  # not collected: a reader holds it
    assert reader.refresh() and len(reader.store) == len(fresh_quads(analyses))
    reader.close()
    retitled = dataclasses.replace(analyses[0], document=dataclasses.replace(
        analyses[0].document, source=dataclasses.replace(analyses[0].source, title="Retitled")))
    assert add_documents(path, [retitled]).replaced == [analyses[0].source.id]
    assert not (path / GENERATIONS / old_generation).exists()  # collected once nobody reads it
    assert len(list((path / GENERATIONS).iterdir())) == 1


def test_a_failed_write_leaves_the_store_as_it_was(tmp_path, analyses, monkeypatch):
    path = tmp_path / "store"
    add_documents(path, analyses[:2])
    head, count = (path / HEAD).read_text(), quad_count(path)

    from graph.store import generations as store_module  # (where a generation is written)

    real_write = store_module.atomic_write_text

    def fail_on_manifest(target, text):
        if Path(target).name == "manifest.json":  # the database is loaded; the switch has not happened
            raise RuntimeError("disk full")
        real_write(target, text)

    monkeypatch.setattr(store_module, "atomic_write_text", fail_on_manifest)
    with pytest.raises(RuntimeError):
        add_documents(path, analyses[2:])
    monkeypatch.undo()
    assert (path / HEAD).read_text() == head and quad_count(path) == count
    add_documents(path, analyses[2:])  # the next write cleans up and succeeds
    assert not [p for p in (path / GENERATIONS).iterdir() if p.name.startswith(".tmp")]
    assert store_quads(path) == fresh_quads(analyses)


def test_two_writers_never_interleave(tmp_path, analyses):
    path = tmp_path / "store"
    add_documents(path, analyses[:1])
    with _write_lock(path, wait=1), pytest.raises(ParleyError, match=r"another process \(pid \d+\) is writing"):
        add_documents(path, analyses[1:2], wait=0.3)
    add_documents(path, analyses[1:2], wait=0.3)  # the lock is free again


def test_store_errors_are_plain(tmp_path, analyses):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something.txt").write_text("x")
    with pytest.raises(ParleyError, match="not empty and is not a Parley store"):
        add_documents(tmp_path / "full", analyses[:1])
    with pytest.raises(ParleyError, match="no such store folder"):
        StoreReader(tmp_path / "missing")
    with pytest.raises(ParleyError, match="not a Parley store"):
        StoreReader(tmp_path / "full")
    twice = [analyses[0], analyses[0]]
    with pytest.raises(ParleyError, match="share the id"):
        add_documents(tmp_path / "new", twice)


def test_nquads_shards_load_into_a_bare_oxigraph_store(tmp_path, full_store):
    shards = export_nquads_shards(full_store, tmp_path / "shards", prefix="m1", shard_size=500)
    total = quad_count(full_store)
    assert len(shards) == -(-total // 500) and all(p.name.startswith("m1-") for p in shards)
    # Each shard is plain N-Quads that any parser reads.
    assert sum(len(list(ox.parse(path=str(p), format=ox.RdfFormat.N_QUADS))) for p in shards) == total
    db = tmp_path / "db"
    assert load_shards(db, shards) == total
    with open_store(db) as store:  # a bare Oxigraph folder opens read-only too
        assert set(store) == store_quads(full_store)


def test_stores_built_apart_merge_into_one_build(tmp_path, analyses, full_store):
    a, b = tmp_path / "a", tmp_path / "b"
    add_documents(a, analyses[:3])
    add_documents(b, analyses[3:])
    merged = merge_stores(tmp_path / "merged", [a, b])
    assert merged.documents == len(analyses)
    assert store_quads(tmp_path / "merged") == store_quads(full_store)


def test_query_command_reads_the_store(full_store, capsys):
    from graph.cli import main

    assert main(["query", "--store", str(full_store), "SELECT (COUNT(*) AS ?n) WHERE { ?d a parley:Document }",
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].strip() == "5"



def test_build_command_adds_to_a_store_and_writes_shards(tmp_path, seed_corpus, capsys):
    from graph.cli import main

    store, shards = tmp_path / "store", tmp_path / "shards"
    args = ["build", str(seed_corpus), "-o", str(tmp_path / "out"), "--no-html", "--store", str(store),
            "--nquads-shards", str(shards)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "5 added" in out
    count = quad_count(store)
    assert count == sum(len(list(ox.parse(path=str(p), format=ox.RdfFormat.N_QUADS))) for p in shards.glob("*.nq"))
    assert main(args) == 0  # the same documents again: nothing changes
    assert "nothing to change" in capsys.readouterr().out
    assert quad_count(store) == count


def _count_while_writing(path: str, stop, conn) -> None:
    """In another process: read the quad count of the newest generation, over and over."""
    seen = set()
    reader = StoreReader(Path(path))
    while not stop.is_set():
        reader.refresh()
        seen.add(len(reader.store))
    reader.refresh()
    seen.add(len(reader.store))
    reader.close()
    conn.send(seen)


def test_readers_in_another_process_see_old_or_new_never_half(tmp_path, analyses):
    import multiprocessing as mp

    path = tmp_path / "store"
    add_documents(path, analyses[:1])
    before = quad_count(path)
    ctx = mp.get_context("spawn")
    stop, (parent, child) = ctx.Event(), ctx.Pipe()
    process = ctx.Process(target=_count_while_writing, args=(str(path), stop, child))
    process.start()
    try:
        add_documents(path, analyses[1:3])
        middle = quad_count(path)
        add_documents(path, analyses[3:])
        after = quad_count(path)
    finally:
        stop.set()
    assert parent.poll(60)
    seen = parent.recv()
    process.join(10)
    assert after in seen and seen <= {before, middle, after}, (seen, before, middle, after)


# ------------------------------------------------------------------ a damaged store is said, never wiped


def _damage(store: Path, how: str) -> None:
    head = store / HEAD
    if how == "empty":
        head.write_bytes(b"")
    elif how == "blank":
        head.write_bytes(b" \n\n")
    elif how == "not text":
        head.write_bytes(b"\xff\xfe\x00gen")
    elif how == "not a generation":
        head.write_text("../../etc\n")
    elif how == "dangling":
        head.write_text("gen-000099\n")
    elif how == "unreadable":  # (a folder: read() fails even for root, who ignores file modes)
        head.unlink()
        head.mkdir()
    elif how == "missing":
        head.unlink()


DAMAGES = ["empty", "blank", "not text", "not a generation", "dangling", "unreadable", "missing"]


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_head_is_an_error_naming_it_and_nothing_is_collected(tmp_path, analyses, full_store, how):
    import shutil

    store = tmp_path / "store"
    shutil.copytree(full_store, store)
    _damage(store, how)
    before = tree_digest(store)
    with pytest.raises(ParleyError, match=re.escape(str(store / HEAD))):
        add_documents(store, analyses[:1])
    with pytest.raises(ParleyError, match=re.escape(str(store / HEAD))):
        StoreReader(store)
    with pytest.raises(ParleyError, match=re.escape(str(store / HEAD))):
        merge_stores(tmp_path / "merged", [store])
    with pytest.raises(ParleyError, match=re.escape(str(store / HEAD))):
        merge_stores(store, [full_store])
    after = tree_digest(store)
    after.pop("write.lock", None), before.pop("write.lock", None)
    assert after == before  # every generation and analysis is still there
    assert not (tmp_path / "merged" / GENERATIONS).exists()


@pytest.mark.parametrize("how", ["empty", "dangling", "missing"])
def test_commands_on_a_damaged_head_say_so_in_one_line(tmp_path, full_store, capsys, monkeypatch, how):
    import shutil

    from graph import pipeline
    from graph.cli import main

    store = tmp_path / "store"
    shutil.copytree(full_store, store)
    _damage(store, how)
    before = tree_digest(store)

    def no_nlp(*args, **kwargs):
        raise AssertionError("the NLP ran before the store was checked")

    monkeypatch.setattr(pipeline, "run", no_nlp)
    (tmp_path / "a.txt").write_text("Qatar said talks would resume in Doha.\n", encoding="utf-8")
    for argv in (["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--store", str(store)],
                 ["merge", str(store), "--store", str(tmp_path / "merged")],
                 ["merge", str(full_store), "--store", str(store)],
                 ["query", "--store", str(store), "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
                 ["serve", "--store", str(store), "--port", "0"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith(f"parley: error: {store / HEAD}: ") and err.count("\n") == 1, (argv, err)
        assert "keeps changing" not in err
    after = tree_digest(store)
    after.pop("write.lock", None), before.pop("write.lock", None)
    assert after == before


def test_only_a_store_without_head_and_generations_is_new(tmp_path, analyses):
    store = tmp_path / "store"
    add_documents(store, analyses[:1])
    (store / HEAD).unlink()
    with pytest.raises(ParleyError, match=r"HEAD: missing, though the store holds generations \(gen-000001\)"):
        add_documents(store, analyses[1:2])
    (store / GENERATIONS / "gen-000001").rename(store / "kept-aside")
    assert add_documents(store, analyses[1:2]).added == [analyses[1].source.id]  # no generation: a new store


def test_a_missing_reader_lock_is_named_not_called_a_changing_store(tmp_path, analyses):
    store = tmp_path / "store"
    summary = add_documents(store, analyses[:1])
    lock = store / GENERATIONS / summary.generation / "reader.lock"
    lock.unlink()
    with pytest.raises(ParleyError, match=re.escape(f"{lock}: missing from the current generation")):
        StoreReader(store)


@pytest.mark.parametrize("damage", ["CURRENT", "MANIFEST", "sst"])
def test_a_damaged_database_file_is_one_line_for_query_and_serve(tmp_path, analyses, capsys, damage):
    from graph.cli import main

    store = tmp_path / "store"
    summary = add_documents(store, analyses[:1])
    db = store / GENERATIONS / summary.generation / "oxigraph"
    target = {"CURRENT": db / "CURRENT", "MANIFEST": next(db.glob("MANIFEST-*")),
              "sst": max(db.glob("*.sst"), key=lambda p: p.stat().st_size)}[damage]
    data = bytearray(target.read_bytes())
    for i in range(len(data) // 4, len(data) - 1):
        data[i] ^= 0x5A
    target.write_bytes(bytes(data) if damage != "CURRENT" else b"garbage\n")
    for argv in (["query", "--store", str(store), "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
                 ["serve", "--store", str(store), "--port", "0"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith(f"parley: error: {db}: cannot open the Oxigraph database") and err.count("\n") == 1
        assert "damaged" in err


# ------------------------------------------------------------------ merge keeps both texts of one id


def test_merge_keeps_both_texts_of_one_id_as_a_build_does(tmp_path, capsys):
    from graph.cli import main
    from graph.model import SourceDocument
    from graph.pipeline import analyze

    texts = ["Qatar said talks between Ukraine and Russia would resume in Doha.",
             "Egypt said it would host talks between Israel and Hamas in Cairo."]
    first, second = analyze([SourceDocument(id="a", text=t, origin=f"m{i}.txt") for i, t in enumerate(texts)])
    same = analyze([SourceDocument(id="b", text="Oman mediated talks in Muscat.", origin="b.txt")])
    same = list(same)
    add_documents(tmp_path / "one", [first, *same])
    add_documents(tmp_path / "two", [second, *same])
    summary = merge_stores(tmp_path / "merged", [tmp_path / "one", tmp_path / "two"])
    assert sorted(stored_documents(tmp_path / "merged")) == ["a", "a~2", "b"]
    (note,) = summary.notes
    assert "'a'" in note and str(tmp_path / "one") in note and str(tmp_path / "two") in note and "'a~2'" in note
    # What a build of both inputs makes: the second text under a~2 (graph.ingest.iter_documents).
    renamed = dataclasses.replace(second, document=dataclasses.replace(
        second.document, source=dataclasses.replace(second.source, id="a~2")))
    assert store_quads(tmp_path / "merged") == fresh_quads([first, renamed, *same])
    # Merging again changes nothing; the command says what it renamed.
    assert main(["merge", str(tmp_path / "one"), str(tmp_path / "two"), "--store", str(tmp_path / "merged")]) == 0
    captured = capsys.readouterr()
    assert "nothing to change" in captured.out
    assert captured.err.startswith("parley: note document id 'a' of ") and "'a~2'" in captured.err


# ------------------------------------------------------------------ where a record was read from is no change


def _moved(analysis: model.DocumentAnalysis, origin: str) -> model.DocumentAnalysis:
    return dataclasses.replace(analysis, document=dataclasses.replace(
        analysis.document, source=dataclasses.replace(analysis.source, origin=origin)))


def test_the_same_documents_read_from_elsewhere_change_nothing(tmp_path, analyses):
    store = tmp_path / "store"
    add_documents(store, analyses)
    before = tree_digest(store)
    summary = add_documents(store, [_moved(a, f"/elsewhere/{i}.jsonl:{i + 2}") for i, a in enumerate(analyses)])
    assert not summary.changed and len(summary.unchanged) == len(analyses)
    after = tree_digest(store)
    after.pop("write.lock", None), before.pop("write.lock", None)
    assert after == before


def test_a_store_written_before_reads_and_is_rehashed_once(tmp_path, analyses):
    """A store whose analyses were kept with their origin (before ENTRY_FORM) reads as it is; the same
    documents again are unchanged; the next write that makes a generation renames its entries."""
    from graph.store import analyses as store_module  # (the analysis files)

    store = tmp_path / "store"
    summary = add_documents(store, analyses)
    gen = store / GENERATIONS / summary.generation
    manifest = json.loads((gen / "manifest.json").read_text())
    for doc_id, entry in manifest["documents"].items():  # rewrite it as the code before wrote it
        old = _moved(loads_analysis((store / entry["analysis"]).read_text()), f"corpus/{doc_id}.txt")
        encoded = dumps_analysis(old)
        relpath = store_module._analysis_file(doc_id, encoded)
        (store / relpath).write_text(encoded, encoding="utf-8")
        (store / entry["analysis"]).unlink()
        manifest["documents"][doc_id] = {"hash": entry["hash"], "analysis": relpath}
    (gen / "manifest.json").write_text(json.dumps(manifest, indent=1))
    legacy = tree_digest(store)
    assert store_quads(store) == fresh_quads(analyses)
    assert {a.source.id for a in cached_analyses(store)} == {a.source.id for a in analyses}
    again = add_documents(store, [_moved(a, "somewhere/else.jsonl:3") for a in analyses])
    assert not again.changed
    now = tree_digest(store)
    now.pop("write.lock", None), legacy.pop("write.lock", None)
    assert now == legacy  # nothing rewritten for nothing changed
    retitled = dataclasses.replace(analyses[0], document=dataclasses.replace(
        analyses[0].document, source=dataclasses.replace(analyses[0].source, title="Retitled")))
    summary = add_documents(store, [retitled])
    assert summary.replaced == [analyses[0].source.id] and len(summary.unchanged) == 0
    entries = json.loads((store / GENERATIONS / summary.generation / "manifest.json").read_text())["documents"]
    assert all(entry.get("form") == store_module.ENTRY_FORM for entry in entries.values())
    assert len(list((store / "analyses").glob("*.json"))) == len(analyses)  # the old files collected
    assert store_quads(store) == fresh_quads([retitled, *analyses[1:]])
    assert not add_documents(store, [_moved(a, "x") for a in [retitled, *analyses[1:]]]).changed


def test_a_blank_first_line_or_another_path_is_no_change_for_build(tmp_path, capsys):
    from graph.cli import main

    records = [{"id": "r1", "text": "Qatar said talks between Ukraine and Russia would resume in Doha."},
               {"id": "r2", "text": "Egypt said it would host talks between Israel and Hamas in Cairo."}]
    body = "".join(json.dumps(r) + "\n" for r in records)
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    (tmp_path / "a" / "news.jsonl").write_text(body, encoding="utf-8")
    (tmp_path / "b" / "moved.jsonl").write_text("\n" + body, encoding="utf-8")
    store = tmp_path / "store"
    assert main(["build", str(tmp_path / "a"), "-o", str(tmp_path / "out"), "--no-html", "--store", str(store)]) == 0
    assert "2 added" in capsys.readouterr().out
    generations = sorted(p.name for p in (store / GENERATIONS).iterdir())
    assert main(["build", str(tmp_path / "b"), "-o", str(tmp_path / "out"), "--no-html", "--store", str(store)]) == 0
    assert "nothing to change (2 documents already stored)" in capsys.readouterr().out
    assert sorted(p.name for p in (store / GENERATIONS).iterdir()) == generations
