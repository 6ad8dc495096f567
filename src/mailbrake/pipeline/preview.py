"""Preview: the exact bytes one recipient of a mailout would get."""

from __future__ import annotations

from mailbrake.clock import Clock
from mailbrake.errors import NotFoundError
from mailbrake.pipeline.render import factory_for
from mailbrake.settings import Settings
from mailbrake.store import Store


def preview_bytes(
    store: Store, settings: Settings, mailout_id: int, email: str, *, clock: Clock
) -> bytes:
    mailout = store.get_mailout(mailout_id)
    recipient = store.find_subscriber(email)
    if not store.is_recipient(mailout.list_id, recipient.id):
        raise NotFoundError(
            f"active recipient of list {mailout.list_name!r} called",
            email,
            hint="Preview a recipient the mailout would reach (see the list's members).",
        )
    return factory_for(mailout, settings, clock.now()).build(recipient).data
