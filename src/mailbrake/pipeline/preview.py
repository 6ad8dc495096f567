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
    """What `email` gets (or got): dated at the run's start once sending has begun, else now."""
    mailout = store.get_mailout(mailout_id)
    recipient = store.find_subscriber(email)
    if not store.is_recipient(mailout.list_id, recipient.id):
        raise NotFoundError(
            f"active recipient of list {mailout.list_name!r} called",
            email,
            hint="Preview a recipient the mailout would reach (see the list's members).",
        )
    run = store.find_run(mailout_id)
    date = run.enqueued_at if run is not None else clock.now()
    secret, limits = settings.resolved_secret(), settings.render_limits()
    factory = factory_for(mailout, secret, settings.public_url, date, limits)
    return factory.build(recipient).data
