"""Corrections files (TOML) → Correction records, and one Correction → TOML (what ``parley correct`` appends).

A file is a list of ``[[correction]]`` tables; README ("Correcting the graph") shows each kind. A
problem in a file (bad TOML, an unknown kind or key, a missing who/when/why, a bad date) is one
error naming the file, the correction and the problem: a build never runs on half a file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from graph.corrections.records import (
    CHANGES,
    EDITS,
    EVENT_ROLES,
    MERGES,
    REMOVALS,
    SPLITS,
    STATUSES,
    Correction,
    Selector,
)
from graph.errors import ParleyError
from graph.model import ACTOR_KINDS, PLACE
from graph.namespaces import digest, slug

COMMON = ("name", "change", "by", "date", "note")
# The keys each kind of correction takes, beside COMMON and its target(s).
VALUES: dict[str, tuple[str, ...]] = {
    "actor": ("kind", "wikidata", "label"),
    "event": ("kind", "plover", "status", "begin", "end", "time", "add", "remove"),
    "claim": ("source", "via"),
}
SELECTOR_KEYS = ("label", "name", "kind", "document", "words", "with", "iri")
_QID = re.compile(r"Q[1-9][0-9]*")
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")


class CorrectionsError(ParleyError):
    """A corrections file that cannot be read as it stands."""


def load_file(path: Path) -> list[Correction]:
    """The corrections of one file, in its order."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CorrectionsError(f"{path}: no such corrections file") from None
    except UnicodeDecodeError:
        raise CorrectionsError(f"{path}: not UTF-8 text; a corrections file is TOML") from None
    except OSError as exc:
        raise CorrectionsError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return parse_text(text, str(path))


