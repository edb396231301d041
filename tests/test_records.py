"""Resolution's per-mention records (graph.resolve.records): on disk in a streamed build, read back
as what they were; and the events that become nodes early are the nodes they would be at the end."""

from __future__ import annotations

import dataclasses

import pytest

import graph.resolve.events as events_module
from graph.model import AssertionNode, MentionRef, Span
from graph.resolve.actors import resolve_actors
from graph.resolve.events import resolve_events
from graph.resolve.records import DocumentRecords, RecordStore, StoredList, StoredMapping, mention_store


@pytest.fixture(params=["memory", "disk"])
def directory(request, tmp_path):
    return None if request.param == "memory" else tmp_path


def test_records_read_back_as_written(directory) -> None:
    mentions = mention_store(directory)
    refs = [MentionRef("doc <1>", Span(4, 9), "Kyiv\n"), MentionRef("d2", Span(0, 0), ""),
            MentionRef("d2", Span(10, 30), "“Zelenskyy” — a <script>")]
    numbers = [mentions.append(ref) for ref in refs]
    assert numbers == [0, 1, 2] and len(mentions) == 3
    assert [mentions[n] for n in (2, 0, 1)] == [refs[2], refs[0], refs[1]]
    assert mentions.on_disk is (directory is not None)
    with pytest.raises(IndexError):
        mentions[3]
    listed = StoredList(mentions)
    listed.append(MentionRef("d3", Span(1, 2), "x"))  # read back after more was written
    listed.numbers.extend([0, 2])
    assert list(listed) == [MentionRef("d3", Span(1, 2), "x"), refs[0], refs[2]]
    assert listed[1:] == [refs[0], refs[2]] and listed[-1] == refs[2] and len(listed) == 3
    mentions.close()


def test_records_read_together_come_back_in_the_order_asked(directory) -> None:
    # On disk, records that lie close together are read with one system call: the order asked for, repeats,
    # and records far apart must come back as they were written.
    mentions = mention_store(directory)
    refs = [MentionRef(f"doc {k // 7}", Span(k, k + 3), "x" * (k % 5) + "é" * (k % 3)) for k in range(2_000)]
    for ref in refs:
        mentions.append(ref)
    numbers = [0, 1, 2, 5, 5, 4, 900, 901, 1_999, 3, 1_500, 1_501, 1_502]
    assert list(mentions.read_many(numbers)) == [refs[n] for n in numbers]
    assert list(StoredList(mentions, range(0, 2_000, 3))) == refs[::3]
    with pytest.raises(IndexError):
        list(mentions.read_many([1, 2, 2_000]))
    mentions.close()


def test_assertion_nodes_read_back_with_every_field(directory) -> None:
    # Kept as plain values: a field the values leave out would be lost on disk, so every field is set here.
    from graph.resolve.records import assertion_store

    nodes = assertion_store(directory)
    node = AssertionNode(key="k", doc_id="d <1>", mention=MentionRef("d <1>", Span(3, 9), "“said”\n"),
                         source="ukraine", via=["ft", "reuters"], certainty="probable", polarity="negative")
    assert {f.name for f in dataclasses.fields(AssertionNode)} == {
        "key", "doc_id", "mention", "source", "via", "certainty", "polarity"}
    nodes.append(AssertionNode(key="first", doc_id="d", mention=MentionRef("d", Span(0, 1), "x")))
    nodes.append(node)
    assert nodes[1] == node and list(nodes.read_many([1, 0]))[0] == node
    nodes.close()


def test_nodes_and_document_records_by_key(directory) -> None:
    nodes: StoredMapping[AssertionNode] = StoredMapping(RecordStore(directory))
    for key in ("b", "a", "c"):
        nodes.put(key, AssertionNode(key=key, doc_id="d", mention=MentionRef("d", Span(0, 1), key), via=[key]))
    ordered = nodes.sorted()
    assert list(ordered) == ["a", "b", "c"] and "b" in ordered and "z" not in ordered and len(ordered) == 3
    assert [node.via for node in ordered.values()] == [["a"], ["b"], ["c"]]
    documents: DocumentRecords[dict] = DocumentRecords(RecordStore(directory))
    documents.put("one", {(0, 4): "ukraine"})
    documents.put("two", {(5, 9): 3})
    assert documents.get("two", {}) == {(5, 9): 3} and documents.get("one", {}) == {(0, 4): "ukraine"}
    assert documents.get("three", {}) == {} and "one" in documents and "three" not in documents


