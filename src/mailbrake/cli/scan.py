"""`mailbrake scan`: check .eml files and directories, print one result per message."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from mailbrake.errors import MailbrakeError
from mailbrake.pipeline.scan import (
    ScanResult,
    audience_with_domains,
    decide_with_policy,
    scan_paths,
)
from mailbrake.policy import load_policy
from mailbrake.visible import visible


@click.command("scan")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "text"]),
    default="text",
    help="jsonl: one JSON object per message; text: one readable block per message.",
)
@click.option(
    "--policy",
    "policy_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Policy TOML (default: the built-in policy).",
)
@click.option(
    "--internal-domain",
    "internal_domains",
    multiple=True,
    metavar="DOMAIN",
    help="A domain whose recipients are not external (repeatable).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Processes to scan with; more only pays off for thousands of large messages.",
)
def scan(
    paths: tuple[Path, ...],
    fmt: str,
    policy_file: Path | None,
    internal_domains: tuple[str, ...],
    workers: int,
) -> None:
    """Check messages (.eml files, or directories searched for *.eml) without sending them.

    Exits 1 when a file could not be read or checked (it is reported with verdict hold).
    """
    try:
        decide = functools.partial(decide_with_policy, load_policy(policy_file))
        domains = tuple(d.strip().lower().lstrip("@") for d in internal_domains if d.strip())
        audience = functools.partial(audience_with_domains, domains)
        results = scan_paths(list(paths), decide, audience, workers=workers)
        failed = 0
        for result in results:
            failed += bool(result.error)
            click.echo(json.dumps(result.as_dict()) if fmt == "jsonl" else render_text(result))
    except MailbrakeError as exc:
        click.secho(f"Error: {exc}", err=True, fg="red")
        sys.exit(exc.exit_code)
    if failed:
        click.secho(f"{failed} message(s) could not be checked and were held.", err=True, fg="red")
        sys.exit(1)


def render_text(result: ScanResult) -> str:
    """A readable block: file, verdict and rule, then one line per finding. Each line goes
    through `visible`: file names and snippets are the message's own text."""
    head = f"{result.file}: {result.verdict} ({result.rule})"
    if result.error:
        return f"{visible(head)}\n  error: {visible(result.error)}"
    lines = [head] + [
        f"  {f.category} [{f.confidence}] {f.kind} at {f.location}: {f.snippet}"
        for f in result.findings
    ]
    return "\n".join(visible(line) for line in lines)


if __name__ == "__main__":
    scan()
