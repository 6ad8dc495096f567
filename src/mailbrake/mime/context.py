"""What a mailout's messages share (ids, links, date) and the header values made from it."""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import quote

from mailbrake.mime.headers import domain_of, parse_from
from mailbrake.mime.tokens import sign_token
from mailbrake.models import Mailout

UNSUBSCRIBE = "unsubscribe"
_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
_UNSAFE_IN_URL = re.compile(r"[\s<>\"]")


@dataclass(frozen=True, slots=True)
class MessageContext:
    """The per-mailout facts every message carries.

    message_id_domain: the right-hand side of Message-IDs and List-Id; empty means the
    from address's domain (see `with_domain_of`). unsubscribe_mailto: an address that also
    accepts unsubscribe requests by mail, or empty for the link only.
    """

    mailout_id: int
    list_id: int
    list_name: str
    secret: bytes
    public_url: str
    date: datetime
    message_id_domain: str = ""
    unsubscribe_mailto: str = ""

    def __post_init__(self) -> None:
        # These values go into headers verbatim, so they are checked once, here.
        if not self.secret:
            raise ValueError("MessageContext needs a non-empty secret")
        if self.date.tzinfo is None:
            raise ValueError("MessageContext.date must be timezone-aware")
        if _UNSAFE_IN_URL.search(self.public_url) or "://" not in self.public_url:
            raise ValueError(f"public_url {self.public_url!r} is not a URL fit for a header")
        if self.message_id_domain and not _DOMAIN.fullmatch(self.message_id_domain):
            raise ValueError(f"message_id_domain {self.message_id_domain!r} is not a domain")
        if self.unsubscribe_mailto and _UNSAFE_IN_URL.search(self.unsubscribe_mailto):
            raise ValueError(f"unsubscribe_mailto {self.unsubscribe_mailto!r} is not an address")

    @classmethod
    def for_mailout(
        cls, mailout: Mailout, *, secret: bytes, public_url: str, date: datetime
    ) -> MessageContext:
        """The context of a stored mailout, with ids from the from address's domain."""
        context = cls(mailout.id, mailout.list_id, mailout.list_name, secret, public_url, date)
        return context.with_domain_of(mailout.content.from_addr)

    def with_domain_of(self, from_addr: str) -> MessageContext:
        """This context with message_id_domain filled in from `from_addr` when it is empty."""
        if self.message_id_domain:
            return self
        return replace(self, message_id_domain=domain_of(parse_from(from_addr)[1]))


def message_id_for(ctx: MessageContext, subscriber_id: int) -> str:
    """`<mb.{mailout}.{subscriber}.{mac8}@{domain}>`: the same on a resend, unguessable across."""
    if not ctx.message_id_domain:
        raise ValueError("message_id_for needs ctx.message_id_domain; call with_domain_of first")
    key = f"message-id\0{ctx.mailout_id}\0{subscriber_id}".encode()
    mac = hmac.new(ctx.secret, key, hashlib.sha256).hexdigest()[:8]
    return f"<mb.{ctx.mailout_id}.{subscriber_id}.{mac}@{ctx.message_id_domain}>"


def unsubscribe_token(ctx: MessageContext, subscriber_id: int) -> str:
    return sign_token(ctx.secret, UNSUBSCRIBE, {"l": ctx.list_id, "s": subscriber_id})


def unsubscribe_url(ctx: MessageContext, subscriber_id: int) -> str:
    return f"{ctx.public_url.rstrip('/')}/u/{unsubscribe_token(ctx, subscriber_id)}"


def list_unsubscribe(ctx: MessageContext, subscriber_id: int) -> str:
    """The List-Unsubscribe value: the one-click link, then the mailto when there is one."""
    token = unsubscribe_token(ctx, subscriber_id)
    link = f"<{ctx.public_url.rstrip('/')}/u/{token}>"
    if not ctx.unsubscribe_mailto:
        return link
    subject = quote(f"unsubscribe {token}")
    return f"{link}, <mailto:{ctx.unsubscribe_mailto}?subject={subject}>"


def list_id(ctx: MessageContext) -> str:
    """`<slug.domain>` (RFC 2919), the slug made from the list's name."""
    return f"<{list_slug(ctx.list_name, ctx.list_id)}.{ctx.message_id_domain}>"


def list_slug(name: str, fallback_id: int) -> str:
    """Lowercase ASCII letters, digits and dashes; accents dropped; `list-{id}` if none remain."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or f"list-{fallback_id}"
