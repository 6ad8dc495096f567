"""The REST API in-process: the tour with bearer tokens, the same roles as the CLI, JSON
errors with stable codes, cursor paging, CSV export."""

from __future__ import annotations

import asyncio
import base64
import csv
import io

import httpx
from tests.pipeline.test_incident_support import World
from tests.web.site_support import CARD, People, bearer

from mailbrake.pipeline.hold import start_due

SHEET = base64.b64encode(f"name,card\nDana,{CARD}\n".encode()).decode()
CLEAN = base64.b64encode(b"name,team\nDana,design\n").decode()
DRAFT = {
    "list": "all-staff",
    "from": "Sam <sam@example.org>",
    "subject": "Team sheet",
    "text": "Hello {{ name }}, the sheet is attached.",
    "attachments": [{"filename": "team.csv", "content_type": "text/csv", "data_base64": SHEET}],
}


def start_when_due(world: World, mailout_id: int) -> list[int]:
    """Move the clock to the end of the undo window and let the scheduler start it."""
    starts_at = world.store.scheduled_for(mailout_id)
    assert starts_at is not None
    world.clock.advance((starts_at - world.clock.now()).total_seconds())
    return start_due(world.store, world.settings, world.clock).started


def error_of(response: httpx.Response) -> str:
    body = response.json()
    assert set(body["error"]) == {"code", "message", "hint"}
    code: str = body["error"]["code"]
    return code


async def sent_mailout(web: httpx.AsyncClient, world: World, people: People) -> int:
    """Created, fixed, approved by a second person and delivered to the sink."""
    sender, approver = bearer(people, people.sender), bearer(people, people.approver)
    created = await web.post("/api/v1/mailouts", json=DRAFT, headers=sender)
    assert created.status_code == 201, created.text
    mailout_id = int(created.json()["id"])
    checked = await web.post(f"/api/v1/mailouts/{mailout_id}/check", headers=sender)
    assert checked.json()["verdict"] == "block"
    assert CARD not in checked.text
    fix = {"attachments": [{"filename": "team.csv", "data_base64": CLEAN}]}
    assert (await web.patch(f"/api/v1/mailouts/{mailout_id}", json=fix, headers=sender)).is_success
    sent = await web.post(f"/api/v1/mailouts/{mailout_id}/send", json={"confirm": 300},
                          headers=sender)  # fmt: skip
    assert sent.json()["outcome"] == "held_for_approval"
    own = await web.post(f"/api/v1/mailouts/{mailout_id}/approve", json={"note": "ok"},
                         headers=sender)  # fmt: skip
    assert own.status_code == 403
    assert error_of(own) == "forbidden"
    approved = await web.post(f"/api/v1/mailouts/{mailout_id}/approve",
                              json={"note": "Checked"}, headers=approver)  # fmt: skip
    assert approved.json() == {"mailout": mailout_id, "state": "scheduled"}
    assert start_when_due(world, mailout_id) == [mailout_id]
    await asyncio.to_thread(world.run_worker, mailout_id)
    return mailout_id


