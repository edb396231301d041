"""A passage's sentence is found when first asked for (story.Evidence's context): the same passage, equal,
hashed and pickled alike, as one given its sentence at once; and the triple index's columns of a mention's
properties answer as the other triples do."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest
from rdflib import URIRef

from graph.story import Evidence
from graph.story_reader import _sentence_context
from graph.triple_index import ANCHOR_OF, BEGIN_INDEX, REFERENCE_CONTEXT, TripleIndex

TEXT = "Talks began in Doha. Qatar hosted the talks between the two sides on Monday. Nothing else."


def _lazy(calls: list[int]) -> Evidence:
    begin = TEXT.index("hosted")

    def context():
        calls.append(1)
        return _sentence_context(TEXT, begin, begin + 6, 220)

    return Evidence("d", begin, begin + 6, "hosted", context=context)


def test_a_passage_finds_its_sentence_once_and_only_when_asked():
    calls: list[int] = []
    lazy = _lazy(calls)
    after = " the talks between the two sides on Monday."
    eager = Evidence("d", lazy.begin, lazy.end, "hosted", before="Qatar ", after=after)
    assert hash(lazy) == hash(eager) and lazy in {lazy} and not calls  # hashed and found without its sentence
    assert lazy == eager and (lazy.before, lazy.after) == (eager.before, eager.after)
    assert lazy.after == after and calls == [1]
    assert lazy != Evidence("d", lazy.begin, lazy.end, "hosted", before="Qatar ", after=" the talks.")
    assert pickle.loads(pickle.dumps(_lazy([]))) == eager
    assert repr(lazy) == repr(eager)


def test_a_passage_is_immutable():
    evidence = _lazy([])
    with pytest.raises(FrozenInstanceError):
        evidence.quote = "other"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del evidence.doc


def test_the_columns_answer_as_the_other_triples_do():
    m, doc = "https://w3id.org/parley/id/doc/d#char=1,5", "https://w3id.org/parley/id/doc/d"
    lines = [f'<{m}> <{ANCHOR_OF}> "first" .\n', f'<{m}> <{BEGIN_INDEX}> "1" .\n',
             f"<{m}> <{REFERENCE_CONTEXT}> <{doc}> .\n", f'<{m}> <{ANCHOR_OF}> "second" .\n']
    index = TripleIndex.from_nt_lines(lines)
    mention = URIRef(m)
    assert len(index) == 4
    assert index.value(mention, ANCHOR_OF) == "first"  # the first value, the others after it
    assert list(index.objects(mention, ANCHOR_OF)) == ["first", "second"]
    assert sorted(index.objects(mention)) == sorted(["first", "second", "1", URIRef(doc)])
    assert list(index.subjects(REFERENCE_CONTEXT, URIRef(doc))) == [mention]
    assert (mention, ANCHOR_OF, "second") in index and (mention, BEGIN_INDEX, "1") in index
    assert list(index.mentions()) == [(mention, URIRef(doc), "1", None, "first")]
