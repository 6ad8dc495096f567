"""test-send obeys the brakes: own address only, never a blocked mailout, never in an emergency."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink

from mailbrake.models import MailoutContent, NewSubscriber, Verdict
from mailbrake.people import Role, User
from mailbrake.pipeline.check import check_mailout
from mailbrake.pipeline.trial import REFUSED, TestSendRefusedError, send_trial
from mailbrake.settings import Settings, load_settings
from mailbrake.store import Store

IBAN = "DE75512108001245126199"


def make_settings(tmp_path: Path, sink: SmtpSink, **extra: Any) -> Settings:
    return load_settings(
        secret_key="k" * 32,
        smtp_url=sink.url,
        internal_domains=["example.org"],
        secret_file=tmp_path / "secret",
        **extra,
    )


def make_mailout(store: Store, text: str, *, external: bool = False) -> int:
    staff = store.create_list("staff")
    people = [NewSubscriber("ann@example.org", "Ann Lee"), NewSubscriber("bo@example.org", "Bo")]
    if external:
        people.append(NewSubscriber("cy@customer.example.net", "Cy"))
    store.add_subscribers(staff.id, people)
    content = MailoutContent("hr@example.org", "Your pay", text)
    return store.create_mailout(staff.id, content, created_by="sender@example.org")


@pytest.fixture
def sender(store: Store) -> User:
    return store.add_user("sender@example.org", name="Sam", role=Role.SENDER, actor="system")


def refusals(store: Store, mailout_id: int) -> list[dict[str, Any]]:
    events = store.iter_events("mailout", mailout_id)
    return [e.details for e in events if e.action == REFUSED]


def test_a_test_copy_to_an_outsider_is_refused_and_audited(
    store: Store, sender: User, smtp_sink: SmtpSink, clock: FakeClock, tmp_path: Path
) -> None:
    mailout_id = make_mailout(store, "Hello {{ name }}\n")
    settings = make_settings(tmp_path, smtp_sink)
    with pytest.raises(TestSendRefusedError, match="only your own address") as caught:
        send_trial(
            store, settings, mailout_id, sender,
            to="outsider@external.example.com", as_recipient=None, clock=clock,
        )  # fmt: skip
    assert "Leave out --to" in caught.value.hint
    assert smtp_sink.messages == []
    assert refusals(store, mailout_id)[0]["to"] == "outsider@external.example.com"


def test_a_colleague_needs_the_internal_setting(
    store: Store, sender: User, smtp_sink: SmtpSink, clock: FakeClock, tmp_path: Path
) -> None:
    mailout_id = make_mailout(store, "Hello {{ name }}\n")
    strict = make_settings(tmp_path, smtp_sink)
    with pytest.raises(TestSendRefusedError, match="test_send_to") as caught:
        send_trial(
            store, strict, mailout_id, sender, to="bo@example.org", as_recipient=None, clock=clock
        )
    assert "test_send_to" in caught.value.hint
    relaxed = make_settings(tmp_path, smtp_sink, test_send_to="internal")
    result = send_trial(
        store, relaxed, mailout_id, sender, to="bo@example.org", as_recipient=None, clock=clock
    )
    assert result.to == "bo@example.org"
    with pytest.raises(TestSendRefusedError, match="internal_domains"):
        send_trial(
            store, relaxed, mailout_id, sender,
            to="x@example.org.evil.example", as_recipient=None, clock=clock,
        )  # fmt: skip
    assert smtp_sink.recipients() == ["bo@example.org"]


@pytest.mark.parametrize("checked_before", [True, False], ids=["stored-check", "never-checked"])
def test_a_blocked_mailout_gets_no_test_copy(
    store: Store,
    sender: User,
    smtp_sink: SmtpSink,
    clock: FakeClock,
    tmp_path: Path,
    checked_before: bool,
) -> None:
    mailout_id = make_mailout(store, f"Refund to IBAN {IBAN}\n", external=True)
    settings = make_settings(tmp_path, smtp_sink)
    if checked_before:
        assert check_mailout(store, settings, mailout_id, clock=clock).verdict is Verdict.BLOCK
    with pytest.raises(TestSendRefusedError, match=r"check says block \(personal-data-external\)"):
        send_trial(store, settings, mailout_id, sender, to=None, as_recipient=None, clock=clock)
    assert smtp_sink.messages == []
    assert refusals(store, mailout_id)[0]["verdict"] == "block"
    assert store.latest_check(mailout_id) is not None


def test_no_test_copy_while_the_emergency_switch_is_on(
    store: Store, sender: User, smtp_sink: SmtpSink, clock: FakeClock, tmp_path: Path
) -> None:
    mailout_id = make_mailout(store, "Hello {{ name }}\n")
    store.set_emergency(True, actor="admin@example.org", reason="leak drill")
    settings = make_settings(tmp_path, smtp_sink)
    with pytest.raises(TestSendRefusedError, match=r"emergency switch is on \(leak drill\)"):
        send_trial(store, settings, mailout_id, sender, to=None, as_recipient=None, clock=clock)
    assert smtp_sink.messages == []


def test_a_test_copy_is_marked_checked_first_and_audited_with_the_verdict(
    store: Store, sender: User, smtp_sink: SmtpSink, clock: FakeClock, tmp_path: Path
) -> None:
    mailout_id = make_mailout(store, "Hello {{ name }}\n")
    settings = make_settings(tmp_path, smtp_sink)
    result = send_trial(
        store, settings, mailout_id, sender, to=None, as_recipient=None, clock=clock
    )
    assert result.checked_now
    assert result.to == "sender@example.org"
    (received,) = smtp_sink.wait_for(1)
    assert received.message["Subject"] == "[TEST] Your pay"
    assert received.message["X-Mailbrake-Test"] == "yes"
    (event,) = [e for e in store.iter_events("mailout", mailout_id) if e.action.endswith("send")]
    assert event.actor == "sender@example.org"
    assert event.details["to"] == "sender@example.org"
    assert event.details["verdict"] == str(result.verdict)
    again = send_trial(store, settings, mailout_id, sender, to=None, as_recipient=None, clock=clock)
    assert not again.checked_now  # the stored check is still current


def test_a_stale_check_is_run_again_before_the_copy(
    store: Store, sender: User, smtp_sink: SmtpSink, clock: FakeClock, tmp_path: Path
) -> None:
    mailout_id = make_mailout(store, "Hello {{ name }}\n", external=True)
    settings = make_settings(tmp_path, smtp_sink)
    assert check_mailout(store, settings, mailout_id, clock=clock).verdict is not Verdict.BLOCK
    changed = MailoutContent("hr@example.org", "Your pay", f"Refund to IBAN {IBAN}\n")
    store.update_content(mailout_id, changed, actor="sender@example.org")
    with pytest.raises(TestSendRefusedError, match="check says block"):
        send_trial(store, settings, mailout_id, sender, to=None, as_recipient=None, clock=clock)
    assert smtp_sink.messages == []
