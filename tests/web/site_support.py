"""Helpers for the web tests (no tests here): a world with passwords and tokens, and an
in-process httpx client that signs in through the real sign-in form."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
from tests.pipeline.test_incident_support import MANAGER, World

from mailbrake.people import hash_password
from mailbrake.web import create_app

PASSWORD = "correct horse battery staple"
CARD = "4539 1488 0343 6467"  # a test Visa number (Luhn-valid)
# The web tour's policy: a card number going outside is blocked; a wide audience needs a
# second person's approval.
POLICY = """version = 1

[[rule]]
name = "card-outside"
category = "personal_data"
min_confidence = "medium"
has_external = true
action = "block"
reason = "Card and bank numbers must not leave the organisation"

[[rule]]
name = "wide-audience"
min_audience = 100
action = "hold"
reason = "A mailout to more than 100 people needs a second person's approval"
"""
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass(frozen=True)
class People:
    """Emails of a sender, an approver (the sender's manager) and an admin, and their tokens."""

    sender: str
    approver: str
    admin: str
    tokens: dict[str, str]


def staff(world: World) -> People:
    assert world.settings.policy_file is not None
    world.settings.policy_file.write_text(POLICY, encoding="utf-8")
    emails = (world.sender.email, MANAGER, world.admin.email)
    tokens = {}
    for email in emails:
        world.store.set_password_hash(email, hash_password(PASSWORD), actor="t")
        tokens[email] = world.store.issue_token(email, actor="t")
    return People(*emails, tokens=tokens)


def app_of(world: World) -> Any:
    return create_app(world.settings, world.store, clock=world.clock)


async def client_for(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match is not None, "the page has no form token"
    return match.group(1)


async def sign_in(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> httpx.Response:
    form = await client.get("/signin")
    data = {"email": email, "password": password, "csrf": csrf_of(form.text), "next": "/"}
    return await client.post("/signin", data=data)


async def post_form(
    client: httpx.AsyncClient, page: str, action: str, data: dict[str, str] | None = None
) -> httpx.Response:
    """Submit a form the way a browser does: with the token of a page of this site."""
    token = csrf_of((await client.get(page)).text)
    return await client.post(action, data={**(data or {}), "csrf": token})


def bearer(people: People, email: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {people.tokens[email]}"}
