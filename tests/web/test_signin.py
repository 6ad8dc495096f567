"""Signing in: sessions rotate at sign-in, forms need the session's token, failures are
limited and audited, and pages send anonymous visitors to the sign-in page."""

from __future__ import annotations

import httpx
from tests.pipeline.test_incident_support import World
from tests.web.site_support import PASSWORD, People, csrf_of, sign_in

from mailbrake.people import hash_password
from mailbrake.web.session import COOKIE


async def test_a_page_sends_an_anonymous_visitor_to_sign_in(web: httpx.AsyncClient) -> None:
    response = await web.get("/approvals")
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=/approvals"


async def test_signing_in_opens_the_dashboard_and_is_audited(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    response = await sign_in(web, people.sender)
    assert response.status_code == 303
    page = await web.get("/")
    assert page.status_code == 200
    assert people.sender in page.text
    logins = [e for e in world.store.iter_events("user", people.sender) if e.action == "user.login"]
    assert [e.details["method"] for e in logins] == ["web password"]


async def test_the_session_cookie_changes_at_sign_in(
    web: httpx.AsyncClient, people: People
) -> None:
    await web.get("/signin")
    before = web.cookies[COOKIE]
    await sign_in(web, people.sender)
    after = web.cookies[COOKIE]
    assert after != before
    # A cookie planted before sign-in (fixation) does not carry the session afterwards.
    web.cookies.clear()
    web.cookies.set(COOKIE, before)
    assert (await web.get("/")).status_code == 303


async def test_the_session_cookie_is_http_only_and_same_site(web: httpx.AsyncClient) -> None:
    header = (await web.get("/signin")).headers["set-cookie"]
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header


async def test_a_form_without_the_session_token_is_refused(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    await sign_in(web, people.admin)
    response = await web.post("/stop-all", data={"csrf": "forged"})
    assert response.status_code == 403
    assert "not sent from a page of this site" in response.text
    response = await web.post("/lists", data={"name": "sneaky"})
    assert response.status_code == 403
    assert "sneaky" not in {m.name for m in world.store.list_lists()}


async def test_a_sign_in_form_from_another_site_is_refused(
    web: httpx.AsyncClient, people: People
) -> None:
    data = {"email": people.sender, "password": PASSWORD, "csrf": "x"}
    response = await web.post("/signin", data=data)
    assert response.status_code == 403
    assert (await web.get("/")).status_code == 303


async def test_repeated_wrong_passwords_lock_the_account_for_a_while(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    for _ in range(5):
        refused = await sign_in(web, people.sender, "wrong password, wrong")
        assert refused.status_code == 401
    locked = await sign_in(web, people.sender)  # now even the right password waits
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text
    world.clock.advance(15 * 60 + 1)
    assert (await sign_in(web, people.sender)).status_code == 303
    failures = [e for e in world.store.iter_events("user") if e.action == "user.login_failed"]
    assert len(failures) == 6


async def test_signing_out_forgets_the_user(web: httpx.AsyncClient, people: People) -> None:
    await sign_in(web, people.sender)
    home = await web.get("/")
    await web.post("/signout", data={"csrf": csrf_of(home.text)})
    assert (await web.get("/")).status_code == 303


async def test_signing_out_ends_every_copy_of_the_session(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    await sign_in(web, people.sender)
    copied = web.cookies[COOKIE]  # the same cookie in another browser, or stolen
    world.clock.advance(60)
    home = await web.get("/")
    await web.post("/signout", data={"csrf": csrf_of(home.text)})
    web.cookies.clear()
    web.cookies.set(COOKIE, copied)
    response = await web.get("/")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin")
    # The void cookie is replaced by an anonymous one.
    assert response.headers["set-cookie"].startswith(f"{COOKIE}=")
    assert copied not in response.headers["set-cookie"]
    web.cookies.clear()
    events = world.store.iter_events("user", people.sender)
    logouts = [e for e in events if e.action == "user.logout"]
    assert len(logouts) == 1
    # Signing in again afterwards opens a session that works.
    world.clock.advance(60)
    await sign_in(web, people.sender)
    assert (await web.get("/")).status_code == 200


async def test_a_new_password_or_disabling_ends_the_sessions_signed_in_before(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    await sign_in(web, people.sender)
    world.clock.advance(60)
    world.store.set_password_hash(
        people.sender, hash_password("another long passphrase"), actor="t"
    )
    assert (await web.get("/")).status_code == 303
    world.clock.advance(60)
    await sign_in(web, people.sender, "another long passphrase")
    world.clock.advance(60)
    world.store.set_disabled(people.sender, True, actor="t")
    world.store.set_disabled(people.sender, False, actor="t")
    assert (await web.get("/")).status_code == 303  # enabled again, the old session stays void


async def test_an_unknown_page_is_a_page_with_a_way_back(
    web: httpx.AsyncClient, people: People
) -> None:
    await sign_in(web, people.sender)
    response = await web.get("/mailouts/99999")
    assert response.status_code == 404
    assert "No mailout 99999" in response.text
    assert "Traceback" not in response.text
    assert 'href="/"' in response.text
