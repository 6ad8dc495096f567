"""Compiled Hyperscan databases kept on disk, so each CLI run does not recompile (~1.5 s)."""

from __future__ import annotations

import hashlib
import os
import platform
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

Expression = tuple[str, int]  # (source, flags)


def cache_dir() -> Path:
    """MAILBRAKE_CACHE_DIR, else $XDG_CACHE_HOME/mailbrake, else ~/.cache/mailbrake."""
    explicit = os.environ.get("MAILBRAKE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mailbrake"


def compiled(hyperscan: Any, expressions: Sequence[Expression]) -> Any:
    """The block-mode database of `expressions`: loaded from the cache when a copy built by
    this Hyperscan on this kind of machine is there, else compiled and cached. A cache that
    cannot be read or written is only a slower start, never an error."""
    mode = hyperscan.HS_MODE_BLOCK
    path = cache_dir() / f"hs-{_key(hyperscan, expressions, mode)}.db"
    try:
        return hyperscan.loadb(path.read_bytes(), mode)
    except (OSError, ValueError, hyperscan.error):
        pass
    db = hyperscan.Database(mode=mode)
    db.compile(
        expressions=[source.encode() for source, _flags in expressions],
        ids=list(range(len(expressions))),
        elements=len(expressions),
        flags=[flags for _source, flags in expressions],
    )
    _store(path, hyperscan.dumpb(db))
    return db


def _key(hyperscan: Any, expressions: Sequence[Expression], mode: int) -> str:
    version = getattr(hyperscan, "__version__", "")
    material = repr((version, platform.machine(), mode, tuple(expressions)))
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def _store(path: Path, data: bytes) -> None:
    """Write atomically (a reader never sees half a file); give up quietly on any error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".hs-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        return
