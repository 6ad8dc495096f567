"""Persistence behind domain verbs (create_list, add_subscribers, create_mailout, ...), not SQL."""

from __future__ import annotations

from mailbrake.clock import Clock, SystemClock
from mailbrake.store.approvals import ApprovalOps
from mailbrake.store.audit import AuditOps, EmergencyOps
from mailbrake.store.base import StoreBase
from mailbrake.store.checks import CheckOps
from mailbrake.store.engine import make_engine
from mailbrake.store.gateway import GatewayOps
from mailbrake.store.incidents import IncidentOps
from mailbrake.store.ledger import LedgerOps
from mailbrake.store.ledger_read import LedgerReadOps
from mailbrake.store.lists import ListOps
from mailbrake.store.mailouts import MailoutOps
from mailbrake.store.migrate import upgrade
from mailbrake.store.overview import OverviewOps
from mailbrake.store.recipients import RecipientOps
from mailbrake.store.runs import RunOps
from mailbrake.store.slots import SlotOps
from mailbrake.store.stops import StopOps
from mailbrake.store.tokens import TokenOps
from mailbrake.store.users import UserOps
from mailbrake.store.workers import WorkerOps


class Store(
    GatewayOps,
    ListOps,
    RecipientOps,
    MailoutOps,
    ApprovalOps,
    CheckOps,
    LedgerOps,
    RunOps,
    SlotOps,
    StopOps,
    WorkerOps,
    LedgerReadOps,
    UserOps,
    TokenOps,
    EmergencyOps,
    IncidentOps,
    AuditOps,
    OverviewOps,
    StoreBase,
):
    """The one object callers use to read and change mailbrake's state."""

    @classmethod
    def open(cls, url: str, *, clock: Clock | None = None, migrate: bool = True) -> Store:
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        return cls(engine, clock or SystemClock())


__all__ = ["Store"]
