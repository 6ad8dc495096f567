"""Helpers for the incident tests (no tests here): a world with people, a list of a few
hundred, and a mailout that leaked personal data, sent to the real sink and stopped halfway."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import make_worker, run_mailout

from mailbrake.models import Attachment, DeliveryState, MailoutContent, NewSubscriber
from mailbrake.people import Role, User
from mailbrake.pipeline.deliver import DeliveryOptions
from mailbrake.pipeline.hold import start_due
from mailbrake.pipeline.prepare import SendRequest, prepare_send
from mailbrake.pipeline.stop import stop_mailouts
from mailbrake.settings import Settings, load_settings
from mailbrake.store import Store

SECRET = "incident-tests-secret"
MANAGER = "boss@example.org"
SECURITY = "security@example.org"
INTERNAL = 240
EXTERNAL = {"partner.example.net": 40, "client.example.com": 20}
CANARY = 150
# Raw identifiers the original carries: none may appear in a report.
IBAN = "DE89 3704 0044 0532 0130 00"
SSN = "078-05-1120"
CARD = "4111 1111 1111 1111"
AWS_KEY = "AKIAIOSFODNN7EXAMPLE"
PASSWORD = "Tr0ub4dor&3horse"
PHONE = "+44 7700 900123"
RAW_IDENTIFIERS = (IBAN, SSN, CARD, AWS_KEY, PASSWORD, PHONE)
LEAK = (
    "Hello {{ name }},\n\n"
    "Payroll corrections for Dana Whitfield:\n"
    f"IBAN {IBAN}, SSN {SSN}, card {CARD}.\n"
    f"Her private phone is {PHONE}.\n"
    f"The payroll system login is admin, password: {PASSWORD}\n"
    f"AWS key for the export: {AWS_KEY}\n"
    "Regards,\nSam\n"
)
POLICY = """version = 1

[[rule]]
name = "warn-on-anything"
category = ["personal_data", "credentials", "confidential", "internal", "gossip"]
action = "warn"
reason = "Sensitive content; the sender must confirm"
"""


@dataclass
class World:
    store: Store
    settings: Settings
    clock: FakeClock
    sink: SmtpSink
    sender: User
    admin: User
    list_id: int
    tmp: Path

    def run_worker(self, mailout_id: int) -> None:
        worker = make_worker(self.store, self.settings, self.clock, batch_size=25)
        asyncio.run(run_mailout(worker, mailout_id))

    def ledger(self, mailout_id: int, *states: DeliveryState) -> set[str]:
        return {e.email for s in states for e in self.store.iter_ledger(mailout_id, s)}

    def received(self, mailout_id: int) -> set[str]:
        """Who the sink got this mailout's messages for (notices and others left out)."""
        return {
            rcpt
            for m in self.sink.messages
            if m.message["X-Mailbrake-Mailout"] == str(mailout_id)
            for rcpt in m.rcpt_tos
        }

    def dropped(self) -> set[str]:
        return {rcpt for m in self.sink.dropped for rcpt in m.rcpt_tos}

    def notices_to(self, address: str) -> list[EmailMessage]:
        return [
            m.message
            for m in self.sink.messages
            if address in m.rcpt_tos and m.message["X-Mailbrake-Mailout"] is None
        ]


def recipients() -> list[NewSubscriber]:
    """Staff with guests spread among them, so the canary wave reaches both."""
    staff = [NewSubscriber(f"staff{i:03d}@example.org", f"Staff {i}") for i in range(INTERNAL)]
    staff[7] = NewSubscriber("dana.whitfield@example.org", "Dana Whitfield")
    guests = [
        NewSubscriber(f"guest{i:03d}@{domain}", f"Guest {i}")
        for domain, count in EXTERNAL.items()
        for i in range(count)
    ]
    people: list[NewSubscriber] = []
    for index, person in enumerate(staff):
        people.append(person)
        if index % 4 == 3:
            people.append(guests[index // 4])
    return people


def make_world(store: Store, clock: FakeClock, sink: SmtpSink, tmp: Path) -> World:
    policy = tmp / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    settings = load_settings(
        database_url="sqlite:///unused.db", smtp_url=sink.url, secret_key=SECRET,
        internal_domains=["example.org"], security_contact=SECURITY, policy_file=policy,
        public_url="https://mail.example.org", confirm_threshold=20,
    )  # fmt: skip
    admin = store.add_user("admin@example.org", name="Ada", role=Role.ADMIN, actor="t",
                           bootstrap=True)  # fmt: skip
    store.add_user(MANAGER, name="Bo Boss", role=Role.APPROVER, actor="t")
    sender = store.add_user("sam@example.org", name="Sam", role=Role.SENDER, actor="t",
                            manager=MANAGER)  # fmt: skip
    staff = store.create_list("all-staff")
    store.add_subscribers(staff.id, recipients())
    store.set_emergency(False, actor="t")
    return World(store, settings, clock, sink, sender, admin, staff.id, tmp)


def leaked_mailout(world: World) -> int:
    """The mistake: checked (warned), overridden, scheduled, canary sent, then stopped."""
    content = MailoutContent(
        from_addr="Sam <sam@example.org>",
        subject="Payroll fixes - Dana Whitfield SSN " + SSN,
        text=LEAK,
        attachments=(Attachment("payroll.csv", "text/csv", f"name,iban\nDana,{IBAN}\n".encode()),),
    )
    store = world.store
    mailout_id = store.create_mailout(world.list_id, content, created_by=world.sender.email)
    delivery = DeliveryOptions.build(canary=str(CANARY))
    request = SendRequest(
        user=world.sender, confirm=300, override="It is only for payroll, fine.", delivery=delivery
    )
    prepared = prepare_send(store, world.settings, mailout_id, request, clock=world.clock)
    assert prepared.scheduled is not None, prepared.held_because
    world.clock.advance(prepared.scheduled.window_seconds)
    assert start_due(store, world.settings, world.clock).started == [mailout_id]
    world.sink.fail_rcpt("staff003@example.org", code=550, text="5.1.1 no such user")
    world.sink.disconnect_during_data("staff010@example.org")  # a relay fault: uncertain
    world.run_worker(mailout_id)  # the canary wave, then it pauses
    world.clock.advance(30)
    stop_mailouts(store, [mailout_id], actor=world.sender.email)
    return mailout_id
