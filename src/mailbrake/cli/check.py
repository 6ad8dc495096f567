"""`mailbrake check ID`: run the check on a mailout and show findings, audience and verdict."""

from __future__ import annotations

from collections.abc import Sequence

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mailbrake.cli.context import AppContext, echo_json, pass_app
from mailbrake.models import CheckResult, Finding, Verdict
from mailbrake.pipeline.check import check_mailout
from mailbrake.visible import cell

VERDICT_STYLE = {
    Verdict.ALLOW: "green",
    Verdict.WARN: "yellow",
    Verdict.HOLD: "bold yellow",
    Verdict.BLOCK: "bold red",
}
NEXT_STEP = {
    Verdict.ALLOW: "Send it with `mailbrake send {id}`.",
    Verdict.WARN: 'Send it with `mailbrake send {id} --override "why it is fine"`, or fix it.',
    Verdict.HOLD: "It needs a second person's approval: `mailbrake approve {id}` by an approver.",
    Verdict.BLOCK: "It cannot be sent as it is: remove what was found, then check it again.",
}


@click.command("check")
@click.argument("mailout_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_app
def check(app: AppContext, mailout_id: int, fmt: str) -> None:
    """Check MAILOUT_ID's content and audience against the policy, and store the result."""
    user = app.current_user("mailouts.create")
    result = check_mailout(app.store, app.settings, mailout_id, clock=app.clock, actor=user.email)
    if fmt == "json":
        echo_json(as_json(result))
        return
    print_report(app.console, result)


def as_json(result: CheckResult) -> dict[str, object]:
    return result.as_json()


def print_report(console: Console, result: CheckResult) -> None:
    _print_findings(console, result)
    audience = result.audience
    domains = ", ".join(f"{d} ({n})" for d, n in sorted(audience.external_domains.items()))
    console.print(
        f"\nAudience: {audience.size:,} recipients, {audience.external:,} external"
        + (f" ({escape(domains)})" if domains else "")
    )
    if audience.named_recipients:
        named = ", ".join(audience.named_recipients[:10])
        console.print(f"Named in the content and receiving it: {escape(named)}")
    parts = ", ".join(f"{k} {v:.2f}" for k, v in result.exposure.parts.items())
    console.print(f"Exposure score: {result.exposure.score:.1f} ({escape(parts)})")
    style = VERDICT_STYLE[result.verdict]
    console.print(f"Verdict: [{style}]{result.verdict}[/] (rule: {escape(result.deciding_rule)})")
    for match in result.matches:
        mode = " [audit only]" if match.audit_only else ""
        console.print(f"  - {escape(match.rule)}: {match.action}{mode}: {escape(match.reason)}")
    console.print(NEXT_STEP[result.verdict].format(id=result.mailout_id))


def _print_findings(console: Console, result: CheckResult) -> None:
    if not result.findings:
        console.print("No findings in the subject, bodies or attachments.")
        return
    table = Table("category", "type", "where", "evidence (redacted)", "confidence", "count")
    for (category, kind, where), group in grouped(result.findings).items():
        first = group[0]
        table.add_row(
            category,
            kind,
            cell(where),
            cell(first.snippet),
            f"{first.confidence}{first.score_note}",
            str(len(group)),
        )
    console.print(table)


def grouped(findings: Sequence[Finding]) -> dict[tuple[str, str, str], list[Finding]]:
    """Findings of one kind in one place, in order: one row each, with a count."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for item in findings:
        key = (str(item.category), item.kind, str(item.location))
        groups.setdefault(key, []).append(item)
    return groups
