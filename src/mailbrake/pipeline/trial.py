"""Trial: one rendered copy of a mailout to its sender, on record but outside the ledger."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from mailbrake.clock import Clock
from mailbrake.errors import MailbrakeError
from mailbrake.models import Envelope, SmtpReply
from mailbrake.people import User, require
from mailbrake.pipeline.render import factory_for
from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.transport import make_transport

TEST_MARK = b"X-Mailbrake-Test: yes\r\n"


@dataclass(frozen=True, slots=True)
class TrialResult:
    to: str
    rendered_for: str
    reply: SmtpReply
    message_id: str


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
    """Render the mailout for one list member and deliver it to `to` (default: the user)."""
    require(user, "mailouts.send")
    mailout = store.get_mailout(mailout_id)
    recipient = (
        store.find_subscriber(as_recipient)
        if as_recipient
        else next(store.iter_recipients(mailout.list_id, page=1), None)
    )
    if recipient is None:
        raise MailbrakeError(f"List {mailout.list_name!r} has nobody to render the test for.")
    built = factory_for(
        mailout, settings.resolved_secret(), settings.public_url, clock.now()
    ).build(recipient)
    target = (to or user.email).strip()
    envelope = replace(built, recipient=target, data=TEST_MARK + built.data)
    reply = asyncio.run(_deliver(settings, envelope))
    store.record_test_send(
        mailout_id, user.email, target, recipient.email, reply.code, reply.text, built.message_id
    )
    return TrialResult(target, recipient.email, reply, built.message_id)


async def _deliver(settings: Settings, envelope: Envelope) -> SmtpReply:
    transport = make_transport(settings)
    try:
        return await transport.send(envelope)
    finally:
        await transport.close()
