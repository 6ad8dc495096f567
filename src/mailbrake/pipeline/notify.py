"""Notify: short plain-text e-mails to people (approvers, senders, managers) via the transport."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from mailbrake.models import Attachment, Envelope
from mailbrake.settings import Settings
from mailbrake.transport import make_transport

log = logging.getLogger(__name__)
NOTIFY_FROM = "mailbrake@localhost"


def build_notice(
    sender: str, to: str, subject: str, body: str, attachments: Sequence[Attachment] = ()
) -> Envelope:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    for item in attachments:
        maintype, _, subtype = item.content_type.partition("/")
        message.add_attachment(item.data, maintype=maintype, subtype=subtype,
                               filename=item.filename)  # fmt: skip
    return Envelope(sender, to, message.as_bytes(), str(message["Message-ID"]))


def send_notices(settings: Settings, envelopes: Sequence[Envelope]) -> list[str]:
    """Send each notice; returns the addresses that could not be notified (never raises)."""

    async def run() -> list[str]:
        transport = make_transport(settings)
        try:
            replies = await transport.send_many(list(envelopes))
        finally:
            await transport.close()
        return [e.recipient for e, r in zip(envelopes, replies, strict=True) if not r.is_success]

    if not envelopes:
        return []
    try:
        return asyncio.run(run())
    except Exception as exc:  # a notice that cannot go out is reported, never fatal
        log.warning("notices could not be sent: %s", exc)
        return [e.recipient for e in envelopes]
