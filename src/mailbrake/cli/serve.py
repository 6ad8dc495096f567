"""`mailbrake serve`: the web endpoint for recipients' links (confirm deletion, unsubscribe)."""

from __future__ import annotations

import click

from mailbrake.cli.context import AppContext, pass_app


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8025, show_default=True, type=click.IntRange(1, 65535))
@pass_app
def serve(app: AppContext, host: str, port: int) -> None:
    """Serve /c/TOKEN ("I have deleted it") and /u/TOKEN (one-click unsubscribe).

    Put it behind the URL in the `public_url` setting (a TLS proxy in production).
    """
    import uvicorn

    from mailbrake.web import create_app

    web = create_app(app.settings, app.store)
    click.echo(
        f"Serving on http://{host}:{port} (links in messages use {app.settings.public_url})."
    )
    uvicorn.run(web, host=host, port=port, log_level=app.settings.log_level, access_log=False)
