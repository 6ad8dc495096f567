"""The Held mail and Gateway log pages: approvers review held gateway mail with forms that
carry the session's token; senders see neither page nor link."""

from __future__ import annotations

import asyncio
import re

import httpx
from tests.fixtures.remarks import MODEL_ONLY_REMARK
from tests.pipeline.test_incident_support import World
from tests.web.site_support import People, csrf_of, post_form, sign_in
from tests.web.test_held_support import hold

from mailbrake.models import GatewayDisposition, MailoutState


async def held_mail(world: World, people: People) -> int:
    sender = world.store.get_user(people.sender)
    return await asyncio.to_thread(hold, world, sender)


async def test_an_approver_sees_held_mail_with_audience_verdict_and_who_was_asked(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await held_mail(world, people)
    await sign_in(web, people.approver)
    assert 'href="/held-mail"' in (await web.get("/")).text
    page = await web.get("/held-mail")
    assert page.status_code == 200
    assert f'data-mailout="{mailout_id}"' in page.text
    assert "<b>300</b> recipients, <b>60</b> external" in page.text
    assert "wide-audience" in page.text
    assert re.search(rf"Asked: [^<]*{re.escape(people.approver)}", page.text)
    assert f'action="/held-mail/{mailout_id}/release"' in page.text


async def test_a_sender_has_no_link_and_is_refused_the_pages_and_the_forms(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await held_mail(world, people)
    await sign_in(web, people.sender)
    home = await web.get("/")
    assert 'href="/held-mail"' not in home.text
    assert 'href="/gateway"' not in home.text
    assert (await web.get("/held-mail")).status_code == 403
    assert (await web.get("/gateway")).status_code == 403
    for action in ("release", "return", "discard"):
        response = await post_form(web, "/", f"/held-mail/{mailout_id}/{action}", {"note": "x"})
        assert response.status_code == 403, action
        assert "Not allowed" in response.text
    assert world.store.get_mailout(mailout_id).state is MailoutState.AWAITING_APPROVAL


async def test_release_from_the_page_schedules_it_and_says_so(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await held_mail(world, people)
    await sign_in(web, people.approver)
    response = await post_form(
        web, "/held-mail", f"/held-mail/{mailout_id}/release", {"note": "ok"}
    )
    assert response.status_code == 303
    assert world.store.get_mailout(mailout_id).state is MailoutState.SCHEDULED
    after = await web.get(response.headers["location"])
    assert f"Gateway mailout {mailout_id} was released" in after.text
    assert f'data-mailout="{mailout_id}"' in after.text  # still waiting, in its undo window
    assert f'action="/held-mail/{mailout_id}/release"' in after.text  # the form stays


async def test_return_from_the_page_mails_the_note_to_the_sender(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await held_mail(world, people)
    await sign_in(web, people.approver)
    note = "Send this through the newsletter tool, please."
    response = await post_form(web, "/held-mail", f"/held-mail/{mailout_id}/return", {"note": note})
    assert response.status_code == 303
    assert world.store.get_mailout(mailout_id).state is MailoutState.CANCELLED
    returned = [m for m in world.notices_to(people.sender) if "Returned" in m["Subject"]]
    assert len(returned) == 1
    assert note in returned[0].get_content()
    assert f'data-mailout="{mailout_id}"' not in (await web.get("/held-mail")).text


async def test_discard_from_the_page_is_audited_with_the_note(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await held_mail(world, people)
    await sign_in(web, people.approver)
    response = await post_form(
        web, "/held-mail", f"/held-mail/{mailout_id}/discard", {"note": "duplicate"}
    )
    assert response.status_code == 303
    reasons = [e.details.get("reason") for e in world.store.iter_events("mailout", mailout_id)]
    assert "gateway: discarded: duplicate" in reasons


async def test_the_forms_refuse_a_post_without_the_sessions_token(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await held_mail(world, people)
    await sign_in(web, people.approver)
    for action in ("release", "return", "discard"):
        for token in ({}, {"csrf": "forged"}):
            response = await web.post(
                f"/held-mail/{mailout_id}/{action}", data={"note": "x", **token}
            )
            assert response.status_code == 403, (action, token)
            assert "not sent from a page of this site" in response.text
    assert world.store.get_mailout(mailout_id).state is MailoutState.AWAITING_APPROVAL


async def test_a_second_release_of_the_same_mail_is_a_conflict_page(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await held_mail(world, people)
    await sign_in(web, people.approver)
    token = csrf_of((await web.get("/held-mail")).text)
    url = f"/held-mail/{mailout_id}/release"
    assert (await web.post(url, data={"note": "ok", "csrf": token})).status_code == 303
    again = await web.post(url, data={"note": "ok", "csrf": token})
    assert again.status_code == 409
    assert "release is not possible now" in again.text


async def test_the_gateway_log_page_shows_what_the_gateway_did(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await held_mail(world, people)
    (record,) = world.store.gateway_messages()
    assert record.disposition is GatewayDisposition.HELD
    await sign_in(web, people.approver)
    assert 'href="/gateway"' in (await web.get("/")).text
    page = await web.get("/gateway")
    assert page.status_code == 200
    assert f'<a href="/mailouts/{mailout_id}">#{mailout_id}</a>' in page.text
    assert "<td>held</td>" in page.text
    assert "<td>300</td>" in page.text


async def test_a_form_without_a_note_is_a_page_that_asks_for_one(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await held_mail(world, people)
    await sign_in(web, people.approver)
    response = await post_form(web, "/held-mail", f"/held-mail/{mailout_id}/discard")
    assert response.status_code == 422
    assert "note: is empty" in response.text
    assert world.store.get_mailout(mailout_id).state is MailoutState.AWAITING_APPROVAL


async def test_a_held_remark_shows_the_models_score_to_the_approver(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    sender = world.store.get_user(people.sender)
    mailout_id = await asyncio.to_thread(
        hold, world, sender, subject="Re: vrijdag", text=MODEL_ONLY_REMARK + "\n"
    )
    await sign_in(web, people.approver)
    page = (await web.get("/held-mail")).text
    card = page[page.index(f'data-mailout="{mailout_id}"') :]
    item = re.search(r'<li class="finding">gossip: gossip_meaning .*?</li>', card)
    assert item is not None
    assert re.search(r"\(model score 0\.\d\d\)", item.group())
