"""The parse of the document being read, walked once: the children, lemmas and sentences of its
tokens made in one pass, the walks the extractor asks of every trigger remembered for the document,
and the small questions of the dependency tree (subject, passive subject, conjuncts, prepositional
objects, the light verb that carries a noun, the way up to the root) that every part of the events
extractor asks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TypeVar

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from graph.extract.base import doc_heads, doc_lowers, doc_tokens
from graph.extract.event_lexicon import Lexicon
from graph.extract.event_lexicon import irregular_forms as _irregular_forms

RELATIVE_PRONOUNS = {"which", "that", "who", "whom", "whose"}
T = TypeVar("T")


class _Parse:
    """What the extractor asks of the parse of the document it reads, each answer made once.

    spaCy works each answer out anew and makes new Token objects for it: ``token.children`` scans
    the token's whole subtree, ``token.sent`` scans the document for the sentence's edges,
    ``doc.sents`` makes its spans again. The extractor asks the same questions of the same tokens
    for every trigger (the paths of a sentence's triggers to its root cross the same verbs)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.tokens = doc_tokens(doc)
        # token index -> its children, in order, as the document's own Token objects (doc_tokens): made in
        # one pass over the heads (spaCy's token.children scans the token's subtree, a generator per token)
        self.heads = doc_heads(doc)
        children: list[list[Token]] = [[] for _ in self.heads]
        for token, head in zip(self.tokens, self.heads, strict=True):
            if head != token.i:
                children[head].append(token)
        self.children: list[tuple[Token, ...]] = list(map(tuple, children))
        self.lemmas, self.lowers = _lemmas(doc), doc_lowers(doc)  # (lists read by index in the loops over words)
        self.sentences: list[SpacySpan] = list(doc.sents)
        # token index -> the number of its sentence (the sentences cover the document, in order)
        self.sentence_numbers: list[int] = [n for n, sent in enumerate(self.sentences) for _ in range(len(sent))]
        # a walk of the parse (a function of a token, see _remembered) -> token index -> its answer
        self.answers: defaultdict[Callable[[Token], object], dict[int, object]] = defaultdict(dict)

    def sentence(self, token: Token) -> SpacySpan:
        """``token.sent``."""
        return self.sentences[self.sentence_numbers[token.i]]


_parse_read: _Parse | None = None  # the parse of the document being read


def _parse(doc: Doc) -> _Parse:
    """The walked parse of ``doc``. (The look-ups asked thousands of times per document test
    ``_parse_read`` themselves before calling it: a function call costs as much as what they look up.)"""
    global _parse_read
    if _parse_read is None or _parse_read.doc is not doc:
        _parse_read = _Parse(doc)
    return _parse_read


@contextmanager
def _reading(doc: Doc) -> Iterator[None]:
    """Walk the parse of ``doc`` afresh for one reading of it, and let the walks go after it: kept
    any longer, they would give the garbage collector that much more to walk."""
    global _parse_read
    _parse_read = _Parse(doc)
    try:
        yield
    finally:
        _parse_read = None


def _remembered(walk: Callable[[Token], T]) -> Callable[[Token], T]:
    """``walk``, made once for each token of the document being read. Its answer is shared: it must
    be immutable (a tuple), and not None."""

    @wraps(walk)
    def remembered(token: Token) -> T:
        parse = _parse_read
        if parse is None or parse.doc is not token.doc:
            parse = _parse(token.doc)
        answers = parse.answers[walk]
        answer = answers.get(token.i)
        if answer is None:
            answer = answers[token.i] = walk(token)
        return answer  # type: ignore[return-value]

    return remembered


def _children(token: Token) -> tuple[Token, ...]:
    """``token.children``, as the document's own Token objects (doc_tokens): the new ones spaCy makes,
    kept for the whole document, would give the garbage collector that much more to walk."""
    parse = _parse_read
    if parse is None or parse.doc is not token.doc:
        parse = _parse(token.doc)
    return parse.children[token.i]


def _in_subtree(token: Token, top: Token) -> bool:
    """Whether ``token`` is in ``top.subtree``: whether ``top`` is it or one of its heads (a walk up a few
    heads, not the set of the subtree's indices made for each top asked of)."""
    heads, index, top_index = _parse(token.doc).heads, token.i, top.i
    while index != top_index:
        head = heads[index]
        if head == index:
            return False
        index = head
    return True



def _lemmas(doc: Doc) -> list[str]:
    """The lemmas of the document's tokens, lower case. The small model leaves some irregular pasts as they
    are ("retook", "overran"): the lexicon's table has them. Made once per document (the extractor asks
    thousands of times)."""
    lemmas = doc.user_data.get("parley_lemmas")
    if lemmas is None:
        forms = _irregular_forms()
        lemmas = [forms.get(lemma, lemma) for lemma in (t.lemma_.lower() for t in doc_tokens(doc))]
        doc.user_data["parley_lemmas"] = lemmas
    return lemmas


def _lemma(token: Token) -> str:
    """The token's lemma, lower case (see _lemmas)."""
    parse = _parse_read
    if parse is None or parse.doc is not token.doc:
        parse = _parse(token.doc)
    return parse.lemmas[token.i]


def _is_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") or token.tag_.startswith("NN")


def _is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" or (token.tag_.startswith("VB") and token.pos_ != "AUX")


def _direct_object(token: Token) -> Token | None:
    children = _children(token)
    for child in children:
        if child.dep_ in ("dobj", "obj"):
            return child
    for child in children:  # "pulled out of the talks", "withdrew from the negotiations"
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "on"):
            for grand in _children(child):
                if grand.dep_ == "pobj":
                    return grand
        if child.dep_ in ("prt", "prep") and child.lower_ in ("out", "off", "back", "away"):
            found = _direct_object(child)
            if found is not None:
                return found
    return None



