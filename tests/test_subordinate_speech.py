"""A speech verb in a subordinate clause (a relative clause, a concessive "although …") attributes that
clause only: the rest of the sentence is the document's own voice, and the clause is a claim of its own
with its speaker. On sentences of our own."""

from __future__ import annotations

import pytest

from graph.model import AssertionMention
from tests.helpers import analyze_texts

COMPONENTS = ["entities", "sources", "claims"]


def assertions(text: str) -> list[AssertionMention]:
    (analysis,) = analyze_texts(text, components=COMPONENTS)
    return analysis.assertions


def source_name(a: AssertionMention) -> str | None:
    return None if a.source is None else (a.source.label or a.source.text)


@pytest.mark.parametrize(("text", "main", "clause", "speaker"), [
    # A concessive clause: the outlet's reading, and the official who plays it down.
    ("The deal suggests there may be more room for compromise between Kenya and Somalia on the border, "
     "although a senior Kenyan official downplayed the idea.",
     "more room for compromise", "downplayed the idea", "senior Kenyan official"),
    # A relative clause on a name the sentence is about: what the officials accuse him of is theirs.
    ("The go-between is reportedly Lebanese trader Sami Haddad, whom Kenyan officials accuse of laundering "
     "about $20 million through Nairobi banks.",
     "reportedly Lebanese trader", "laundering about $20 million", "Kenyan officials"),
    # What the relative clause's speakers say of him ("whom X say laundered…"): theirs.
    ("The go-between is reportedly Lebanese trader Sami Haddad, whom U.S. prosecutors say laundered about "
     "$20 million through Nairobi banks in a scheme.",
     "reportedly Lebanese trader", "laundered about $20 million", "U.S. prosecutors"),
])
def test_the_main_clause_is_the_document_s_and_the_subordinate_one_its_speaker_s(
        text: str, main: str, clause: str, speaker: str) -> None:
    found = assertions(text)
    [own] = [a for a in found if main in a.statement]
    assert own.source is None
    assert clause not in own.statement
    [said] = [a for a in found if clause in a.statement]
    assert source_name(said) == speaker
    assert main not in said.statement


@pytest.mark.parametrize(("text", "main", "said", "speaker"), [
    ("The talks in Mombasa were chaired by Raila Odinga, who said the two sides would meet again in June.",
     "chaired by Raila Odinga", "the two sides would meet again in June", "Raila Odinga"),
    ("Kenyan envoy Martin Kimani, who said the ceasefire had collapsed, left Doha on Monday.",
     "left Doha on Monday", "the ceasefire had collapsed", "Martin Kimani"),
])
def test_who_said_gives_the_clause_to_the_one_the_relative_clause_is_about(
        text: str, main: str, said: str, speaker: str) -> None:
    found = assertions(text)
    [own] = [a for a in found if main in a.statement]
    assert own.source is None and said not in own.statement
    [claim] = [a for a in found if a.statement == said]
    assert source_name(claim) == speaker


def test_a_main_clause_frame_wins_over_a_relative_clause_before_it() -> None:
    text = "Martin Kimani, who briefed reporters in Nairobi, said the ceasefire would hold until June."
    [claim] = [a for a in assertions(text) if "ceasefire would hold" in a.statement]
    assert source_name(claim) == "Martin Kimani"
    assert claim.statement == "the ceasefire would hold until June"
