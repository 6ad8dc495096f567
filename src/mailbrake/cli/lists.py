"""`mailbrake lists`: create lists, show them with counts, import subscribers from CSV."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.errors import InputError, InputProblem
from mailbrake.importer import ImportReport, import_csv
from mailbrake.visible import cell

PARTLY_IMPORTED = 5


@click.group("lists", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.pass_context
def lists(ctx: click.Context, fmt: str) -> None:
    """Mailing lists. Without a subcommand: every list with its recipient counts."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(show_lists, fmt=fmt)


@pass_app
def show_lists(app: AppContext, fmt: str) -> None:
    found = app.store.list_lists()
    if fmt == "json":
        echo_json([{"name": m.name, "active": m.active, "members": m.total} for m in found])
        return
    if not found:
        click.echo("No lists yet. Create one with `mailbrake lists create NAME`.")
        return
    table = Table("list", "active recipients", "members", "created")
    for item in found:
        table.add_row(
            cell(item.name), f"{item.active:,}", f"{item.total:,}", f"{item.created_at:%Y-%m-%d}"
        )
    app.console.print(table)


@lists.command("create")
@click.argument("name")
@pass_app
def create(app: AppContext, name: str) -> None:
    """Create an empty list called NAME."""
    user = app.current_user("lists.create")
    clean = name.strip()
    if not clean or len(clean) > 200:
        raise InputError([InputProblem("NAME", "a list name needs 1 to 200 characters")])
    created = app.store.create_list(clean, actor=user.email)
    click.echo(
        f"Created list {created.name!r}. Import people with "
        f"`mailbrake lists import {created.name} FILE.csv`."
    )


@lists.command("import")
@click.argument("name")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--encoding", default=None, help="File encoding (default UTF-8, with or without BOM)."
)
@click.option("--strict", is_flag=True, help="Import nothing if any row is bad.")
@pass_app
def import_(app: AppContext, name: str, file: Path, encoding: str | None, strict: bool) -> None:
    """Import subscribers from a CSV FILE into list NAME.

    The header row names the columns: 'email' is required, 'name' (or first_name and
    last_name) is the display name, any other column becomes an attribute the templates can
    use. Repeated addresses are merged; bad rows (a bad address, a wrong number of fields, a
    line break or other control character in a field) are reported by line and skipped.
    Exits 0 when every row was imported, 1 when nothing was, 5 when some rows were imported
    and others refused.
    """
    user = app.current_user("lists.import")
    report = import_csv(app.store, name, file, encoding=encoding, strict=strict, actor=user.email)
    _print_report(app, report, file)
    raise SystemExit(import_exit_code(report))


def import_exit_code(report: ImportReport) -> int:
    """0 all imported, 1 nothing imported, PARTLY_IMPORTED some imported and some refused:
    a script must not read "failed" after rows were committed, nor "fine" after rows were lost.
    """
    if not report.bad:
        return 0
    return PARTLY_IMPORTED if report.imported else 1


def _print_report(app: AppContext, report: ImportReport, file: Path) -> None:
    for problem in report.problems:
        app.err.print(f"[yellow]skipped[/] {escape(str(problem))}", highlight=False)
    if report.bad > len(report.problems):
        app.err.print(f"... and {report.bad - len(report.problems):,} more bad rows.")
    if not report.committed:
        click.echo(
            f"Imported nothing from {file}: {report.bad:,} bad rows of {report.rows:,} "
            "(--strict). Fix them and run the import again."
        )
        return
    updated = report.valid - report.duplicates - report.joined
    refused = f"refused {report.bad:,} bad rows (listed above)" if report.bad else "refused none"
    click.echo(
        f"Imported {report.imported:,} of {report.rows:,} rows from {file} into "
        f"{report.list_name!r} ({report.joined:,} added, {updated:,} already on the list and "
        f"updated, {report.duplicates:,} repeated addresses merged); {refused}."
    )


@lists.command("set-address")
@click.argument("name")
@click.argument("address")
@pass_app
def set_address(app: AppContext, name: str, address: str) -> None:
    """Give list NAME an address: gateway mail to ADDRESS goes to the list's members."""
    from mailbrake.addresses import AddressError, normalise_address

    user = app.current_user("lists.create")
    try:
        clean = normalise_address(address)
    except AddressError as exc:
        raise InputError([InputProblem("ADDRESS", str(exc))]) from None
    app.store.set_list_address(name, clean, actor=user.email)
    click.echo(f"Mail to {clean} through the gateway now goes to list {name!r}.")
