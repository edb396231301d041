"""A synthetic corpus for the benchmarks, made by recombining the sentences of the sample corpus.

The five seed articles (graph/data/samples) give a pool of body sentences. Each synthetic article
takes a title and 3–7 paragraphs of 2–5 sentences from the pool, at random, and varies what a
growing real corpus varies: the states (each seed state is mapped to another state of the
gazetteer, with its demonyms), the named people (replaced by invented names from
benchmarks/data/names.toml, so larger corpora hold more distinct actors), the months and years,
the outlet and the publication date. Everything is drawn from ``random.Random(seed, index)``, so
a corpus is the same on every run and article i does not depend on how many are generated.

The text is real news English (the sentences are), the combinations are not: the benchmarks
measure cost, not quality. ``python benchmarks/synth.py 1000 -o corpus.jsonl`` writes one as JSON
Lines; ``-o corpus/`` (any name without .jsonl) a folder of NAME.txt files with their manifest.jsonl.
Either is what ``parley build`` reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import random
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.clean import clean_document  # noqa: E402
from graph.gazetteer import load_gazetteer  # noqa: E402
from graph.ingest import default_corpus, iter_documents  # noqa: E402

NAMES = Path(__file__).parent / "data" / "names.toml"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SENTENCE = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)]))\s+(?=[\"“A-Z0-9])")


@functools.cache
def sentence_pool() -> tuple[str, ...]:
    """Body sentences of the sample corpus (boilerplate dropped by the cleaning stage), in order."""
    pool: list[str] = []
    for doc in iter_documents([default_corpus()], lambda e: None):
        cleaned = clean_document(doc)
        for region in cleaned.body:
            for line in doc.text[region.begin:region.end].splitlines():
                for sentence in SENTENCE.split(line.strip()):
                    if len(sentence.split()) >= 5:
                        pool.append(sentence)
    return tuple(pool)


@functools.cache
def _names() -> dict:
    return tomllib.loads(NAMES.read_text(encoding="utf-8"))


@functools.cache
def _vocabulary() -> tuple[list, list, list]:
    """(seed states found in the pool, every state with a demonym, seed people found in the pool)."""
    text = " ".join(sentence_pool())
    gazetteer = load_gazetteer()
    states = [e for e in gazetteer.entries.values() if e.kind == "State" and e.demonyms]
    seen_states = [e for e in states if re.search(rf"\b{re.escape(e.label)}\b", text)]
    people = [e for e in gazetteer.entries.values() if e.kind == "Person"
              and any(re.search(rf"\b{re.escape(n)}\b", text) for n in e.names)]
    return seen_states, states, people


def _substitutions(rng: random.Random) -> dict[str, str]:
    seen_states, states, people = _vocabulary()
    names = _names()
    table: dict[str, str] = {}
    targets = rng.sample(states, len(seen_states))
    for source, target in zip(seen_states, targets, strict=True):
        table[source.label] = target.label
        for i, demonym in enumerate(source.demonyms):
            if len(demonym) > 3:  # not "US", "U.S."
                table[demonym] = target.demonyms[min(i, len(target.demonyms) - 1)]
    for person in people:
        first, last = rng.choice(names["first_names"]), rng.choice(names["last_names"])
        for name in person.names:
            table[name] = last if len(name.split()) == 1 else f"{first} {last}"
    months = MONTHS[:]
    rng.shuffle(months)
    table.update(zip(MONTHS, months, strict=True))
    return table


def _apply(text: str, table: dict[str, str], pattern: re.Pattern, year_shift: int) -> str:
    text = pattern.sub(lambda m: table[m.group(0)], text)
    return re.sub(r"\b(20[0-3]\d)\b", lambda m: str(int(m.group(1)) + year_shift), text)


def article(index: int, seed: int = 7) -> dict:
    """The synthetic article number ``index`` (a manifest-style record: id, title, outlet, published, text)."""
    rng = random.Random(f"{seed}:{index}")
    pool = sentence_pool()
    table = _substitutions(rng)
    # A name ends before a non-word character or an apostrophe (the seeds write "Ukraineʼs", and ʼ is a letter).
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
                         + r")(?=[ʼ’']|\W|$)")
    year_shift = rng.randint(-5, 1)
    paragraphs = []
    for _ in range(rng.randint(3, 7)):
        start = rng.randrange(len(pool))
        size = rng.randint(2, 5)
        # Neighbouring sentences keep some of the seed's discourse (pronouns, "the talks").
        paragraphs.append(" ".join(_apply(pool[(start + k) % len(pool)], table, pattern, year_shift)
                                   for k in range(size)))
    title = re.sub(r"[.!?…]+$", "", paragraphs[0].split(". ")[0])[:140]
    published = dt.date(2024 + year_shift, 1, 1) + dt.timedelta(days=rng.randrange(365))
    return {
        "id": f"synth-{seed}-{index:06d}",
        "title": title,
        "outlet": rng.choice(_names()["outlets"]),
        "published": published.isoformat(),
        "text": title + "\n\n" + "\n\n".join(paragraphs) + "\n",
    }


def generate(count: int, seed: int = 7) -> Iterator[dict]:
    for index in range(count):
        yield article(index, seed)


def write_corpus(path: Path, count: int, seed: int = 7) -> Path:
    """A JSON Lines corpus of ``count`` synthetic articles (reused if it exists with that many lines)."""
    path = Path(path)
    if path.is_file():
        with open(path, encoding="utf-8") as handle:
            if sum(1 for _ in handle) == count:
                return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        for record in generate(count, seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def write_folder(folder: Path, count: int, seed: int = 7) -> Path:
    """A folder of ``count`` synthetic articles, NAME.txt each, their metadata in manifest.jsonl: the
    layout ``parley build FOLDER`` reads (the manifest written last, so a stopped run leaves no manifest
    naming files that are not there)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for record in generate(count, seed):
        name = f"{record['id']}.txt"
        (folder / name).write_text(record["text"], encoding="utf-8")
        records.append({"path": name, **{k: record[k] for k in ("id", "title", "outlet", "published")}})
    tmp = folder / ".manifest.jsonl.tmp"
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    tmp.replace(folder / "manifest.jsonl")
    return folder


def write(out: Path, count: int, seed: int = 7) -> Path:
    """JSON Lines when ``out`` ends in .jsonl or .ndjson, else a folder (a bare name once became a file
    with no suffix, which ``parley build`` refuses as an unknown kind of file)."""
    if out.suffix.lower() in (".jsonl", ".ndjson"):
        return write_corpus(out, count, seed)
    if out.suffix and not out.is_dir():
        raise SystemExit(f"synth.py: -o {out}: give a .jsonl file or a folder, as parley build reads them")
    return write_folder(out, count, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("-o", "--out", type=Path, required=True,
                        help="a .jsonl file, or a folder (of NAME.txt files and their manifest.jsonl)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    out = write(args.out, args.count, args.seed)
    print(f"{args.count} articles → {out} (build it with: parley build {out})")


if __name__ == "__main__":
    main()
