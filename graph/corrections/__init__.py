"""The corrections stage: an analyst's curated facts, applied to the resolved corpus on every build.

resolve → ResolvedCorpus → **correct** → ResolvedCorpus (with ``.corrections``: what each correction did,
and the ones refused) → build graph. The interface is small:

- ``load(paths)``: the corrections of some TOML files (graph.corrections.parse), as Correction records;
- ``beside(inputs)``: the corrections files a corpus carries (``corrections.toml`` in an input folder, or
  in the folder of an input file);
- ``correct(corpus, corrections)``: the corpus corrected (graph.corrections.apply); the graph builder
  writes their provenance (graph.corrections.rdf);
- ``dumps(corrections)``: the corrections as one TOML text (what a store keeps, and hashes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from graph.corrections.apply import apply_corrections
from graph.corrections.parse import CorrectionsError, canonical, load_file, parse_text, to_toml
from graph.corrections.records import Correction, Problem, Report, Selector
from graph.ingest import CORRECTIONS as FILE_NAME
from graph.model import ResolvedCorpus

__all__ = ["FILE_NAME", "Correction", "CorrectionsError", "Problem", "Report", "Selector", "beside", "combine",
           "correct", "dumps", "load", "loads"]

HEADER = "# Corrections to the graph (Parley). Each [[correction]] names its target, who made it, when and why.\n"


def load(paths: Iterable[Path]) -> list[Correction]:
    """The corrections of these files, in order (the same correction in two files once)."""
    return combine(load_file(Path(p)) for p in paths)


def loads(text: str, origin: str) -> list[Correction]:
    return parse_text(text, origin)


def combine(groups: Iterable[Sequence[Correction]]) -> list[Correction]:
    """Corrections from several files as one list: one that two files carry alike counts once; two that share
    a name but say different things are an error naming both."""
    out: dict[str, Correction] = {}
    for group in groups:
        for correction in group:
            first = out.get(correction.name)
            if first is None:
                out[correction.name] = correction
            elif canonical(first) != canonical(correction):
                raise CorrectionsError(f"{correction.origin}: the name {correction.name!r} is taken by another "
                                       f"correction ({first.origin}); names must be unique")
    return list(out.values())


def beside(inputs: Iterable[Path]) -> list[Path]:
    """The corrections files a corpus carries: FILE_NAME in an input folder, or beside an input file."""
    found: list[Path] = []
    for path in map(Path, inputs):
        candidate = (path if path.is_dir() else path.parent) / FILE_NAME
        if candidate.is_file() and candidate.resolve() not in {p.resolve() for p in found}:
            found.append(candidate)
    return found


def correct(corpus: ResolvedCorpus, corrections: Sequence[Correction] | None) -> ResolvedCorpus:
    """The corpus with the corrections applied (as it is, with none)."""
    if not corrections:
        return corpus
    return apply_corrections(corpus, corrections)


def dumps(corrections: Sequence[Correction]) -> str:
    """The corrections as one TOML text, in their order (read back by ``loads``, it gives them again)."""
    return HEADER + "".join("\n" + to_toml(c) for c in corrections)
