"""`mailbrake serve`: the web pages, the REST API, recipients' links and delivery workers."""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mailbrake.cli.context import AppContext, pass_app

if TYPE_CHECKING:
    from mailbrake.settings import Settings
    from mailbrake.sink.thread import BackgroundServer
    from mailbrake.store import Store


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8025, show_default=True, type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port; the URL is printed).",
)  # fmt: skip
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(0, 64),
    help="Delivery workers to run inside the server.",
)  # fmt: skip
@click.option("--no-workers", is_flag=True, help="Run no workers (run `mailbrake worker`).")
@click.option(
    "--demo", is_flag=True,
    help="A throwaway demo: SQLite in a temporary folder, a capture sink, demo people "
    "and lists; prints the URL and the accounts.",
)  # fmt: skip
@click.option(
    "--log-format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="json: one JSON object per log line.",
)  # fmt: skip
@pass_app
def serve(
    app: AppContext, host: str, port: int, workers: int, no_workers: bool, demo: bool,
    log_format: str,
) -> None:  # fmt: skip
    """Serve the web app (sign in at /), the API (/api/v1), /c/TOKEN and /u/TOKEN links,
    /healthz and /metrics; run delivery workers unless --no-workers. Ctrl-C stops it.

    Put it behind the URL in the `public_url` setting (a TLS proxy in production)."""
    from mailbrake.web.logs import configure

    log_config = configure(app.settings.log_level, log_format)
    count = 0 if no_workers else workers
    sock = _listen(host, port)
    if demo:
        _serve_demo(app, sock, count, log_config)
        return
    _serve(app, app.settings, app.store, sock, count, log_config)


def _listen(host: str, port: int) -> socket.socket:
    """Bound before anything else starts: a taken port fails at once, and port 0 is known."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        from mailbrake.errors import MailbrakeError

        raise MailbrakeError(f"Cannot listen on {host}:{port}: {exc.strerror}.",
                             hint="Pick another port with --port.") from None  # fmt: skip
    sock.listen(128)
    return sock


def _gateway(app: AppContext, settings: Settings, store: Store) -> BackgroundServer | None:
    """The SMTP gateway beside the web app, when gateway_enabled (started, or None)."""
    if not settings.gateway_enabled:
        return None
    from mailbrake.gateway.server import build_gateway

    gateway = build_gateway(store, settings, app.clock)
    gateway.start()
    click.echo(f"SMTP gateway on {gateway.host}:{gateway.port} (see docs/gateway.md).")
    return gateway


def _serve(
    app: AppContext, settings: Settings, store: Store, sock: socket.socket, count: int,
    log_config: dict[str, object],
) -> None:  # fmt: skip
    import uvicorn

    from mailbrake.web import create_app
    from mailbrake.web.workers import WorkerPool

    pool = WorkerPool(store, settings, app.clock, count)
    web = create_app(settings, store, clock=app.clock,
                     workers_alive=(lambda: pool.alive()) if count else (lambda: None))  # fmt: skip
    host, port = sock.getsockname()[:2]
    click.echo(f"Serving on http://{host}:{port} (links in messages use {settings.public_url}); "
               f"{count} delivery worker(s). Ctrl-C stops.", )  # fmt: skip
    config = uvicorn.Config(web, log_config=log_config, log_level=settings.log_level,
                            access_log=False, proxy_headers=True, lifespan="off")  # fmt: skip
    gateway = _gateway(app, settings, store)
    pool.start()
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # a second Ctrl-C while shutting down: still stop the workers cleanly
    finally:
        pool.stop()
        if gateway is not None:
            gateway.stop()
        sock.close()
    click.echo("Stopped.")


def _serve_demo(app: AppContext, sock: socket.socket, count: int, log_config: dict[str, object]
                ) -> None:  # fmt: skip
    from mailbrake.demo.site import demo_place, fill_lists, staff_with_passwords, write_policy
    from mailbrake.settings import load_settings
    from mailbrake.sink import start_sink
    from mailbrake.store import Store

    place = demo_place(Path(tempfile.mkdtemp(prefix="mailbrake-serve-demo-")))
    with start_sink("127.0.0.1", 0, place.sink) as sink:
        place.write_config(sink.port)
        host, port = sock.getsockname()[:2]
        with place.config.open("a", encoding="utf-8") as extra:
            extra.write(f'public_url = "http://{host}:{port}"\n')
            extra.write(f'policy_file = "{write_policy(place)}"\n')
        settings = load_settings(place.config)
        store = Store.open(settings.database_url, clock=app.clock)
        store.set_audit_secret(settings.resolved_secret())
        accounts = staff_with_passwords(store)
        for line in fill_lists(store, place, accounts[0].user):
            click.echo(line)
        click.echo(f"\nDemo files: {place.root}\nCapture sink: 127.0.0.1:{sink.port}, "
                   f"messages stored in {place.sink}\n")  # fmt: skip
        click.secho(f"Open http://{host}:{port}/ and sign in as:", bold=True)
        for account in accounts:
            click.echo(f"  {account.user.role:<9} {account.user.email:<22} "
                       f"password {account.password}  API token {account.token}")  # fmt: skip
        click.echo("")
        try:
            _serve(app, settings, store, sock, max(count, 1) if count else 0, log_config)
        finally:
            store.close()
