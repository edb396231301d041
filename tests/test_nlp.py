"""The NLP stage (graph/nlp.py): the gazetteer's names matched as phrases find what its token patterns find."""

from __future__ import annotations

from spacy.matcher import Matcher, PhraseMatcher

from graph.gazetteer import load_gazetteer
from graph.nlp import as_phrases, load_nlp


def _matches(nlp, patterns: list[dict], texts: list[str]) -> list[list[tuple[str, int, int]]]:
    """What a ruler with these patterns would find in each text, before it settles overlaps."""
    tokens, phrases = Matcher(nlp.vocab), PhraseMatcher(nlp.vocab, attr="LOWER")
    for entry in patterns:
        key = f"{entry['label']}|{entry['id']}"
        if isinstance(entry["pattern"], str):
            phrases.add(key, [nlp.make_doc(entry["pattern"])])
        else:
            tokens.add(key, [entry["pattern"]])
    docs = [nlp.make_doc(text) for text in texts]
    return [sorted({(nlp.vocab.strings[key], start, end) for key, start, end in [*tokens(doc), *phrases(doc)]})
            for doc in docs]


def test_gazetteer_phrases_find_what_its_token_patterns_find(seed_corpus) -> None:
    nlp = load_nlp()
    patterns = load_gazetteer().patterns()
    phrased = as_phrases(nlp, patterns)
    assert len(phrased) == len(patterns)
    assert sum(isinstance(entry["pattern"], str) for entry in phrased) > 0.9 * len(patterns)
    # Short names stay case-exact token patterns: "US" is the United States, "us" is not.
    case_exact = [new for old, new in zip(patterns, phrased, strict=True) if any("ORTH" in t for t in old["pattern"])]
    assert case_exact and all(isinstance(entry["pattern"], list) for entry in case_exact)
    texts = [path.read_text(encoding="utf-8") for path in sorted(seed_corpus.glob("*.txt"))]
    texts.append("The US and us; the U.S.-brokered talks in ABU DHABI, Abu Dhabi and abu dhabi; Kyiv’s and "
                 "Kyiv's envoys; the Russian side, the russian Side; Moscow-based, Saudi-Arabia, Saudi Arabia; "
                 "the People's Republic of China, the U.S. State Department and Washington, D.C.")
    by_tokens, by_phrases = _matches(nlp, patterns, texts), _matches(nlp, phrased, texts)
    assert by_phrases == by_tokens
    assert sum(len(found) for found in by_tokens) > 100
    found_last = {key for key, _, _ in by_tokens[-1]}
    assert {"GPE|usa", "LOC|abu-dhabi", "GPE|saudi-arabia"} <= found_last