async def test_the_api_tour_from_draft_to_delivered(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await sent_mailout(web, world, people)
    status = await web.get(f"/api/v1/mailouts/{mailout_id}/status",
                           headers=bearer(people, people.sender))  # fmt: skip
    assert status.json()["state"] == "done"
    assert status.json()["counts"]["sent"] == 300
    assert len(world.received(mailout_id)) == 300


async def test_the_ledger_is_paged_with_a_cursor_and_searchable(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await sent_mailout(web, world, people)
    headers = bearer(people, people.sender)
    seen: list[str] = []
    cursor = ""
    for _ in range(5):
        page = await web.get(f"/api/v1/mailouts/{mailout_id}/ledger",
                             params={"limit": 120, "cursor": cursor}, headers=headers)  # fmt: skip
        seen += [row["email"] for row in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 300
    one = await web.get(f"/api/v1/mailouts/{mailout_id}/ledger",
                        params={"email": "staff005@example.org"}, headers=headers)  # fmt: skip
    [row] = one.json()["items"]
    assert row["state"] == "sent"
    assert row["message_id"]
    export = await web.get(f"/api/v1/mailouts/{mailout_id}/ledger.csv", headers=headers)
    assert len(list(csv.DictReader(io.StringIO(export.text)))) == 300


async def test_a_stop_all_needs_an_admin_and_a_stop_anyone(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    denied = await web.post("/api/v1/stop-all", headers=bearer(people, people.sender))
    assert denied.status_code == 403
    assert error_of(denied) == "forbidden"
    allowed = await web.post("/api/v1/stop-all", headers=bearer(people, people.admin))
    assert allowed.status_code == 200
    assert allowed.json()["stopped"] == []


async def test_an_incident_correction_goes_to_exactly_who_got_it(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    mailout_id = await sent_mailout(web, world, people)
    sender, approver = bearer(people, people.sender), bearer(people, people.approver)
    about = {"mailout": mailout_id, "summary": "Wrong sheet", "notify": False}
    opened = await web.post("/api/v1/incidents", headers=sender, json=about)
    incident_id = opened.json()["id"]
    text = "Please delete it: {{ confirm_url }}"
    fixed = await web.post(f"/api/v1/incidents/{incident_id}/followup", headers=sender,
                           json={"text": text})  # fmt: skip
    assert fixed.status_code == 200, fixed.text
    correction = fixed.json()["mailout"]
    assert fixed.json()["recipients"] == 300
    if fixed.json()["send"]["outcome"] == "held_for_approval":
        await web.post(f"/api/v1/mailouts/{correction}/approve", headers=approver,
                       json={"note": "The correction"})  # fmt: skip
    assert start_when_due(world, correction) == [correction]
    await asyncio.to_thread(world.run_worker, correction)
    assert world.received(correction) == world.received(mailout_id)
    confirmations = await web.get(f"/api/v1/incidents/{incident_id}/confirmations",
                                  headers=sender)  # fmt: skip
    assert confirmations.json() == []
    closing = await web.post(f"/api/v1/incidents/{incident_id}/close", headers=sender,
                             json={"note": "done"})  # fmt: skip
    assert closing.status_code == 403
    closed = await web.post(f"/api/v1/incidents/{incident_id}/close", headers=approver,
                            json={"note": "Corrected"})  # fmt: skip
    assert closed.json()["state"] == "closed"


async def test_errors_have_a_stable_shape_and_status(
    web: httpx.AsyncClient, people: People
) -> None:
    headers = bearer(people, people.sender)
    assert (await web.get("/api/v1/mailouts")).status_code == 401
    bad_token = await web.get("/api/v1/mailouts", headers={"Authorization": "Bearer mb_nope"})
    assert bad_token.status_code == 401
    assert error_of(bad_token) == "unauthenticated"
    missing = await web.get("/api/v1/mailouts/4242", headers=headers)
    assert missing.status_code == 404
    assert error_of(missing) == "not_found"
    invalid = await web.post("/api/v1/mailouts", json={"list": "all-staff"}, headers=headers)
    assert invalid.status_code == 422
    assert error_of(invalid) == "invalid_request"
    created = await web.post("/api/v1/mailouts", json=DRAFT, headers=headers)
    resumed = await web.post(f"/api/v1/mailouts/{created.json()['id']}/resume", headers=headers)
    assert resumed.status_code == 409
    cursor = await web.get("/api/v1/lists/all-staff/members", params={"cursor": "x"},
                           headers=headers)  # fmt: skip
    assert cursor.status_code == 422
    assert "cursor" in cursor.json()["error"]["message"]


async def test_members_are_searched_and_imported_from_csv(
    web: httpx.AsyncClient, people: People
) -> None:
    headers = bearer(people, people.sender)
    found = await web.get("/api/v1/lists/all-staff/members", params={"q": "dana"},
                          headers=headers)  # fmt: skip
    assert [m["email"] for m in found.json()["items"]] == ["dana.whitfield@example.org"]
    upload = b"email,name\nnew@example.org,New Person\nnot-an-address,Bad\n"
    imported = await web.post("/api/v1/lists/all-staff/import", headers=headers,
                              files={"file": ("people.csv", upload, "text/csv")})  # fmt: skip
    report = imported.json()
    assert report["joined"] == 1
    assert report["bad"] == 1
    assert report["problems"][0]["where"] == "people.csv:3"


async def test_users_are_for_admins(web: httpx.AsyncClient, people: People) -> None:
    assert (
        await web.get("/api/v1/users", headers=bearer(people, people.sender))
    ).status_code == 403
    listed = await web.get("/api/v1/users", headers=bearer(people, people.admin))
    assert people.sender in {u["email"] for u in listed.json()}
