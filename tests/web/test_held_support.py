"""Helpers for the held-mail tests (no tests here): gateway mail held through the gateway's
own intake and hold functions, as the SMTP gateway does it, in the web tests' world."""

from __future__ import annotations

from email.message import EmailMessage

from tests.pipeline.test_incident_support import World

from mailbrake.models import MailoutState
from mailbrake.people import User
from mailbrake.pipeline.analyse import policy_analyser
from mailbrake.pipeline.held import hold_submission
from mailbrake.pipeline.intake import Route, Submission, assess
from mailbrake.policy import load_policy

STAFF_ADDRESS = "all-staff@example.org"


def message(sender: str, to: str, subject: str, text: str) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Message-ID"] = f"<{abs(hash((sender, subject)))}@client.example.org>"
    mail.set_content(text)
    return mail.as_bytes()


def hold(
    world: World,
    sender: User,
    rcpt_tos: tuple[str, ...] = (STAFF_ADDRESS,),
    *,
    subject: str = "Canteen closed on Friday",
    text: str = "The canteen is closed on Friday.\n",
) -> int:
    """Submit a message as `sender` the way the gateway does; returns the held mailout id."""
    store, settings = world.store, world.settings
    if store.list_for_address(STAFF_ADDRESS) is None:
        store.set_list_address("all-staff", STAFF_ADDRESS, actor="t")
    data = message(sender.email, ", ".join(rcpt_tos), subject, text)
    submission = Submission(
        user=sender,
        client="127.0.0.1",
        mail_from=sender.email,
        rcpt_tos=rcpt_tos,
        data=data,
        received_at=world.clock.now(),
    )
    assert settings.policy_file is not None
    analyser = policy_analyser(load_policy(settings.policy_file), settings.internal_domains)
    assessment = assess(store, settings, analyser, submission)
    assert assessment.route is Route.HOLD, assessment.reason
    held = hold_submission(store, settings, submission, assessment, sender, clock=world.clock)
    assert held.state is not MailoutState.CANCELLED, held
    return held.mailout_id
