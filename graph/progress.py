"""Progress of the long stages (parse, resolve, quads, each format, the page, store writes, merge,
validate, report, stats, viz): the one module the others call, so that none imports tqdm itself.

    with progress.stage("parse", total=300, unit="documents") as bar:
        for ...: bar.advance()

- On a terminal: tqdm's bar, with the total, the percentage and the ETA when the total is known
  (elapsed time and rate when it is not).
- In a pipe or a log (stderr is not a terminal): one plain line every 10 s while a stage runs
  (``PARLEY_PROGRESS_INTERVAL`` seconds; a stage shorter than that prints nothing; 0 prints a line
  as each stage starts and at each step), and a last line when a stage that printed one ends.
  Nothing ever uses carriage returns there.
- ``configured(enabled=False)`` silences it (``-q``). ``PARLEY_PROGRESS=0`` does too.

A stage that has nothing to count (resolution, the page) still shows that it runs: a small thread
refreshes its bar, or writes its line, while it lasts. One stage is shown at a time: opening a
stage ends the one before (a build's parse stage, opened by the caller, ends when resolution
starts inside the pipeline).

A test hook, so that tests interrupt a build at a point it reaches rather than after a guessed
delay: with ``PARLEY_PAUSE_AT=STAGE`` (as the stage starts) or ``STAGE:N`` (after N items), the
build writes the file ``PARLEY_PAUSE_MARKER`` names and then waits there, up to 10 minutes, for
the test to kill or interrupt it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeVar

T = TypeVar("T")

INTERVAL_ENV = "PARLEY_PROGRESS_INTERVAL"
ENABLED_ENV = "PARLEY_PROGRESS"
PAUSE_ENV, MARKER_ENV = "PARLEY_PAUSE_AT", "PARLEY_PAUSE_MARKER"
DEFAULT_INTERVAL = 10.0  # seconds between two lines in a pipe or a log
PAUSE_LIMIT = 600.0  # a paused build whose test died goes on after this, rather than hang for ever

_LINE_FORMAT = "parley: {desc}: {n_fmt}/{total_fmt} {unit} ({percentage:.0f} %), {elapsed} elapsed, ETA {remaining}"
_LINE_FORMAT_OPEN = "parley: {desc}: {n_fmt} {unit}, {elapsed} elapsed"
_LINE_FORMAT_BARE = "parley: {desc}: {elapsed} elapsed"


@dataclass
class _Settings:
    enabled: bool | None = None  # None: on unless PARLEY_PROGRESS=0
    stream: TextIO | None = None  # None: sys.stderr as it is when a stage opens
    interval: float | None = None  # None: PARLEY_PROGRESS_INTERVAL, else DEFAULT_INTERVAL


_settings = _Settings()
_current: Progress | None = None


@contextlib.contextmanager
def configured(*, enabled: bool | None = None, stream: TextIO | None = None,
               interval: float | None = None) -> Iterator[None]:
    """Settings for the stages opened inside the block (the commands' -q: ``enabled=False``)."""
    global _settings
    before = _settings
    _settings = _Settings(enabled, stream, interval)
    try:
        yield
    finally:
        _settings = before


def _interval() -> float:
    if _settings.interval is not None:
        return _settings.interval
    try:
        return max(0.0, float(os.environ.get(INTERVAL_ENV, DEFAULT_INTERVAL)))
    except ValueError:
        return DEFAULT_INTERVAL


def _enabled() -> bool:
    if _settings.enabled is not None:
        return _settings.enabled
    return os.environ.get(ENABLED_ENV, "1").strip().lower() not in ("0", "no", "off", "false")


class Progress:
    """One stage's progress. Made by ``stage()``; ``advance()`` counts, ``close()`` ends it.

    ``mode`` is "bar" (tqdm, for a terminal), "lines" (a pipe or a log) or "off"; ``clock`` is
    there for tests of the lines' rhythm (no sleeping in tests).
    """

    def __init__(self, desc: str, total: int | None = None, unit: str = "", *, mode: str = "off",
                 stream: TextIO | None = None, interval: float = DEFAULT_INTERVAL,
                 clock: Callable[[], float] = time.monotonic, ticker: bool = True):
        self.desc, self.total, self.unit, self.mode = desc, total, unit, mode
        self.stream = stream or sys.stderr
        self.interval, self.clock = interval, clock
        self.done, self.closed = 0, False
        self.started = self._last_line = clock()
        self.lines = 0  # lines written in "lines" mode
        self._lock = threading.Lock()
        self._bar = None
        if mode == "bar":
            from tqdm import tqdm

            # A terminal that reports no size (a bare pseudo-terminal) would get empty bars: 80 × 20 then.
            sized = _width(self.stream) > 0
            self._bar = tqdm(total=total, desc=desc, unit=f" {unit}" if unit else "it", file=self.stream,
                             dynamic_ncols=sized, ncols=None if sized else 80,
                             nrows=None if sized else 20, mininterval=0.2, leave=True)
        if mode == "lines" and interval <= 0:
            self._write_line(self.started)  # every moment is a line's moment: the stage's start too
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if ticker and mode != "off":
            # A stage may run long between two advances (or have none): keep the elapsed time moving.
            self._thread = threading.Thread(target=self._tick_loop, name=f"progress-{desc}", daemon=True)
            self._thread.start()
        _checkpoint(desc, 0)

    def advance(self, n: int = 1) -> None:
        with self._lock:
            if self.closed:
                return
            self.done += n
            if self._bar is not None:
                self._bar.update(n)
            elif self.mode == "lines":
                self._maybe_line(self.clock())
        _checkpoint(self.desc, self.done)

    def _tick_loop(self) -> None:
        period = 0.5 if self.mode == "bar" else min(max(self.interval, 0.2), 1.0)
        while not self._stop.wait(period):
            with self._lock:
                if self.closed:
                    return
                if self._bar is not None:
                    self._bar.refresh()
                else:
                    self._maybe_line(self.clock())

    def _maybe_line(self, now: float) -> None:
        if now - self._last_line >= self.interval:
            self._last_line = now
            self._write_line(now)

    def line(self, now: float | None = None) -> str:
        """The stage as one plain line (what a pipe or a log gets)."""
        from tqdm import tqdm

        now = self.clock() if now is None else now
        if self.total:
            fmt = _LINE_FORMAT
        elif self.done:
            fmt = _LINE_FORMAT_OPEN
        else:
            fmt = _LINE_FORMAT_BARE
        return tqdm.format_meter(self.done, self.total, now - self.started, prefix=self.desc, unit=self.unit,
                                 bar_format=fmt.replace("{desc}", self.desc))

    def _write_line(self, now: float, suffix: str = "") -> None:
        self.lines += 1
        self.stream.write(self.line(now) + suffix + "\n")
        self.stream.flush()

    def close(self) -> None:
        global _current
        with self._lock:
            if self.closed:
                return
            self.closed = True
            if self._bar is not None:
                self._bar.close()
            elif self.mode == "lines" and self.lines:
                # The stage printed that it runs: say that it ended, so a log does not stop mid-stage.
                self._write_line(self.clock(), " (done)")
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        if _current is self:
            _current = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _width(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return 0


def stage(desc: str, total: int | None = None, unit: str = "") -> Progress:
    """Open a stage (ending the one shown before it); use it as a context manager, or close() it."""
    global _current
    if _current is not None:
        _current.close()
    stream = _settings.stream or sys.stderr
    if not _enabled():
        mode = "off"
    else:
        try:
            mode = "bar" if stream.isatty() else "lines"
        except (AttributeError, ValueError):  # a closed or odd stream: no progress rather than a crash
            mode = "off"
    _current = Progress(desc, total, unit, mode=mode, stream=stream, interval=_interval())
    return _current


def track(items: Iterable[T], desc: str, total: int | None = None, unit: str = "") -> Iterator[T]:
    """The items, counted in a stage as they are consumed."""
    with stage(desc, total, unit) as bar:
        for item in items:
            yield item
            bar.advance()


def _checkpoint(desc: str, done: int) -> None:
    """The test hook (see the module doc): pause at STAGE or STAGE:N when PARLEY_PAUSE_AT asks for it."""
    wanted = os.environ.get(PAUSE_ENV)
    if not wanted:
        return
    name, _, count = wanted.partition(":")
    if name.strip().lower() != desc.lower() or done != (int(count) if count.strip() else 0):
        return
    marker = os.environ.get(MARKER_ENV)
    if marker:
        partial = Path(f"{marker}.part")
        partial.write_text(f"{os.getpid()}\n", encoding="utf-8")
        partial.replace(marker)  # whole or absent: the test reads it as soon as it exists
    deadline = time.monotonic() + PAUSE_LIMIT
    while time.monotonic() < deadline:
        time.sleep(0.05)  # a SIGINT interrupts the sleep (KeyboardInterrupt), a SIGKILL the process
