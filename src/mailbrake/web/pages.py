"""Small server-rendered pages for people who click a link in a message (no scripts)."""

from __future__ import annotations

from html import escape

from starlette.responses import HTMLResponse

STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:34em;margin:3em auto;padding:0 1em;"
    "color:#1a202c}button{font-size:1em;padding:.6em 1.2em;border-radius:.3em;border:0;"
    "background:#2b6cb0;color:#fff;cursor:pointer}.note{color:#4a5568}"
)
# Tokens travel in the path: never leak them to other sites, never let anything be cached.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex, nofollow",
}


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    """A complete page; `body` is trusted HTML built by the functions below."""
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def confirm_form(action: str) -> HTMLResponse:
    # GET only shows this form: mail scanners fetch links, and must not confirm anything.
    return page(
        "Confirm you deleted the message",
        "<p>We sent you a message by mistake and asked you to delete it. If you have deleted "
        "it (and any copies or forwards), please confirm:</p>"
        f'<form method="post" action="{escape(action)}">'
        '<button type="submit">I have deleted it</button></form>'
        '<p class="note">This only records your confirmation; nothing else happens.</p>',
    )


def confirmed(first_time: bool) -> HTMLResponse:
    note = "" if first_time else '<p class="note">You had confirmed this already.</p>'
    return page("Thank you", f"<p>We have recorded that you deleted the message.</p>{note}")


def unsubscribe_form(action: str) -> HTMLResponse:
    return page(
        "Unsubscribe",
        "<p>Stop receiving messages from this list?</p>"
        f'<form method="post" action="{escape(action)}">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        '<button type="submit">Unsubscribe</button></form>',
    )


def unsubscribed() -> HTMLResponse:
    return page("Unsubscribed", "<p>You will receive no more messages from this list.</p>")


def refused(reason: str, status: int = 400) -> HTMLResponse:
    return page(
        "This link does not work",
        f'<p>{escape(reason)}</p><p class="note">Use the link from the most recent '
        "message, or reply to the sender.</p>",
        status,
    )
