"""The check stage: stored results, staleness, and failing closed (crash, timeout)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

import pytest
from tests.fixtures.clock import FakeClock

from mailbrake.models import (
    Finding,
    MailoutContent,
    MailoutState,
    NewSubscriber,
    TextSegment,
    Verdict,
)
from mailbrake.pipeline.check import check_mailout, staleness
from mailbrake.settings import load_settings
from mailbrake.store import Store

IBAN = "DE75512108001245126199"
TEXT = f"Hi Ann, please pay the refund to IBAN {IBAN} (Ann Lee, 12 Elm Road).\n"


def make_mailout(store: Store, text: str = TEXT) -> int:
    staff = store.create_list("staff")
    people = [NewSubscriber("ann.lee@example.org", "Ann Lee"), NewSubscriber("bo@example.net")]
    store.add_subscribers(staff.id, people)
    content = MailoutContent("hr@example.org", "Refund", text)
    return store.create_mailout(staff.id, content, created_by="hr@example.org")


@pytest.fixture
def settings(tmp_path: Path) -> object:
    return load_settings(secret_key="k", internal_domains=["example.org"], check_timeout_seconds=5)


def test_check_stores_redacted_findings_and_moves_a_draft_to_checked(
    store: Store, clock: FakeClock, settings: object, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    mailout_id = make_mailout(store)
    result = check_mailout(store, settings, mailout_id, clock=clock)  # type: ignore[arg-type]
    assert store.get_mailout(mailout_id).state is MailoutState.CHECKED
    assert store.latest_check(mailout_id) == result
    kinds = {f.kind for f in result.findings}
    assert "iban" in kinds
    assert result.audience.size == 2
    assert result.audience.external == 1
    assert result.audience.named_recipients == ("ann.lee@example.org",)
    assert result.verdict >= Verdict.HOLD
    assert IBAN not in repr(result.findings)
    assert IBAN not in caplog.text


class Broken:
    def detect(self, segments: Iterable[TextSegment]) -> list[Finding]:
        raise RuntimeError("detector bug")


class Stuck:
    def __init__(self, release: threading.Event) -> None:
        self.release = release

    def detect(self, segments: Iterable[TextSegment]) -> list[Finding]:
        self.release.wait(30)
        return []


def test_a_crashing_detector_holds_the_mailout(
    store: Store, clock: FakeClock, settings: object
) -> None:
    mailout_id = make_mailout(store, "Nothing to see here.\n")
    result = check_mailout(store, settings, mailout_id, clock=clock, scanner=Broken())  # type: ignore[arg-type]
    assert result.verdict is Verdict.HOLD
    assert result.deciding_rule == "check-failed"
    assert "detector bug" in result.findings[0].snippet


def test_a_check_that_does_not_finish_holds_the_mailout(store: Store, clock: FakeClock) -> None:
    release = threading.Event()
    settings = load_settings(secret_key="k", check_timeout_seconds=0.05)
    mailout_id = make_mailout(store, "Nothing to see here.\n")
    try:
        result = check_mailout(store, settings, mailout_id, clock=clock, scanner=Stuck(release))
    finally:
        release.set()
    assert result.verdict is Verdict.HOLD
    assert result.deciding_rule == "check-timeout"
    assert "did not finish" in result.findings[0].snippet


def test_a_check_goes_stale_when_the_list_changes(
    store: Store, clock: FakeClock, settings: object
) -> None:
    mailout_id = make_mailout(store, "The canteen opens at 8.\n")
    check_mailout(store, settings, mailout_id, clock=clock)  # type: ignore[arg-type]
    mailout = store.get_mailout(mailout_id)
    assert staleness(store, mailout).is_current
    store.add_subscribers(mailout.list_id, [NewSubscriber("new@example.org")])
    stale = staleness(store, mailout)
    assert not stale.is_current
    assert "changed after the check" in stale.reason
