"""One place that turns a stored mailout into its per-recipient message factory."""

from __future__ import annotations

from datetime import datetime

from mailbrake.mime.context import MessageContext
from mailbrake.mime.fast import MessageFactory
from mailbrake.mime.headers import domain_of, parse_from
from mailbrake.mime.templates import compile_templates
from mailbrake.models import Mailout
from mailbrake.settings import Settings


def factory_for(mailout: Mailout, settings: Settings, date: datetime) -> MessageFactory:
    """Templates compiled and MIME skeleton built once for the whole mailout."""
    context = MessageContext(
        mailout_id=mailout.id,
        list_id=mailout.list_id,
        list_name=mailout.list_name,
        secret=settings.resolved_secret(),
        public_url=settings.public_url,
        date=date,
        message_id_domain=domain_of(parse_from(mailout.content.from_addr)[1]),
    )
    return MessageFactory(mailout.content, compile_templates(mailout.content), context)
