"""The incident report answers what, to whom, when, what was done and how, from the ledger
and the audit trail, and never shows a raw identifier."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_incident_support import (
    CANARY,
    RAW_IDENTIFIERS,
    World,
    leaked_mailout,
    make_world,
)

from mailbrake.models import DeliveryState as D
from mailbrake.pipeline.incident import open_after_stop
from mailbrake.pipeline.report.facts import IncidentReport, build_report
from mailbrake.pipeline.report.html import render_html
from mailbrake.pipeline.report.md import render_markdown
from mailbrake.pipeline.report.recipients import write_recipients
from mailbrake.store import Store


@pytest.fixture
def world(store: Store, clock: FakeClock, smtp_sink: SmtpSink, tmp_path: Path) -> World:
    return make_world(store, clock, smtp_sink, tmp_path)


@pytest.fixture
def leaked(world: World) -> tuple[int, int]:
    """(mailout id, incident id) of the leak, stopped after its canary wave."""
    mailout_id = leaked_mailout(world)
    incident = open_after_stop(
        world.store,
        world.settings,
        mailout_id,
        world.sender.email,
        routine=False,
        clock=world.clock,
    )
    assert incident is not None
    return mailout_id, incident.id


def report_of(world: World, incident_id: int) -> IncidentReport:
    return build_report(world.store, world.settings, incident_id)


class Collector(HTMLParser):
    """Text, tags and every attribute that could load something from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_to_whom_matches_what_the_sink_received(world: World, leaked: tuple[int, int]) -> None:
    mailout_id, incident_id = leaked
    received = world.received(mailout_id)
    dropped = world.dropped()

    to_whom = report_of(world, incident_id).to_whom

    assert world.ledger(mailout_id, D.SENT) == received
    assert world.ledger(mailout_id, D.UNCERTAIN) == dropped
    assert to_whom.received == len(received)
    assert to_whom.maybe == len(dropped) >= 1
    assert to_whom.received + to_whom.maybe + to_whom.counts["failed"] == CANARY
    assert to_whom.not_received == {"halted": 300 - CANARY, "failed": 1}
    external = Counter(a.rpartition("@")[2] for a in received | dropped)
    del external["example.org"]
    assert to_whom.external_by_domain == dict(external)
    assert to_whom.external == sum(external.values()) > 0
    assert to_whom.named == ["d***@example.org"]
    assert to_whom.named_received == 1


def test_html_report_parses_is_self_contained_and_redacted(
    world: World, leaked: tuple[int, int]
) -> None:
    _, incident_id = leaked

    page = render_html(report_of(world, incident_id))

    parser = Collector()
    parser.feed(page)
    parser.close()
    assert {"svg", "style", "table"} <= set(parser.tags)
    assert parser.links == []  # no external assets
    assert "script" not in parser.tags
    assert "@media print" in page
    for raw in RAW_IDENTIFIERS:
        assert raw not in page
        # Nor spelt without its spaces and dashes.
        assert re.sub(r"[\s-]", "", raw) not in re.sub(r"[\s-]", "", page)
    assert "dana.whitfield@example.org" not in page
    headings = (
        "1. What was sent",
        "2. To whom",
        "3. When",
        "4. What was done",
        "5. How it happened",
    )
    positions = [page.index(h) for h in headings]
    assert positions == sorted(positions)


def test_what_was_sent_shows_attachments_findings_and_the_override(
    world: World, leaked: tuple[int, int]
) -> None:
    _, incident_id = leaked

    what = report_of(world, incident_id).what

    assert what.sender == "Sam <sam@example.org>"
    assert "***-**-**20" in what.subject
    (attachment,) = what.attachments
    assert (attachment["name"], attachment["type"], attachment["size"]) == (
        "payroll.csv",
        "text/csv",
        43,
    )
    assert len(attachment["sha256"]) == 64
    assert {f["category"] for f in what.findings} >= {"credentials", "personal_data"}
    assert [(o["by"], o["justification"]) for o in what.overrides] == [
        ("sam@example.org", "It is only for payroll, fine.")
    ]
    assert "password: ********" in what.excerpt
    assert "AKIA************MPLE" in what.excerpt


def test_when_and_what_was_done_come_from_the_ledger_and_the_stop(
    world: World, leaked: tuple[int, int]
) -> None:
    mailout_id, incident_id = leaked

    report = report_of(world, incident_id)

    sent_times = [e.sent_at for e in world.store.iter_ledger(mailout_id, D.SENT)]
    assert report.when.first_delivery == min(sent_times)  # type: ignore[type-var]
    assert report.when.last_delivery == max(sent_times)  # type: ignore[type-var]
    assert report.when.stopped_at == report.done.stopped_at == world.clock.now()
    assert sum(report.when.chart["canary"]) + sum(report.when.chart["rest"]) == len(sent_times)
    assert [m["kind"] for m in report.when.chart["marks"]] == ["canary", "stop"]
    assert report.done.stopped_by == world.sender.email
    assert [n["to"] for n in report.done.notices] == [["boss@example.org", "security@example.org"]]
    assert (report.done.confirmations, report.done.correction) == (0, None)


def test_timeline_names_the_list_the_override_the_fault_and_the_stop(
    world: World, leaked: tuple[int, int]
) -> None:
    _, incident_id = leaked

    steps = report_of(world, incident_id).how

    texts = [s.text for s in steps]
    assert any("Created for list 'all-staff'" in t for t in texts)
    assert any("It is only for payroll, fine." in t for t in texts)
    assert any("550" in t and "no such user" in t for t in texts)
    assert any("uncertain" in t for t in texts if "handed them to the relay" in t)
    assert any("-> halted" in t for t in texts)
    times = [s.at for s in steps]
    assert times == sorted(times)  # type: ignore[type-var]


def test_markdown_and_json_tell_the_same_story(world: World, leaked: tuple[int, int]) -> None:
    _, incident_id = leaked
    report = report_of(world, incident_id)

    text = render_markdown(report)
    data = report.as_json()

    assert list(data) == ["incident", "what", "to_whom", "when", "done", "how"]
    assert data["to_whom"]["received"] == report.to_whom.received
    assert f"| sent | {report.to_whom.received} |" in text
    for raw in RAW_IDENTIFIERS:
        assert raw not in text
        assert raw not in str(data)


def test_recipients_csv_has_every_ledger_row_with_what_happened(
    world: World, leaked: tuple[int, int]
) -> None:
    mailout_id, incident_id = leaked
    out = io.StringIO()

    count = write_recipients(
        world.store, world.settings, world.store.get_incident(incident_id), out
    )

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(rows) == 300
    got = {r["email"] for r in rows if r["received"] == "yes"}
    assert got == world.received(mailout_id)
    assert {r["email"] for r in rows if r["received"] == "maybe"} == world.dropped()
    dana = next(r for r in rows if r["email"] == "dana.whitfield@example.org")
    assert (dana["named_in_content"], dana["external"]) == ("yes", "no")
    assert {r["external"] for r in rows if r["email"].endswith("example.net")} == {"yes"}
