"""Pickling Parley's data classes for its own temporary files (the analysis spool, resolution's records).

pickle's own way with a frozen, slotted data class looks its fields up again for every object read
back (dataclasses._dataclass_setstate), and these files are read back object by object. Here each
class is pickled as the tuple of its field values and read back by a generated function that sets
its slots directly. Nothing but this process reads these files (graph.analysis_codec is the format
for files that others read).
"""

from __future__ import annotations

import dataclasses
import io
import operator
import pickle
from collections.abc import Callable
from typing import IO, TypeVar

C = TypeVar("C", bound=type)

DISPATCH: dict[type, Callable[[object], tuple]] = {}


def _make_restorer(cls: type, names: tuple[str, ...]) -> Callable[[tuple], object]:
    """A module-level function (pickle finds it by name) that makes a ``cls`` from its field values,
    setting each slot directly (unrolled: this runs for every object read back)."""
    name = f"_restore_{cls.__module__.replace('.', '_')}_{cls.__name__}"
    body = "".join(f"    set{k}(obj, values[{k}])\n" for k in range(len(names)))
    scope = {"new": object.__new__, "cls": cls, **{f"set{k}": getattr(cls, n).__set__ for k, n in enumerate(names)}}
    exec(f"def {name}(values):\n    obj = new(cls)\n{body}    return obj\n", scope)  # noqa: S102
    function = scope[name]
    function.__module__, function.__qualname__ = __name__, name
    globals()[name] = function
    return function


def register(cls: C) -> C:
    """Pickle a slotted data class by its field values (a class decorator)."""
    if not (dataclasses.is_dataclass(cls) and hasattr(cls, "__slots__")):
        raise TypeError(f"{cls.__name__} is not a slotted data class")
    names = tuple(f.name for f in dataclasses.fields(cls))
    restore = _make_restorer(cls, names)
    if len(names) != 1:
        getter = operator.attrgetter(*names) if names else (lambda obj: ())
    else:
        getter = lambda obj: (getattr(obj, names[0]),)  # noqa: E731
    DISPATCH[cls] = lambda obj: (restore, (getter(obj),))
    return cls


def _register_model() -> None:
    import graph.model

    for cls in vars(graph.model).values():
        if (isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == "graph.model"
                and hasattr(cls, "__slots__")):
            register(cls)


_register_model()


def dump(value: object, file: IO[bytes]) -> None:
    pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = DISPATCH
    pickler.dump(value)


def dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    dump(value, buffer)
    return buffer.getvalue()
