"""What every web route gets: settings, store, clock, the session codec, limits and metrics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import Environment
from starlette.requests import Request

from mailbrake.clock import Clock
from mailbrake.settings import Settings
from mailbrake.store import Store
from mailbrake.web.metrics import Metrics
from mailbrake.web.ratelimit import SignInLimiter
from mailbrake.web.session import SessionCodec


@dataclass(frozen=True, slots=True)
class Web:
    settings: Settings
    store: Store
    clock: Clock
    codec: SessionCodec
    limiter: SignInLimiter
    metrics: Metrics
    workers_alive: Callable[[], int | None]  # in-process workers running; None: none started
    templates: Environment


def web_of(request: Request) -> Web:
    """The Web the app was built with (kept on the root app's state)."""
    web: Web = request.scope["mailbrake.web"]
    return web
