"""The audience as the merge check reads it: every value of the used columns, and a sample.

One pass over the list scans every active recipient's value of each column the templates use
(merge_columns, in bounded memory) and keeps the recipients whose messages will be rendered:
all of them up to `size`, beyond it a stratified sample of `size` (one random row from each
of equal slices of the list) that always includes the first and last rows.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from mailbrake.models import Subscriber
from mailbrake.pipeline.merge_columns import ColumnHit, ColumnScan
from mailbrake.rules.meaning import MeaningModel

# The recipient's own address and name are what the message is addressed to, not data about
# someone: scanning them would find every recipient's name in every list.
OWN_IDENTITY = frozenset({"email", "name"})


@dataclass(frozen=True, slots=True)
class AudienceSample:
    """What the merge check reads: the column values of everyone, and whom to render for."""

    total: int
    rendered: tuple[Subscriber, ...]
    columns: tuple[ColumnHit, ...]  # sensitive values in the used columns, over everyone


def sample_positions(total: int, size: int, rng: random.Random) -> frozenset[int]:
    """Row positions to render: all below `size`, else first, last and one per stratum."""
    if total <= size:
        return frozenset(range(total))
    picked = {0, total - 1}
    strata = max(size - 2, 0)
    for index in range(strata):
        low = index * total // strata
        high = max((index + 1) * total // strata, low + 1)
        picked.add(rng.randrange(low, high))
    return frozenset(picked)


def read_audience(
    recipients: Iterable[Subscriber],
    total: int,
    fields: Iterable[str],
    size: int,
    rng: random.Random,
    model: MeaningModel | None = None,
) -> AudienceSample:
    """Read the recipients once; `total` is their expected count (positions are drawn on it).
    With a meaning model, it reads the values of the used columns that hold prose."""
    columns = ColumnScan(sorted(set(fields) - OWN_IDENTITY), model)
    positions = sample_positions(total, size, rng)
    rendered: list[Subscriber] = []
    last: Subscriber | None = None
    seen = 0
    for position, recipient in enumerate(recipients):
        seen = position + 1
        columns.add(recipient.attributes)
        if position in positions:
            rendered.append(recipient)
        last = recipient
    if last is not None and (not rendered or rendered[-1] is not last):
        rendered.append(last)  # the list grew since it was counted: still read the last row
    return AudienceSample(seen, tuple(rendered), tuple(columns.hits()))
