"""Add a correction to a corrections file (default: corrections.toml here; put it in the corpus folder,
or pass it to build, merge and store updates with --corrections). CHANGE is one of same-actor,
different-actors, not-actor, actor, same-event, different-events, not-event, event, not-claim, claim.
A target (--actor, --event, --claim) is a name, or selector words: 'label=Qatar kind=State',
'kind=Summit document=003 words="peace summit"', 'kind=Negotiation with=Russia,Ukraine'. The
correction is checked as a build reads it, and appended with who made it, when and why."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import shlex
from pathlib import Path

from graph.corrections import FILE_NAME, combine, load, loads
from graph.corrections.parse import SELECTOR_KEYS, CorrectionsError, canonical, correction_from_table, to_toml
from graph.corrections.records import CHANGES, EVENT_ROLES
from graph.errors import ParleyError
from graph.fileio import atomic_write_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("change", choices=CHANGES, metavar="CHANGE", help=f"what to correct: {', '.join(CHANGES)}")
    parser.add_argument("-f", "--file", type=Path, default=Path(FILE_NAME),
                        help=f"the corrections file to add to (created if needed; default: ./{FILE_NAME})")
    parser.add_argument("--name", help="a name for it (default: one made from what it says)")
    parser.add_argument("--by", default=None, help="who makes it (default: $PARLEY_ANALYST, else the login name)")
    parser.add_argument("--date", default=None, help="when (YYYY-MM-DD; default: today, UTC)")
    parser.add_argument("--note", required=True, help="why: what the analyst saw")
    targets = parser.add_argument_group("targets (selector words, or a name)")
    targets.add_argument("--actor", action="append", default=[], metavar="SEL",
                         help="an actor or place (twice or more for same-actor and different-actors)")
    targets.add_argument("--event", action="append", default=[], metavar="SEL",
                         help="an event (twice or more for same-event and different-events)")
    targets.add_argument("--claim", metavar="SEL", help="a claim (with document=ID: its report in that document)")
    values = parser.add_argument_group("values")
    values.add_argument("--kind", help="actor: State, Organization, Person, NewsOutlet, AnonymousSource, Actor, "
                                       "Place; event: its class (Negotiation, Attack, …)")
    values.add_argument("--label", help="actor: its canonical name")
    values.add_argument("--wikidata", help="actor: its Wikidata item (Q…; '' for none)")
    values.add_argument("--plover", help="event: its PLOVER category (default: the kind's)")
    values.add_argument("--status", help="event: asserted, negated, hypothetical or planned")
    values.add_argument("--time", help="event: when (2024-08-15, 2024-08 or 2024)")
    values.add_argument("--begin", help="event: first day")
    values.add_argument("--end", help="event: last day")
    values.add_argument("--add", action="append", default=[], metavar="ROLE=SEL",
                        help=f"event: add a participant in a role ({', '.join(EVENT_ROLES)}); repeatable")
    values.add_argument("--remove", action="append", default=[], metavar="ROLE=SEL",
                        help="event: remove a participant from a role; repeatable")
    values.add_argument("--source", metavar="SEL", help="claim: who it comes from ('' for the document's own voice)")
    values.add_argument("--via", action="append", default=None, metavar="SEL",
                        help="claim: an intermediary, outermost first; repeatable")
    values.add_argument("--no-via", action="store_true", help="claim: no intermediaries")


def selector(words: str, where: str) -> dict | str:
    """Selector words ('label=Qatar kind=State') → a selector table; anything else is a name."""
    try:
        tokens = shlex.split(words)
    except ValueError as exc:
        raise ParleyError(f"{where}: cannot read {words!r} ({exc})") from None
    pairs = [token.partition("=") for token in tokens]
    if not tokens or not all(sep and key in SELECTOR_KEYS for key, sep, _ in pairs):
        return words.strip()
    table: dict = {}
    for key, _, value in pairs:
        if key == "with":
            table.setdefault("with", []).extend(v.strip() for v in value.split(",") if v.strip())
        elif key in table:
            raise ParleyError(f"{where}: {key!r} given twice in {words!r}")
        else:
            table[key] = value
    return table


def _table(args: argparse.Namespace) -> dict:
    table: dict = {"change": args.change}
    if args.name:
        table["name"] = args.name
    target = {"same-actor": "actors", "different-actors": "actors", "same-event": "events",
              "different-events": "events"}.get(args.change) or args.change.removeprefix("not-")
    given = {"actor": args.actor, "event": args.event, "claim": [args.claim] if args.claim else []}
    for kind, values in given.items():
        if values and not target.startswith(kind):
            raise ParleyError(f"a {args.change} correction takes no --{kind}")
    chosen = [selector(s, f"--{target.rstrip('s')}") for s in given[target.rstrip("s")]]
    if chosen:
        table[target] = chosen if target.endswith("s") else chosen[0]
    for name in ("kind", "label", "wikidata", "plover", "status", "time", "begin", "end"):
        if getattr(args, name) is not None:
            table[name] = getattr(args, name)
    for word in ("add", "remove"):
        roles: dict[str, list] = {}
        for item in getattr(args, word):
            role, sep, sel = item.partition("=")
            if not sep:
                raise ParleyError(f"--{word}: {item!r} is not ROLE=SEL (e.g. mediator=Qatar)")
            roles.setdefault(role.strip(), []).append(selector(sel, f"--{word}"))
        if roles:
            table[word] = roles
    if args.source is not None:
        table["source"] = selector(args.source, "--source") if args.source.strip() else ""
    if args.no_via and args.via:
        raise ParleyError("give --via or --no-via, not both")
    if args.no_via or args.via:
        table["via"] = [selector(v, "--via") for v in args.via or []]
    table["by"] = args.by or os.environ.get("PARLEY_ANALYST") or getpass.getuser()
    table["date"] = args.date or dt.datetime.now(dt.UTC).date().isoformat()
    table["note"] = args.note
    return table


def run(args: argparse.Namespace) -> int:
    correction = correction_from_table(_table(args), "the command line")
    path: Path = args.file
    before = ""
    if path.exists():
        load([path])  # a file that does not read now is said now, before anything is added to it
        before = path.read_text(encoding="utf-8")
    if any(canonical(c) == canonical(correction) for c in (loads(before, str(path)) if before else [])):
        raise ParleyError(f"not added: {path} holds this correction already")
    text = before + ("\n" if before and not before.endswith("\n\n") else "") + to_toml(correction)
    try:
        combine([loads(text, str(path))])
    except CorrectionsError as exc:
        raise ParleyError(f"not added: {exc}") from None
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        raise ParleyError(f"{path}: cannot write ({exc.strerror or exc})") from None
    print(f"Added correction {correction.name!r} to {path}:\n\n{to_toml(correction)}")
    return 0
