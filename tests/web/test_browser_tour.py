"""The whole tour in real headless Chromium against a real `mailbrake serve` and the aiosmtpd
sink: compose with a card number in a spreadsheet, see it on the check page, fix it, ask for
approval; a second person approves; watch it send; Stop part-way and compare with the sink;
open the incident and send the correction to exactly those who got the original.

It saves the screenshots the README shows (docs/screenshots/)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.browser import MailbrakeServer
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_incident_support import recipients
from tests.web.site_support import CARD, PASSWORD, POLICY

from mailbrake.people import Role, hash_password
from mailbrake.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SENDER, APPROVER, ADMIN = "sam@example.org", "boss@example.org", "admin@example.org"
WAIT_MS = 60_000


def prepare(tmp: Path, sink: SmtpSink) -> Path:
    """A database with three people and a list of 300, and the settings `serve` reads."""
    policy = tmp / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    config = tmp / "mailbrake.toml"
    config.write_text(
        f'database_url = "sqlite:///{tmp / "web.db"}"\n'
        f'smtp_url = "{sink.url}"\n'
        'secret_key = "browser-tour-secret-key"\n'
        'internal_domains = ["example.org"]\n'
        f'policy_file = "{policy}"\n'
        "undo_window_steps = [[24, 0]]\nundo_window_seconds = 2\n"
        'log_level = "warning"\n',
        encoding="utf-8",
    )
    store = Store.open(f"sqlite:///{tmp / 'web.db'}")
    try:
        store.set_audit_secret(b"browser-tour-secret-key")
        hashed = hash_password(PASSWORD)
        store.add_user(ADMIN, name="Ada", role=Role.ADMIN, actor="t", bootstrap=True,
                       password_hash=hashed)  # fmt: skip
        store.add_user(APPROVER, name="Bo", role=Role.APPROVER, actor="t", password_hash=hashed)
        store.add_user(SENDER, name="Sam", role=Role.SENDER, actor="t", manager=APPROVER,
                       password_hash=hashed)  # fmt: skip
        staff = store.create_list("all-staff")
        store.add_subscribers(staff.id, recipients())
        store.set_emergency(False, actor="t")
    finally:
        store.close()
    return config


def sign_in(browser: Any, url: str, email: str) -> Any:
    page = browser.new_context(viewport={"width": 1100, "height": 900}).new_page()
    page.goto(f"{url}/signin")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{url}/")
    return page


def received(sink: SmtpSink, mailout_id: int) -> list[str]:
    return [
        rcpt
        for m in sink.messages
        if m.message["X-Mailbrake-Mailout"] == str(mailout_id)
        for rcpt in m.rcpt_tos
    ]


def number(page: Any, selector: str) -> int:
    return int(page.locator(selector).first.inner_text().replace(",", ""))


def compose_with_card(page: Any, url: str, tmp: Path) -> int:
    sheet = tmp / "team.csv"
    sheet.write_text(f"name,card number\nDana,{CARD}\n", encoding="utf-8")
    page.goto(f"{url}/compose")
    page.get_by_label("List").select_option("all-staff")
    page.get_by_label("From").fill("Sam <sam@example.org>")
    page.get_by_label("Subject").fill("The team sheet")
    page.get_by_label("Text").fill("Hello {{ name }}, the team sheet is attached.")
    page.get_by_label("Attachments", exact=True).set_input_files(str(sheet))
    page.get_by_role("button", name="Save draft and check").click()
    page.wait_for_url(re.compile(r"/mailouts/\d+/check$"))
    mailout_id = int(page.url.split("/")[-2])
    page.get_by_role("button", name=re.compile(r"^Check (now|again)$")).click()
    page.locator("#verdict").wait_for()
    return mailout_id


def test_the_whole_tour_in_the_browser(
    tmp_path: Path,
    smtp_sink: SmtpSink,
    mailbrake_server: Callable[..., MailbrakeServer],
    chromium: Any,
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = mailbrake_server(prepare(tmp_path, smtp_sink)).url
    sender = sign_in(chromium, url, SENDER)

    # Compose with a card number in the spreadsheet: the check shows it, redacted, in place.
    mailout_id = compose_with_card(sender, url, tmp_path)
    finding = sender.locator("tr.finding").first
    assert "payment_card" in finding.inner_text()
    assert "team.csv" in finding.locator(".location").inner_text()
    assert CARD not in sender.content()
    assert sender.locator("#verdict .verdict-block").inner_text() == "block"
    sender.screenshot(path=str(SHOTS / "check-findings.png"), full_page=True)

    # Fix it (a clean sheet), check again, and send: it is held for a second person.
    clean = tmp_path / "team-clean.csv"
    clean.write_text("name,team\nDana,design\n", encoding="utf-8")
    sender.goto(f"{url}/mailouts/{mailout_id}/edit")
    sender.get_by_label("Attachments", exact=True).set_input_files(str(clean))
    sender.get_by_role("button", name="Save and check").click()
    sender.get_by_role("button", name=re.compile(r"^Check (now|again)$")).click()
    assert sender.locator("#verdict .verdict-hold").inner_text() == "hold"
    assert sender.locator("tr.finding").count() == 0
    sender.goto(f"{url}/mailouts/{mailout_id}/send")
    sender.get_by_label("Type the number of recipients").fill("300")
    sender.get_by_label("Rate, messages per second").fill("20")
    sender.get_by_role("button", name="Send").click()
    assert "wide-audience" in sender.locator("#held").inner_text()

    # The approver, in a second browser context, approves it from the queue.
    approver = sign_in(chromium, url, APPROVER)
    approver.goto(f"{url}/approvals")
    card = approver.locator(f'.approval[data-mailout="{mailout_id}"]')
    assert SENDER in card.inner_text()
    approver.screenshot(path=str(SHOTS / "approvals.png"), full_page=True)
    card.get_by_label("Note").fill("Checked the sheet: no card numbers now")
    card.get_by_role("button", name="Approve").click()
    approver.wait_for_url(f"{url}/mailouts/{mailout_id}")

    # Watch it send on the dashboard, and press Stop part-way.
    sender.goto(f"{url}/")
    sender.wait_for_function(
        "() => Number(document.querySelector('[data-field=sent]')?.textContent) >= 30",
        timeout=WAIT_MS,
    )
    sender.screenshot(path=str(SHOTS / "dashboard-sending.png"), full_page=True)
    sender.get_by_role("button", name="Stop", exact=True).click()
    stopped = sender.locator(f'.stopped[data-mailout="{mailout_id}"]')
    stopped.wait_for()
    halted = number(stopped, ".halted")
    assert halted > 0  # part-way: some never left

    # The ledger's count of sent messages is exactly what the sink holds.
    sender.goto(f"{url}/mailouts/{mailout_id}")
    sent = number(sender, "[data-field=sent]")
    original = received(smtp_sink, mailout_id)
    assert sent == len(original) == len(set(original))
    assert sent + halted + number(sender, "[data-field=failed]") <= 300

    # The stop opened an incident: the report, then the correction to exactly those people.
    sender.locator("#incident-link").click()
    sender.wait_for_url(re.compile(r"/incidents/\d+$"))
    sender.screenshot(path=str(SHOTS / "incident-report.png"), full_page=True)
    sender.get_by_role("button", name="Send the correction").click()
    if sender.locator("#held").count():
        approver.goto(f"{url}/approvals")
        approver.get_by_label("Note").first.fill("Send the correction")
        approver.get_by_role("button", name="Approve").first.click()
        approver.wait_for_url(re.compile(r"/mailouts/\d+$"))
        correction_page = approver
    else:
        correction_page = sender
    correction_id = int(correction_page.url.split("/")[-1])
    correction_page.wait_for_function(
        "() => document.querySelector('[data-progress]')?.getAttribute('data-state') === 'done'",
        timeout=WAIT_MS,
    )
    assert sorted(received(smtp_sink, correction_id)) == sorted(original)
