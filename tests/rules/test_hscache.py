"""Compiled Hyperscan databases are cached on disk: reused, and rebuilt when unreadable."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailbrake.rules import hscache

hyperscan = pytest.importorskip("hyperscan")
EXPRESSIONS = [("conf[i1]dential", 0), (r"\bAKIA[0-9A-Z]{16}\b", 0)]


def matches(db: object, text: bytes) -> list[int]:
    found: list[int] = []

    def on_match(pattern_id: int, start: int, end: int, flags: int, context: object) -> None:
        found.append(pattern_id)

    db.scan(text, match_event_handler=on_match, scratch=hyperscan.Scratch(db))  # type: ignore[attr-defined]
    return sorted(found)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MAILBRAKE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_compiled_database_is_written_once_and_then_loaded(cache: Path) -> None:
    first = hscache.compiled(hyperscan, EXPRESSIONS)
    (written,) = cache.glob("hs-*.db")
    stamp = written.stat().st_mtime_ns
    second = hscache.compiled(hyperscan, EXPRESSIONS)
    assert written.stat().st_mtime_ns == stamp  # loaded, not rewritten
    text = b"strictly confidential: AKIAQX7LMN3P4RSTUV2W"
    assert matches(first, text) == matches(second, text) == [0, 1]


def test_an_unreadable_cache_file_is_rebuilt(cache: Path) -> None:
    hscache.compiled(hyperscan, EXPRESSIONS)
    (written,) = cache.glob("hs-*.db")
    written.write_bytes(b"not a database")
    db = hscache.compiled(hyperscan, EXPRESSIONS)
    assert matches(db, b"confidential") == [0]
    assert written.read_bytes() != b"not a database"


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("MAILBRAKE_CACHE_DIR", str(blocker / "cache"))
    db = hscache.compiled(hyperscan, EXPRESSIONS)
    assert matches(db, b"confidential") == [0]


def test_different_patterns_get_different_files(cache: Path) -> None:
    hscache.compiled(hyperscan, EXPRESSIONS)
    hscache.compiled(hyperscan, EXPRESSIONS[:1])
    assert len(list(cache.glob("hs-*.db"))) == 2
