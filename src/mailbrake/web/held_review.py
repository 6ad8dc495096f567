"""IT review of held gateway mail for the pages and the API: what is waiting, and release,
return to sender or discard through the pipeline's functions (which audit each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from mailbrake.clock import Clock
from mailbrake.errors import ConflictError, InputError, InputProblem
from mailbrake.models import CheckResult, Mailout, MailoutState
from mailbrake.people import User
from mailbrake.pipeline.approve import find_approvers
from mailbrake.pipeline.held import WAITING, Held, dismiss, release
from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.web.auth import allowed

# release approves (four eyes) or schedules; a scheduled one is already on its way
RELEASABLE = (MailoutState.AWAITING_APPROVAL, MailoutState.CHECKED)


class HeldAction(StrEnum):
    RELEASE = "release"
    RETURN = "return"  # cancel and send the note to the sender
    DISCARD = "discard"  # cancel without telling the sender


@dataclass(frozen=True, slots=True)
class HeldItem:
    """One gateway mailout waiting for review, with what a reviewer needs to decide."""

    mailout: Mailout
    check: CheckResult | None
    recipients: int
    asked: tuple[str, ...]  # who may approve it (empty unless it awaits approval)
    starts_at: datetime | None  # when it goes by itself (scheduled ones)

    @property
    def external(self) -> int:
        return self.check.audience.external if self.check is not None else 0


def held_item(store: Store, mailout_id: int) -> HeldItem:
    mailout = store.get_mailout(mailout_id)
    asked: tuple[str, ...] = ()
    if mailout.state is MailoutState.AWAITING_APPROVAL:
        asked = tuple(u.email for u in find_approvers(store, mailout))
    return HeldItem(
        mailout=mailout,
        check=store.latest_check(mailout_id),
        recipients=store.count_recipients(mailout.list_id),
        asked=asked,
        starts_at=store.scheduled_for(mailout_id),
    )


def held_items(store: Store, user: User) -> list[HeldItem]:
    """Gateway mailouts waiting (checked, awaiting approval, in the undo window)."""
    allowed(user, "mailouts.approve")
    return [held_item(store, i) for i in store.held_gateway_mailouts(WAITING)]


def act(
    store: Store,
    settings: Settings,
    clock: Clock,
    user: User,
    mailout_id: int,
    action: HeldAction,
    note: str,
) -> Held | None:
    """Run one review action. The role is checked first (403 before anything is read), then
    that it is gateway mail (404), that a note says why (422) and that it is still held (409);
    the pipeline checks again."""
    allowed(user, "mailouts.approve")
    store.require_gateway_mailout(mailout_id)
    if not note.strip():
        why = "Say why in a few words: the note is kept in the audit trail."
        raise InputError([InputProblem("note", "is empty")], hint=why)
    state = store.get_mailout(mailout_id).state
    wanted = RELEASABLE if action is HeldAction.RELEASE else WAITING
    if state not in wanted:
        raise ConflictError(
            f"Gateway mailout {mailout_id} is {state}; {action} is not possible now.",
            hint="Only held mail can be reviewed: see the Held mail page. A scheduled one "
            "can still be returned or discarded; a sending one is stopped with Stop.",
        )
    if action is HeldAction.RELEASE and state is MailoutState.CHECKED:
        _not_your_own(store, mailout_id, user)
    if action is HeldAction.RELEASE:
        return release(store, settings, mailout_id, user, note, clock=clock)
    dismiss(store, settings, mailout_id, user, note, tell_sender=action is HeldAction.RETURN)
    return None


def _not_your_own(store: Store, mailout_id: int, user: User) -> None:
    # The pipeline schedules a checked one without an approval (it is left checked only if
    # the gateway stopped between the check and asking for approval): four eyes still hold.
    if store.get_mailout(mailout_id).created_by.lower() == user.email.lower():
        raise ConflictError(
            f"Gateway mailout {mailout_id} is your own message; you cannot release it.",
            hint="Ask another approver or an admin to review it.",
        )