def _subject(verb: Token) -> list[Token]:
    """The subject of a verb, with its conjuncts; a relative pronoun stands for the noun it modifies;
    a verb without one takes the subject of the verb it depends on (control, coordination)."""
    seen, raised = 0, False
    while verb is not None and seen < 6:
        seen += 1
        # "Chad and Sudan are expected to sign", "the sides were set to meet": a verb that raises takes its
        # subject in the passive, and the verb below it has that subject too
        deps = ("nsubj", "csubj", "nsubjpass") if raised else ("nsubj", "csubj")
        subj = [c for c in _children(verb) if c.dep_ in deps]
        if not subj:
            # "Norway has been mediating": the parser may hang the subject on an auxiliary
            subj = [c for a in _children(verb) if a.dep_ in ("aux", "auxpass") for c in _children(a) if c.dep_ in deps]
        if subj:
            head = subj[0]
            if head.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return _antecedents(verb)
            return [head] + list(_conjuncts(head))
        if seen == 1 and verb.dep_ == "conj" and not any(c.dep_ == "cc" for c in _children(verb.head)):
            # "After A's army launched an offensive in B, C forces have agreed": a verb the parser joined to
            # the clause before with no "and" has its own subject, the noun right before it
            k = verb.i - 1
            while k > verb.head.i and verb.doc[k].dep_ in ("aux", "auxpass", "neg", "advmod"):
                k -= 1
            noun = verb.doc[k]
            if k > verb.head.i and noun.pos_ in ("NOUN", "PROPN") and noun.head.i != verb.i and (
                    verb.doc[k + 1].dep_ in ("aux", "auxpass")):
                return [noun] + list(_conjuncts(noun))
        raised = verb.dep_ == "xcomp"
        if verb.tag_ == "VBG" and verb.i > 0:
            before = verb.doc[verb.i - 1]
            if before.dep_ == "pobj" and before.pos_ in ("PROPN", "NOUN", "PRON") and before.head.head.i == verb.head.i:
                return [before]
        if verb.dep_ == "xcomp" and verb.head.i != verb.i:
            # Object control: "force Russia to negotiate", "urged Iran to talk": the object does it.
            obj = [c for c in _children(verb.head) if c.dep_ in ("dobj", "obj") and c.i < verb.i]
            if obj:
                return [obj[0]] + list(_conjuncts(obj[0]))
        if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acomp") and verb.head.i != verb.i:
            verb = verb.head
            if verb.dep_ == "prep" and verb.head.i != verb.i:  # "before being derailed" → the verb "before" hangs on
                verb = verb.head
            continue
        break
    return []


