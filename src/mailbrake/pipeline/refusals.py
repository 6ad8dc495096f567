"""Typed refusals of send, resume, pause and cancel: each carries the mailout's state and a hint."""

from __future__ import annotations

from datetime import datetime

from mailbrake.errors import MailbrakeError, StateError
from mailbrake.lifecycle import ALLOWED
from mailbrake.models import Mailout, MailoutState
from mailbrake.pipeline.prepare import SendRefusedError


class WrongStateError(StateError):
    """The action does not apply to the mailout's state; the message says what does."""

    def __init__(
        self, mailout: Mailout, wanted: MailoutState, message: str, *, hint: str = ""
    ) -> None:
        MailbrakeError.__init__(self, message, hint=hint)
        self.mailout_id = mailout.id
        self.current = str(mailout.state)
        self.wanted = str(wanted)
        self.allowed = sorted(str(s) for s in ALLOWED[mailout.state])


class FinalStateError(WrongStateError):
    """The mailout is done, halted or cancelled: nothing more is ever sent for it."""

    def __init__(self, mailout: Mailout, action: str) -> None:
        super().__init__(
            mailout,
            MailoutState.SENDING,
            f"Mailout {mailout.id} is {mailout.state}, which is final: nothing more is sent "
            f"for it, so it cannot be {action}.",
            hint=_final_hint(mailout),
        )


class UndoWindowError(SendRefusedError):
    """Resume of a mailout still in its undo window: it starts by itself."""

    def __init__(self, mailout_id: int, starts_at: datetime | None) -> None:
        when = f" at {starts_at:%H:%M:%S} UTC" if starts_at else ""
        super().__init__(
            f"Mailout {mailout_id} is in its undo window and starts by itself{when}; only a "
            "paused mailout can be resumed.",
            hint=f"`mailbrake cancel {mailout_id}` stops it; `mailbrake worker` starts it.",
        )
        self.mailout_id = mailout_id
        self.starts_at = starts_at


class NotStartableError(SendRefusedError):
    """A due scheduled mailout that may not start without a new confirmation."""

    def __init__(self, mailout_id: int, reason: str) -> None:
        super().__init__(
            f"Mailout {mailout_id} cannot start: {reason}.",
            hint=f"A worker sends it back to checked; then send it again: "
            f"`mailbrake send {mailout_id}`.",
        )
        self.mailout_id = mailout_id
        self.reason = reason


def _final_hint(mailout: Mailout) -> str:
    if mailout.state is MailoutState.HALTED:
        return (
            f"`mailbrake ledger {mailout.id} --state uncertain` lists who may have got it; to "
            f"write to those who did, open an incident: `mailbrake incident open {mailout.id}`."
        )
    return f"`mailbrake status {mailout.id}` shows what was sent."
