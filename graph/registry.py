"""A small registry of named pipeline components, in the manner of spaCy's ``registry``.

The pipeline's configuration (graph/data/pipeline.toml) names components; modules register
them with a decorator, so a new extractor is a new module, not an edit of the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Callable)


class Registry(Generic[T]):
    def __init__(self, name: str):
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        def decorator(func: T) -> T:
            if name in self._items and self._items[name] is not func:
                raise ValueError(f"{self.name} {name!r} is registered twice")
            self._items[name] = func
            return func

        return decorator

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise KeyError(f"no {self.name} named {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        return sorted(self._items)
