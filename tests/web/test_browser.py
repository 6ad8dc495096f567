"""What a recipient clicks, in a real browser against a real server: "I have deleted it"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.browser import LiveServer
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_incident_support import World, make_world
from tests.web.test_links import LINK, corrected, first_message  # noqa: F401 (fixture)

from mailbrake.pipeline.report.facts import build_report
from mailbrake.store import Store
from mailbrake.web import create_app

pytestmark = pytest.mark.browser


@pytest.fixture
def world(store: Store, clock: FakeClock, smtp_sink: SmtpSink, tmp_path: Path) -> World:
    return make_world(store, clock, smtp_sink, tmp_path)


def confirm_link(world: World, followup_id: int) -> tuple[str, str]:
    """(recipient, the path of their "I have deleted it" link) from the correction they got."""
    recipient, text = first_message(world, followup_id)
    match = LINK.search(text)
    assert match is not None
    return recipient, match.group(1)


def test_recipient_confirms_deletion_by_clicking_the_button(
    world: World,
    corrected: tuple[int, int],  # noqa: F811
    live_server: Callable[[Any], LiveServer],
    chromium: Any,
) -> None:
    incident_id, followup_id = corrected
    recipient, path = confirm_link(world, followup_id)
    server = live_server(create_app(world.settings, world.store))
    page = chromium.new_page()
    try:
        page.goto(server.url + path)
        assert world.store.confirmations(incident_id) == {}  # opening the page changes nothing
        page.get_by_role("button", name="I have deleted it").click()
        page.wait_for_load_state()
        heading = page.locator("h1").inner_text()
    finally:
        page.close()
    subscriber = world.store.find_subscriber(recipient)
    assert list(world.store.confirmations(incident_id)) == [subscriber.id]
    assert heading == "Thank you"
    report = build_report(world.store, world.settings, incident_id)
    assert report.done.confirmations == 1


def test_an_altered_link_shows_a_refusal_page(
    world: World,
    corrected: tuple[int, int],  # noqa: F811
    live_server: Callable[[Any], LiveServer],
    chromium: Any,
) -> None:
    incident_id, followup_id = corrected
    _, path = confirm_link(world, followup_id)
    server = live_server(create_app(world.settings, world.store))
    page = chromium.new_page()
    try:
        response = page.goto(server.url + path[:-3] + "xyz")
        assert response is not None
        assert response.status == 400
        assert page.get_by_role("button").count() == 0
    finally:
        page.close()
    assert world.store.confirmations(incident_id) == {}
