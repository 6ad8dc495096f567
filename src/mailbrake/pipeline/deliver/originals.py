"""Gateway mailouts go out as their original bytes: one copy per recipient, only the envelope
changed, so what the members get is exactly what the sender's mail client wrote."""

from __future__ import annotations

from collections.abc import Callable

from mailbrake.models import Envelope, GatewayOriginal, Mailout, Subscriber
from mailbrake.pipeline.deliver.dispatch import Build
from mailbrake.store import Store
from mailbrake.store.ledger import RunInfo

MessageSource = Callable[[Mailout, RunInfo], Build]


def original_build(original: GatewayOriginal, message_id: str) -> Build:
    def build(recipient: Subscriber) -> Envelope:
        return Envelope(original.mail_from, recipient.email, original.data, message_id)

    return build


def with_originals(store: Store, campaigns: MessageSource) -> MessageSource:
    """A message source that sends a gateway mailout's original and builds every other
    mailout with `campaigns`."""

    def make(mailout: Mailout, run: RunInfo) -> Build:
        if mailout.options.get("source") != "gateway":
            return campaigns(mailout, run)
        original = store.require_gateway_mailout(mailout.id)
        return original_build(original, _message_id(store, mailout.id))

    return make


def _message_id(store: Store, mailout_id: int) -> str:
    for record in store.gateway_messages_for(mailout_id):
        if record.message_id:
            return record.message_id
    return f"<gateway-mailout-{mailout_id}@mailbrake>"
