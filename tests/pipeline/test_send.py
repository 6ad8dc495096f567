"""pipeline.send: every front door's send, resume, pause, cancel and resend as typed outcomes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.pipeline.test_workflow import HR_NOTE, NEWSLETTER, World, world

from mailbrake.errors import InputError, MailbrakeError, StateError
from mailbrake.models import MailoutState
from mailbrake.pipeline import send as pipeline
from mailbrake.pipeline.approve import decide
from mailbrake.pipeline.deliver import DeliveryOptions
from mailbrake.pipeline.send import (
    ConfirmationNeededError,
    FinalStateError,
    NotStartableError,
    SendOutcome,
    SendOutcomeKind,
    SendRefusedError,
    SendRequest,
    UndoWindowError,
)
from mailbrake.pipeline.status import DeliveryCounts, DeliveryStatus

__all__ = ["world"]  # the fixture, shared with test_workflow


def send(world: World, mailout_id: int, **request: object) -> SendOutcome:
    req = SendRequest(user=world.sender, **request)  # type: ignore[arg-type]
    return pipeline.send(world.store, world.settings, mailout_id, req, clock=world.clock)


def scheduled(world: World, **request: object) -> int:
    mailout_id = world.mailout(NEWSLETTER)
    outcome = send(world, mailout_id, confirm=31, **request)
    assert outcome.kind is SendOutcomeKind.SCHEDULED
    return mailout_id


def started(world: World) -> int:
    mailout_id = scheduled(world)
    world.clock.advance(120)
    assert send(world, mailout_id).kind is SendOutcomeKind.STARTED
    return mailout_id


def test_a_held_mailout_names_its_approvers_and_why(world: World) -> None:
    mailout_id = world.mailout(HR_NOTE)
    outcome = send(world, mailout_id, confirm=31)
    assert outcome.kind is SendOutcomeKind.HELD_FOR_APPROVAL
    assert set(outcome.approvers) == {"alex@example.org", "admin@example.org"}
    assert "the policy holds it" in outcome.held_because
    assert outcome.total == 31
    assert outcome.starts_at is None
    assert "needs approval" in outcome.message
    assert world.state(mailout_id) is MailoutState.AWAITING_APPROVAL


def test_a_clean_mailout_is_scheduled_at_the_end_of_its_undo_window(world: World) -> None:
    mailout_id = world.mailout(NEWSLETTER)
    outcome = send(world, mailout_id, confirm=31)
    assert outcome.kind is SendOutcomeKind.SCHEDULED
    assert outcome.starts_at == world.clock.now() + timedelta(seconds=120)
    assert "undo window" in outcome.message
    assert world.state(mailout_id) is MailoutState.SCHEDULED


def test_a_due_mailout_starts_with_the_delivery_options_it_was_sent_with(world: World) -> None:
    mailout_id = scheduled(world, delivery=DeliveryOptions.build(canary="5"))
    world.clock.advance(120)
    outcome = send(world, mailout_id)
    assert outcome.kind is SendOutcomeKind.STARTED
    assert (outcome.total, outcome.waves) == (31, 2)
    assert world.state(mailout_id) is MailoutState.SENDING
    again = send(world, mailout_id)
    assert again.kind is SendOutcomeKind.ALREADY_SENDING
    assert again.total is None


def test_a_big_send_needs_the_typed_count_and_refuses_a_wrong_one(world: World) -> None:
    mailout_id = world.mailout(NEWSLETTER)
    with pytest.raises(ConfirmationNeededError) as needed:
        send(world, mailout_id)
    assert needed.value.audience == 31
    assert "--confirm 31" in needed.value.hint
    with pytest.raises(SendRefusedError, match="confirmed 30"):
        send(world, mailout_id, confirm=30)
    assert world.state(mailout_id) is MailoutState.CHECKED


def test_a_missed_start_is_refused_with_the_reason(world: World) -> None:
    mailout_id = scheduled(world)
    world.clock.advance(120 + world.settings.start_tolerance_seconds + 1)
    with pytest.raises(NotStartableError) as refused:
        send(world, mailout_id)
    assert "missed" in refused.value.reason
    assert refused.value.hint
    assert world.state(mailout_id) is MailoutState.SCHEDULED


def test_a_cancelled_mailout_cannot_be_sent_resumed_or_resent(world: World) -> None:
    mailout_id = scheduled(world)
    cancelled = pipeline.cancel(
        world.store, world.settings, mailout_id, user=world.sender, clock=world.clock
    )
    assert cancelled.mailout_id == mailout_id
    assert world.state(mailout_id) is MailoutState.CANCELLED
    with pytest.raises(StateError):
        send(world, mailout_id)
    for action in (pipeline.resume, pipeline.resend_uncertain):
        with pytest.raises(FinalStateError, match="which is final") as final:
            action(world.store, world.settings, mailout_id, user=world.sender, clock=world.clock)
        assert final.value.hint == f"`mailbrake status {mailout_id}` shows what was sent."


def test_resume_in_the_undo_window_says_it_starts_by_itself(world: World) -> None:
    mailout_id = scheduled(world)
    with pytest.raises(UndoWindowError) as refused:
        pipeline.resume(
            world.store, world.settings, mailout_id, user=world.sender, clock=world.clock
        )
    assert refused.value.starts_at == world.clock.now() + timedelta(seconds=120)
    assert f"cancel {mailout_id}" in refused.value.hint


def test_pause_then_resume_a_sending_mailout(world: World) -> None:
    mailout_id = started(world)
    paused = pipeline.pause(
        world.store, world.settings, mailout_id, user=world.approver, clock=world.clock, reason=""
    )
    assert paused.message == f"Mailout {mailout_id} is paused: paused by alex@example.org."
    assert world.store.get_mailout(mailout_id).paused_reason == "paused by alex@example.org"
    with pytest.raises(StateError, match="paused"):
        pipeline.pause(
            world.store,
            world.settings,
            mailout_id,
            user=world.sender,
            clock=world.clock,
            reason="x",
        )
    resumed = pipeline.resume(
        world.store, world.settings, mailout_id, user=world.sender, clock=world.clock
    )
    assert (resumed.wave, resumed.waves) == (1, 1)
    assert world.state(mailout_id) is MailoutState.SENDING


def test_cancel_refuses_a_mailout_that_is_sending(world: World) -> None:
    mailout_id = started(world)
    with pytest.raises(MailbrakeError, match="only a scheduled mailout can be cancelled"):
        pipeline.cancel(
            world.store, world.settings, mailout_id, user=world.sender, clock=world.clock
        )
    assert world.state(mailout_id) is MailoutState.SENDING


def test_resend_uncertain_with_nothing_uncertain_requeues_nothing(world: World) -> None:
    mailout_id = started(world)
    outcome = pipeline.resend_uncertain(
        world.store, world.settings, mailout_id, user=world.sender, clock=world.clock
    )
    assert (outcome.requeued, outcome.resumed) == (0, False)


def test_status_counts_the_list_before_a_start_and_the_run_after(world: World) -> None:
    mailout_id = world.mailout(HR_NOTE)
    send(world, mailout_id, confirm=31)
    before = pipeline.delivery_status(world.store, mailout_id)
    assert (before.state, before.total, before.started) == (
        MailoutState.AWAITING_APPROVAL,
        31,
        False,
    )
    assert before.as_json()["wave"] is None
    after = pipeline.delivery_status(world.store, started(world))
    assert (after.total, after.started, after.counts.queued) == (31, True, 31)
    assert after.as_json()["wave"] == {"current": 1, "count": 1}


@pytest.mark.parametrize(
    ("sent", "failed", "fails"),
    [(0, 10, True), (10, 0, False), (9, 1, False), (8, 2, False), (7, 3, True)],
)
def test_a_waited_send_fails_on_nothing_sent_or_failures_above_the_threshold(
    sent: int, failed: int, fails: bool
) -> None:
    status = DeliveryStatus(
        mailout_id=1,
        state=MailoutState.DONE,
        list_name="staff",
        paused_reason="",
        total=sent + failed,
        started=True,
        counts=DeliveryCounts(sent=sent, failed=failed),
        rate_per_second=0.0,
    )
    assert bool(pipeline.wait_failure(status, DeliveryOptions())) is fails


@pytest.mark.parametrize(
    ("values", "field"),
    [({"rate": 0.0}, "rate"), ({"canary_wait": -1.0}, "canary_wait"), ({"hourly": 0}, "hourly")],
)
def test_delivery_options_name_the_field_not_a_cli_flag(
    values: dict[str, float], field: str
) -> None:
    with pytest.raises(InputError) as refused:
        DeliveryOptions(**values)  # type: ignore[arg-type]
    assert [p.where for p in refused.value.problems] == [field]
    assert "--" not in str(refused.value)


def test_an_empty_approval_note_names_the_note_field(world: World) -> None:
    mailout_id = world.mailout(HR_NOTE)
    send(world, mailout_id, confirm=31)
    with pytest.raises(InputError) as refused:
        decide(world.store, world.settings, mailout_id, world.approver, approve=True, note=" ",
               clock=world.clock)  # fmt: skip
    assert refused.value.problems[0].where == "note"
