"""The one place a stored mailout becomes its message factory: delivery, preview, test send."""

from __future__ import annotations

from datetime import datetime

from mailbrake.mime.context import MessageContext
from mailbrake.mime.fast import MessageFactory
from mailbrake.mime.templates import compile_templates
from mailbrake.models import Mailout


def factory_for(mailout: Mailout, secret: bytes, public_url: str, date: datetime) -> MessageFactory:
    """Templates compiled and the MIME skeleton built once for the whole mailout.

    `date` is the Date header of every copy: the run's start for a real send, so a resent
    uncertain delivery is byte-for-byte the message the first attempt carried.
    """
    context = MessageContext.for_mailout(mailout, secret=secret, public_url=public_url, date=date)
    return MessageFactory(mailout.content, compile_templates(mailout.content), context)