def test_a_streamed_build_keeps_its_groundings_on_disk(seed_build, tmp_path) -> None:
    from graph.pipeline import SpooledAnalyses
    from graph.resolve import resolve

    spool = SpooledAnalyses(tmp_path)
    for analysis in seed_build.result.analyses:
        spool.append(analysis)
    streamed, in_memory = resolve(spool), seed_build.result.corpus
    ukraine = streamed.actors["ukraine"]
    assert isinstance(ukraine.mentions, StoredList) and ukraine.mentions.store.on_disk
    assert list(ukraine.mentions) == list(in_memory.actors["ukraine"].mentions)
    assert len(ukraine.mentions) > 10 and {m.text for m in ukraine.mentions} >= {"Ukraine", "Kyiv"}
    assert list(streamed.events) == list(in_memory.events)
    for key, node in in_memory.events.items():
        assert dataclasses.asdict(streamed.events[key]) == dataclasses.asdict(node)
    for key, claim in in_memory.claims.items():
        assert list(streamed.claims[key].assertions) == list(claim.assertions)
    spool.close()


def test_events_made_nodes_early_are_the_nodes_they_would_be_at_the_end(seed_build, monkeypatch) -> None:
    """With blocks that keep nothing, every cluster leaves the index as soon as it is indexed, and those
    no link ties become nodes before the end; kept open instead, they give the same nodes and the same
    key for every mention (no cluster is matched across documents here, in both runs)."""
    analyses = seed_build.result.analyses
    actors = resolve_actors(analyses)
    rules = dataclasses.replace(events_module.load_rules(), max_block=0)
    monkeypatch.setattr(events_module, "load_rules", lambda *args: rules)
    made, before_the_end = [], []
    make_node, nodes_at_the_end = events_module._make_node, events_module._nodes

    def making(*args):
        made.append(1)
        return make_node(*args)

    def at_the_end(*args):
        before_the_end.append(len(made))
        return nodes_at_the_end(*args)

    monkeypatch.setattr(events_module, "_make_node", making)
    monkeypatch.setattr(events_module, "_nodes", at_the_end)
    early = resolve_events(analyses, actors)
    monkeypatch.setattr(events_module, "_match_across", _kept_open(events_module._match_across))
    made.clear()
    late = resolve_events(analyses, actors)
    assert 0 < before_the_end[0] < len(early.nodes)  # made early, except those links tie
    assert before_the_end[1] == 0 and len(made) == len(late.nodes) == len(early.nodes)
    assert list(early.nodes) == list(late.nodes)
    for key in late.nodes:
        assert dataclasses.asdict(early.nodes[key]) == dataclasses.asdict(late.nodes[key])
    for analysis in analyses:
        doc = analysis.source.id
        assert [early.key_of(doc, i) for i in range(len(analysis.events))] == \
            [late.key_of(doc, i) for i in range(len(analysis.events))]


def _kept_open(match_across):
    def keep_every_cluster_open(*args):
        match_across(*args)
        return []  # none is reported unmatchable: every node is made at the end
    return keep_every_cluster_open


def test_records_read_back_where_there_is_no_pread(monkeypatch, tmp_path) -> None:
    """Windows has no os.pread: the store seeks, reads and goes back to where it was writing."""
    import graph.resolve.records as records

    monkeypatch.setattr(records, "_PREAD", None)
    mentions = mention_store(tmp_path)
    refs = [MentionRef("d", Span(k, k + 2), f"w{k}") for k in range(50)]
    for ref in refs[:25]:
        mentions.append(ref)
    assert mentions[24] == refs[24] and mentions[0] == refs[0]
    for ref in refs[25:]:  # appended after reading: still at the end
        mentions.append(ref)
    assert [mentions[k] for k in range(49, -1, -1)] == refs[::-1]
