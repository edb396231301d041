"""One claim per proposition across outlets, and the discrepancies between the outlets that carry it,
on texts of our own (each text is one document)."""

from __future__ import annotations

from graph.model import AssertionMention, AssertionNode, ClaimNode, MentionRef, Span
from graph.pipeline import build_corpus
from graph.resolve.claims import Report, blocked_pairs, candidate_pairs, figures, load_rules, similarity
from tests.helpers import analyze_texts

COMPONENTS = ["entities", "sources", "claims"]


def claims_of(*texts: str) -> dict[str, ClaimNode]:
    corpus, _ = build_corpus(analyze_texts(*texts, components=COMPONENTS))
    return corpus.claims


def claim_with(claims: dict[str, ClaimNode], words: str) -> ClaimNode:
    found = [c for c in claims.values() if any(words in a.mention.text for a in c.assertions)]
    assert len(found) == 1, [c.statement for c in found]
    return found[0]


def kinds(claim: ClaimNode) -> list[str]:
    return [kind for kind, _ in claim.discrepancies]


def test_one_claim_for_one_proposition_in_three_outlets() -> None:
    claims = claims_of(
        "Ukraine and Russia are conducting preliminary negotiations on stopping strikes on energy infrastructure. "
        "The European Commission is working on electricity supplies to Moldova.",
        "Kyiv and Moscow have begun preliminary discussions on ending attacks on energy facilities, the Financial "
        "Times reports, citing informed sources. Qatar has played a leading role in earlier mediation efforts.",
        "According to the Financial Times, Ukraine and Russia are in preliminary talks to end attacks on each "
        "other's energy infrastructure. The G7 countries raised over $4 billion for repairs.",
    )
    talks = claim_with(claims, "preliminary")
    assert sorted(a.doc_id for a in talks.assertions) == ["t0", "t1", "t2"]
    assert {"ukraine", "russia"} <= talks.about
    # The other sentences are claims of their own.
    for words in ("Moldova", "leading role", "$4 billion"):
        assert len(claim_with(claims, words).assertions) == 1
    # Attribution is kept per assertion: own voice, the FT's sources via the FT, the FT itself.
    by_doc = {a.doc_id: a for a in talks.assertions}
    assert by_doc["t0"].source is None
    assert by_doc["t1"].via == ["financial-times"] and by_doc["t1"].source != "financial-times"
    assert by_doc["t2"].source == "financial-times"


def test_a_document_carries_a_claim_once() -> None:
    claims = claims_of(
        "Ukraine and Russia hold preliminary talks on energy strikes. Ukraine and Russia are holding preliminary "
        "talks on halting energy strikes, officials said.",
        "Kyiv and Moscow are in preliminary talks on halting energy strikes.",
    )
    for claim in claims.values():
        docs = [a.doc_id for a in claim.assertions]
        assert len(docs) == len(set(docs))


def test_different_sources_are_a_discrepancy() -> None:
    claims = claims_of(
        "A former senior Kremlin official said that Putin is unlikely to agree to a deal on energy strikes while "
        "Ukrainian forces hold the Kursk region.",
        "A high-ranking Russian official emphasized that Putin is unlikely to agree to a deal on energy strikes "
        "while Ukrainian forces hold the Kursk region.",
    )
    claim = claim_with(claims, "unlikely")
    assert len(claim.assertions) == 2
    assert kinds(claim) == ["source"]
    text = claim.discrepancies[0][1]
    assert "former senior Kremlin official" in text and "high-ranking Russian official" in text


def test_compatible_descriptions_are_no_discrepancy() -> None:
    claims = claims_of(
        "A senior Ukrainian official told the Financial Times that both sides reduced strikes on energy "
        "facilities in recent weeks.",
        "According to a high-ranking Ukrainian official, both sides have reduced strikes on energy facilities "
        "in recent weeks.",
    )
    claim = claim_with(claims, "recent weeks")
    assert len(claim.assertions) == 2
    assert claim.discrepancies == []


