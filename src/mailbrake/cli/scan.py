"""`mailbrake scan`: check .eml files and directories, print one result per message."""

from __future__ import annotations

import functools
import json
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from mailbrake.cli.context import AppContext
from mailbrake.errors import MailbrakeError
from mailbrake.models import Verdict
from mailbrake.pipeline.analyse import (
    Audience,
    Decide,
    audience_with_domains,
    decide_with_policy,
)
from mailbrake.pipeline.scan import ScanResult, iter_eml_files, scan_paths
from mailbrake.policy import load_policy
from mailbrake.settings import Settings
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
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=None,
    help="Hold files larger than this unread (default: the scan_max_bytes setting, 50 MB).",
)
def scan(
    paths: tuple[Path, ...],
    fmt: str,
    policy_file: Path | None,
    internal_domains: tuple[str, ...],
    workers: int,
    max_bytes: int | None,
) -> None:
    """Check messages (.eml files, or directories searched for *.eml) without sending them.

    Exits 1 when a file could not be read or checked (it is reported with verdict hold):
    also a file over the size limit, and anything that is not a regular file (a device, a
    pipe), which are held without being read.
    """
    try:
        decide = functools.partial(decide_with_policy, load_policy(policy_file))
        domains = tuple(d.strip().lower().lstrip("@") for d in internal_domains if d.strip())
        audience = functools.partial(audience_with_domains, domains)
        limit = max_bytes or _setting_max_bytes()
        results = scan_within_limit(list(paths), limit, decide, audience, workers)
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


def _setting_max_bytes() -> int:
    """scan_max_bytes from the main group's settings; its default when run on its own."""
    app = click.get_current_context().find_object(AppContext)
    if app is not None:
        return app.settings.scan_max_bytes
    default = Settings.model_fields["scan_max_bytes"].default
    assert isinstance(default, int)
    return default


def scan_within_limit(
    paths: Sequence[Path], max_bytes: int, decide: Decide, audience: Audience, workers: int
) -> Iterator[ScanResult]:
    """scan_paths, except that files too large or not regular are held unread, in order."""
    files = list(iter_eml_files(paths))
    refused = {f: reason for f in files if (reason := why_not_read(f, max_bytes))}
    scanned = scan_paths([f for f in files if f not in refused], decide, audience, workers=workers)
    for path in files:
        if path in refused:
            yield ScanResult(path.name, Verdict.HOLD, "not_scanned", error=refused[path])
        else:
            yield next(scanned)


def why_not_read(path: Path, max_bytes: int) -> str:
    """Why a file must not be read whole ('' if it may): checked by stat, before any read,
    so /dev/zero or a 2 GB file never reaches memory. Links are followed."""
    try:
        info = os.stat(path)
    except OSError:
        return ""  # scan_file reports it as unreadable
    if not stat.S_ISREG(info.st_mode):
        return f"{path} is not a regular file (a device, pipe or socket); skipped unread"
    if info.st_size > max_bytes:
        return (
            f"{path} is {info.st_size:,} bytes, over the limit of {max_bytes:,} "
            "(scan_max_bytes or --max-bytes); held unread"
        )
    return ""


def render_text(result: ScanResult) -> str:
    """A readable block: file, verdict and rule, then one line per finding. Each line goes
    through `visible`: file names and snippets are the message's own text."""
    head = f"{result.file}: {result.verdict} ({result.rule})"
    if result.error:
        return f"{visible(head)}\n  error: {visible(result.error)}"
    lines = [head] + [
        f"  {f.category} [{f.confidence}] {f.kind} at {f.location}: {f.snippet}{f.score_note}"
        for f in result.findings
    ]
    return "\n".join(visible(line) for line in lines)


if __name__ == "__main__":
    scan()
