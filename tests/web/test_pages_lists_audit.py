"""Lists (search, paging, CSV upload with the per-line report, unsubscribe), the audit page
with Verify, and the operations endpoints, in-process."""

from __future__ import annotations

import httpx
from tests.pipeline.test_incident_support import World
from tests.web.site_support import People, csrf_of, post_form, sign_in


async def test_members_are_searched_and_paged(web: httpx.AsyncClient, people: People) -> None:
    await sign_in(web, people.sender)
    found = await web.get("/lists/all-staff", params={"q": "whitfield"})
    assert "dana.whitfield@example.org" in found.text
    assert "staff001@example.org" not in found.text
    first = await web.get("/lists/all-staff")
    assert first.text.count("<tr><td>") == 50
    assert "Next page" in first.text


async def test_a_csv_upload_reports_each_bad_line(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    await sign_in(web, people.sender)
    token = csrf_of((await web.get("/lists/all-staff")).text)
    upload = b"email,name\nnew.one@example.org,New One\nnot-an-address,Bad\n"
    response = await web.post(
        "/lists/all-staff/import",
        data={"csrf": token},
        files={"file": ("people.csv", upload, "text/csv")},
    )
    assert response.status_code == 200
    assert "1 joined" in response.text
    assert "people.csv:3 [email]" in response.text
    assert world.store.find_subscriber("new.one@example.org").email == "new.one@example.org"


async def test_unsubscribing_a_member_takes_them_off_the_list(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    await sign_in(web, people.sender)
    before = world.store.count_recipients(world.list_id)
    done = await post_form(web, "/lists/all-staff", "/lists/all-staff/unsubscribe",
                           {"email": "staff004@example.org"})  # fmt: skip
    assert done.status_code == 303
    assert world.store.count_recipients(world.list_id) == before - 1


async def test_the_audit_page_verifies_the_chain(web: httpx.AsyncClient, people: People) -> None:
    await sign_in(web, people.approver)
    verified = await post_form(web, "/audit", "/audit/verify")
    assert verified.status_code == 200
    assert "Intact:" in verified.text
    assert "user.login" in verified.text


async def test_healthz_and_metrics_answer(web: httpx.AsyncClient, people: People) -> None:
    health = await web.get("/healthz")
    assert health.json() == {"ok": True, "database": "ok", "workers_in_process": None}
    metrics = (await web.get("/metrics")).text
    assert 'mailbrake_messages{outcome="sent"} 0.0' in metrics
    assert "mailbrake_queue_depth 0.0" in metrics
    assert "mailbrake_stop_seconds_count" in metrics
