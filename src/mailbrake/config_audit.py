"""Configuration changes in the audit trail: the first command run after a change records it."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy.engine import make_url

from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.transport.url import parse_smtp_url

# Settings that change what mailbrake lets through or where mail goes; host-local ones
# (sink_dir, secret_file, log_level) are left out so hosts do not flip-flop the record.
AUDITED = (
    "database_url",
    "smtp_url",
    "public_url",
    "internal_domains",
    "policy_file",
    "confirm_threshold",
    "undo_window_steps",
    "undo_window_seconds",
    "start_tolerance_seconds",
    "approval_ttl_hours",
    "check_timeout_seconds",
    "security_contact",
)


def fingerprint(settings: Settings) -> dict[str, Any]:
    """The audited settings as JSON-ready values; passwords masked, the policy file hashed."""
    values: dict[str, Any] = {name: _plain(getattr(settings, name)) for name in AUDITED}
    values["smtp_url"] = parse_smtp_url(settings.smtp_url).masked()
    values["smtp_url_sha256"] = _digest(settings.smtp_url.encode())  # a new password shows
    values["database_url"] = make_url(settings.database_url).render_as_string(hide_password=True)
    values["secret_key"] = _digest(settings.secret_key.encode()) if settings.secret_key else ""
    if settings.policy_file is not None and settings.policy_file.is_file():
        values["policy_sha256"] = _digest(settings.policy_file.read_bytes())
    return values


def audit_settings(store: Store, settings: Settings, actor: str) -> list[str]:
    """Record the settings when they differ from the last recorded ones; returns what changed."""
    current = fingerprint(settings)
    last: dict[str, Any] = {}
    for event in store.iter_events(object_type="settings"):
        last = dict(event.details.get("settings", {}))
    changed = sorted(k for k in current.keys() | last.keys() if current.get(k) != last.get(k))
    if changed:
        details = {"changed": changed, "settings": current}
        store.record_event(actor, "settings.changed", "settings", "mailbrake", details)
    return changed


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value if isinstance(value, int | float | str | bool) or value is None else str(value)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]
