"""`mailbrake mailouts`: create a draft, list and show mailouts, preview one recipient's copy."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.pipeline.compose import Draft, Edit, compose, edit
from mailbrake.pipeline.preview import preview_bytes
from mailbrake.visible import cell

PathArg = click.Path(path_type=Path)


@click.group("mailouts")
def mailouts() -> None:
    """Mailouts: create a draft, list them, show one, preview a recipient's copy."""


@mailouts.command("create")
@click.option("--list", "list_name", required=True, help="The list to send to.")
@click.option("--from", "from_addr", required=True, help="Sender, e.g. 'HR <hr@example.org>'.")
@click.option("--subject", required=True, help="Subject (a template: {{ name }} works).")
@click.option("--text", "text_file", type=PathArg, required=True, help="Plain-text body template.")
@click.option("--html", "html_file", type=PathArg, default=None, help="HTML body template.")
@click.option("--attach", "attachments", type=PathArg, multiple=True, help="A file to attach.")
@pass_app
def create(
    app: AppContext,
    list_name: str,
    from_addr: str,
    subject: str,
    text_file: Path,
    html_file: Path | None,
    attachments: tuple[Path, ...],
) -> None:
    """Store a draft mailout and print its id. Nothing is sent."""
    user = app.current_user("mailouts.create")
    draft = Draft(list_name, from_addr, subject, text_file, html_file, attachments)
    limits = app.settings.render_limits()
    mailout_id = compose(app.store, draft, created_by=user.email, limits=limits)
    recipients = app.store.count_recipients(app.store.get_list(list_name).id)
    click.echo(str(mailout_id))
    app.err.print(
        f"Draft mailout {mailout_id} to {list_name!r} ({recipients:,} recipients). "
        f"Next: `mailbrake mailouts preview {mailout_id} --to ADDRESS`.",
        highlight=False,
    )


@mailouts.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_app
def list_(app: AppContext, fmt: str) -> None:
    """The newest mailouts with their state."""
    found = app.store.list_mailouts()
    if fmt == "json":
        echo_json(
            [
                {
                    "id": m.id,
                    "list": m.list_name,
                    "state": str(m.state),
                    "subject": m.content.subject,
                    "created_at": m.created_at,
                }
                for m in found
            ]
        )
        return
    table = Table("id", "state", "list", "subject", "created")
    for m in found:
        table.add_row(
            str(m.id),
            str(m.state),
            cell(m.list_name),
            cell(m.content.subject),
            f"{m.created_at:%Y-%m-%d %H:%M}",
        )
    app.console.print(table)


@mailouts.command("show")
@click.argument("mailout_id", type=int)
@pass_app
def show(app: AppContext, mailout_id: int) -> None:
    """A mailout's state, list, sender, subject and attachments."""
    m = app.store.get_mailout(mailout_id)
    echo_json(
        {
            "id": m.id,
            "state": str(m.state),
            "list": m.list_name,
            "from": m.content.from_addr,
            "subject": m.content.subject,
            "has_html": m.content.html is not None,
            "attachments": [
                {"name": a.filename, "type": a.content_type, "bytes": len(a.data)}
                for a in m.content.attachments
            ],
            "paused_reason": m.paused_reason,
            "created_at": m.created_at,
        }
    )


@mailouts.command("preview")
@click.argument("mailout_id", type=int)
@click.option("--to", "email", required=True, help="A recipient on the mailout's list.")
@pass_app
def preview(app: AppContext, mailout_id: int, email: str) -> None:
    """Print the exact message EMAIL would get (the bytes that would be sent)."""
    data = preview_bytes(app.store, app.settings, mailout_id, email, clock=app.clock)
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@mailouts.command("edit")
@click.argument("mailout_id", type=int)
@click.option("--subject", default=None, help="New subject template.")
@click.option("--text", "text_file", type=PathArg, default=None, help="New plain-text body.")
@click.option("--html", "html_file", type=PathArg, default=None, help="New HTML body.")
@click.option(
    "--attach",
    "attachments",
    type=PathArg,
    multiple=True,
    help="Replace the attachments with these files.",
)
@click.option("--no-attachments", is_flag=True, help="Remove every attachment.")
@pass_app
def edit_cmd(
    app: AppContext,
    mailout_id: int,
    subject: str | None,
    text_file: Path | None,
    html_file: Path | None,
    attachments: tuple[Path, ...],
    no_attachments: bool,
) -> None:
    """Change a draft, checked or held mailout. It becomes a draft again: the check and any
    approval must be done again."""
    user = app.current_user("mailouts.create")
    files = () if no_attachments else (attachments or None)
    change = Edit(subject, text_file, html_file, files)
    edit(app.store, mailout_id, change, actor=user.email, limits=app.settings.render_limits())
    click.echo(
        f"Edited mailout {mailout_id}; it is a draft again. Next: `mailbrake check {mailout_id}`."
    )
