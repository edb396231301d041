"""Where resolution keeps what it has one of per mention: in memory, or in a file (stream mode).

Resolution holds one summary per real-world node, but each node is grounded in every mention of it,
and the later resolvers ask which node each mention of a document became. Kept as Python objects,
those per-mention records are most of a large build's memory (hundreds of bytes each, millions of
them): a ``RecordStore`` on disk keeps each as a pickled record and only its offset in memory (8
bytes), and reads it back when asked. The same classes over a plain list serve small in-memory
builds, so there is one code path.

- ``RecordStore``: records appended once, read back by number.
- ``StoredList``: a node's records (its mentions, a claim's assertions), as the numbers of its
  records in a store; it reads like the list it replaces.
- ``DocumentRecords``: one record per document (which node each of its mentions resolved to), read
  back by document id; the last one read is kept, since the resolvers ask document after document.
"""

from __future__ import annotations

import copy
import functools
import os
import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar

from graph import pickling
from graph.model import AssertionNode, MentionRef, Span

T = TypeVar("T")
# Records that lie within this many bytes are read together (a node's mentions in one document).
READ_AHEAD = 4096


class RecordStore(Generic[T]):
    """Records appended once and read back by number.

    ``directory=None`` keeps them in a list; with a directory they are pickled to a nameless temporary
    file there (gone when the store is closed or collected). ``encode`` and ``decode`` give a record a
    cheaper form; with ``plain=True`` that form holds only built-in values (a tuple of strings and
    numbers), pickled as they are, which is several times faster.
    """

    def __init__(self, directory: Path | str | None = None, *, encode: Callable[[T], Any] | None = None,
                 decode: Callable[[Any], T] | None = None, plain: bool = False):
        self.encode, self.decode = encode, decode
        self._dumps = functools.partial(pickle.dumps, protocol=pickle.HIGHEST_PROTOCOL) if plain else pickling.dumps
        self._items: list[T] | None = None
        if directory is None:
            self._items = []
            return
        self._file = tempfile.TemporaryFile(prefix="parley-records-", dir=directory)  # noqa: SIM115 (see close)
        self._offsets = array("q", [0])  # where each record begins; the last entry is where the next one will
        self._unflushed = False

    @property
    def on_disk(self) -> bool:
        return self._items is None

    def append(self, record: T) -> int:
        if self._items is not None:
            self._items.append(record)
            return len(self._items) - 1
        data = self._dumps(self.encode(record) if self.encode else record)
        self._file.write(data)
        self._unflushed = True
        self._offsets.append(self._offsets[-1] + len(data))
        return len(self._offsets) - 2

    def __getitem__(self, number: int) -> T:
        if self._items is not None:
            return self._items[number]
        if not 0 <= number < len(self._offsets) - 1:
            raise IndexError(number)
        if self._unflushed:
            self._file.flush()
            self._unflushed = False
        begin = self._offsets[number]
        value = pickle.loads(_read_at(self._file, begin, self._offsets[number + 1] - begin))
        return self.decode(value) if self.decode else value

    def read_many(self, numbers: Iterable[int]) -> Iterator[T]:
        """The records with these numbers, in that order. On disk, records that lie close together (a node's
        mentions in one document were stored one after another) are read with one system call."""
        if self._items is not None:
            items = self._items
            yield from (items[n] for n in numbers)
            return
        numbers = list(numbers)
        offsets, decode, k = self._offsets, self.decode, 0
        while k < len(numbers):
            first = last = numbers[k]
            stop = k + 1  # numbers[k:stop] go in one read: ascending, the read no longer than READ_AHEAD
            while (first >= 0 and stop < len(numbers) and last < numbers[stop] < len(offsets) - 1
                   and offsets[numbers[stop] + 1] - offsets[first] <= READ_AHEAD):
                last = numbers[stop]
                stop += 1
            if stop == k + 1:
                yield self[first]
                k = stop
                continue
            if self._unflushed:
                self._file.flush()
                self._unflushed = False
            base = offsets[first]
            data = memoryview(_read_at(self._file, base, offsets[last + 1] - base))
            for n in numbers[k:stop]:
                value = pickle.loads(data[offsets[n] - base:offsets[n + 1] - base])
                yield decode(value) if decode else value
            k = stop

    def __len__(self) -> int:
        return len(self._items) if self._items is not None else len(self._offsets) - 1

    def close(self) -> None:
        if self._items is None:
            self._file.close()


