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

from graph.errors import ParleyError


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


def _stale(parent: Path, prefix: str) -> Iterator[Path]:
    """Folders ``PREFIX<pid>-…`` in ``parent`` left by processes that were killed (their pid is gone)."""
    for path in parent.glob(_glob_escape(prefix) + "*"):
        match = re.match(re.escape(prefix) + r"(\d+)-", path.name)
        if not match or path.is_symlink() or not path.is_dir():
            continue
        try:
            os.kill(int(match[1]), 0)
        except ProcessLookupError:
            yield path
        except (PermissionError, OverflowError):
            continue  # alive (another user's) or not a pid: leave it


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _stale_staging(out_dir: Path) -> Iterator[Path]:
    """Staging folders (and work folders, see work_folder) left by builds that were killed."""
    return _stale(out_dir, STAGING_PREFIX)


def work_folder(prefix: str, parent: Path | None = None) -> tempfile.TemporaryDirectory:
    """A private temporary folder ``PREFIX<pid>-…`` in ``parent`` (default: the system's temporary folder).

    A killed process cannot remove its temporary folders, and the spools of a build are tens of MB
    each; the pid in the name lets the next process that makes one remove those of dead owners.
    """
    parent_dir = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    for stale in _stale(parent_dir, prefix):
        shutil.rmtree(stale, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-", dir=parent_dir)


def output_work_folder(out_dir: Path) -> tempfile.TemporaryDirectory:
    """A work folder for a build's spools inside its output folder, made before any work is done.

    Making it is the check that ``out_dir`` is a folder we may write (not a file, not read-only)
    before minutes of NLP; and a killed build's work folder is a stale staging folder, which the
    next build into ``out_dir`` removes (staged_outputs).
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ParleyError(f"{out_dir}: the output folder (-o) is a file, not a folder; choose another name")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        return work_folder(STAGING_PREFIX, out_dir)
    except OSError as exc:
        raise ParleyError(f"{out_dir}: cannot write in the output folder (-o) ({exc.strerror or exc}); "
                          "choose a folder you can write") from None


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
