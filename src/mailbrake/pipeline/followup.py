"""Follow-up: a correction to exactly the recipients who got the original, each with a
personal, signed "I have deleted it" link; it travels the normal road (check, approval,
undo window, ledger).

The audience is a new list, `incident-N-correction`, filled from the original's ledger in
one INSERT ... SELECT. Each member's confirmation link is stored as the subscriber attribute
`confirm_url_incident_N`, so the ordinary message builder renders it like any other field;
the author writes `{{ confirm_url }}` and it is pointed at that attribute here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from mailbrake.clock import Clock
from mailbrake.errors import ConflictError, TemplateError
from mailbrake.mime.templates import compile_templates
from mailbrake.mime.tokens import TokenError, sign_token, verify_token
from mailbrake.models import DeliveryState, MailoutContent
from mailbrake.people import User
from mailbrake.pipeline.prepare import Prepared, SendRequest, prepare_send
from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.store.incidents import ClosedIncidentError

PURPOSE = "deleted"
FIELD = "confirm_url"
ALLOWED_FIELDS = frozenset({"name", "email", FIELD})
_FIELD_USE = re.compile(r"\{\{\s*confirm_url\s*\}\}")
STANDARD_PARAGRAPH = (
    "\n\nPlease delete the earlier message, then confirm that you have deleted it "
    "(one click, no login needed):\n{{ confirm_url }}\n"
)


@dataclass(frozen=True, slots=True)
class Followup:
    incident_id: int
    mailout_id: int
    list_id: int
    recipients: int
    prepared: Prepared


def confirm_field(incident_id: int) -> str:
    """The subscriber attribute that holds a recipient's link for this incident."""
    return f"confirm_url_incident_{incident_id}"


def confirm_token(secret: bytes, incident_id: int, subscriber_id: int) -> str:
    return sign_token(secret, PURPOSE, {"i": incident_id, "s": subscriber_id})


def confirm_url(settings: Settings, incident_id: int, subscriber_id: int) -> str:
    token = confirm_token(settings.resolved_secret(), incident_id, subscriber_id)
    return f"{settings.public_url}/c/{token}"


def read_confirm_token(secret: bytes, token: str) -> tuple[int, int]:
    """(incident id, subscriber id) of a link we signed, or TokenError."""
    payload = verify_token(secret, PURPOSE, token)
    incident, subscriber = payload.get("i"), payload.get("s")
    if not isinstance(incident, int) or not isinstance(subscriber, int):
        raise TokenError(PURPOSE, "it does not name a recipient")
    return incident, subscriber


def correction_text(text: str, incident_id: int) -> str:
    """The author's text with `{{ confirm_url }}` pointed at this incident's attribute
    (the standard paragraph is appended when the text has no link of its own)."""
    if not _FIELD_USE.search(text):
        text = text.rstrip("\n") + STANDARD_PARAGRAPH
    return _FIELD_USE.sub(f"{{{{ {confirm_field(incident_id)} }}}}", text)


def default_subject(sent_at: datetime | None) -> str:
    when = f" of {sent_at:%d %B %Y}" if sent_at is not None else ""
    return f"Please delete our message{when}"


def create_followup(
    store: Store,
    settings: Settings,
    incident_id: int,
    text: str,
    *,
    user: User,
    clock: Clock,
    subject: str | None = None,
    include_uncertain: bool = True,
    override: str | None = None,
) -> Followup:
    """Create the correction mailout and send it down the normal road (check, confirm,
    approval when the policy asks, undo window); workers deliver it like any other."""
    incident = store.get_incident(incident_id)
    if not incident.is_open:
        raise ClosedIncidentError(incident_id)
    if incident.correction_mailout_id is not None:
        raise ConflictError(
            f"Incident {incident_id} has a correction already (mailout "
            f"{incident.correction_mailout_id}).",
            hint=f"See `mailbrake status {incident.correction_mailout_id}`.",
        )
    original = store.get_mailout(incident.mailout_id)
    first_sent, _ = store.sent_bounds(original.id)
    content = MailoutContent(
        from_addr=original.content.from_addr,
        subject=subject or default_subject(first_sent),
        text=correction_text(text, incident_id),
    )
    _check_fields(content, incident_id)
    states = [DeliveryState.SENT] + ([DeliveryState.UNCERTAIN] if include_uncertain else [])
    name = f"incident-{incident_id}-correction"
    list_id = store.create_list_from_ledger(original.id, states, name, actor=user.email)
    store.set_attribute(confirm_field(incident_id), _links(store, settings, incident_id, list_id))
    options = {"incident": incident_id}
    mailout_id = store.create_mailout(list_id, content, created_by=user.email, options=options)
    store.set_correction(incident_id, mailout_id, list_id, actor=user.email)
    audience = store.count_recipients(list_id)
    # The audience comes from the ledger, not from a list someone picked: confirm its size.
    request = SendRequest(user=user, confirm=audience, override=override)
    prepared = prepare_send(store, settings, mailout_id, request, clock=clock)
    return Followup(incident_id, mailout_id, list_id, audience, prepared)


def _check_fields(content: MailoutContent, incident_id: int) -> None:
    used = compile_templates(content).fields
    allowed = (ALLOWED_FIELDS - {FIELD}) | {confirm_field(incident_id)}
    extra = sorted(used - allowed)
    if extra:
        names = ", ".join(f"'{f}'" for f in extra)
        raise TemplateError(
            f"The correction uses the field(s) {names}; it may only use {{{{ name }}}}, "
            "{{ email }} and {{ confirm_url }}.",
            hint="Remove the other fields from the --text file.",
        )


def _links(
    store: Store, settings: Settings, incident_id: int, list_id: int
) -> Iterator[tuple[int, str]]:
    secret = settings.resolved_secret()
    base = settings.public_url
    for subscriber_id in store.iter_member_ids(list_id):
        yield subscriber_id, f"{base}/c/{confirm_token(secret, incident_id, subscriber_id)}"
