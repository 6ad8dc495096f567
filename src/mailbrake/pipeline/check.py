"""Check: read the whole mailout and its audience, let the policy decide, store the result."""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from mailbrake.clock import Clock
from mailbrake.extract import extract_content
from mailbrake.extract.limits import Extraction
from mailbrake.models import (
    CheckResult,
    Finding,
    Location,
    Mailout,
    MailoutState,
    Subscriber,
    Verdict,
)
from mailbrake.pipeline.analyse import Analyser, Analysis, Detects, analyse, policy_analyser
from mailbrake.pipeline.merge_scan import scan_merges
from mailbrake.pipeline.snapshot import audience_hash, content_hash, feed
from mailbrake.policy import AudienceFacts, Decision, Exposure, load_policy
from mailbrake.rules import unscannable_finding
from mailbrake.settings import Settings
from mailbrake.store import Store

log = logging.getLogger(__name__)
_TEMPLATE_PARTS = frozenset({"subject", "body", "body.html"})


@dataclass(frozen=True, slots=True)
class Staleness:
    """Whether a stored check still describes the mailout, and if not, why."""

    is_current: bool
    reason: str = ""


class _HashingRecipients:
    """Yields (email, name) pairs for the audience check while hashing the audience."""

    def __init__(self, recipients: Iterator[Subscriber]) -> None:
        self._recipients = recipients
        self.digest = hashlib.sha256()

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for recipient in self._recipients:
            feed(self.digest, f"{recipient.id}:{recipient.email}".encode())
            yield recipient.email, recipient.name


def _analyse(
    store: Store, settings: Settings, mailout: Mailout, analyser: Analyser
) -> tuple[Analysis, str]:
    """Everything the check reads and decides; runs on a thread so it can be timed out."""
    recipients = _HashingRecipients(store.iter_recipients(mailout.list_id))
    extraction, merges = extract_content(mailout.content), None
    if mailout.options.get("source") != "gateway":  # a gateway message is no template
        merges = functools.partial(scan_merges, store, settings, mailout)
        extraction = _as_template(extraction)
    analysis = analyse(extraction, recipients, analyser, merges)
    return analysis, recipients.digest.hexdigest()


def _as_template(extraction: Extraction) -> Extraction:
    """Mark the subject and bodies as the template they are (attachments are not rendered)."""
    segments = tuple(
        replace(s, template=True) if s.location.part in _TEMPLATE_PARTS else s
        for s in extraction.segments
    )
    return replace(extraction, segments=segments)


def _failure(exc: BaseException, budget: float) -> str:
    if isinstance(exc, TimeoutError):
        return f"the check did not finish within {budget:g} s"
    return f"the check failed: {exc!r}"[:200]


def check_mailout(
    store: Store,
    settings: Settings,
    mailout_id: int,
    *,
    clock: Clock,
    actor: str = "system",
    scanner: Detects | None = None,
) -> CheckResult:
    """Run the check and store its result; a draft becomes `checked`.

    Fails closed: if the check itself cannot complete, the stored verdict is `hold` with the
    reason, never `allow`. scanner: the detectors (default: a new Scanner of all of them).
    """
    mailout = store.get_mailout(mailout_id)
    policy = load_policy(settings.policy_file)  # a bad policy file is the user's error: raise
    analyser = policy_analyser(policy, settings.internal_domains, scanner)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="check")
    future = pool.submit(_analyse, store, settings, mailout, analyser)
    try:
        analysis, audience_digest = future.result(settings.check_timeout_seconds)
        findings, decision = list(analysis.findings), analysis.decision
        facts = analysis.facts or AudienceFacts(size=0, external=0)
    except Exception as exc:  # fail closed: a crash or a timeout holds the mailout
        reason = _failure(exc, settings.check_timeout_seconds)
        log.error("check of mailout %s failed: %s", mailout_id, reason)
        findings = [unscannable_finding(Location("mailout"), reason)]
        facts = AudienceFacts(size=store.count_recipients(mailout.list_id), external=0)
        rule = "check-timeout" if isinstance(exc, TimeoutError) else "check-failed"
        decision = Decision(Verdict.HOLD, rule, (), Exposure(0.0))
        audience_digest = audience_hash(store, mailout.list_id)
    finally:
        pool.shutdown(wait=False)  # a runaway check thread is abandoned, never waited for
    result = _result(mailout, clock, findings, facts, decision, audience_digest)
    store.record_check(result)
    store.record_event(
        actor,
        "mailout.checked",
        "mailout",
        mailout_id,
        {
            "verdict": str(result.verdict),
            "rule": result.deciding_rule,
            "findings": len(result.findings),
        },
    )
    if mailout.state is MailoutState.DRAFT:
        store.change_state(
            mailout_id,
            MailoutState.CHECKED,
            actor=actor,
            reason=f"check: {result.verdict} ({result.deciding_rule})",
        )
    return result


def _result(
    mailout: Mailout,
    clock: Clock,
    findings: list[Finding],
    facts: AudienceFacts,
    decision: Decision,
    audience_digest: str,
) -> CheckResult:
    return CheckResult(
        mailout_id=mailout.id,
        checked_at=clock.now(),
        verdict=decision.verdict,
        deciding_rule=decision.deciding_rule,
        findings=tuple(findings),
        audience=facts,
        exposure=decision.exposure,
        matches=decision.matches,
        content_hash=content_hash(mailout.content),
        audience_hash=audience_digest,
    )


def staleness(store: Store, mailout: Mailout) -> Staleness:
    """Is the newest check still about this content and this audience?"""
    result = store.latest_check(mailout.id)
    if result is None:
        return Staleness(False, f"mailout {mailout.id} has not been checked")
    if result.content_hash != content_hash(mailout.content):
        return Staleness(False, "the content changed after the check")
    if result.audience_hash != audience_hash(store, mailout.list_id):
        return Staleness(False, f"list {mailout.list_name!r} changed after the check")
    return Staleness(True)