def test_conflicting_facts_whose_forces_are_where() -> None:
    claims = claims_of(
        "Putin is unlikely to agree to a ceasefire on energy strikes while Ukrainian forces remain in the Kursk "
        "region.",
        "Reaching a ceasefire on energy strikes is unlikely without driving Russian troops out of the Kursk region.",
    )
    claim = claim_with(claims, "unlikely")
    assert len(claim.assertions) == 2
    (fact,) = [text for kind, text in claim.discrepancies if kind == "fact"]
    assert "Russian forces" in fact and "Ukrainian forces" in fact and "Kursk" in fact


def test_different_figures_are_a_discrepancy() -> None:
    claims = claims_of(
        "According to the Ministry of Energy, Russia has carried out over a thousand strikes on Ukrainian energy "
        "infrastructure since October 2022.",
        "In 2024, Russia used more than 1,000 weapons against Ukraine's energy infrastructure.",
    )
    claim = claim_with(claims, "thousand")
    assert len(claim.assertions) == 2
    (figure,) = [text for kind, text in claim.discrepancies if kind == "figure"]
    assert "over a thousand strikes" in figure and "since October 2022" in figure
    assert "more than 1,000 weapons" in figure and "in 2024" in figure


def test_a_figure_reprinted_by_many_outlets_differs_once_not_once_per_pair() -> None:
    ministry = ("According to the Ministry of Energy, Russia has carried out over a thousand strikes on Ukrainian "
                "energy infrastructure since October 2022.")
    weapons = "In 2024, Russia used more than 1,000 weapons against Ukraine's energy infrastructure."
    claims = claims_of(ministry, weapons, ministry, weapons, ministry)  # documents t0 … t4
    claim = claim_with(claims, "thousand")
    assert sorted(a.doc_id for a in claim.assertions) == ["t0", "t1", "t2", "t3", "t4"]
    (figure,) = [text for kind, text in claim.discrepancies if kind == "figure"]  # was one per pair: six
    # (The reprints have no outlet nor title: each is named by its first words and date, so a text's
    # copies read as one reporter.)
    assert figure.startswith("The figures differ: “According to the Ministry of Energy, Russia has…” · 2024-10-30 "
                             "reports “over a thousand strikes” since October 2022; “In 2024, Russia used more "
                             "than 1,000 weapons…” · 2024-10-30 reports “more than 1,000 weapons” in 2024")


def test_the_same_figure_in_other_words_is_no_discrepancy() -> None:
    claims = claims_of(
        "Russian missile strikes destroyed nearly half of Ukraine's energy capacity, and Kyiv controls about 600 "
        "square kilometers of the Kursk region.",
        "Russian missile strikes destroyed almost half of Ukraine's energy-generating capacity, and Kyiv controls "
        "approximately 600 sq.km. of the Kursk region.",
    )
    claim = claim_with(claims, "half")
    assert len(claim.assertions) == 2
    assert "figure" not in kinds(claim)


def test_opposite_polarity_is_a_discrepancy() -> None:
    claims = claims_of(
        "The Kremlin confirmed that delegations met in Doha in August to discuss energy strikes.",
        "The Kremlin denied that delegations met in Doha in August to discuss energy strikes.",
    )
    claim = claim_with(claims, "Doha")
    assert len(claim.assertions) == 2
    assert "polarity" in kinds(claim)


def test_figures_are_read_with_bound_unit_and_period() -> None:
    rules = load_rules()
    (fig,) = figures("Russia has carried out over a thousand strikes on energy infrastructure since October 2022",
                     rules)
    assert (fig.value, fig.bound, fig.unit, fig.period) == (1000, "over", "strikes", "since October 2022")
    assert figures("The talks began in June 2024, resumed on 12 August and ended on August 14.", rules) == []
    (money,) = figures("The G7 countries raised over $4 billion for repairs", rules)  # not "7 countries"
    assert (money.value, money.bound, money.unit) == (4e9, "over", "dollar")


def _report(i: int, words: list[str], rare: tuple[str, ...] = ()) -> Report:
    mention = AssertionMention(span=Span(0, 1), content=Span(0, 1), statement=" ".join(words))
    node = AssertionNode(key=f"a{i}", doc_id=f"d{i}", mention=MentionRef(f"d{i}", Span(0, 1), "x"))
    features = {("lemma", w): 1.0 for w in sorted(words)}
    return Report(f"d{i}", f"d{i}", i, mention, node, set(), features, float(len(features)),
                  distinctive=frozenset(("lemma", w) for w in rare))


