"""What is no claim: the page furniture a cleaner may leave in an article's body.

A byline or credit ("(Reporting by A and B)", "Published By: A Published On: …"), a read counter
("This news has been read 265 times"), an author's note with a handle ("follow him on X @name") or a
sentence in another language carries no assertion about the world. The cues are data, in
graph/data/attribution.toml ([furniture]); they are word patterns, never names.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

DATA = Path(__file__).resolve().parent.parent / "data"


@functools.cache
def _patterns(path: Path = DATA / "attribution.toml") -> tuple[re.Pattern[str], int]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))["furniture"]
    return re.compile("|".join(f"(?:{p})" for p in data["patterns"])), int(data["min_words_for_language"])


def is_furniture(text: str) -> bool:
    """Is this unit's text a byline, credit, counter or note, or not English at all?"""
    pattern, min_words = _patterns()
    stripped = text.strip()
    if pattern.search(stripped):
        return True
    words = re.findall(r"[^\W\d_]+", stripped.lower())
    if len(words) < min_words or any(w in STOP_WORDS for w in words):
        return False
    # Several words with not one English function word, and letters English does not write, or so many
    # words that no headline is that terse: another language.
    return any(not c.isascii() for w in words for c in w) or len(words) >= 2 * min_words
