"""Snapshot hashes: what a check or an approval was about, so any later change voids it."""

from __future__ import annotations

import hashlib

from mailbrake.models import MailoutContent
from mailbrake.store import Store


def content_hash(content: MailoutContent) -> str:
    """SHA-256 over sender, subject, bodies and every attachment's name, type and bytes."""
    digest = hashlib.sha256()
    for part in (content.from_addr, content.subject, content.text, content.html or "\0"):
        feed(digest, part.encode())
    for item in content.attachments:
        feed(digest, item.filename.encode())
        feed(digest, item.content_type.encode())
        feed(digest, hashlib.sha256(item.data).digest())
    return digest.hexdigest()


def audience_hash(store: Store, list_id: int) -> str:
    """SHA-256 over the resolved recipients (id and address, in id order), streamed."""
    digest = hashlib.sha256()
    for recipient in store.iter_recipients(list_id):
        feed(digest, f"{recipient.id}:{recipient.email}".encode())
    return digest.hexdigest()


def feed(digest: hashlib._Hash, data: bytes) -> None:
    # Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently.
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)
