"""Every route checks who asks, on the server: anonymous visitors are sent to sign in (pages)
or get 401 (API); a sender gets 403 where the permission table says so."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from starlette.routing import Mount
from tests.pipeline.test_incident_support import World
from tests.web.site_support import People, app_of, bearer, csrf_of, sign_in

from mailbrake.models import MailoutContent, MailoutState
from mailbrake.pipeline.approve import decide
from mailbrake.pipeline.send import SendOutcomeKind, SendRequest, send

OPEN = {"/signin", "/signout", "/healthz", "/metrics", "/api/v1/docs"}
PARAMS = {"mailout_id": "1", "incident_id": "1", "name": "all-staff", "email": "x@example.org"}


def routes(world: World) -> list[tuple[str, str]]:
    """(method, concrete path) of every page and API route the app serves."""
    found: list[tuple[str, str]] = []

    def add(route: APIRoute, prefix: str) -> None:
        path = prefix + re.sub(r"\{(\w+)\}", lambda m: PARAMS[m.group(1)], route.path)
        found.extend((method, path) for method in sorted(route.methods - {"HEAD"}))

    def walk(table: list[Any], prefix: str) -> None:
        for route in table:
            if isinstance(route, APIRoute):
                add(route, prefix)
            elif hasattr(route, "original_router"):  # FastAPI's wrapper of an included router
                walk(route.original_router.routes, prefix)
            elif isinstance(route, Mount) and route.path == "/api/v1":
                walk(route.routes, "/api/v1")

    walk(app_of(world).routes, "")
    return [(m, p) for m, p in found if p not in OPEN]


def test_the_route_table_is_what_these_tests_walk(world: World) -> None:
    walked = routes(world)
    assert ("POST", "/api/v1/stop-all") in walked
    assert ("POST", "/mailouts/1/approve") in walked
    assert ("POST", "/held-mail/1/release") in walked
    assert ("POST", "/api/v1/held/1/discard") in walked
    assert len(walked) > 60


async def test_anonymous_callers_are_refused_on_every_route(
    web: httpx.AsyncClient, world: World
) -> None:
    token = csrf_of((await web.get("/signin")).text)  # a valid form token: only the user lacks
    for method, path in routes(world):
        if path.startswith("/api/"):
            response = await web.request(method, path, json={})
            assert response.status_code == 401, (method, path, response.text[:200])
            assert response.json()["error"]["code"] == "unauthenticated"
        elif method == "GET":
            response = await web.get(path)
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/signin?next=")
        else:
            response = await web.request(method, path, data={"csrf": token})
            assert response.status_code == 401, (method, path, response.status_code)


SENDER_FORBIDDEN_API = [
    ("POST", "/api/v1/stop-all", None),
    ("POST", "/api/v1/mailouts/{m}/approve", {"note": "mine"}),
    ("POST", "/api/v1/mailouts/{m}/reject", {"note": "mine"}),
    ("GET", "/api/v1/users", None),
    ("POST", "/api/v1/users", {"email": "eve@example.org", "name": "Eve", "role": "admin"}),
    ("PATCH", "/api/v1/users/sam@example.org", {"role": "admin"}),
    ("GET", "/api/v1/audit/events", None),
    ("POST", "/api/v1/audit/verify", None),
    ("GET", "/api/v1/held", None),
    ("POST", "/api/v1/held/{m}/release", {"note": "mine"}),
    ("POST", "/api/v1/held/{m}/return", {"note": "mine"}),
    ("POST", "/api/v1/held/{m}/discard", {"note": "mine"}),
    ("GET", "/api/v1/gateway/messages", None),
]
SENDER_FORBIDDEN_PAGES = [
    ("GET", "/approvals"),
    ("GET", "/audit"),
    ("POST", "/audit/verify"),
    ("POST", "/stop-all"),
    ("POST", "/mailouts/{m}/approve"),
    ("POST", "/mailouts/{m}/reject"),
    ("GET", "/held-mail"),
    ("POST", "/held-mail/{m}/release"),
    ("POST", "/held-mail/{m}/return"),
    ("POST", "/held-mail/{m}/discard"),
    ("GET", "/gateway"),
]


@pytest.fixture
def mailout_id(world: World) -> int:
    content = MailoutContent(from_addr="sam@example.org", subject="Hi", text="Hello")
    return world.store.create_mailout(world.list_id, content, created_by="sam@example.org")


async def test_a_sender_is_forbidden_what_the_table_gives_others(
    web: httpx.AsyncClient, people: People, mailout_id: int
) -> None:
    headers = bearer(people, people.sender)
    for method, path, body in SENDER_FORBIDDEN_API:
        url = path.replace("{m}", str(mailout_id))
        response = await web.request(method, url, json=body, headers=headers)
        assert response.status_code == 403, (method, url, response.text[:200])
        assert response.json()["error"]["code"] == "forbidden"
    await sign_in(web, people.sender)
    token = csrf_of((await web.get("/")).text)
    for method, path in SENDER_FORBIDDEN_PAGES:
        url = path.replace("{m}", str(mailout_id))
        response = await web.request(method, url, data={"csrf": token, "note": "mine"})
        assert response.status_code == 403, (method, url, response.status_code)
        assert "Not allowed" in response.text


async def test_anyone_signed_in_may_stop(
    web: httpx.AsyncClient, world: World, people: People, mailout_id: int
) -> None:
    request = SendRequest(user=world.sender, confirm=300)
    held = await asyncio.to_thread(
        send, world.store, world.settings, mailout_id, request, clock=world.clock
    )
    assert held.kind is SendOutcomeKind.HELD_FOR_APPROVAL
    boss = world.store.get_user(people.approver)
    await asyncio.to_thread(decide, world.store, world.settings, mailout_id, boss,
                            approve=True, note="ok", clock=world.clock)  # fmt: skip
    await sign_in(web, people.sender)
    token = csrf_of((await web.get("/")).text)
    response = await web.post(f"/mailouts/{mailout_id}/stop", data={"csrf": token})
    assert response.status_code == 200
    assert "Stopped" in response.text
    assert "scheduled → cancelled" in response.text
    assert world.store.get_mailout(mailout_id).state is MailoutState.CANCELLED