def test_candidate_pairs_are_blocked_not_quadratic() -> None:
    # 600 assertions, each sharing one rare word with the next, and two words that all of them have.
    reports = [_report(i, [f"w{i}", f"w{i + 1}", "ukraine", "russia", f"x{i}"], (f"w{i}", f"w{i + 1}", f"x{i}"))
               for i in range(600)]
    pairs = blocked_pairs(reports, load_rules())
    assert pairs == {(i, i + 1) for i in range(599)}  # neighbours only: the common words block nothing
    scored = candidate_pairs(reports, load_rules())
    # Neighbours share a rare word and the two common ones: three of their five features (Ochiai 3/5).
    assert sorted((i, j) for _, i, j in scored) == [(i, i + 1) for i in range(599)]
    assert all(abs(score - 0.6) < 1e-12 for score, _, _ in scored)


def test_candidate_pairs_score_what_the_similarity_gives() -> None:
    # Pairs are scored a chunk at a time on arrays; each score must be similarity's to the last bit (the same
    # additions in the same order), and the pairs in its order: by score, then i, then j, descending.
    import random

    rnd = random.Random(7)
    words = [f"w{k}" for k in range(150)]
    reports = []
    for i in range(900):  # (more pairs than one chunk)
        chosen = sorted(rnd.sample(words, rnd.randint(0, 12)))
        features = {("lemma", w): rnd.choice([0.5, 1.0, 1.7, 2.3, 1 / 3]) for w in chosen}
        reports.append(Report(f"d{i}", f"d{i}", i, AssertionMention(span=Span(0, 1), content=Span(0, 1), statement="s"),
                              AssertionNode(key=f"a{i}", doc_id=f"d{i}", mention=MentionRef(f"d{i}", Span(0, 1), "x")),
                              set(), features, sum(features.values()) if rnd.random() > 0.05 else 0.0,
                              frozenset(rnd.sample(["plan", "say", "hit"], rnd.randint(0, 2))),
                              frozenset(f for f in features if rnd.random() < 0.4)))
    rules = load_rules()
    expected = sorted(((score, i, j) for i, j in blocked_pairs(reports, rules)
                       if (score := similarity(reports[i], reports[j])) > 0), reverse=True)
    assert len(expected) > 2048
    assert list(candidate_pairs(reports, rules)) == expected


def test_claims_are_deterministic() -> None:
    texts = ("Ukraine plans to continue striking oil refineries, a senior Ukrainian official said.",
             "According to a high-ranking Ukrainian official, Ukraine plans to keep striking Russian oil refineries.")
    first, second = claims_of(*texts), claims_of(*texts)
    assert list(first) == list(second)
    assert [c.statement for c in first.values()] == [c.statement for c in second.values()]


def test_figures_of_related_claims_are_compared(monkeypatch) -> None:
    # With a merge threshold no pair reaches, the two reports stay two claims; their figures still meet.
    import dataclasses

    import graph.resolve.claims as resolver

    strict = dataclasses.replace(load_rules(), threshold=0.99)
    monkeypatch.setattr(resolver, "load_rules", lambda: strict)
    claims = claims_of(
        "Russia has attacked Ukrainian ports more than 150 times since July 2023, damaging grain terminals.",
        "Ukraine says Russian drones have hit its ports about 200 times since July 2023, halting exports.",
    )
    assert len(claims) == 2
    found = [text for c in claims.values() for kind, text in c.discrepancies if kind == "figure"]
    assert len(found) == 1
    assert "A related report gives another figure" in found[0]
    assert "more than 150 times" in found[0] and "about 200 times" in found[0]


def test_reprints_of_one_story_give_one_claim_per_sentence() -> None:
    story = ("Ukraine and Russia are holding preliminary talks on halting strikes on energy facilities, the Financial "
             "Times reports, citing sources familiar with the matter. A senior Ukrainian official said both sides "
             "had reduced strikes in recent weeks. Putin is unlikely to agree while Ukrainian forces hold the Kursk "
             "region, a former Kremlin official said.")
    single = claims_of(story)
    reprinted = claims_of(story, story, story)
    assert len(reprinted) == len(single) == 3
    for claim in reprinted.values():
        assert sorted(a.doc_id for a in claim.assertions) == ["t0", "t1", "t2"]
        # The same descriptions in each reprint: no discrepancy of sources.
        assert claim.discrepancies == []


