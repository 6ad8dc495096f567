"""The recipients' links over real HTTP (in-process): "I have deleted it" and one-click
unsubscribe. GET never changes anything; forged or altered tokens get a 400 page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_incident_support import World, leaked_mailout, make_world

from mailbrake.mime.tokens import sign_token
from mailbrake.pipeline.followup import create_followup
from mailbrake.pipeline.hold import start_due
from mailbrake.pipeline.incident import open_incident
from mailbrake.pipeline.report.facts import build_report
from mailbrake.store import Store
from mailbrake.web import create_app

LINK = re.compile(r"https://mail\.example\.org(/c/\S+)")
UNSUBSCRIBE = re.compile(r"<https://mail\.example\.org(/u/[^>]+)>")


@pytest.fixture
def world(store: Store, clock: FakeClock, smtp_sink: SmtpSink, tmp_path: Path) -> World:
    return make_world(store, clock, smtp_sink, tmp_path)


@pytest.fixture
def corrected(world: World) -> tuple[int, int]:
    """(incident id, correction mailout id): the correction has been delivered to the sink."""
    mailout_id = leaked_mailout(world)
    incident = open_incident(world.store, world.settings, mailout_id, world.admin.email,
                             "Payroll data leaked", clock=world.clock, notify=False)  # fmt: skip
    followup = create_followup(world.store, world.settings, incident.id, "Please delete it.",
                               user=world.sender, clock=world.clock)  # fmt: skip
    assert followup.prepared.scheduled is not None
    world.clock.advance(followup.prepared.scheduled.window_seconds)
    start_due(world.store, world.settings, world.clock)
    world.run_worker(followup.mailout_id)
    return incident.id, followup.mailout_id


@pytest.fixture
async def client(world: World) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(world.settings, world.store))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as test_client:
        yield test_client


def first_message(world: World, mailout_id: int) -> tuple[str, str]:
    """(recipient, plain text) of one message of `mailout_id` the sink received."""
    for received in world.sink.messages:
        if received.message["X-Mailbrake-Mailout"] == str(mailout_id):
            body = received.message.get_body(("plain",))
            assert body is not None
            return received.rcpt_tos[0], body.get_content()
    raise AssertionError(f"no message of mailout {mailout_id}")


async def test_confirming_through_the_link_updates_the_report(
    world: World, corrected: tuple[int, int], client: httpx.AsyncClient
) -> None:
    incident_id, fix = corrected
    recipient, text = first_message(world, fix)
    (path,) = LINK.findall(text)

    page = await client.get(path)
    assert page.status_code == 200
    assert "I have deleted it" in page.text
    assert 'method="post"' in page.text
    assert world.store.confirmations(incident_id) == {}  # GET changes nothing

    done = await client.post(path)
    again = await client.post(path)

    assert (done.status_code, again.status_code) == (200, 200)
    assert "already" in again.text
    subscriber = world.store.find_subscriber(recipient).id
    assert list(world.store.confirmations(incident_id)) == [subscriber]
    report = build_report(world.store, world.settings, incident_id)
    assert report.done.confirmations == 1
    assert [c["recipient"][:1] for c in report.done.confirmed] == [recipient[:1]]
    actions = [e.action for e in world.store.iter_events("incident", incident_id)]
    assert actions.count("incident.confirmed") == 1
    assert page.headers["referrer-policy"] == "no-referrer"


async def test_forged_or_altered_tokens_are_refused(
    world: World, corrected: tuple[int, int], client: httpx.AsyncClient
) -> None:
    incident_id, fix = corrected
    _, text = first_message(world, fix)
    (path,) = LINK.findall(text)
    token = path.removeprefix("/c/")
    payload, mac = token.split(".")
    other = sign_token(b"k", "deleted", {"i": incident_id, "s": 99_999}).split(".")[0]
    forged = [
        f"{other}.{mac}",  # another recipient's payload with this signature
        sign_token(b"not-our-secret", "deleted", {"i": incident_id, "s": 1}),
        sign_token(b"incident-tests-secret", "unsubscribe", {"i": incident_id, "s": 1}),
        payload,
        f"{token[:-1]}{'A' if token[-1] != 'A' else 'B'}",
    ]
    for bad in forged:
        for response in (await client.get(f"/c/{bad}"), await client.post(f"/c/{bad}")):
            assert response.status_code == 400, bad
            assert "This link is not valid" in response.text
            assert "Traceback" not in response.text
    assert world.store.confirmations(incident_id) == {}


async def test_a_link_to_an_unknown_incident_is_not_found(client: httpx.AsyncClient) -> None:
    token = sign_token(b"incident-tests-secret", "deleted", {"i": 999, "s": 1})

    response = await client.post(f"/c/{token}")

    assert response.status_code == 404
    assert "no longer exists" in response.text


async def test_one_click_unsubscribe_needs_the_post_body(
    world: World, corrected: tuple[int, int], client: httpx.AsyncClient
) -> None:
    _, fix = corrected
    received = next(m for m in world.sink.messages if m.message["X-Mailbrake-Mailout"] == str(fix))
    (path,) = UNSUBSCRIBE.findall(str(received.message["List-Unsubscribe"]))
    subscriber = world.store.find_subscriber(received.rcpt_tos[0]).id
    list_id = world.store.get_mailout(fix).list_id

    assert (await client.get(path)).status_code == 200
    assert (await client.post(path, content=b"")).status_code == 400
    assert world.store.is_recipient(list_id, subscriber)

    done = await client.post(
        path,
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert done.status_code == 200
    assert not world.store.is_recipient(list_id, subscriber)
    garbage = await client.post("/u/garbage.token", content=b"List-Unsubscribe=One-Click")
    assert garbage.status_code == 400


MULTIPART = {"Content-Type": "multipart/form-data; boundary=b0undary"}


def multipart(value: str) -> bytes:
    """A form with one field, List-Unsubscribe, as a mail provider posts it."""
    part = 'Content-Disposition: form-data; name="List-Unsubscribe"'
    return f"--b0undary\r\n{part}\r\n\r\n{value}\r\n--b0undary--\r\n".encode()


async def test_one_click_unsubscribe_accepts_multipart_form_data(
    world: World, corrected: tuple[int, int], client: httpx.AsyncClient
) -> None:
    _, fix = corrected
    received = next(m for m in world.sink.messages if m.message["X-Mailbrake-Mailout"] == str(fix))
    (path,) = UNSUBSCRIBE.findall(str(received.message["List-Unsubscribe"]))
    subscriber = world.store.find_subscriber(received.rcpt_tos[0]).id
    list_id = world.store.get_mailout(fix).list_id
    wrong = await client.post(path, files={"List-Unsubscribe": ("x.txt", b"One-Click")})
    assert wrong.status_code == 400  # a file part is not the form field RFC 8058 names
    assert world.store.is_recipient(list_id, subscriber)

    done = await client.post(path, content=multipart("One-Click"), headers=MULTIPART)
    assert done.status_code == 200, done.text
    assert not world.store.is_recipient(list_id, subscriber)


async def test_multipart_with_another_value_is_refused(
    world: World, corrected: tuple[int, int], client: httpx.AsyncClient
) -> None:
    _, fix = corrected
    received = next(m for m in world.sink.messages if m.message["X-Mailbrake-Mailout"] == str(fix))
    (path,) = UNSUBSCRIBE.findall(str(received.message["List-Unsubscribe"]))
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\n'
        f"Maybe\r\n--{boundary}--\r\n"
    ).encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    refused = await client.post(path, content=body, headers=headers)
    assert refused.status_code == 400
    assert "One-Click" in refused.text
