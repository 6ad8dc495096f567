"""Fixtures of the web tests: the incident tests' world, staffed with passwords and tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_incident_support import World, make_world
from tests.web.site_support import People, app_of, client_for, staff

from mailbrake.store import Store


@pytest.fixture
def world(store: Store, clock: FakeClock, smtp_sink: SmtpSink, tmp_path: Path) -> World:
    return make_world(store, clock, smtp_sink, tmp_path)


@pytest.fixture
def people(world: World) -> People:
    return staff(world)


@pytest.fixture
async def web(world: World, people: People) -> AsyncIterator[httpx.AsyncClient]:
    async for client in client_for(app_of(world)):
        yield client
