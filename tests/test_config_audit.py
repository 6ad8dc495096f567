"""A configuration change lands in the audit trail once, with secrets kept out of it."""

from __future__ import annotations

from pathlib import Path

from mailbrake.config_audit import audit_settings
from mailbrake.settings import load_settings
from mailbrake.store import Store


def settings_events(store: Store) -> list[dict[str, object]]:
    return [e.details for e in store.iter_events(object_type="settings")]


def test_first_sight_and_each_change_are_recorded_once(store: Store, tmp_path: Path) -> None:
    first = load_settings(
        smtp_url="smtp://relay.example.org:25", secret_key="test-secret-0123456789"
    )
    assert "smtp_url" in audit_settings(store, first, "it@example.org")
    assert audit_settings(store, first, "it@example.org") == []
    changed = load_settings(
        smtp_url="smtp://relay.example.org:25",
        secret_key="test-secret-0123456789",
        internal_domains=["example.org"],
    )
    assert audit_settings(store, changed, "it@example.org") == ["internal_domains"]
    assert len(settings_events(store)) == 2


def test_a_new_smtp_password_is_a_change_but_never_written_down(store: Store) -> None:
    audit_settings(store, load_settings(smtp_url="smtp://u:old-pass@relay:25"), "it@x.org")
    changed = audit_settings(
        store, load_settings(smtp_url="smtp://u:new-pass@relay:25"), "it@x.org"
    )
    assert changed == ["smtp_url_sha256"]
    recorded = repr(settings_events(store))
    assert "old-pass" not in recorded
    assert "new-pass" not in recorded


def test_an_edited_policy_file_is_a_change(store: Store, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("version = 1\n", encoding="utf-8")
    settings = load_settings(policy_file=policy)
    audit_settings(store, settings, "it@x.org")
    policy.write_text("version = 1\n# stricter now\n", encoding="utf-8")
    assert audit_settings(store, settings, "it@x.org") == ["policy_sha256"]
