"""The safe-send road: check, confirm, approve (four eyes), undo window, cancel, stale starts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink

from mailbrake.models import MailoutState, NewSubscriber, Verdict
from mailbrake.people import PermissionDeniedError, Role, User
from mailbrake.pipeline.approve import ApprovalError, decide, valid_approval
from mailbrake.pipeline.compose import Draft, Edit, compose, edit
from mailbrake.pipeline.hold import cancel, start_due, undo_window
from mailbrake.pipeline.prepare import (
    ConfirmationNeededError,
    SendRefusedError,
    SendRequest,
    prepare_send,
)
from mailbrake.settings import Settings, load_settings
from mailbrake.store import Store

NEWSLETTER = "Hello {{ name }},\n\nThe canteen now serves breakfast from 8.\n"
HR_NOTE = (
    "Performance review - Dana Whitfield\n\n"
    "Dana Whitfield is on a performance improvement plan (PIP) until March. Her rating for "
    "the year is 2 of 5 and her salary review is frozen. HR only, do not forward.\n"
)


@dataclass
class World:
    store: Store
    settings: Settings
    clock: FakeClock
    tmp: Path
    sender: User
    approver: User
    admin: User
    list_id: int

    def mailout(self, text: str, name: str = "body.txt") -> int:
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        draft = Draft("staff", "HR <hr@example.org>", "Update", path)
        return compose(self.store, draft, created_by=self.sender.email)

    def state(self, mailout_id: int) -> MailoutState:
        return self.store.get_mailout(mailout_id).state


@pytest.fixture
def world(store: Store, clock: FakeClock, smtp_sink: SmtpSink, tmp_path: Path) -> World:
    settings = load_settings(
        smtp_url=smtp_sink.url,
        secret_key="test-secret-0123456789",
        internal_domains=["example.org"],
        undo_window_steps=[(24, 0), (1000, 120)],
        confirm_threshold=20,
    )
    admin = store.add_user(
        "admin@example.org", name="Ada", role=Role.ADMIN, actor="t", bootstrap=True
    )
    sender = store.add_user(
        "sam@example.org", name="Sam", role=Role.SENDER, actor="t", manager="admin@example.org"
    )
    approver = store.add_user("alex@example.org", name="Alex", role=Role.APPROVER, actor="t")
    staff = store.create_list("staff")
    people = [NewSubscriber(f"p{i}@example.org", f"Person {i}") for i in range(30)]
    people.append(NewSubscriber("dana.whitfield@example.org", "Dana Whitfield"))
    store.add_subscribers(staff.id, people)
    store.set_emergency(False, actor="t")
    return World(store, settings, clock, tmp_path, sender, approver, admin, staff.id)


def send(world: World, mailout_id: int, **request: object) -> object:
    req = SendRequest(user=request.pop("user", world.sender), **request)  # type: ignore[arg-type]
    return prepare_send(world.store, world.settings, mailout_id, req, clock=world.clock)


def test_undo_window_depends_on_audience(world: World) -> None:
    assert undo_window(5, world.settings) == 0
    assert undo_window(500, world.settings) == 120
    assert undo_window(5000, world.settings) == world.settings.undo_window_seconds


def test_big_audience_needs_the_typed_count(world: World) -> None:
    mailout_id = world.mailout(NEWSLETTER)
    with pytest.raises(ConfirmationNeededError) as caught:
        send(world, mailout_id)
    assert caught.value.audience == 31
    with pytest.raises(SendRefusedError, match=r"confirmed 30 recipients.*goes to 31"):
        send(world, mailout_id, confirm=30)
    assert world.state(mailout_id) is not MailoutState.SCHEDULED


def test_clean_mailout_is_scheduled_and_starts_after_the_window(world: World) -> None:
    mailout_id = world.mailout(NEWSLETTER)
    prepared = send(world, mailout_id, confirm=31)
    assert world.state(mailout_id) is MailoutState.SCHEDULED
    assert prepared.scheduled.window_seconds == 120  # type: ignore[attr-defined]
    world.clock.advance(119)
    assert start_due(world.store, world.settings, world.clock).started == []
    world.clock.advance(2)
    assert start_due(world.store, world.settings, world.clock).started == [mailout_id]
    assert world.state(mailout_id) is MailoutState.SENDING


def test_cancel_in_the_window_means_nothing_is_sent(world: World, smtp_sink: SmtpSink) -> None:
    mailout_id = world.mailout(NEWSLETTER)
    send(world, mailout_id, confirm=31)
    cancel(world.store, mailout_id, world.sender.email)
    world.clock.advance(600)
    assert start_due(world.store, world.settings, world.clock).started == []
    assert world.state(mailout_id) is MailoutState.CANCELLED
    assert not any(world.store.delivery_counts(mailout_id).values())
    assert not [m for m in smtp_sink.messages if "X-Mailbrake-Mailout" in m.message]


def test_start_missed_beyond_tolerance_needs_a_new_confirmation(world: World) -> None:
    mailout_id = world.mailout(NEWSLETTER)
    send(world, mailout_id, confirm=31)
    world.clock.advance(120 + world.settings.start_tolerance_seconds + 1)
    due = start_due(world.store, world.settings, world.clock)
    assert due.started == []
    assert due.sent_back[0][0] == mailout_id
    assert "missed" in due.sent_back[0][1]
    assert world.state(mailout_id) is MailoutState.CHECKED


def test_held_mailout_waits_for_another_persons_approval(world: World, smtp_sink: SmtpSink) -> None:
    mailout_id = world.mailout(HR_NOTE)
    prepared = send(world, mailout_id, confirm=31)
    assert prepared.check.verdict is Verdict.HOLD  # type: ignore[attr-defined]
    assert world.state(mailout_id) is MailoutState.AWAITING_APPROVAL
    notified = {m.rcpt_tos[0] for m in smtp_sink.wait_for(2)}
    assert notified == {"alex@example.org", "admin@example.org"}
    decide(
        world.store,
        world.settings,
        mailout_id,
        world.approver,
        approve=True,
        note="HR asked for it; list checked",
        clock=world.clock,
    )
    assert world.state(mailout_id) is MailoutState.SCHEDULED


def test_a_sender_cannot_approve(world: World) -> None:
    mailout_id = world.mailout(HR_NOTE)
    with pytest.raises(PermissionDeniedError):
        decide(
            world.store,
            world.settings,
            mailout_id,
            world.sender,
            approve=True,
            note="looks fine to me",
            clock=world.clock,
        )


def test_nobody_approves_their_own_mailout_even_as_admin(world: World) -> None:
    path = world.tmp / "note.txt"
    path.write_text(HR_NOTE, encoding="utf-8")
    draft = Draft("staff", "HR <hr@example.org>", "Review", path)
    mailout_id = compose(world.store, draft, created_by=world.admin.email)
    send(world, mailout_id, user=world.admin, confirm=31)
    with pytest.raises(ApprovalError, match="cannot approve it, even as admin"):
        decide(
            world.store,
            world.settings,
            mailout_id,
            world.admin,
            approve=True,
            note="it is mine and fine",
            clock=world.clock,
        )


def approved(world: World) -> int:
    """A held mailout approved by someone else: scheduled, with a valid approval."""
    mailout_id = world.mailout(HR_NOTE)
    send(world, mailout_id, confirm=31)
    assert world.state(mailout_id) is MailoutState.AWAITING_APPROVAL
    decide(
        world.store,
        world.settings,
        mailout_id,
        world.approver,
        approve=True,
        note="checked with HR",
        clock=world.clock,
    )
    assert world.state(mailout_id) is MailoutState.SCHEDULED
    mailout = world.store.get_mailout(mailout_id)
    assert valid_approval(world.store, mailout, world.clock).approval is not None
    return mailout_id


@pytest.mark.parametrize("change", ["body", "attachment"])
def test_approval_is_void_after_an_edit(world: World, change: str) -> None:
    mailout_id = approved(world)
    extra = world.tmp / "extra.txt"
    extra.write_text(HR_NOTE + "One more line.\n", encoding="utf-8")
    files = Edit(text_file=extra) if change == "body" else Edit(attachments=[extra])
    edit(world.store, mailout_id, files, actor=world.sender.email)
    assert world.state(mailout_id) is MailoutState.DRAFT
    mailout = world.store.get_mailout(mailout_id)
    assert "after" in valid_approval(world.store, mailout, world.clock).reason
    send(world, mailout_id, confirm=31)  # checks again: held again, the old approval is void
    assert world.state(mailout_id) is MailoutState.AWAITING_APPROVAL


def test_approval_is_void_after_the_list_changes(world: World) -> None:
    mailout_id = approved(world)
    world.store.add_subscribers(world.list_id, [NewSubscriber("new@example.org")])
    mailout = world.store.get_mailout(mailout_id)
    assert "changed" in valid_approval(world.store, mailout, world.clock).reason
    world.clock.advance(600)
    due = start_due(world.store, world.settings, world.clock)
    assert due.started == []
    assert world.state(mailout_id) is MailoutState.CHECKED


def test_approval_expires(world: World) -> None:
    mailout_id = approved(world)
    world.clock.advance(world.settings.approval_ttl_hours * 3600 + 1)
    mailout = world.store.get_mailout(mailout_id)
    assert "expired" in valid_approval(world.store, mailout, world.clock).reason


def small_list(world: World, name: str, emails: list[str]) -> None:
    target = world.store.create_list(name)
    world.store.add_subscribers(target.id, [NewSubscriber(e) for e in emails])


def mailout_to(world: World, list_name: str, text: str) -> int:
    path = world.tmp / f"{list_name}.txt"
    path.write_text(text, encoding="utf-8")
    draft = Draft(list_name, "HR <hr@example.org>", "Update", path)
    return compose(world.store, draft, created_by=world.sender.email)


def test_warn_needs_a_written_justification_which_is_stored(world: World) -> None:
    small_list(world, "team", ["a@example.org", "b@example.org"])
    mailout_id = mailout_to(
        world,
        "team",
        "DRAFT v0.3 - for internal review only. Restructuring plan: the Leeds "
        "support desk closes in Q3 and its 12 roles move to Dublin.\n",
    )
    with pytest.raises(SendRefusedError, match="justification"):
        send(world, mailout_id)
    assert world.store.latest_check(mailout_id).verdict is Verdict.WARN  # type: ignore[union-attr]
    send(world, mailout_id, override="The two team leads drafted this plan themselves.")
    assert world.state(mailout_id) is MailoutState.SCHEDULED
    (override,) = world.store.overrides_for(mailout_id)
    assert override.by == world.sender.email
    assert override.justification.startswith("The two team leads")


def test_blocked_mailout_is_refused(world: World) -> None:
    small_list(world, "partners", ["a@example.org", "ceo@partner.example.net"])
    key = "AKIA" + "QX7LMN3P4RSTUV2W"
    mailout_id = mailout_to(
        world,
        "partners",
        f"Deploy with these:\naws_access_key_id = {key}\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEYz\n",
    )
    with pytest.raises(SendRefusedError, match="blocked by the policy"):
        send(world, mailout_id, override="I really want to send this now")
    assert world.state(mailout_id) is MailoutState.CHECKED


def test_emergency_switch_holds_every_new_send(world: World) -> None:
    world.store.set_emergency(True, actor=world.admin.email, reason="wrong list used")
    mailout_id = world.mailout(NEWSLETTER)
    prepared = send(world, mailout_id, confirm=31)
    assert world.state(mailout_id) is MailoutState.AWAITING_APPROVAL
    assert "emergency" in prepared.held_because  # type: ignore[attr-defined]
