"""The incident report as one self-contained HTML page (inline CSS and SVG, prints well)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import Any

from mailbrake.pipeline.report.facts import IncidentReport
from mailbrake.pipeline.report.md import settled_text
from mailbrake.pipeline.report.svg import delivery_chart

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a202c;margin:2em auto;
max-width:960px;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #2b6cb0;padding-bottom:.2em;
margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0;width:100%}
th,td{border:1px solid #cbd5e0;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#edf2f7;width:14em}td.n{text-align:right}
pre{background:#f7fafc;border:1px solid #cbd5e0;padding:.6em;white-space:pre-wrap}
.state{display:inline-block;padding:.1em .5em;border-radius:.3em;background:#fed7d7}
.state.closed{background:#c6f6d5}.meta{color:#4a5568}.fault{color:#c53030}
.empty{color:#718096;font-style:italic}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}
table,pre,svg,li{break-inside:avoid}a{color:inherit;text-decoration:none}
@page{margin:1.5cm}}
"""


def render_html(report: IncidentReport) -> str:
    """The whole page; every value is escaped, every mailout text was redacted upstream."""
    inc = report.incident
    title = f"Incident {inc['id']}: mailout {inc['mailout']}"
    body = "".join(
        (
            _header(report),
            _what(report),
            _to_whom(report),
            _when(report),
            _done(report),
            _how(report),
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{CSS}</style></head><body>{body}</body></html>\n"
    )


def _t(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S} UTC"
    return escape(str(value))


def _rows(pairs: Iterable[tuple[str, object]]) -> str:
    return "".join(f"<tr><th>{escape(k)}</th><td>{_t(v)}</td></tr>" for k, v in pairs)


def _table(head: Sequence[str], rows: Iterable[Sequence[object]], empty: str) -> str:
    cells = ["<tr>" + "".join(f"<td>{_t(v)}</td>" for v in row) + "</tr>" for row in rows]
    if not cells:
        return f'<p class="empty">{escape(empty)}</p>'
    header = "".join(f"<th>{escape(h)}</th>" for h in head)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(cells)}</tbody></table>"


def _header(report: IncidentReport) -> str:
    inc = report.incident
    state = escape(str(inc["state"]))
    closed = (
        f"<p>Closed by {_t(inc['closed_by'])} at {_t(inc['closed_at'])}: "
        f"{_t(inc['close_note'])}</p>"
        if inc["state"] == "closed"
        else ""
    )
    return (
        f'<h1>Incident {inc["id"]} <span class="state {state}">{state}</span></h1>'
        f'<p class="meta">Mailout {inc["mailout"]} ({_t(inc["mailout_state"])}). Opened by '
        f"{_t(inc['opened_by'])} at {_t(inc['opened_at'])}"
        f"{' (automatically, after the stop)' if inc['automatic'] else ''}.</p>"
        f"<p>{_t(inc['summary'])}</p>{closed}"
    )


def _what(report: IncidentReport) -> str:
    w = report.what
    facts = _rows(
        [
            ("Subject", w.subject),
            ("Sender", w.sender),
            ("Created by", w.created_by),
            ("List", w.list_name),
            ("Check verdict", f"{w.verdict} (rule {w.deciding_rule or '—'})"),
            ("Checked at", w.checked_at),
        ]
    )
    files = _table(
        ("Name", "Type", "Size (bytes)", "SHA-256"),
        ((a["name"], a["type"], a["size"], a["sha256"]) for a in w.attachments),
        "No attachments.",
    )
    findings = _table(
        ("Category", "Type", "Where", "Snippet (redacted)", "Confidence"),
        (
            (f["category"], f.get("type", ""), f["location"], f["snippet"], f["confidence"])
            for f in w.findings
        ),
        "The check found nothing.",
    )
    overrides = _table(
        ("By", "At", "Verdict overridden", "Justification"),
        ((o["by"], o["at"], o["verdict"], o["justification"]) for o in w.overrides),
        "No warning was overridden.",
    )
    approvals = _table(
        ("By", "At", "Decision", "Note"),
        ((a["by"], a["at"], a["decision"], a["note"]) for a in w.approvals),
        "Nobody approved or rejected it.",
    )
    return (
        f"<h2>1. What was sent</h2><table>{facts}</table>"
        f"<h3>Body (excerpt, redacted)</h3><pre>{_t(w.excerpt)}</pre>"
        f"<h3>Attachments</h3>{files}<h3>Findings at send time</h3>{findings}"
        f"<h3>Overrides</h3>{overrides}<h3>Approvals</h3>{approvals}"
    )


