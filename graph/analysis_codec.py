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
from collections.abc import Callable, Mapping, Sequence
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
    return decoder(hint)(data)


Decoder = Callable[[Any], Any]


@cache
def decoder(hint: Any) -> Decoder:
    """The function that decodes a value of type ``hint``, made once per hint.

    Why made, not interpreted: walking the type hints for every value (typing.get_origin and get_args,
    dataclasses.fields, is_dataclass) was 97 % of reading a store's cached analyses back, about 15 ms an
    analysis, which an addition to a store pays for every stored document. The functions do what the
    walk did, value for value, the same errors included."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any:
        return _same
    if origin in (Union, types.UnionType):
        return _union_decoder(args, hint)
    if dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _later(args[0])
            return lambda data: tuple([item(v) for v in data])
        items = [_later(a) for a in args]

        def fixed_tuple(data: Any) -> tuple:
            if len(items) != len(data):
                raise ValueError(f"expected {len(items)} items, got {len(data)}")
            return tuple([decode(v) for v, decode in zip(data, items, strict=True)])

        return fixed_tuple
    if origin in (list, Sequence):
        item = _later(args[0] if args else Any)
        return lambda data: [item(v) for v in data]
    if origin in (set, frozenset):
        item = _later(args[0] if args else Any)
        made = set if origin is set else frozenset
        return lambda data: made([item(v) for v in data])
    if origin in (dict, Mapping):
        key_hint, value_hint = args or (Any, Any)
        key, value = _later(key_hint), _later(value_hint)

        def mapping(data: Any) -> dict:
            if isinstance(data, list):
                return {key(k): value(v) for k, v in data}
            return {key(k): value(v) for k, v in data.items()}

        return mapping
    if hint is dt.date:
        return _date
    if hint is dt.datetime:
        return dt.datetime.fromisoformat
    if hint is type(None):
        return _none
    if hint in (str, int, float, bool):
        return _primitive_decoder(hint)

    def undecodable(data: Any) -> Any:
        raise TypeError(f"cannot decode into {hint!r}")

    return undecodable


def _later(hint: Any) -> Decoder:
    """decoder(hint), made when first called: a data class may name itself (or one that names it) in a field."""
    made: list[Decoder] = []

    def decode(data: Any) -> Any:
        if not made:
            made.append(decoder(hint))
        return made[0](data)

    return decode


def _same(data: Any) -> Any:
    return data


def _none(data: Any) -> None:
    if data is not None:
        raise TypeError("expected null")
    return None


def _date(data: Any) -> dt.date:
    if not isinstance(data, str):
        raise TypeError("expected an ISO date")
    return dt.date.fromisoformat(data)


def _primitive_decoder(hint: type) -> Decoder:
    # bool is an int in Python, and an int is not a str: check exactly.
    def primitive(data: Any) -> Any:
        if type(data) is hint:
            return data
        if hint is float and isinstance(data, int) and not isinstance(data, bool):
            return float(data)
        raise TypeError(f"expected {hint.__name__}, got {type(data).__name__}")

    return primitive


def _union_decoder(args: tuple, hint: Any) -> Decoder:
    optional = type(None) in args
    choices = [_later(arg) for arg in args if arg is not type(None)]

    def union(data: Any) -> Any:
        if data is None and optional:
            return None
        for decode in choices:
            try:
                return decode(data)
            except (TypeError, ValueError, KeyError):
                continue
        raise ValueError(f"{data!r} matches none of {hint}")

    return union


def _dataclass_decoder(cls: type) -> Decoder:
    hints = _hints(cls)
    fields = [(f.name, _later(hints[f.name])) for f in dataclasses.fields(cls) if f.init]

    def dataclass(data: Any) -> Any:
        if not isinstance(data, dict):
            raise TypeError(f"expected an object for {cls.__name__}")
        return cls(**{name: decode(data[name]) for name, decode in fields if name in data})

    return dataclass


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
