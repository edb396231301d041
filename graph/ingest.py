"""The ingest stage: files and folders → SourceDocument, with the text exactly as read.

Inputs: ``.txt`` (metadata from a folder's ``manifest.jsonl`` or a sidecar ``NAME.json``),
``.jsonl`` (one record a line: id, text, optional title, url, outlet, published) and
``.html``/``.htm`` (the article's main text is extracted with trafilatura, or the standard library's
parser when trafilatura finds none; that text is the document, and the page's title, date, site name
and address fill the metadata the manifest or sidecar leaves empty).

A bad file or record never stops the others: it is reported as an InputError to
``on_error`` and skipped. Errors that leave nothing to build are raised by the caller.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from graph.errors import InputError, InputNotice, ParleyError
from graph.html_text import extract_main_text
from graph.model import SourceDocument

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
READABLE = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
MANIFEST = "manifest.jsonl"
CORRECTIONS = "corrections.toml"  # an analyst's corrections to the graph (graph.corrections), not a document
METADATA_FIELDS = ("title", "url", "outlet", "published", "language")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # per file; a JSON Lines file is checked per record
# The NLP parses a document whole, and spaCy refuses texts over its max_length (1,000,000 characters)
# because memory grows with the length; a longer document is reported, not passed on to crash the build.
MAX_CHARS = 1_000_000
LONE_SURROGATE = re.compile("[\ud800-\udfff]")

ErrorHandler = Callable[[InputError], None]


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_chars: int = MAX_CHARS


def raise_error(error: InputError) -> None:
    raise error


def parse_date(value: object, origin: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError(origin, f"'published' must be a date string (YYYY-MM-DD), not {_json_kind(value)}")
    text = value.strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        raise InputError(origin, f"'published' is not a date (YYYY-MM-DD): {text[:40]!r}")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InputError(origin, f"'published' is not a valid date: {text[:40]!r}") from None


def check_unicode(value: str, origin: str, name: str) -> str:
    """JSON can escape a lone surrogate (\\ud800), which no UTF-8 output can hold: refuse it here."""
    match = LONE_SURROGATE.search(value)
    if match:
        raise InputError(origin, f"'{name}' holds a lone surrogate (\\u{ord(match[0]):04x} at character "
                                 f"{match.start()}), which is not valid Unicode")
    return value


def load_json(text: str) -> object:
    """json.loads, with every way a hostile record can make it fail as a ValueError with a plain reason.

    Deep nesting raises RecursionError, and an integer of more than 4,300 digits a ValueError that is
    no JSONDecodeError (CPython's limit on int-to-str conversion); neither may end a build.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
        raise ValueError(f"malformed JSON ({exc.msg} at {where})") from None
    except RecursionError:
        raise ValueError("malformed JSON (nested too deeply)") from None
    except ValueError as exc:
        raise ValueError(f"malformed JSON ({str(exc).split(';')[0]})") from None


def _id_field(record: dict, origin: str) -> str | None:
    """The record's 'id' as text: a string, or a whole number (17 → "17"); None if it gives none.

    A list, object, boolean or fraction is refused: str() of it ("['a']", "True") would make an id
    nobody wrote.
    """
    value = record.get("id")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(origin, f"'id' must be a string or a whole number, not {_json_kind(value)}")


def _json_kind(value: object) -> str:
    return {bool: "a boolean", list: "a list", dict: "an object", float: "a fraction"}.get(
        type(value), type(value).__name__)


def _metadata(record: dict, origin: str) -> dict:
    meta = {}
    for name in METADATA_FIELDS:
        value = record.get(name)
        if value is None or value == "":
            continue
        if name == "published":
            meta[name] = parse_date(value, origin)
        elif isinstance(value, str):
            meta[name] = check_unicode(value, origin, name).strip()
        else:
            raise InputError(origin, f"'{name}' must be a string, not {_json_kind(value)}")
    return meta


def decode(data: bytes, origin: str) -> str:
    """UTF-8 only (a BOM is dropped). Binary and other encodings are refused, not guessed."""
    if not data.strip():
        raise InputError(origin, "the file is empty")
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        # (UTF-32 LE first: its mark begins with UTF-16 LE's.) Such text is full of NUL bytes, and was
        # called binary; it is text, in an encoding Parley does not guess.
        if data.startswith(bom):
            raise InputError(origin, f"the file is {name} text (it begins with a {name} byte order mark); "
                                     f"text must be UTF-8: convert it first (iconv -f {name} -t UTF-8)")
    if b"\x00" in data[:8192]:
        raise InputError(origin, "the file is binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(origin, f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
                                 "convert it to UTF-8 first") from None
    if not text.strip():  # str.strip() also drops the separators U+001C–U+001F and Unicode spaces
        raise InputError(origin, "the file is empty (it holds only whitespace)")
    return text


def _read_bytes(path: Path, options: IngestOptions) -> bytes:
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise InputError(str(path), f"the file is {size:,} bytes, over the limit of {options.max_bytes:,} "
                                        "(raise it with --max-bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None


def read_manifest(folder: Path, on_error: ErrorHandler) -> dict[str, dict]:
    """manifest.jsonl: file name (``path``) → its record."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        on_error(InputError(str(path), f"cannot be read ({exc.strerror or exc}); its metadata is not used"))
        return {}
    out: dict[str, dict] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = load_json(line)
            if not isinstance(record, dict) or not isinstance(record.get("path") or record.get("id"), str):
                raise ValueError("a record needs a 'path' or an 'id', as a string")
        except ValueError as exc:
            on_error(InputError(f"{path}:{number}", f"malformed manifest record ({exc})"))
            continue
        out[record.get("path") or record["id"] + ".txt"] = record
    return out


def _read_sidecar(path: Path) -> dict:
    """NAME.json beside NAME.txt or NAME.html: its metadata, or {} if there is none."""
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return {}
    try:
        extra = load_json(sidecar.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(sidecar), f"cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:  # (a UnicodeDecodeError too)
        raise InputError(str(sidecar), f"malformed metadata ({exc})") from None
    if not isinstance(extra, dict):
        raise InputError(str(sidecar), "malformed metadata (not a JSON object)")
    return extra


def read_text_file(path: Path, record: dict | None, options: IngestOptions) -> SourceDocument:
    origin = str(path)
    text = decode(_read_bytes(path, options), origin)
    record = {**_read_sidecar(path), **(record or {})}
    doc_id = _id_field(record, origin) or path.stem
    return SourceDocument(id=doc_id, text=text, origin=origin, **_metadata(record, origin))


def read_html_file(path: Path, record: dict | None, options: IngestOptions) -> SourceDocument:
    origin = str(path)
    html = decode(_read_bytes(path, options), origin)
    extracted = extract_main_text(html)
    if not extracted.text.strip():
        raise InputError(origin, "no article text found in the HTML")
    record = {**_read_sidecar(path), **(record or {})}
    # What the page says of itself fills only the fields that the manifest and the sidecar leave empty:
    # they are the user's word, the page's markup is the publisher's (and may be stale or wrong).
    page = {"title": extracted.title, "published": extracted.published, "outlet": extracted.site_name,
            "url": extracted.url}
    for name, value in page.items():
        if value and not record.get(name):
            record[name] = check_unicode(value, origin, name)
    doc_id = _id_field(record, origin) or path.stem
    return SourceDocument(id=doc_id, text=extracted.text, origin=origin, **_metadata(record, origin))


def read_jsonl(path: Path, on_error: ErrorHandler, options: IngestOptions) -> Iterator[SourceDocument]:
    """One document per line. A malformed line is reported with its line number and skipped."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        on_error(InputError(str(path), f"cannot be read ({exc.strerror or exc})"))
        return
    seen_any = False
    with handle:
        for number, raw in enumerate(handle, 1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            seen_any = True
            try:
                if len(raw) > options.max_bytes:
                    raise InputError(origin, f"the record is {len(raw):,} bytes, over the limit of "
                                             f"{options.max_bytes:,}")
                try:
                    line = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise InputError(origin, "not valid UTF-8") from None
                try:
                    record = load_json(line)
                except ValueError as exc:
                    raise InputError(origin, str(exc)) from None
                if not isinstance(record, dict):
                    raise InputError(origin, "a record must be a JSON object with 'id' and 'text'")
                text = record.get("text")
                if not isinstance(text, str) or not text.strip():
                    raise InputError(origin, "the record has no 'text' (or it is empty)")
                doc_id = _id_field(record, origin) or f"{path.stem}-{number}"
                check_unicode(text, origin, "text")
                yield SourceDocument(id=doc_id, text=text, origin=origin, **_metadata(record, origin))
            except InputError as error:
                on_error(error)
    if not seen_any:
        on_error(InputError(str(path), "the file is empty"))


def _files_in(folder: Path, on_error: ErrorHandler) -> list[Path]:
    """The readable files under ``folder``, hidden ones (and those in hidden folders) left out.

    os.walk rather than Path.rglob: rglob passes over a subfolder it may not read without a word,
    and the documents in it would be missing from the graph with nobody told.
    """
    def unreadable(exc: OSError) -> None:
        on_error(InputError(str(exc.filename or folder), f"the folder cannot be read ({exc.strerror or exc}); "
                                                         "its files are skipped"))

    found = []
    others: Counter[str] = Counter()  # files of kinds Parley does not read, by suffix: said, not dropped silently
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            suffix = Path(name).suffix.lower()
            if name.startswith(".") or name == MANIFEST or (name == CORRECTIONS and Path(root) == Path(folder)):
                continue
            if suffix in READABLE:
                found.append(Path(root, name))
            elif suffix != ".json":  # NAME.json is a sidecar: metadata of NAME.txt
                others[suffix or "no suffix"] += 1
    if others:
        n = sum(others.values())
        kinds = ", ".join(f"{suffix} ×{count}" if count > 1 else suffix for suffix, count in sorted(others.items()))
        on_error(InputNotice(str(folder), f"{n} file{'s' if n != 1 else ''} of other kinds not read ({kinds}); "
                                          f"Parley reads {', '.join(sorted(READABLE))}"))
    return sorted(p for p in found if p.is_file())


def free_id(doc_id: str, taken: Container[str]) -> str:
    """The id a second text under ``doc_id`` gets: ``doc_id~2`` (or ~3, … the first not taken).

    A build gives it to the second of two inputs with one id; ``parley merge`` to the second of two
    stores' documents, so both keep every text, under the same ids."""
    number = 2
    while f"{doc_id}~{number}" in taken:
        number += 1
    return f"{doc_id}~{number}"


def iter_documents(inputs: Iterable[Path], on_error: ErrorHandler = raise_error,
                   options: IngestOptions | None = None) -> Iterator[SourceDocument]:
    """Every document of the inputs, in a stable order (inputs as given, folders sorted).

    Ids name graph nodes, so they are unique: a second text under a used id gets a new id (with a
    notice); the same document read twice is skipped.
    """
    options = options or IngestOptions()
    seen: dict[str, tuple[str, int]] = {}
    for path in map(Path, inputs):
        if not path.exists():
            on_error(InputError(str(path), "no such file or folder"))
            continue
        if path.is_dir():
            manifest = read_manifest(path, on_error)
            files = _files_in(path, on_error)
            if not files:
                on_error(InputError(str(path), "the folder holds no .txt, .jsonl or .html file"))
            units = [(f, manifest.get(str(f.relative_to(path))) or manifest.get(f.name)) for f in files]
        elif path.suffix.lower() in READABLE:
            units = [(path, read_manifest(path.parent, on_error).get(path.name))]
        else:
            on_error(InputError(str(path), f"unknown kind of file {path.suffix or '(no extension)'!r}; "
                                           "expected .txt, .jsonl or .html"))
            continue
        for file, record in units:
            for doc in _read_unit(file, record, on_error, options):
                if LONE_SURROGATE.search(doc.id):  # a JSON id (record, manifest or sidecar) may escape one
                    on_error(InputError(doc.origin, "the document id holds a lone surrogate, not valid Unicode"))
                    continue
                if len(doc.text) > options.max_chars:
                    on_error(InputError(doc.origin, f"the text is {len(doc.text):,} characters, over the limit of "
                                                    f"{options.max_chars:,} the NLP reads at once; split it"))
                    continue
                if doc.id in seen:
                    first_origin, first_hash = seen[doc.id]
                    if first_hash == hash(doc.text):
                        on_error(InputError(doc.origin, f"the same document as {first_origin} (id {doc.id!r})"))
                        continue
                    # Another text under a used id: keep it (nothing lost) under a new, stable id.
                    new_id = free_id(doc.id, seen)
                    on_error(InputNotice(doc.origin, f"document id {doc.id!r} was already used by {first_origin}; "
                                                     f"this one is {new_id!r}"))
                    doc = replace(doc, id=new_id)
                seen[doc.id] = (doc.origin, hash(doc.text))
                yield doc


def _read_unit(file: Path, record: dict | None, on_error: ErrorHandler,
               options: IngestOptions) -> Iterator[SourceDocument]:
    suffix = file.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(file, on_error, options)
        return
    try:
        if suffix in HTML_SUFFIXES:
            yield read_html_file(file, record, options)
        else:
            yield read_text_file(file, record, options)
    except InputError as error:
        on_error(error)


def default_corpus() -> Path:
    """The bundled sample corpus: five retellings of one Financial Times report."""
    path = Path(__file__).parent / "data" / "samples"
    if not path.is_dir():
        raise ParleyError(f"the bundled sample corpus is missing from {path}; reinstall parley")
    return path


def count_documents(paths: Iterable[Path]) -> int | None:
    """Documents to read, for the progress bar: a file each, a JSON Lines file one a non-blank line
    (counting lines reads the file once more, fast beside parsing it), the files of a folder as ingest
    finds them. None when a path cannot be read (the build itself then says what is wrong)."""
    def documents_in(path: Path) -> int:
        if path.suffix.lower() not in JSONL_SUFFIXES:
            return 1
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())

    try:
        total = 0
        for path in paths:
            if path.is_dir():
                # the build itself reports what it cannot read
                total += sum(documents_in(p) for p in _files_in(path, lambda _: None))
            elif path.exists():
                total += documents_in(path)
        return total
    except OSError:
        return None
