"""Cleaning: the body is found, boilerplate is blanked, offsets stay true."""

from __future__ import annotations

from graph.clean import clean_document
from graph.ingest import iter_documents
from graph.model import SourceDocument

ARTICLE = """Qatar brokers talks between Sudan's warring sides

Sudan's army and the Rapid Support Forces began indirect talks in Doha on Monday, mediated by Qatar, officials said.
The talks aim at a humanitarian ceasefire before the rainy season, according to a diplomat familiar with the process.
Oct 3, 2024 - 09:15
Follow us on X and Telegram for the latest news.
Read also
- Flooding hits the capital
- Markets fall after the central bank decision
- A famous singer announced a new tour
"""


def test_boilerplate_is_blanked_with_offsets_kept():
    doc = SourceDocument(id="d", text=ARTICLE, origin="d")
    cleaned = clean_document(doc)
    assert len(cleaned.analysis_text) == len(ARTICLE)
    assert "Rapid Support Forces" in cleaned.analysis_text
    for gone in ("Follow us", "Read also", "Flooding", "famous singer", "09:15"):
        assert gone not in cleaned.analysis_text
        at = ARTICLE.index(gone)
        assert not cleaned.in_body(type(cleaned.body[0])(at, at + len(gone)))
    # newlines survive, so line structure (sentence ends) survives too
    assert cleaned.analysis_text.count("\n") == ARTICLE.count("\n")


def test_a_dateline_opening_a_paragraph_is_not_part_of_its_sentence():
    text = ("CAIRO, March 3 (Reuters) - Egyptian mediators held talks with Hamas on Sunday.\n"
            "MOSCOW (AP) — The Kremlin said it was ready for talks.\n"
            "EU foreign ministers (27 of them) - not a dateline - met in Brussels.\n")
    cleaned = clean_document(SourceDocument(id="d", text=text, origin="d"))
    assert "CAIRO" not in cleaned.analysis_text and "Reuters" not in cleaned.analysis_text
    assert "MOSCOW" not in cleaned.analysis_text
    assert "Egyptian mediators held talks" in cleaned.analysis_text
    assert "The Kremlin said" in cleaned.analysis_text
    assert "EU foreign ministers" in cleaned.analysis_text  # mixed case: a sentence, not a dateline
    assert len(cleaned.analysis_text) == len(text)


def test_bylines_and_wire_credits_are_not_story_text():
    text = ("Talks resume in Doha\n"
            "By Andrew Roth in Moscow and Patrick Wintour\n"
            "By the end of the week Ukraine and Russia had held two rounds of talks.\n"
            "Reporting by Tom Balmforth; Editing by Alex Richardson\n")
    cleaned = clean_document(SourceDocument(id="d", text=text, origin="d"))
    assert "Andrew Roth" not in cleaned.analysis_text and "Balmforth" not in cleaned.analysis_text
    assert "By the end of the week Ukraine and Russia" in cleaned.analysis_text


def test_typographic_apostrophe_is_normalized_for_nlp_only():
    text = "Ukraineʼs offensive in the Kursk region disrupted the talks."
    cleaned = clean_document(SourceDocument(id="d", text=text, origin="d"))
    assert cleaned.source.text == text
    assert cleaned.analysis_text == text.replace("ʼ", "'")


def test_seed_furniture_is_dropped(seed_corpus):
    for doc in iter_documents([seed_corpus]):
        cleaned = clean_document(doc)
        for marker in ("Read also", "spot_img", "Become a Patron", "follow us on X", "Van Damme"):
            if marker in doc.text:
                assert marker not in cleaned.analysis_text, (doc.id, marker)
        # the story itself is kept
        assert "energy" in cleaned.analysis_text


def test_a_document_that_is_all_headlines_is_kept_whole():
    text = "Talks stall\nCeasefire holds\nMinisters meet\nLeaders disagree\n"
    cleaned = clean_document(SourceDocument(id="d", text=text, origin="d"))
    assert cleaned.analysis_text.strip() != ""


BODY = ("Envoys of the two governments met in Nairobi on Tuesday to discuss a truce along the border, "
        "the host ministry said in a statement released after the first session.\n"
        "Both delegations agreed to meet again next month, according to a mediator who briefed reporters, "
        "and to exchange lists of detainees before the next round of talks in the capital.\n")


def _kept(text: str) -> str:
    return clean_document(SourceDocument(id="d", text=text, origin="d")).analysis_text


def test_credit_lines_after_the_story_are_furniture():
    for tail in ("Author: Jane Holloway\n\nJane Holloway covers East Africa for the site.",
                 "Published By: Ravi Menon Published On: Mar 2, 2024",
                 "Editor – KT\nTranslator – Mia Soe",
                 "Source:\nThis news has been read 912 times in total",
                 "(Reporting by Jane Holloway and Piet Brandt; Editing by Ann Lee)"):
        kept = _kept(BODY + "\n" + tail + "\n")
        assert "Envoys" in kept and "detainees" in kept
        for word in ("Holloway", "Menon", "Mia Soe", "912", "Brandt"):
            assert word not in kept, (tail, word)


def test_a_trailing_headline_or_tag_line_is_dropped():
    kept = _kept(BODY + BODY + "\nRebels seize two towns near the northern border\n")
    assert "Rebels seize" not in kept and "Envoys" in kept


def test_photo_credits_and_bylines_at_the_start_are_furniture():
    head = ("Delegates arrive for the talks in Nairobi last week | Photo: AGENCY/Tom Reyes\n"
            "Mediators at the opening session. May 2, 2023 (UNMISS/Ali Haji)\n"
            "A ship at anchor off the coast. (Courtesy Oceanix)\n"
            "By Kyaw Min / XYZ\n"
            "The Region Post Staff\n")
    kept = _kept(head + BODY)
    for word in ("Tom Reyes", "Ali Haji", "Oceanix", "Kyaw Min", "Staff"):
        assert word not in kept, word
    assert "Envoys" in kept


def test_a_bracketed_credit_after_the_last_sentence_is_dropped():
    kept = _kept(BODY.rstrip("\n") + " (Kyodo Agency)\n")
    assert "Kyodo" not in kept and "next round of talks" in kept



def test_the_related_links_after_the_story_are_furniture():
    text = ("Chad and Niger signed a border accord in Niamey on Friday, ending a decade of disputes over the river "
            "and its islands.\n"
            "The accord sets up a joint commission, the two foreign ministers said after the ceremony.\n"
            "You May Also Like\n"
            "The singer's daughter shared photos of her wedding in Rome with friends, her spokesman said.\n")
    cleaned = clean_document(SourceDocument(id="d", text=text, origin="d"))
    assert "border accord" in cleaned.analysis_text and "joint commission" in cleaned.analysis_text
    assert "wedding" not in cleaned.analysis_text and "May Also Like" not in cleaned.analysis_text
