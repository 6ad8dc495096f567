"""Deliver: start a scheduled mailout (ledger + waves + limits) and judge each SMTP reply."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from mailbrake.errors import InputError, InputProblem
from mailbrake.models import DeliveryState, Mailout, SmtpReply
from mailbrake.pipeline.deliver.waves import REST, plan_waves, wave_sizes
from mailbrake.store import Store
from mailbrake.store.ledger import Claim, Outcome, RunInfo

OPTIONS_KEY = "delivery"


@dataclass(frozen=True, slots=True)
class DeliveryOptions:
    """How one mailout is sent; stored in its options JSON under "delivery".

    rate: messages per second; hourly: messages per sliding hour; connections: SMTP
    connections per worker; waves: e.g. ("50", "10%", "rest"); canary_wait: seconds after
    a finished wave before the next one starts by itself (None: wait for `resume`);
    failure_threshold/failure_window: pause when more than that share of the last N
    outcomes failed; max_attempts/retry_base: retries of 4xx replies, with backoff.
    """

    rate: float | None = None
    hourly: int | None = None
    connections: int | None = None
    waves: tuple[str, ...] = (REST,)
    canary_wait: float | None = None
    max_attempts: int = 5
    retry_base: float = 60.0
    failure_threshold: float = 0.2
    failure_window: int = 200

    def __post_init__(self) -> None:
        problems = []
        if self.rate is not None and self.rate <= 0:
            problems.append(InputProblem("rate", f"{self.rate} must be above 0 per second"))
        if self.hourly is not None and self.hourly < 1:
            problems.append(InputProblem("hourly", f"{self.hourly} must be at least 1"))
        if self.connections is not None and not 1 <= self.connections <= 256:
            problems.append(InputProblem("connections", "must be between 1 and 256"))
        if self.canary_wait is not None and self.canary_wait < 0:
            problems.append(InputProblem("canary_wait", "must be 0 seconds or more"))
        if self.max_attempts < 1:
            problems.append(InputProblem("max_attempts", "must be at least 1"))
        if not 0 < self.failure_threshold <= 1:
            problems.append(InputProblem("failure_threshold", "must be above 0 and at most 1"))
        if problems:
            raise InputError(problems, hint="Correct the delivery options named.")

    @classmethod
    def build(cls, *, canary: str | None = None, waves: str = "", **values: Any) -> DeliveryOptions:
        """From a front door's fields: canary "50" / "1%", waves "1%,10%,rest" and the limits."""
        plan = plan_waves(canary, [w for w in waves.split(",") if w.strip()])
        return cls(waves=plan, **{k: v for k, v in values.items() if v is not None})

    @classmethod
    def of(cls, mailout: Mailout) -> DeliveryOptions:
        stored = dict(mailout.options.get(OPTIONS_KEY) or {})
        known = {k: v for k, v in stored.items() if k in cls.__dataclass_fields__}
        if "waves" in known:
            known["waves"] = tuple(known["waves"])
        return cls(**known)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["waves"] = list(self.waves)
        return data


def start_sending(
    store: Store, mailout_id: int, options: DeliveryOptions, *, actor: str = "system"
) -> RunInfo:
    """scheduled -> sending: enqueue every active recipient in waves, in one transaction."""

    def sizes(total: int) -> list[int | None]:
        return wave_sizes(options.waves, total)

    return store.start_run(mailout_id, sizes, {OPTIONS_KEY: options.as_json()}, actor=actor)


def judge(
    claim: Claim, reply: SmtpReply, message_id: str, now: datetime, options: DeliveryOptions
) -> Outcome:
    """The ledger outcome of one SMTP reply.

    2xx sent; 5xx failed; code 0 (the content went out, no reply came) uncertain: the relay
    may have it, so it is never resent on its own; 4xx (and "not sent" 421s) deferred with
    exponential backoff until max_attempts, then failed with the last reply kept.
    """

    def outcome(state: DeliveryState, retry_at: datetime | None = None) -> Outcome:
        sent_at = None if retry_at is not None else now
        return Outcome(
            claim.delivery_id, state, reply.code, reply.text, message_id, sent_at, retry_at
        )

    if reply.is_success:
        return outcome(DeliveryState.SENT)
    if reply.code == 0:
        return outcome(DeliveryState.UNCERTAIN)
    if reply.is_permanent or claim.attempts + 1 >= options.max_attempts:
        return outcome(DeliveryState.FAILED)
    delay = options.retry_base * (2**claim.attempts)
    return outcome(DeliveryState.DEFERRED, now + timedelta(seconds=delay))


def unbuildable(claim: Claim, reason: str, now: datetime) -> Outcome:
    """A recipient whose message cannot be built (bad address, missing field): failed."""
    return Outcome(
        claim.delivery_id,
        DeliveryState.FAILED,
        None,
        f"Not sent by mailbrake: {reason}",
        None,
        now,
    )
