"""Delivery over time as an inline SVG bar chart: canary wave, later waves, pauses, the stop."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

WIDTH = 720
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40
COLOURS = {"canary": "#e0a100", "rest": "#2b6cb0"}
MARK_COLOURS = {"stop": "#c53030", "pause": "#718096", "canary": "#e0a100", "resume": "#2f855a"}


def delivery_chart(chart: dict[str, Any]) -> str:
    """The chart as an <svg> element (no scripts, no external references)."""
    canary: list[int] = list(chart.get("canary") or [])
    rest: list[int] = list(chart.get("rest") or [])
    start = chart.get("start")
    if not canary or not isinstance(start, datetime):
        return '<p class="empty">No message was delivered, so there is nothing to chart.</p>'
    width = float(chart["bucket_seconds"])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = width * len(canary)
    peak = max((a + b for a, b in zip(canary, rest, strict=True)), default=0) or 1
    bar_w = plot_w / len(canary)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" '
        'aria-label="Messages delivered over time">',
        _axes(plot_w, plot_h, peak, start, span),
    ]
    for index, (first, later) in enumerate(zip(canary, rest, strict=True)):
        x = LEFT + index * bar_w
        parts.append(_bar(x, bar_w, first, 0, peak, plot_h, "canary"))
        parts.append(_bar(x, bar_w, later, first, peak, plot_h, "rest"))
    for mark in chart.get("marks") or []:
        parts.append(_mark(mark, start, span, plot_w, plot_h))
    parts.append(_legend())
    parts.append("</svg>")
    return "".join(p for p in parts if p)


def _bar(x: float, w: float, count: int, below: int, peak: int, plot_h: float, kind: str) -> str:
    if count <= 0:
        return ""
    height = plot_h * count / peak
    y = TOP + plot_h - plot_h * below / peak - height
    return (
        f'<rect class="bar-{kind}" x="{x:.1f}" y="{y:.1f}" width="{max(w - 1, 0.5):.1f}" '
        f'height="{height:.1f}" fill="{COLOURS[kind]}"><title>{count}</title></rect>'
    )


def _axes(plot_w: float, plot_h: float, peak: int, start: datetime, span: float) -> str:
    base = TOP + plot_h
    end = start.timestamp() + span
    end_label = datetime.fromtimestamp(end, tz=start.tzinfo).strftime("%H:%M:%S")
    return (
        f'<line x1="{LEFT}" y1="{base}" x2="{LEFT + plot_w}" y2="{base}" stroke="#333"/>'
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" stroke="#333"/>'
        f'<text x="{LEFT - 4}" y="{TOP + 4}" font-size="10" text-anchor="end">{peak}</text>'
        f'<text x="{LEFT - 4}" y="{base}" font-size="10" text-anchor="end">0</text>'
        f'<text x="{LEFT}" y="{base + 14}" font-size="10">{start:%H:%M:%S}</text>'
        f'<text x="{LEFT + plot_w}" y="{base + 14}" font-size="10" text-anchor="end">'
        f"{end_label} UTC</text>"
    )


def _mark(mark: dict[str, Any], start: datetime, span: float, plot_w: float, plot_h: float) -> str:
    at = mark.get("at")
    if not isinstance(at, datetime):
        return ""
    offset = min(max((at - start).total_seconds() / span, 0.0), 1.0) if span else 0.0
    x = LEFT + offset * plot_w
    kind = str(mark.get("kind", "pause"))
    colour = MARK_COLOURS.get(kind, "#718096")
    label = escape(str(mark.get("label", kind)))
    dash = "" if kind == "stop" else ' stroke-dasharray="4 3"'
    return (
        f'<g class="mark-{escape(kind)}"><line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" '
        f'y2="{TOP + plot_h}" stroke="{colour}" stroke-width="2"{dash}/>'
        f"<title>{label} at {at:%H:%M:%S}</title></g>"
    )


def _legend() -> str:
    y = HEIGHT - 10
    items = [("canary", "canary wave"), ("rest", "later waves")]
    out = []
    for index, (kind, text) in enumerate(items):
        x = LEFT + index * 130
        out.append(
            f'<rect x="{x}" y="{y - 8}" width="10" height="10" fill="{COLOURS[kind]}"/>'
            f'<text x="{x + 14}" y="{y}" font-size="10">{text}</text>'
        )
    for index, (kind, text) in enumerate((("stop", "stop"), ("pause", "pause / resume"))):
        x = LEFT + 260 + index * 110
        out.append(
            f'<line x1="{x}" y1="{y - 8}" x2="{x}" y2="{y + 2}" stroke="{MARK_COLOURS[kind]}" '
            f'stroke-width="2"/><text x="{x + 6}" y="{y}" font-size="10">{text}</text>'
        )
    return "".join(out)
