"""Scan .eml files and directories for sensitive content, without a database or sending."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from mailbrake.errors import InputError, InputProblem
from mailbrake.extract import extract_message
from mailbrake.models import Finding, TextSegment, Verdict
from mailbrake.policy import AudienceFacts, Policy, evaluate
from mailbrake.rules import Scanner, categories_of, unscannable_finding
from mailbrake.rules.audience import audience_facts

# The policy, reduced to what a scan needs: findings (and audience) in, a verdict and rule out.
Decide = Callable[[Sequence[Finding], AudienceFacts | None], tuple[Verdict, str]]
# Audience facts from the To/Cc recipients [(display name, address)] and the segments scanned.
Audience = Callable[[Sequence[tuple[str, str]], Sequence[TextSegment]], AudienceFacts | None]


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


def scan_bytes(
    name: str, raw: bytes, scanner: Scanner, decide: Decide, audience: Audience | None = None
) -> ScanResult:
    """Extract, detect and decide for one raw message."""
    extraction = extract_message(raw)
    findings = scanner.detect(extraction.segments)
    findings += [unscannable_finding(u.location, u.reason) for u in extraction.unscannable]
    facts = None
    if audience is not None:
        # Only To and Cc are read: parsing the headers alone skips the body a second time.
        message = BytesParser(policy=email.policy.compat32).parsebytes(raw, headersonly=True)
        facts = audience(recipients_of(message), extraction.segments)
    verdict, rule = decide(findings, facts)
    return ScanResult(
        name, verdict, rule, tuple(findings), categories=tuple(categories_of(findings))
    )


def scan_file(
    path: Path, scanner: Scanner, decide: Decide, audience: Audience | None = None
) -> ScanResult:
    """One file's result; a file that cannot be read is held, never skipped (fail closed)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return ScanResult(
            path.name, Verdict.HOLD, "unreadable", error=f"cannot read {path}: {reason}"
        )
    try:
        return scan_bytes(path.name, raw, scanner, decide, audience)
    except Exception as exc:  # a bug on one message must hold it and let the others be checked
        return ScanResult(
            path.name,
            Verdict.HOLD,
            "scan_failed",
            error=f"check failed on {path}: {type(exc).__name__}: {exc}",
        )


_WORKER: list[tuple[Scanner, Decide, Audience | None]] = []


def _init_worker(decide: Decide, audience: Audience | None) -> None:
    _WORKER[:] = [(Scanner(), decide, audience)]


def _scan_in_worker(path: Path) -> ScanResult:
    scanner, decide, audience = _WORKER[0]
    return scan_file(path, scanner, decide, audience)


def scan_paths(
    paths: Sequence[Path],
    decide: Decide,
    audience: Audience | None = None,
    *,
    workers: int = 1,
    scanner: Scanner | None = None,
) -> Iterator[ScanResult]:
    """Results for every message under `paths`, in file order.

    With workers > 1 the files are spread over processes (`decide` and `audience` must then
    be picklable: module-level functions or partials of them).
    """
    files = list(iter_eml_files(paths))
    if workers <= 1 or len(files) < 2 * workers:
        own = scanner or Scanner()
        for path in files:
            yield scan_file(path, own, decide, audience)
        return
    with ProcessPoolExecutor(
        workers, initializer=_init_worker, initargs=(decide, audience)
    ) as pool:
        yield from pool.map(_scan_in_worker, files, chunksize=max(1, len(files) // (workers * 8)))


def decide_with_policy(
    policy: Policy, findings: Sequence[Finding], facts: AudienceFacts | None
) -> tuple[Verdict, str]:
    """A Decide over the policy (bind `policy` with functools.partial)."""
    decision = evaluate(policy, findings, facts)
    return decision.verdict, decision.deciding_rule


def audience_with_domains(
    internal_domains: tuple[str, ...],
    recipients: Sequence[tuple[str, str]],
    segments: Sequence[TextSegment],
) -> AudienceFacts:
    """An Audience over rules.audience (bind `internal_domains` with functools.partial)."""
    return audience_facts(recipients, internal_domains, segments)
