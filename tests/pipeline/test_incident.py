"""Incidents: opened after a stop (unless routine), the manager told with the report attached,
closed incidents read-only."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_incident_support import (
    MANAGER,
    RAW_IDENTIFIERS,
    SECURITY,
    World,
    leaked_mailout,
    make_world,
)

from mailbrake.errors import ConflictError, InputError, MailbrakeError
from mailbrake.models import MailoutContent, MailoutState
from mailbrake.pipeline.deliver import DeliveryOptions, start_sending
from mailbrake.pipeline.followup import create_followup
from mailbrake.pipeline.incident import (
    close_incident,
    notify_incident,
    open_after_stop,
    open_incident,
)
from mailbrake.pipeline.stop import stop_mailouts
from mailbrake.store import Store
from mailbrake.store.incidents import ClosedIncidentError


@pytest.fixture
def world(store: Store, clock: FakeClock, smtp_sink: SmtpSink, tmp_path: Path) -> World:
    return make_world(store, clock, smtp_sink, tmp_path)


def after_stop(world: World, mailout_id: int, routine: bool = False) -> object:
    return open_after_stop(world.store, world.settings, mailout_id, world.sender.email,
                           routine=routine, clock=world.clock, brake_ms=12.5)  # fmt: skip


def test_stop_after_messages_left_opens_an_incident_linked_to_the_mailout(world: World) -> None:
    mailout_id = leaked_mailout(world)

    incident = after_stop(world, mailout_id)

    assert incident is not None
    found = world.store.get_incident(incident.id)  # type: ignore[attr-defined]
    assert (found.mailout_id, found.opened_by, found.automatic) == (
        mailout_id, world.sender.email, True,
    )  # fmt: skip
    assert found.opened_at == world.clock.now()
    assert found.brake_ms == 12.5
    actions = [e.action for e in world.store.iter_events("incident", found.id)]
    assert actions == ["incident.opened", "incident.notified"]


def test_manager_and_security_contact_get_the_notice_with_the_report_attached(
    world: World,
) -> None:
    mailout_id = leaked_mailout(world)

    after_stop(world, mailout_id)

    for address in (MANAGER, SECURITY):
        (notice,) = world.notices_to(address)
        body = notice.get_body(("plain",))
        assert body is not None
        text = body.get_content()
        assert [word in text for word in ("WHAT:", "TO WHOM:", "WHEN:", "DONE:")] == [True] * 4
        (attached,) = list(notice.iter_attachments())
        assert attached.get_content_type() == "text/html"
        page = attached.get_content()
        HTMLParser().feed(page)
        assert "5. How it happened" in page
        for raw in RAW_IDENTIFIERS:
            assert raw not in page
            assert raw not in text


def test_routine_stop_opens_no_incident(world: World) -> None:
    mailout_id = leaked_mailout(world)

    assert after_stop(world, mailout_id, routine=True) is None
    assert world.store.list_incidents() == []


def test_stop_before_any_message_left_opens_no_incident(world: World) -> None:
    content = MailoutContent("sam@example.org", "Hi", "Hello {{ name }}\n")
    mailout_id = world.store.create_mailout(world.list_id, content, created_by="sam@example.org")
    for state in (MailoutState.CHECKED, MailoutState.SCHEDULED):
        world.store.change_state(mailout_id, state)
    start_sending(world.store, mailout_id, DeliveryOptions())
    stop_mailouts(world.store, [mailout_id])

    assert after_stop(world, mailout_id) is None


def test_a_mailout_has_one_open_incident_at_a_time(world: World) -> None:
    mailout_id = leaked_mailout(world)
    first = after_stop(world, mailout_id)

    assert after_stop(world, mailout_id) is None
    with pytest.raises(ConflictError, match="open incident already"):
        open_incident(world.store, world.settings, mailout_id, "admin@example.org", "again",
                      clock=world.clock)  # fmt: skip
    assert [i.id for i in world.store.list_incidents()] == [first.id]  # type: ignore[attr-defined]


def test_closed_incident_is_read_only(world: World) -> None:
    mailout_id = leaked_mailout(world)
    incident = open_incident(world.store, world.settings, mailout_id, world.admin.email,
                             "Payroll data went to all staff", clock=world.clock,
                             notify=False)  # fmt: skip

    closed = close_incident(world.store, incident.id, world.admin.email, "Everyone confirmed.")

    assert (closed.state, closed.closed_by, closed.close_note) == (
        "closed", world.admin.email, "Everyone confirmed.",
    )  # fmt: skip
    with pytest.raises(ClosedIncidentError):
        notify_incident(world.store, world.settings, incident.id, "x", clock=world.clock)
    with pytest.raises(ClosedIncidentError):
        create_followup(world.store, world.settings, incident.id, "Delete it.",
                        user=world.sender, clock=world.clock)  # fmt: skip
    with pytest.raises(ClosedIncidentError):
        close_incident(world.store, incident.id, world.admin.email, "again")
    assert world.store.get_incident(incident.id).close_note == "Everyone confirmed."


def test_opening_needs_a_summary_and_closing_a_note(world: World) -> None:
    mailout_id = leaked_mailout(world)
    with pytest.raises(InputError, match="--summary"):
        open_incident(world.store, world.settings, mailout_id, "a@example.org", "  ",
                      clock=world.clock)  # fmt: skip
    incident = open_incident(world.store, world.settings, mailout_id, "a@example.org", "Oops",
                             clock=world.clock, notify=False)  # fmt: skip
    with pytest.raises(InputError, match="--note"):
        close_incident(world.store, incident.id, "a@example.org", "")


def test_notify_with_nobody_to_tell_says_what_to_set(world: World) -> None:
    mailout_id = leaked_mailout(world)
    settings = world.settings.model_copy(update={"security_contact": ""})
    content = world.store.get_mailout(mailout_id).content
    orphan = world.store.create_mailout(world.list_id, content, created_by="script@example.org")
    incident = open_incident(world.store, settings, orphan, "a@example.org", "Oops",
                             clock=world.clock)  # fmt: skip

    assert [e.action for e in world.store.iter_events("incident", incident.id)] == [
        "incident.opened"
    ]
    with pytest.raises(MailbrakeError, match="security_contact"):
        notify_incident(world.store, settings, incident.id, "a@example.org", clock=world.clock)
