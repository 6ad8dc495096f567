"""aiosmtpd hooks for the gateway: who may send, to whom, and what becomes of each message.

The hooks only translate SMTP to calls of `pipeline/intake.py` and `pipeline/held.py` and
their results back to SMTP replies; the check and the database work run on worker threads,
so one slow message never stalls the other clients.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import threading
from dataclasses import dataclass
from email.utils import formatdate
from functools import partial
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from mailbrake.clock import Clock
from mailbrake.gateway.auth import client_address
from mailbrake.gateway.relay import UpstreamPool, UpstreamReply
from mailbrake.models import GatewayDisposition, GatewayRecord, MailoutState, NewSubscriber
from mailbrake.people import User
from mailbrake.pipeline.analyse import Analyser
from mailbrake.pipeline.held import Held, hold_submission, notice_to_sender
from mailbrake.pipeline.intake import (
    Assessment,
    Route,
    Submission,
    assess,
    from_address,
    may_send_as,
    only_internal,
)
from mailbrake.settings import Settings
from mailbrake.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class GatewayContext:
    """Everything the hooks need, built once when the gateway starts."""

    store: Store
    settings: Settings
    analyser: Analyser
    clock: Clock
    secret: bytes
    upstream: UpstreamPool
    hostname: str


class GatewayHandler:
    def __init__(self, ctx: GatewayContext) -> None:
        self.ctx = ctx
        # Hyperscan's scratch space is per scanner, not per thread: one check at a time.
        self._check_lock = threading.Lock()
        self._networks = [
            ipaddress.ip_network(n, strict=False) for n in ctx.settings.gateway_trusted_networks
        ]

    def _is_trusted(self, client: str) -> bool:
        try:
            address = ipaddress.ip_address(client)
        except ValueError:
            return False
        return any(address in network for network in self._networks)

    async def handle_MAIL(  # noqa: N802 (aiosmtpd hook name)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        user = _user(session)
        if user is None and not self._is_trusted(client_address(session)):
            return "530 5.7.0 Authentication required: log in with your mailbrake account"
        if user is not None:
            allowed = await _in_thread(may_send_as, self.ctx.store, user, address)
            if not allowed:
                return f"550 5.7.1 {user.email} may not send as <{address}>; ask IT for a send-as"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 2.1.0 OK"

    async def handle_RCPT(  # noqa: N802 (aiosmtpd hook name)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if len(envelope.rcpt_tos) >= self.ctx.settings.gateway_max_recipients:
            return "452 4.5.3 Too many recipients for one message; send the rest separately"
        if _user(session) is None and not only_internal(
            self.ctx.settings, [NewSubscriber(address.lower())]
        ):
            return "550 5.7.1 Relaying denied: log in to send outside the organisation"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 2.1.5 OK"

    async def handle_DATA(  # noqa: N802 (aiosmtpd hook name)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        try:
            return await self._data(session, envelope)
        except Exception:  # never a 250 for a message neither relayed nor stored
            log.exception("gateway: a message could not be handled")
            return "451 4.3.0 The gateway could not handle the message; try again later"

    async def _data(self, session: Session, envelope: Envelope) -> str:
        ctx, user = self.ctx, _user(session)
        data = envelope.original_content or b""
        if user is not None:
            header_from = from_address(data)
            if header_from and not await _in_thread(may_send_as, ctx.store, user, header_from):
                return f"550 5.7.1 {user.email} may not send as From: <{header_from}>"
        submission = Submission(
            user=user,
            client=client_address(session),
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            data=data,
            received_at=ctx.clock.now(),
        )
        found = await _in_thread(self._assess, submission)
        if found.route is Route.BLOCK:
            await _in_thread(self._record, submission, found, GatewayDisposition.BLOCKED, None)
            return f"550 5.7.1 Not sent: {found.reason}; remove what the check found"[:500]
        if found.route is Route.DEFER:
            return f"451 4.7.1 Not accepted now: {found.reason}"[:500]
        if found.route is Route.RELAY:
            return await self._relay(session, submission, found)
        if user is None:
            return "550 5.7.1 Bulk or flagged mail needs a logged-in sender; log in and resend"
        return await self._hold(submission, found, user)

    async def _relay(self, session: Session, submission: Submission, found: Assessment) -> str:
        ctx = self.ctx
        data = self._received(session, found) + submission.data
        rcpts = [r.email for r in found.recipients]
        reply = await ctx.upstream.relay(submission.mail_from, rcpts, data)
        try:
            await _in_thread(self._record, submission, found, _disposition(reply), reply)
        except Exception:  # relayed but not recorded: a retry would send it twice
            log.exception("gateway: relayed %s but could not record it", found.message_id)
        return reply.as_smtp()

    async def _hold(self, submission: Submission, found: Assessment, user: User) -> str:
        ctx = self.ctx
        held = await _in_thread(self._hold_now, submission, found, user)
        if held.state is MailoutState.CANCELLED:
            return f"550 5.7.1 Not sent: blocked by the policy (rule: {held.rule})"[:500]
        await _in_thread(notice_to_sender, ctx.settings, ctx.secret, held, found, user.email)
        return f"250 2.0.0 held as mailout {held.mailout_id}"

    def _assess(self, submission: Submission) -> Assessment:
        ctx = self.ctx
        with self._check_lock:
            return assess(ctx.store, ctx.settings, ctx.analyser, submission)

    def _hold_now(self, submission: Submission, found: Assessment, user: User) -> Held:
        ctx = self.ctx
        with self._check_lock:  # the stored check scans too
            return hold_submission(
                ctx.store, ctx.settings, submission, found, user, clock=ctx.clock
            )

    def _received(self, session: Session, found: Assessment) -> bytes:
        ctx = self.ctx
        helo = (session.host_name or "unknown").replace("\r", "").replace("\n", "")
        line = (
            f"Received: from {helo} ([{client_address(session)}])\r\n"
            f"\tby {ctx.hostname} (mailbrake gateway); {formatdate(localtime=False)}\r\n"
        )
        if ctx.settings.gateway_check_header:
            line += f"X-Mailbrake-Check: {found.verdict}; rule={found.rule}\r\n"
        return line.encode("ascii", "replace")

    def _record(
        self,
        submission: Submission,
        found: Assessment,
        disposition: GatewayDisposition,
        reply: UpstreamReply | None,
    ) -> None:
        self.ctx.store.record_gateway_message(
            GatewayRecord(
                received_at=submission.received_at,
                auth_user=submission.user.email if submission.user else "",
                client=submission.client,
                mail_from=submission.mail_from,
                recipients=tuple(r.email for r in found.recipients),
                message_id=found.message_id,
                size=len(submission.data),
                verdict=found.verdict,
                rule=found.rule,
                disposition=disposition,
                upstream_code=reply.code if reply else None,
                upstream_reply=reply.text[:1000] if reply else "",
            )
        )


def _disposition(reply: UpstreamReply) -> GatewayDisposition:
    if reply.is_success:
        return GatewayDisposition.RELAYED
    return GatewayDisposition.REFUSED if reply.code >= 500 else GatewayDisposition.DEFERRED


def _user(session: Session) -> User | None:
    data = session.auth_data if session.authenticated else None
    return data if isinstance(data, User) else None


async def _in_thread(func: Any, *args: Any, **kwargs: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(None, partial(func, *args, **kwargs))
