"""The correction reaches exactly the recipients who got the original, each with a personal,
signed "I have deleted it" link, through the normal road (check, undo window, ledger)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_incident_support import SECRET, World, leaked_mailout, make_world

from mailbrake.errors import ConflictError, TemplateError
from mailbrake.mime.tokens import TokenError
from mailbrake.models import DeliveryState as D
from mailbrake.models import MailoutState
from mailbrake.pipeline.followup import (
    Followup,
    correction_text,
    create_followup,
    read_confirm_token,
)
from mailbrake.pipeline.hold import start_due
from mailbrake.pipeline.incident import open_incident
from mailbrake.store import Store

LINK = re.compile(r"https://mail\.example\.org/c/(\S+)")
TEXT = "Dear {{ name }},\n\nYesterday's payroll message was sent to you by mistake.\n"


@pytest.fixture
def world(store: Store, clock: FakeClock, smtp_sink: SmtpSink, tmp_path: Path) -> World:
    return make_world(store, clock, smtp_sink, tmp_path)


def incident_for(world: World) -> tuple[int, int]:
    mailout_id = leaked_mailout(world)
    incident = open_incident(world.store, world.settings, mailout_id, world.admin.email,
                             "Payroll data went to all staff", clock=world.clock,
                             notify=False)  # fmt: skip
    return mailout_id, incident.id


def deliver(world: World, followup: Followup) -> None:
    scheduled = followup.prepared.scheduled
    assert scheduled is not None
    world.clock.advance(scheduled.window_seconds)
    assert start_due(world.store, world.settings, world.clock).started == [followup.mailout_id]
    world.run_worker(followup.mailout_id)


def test_correction_reaches_exactly_those_who_got_the_original(world: World) -> None:
    original, incident_id = incident_for(world)
    got_it = world.received(original) | world.dropped()  # sent, and uncertain

    followup = create_followup(world.store, world.settings, incident_id, TEXT,
                               user=world.sender, clock=world.clock)  # fmt: skip
    deliver(world, followup)

    assert followup.recipients == len(got_it)
    assert world.received(followup.mailout_id) == got_it
    assert world.store.get_mailout(followup.mailout_id).state is MailoutState.DONE
    assert world.store.get_incident(incident_id).correction_mailout_id == followup.mailout_id
    assert world.ledger(followup.mailout_id, D.SENT) == got_it


def test_each_correction_carries_the_recipients_own_signed_link(world: World) -> None:
    _, incident_id = incident_for(world)
    followup = create_followup(world.store, world.settings, incident_id, TEXT,
                               user=world.sender, clock=world.clock)  # fmt: skip
    deliver(world, followup)

    messages = [
        m for m in world.sink.messages
        if m.message["X-Mailbrake-Mailout"] == str(followup.mailout_id)
    ]  # fmt: skip
    assert messages
    for received in messages:
        body = received.message.get_body(("plain",))
        assert body is not None
        (token,) = LINK.findall(body.get_content())
        assert read_confirm_token(SECRET.encode(), token) == (
            incident_id, world.store.find_subscriber(received.rcpt_tos[0]).id,
        )  # fmt: skip


def test_exclude_uncertain_leaves_out_those_who_may_not_have_it(world: World) -> None:
    original, incident_id = incident_for(world)

    followup = create_followup(world.store, world.settings, incident_id, TEXT,
                               user=world.sender, clock=world.clock,
                               include_uncertain=False)  # fmt: skip
    deliver(world, followup)

    assert world.received(followup.mailout_id) == world.received(original)


def test_text_without_a_link_gets_the_standard_paragraph() -> None:
    assert correction_text("Please delete it.", 7).endswith("{{ confirm_url_incident_7 }}\n")
    placed = correction_text("Confirm at {{confirm_url}} please.", 7)
    assert placed == "Confirm at {{ confirm_url_incident_7 }} please."


def test_correction_may_only_use_name_email_and_the_link(world: World) -> None:
    _, incident_id = incident_for(world)

    with pytest.raises(TemplateError, match="'department'"):
        create_followup(world.store, world.settings, incident_id, "Hi {{ department }}",
                        user=world.sender, clock=world.clock)  # fmt: skip
    assert world.store.get_incident(incident_id).correction_mailout_id is None


def test_an_incident_gets_one_correction(world: World) -> None:
    _, incident_id = incident_for(world)
    create_followup(world.store, world.settings, incident_id, TEXT, user=world.sender,
                    clock=world.clock)  # fmt: skip

    with pytest.raises(ConflictError, match="has a correction already"):
        create_followup(world.store, world.settings, incident_id, TEXT, user=world.sender,
                        clock=world.clock)  # fmt: skip


def test_confirm_tokens_refuse_alteration_and_other_purposes() -> None:
    from mailbrake.mime.tokens import sign_token

    good = sign_token(b"k", "deleted", {"i": 1, "s": 2})
    assert read_confirm_token(b"k", good) == (1, 2)
    body, mac = good.split(".")
    altered = sign_token(b"k", "deleted", {"i": 1, "s": 3}).split(".")[0] + "." + mac
    for bad in (altered, sign_token(b"k", "unsubscribe", {"i": 1, "s": 2}),
                sign_token(b"other", "deleted", {"i": 1, "s": 2}), body, "x"):  # fmt: skip
        with pytest.raises(TokenError):
            read_confirm_token(b"k", bad)