def _antecedents(relcl: Token) -> list[Token]:
    """What the relative pronoun of a relative clause stands for: the noun the clause hangs on, with its
    conjuncts, but only those after an "as well as" ("thanked Israel as well as Qatar and Egypt, who
    mediated": Qatar and Egypt mediated)."""
    head = relcl.head
    nouns = [head, *_conjuncts(head)]
    lowers = _parse(relcl.doc).lowers
    also = [c.i for n in nouns for c in _children(n)
            if c.dep_ == "cc" and c.i >= 2 and lowers[c.i - 2:c.i + 1] == ["as", "well", "as"]]
    if also and relcl.i > max(n.i for n in nouns):
        nouns = [n for n in nouns if n.i > max(also)] or nouns
    return nouns


def _passive_subject(verb: Token) -> list[Token]:
    for c in _children(verb):
        if c.dep_ == "nsubjpass":
            head = verb.head if c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else c
            return [head] + list(_conjuncts(head))
    if any(c.dep_ == "auxpass" for c in _children(verb)) and verb.dep_ in ("conj", "advcl", "pcomp", "xcomp"):
        head = verb.head.head if verb.head.dep_ == "prep" else verb.head
        subj = _subject(head) or _passive_subject(head)
        return subj
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "negotiations mediated by Qatar"
        return [verb.head]
    return []


def _conjuncts(token: Token) -> Iterable[Token]:
    for c in _children(token):
        if c.dep_ == "conj":
            yield c
            yield from _conjuncts(c)


def _pobjs(prep: Token) -> list[Token]:
    objs = [c for c in _children(prep) if c.dep_ in ("pobj", "pcomp")]
    for o in list(objs):
        objs.extend(_conjuncts(o))
    return objs


@_remembered
def _prep_children(token: Token) -> tuple[tuple[str, Token], ...]:
    """(preposition, object) pairs hanging on a token; "due to", "because of" are read as one."""
    out: list[tuple[str, Token]] = []
    for c in _children(token):
        if c.dep_ in ("prep", "agent", "dative"):
            word = c.lower_
            for o in _pobjs(c):
                if o.dep_ == "pcomp" and o.tag_ == "IN":  # "due to X": "to" is the pcomp
                    out.extend((f"{word} {o.lower_}", oo) for oo in _pobjs(o))
                else:
                    out.append((word, o))
    return tuple(out)


def _agents(verb: Token) -> list[Token]:
    """The objects of a passive participle's "by" ("signed by Chad and Niger"), also where the parse hangs
    the "by" on the object of a place or time phrase before it ("signed in Doha by Chad and Niger", "seized
    on Monday by the rebels"): a place or a day is done by no one."""
    out: list[Token] = []
    for word, obj in _prep_children(verb):
        if word == "by":
            out.append(obj)
        elif word in _SCENE_PREPS:
            out += [o for w, o in _prep_children(obj) if w == "by"]
    return out


# the prepositions of where and when a verb's act was done, whose object takes no "by" of its own (not
# "after", "during": "signed after a request by Egypt" names who asked, not who signed)
_SCENE_PREPS = frozenset({"in", "at", "on", "near"})


def _carrier(noun: Token, lex: Lexicon) -> Token | None:
    """The verb that carries a noun trigger ("conducting negotiations", "are in talks", "launched
    an offensive", "seeks to resume talks"), if it is a light verb."""
    token, hops = noun, 0
    while hops < 4 and token.dep_ in lex.carrier_deps and token.head.i != token.i:
        token = token.head
        hops += 1
        if token.dep_ == "prep" and token.lower_ not in lex.carrier_preps:
            return None  # "despite calls": the verb above does not carry the calls
        if token.pos_ in ("VERB", "AUX"):
            return token if _lemma(token) in lex.light_verbs else None
    return None


def _phrase_head(noun: Token, lex: Lexicon) -> Token:
    """The noun that stands for a noun trigger in its clause: the event head it modifies ("a mediation
    mission between A and B", "launched a mediation effort"), else the trigger itself."""
    if noun.dep_ == "compound" and noun.head.i != noun.i and _lemma(noun.head) in lex.event_heads:
        return noun.head
    return noun


@_remembered
def _path_up(token: Token) -> tuple[Token, ...]:
    """Ancestors from the token to the root of its sentence (the document's own Tokens, see _children)."""
    tokens, heads, i = doc_tokens(token.doc), doc_heads(token.doc), token.i
    out = []
    while (head := heads[i]) != i:
        out.append(tokens[head])
        i = head
    return tuple(out)



def _phrase_text(token: Token, limit: int = 6) -> str:
    words = [t for t in token.subtree if not t.is_punct or t.text == "-"][:limit]
    text = " ".join(t.text for t in words)
    return text.replace(" - ", "-").strip()