def parse_text(text: str, origin: str) -> list[Correction]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CorrectionsError(f"{origin}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - {"correction"})
    if unknown:
        raise CorrectionsError(f"{origin}: unknown table {unknown[0]!r}; a corrections file holds "
                               "[[correction]] tables only")
    tables = data.get("correction", [])
    if not isinstance(tables, list):
        raise CorrectionsError(f"{origin}: 'correction' must be an array of tables ([[correction]])")
    out: list[Correction] = []
    for number, table in enumerate(tables, 1):
        out.append(_correction(table, f"{origin}: correction {number}"))
    return out


def correction_from_table(table: dict, where: str) -> Correction:
    """One correction from its table (as a file's [[correction]] holds it), checked as a file's is."""
    return _correction(table, where)


def _correction(table: object, where: str) -> Correction:
    if not isinstance(table, dict):
        raise CorrectionsError(f"{where}: not a table")
    change = table.get("change")
    if change not in CHANGES:
        raise CorrectionsError(f"{where}: 'change' must be one of {', '.join(CHANGES)} (got {change!r})")
    name = table.get("name")
    if name is not None and (not isinstance(name, str) or not slug(name, 80) or not name.strip()):
        raise CorrectionsError(f"{where}: 'name' must be a non-empty string")
    origin, where = where, f"{where} ({name})" if name else where
    target_key = _target_key(change)
    allowed = {*COMMON, target_key, *VALUES.get(change, ())}
    for key in table:
        if key not in allowed:
            raise CorrectionsError(f"{where}: unknown key {key!r} for a {change!r} correction "
                                   f"(it takes {', '.join(sorted(allowed))})")
    by, note = _text(table, "by", where), _text(table, "note", where)
    date = _date(table.get("date"), "date", where, required=True)
    if target_key not in table:
        raise CorrectionsError(f"{where}: says no target ({target_key!r})")
    raw_targets = table[target_key]
    kind_of_target = _kind_of(change)
    if change in MERGES or change in SPLITS:
        if not isinstance(raw_targets, list) or len(raw_targets) < 2:
            raise CorrectionsError(f"{where}: {target_key!r} must list two or more {kind_of_target}s")
        targets = tuple(_selector(t, f"{where}: {target_key}[{i}]") for i, t in enumerate(raw_targets))
    else:
        targets = (_selector(raw_targets, f"{where}: {target_key}"),)
    fields, add, remove = _values(change, table, where)
    if change in EDITS and not (fields or add or remove):
        raise CorrectionsError(f"{where}: a {change!r} correction must change something "
                               f"({', '.join(VALUES[change])})")
    correction = Correction(name=name or "", change=change, targets=targets, by=by, date=date, note=note,
                            origin=origin, fields=fields, add=add, remove=remove)
    if not name:  # a name from what it says: the same correction has the same name in every file
        correction = _named(correction, f"{change}-{digest(canonical(correction), 8)}")
    return correction


def _named(correction: Correction, name: str) -> Correction:
    from dataclasses import replace

    return replace(correction, name=name)


def _target_key(change: str) -> str:
    kind = _kind_of(change)
    return kind + "s" if change in MERGES or change in SPLITS else kind


def _kind_of(change: str) -> str:
    return {**MERGES, **SPLITS, **REMOVALS, **EDITS}[change]


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        what = {"by": "who made it", "note": "why"}[key]
        raise CorrectionsError(f"{where}: {key!r} ({what}) must be a non-empty string")
    return value.strip()


def _date(value: object, key: str, where: str, *, required: bool = False, end: bool = False) -> dt.date | None:
    """A TOML date or an ISO string; for event times also "2024-08" or "2024" (its first or, with ``end``,
    last day)."""
    if value is None:
        if required:
            raise CorrectionsError(f"{where}: {key!r} (when it was made) is missing; write it as 2026-12-03")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
        match = _PARTIAL_DATE.fullmatch(value)
        if match and key != "date":
            year, month = int(match.group(1)), int(match.group(2) or 0)
            if 1 <= month <= 12 or not match.group(2):
                if not end:
                    return dt.date(year, month or 1, 1)
                month = month or 12
                return dt.date(year, month, calendar.monthrange(year, month)[1])
    raise CorrectionsError(f"{where}: {key!r} must be a date such as 2024-08-15 (got {value!r})")


def _selector(value: object, where: str) -> Selector:
    if isinstance(value, str):
        if not value.strip():
            raise CorrectionsError(f"{where}: an empty name")
        return Selector(label=value.strip())
    if not isinstance(value, dict):
        raise CorrectionsError(f"{where}: a selector is a name or a table such as "
                               "{ label = \"Qatar\", kind = \"State\" }")
    for key in value:
        if key not in SELECTOR_KEYS:
            raise CorrectionsError(f"{where}: unknown selector key {key!r} (known: {', '.join(SELECTOR_KEYS)})")
    if "label" in value and "name" in value:
        raise CorrectionsError(f"{where}: give 'label' or 'name', not both")
    strings = {}
    for key in ("label", "name", "kind", "document", "iri"):
        if key in value:
            if not isinstance(value[key], str) or not value[key].strip():
                raise CorrectionsError(f"{where}: {key!r} must be a non-empty string")
            strings[key] = value[key].strip()
    selector = Selector(label=strings.get("label") or strings.get("name"), kind=strings.get("kind"),
                        document=strings.get("document"), iri=strings.get("iri"),
                        words=_words(value.get("words"), f"{where}: words"),
                        with_=_names(value.get("with"), f"{where}: with"))
    if selector == Selector():
        raise CorrectionsError(f"{where}: the selector says nothing to find its target by")
    return selector


def _string_list(value: object, where: str, expected: str) -> list[str]:
    """A string or a list of non-empty strings, as a list ([] when absent)."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
        raise CorrectionsError(f"{where}: {expected}")
    return items


def _words(value: object, where: str) -> tuple[str, ...]:
    items = _string_list(value, where, "a string of words, or a list of them")
    words = tuple(w for item in items for w in re.findall(r"\w[\w'’-]*", item))
    if items and not words:
        raise CorrectionsError(f"{where}: no words")
    return words


def _names(value: object, where: str) -> tuple[str, ...]:
    return tuple(i.strip() for i in _string_list(value, where, "a name, or a list of names"))


def _values(change: str, table: dict, where: str):
    fields: list[tuple[str, object]] = []
    add: list[tuple[str, Selector]] = []
    remove: list[tuple[str, Selector]] = []
    if change == "actor":
        if "kind" in table:
            kinds = (*ACTOR_KINDS, PLACE)
            if table["kind"] not in kinds:
                raise CorrectionsError(f"{where}: 'kind' must be one of {', '.join(kinds)} (got {table['kind']!r})")
            fields.append(("kind", table["kind"]))
        if "wikidata" in table:
            qid = table["wikidata"]
            if not isinstance(qid, str) or not (qid == "" or _QID.fullmatch(qid)):
                raise CorrectionsError(f"{where}: 'wikidata' must be a Wikidata item such as \"Q212\" "
                                       f"(or \"\" for none; got {qid!r})")
            fields.append(("wikidata", qid))
        if "label" in table:
            fields.append(("label", _text_value(table, "label", where)))
    elif change == "event":
        if "kind" in table:
            fields.append(("kind", _text_value(table, "kind", where)))
        if "plover" in table:
            fields.append(("plover", _text_value(table, "plover", where).upper()))
        if "status" in table:
            if table["status"] not in STATUSES:
                raise CorrectionsError(f"{where}: 'status' must be one of {', '.join(STATUSES)} "
                                       f"(got {table['status']!r})")
            fields.append(("status", table["status"]))
        if "time" in table and ("begin" in table or "end" in table):
            raise CorrectionsError(f"{where}: give 'time', or 'begin' and 'end', not both")
        begin = _date(table.get("begin", table.get("time")), "begin" if "begin" in table else "time", where)
        end = _date(table.get("end", table.get("time")), "end" if "end" in table else "time", where, end=True)
        if begin and end and begin > end:
            raise CorrectionsError(f"{where}: the event would begin ({begin}) after it ends ({end})")
        if begin:
            fields.append(("begin", begin))
        if end:
            fields.append(("end", end))
        add = _roles(table.get("add"), f"{where}: add")
        remove = _roles(table.get("remove"), f"{where}: remove")
    elif change == "claim":
        if "source" in table:
            source = table["source"]
            fields.append(("source", None if source == "" else _selector(source, f"{where}: source")))
        if "via" in table:
            via = table["via"]
            if not isinstance(via, list):
                raise CorrectionsError(f"{where}: 'via' must list the intermediaries, outermost first ([] for none)")
            fields.append(("via", tuple(_selector(v, f"{where}: via[{i}]") for i, v in enumerate(via))))
    return tuple(fields), tuple(add), tuple(remove)


def _text_value(table: dict, key: str, where: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise CorrectionsError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _roles(value: object, where: str) -> list[tuple[str, Selector]]:
    if value is None:
        return []
    if not isinstance(value, dict) or not value:
        raise CorrectionsError(f"{where}: a table of roles, such as {{ mediator = [\"Qatar\"] }}")
    out = []
    for role, items in value.items():
        if role not in EVENT_ROLES:
            raise CorrectionsError(f"{where}: unknown role {role!r} (roles: {', '.join(EVENT_ROLES)})")
        for i, item in enumerate(items if isinstance(items, list) else [items]):
            out.append((role, _selector(item, f"{where}: {role}[{i}]")))
    return out


# ------------------------------------------------------------------ writing one back


def canonical(correction: Correction) -> str:
    """What a correction says, as one deterministic string (not where it was read): its default name's
    digest, and how two copies of one correction are known to be the same."""
    return json.dumps(_as_table(correction, named=False), sort_keys=True, ensure_ascii=False, default=str)


def _selector_table(selector: Selector) -> dict | str:
    table: dict = {}
    for key, value in (("label", selector.label), ("kind", selector.kind), ("document", selector.document),
                       ("iri", selector.iri)):
        if value:
            table[key] = value
    if selector.words:
        table["words"] = " ".join(selector.words)
    if selector.with_:
        table["with"] = list(selector.with_)
    return table["label"] if list(table) == ["label"] else table


def _as_table(correction: Correction, named: bool = True) -> dict:
    table: dict = {"name": correction.name} if named and correction.name else {}
    table["change"] = correction.change
    key = _target_key(correction.change)
    selectors = [_selector_table(s) for s in correction.targets]
    table[key] = selectors if key.endswith("s") else selectors[0]
    for name, value in correction.fields:
        if isinstance(value, Selector):
            value = _selector_table(value)
        elif isinstance(value, tuple):
            value = [_selector_table(v) for v in value]
        elif value is None:
            value = ""
        table[name] = value
    for word, pairs in (("add", correction.add), ("remove", correction.remove)):
        if pairs:
            roles: dict[str, list] = {}
            for role, selector in pairs:
                roles.setdefault(role, []).append(_selector_table(selector))
            table[word] = roles
    table.update(by=correction.by, date=correction.date, note=correction.note)
    return table


def to_toml(correction: Correction) -> str:
    """One ``[[correction]]`` table, in the order a reader expects (name, change, target, values, who/when/why)."""
    lines = ["[[correction]]"]
    for key, value in _as_table(correction).items():
        lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Iterable):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def selector_toml(selector: Selector) -> str:
    """A selector as a TOML value (inline table or string), as a corrections file writes it."""
    return _toml_value(_selector_table(selector))
