"""The web tour in-process: compose with a card number in an attached spreadsheet, see the
finding on the check page, fix it, send (held for approval), approve as a second person."""

from __future__ import annotations

import re

import httpx
from tests.fixtures.remarks import MODEL_ONLY_REMARK
from tests.pipeline.test_incident_support import World
from tests.web.site_support import CARD, People, app_of, client_for, csrf_of, post_form, sign_in

from mailbrake.models import MailoutState

SHEET = f"name,card\nDana,{CARD}\n".encode()
CLEAN = b"name,team\nDana,design\n"


async def compose(
    web: httpx.AsyncClient,
    sheet: bytes | None,
    *,
    subject: str = "Team sheet",
    text: str = "Hello {{ name }}, the sheet is attached.",
) -> int:
    token = csrf_of((await web.get("/compose")).text)
    data = {
        "csrf": token,
        "list_name": "all-staff",
        "from_addr": "Sam <sam@example.org>",
        "subject": subject,
        "text": text,
    }
    files = {"attachments": ("team.csv", sheet, "text/csv")} if sheet is not None else None
    response = await web.post("/compose", data=data, files=files)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.endswith("/check")
    return int(location.split("/")[2])


async def test_the_check_page_shows_the_card_in_the_attachment_redacted(
    web: httpx.AsyncClient, people: People
) -> None:
    await sign_in(web, people.sender)
    mailout_id = await compose(web, SHEET)
    checked = await post_form(web, f"/mailouts/{mailout_id}/check", f"/mailouts/{mailout_id}/check")
    assert checked.status_code == 303
    page = (await web.get(f"/mailouts/{mailout_id}/check")).text
    assert "verdict-block" in page
    assert "card-outside" in page
    assert "team.csv" in page  # where it was found
    assert CARD not in page
    metrics = (await web.get("/metrics")).text
    found = re.search(r'mailbrake_findings_total\{category="personal_data"\} (\d+)\.0', metrics)
    assert found is not None
    assert int(found.group(1)) >= 1
    assert "mailbrake_check_seconds_count 1.0" in metrics
    assert CARD.replace(" ", "") not in page


async def test_a_fixed_mailout_is_held_and_a_second_person_approves_it(
    web: httpx.AsyncClient, world: World, people: People
) -> None:
    await sign_in(web, people.sender)
    mailout_id = await compose(web, SHEET)
    edit = f"/mailouts/{mailout_id}/edit"
    token = csrf_of((await web.get(edit)).text)
    fields = {"csrf": token, "subject": "Team sheet", "text": "Hello {{ name }}, attached."}
    fixed = await web.post(
        edit, data=fields, files={"attachments": ("team.csv", CLEAN, "text/csv")}
    )
    assert fixed.status_code == 303
    send = f"/mailouts/{mailout_id}/send"
    wrong = await post_form(web, send, send, {"confirm": "299"})
    assert wrong.status_code == 409
    assert "300" in wrong.text
    held = await post_form(web, send, send, {"confirm": "300"})
    assert held.status_code == 200
    assert "Waiting for approval" in held.text
    assert "wide-audience" in held.text
    own = await post_form(web, "/", f"/mailouts/{mailout_id}/approve", {"note": "mine"})
    assert own.status_code == 403  # a sender may not approve
    async for approver in client_for(app_of(world)):
        await sign_in(approver, people.approver)
        queue = await approver.get("/approvals")
        assert f"#{mailout_id} Team sheet" in queue.text
        assert people.sender in queue.text
        done = await post_form(approver, "/approvals", f"/mailouts/{mailout_id}/approve",
                               {"note": "Checked the sheet"})  # fmt: skip
        assert done.status_code == 303
    assert world.store.get_mailout(mailout_id).state is MailoutState.SCHEDULED
    page = (await web.get(f"/mailouts/{mailout_id}")).text
    assert "undo window" in page
    cancelled = await post_form(web, f"/mailouts/{mailout_id}", f"/mailouts/{mailout_id}/cancel")
    assert cancelled.status_code == 303
    assert world.store.get_mailout(mailout_id).state is MailoutState.CANCELLED


async def test_the_check_page_shows_a_model_findings_score_and_words(
    web: httpx.AsyncClient, people: People
) -> None:
    await sign_in(web, people.sender)
    mailout_id = await compose(web, None, subject="Re: vrijdag", text=MODEL_ONLY_REMARK)
    await post_form(web, f"/mailouts/{mailout_id}/check", f"/mailouts/{mailout_id}/check")
    page = (await web.get(f"/mailouts/{mailout_id}/check")).text
    row = re.search(r'<tr class="finding"><td>gossip: gossip_meaning</td>.*?</tr>', page)
    assert row is not None
    assert "sentence weighed most:" in row.group()
    score = re.search(r"\(model score (0\.\d\d)\)", row.group())
    assert score is not None
    assert 0.5 < float(score.group(1)) <= 1.0