def _read_at(file: BinaryIO, offset: int, size: int) -> bytes:
    """``size`` bytes at ``offset``: one system call where there is pread (not on Windows)."""
    if _PREAD is not None:
        return _PREAD(file.fileno(), size, offset)
    position = file.tell()
    file.seek(offset)
    data = file.read(size)
    file.seek(position)
    return data


_PREAD = getattr(os, "pread", None)


def mention_store(directory: Path | str | None = None) -> RecordStore[MentionRef]:
    """A store of grounded mentions, each kept as (document id, begin, end, text)."""
    return RecordStore(directory, encode=_mention_values, decode=_mention_from_values, plain=True)


def _mention_values(ref: MentionRef) -> tuple[str, int, int, str]:
    return ref.doc_id, ref.span.begin, ref.span.end, ref.text


def _mention_from_values(values: tuple[str, int, int, str]) -> MentionRef:
    return MentionRef(values[0], Span(values[1], values[2]), values[3])


def assertion_store(directory: Path | str | None = None) -> RecordStore[AssertionNode]:
    """A store of assertion nodes, each kept as plain values (pickled several times faster than the node)."""
    return RecordStore(directory, encode=_assertion_values, decode=_assertion_from_values, plain=True)


AssertionValues = tuple[str, str, str, int, int, str, "str | None", list[str], str, str]


def _assertion_values(node: AssertionNode) -> AssertionValues:
    mention = node.mention
    return (node.key, node.doc_id, mention.doc_id, mention.span.begin, mention.span.end, mention.text, node.source,
            node.via, node.certainty, node.polarity)


def _assertion_from_values(values: AssertionValues) -> AssertionNode:
    key, doc_id, mention_doc_id, begin, end, text, source, via, certainty, polarity = values
    return AssertionNode(key, doc_id, MentionRef(mention_doc_id, Span(begin, end), text), source, via, certainty,
                         polarity)


class StoredList(Sequence[T]):
    """A list whose items live in a RecordStore: it holds their numbers (an array of 8-byte ints)."""

    __slots__ = ("store", "numbers")

    def __init__(self, store: RecordStore[T], numbers: Iterable[int] = ()):
        self.store = store
        self.numbers = array("q", numbers)

    def append(self, item: T) -> None:
        self.numbers.append(self.store.append(item))

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self.store[n] for n in self.numbers[index]]
        return self.store[self.numbers[index]]

    def __iter__(self) -> Iterator[T]:
        return self.store.read_many(self.numbers)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (StoredList, list)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  (a list is not hashable either)

    def __deepcopy__(self, memo: dict) -> list[T]:
        """A deep copy is a plain list of copies of the items (dataclasses.asdict makes one)."""
        return copy.deepcopy(list(self), memo)

    def __repr__(self) -> str:
        return f"StoredList({list(self)!r})"


class StoredMapping(Mapping[str, T]):
    """Records by key (nodes), in a RecordStore: memory holds each key and a number. A value read back
    is a copy when the store is on disk: a node is stored once it is complete."""

    def __init__(self, store: RecordStore[T], numbers: dict[str, int] | None = None):
        self.store = store
        self.numbers: dict[str, int] = numbers if numbers is not None else {}

    def put(self, key: str, value: T) -> None:
        self.numbers[key] = self.store.append(value)

    def __getitem__(self, key: str) -> T:
        return self.store[self.numbers[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self.numbers)

    def __len__(self) -> int:
        return len(self.numbers)

    def __contains__(self, key: object) -> bool:
        return key in self.numbers

    def sorted(self) -> StoredMapping[T]:
        """The same records, iterated in the order of their keys."""
        return StoredMapping(self.store, dict(sorted(self.numbers.items())))


class DocumentRecords(Generic[T]):
    """One record per document, read back by its id (the last one read is kept)."""

    def __init__(self, store: RecordStore[T]):
        self.store = store
        self.numbers: dict[str, int] = {}
        self._last: tuple[str, T] | None = None

    def put(self, doc_id: str, record: T) -> None:
        self.numbers[doc_id] = self.store.append(record)
        self._last = None

    def get(self, doc_id: str, default: T) -> T:
        if self._last is not None and self._last[0] == doc_id:
            return self._last[1]
        number = self.numbers.get(doc_id)
        record = default if number is None else self.store[number]
        self._last = (doc_id, record)
        return record

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.numbers


def records_directory(analyses: Sequence) -> Path | None:
    """Where the resolvers keep their records for these analyses: beside a spool on disk, in memory for a list."""
    return getattr(analyses, "workdir", None)
