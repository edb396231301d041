"""Atomic writes: an output is either the old file or the complete new one, never half."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_writer(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Write to a temporary file beside ``path``, fsync it, then rename it over ``path``.

    If the block raises (or the process dies), ``path`` keeps its previous content.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    # mkstemp makes the file private (0600); an output gets the mode any new file would get.
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        binary = "b" in mode
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    with atomic_writer(path) as handle:
        handle.write(text)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_writer(path, "wb") as handle:
        handle.write(data)


STAGING_PREFIX = ".parley-staging-"


def _stale_staging(out_dir: Path) -> Iterator[Path]:
    """Staging folders left by builds that were killed (their process is gone)."""
    for path in out_dir.glob(STAGING_PREFIX + "*"):
        match = re.match(re.escape(STAGING_PREFIX) + r"(\d+)-", path.name)
        if not match or not path.is_dir():
            continue
        try:
            os.kill(int(match[1]), 0)
        except ProcessLookupError:
            yield path
        except (PermissionError, OverflowError):
            continue  # alive (another user's) or not a pid: leave it


@contextlib.contextmanager
def staged_outputs(out_dir: Path) -> Iterator[Path]:
    """A folder in which to write a set of outputs that replace their namesakes in ``out_dir`` together.

    Every file is written (and fsynced) in the staging folder first; only when the block succeeds
    are they renamed into ``out_dir``, one ``os.replace`` after another with nothing in between.
    A build killed before that leaves all the previous outputs; only a kill within those few
    renames can leave some files new and others old, and each file is always whole. A killed
    build's staging folder is removed by the next build into the same folder.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in _stale_staging(out_dir):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
    try:
        yield staging
        files = sorted(p for p in staging.iterdir() if p.is_file() and not p.name.startswith("."))
        for path in files:
            os.replace(path, out_dir / path.name)
        _fsync_dir(out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    """Make the renames durable (a crash right after could otherwise lose them on some file systems)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
