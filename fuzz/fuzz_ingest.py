"""Coverage-guided fuzzing of the ingest path: bytes → decode → JSON Lines / HTML / text → cleaning.

Run (libFuzzer flags after the script; see fuzz/README.md):

    .venv/bin/python fuzz/fuzz_ingest.py -max_total_time=60 fuzz/seeds

The first byte of an input picks the kind of file (.txt, .jsonl, .html); the rest is its content.
A finding is any exception other than InputError, or a broken invariant of what ingest promises
the later stages: text that UTF-8 can hold, cleaning that keeps every offset.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import html.parser  # noqa: F401  (instrumented too: the fallback HTML extraction runs on it)
    import json  # noqa: F401

    from graph.clean import clean_document
    from graph.errors import InputError
    from graph.ingest import IngestOptions, iter_documents

SUFFIXES = (".txt", ".jsonl", ".html")
WORK = Path(tempfile.mkdtemp(prefix="parley-fuzz-"))
OPTIONS = IngestOptions(max_bytes=1 << 20, max_chars=1 << 20)


def check(data: bytes) -> None:
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    path = WORK / f"input{suffix}"
    path.write_bytes(data[1:])
    errors: list[InputError] = []
    for doc in iter_documents([path], errors.append, OPTIONS):
        doc.text.encode("utf-8")  # raises on a lone surrogate: outputs are UTF-8
        doc.id.encode("utf-8")
        for value in (doc.title, doc.url, doc.outlet, doc.language):
            if value is not None:
                value.encode("utf-8")
        if not doc.text.strip():
            raise AssertionError(f"an empty document got through: {doc!r}")
        cleaned = clean_document(doc)
        if len(cleaned.analysis_text) != len(doc.text):
            raise AssertionError("cleaning changed the text's length: offsets would be wrong")
        for span in cleaned.body:
            if not 0 <= span.begin <= span.end <= len(doc.text):
                raise AssertionError(f"body span {span} outside the text")
        for index, char in enumerate(cleaned.analysis_text):
            if char == "\n" and doc.text[index] != "\n":
                raise AssertionError("cleaning invented a line break")
    for error in errors:
        if not str(error).startswith(str(path)) or "\n" in str(error):
            raise AssertionError(f"an error message does not name the file on one line: {error}")


def main(argv: list[str]) -> None:
    atheris.Setup(argv, check)
    try:
        atheris.Fuzz()
    finally:
        for child in WORK.iterdir():
            child.unlink()
        os.rmdir(WORK)


if __name__ == "__main__":
    main(sys.argv)
