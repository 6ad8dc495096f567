"""Files only their owner may read (keys, tokens, the SQLite database): mode 0600 whatever
the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE = 0o600
PRIVATE_DIR = 0o700


def create_private(path: Path) -> bool:
    """Create an empty file with mode 0600 unless it exists; True if this call created it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except FileExistsError:
        return False
    try:
        # os.open's mode is masked by the umask; fchmod is not, so the mode is exact.
        os.fchmod(fd, PRIVATE)
    finally:
        os.close(fd)
    return True


def write_private(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write text to path as a 0600 file, atomically (a temporary file renamed over it).

    With `exclusive`, refuse (FileExistsError) if the path exists already: two processes
    creating the same key file must not end up with two keys."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if exclusive:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
        _write_fd(fd, text)
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    _write_fd(fd, text)
    os.replace(temporary, path)


def make_private_dir(path: Path) -> None:
    """Create a directory (and its parents) that only its owner can enter."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_DIR)


def is_private(path: Path) -> bool:
    """True if neither group nor others may read or write the file."""
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def _write_fd(fd: int, text: str) -> None:
    try:
        os.fchmod(fd, PRIVATE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            fd = -1
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        if fd != -1:
            os.close(fd)
