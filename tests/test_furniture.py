"""What is no claim: page furniture left in a body (credits, stamps, counters, notes, another language),
on lines of our own."""

from __future__ import annotations

import pytest

from graph.extract.furniture import is_furniture
from tests.test_claims import analysis_of


@pytest.mark.parametrize("line", [
    "(Reporting by Jane Roe and John Doe; Editing by Sam Poe)",
    "Published By: Jane Roe Published On: Mar 3, 2024",
    "This article has been read 1,204 times in total",
    "Jane Roe is the Gulf editor of Example.org, follow her on X @janeroe",
    "Yorumlarınız editör onayından sonra yayınlanacaktır ve küfür içeren yorumlar silinir",
])
def test_furniture_is_no_claim(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "CEASEFIRE HOLDS, SAYS ENVOY",
    "The envoy said the ceasefire was holding in the north.",
    "Talks resumed in Doha on Monday.",
])
def test_statements_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_a_credit_line_yields_no_assertion() -> None:
    text = "The two sides agreed on a truce in Nairobi on Monday.\n\n(Reporting by Jane Roe and John Doe)"
    statements = [a.statement for a in analysis_of(text).assertions]
    assert statements == ["The two sides agreed on a truce in Nairobi on Monday"]
