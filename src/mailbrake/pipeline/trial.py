"""Trial: one rendered copy of a mailout to its sender, on record but outside the ledger.

A test copy is a real message with the real content, so it is a way round the check unless
it obeys the same brakes: it goes only to the acting user (or, if the settings allow, to an
internal address), never while the emergency switch is on, never when the check says block.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from mailbrake.addresses import AddressError, domain_of, normalise_address
from mailbrake.clock import Clock
from mailbrake.errors import MailbrakeError
from mailbrake.models import CheckResult, Envelope, Mailout, SmtpReply, Verdict
from mailbrake.people import User, require
from mailbrake.pipeline.check import check_mailout, staleness
from mailbrake.pipeline.render import factory_for
from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.transport import make_transport

TEST_MARK = b"X-Mailbrake-Test: yes\r\n"
SUBJECT_MARK = "[TEST] "
REFUSED = "mailout.test_send_refused"


class TestSendRefusedError(MailbrakeError):
    """A test copy that would get round a brake; the refusal is audited."""

    __test__ = False  # not a pytest test class, despite the name


@dataclass(frozen=True, slots=True)
class TrialResult:
    to: str
    rendered_for: str
    reply: SmtpReply
    message_id: str
    verdict: Verdict
    checked_now: bool  # the stored check was missing or stale, so it was run first


def send_trial(
    store: Store,
    settings: Settings,
    mailout_id: int,
    user: User,
    *,
    to: str | None,
    as_recipient: str | None,
    clock: Clock,
) -> TrialResult:
    """Render the mailout for one list member and deliver it, marked, to `to` (default: the
    user). Raises TestSendRefusedError when a brake says no."""
    require(user, "mailouts.send")
    mailout = store.get_mailout(mailout_id)
    target = _allowed_target(store, settings, mailout_id, user, to)
    switch = store.emergency()
    if switch.on:
        _refuse(
            store, mailout_id, user, target, "",
            f"the emergency switch is on ({switch.reason or 'no reason given'})",
            "Wait until an admin runs `mailbrake emergency off`.",
        )  # fmt: skip
    check, checked_now = _current_check(store, settings, mailout, user, clock)
    if check.verdict is Verdict.BLOCK:
        _refuse(
            store, mailout_id, user, target, str(check.verdict),
            f"the check says block ({check.deciding_rule}), so no copy may leave",
            f"See `mailbrake check {mailout_id}`, fix the content or the list, and check again.",
        )  # fmt: skip
    recipient = (
        store.find_subscriber(as_recipient)
        if as_recipient
        else next(store.iter_recipients(mailout.list_id, page=1), None)
    )
    if recipient is None:
        raise MailbrakeError(f"List {mailout.list_name!r} has nobody to render the test for.")
    marked = replace(mailout, content=replace(mailout.content, subject=_marked(mailout)))
    built = factory_for(
        marked, settings.resolved_secret(), settings.public_url, clock.now(),
        settings.render_limits(),
    ).build(recipient)  # fmt: skip
    envelope = replace(built, recipient=target, data=TEST_MARK + built.data)
    reply = asyncio.run(_deliver(settings, envelope))
    store.record_test_send(
        mailout_id, user.email, target, recipient.email, reply.code, reply.text,
        built.message_id, verdict=str(check.verdict),
    )  # fmt: skip
    return TrialResult(target, recipient.email, reply, built.message_id, check.verdict, checked_now)


def _marked(mailout: Mailout) -> str:
    subject = mailout.content.subject
    return subject if subject.startswith(SUBJECT_MARK) else SUBJECT_MARK + subject


def _allowed_target(
    store: Store, settings: Settings, mailout_id: int, user: User, to: str | None
) -> str:
    """The address the copy may go to, or a refusal that says which ones are allowed."""
    own = user.email.strip().lower()
    if to is None:
        return own
    try:
        target = normalise_address(to)
    except AddressError as exc:
        raise TestSendRefusedError(f"--to {to!r} is not an email address: {exc}") from None
    if target == own:
        return target
    internal = _is_internal(domain_of(target), settings.internal_domains)
    if settings.test_send_to == "internal" and internal:
        return target
    allowed = (
        "your own address or an address in internal_domains"
        if settings.test_send_to == "internal"
        else f"only your own address ({own})"
    )
    hint = (
        "Leave out --to to send it to yourself."
        if settings.test_send_to == "internal" or not internal
        else "Leave out --to to send it to yourself; an admin can set test_send_to = "
        "'internal' to allow colleagues' addresses."
    )
    _refuse(store, mailout_id, user, target, "", f"a test copy may go to {allowed}", hint)
    raise AssertionError("unreachable")  # _refuse always raises


def _is_internal(domain: str, internal_domains: list[str]) -> bool:
    return any(domain == d or domain.endswith(f".{d}") for d in internal_domains)


def _current_check(
    store: Store, settings: Settings, mailout: Mailout, user: User, clock: Clock
) -> tuple[CheckResult, bool]:
    """The stored check if it still describes the mailout, else a fresh one."""
    stored = store.latest_check(mailout.id)
    if stored is not None and staleness(store, mailout).is_current:
        return stored, False
    return check_mailout(store, settings, mailout.id, clock=clock, actor=user.email), True


def _refuse(
    store: Store, mailout_id: int, user: User, target: str, verdict: str, why: str, hint: str
) -> None:
    store.record_event(
        user.email, REFUSED, "mailout", mailout_id,
        {"to": target, "verdict": verdict, "reason": why},
    )  # fmt: skip
    raise TestSendRefusedError(
        f"Test copy of mailout {mailout_id} to {target} refused: {why}.", hint=hint
    )


async def _deliver(settings: Settings, envelope: Envelope) -> SmtpReply:
    transport = make_transport(settings)
    try:
        return await transport.send(envelope)
    finally:
        await transport.close()