def test_different_intermediaries_are_a_discrepancy() -> None:
    claims = claims_of(
        "Ukraine's offensive in the Kursk region disrupted secret talks with Russia on halting energy strikes, "
        "The Washington Post reported, citing sources.",
        "Ukraine's offensive in the Kursk region disrupted secret talks with Russia on halting energy strikes, the "
        "Financial Times reported, citing sources.",
    )
    claim = claim_with(claims, "secret talks")
    assert len(claim.assertions) == 2
    (via,) = [text for kind, text in claim.discrepancies if kind == "via"]
    assert "The Washington Post" in via and "Financial Times" in via


# ------------------------------------------------------------------ one proposition: the same actors


def claims_with_events(*texts: str) -> dict[str, ClaimNode]:
    corpus, _ = build_corpus(analyze_texts(*texts, components=["entities", "sources", "events", "claims"]))
    return corpus.claims


def docs_of(claims: dict[str, ClaimNode], words: str) -> list[list[str]]:
    return sorted(sorted(a.doc_id for a in c.assertions) for c in claims.values()
                  if any(words in a.mention.text for a in c.assertions))


def test_the_same_words_about_other_actors_are_two_claims() -> None:
    claims = claims_with_events(
        "Talks between Peru and Bolivia in Lima lasted more than two hours on Monday, officials said.",
        "Talks between Ghana and Togo in Accra lasted more than two hours on Monday, officials said.")
    assert docs_of(claims, "two hours") == [["t0"], ["t1"]]


def test_the_same_sentence_about_two_meetings_is_two_claims() -> None:
    # No actor in the sentence: the meeting it is about is each document's own, with its own parties.
    claims = claims_with_events("Peru and Bolivia met in Lima on Monday. The meeting lasted over an hour.",
                                "Ghana and Togo met in Accra on Friday. The meeting lasted over an hour.")
    assert docs_of(claims, "over an hour") == [["t0"], ["t1"]]


def test_a_sentence_naming_nothing_is_about_its_story_so_far() -> None:
    claims = claims_with_events(
        "Peru and Bolivia signed a border accord in Lima on Monday. Officials said that an agreement had been "
        "reached after long negotiations.",
        "Ghana and Togo signed a trade accord in Accra on Friday. Officials said that an agreement had been "
        "reached after long negotiations.")
    assert docs_of(claims, "an agreement had been reached") == [["t0"], ["t1"]]


def test_the_same_actors_in_other_words_are_one_claim() -> None:
    claims = claims_with_events("Talks between Peru and Bolivia in Lima lasted more than two hours on Monday.",
                                "Peru and Bolivia held talks in Lima on Monday that lasted over two hours.")
    assert docs_of(claims, "two hours") == [["t0", "t1"]]


def test_discrepancy_notes_name_documents_by_outlet_title_and_date() -> None:
    import datetime as dt

    from graph.model import SourceDocument
    from graph.pipeline import analyze

    said = "that Putin is unlikely to agree to a deal on energy strikes while Ukrainian forces hold the Kursk region."
    docs = [SourceDocument(id="doc-17", text=f"A former senior Kremlin official said {said}", origin="a.txt",
                           title="Kremlin cool on energy truce", outlet="Example Wire", published=dt.date(2025, 3, 4)),
            SourceDocument(id="doc-18", text=f"A high-ranking Russian official emphasized {said}", origin="b.txt",
                           published=dt.date(2025, 3, 5))]
    corpus, _ = build_corpus(list(analyze(docs, components=COMPONENTS)))
    (text,) = [t for c in corpus.claims.values() for kind, t in c.discrepancies if kind == "source"]
    assert "Example Wire · Kremlin cool on energy truce · 2025-03-04 attributes it to" in text
    # A document with neither outlet nor title: its first words and date, never its id.
    assert "“A high-ranking Russian official emphasized that Putin is…” · 2025-03-05 attributes it to" in text
    assert "doc-17" not in text and "doc-18" not in text
