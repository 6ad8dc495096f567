"""Waves at enqueue: the active members of a list, ranked, and the wave each rank falls in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from mailbrake.models import SubscriberStatus
from mailbrake.store.tables import list_members, subscribers


def active_members(list_id: int) -> sa.ColumnElement[bool]:
    # The same rule as RecipientOps: both the membership and the subscriber are active.
    active = SubscriberStatus.ACTIVE.value
    return sa.and_(
        list_members.c.list_id == list_id,
        list_members.c.status == active,
        subscribers.c.status == active,
    )


def wave_of(rank: sa.ColumnElement[Any], bounds: Sequence[int]) -> sa.ColumnElement[Any]:
    """Wave number from a 1-based rank and cumulative wave upper bounds."""
    whens = [(rank <= bound, index) for index, bound in enumerate(bounds[:-1])]
    return sa.case(*whens, else_=len(bounds) - 1)


def wave_bounds(sizes: Sequence[int | None], total: int) -> list[int]:
    """Cumulative upper bounds of each non-empty wave; the last one is always `total`."""
    bounds: list[int] = []
    reached = 0
    for size in sizes:
        reached = total if size is None else min(total, reached + size)
        if bounds and reached == bounds[-1]:
            continue
        bounds.append(reached)
        if reached >= total:
            break
    if not bounds or bounds[-1] < total:
        bounds.append(total)
    return bounds
