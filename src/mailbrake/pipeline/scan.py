"""Scan .eml files and directories for sensitive content, without a database or sending."""

from __future__ import annotations

import email
import email.policy
import functools
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from mailbrake.errors import InputError, InputProblem
from mailbrake.extract import extract_message
from mailbrake.models import Finding, Verdict
from mailbrake.pipeline.analyse import (
    Analyser,
    Audience,
    Decide,
    analyse,
    audience_with_domains,
    decide_with_policy,
)
from mailbrake.rules import Scanner, categories_of

__all__ = [
    "ScanResult",
    "audience_with_domains",
    "decide_with_policy",
    "iter_eml_files",
    "scan_file",
    "scan_paths",
]

# Chunks per pool process: enough to even out uneven files, few enough that building a
# Scanner per chunk (tens of ms) stays small against scanning it.
CHUNKS_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What the check says about one message file."""

    file: str  # base name
    verdict: Verdict
    rule: str
    findings: tuple[Finding, ...] = ()
    error: str = ""
    categories: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "categories": list(self.categories),
            "verdict": str(self.verdict),
            "findings": [f.as_dict() for f in self.findings],
            "rule": self.rule,
        }
        if self.error:
            data["error"] = self.error
        return data


def iter_eml_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files given and every *.eml below the directories given, in a stable order."""
    missing = [
        InputProblem(str(p), "no such file or directory")
        for p in paths
        if not p.exists() and not p.is_symlink()
    ]
    if missing:
        raise InputError(missing, hint="Give .eml files or directories that contain them.")
    for path in paths:
        if path.is_dir():
            # a dangling link is reported (and held), not skipped
            yield from sorted(p for p in path.rglob("*.eml") if p.is_file() or p.is_symlink())
        else:
            yield path


def recipients_of(message: Message) -> list[tuple[str, str]]:
    """(address, display name) of every To and Cc recipient, as audience_facts takes them."""
    values = [str(v) for key in ("To", "Cc") for v in message.get_all(key, [])]
    return [(addr, name) for name, addr in getaddresses(values) if addr]


def scan_bytes(name: str, raw: bytes, analyser: Analyser) -> ScanResult:
    """Extract, detect and decide for one raw message."""
    extraction = extract_message(raw)
    recipients = None
    if analyser.audience is not None:
        # Only To and Cc are read: parsing the headers alone skips the body a second time.
        message = BytesParser(policy=email.policy.compat32).parsebytes(raw, headersonly=True)
        recipients = recipients_of(message)
    analysis = analyse(extraction, recipients, analyser)
    decision = analysis.decision
    findings = analysis.findings
    return ScanResult(
        name,
        decision.verdict,
        decision.deciding_rule,
        findings,
        categories=tuple(categories_of(findings)),
    )


def scan_file(path: Path, analyser: Analyser) -> ScanResult:
    """One file's result; a file that cannot be read is held, never skipped (fail closed)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return ScanResult(
            path.name, Verdict.HOLD, "unreadable", error=f"cannot read {path}: {reason}"
        )
    try:
        return scan_bytes(path.name, raw, analyser)
    except Exception as exc:  # a bug on one message must hold it and let the others be checked
        return ScanResult(
            path.name,
            Verdict.HOLD,
            "scan_failed",
            error=f"check failed on {path}: {type(exc).__name__}: {exc}",
        )


def _scan_chunk(
    decide: Decide, audience: Audience | None, files: Sequence[Path]
) -> list[ScanResult]:
    """In a pool process: one Scanner for a chunk of files (it is not picklable)."""
    analyser = Analyser(Scanner(), decide, audience)
    return [scan_file(path, analyser) for path in files]


def scan_paths(
    paths: Sequence[Path],
    decide: Decide,
    audience: Audience | None = None,
    *,
    workers: int = 1,
    scanner: Scanner | None = None,
) -> Iterator[ScanResult]:
    """Results for every message under `paths`, in file order.

    With workers > 1 the files are spread over processes in chunks, each with its own
    Scanner (`decide` and `audience` must then be picklable: module-level functions or
    partials of them).
    """
    files = list(iter_eml_files(paths))
    if workers <= 1 or len(files) < 2 * workers:
        analyser = Analyser(scanner or Scanner(), decide, audience)
        for path in files:
            yield scan_file(path, analyser)
        return
    size = max(1, -(-len(files) // (workers * CHUNKS_PER_WORKER)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    scan = functools.partial(_scan_chunk, decide, audience)
    with ProcessPoolExecutor(workers) as pool:
        for results in pool.map(scan, chunks):
            yield from results
