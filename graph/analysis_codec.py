"""Lossless JSON round-trip of the pipeline's data classes (graph.model), DocumentAnalysis first.

The store keeps each document's analysis so that adding one document can re-resolve the whole
corpus without re-running the NLP. The codec is generic: it walks the dataclasses' type hints,
so a field added to graph/model.py is carried without touching this module. Dates travel as
ISO strings, tuples and sets as JSON arrays (sets sorted, so equal analyses give equal bytes).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, TypeVar, Union

from graph import model
from graph.errors import ParleyError

CODEC_VERSION = 1
T = TypeVar("T")

__all__ = ["CODEC_VERSION", "to_jsonable", "from_jsonable", "dumps_analysis", "loads_analysis", "CodecError"]


class CodecError(ParleyError):
    """A cached analysis cannot be decoded (written by another version, or damaged)."""


def to_jsonable(value: Any) -> Any:
    """Data classes → dicts, dates → ISO strings, tuples → lists, sets → sorted lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)) or (isinstance(value, Sequence) and not isinstance(value, (str, bytes))):
        return [to_jsonable(v) for v in value]  # (a StoredList of graph.resolve.records too)
    if isinstance(value, (set, frozenset)):
        items = [to_jsonable(v) for v in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    if isinstance(value, Mapping):  # a dict, or a StoredMapping
        if all(isinstance(k, str) for k in value):
            return {k: to_jsonable(v) for k, v in value.items()}
        # Non-string keys cannot be JSON object keys: keep the pairs.
        return [[to_jsonable(k), to_jsonable(v)] for k, v in value.items()]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot encode {type(value).__name__}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model) | vars(typing) | {"dt": dt})


def from_jsonable(data: Any, hint: Any) -> Any:
    """The inverse of to_jsonable, guided by the type ``hint`` (a class or a typing form)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any:
        return data
    if origin in (Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        for arg in args:
            if arg is type(None):
                continue
            try:
                return from_jsonable(data, arg)
            except (TypeError, ValueError, KeyError):
                continue
        raise ValueError(f"{data!r} matches none of {hint}")
    if dataclasses.is_dataclass(hint):
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {hint.__name__}")
        hints = _hints(hint)
        kwargs = {f.name: from_jsonable(data[f.name], hints[f.name])
                  for f in dataclasses.fields(hint) if f.init and f.name in data}
        return hint(**kwargs)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_jsonable(v, args[0]) for v in data)
        if len(args) != len(data):
            raise ValueError(f"expected {len(args)} items, got {len(data)}")
        return tuple(from_jsonable(v, a) for v, a in zip(data, args, strict=True))
    if origin in (list, Sequence):
        return [from_jsonable(v, args[0] if args else Any) for v in data]
    if origin in (set, frozenset):
        items = (from_jsonable(v, args[0] if args else Any) for v in data)
        return set(items) if origin is set else frozenset(items)
    if origin in (dict, Mapping):
        key_hint, value_hint = args or (Any, Any)
        if isinstance(data, list):
            return {from_jsonable(k, key_hint): from_jsonable(v, value_hint) for k, v in data}
        return {from_jsonable(k, key_hint): from_jsonable(v, value_hint) for k, v in data.items()}
    if hint is dt.date:
        if not isinstance(data, str):
            raise TypeError("expected an ISO date")
        return dt.date.fromisoformat(data)
    if hint is dt.datetime:
        return dt.datetime.fromisoformat(data)
    if hint is type(None):
        if data is not None:
            raise TypeError("expected null")
        return None
    if hint in (str, int, float, bool):
        # bool is an int in Python, and an int is not a str: check exactly.
        if hint is float and isinstance(data, int) and not isinstance(data, bool):
            return float(data)
        if type(data) is not hint:
            raise TypeError(f"expected {hint.__name__}, got {type(data).__name__}")
        return data
    raise TypeError(f"cannot decode into {hint!r}")


def dumps_analysis(analysis: model.DocumentAnalysis) -> str:
    """One analysis as JSON text (deterministic: same analysis, same bytes)."""
    envelope = {"codec": CODEC_VERSION, "type": "DocumentAnalysis", "data": to_jsonable(analysis)}
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads_analysis(text: str, origin: str = "cached analysis") -> model.DocumentAnalysis:
    try:
        envelope = json.loads(text)
        if envelope.get("codec") != CODEC_VERSION or envelope.get("type") != "DocumentAnalysis":
            raise CodecError(f"{origin}: written by another version of parley (codec {envelope.get('codec')!r})")
        return from_jsonable(envelope["data"], model.DocumentAnalysis)
    except CodecError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise CodecError(f"{origin}: cannot decode the cached analysis ({exc})") from None
