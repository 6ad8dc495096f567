"""The one table of allowed mailout state changes; every change is checked against it."""

from __future__ import annotations

from mailbrake.errors import StateError
from mailbrake.models import MailoutState as S

ALLOWED: dict[S, frozenset[S]] = {
    S.DRAFT: frozenset({S.CHECKED, S.CANCELLED}),
    # Editing a checked or held mailout sends it back to draft: the check must run again.
    S.CHECKED: frozenset({S.AWAITING_APPROVAL, S.SCHEDULED, S.DRAFT, S.CANCELLED}),
    S.AWAITING_APPROVAL: frozenset({S.SCHEDULED, S.DRAFT, S.CANCELLED}),
    # A stop before the first message is a cancel; sending begins when the window ends.
    # Editing in the undo window sends it back to draft; a missed start back to checked.
    S.SCHEDULED: frozenset({S.SENDING, S.CANCELLED, S.CHECKED, S.DRAFT}),
    S.SENDING: frozenset({S.PAUSED, S.DONE, S.HALTED, S.CANCELLED}),
    S.PAUSED: frozenset({S.SENDING, S.HALTED, S.CANCELLED}),
    S.DONE: frozenset(),
    S.HALTED: frozenset(),
    S.CANCELLED: frozenset(),
}

STOPPABLE: frozenset[S] = frozenset({S.SCHEDULED, S.SENDING, S.PAUSED})
FINAL: frozenset[S] = frozenset(state for state, nexts in ALLOWED.items() if not nexts)


def can_change(current: S, wanted: S) -> bool:
    return wanted in ALLOWED[current]


def check_change(mailout_id: int, current: S, wanted: S) -> None:
    """Raise StateError naming the current state and what is allowed from it."""
    if can_change(current, wanted):
        return
    allowed = sorted(str(s) for s in ALLOWED[current])
    raise StateError(mailout_id, str(current), str(wanted), allowed)


def stop_target(current: S, anything_sent: bool) -> S:
    """Where a stop takes a mailout: cancelled if no message has left yet, else halted."""
    if current not in STOPPABLE:
        raise ValueError(f"{current} cannot be stopped")
    return S.HALTED if anything_sent else S.CANCELLED
