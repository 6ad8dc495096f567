"""The sender's signed "cancel my held message" link from the gateway's notice."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from mailbrake.pipeline.held import cancel_by_sender, read_cancel_link
from mailbrake.store import Store
from mailbrake.web.pages import page


class HeldLink:
    def __init__(self, store: Store, secret: bytes) -> None:
        self.store = store
        self.secret = secret

    async def form(self, request: Request) -> Response:
        # GET only shows the form: mail scanners fetch links and must not cancel anything.
        mailout_id = read_cancel_link(self.secret, request.path_params["token"])
        mailout = await run_in_threadpool(self.store.get_mailout, mailout_id)
        return page(
            "Cancel your held message",
            f"<p>Your message “{_esc(mailout.content.subject)}” is held by the mail gateway as "
            f"mailout {mailout_id} ({mailout.state}).</p>"
            f'<form method="post" action="{_esc(request.url.path)}">'
            '<button type="submit">Cancel it</button></form>',
        )

    async def cancel(self, request: Request) -> Response:
        mailout_id = read_cancel_link(self.secret, request.path_params["token"])
        done = await run_in_threadpool(cancel_by_sender, self.store, mailout_id)
        if done:
            return page("Cancelled", "<p>Nothing was sent; nothing will be.</p>")
        return _too_late(mailout_id)


def _too_late(mailout_id: int) -> HTMLResponse:
    return page(
        "Too late to cancel here",
        f"<p>Mailout {mailout_id} is no longer waiting. If it is sending, stop it with "
        f"<code>mailbrake stop {mailout_id}</code> or ask IT.</p>",
        409,
    )


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
