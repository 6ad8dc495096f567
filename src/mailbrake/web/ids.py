"""Bounded ids for paths and queries: the database's integer columns are 32-bit, so a larger
number is simply not found (404) rather than an overflow deep in the driver (500)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

MAX_ID = 2_147_483_647

MailoutId = Annotated[int, Path(ge=1, le=MAX_ID)]
IncidentId = Annotated[int, Path(ge=1, le=MAX_ID)]
AfterId = Annotated[int, Query(ge=0, le=MAX_ID)]
