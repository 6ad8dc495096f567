"""The incident report as Markdown, and the short plain-text summary for the manager's notice."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from mailbrake.pipeline.report.facts import IncidentReport


def _t(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S} UTC"
    # Markdown tables break on pipes and new lines inside a cell.
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(head: Sequence[str], rows: Iterable[Sequence[object]], empty: str) -> list[str]:
    body = ["| " + " | ".join(_t(v) for v in row) + " |" for row in rows]
    if not body:
        return [f"_{empty}_", ""]
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *body, ""]


def render_markdown(report: IncidentReport) -> str:
    inc, w, t, when = report.incident, report.what, report.to_whom, report.when
    lines = [
        f"# Incident {inc['id']} ({inc['state']}): mailout {inc['mailout']}",
        "",
        f"Opened by {inc['opened_by']} at {_t(inc['opened_at'])}. {_t(inc['summary'])}",
        "",
        "## 1. What was sent",
        "",
        *_table(
            ("Fact", "Value"),
            [
                ("Subject", w.subject),
                ("Sender", w.sender),
                ("Created by", w.created_by),
                ("List", w.list_name),
                ("Check verdict", f"{w.verdict} ({w.deciding_rule})"),
            ],
            "",
        ),
        "```text",
        w.excerpt.replace("```", "'''"),
        "```",
        "",
        *_table(
            ("Attachment", "Type", "Size", "SHA-256"),
            [(a["name"], a["type"], a["size"], a["sha256"]) for a in w.attachments],
            "No attachments.",
        ),
        *_table(
            ("Category", "Type", "Where", "Snippet", "Confidence"),
            [
                (f["category"], f.get("type", ""), f["location"], f["snippet"], f["confidence"])
                for f in w.findings
            ],
            "The check found nothing.",
        ),
        *_table(
            ("Override by", "At", "Verdict", "Justification"),
            [(o["by"], o["at"], o["verdict"], o["justification"]) for o in w.overrides],
            "No warning was overridden.",
        ),
        *_table(
            ("Approval by", "At", "Decision", "Note"),
            [(a["by"], a["at"], a["decision"], a["note"]) for a in w.approvals],
            "Nobody approved or rejected it.",
        ),
        "## 2. To whom",
        "",
        *_table(
            ("Ledger state", "Recipients"),
            [(s, n) for s, n in t.counts.items() if n],
            "The ledger is empty.",
        ),
        f"External recipients who received it or may have: {t.external:,}.",
        "",
        *_table(
            ("External domain", "Recipients"),
            list(t.external_by_domain.items()),
            "No external recipient received it.",
        ),
        f"Named in the content: {', '.join(t.named) or 'nobody'} ({t.named_received} received it).",
        f"May have two copies (resent after uncertain): {', '.join(t.resent) or 'nobody'}.",
        "",
        "## 3. When",
        "",
        f"- Sending started: {_t(when.started_at)}",
        f"- First delivery: {_t(when.first_delivery)}",
        f"- Last delivery: {_t(when.last_delivery)}",
        f"- Stopped: {_t(when.stopped_at)}",
        *[f"- {m['kind']}: {_t(m['at'])} ({_t(m['label'])})" for m in when.chart["marks"]],
        "",
        "## 4. What was done",
        "",
        *done_lines(report),
        "",
        "## 5. How it happened",
        "",
        *[f"1. {_t(s.at)} — {s.actor}: {_t(s.text)}" for s in report.how],
        "",
    ]
    return "\n".join(lines)


def done_lines(report: IncidentReport) -> list[str]:
    d = report.done
    brake = f"{d.brake_ms:.0f} ms" if d.brake_ms is not None else "not recorded"
    lines = [
        f"- Stopped by {d.stopped_by or 'nobody'} at {_t(d.stopped_at)} "
        f"(every worker's brake on after {brake}).",
    ]
    lines.append(f"- {settled_text(d.settled_after_s)}")
    for notice in d.notices:
        failed = f"; could not reach {', '.join(notice['failed'])}" if notice["failed"] else ""
        lines.append(f"- {_t(notice['at'])}: notice sent to {', '.join(notice['to'])}{failed}.")
    if d.correction is None:
        lines.append("- No correction has been sent.")
    else:
        fix = d.correction
        counts = ", ".join(f"{n:,} {s}" for s, n in fix["counts"].items()) or "not started"
        lines.append(f"- Correction: mailout {fix['mailout']} ({fix['state']}; {counts}).")
    lines.append(f"- Deletion confirmed by {d.confirmations:,} of {d.confirmable:,} recipients.")
    return lines


def settled_text(seconds: float | None) -> str:
    if seconds is None:
        return "Nothing was delivered."
    if seconds <= 0:
        return "No message left after the stop was committed."
    return f"The last message in flight settled {seconds:.1f} s after the stop."


def notice_text(report: IncidentReport) -> str:
    """The four answers in a few lines, for the e-mail to the manager and security contact."""
    inc, w, t, when = report.incident, report.what, report.to_whom, report.when
    domains = ", ".join(f"{d} ({n})" for d, n in list(t.external_by_domain.items())[:5])
    kinds = sorted({str(f["category"]) for f in w.findings}) or ["nothing"]
    return "\n".join(
        [
            f"Incident {inc['id']}: mailout {inc['mailout']} went out "
            f"(it is now {inc['mailout_state']}).",
            f"{_t(inc['summary'])}",
            "",
            f"WHAT: '{w.subject}' from {w.sender} (created by {w.created_by or 'unknown'}), "
            f"list '{w.list_name}'. The check found: {', '.join(kinds)} "
            f"(verdict {w.verdict}); {len(w.attachments)} attachment(s).",
            f"TO WHOM: {t.received:,} received it, {t.maybe:,} may have, "
            f"{sum(t.not_received.values()):,} did not; {t.external:,} external"
            f"{f' ({domains})' if domains else ''}; {len(t.named)} named in the content.",
            f"WHEN: first {_t(when.first_delivery)}, last {_t(when.last_delivery)}, "
            f"stopped {_t(when.stopped_at)}.",
            "DONE:",
            *done_lines(report),
            "",
            "The full report is attached (HTML, personal data redacted).",
            f"Recipients: `mailbrake incident report {inc['id']} --recipients FILE.csv`.",
            "",
        ]
    )