def _to_whom(report: IncidentReport) -> str:
    t = report.to_whom
    not_received = ", ".join(f"{n:,} {s}" for s, n in t.not_received.items()) or "0"
    facts = _rows(
        [
            ("Recipients in the ledger", f"{t.total:,}"),
            ("Received it (sent)", f"{t.received:,}"),
            ("May have received it (uncertain)", f"{t.maybe:,}"),
            ("Did not receive it", not_received),
            ("External (received or may have)", f"{t.external:,}"),
            ("Named in the content", f"{len(t.named):,} ({t.named_received:,} received it)"),
        ]
    )
    counts = _table(
        ("Ledger state", "Recipients"),
        ((s, f"{n:,}") for s, n in t.counts.items() if n),
        "The ledger is empty.",
    )
    domains = _table(
        ("External domain", "Recipients"),
        ((d, f"{n:,}") for d, n in t.external_by_domain.items()),
        "No external recipient received it.",
    )
    named = ", ".join(escape(n) for n in t.named) or "nobody"
    resent = ", ".join(escape(n) for n in t.resent) or "nobody"
    return (
        f"<h2>2. To whom</h2><table>{facts}</table>{counts}{domains}"
        f"<p>Named in the content: {named}.</p>"
        f"<p>May have two copies (resent after an uncertain outcome): {resent}.</p>"
        '<p class="meta">The full list of recipients is in the CSV '
        "(<code>mailbrake incident report N --recipients FILE.csv</code>).</p>"
    )


def _when(report: IncidentReport) -> str:
    w = report.when
    facts = _rows(
        [
            ("Sending started", w.started_at),
            ("First delivery", w.first_delivery),
            ("Last delivery", w.last_delivery),
            ("Stopped", w.stopped_at),
            ("Finished", w.finished_at),
        ]
    )
    return (
        f"<h2>3. When</h2><table>{facts}</table>"
        f'<figure class="chart">{delivery_chart(w.chart)}'
        "<figcaption>Messages accepted by the relay over time.</figcaption></figure>"
    )


def _done(report: IncidentReport) -> str:
    d = report.done
    brake = f"{d.brake_ms:.0f} ms" if d.brake_ms is not None else "not recorded"
    facts = _rows(
        [
            ("Stopped by", d.stopped_by or "not stopped"),
            ("Stopped at", d.stopped_at),
            ("Every worker's brake on after", brake),
            ("After the stop", settled_text(d.settled_after_s)),
            ("Deletion confirmed by", f"{d.confirmations:,} of {d.confirmable:,} recipients"),
        ]
    )
    notices = _table(
        ("At", "By", "Told", "Could not reach"),
        ((n["at"], n["by"], ", ".join(n["to"]), ", ".join(n["failed"])) for n in d.notices),
        "Nobody has been notified yet (`mailbrake incident notify N`).",
    )
    confirmed = _table(
        ("Recipient", "Confirmed at"),
        ((c["recipient"], c["at"]) for c in d.confirmed),
        "No recipient has confirmed deleting it yet.",
    )
    more = d.confirmations - len(d.confirmed)
    rest = f'<p class="meta">And {more:,} more: see the CSV.</p>' if more > 0 else ""
    return (
        f"<h2>4. What was done</h2><table>{facts}</table><h3>Notices</h3>{notices}"
        f"{_correction(d.correction)}<h3>Confirmations of deletion</h3>{confirmed}{rest}"
    )


def _correction(fix: dict[str, Any] | None) -> str:
    if fix is None:
        return '<h3>Correction</h3><p class="empty">No correction has been sent.</p>'
    counts = ", ".join(f"{n:,} {s}" for s, n in fix["counts"].items()) or "not started"
    return (
        f"<h3>Correction</h3><table>{_rows([('Mailout', fix['mailout']), ('State', fix['state'])])}"
        f"{_rows([('Subject', fix['subject']), ('Delivery', counts)])}</table>"
    )


def _how(report: IncidentReport) -> str:
    items = "".join(
        f'<li class="{escape(s.kind)}"><strong>{_t(s.at)}</strong> — {_t(s.actor)}: '
        f"{_t(s.text)}</li>"
        for s in report.how
    )
    return f"<h2>5. How it happened</h2><ol>{items}</ol>"
