"""Render limits end to end: refused at create, and a worker fails one recipient, never hangs."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.fixtures.cli import Invoke
from tests.fixtures.clock import FakeClock
from tests.fixtures.smtp_sink import SmtpSink
from tests.pipeline.test_deliver_support import (
    counts,
    fake_sleep,
    make_worker,
    run_mailout,
    settings_for,
)

from mailbrake.mime.limits import RenderLimits
from mailbrake.mime.templates import TemplatePartError
from mailbrake.models import DeliveryState, MailoutContent, MailoutState, NewSubscriber
from mailbrake.pipeline.compose import Draft, compose
from mailbrake.pipeline.deliver import DeliveryOptions, start_sending
from mailbrake.pipeline.deliver.worker import Worker, mime_messages
from mailbrake.pipeline.preview import preview_bytes
from mailbrake.settings import load_settings
from mailbrake.store import Store
from mailbrake.transport import make_transport

BOMB = "Hi {{ name }} {{ 'x'.ljust(10**9) }}\n"
# Harmless for most recipients; one recipient's data makes it a bomb.
DATA_BOMB = "Hi {{ name }} {{ 'x'.ljust(width|int) }}\n"


def staff(store: Store, widths: list[str]) -> int:
    people = [
        NewSubscriber(f"p{i}@example.org", f"P {i}", {"width": w}) for i, w in enumerate(widths)
    ]
    target = store.create_list("staff")
    store.add_subscribers(target.id, people)
    return target.id


def test_create_refuses_a_template_over_the_limits(store: Store, tmp_path: Path) -> None:
    staff(store, ["3"])
    (tmp_path / "body.txt").write_text(BOMB, encoding="utf-8")
    draft = Draft("staff", "hr@example.org", "Hello", tmp_path / "body.txt")
    with pytest.raises(TemplatePartError, match="Text body: ljust") as caught:
        compose(store, draft, created_by="hr@example.org", limits=RenderLimits())
    assert "output limit" in caught.value.limit
    assert store.list_mailouts() == []


def test_create_refuses_a_template_one_recipients_data_pushes_over(
    store: Store, tmp_path: Path
) -> None:
    staff(store, ["3", "4", str(10**9)])
    (tmp_path / "body.txt").write_text(DATA_BOMB, encoding="utf-8")
    draft = Draft("staff", "hr@example.org", "Hello", tmp_path / "body.txt")
    with pytest.raises(TemplatePartError, match="output limit"):
        compose(store, draft, created_by="hr@example.org")


def test_mailouts_create_prints_the_refusal_not_a_traceback(mbu: Invoke, tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("email,name\nann@example.org,Ann\n", encoding="utf-8")
    (tmp_path / "body.txt").write_text("{{ (['x' * 100000] * 100000)|join }}\n", "utf-8")
    mbu("lists", "create", "staff")
    mbu("lists", "import", "staff", "p.csv")
    result = mbu(
        "mailouts", "create", "--list", "staff", "--from", "hr@example.org",
        "--subject", "Hi", "--text", "body.txt",
    )  # fmt: skip
    assert result.exit_code != 0
    assert "Text body: a * repetition" in result.stderr
    assert "render_max_chars" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert "MemoryError" not in result.output + result.stderr


async def test_a_worker_fails_the_recipient_whose_data_breaks_the_limits(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    list_id = staff(store, ["3", str(10**9), "5"])
    content = MailoutContent("hr@example.org", "Hello", DATA_BOMB)
    # Stored directly, as if the list changed after the check: the worker meets it first.
    mailout_id = store.create_mailout(list_id, content, created_by="hr@example.org")
    store.change_state(mailout_id, MailoutState.CHECKED)
    store.change_state(mailout_id, MailoutState.SCHEDULED)
    start_sending(store, mailout_id, DeliveryOptions.build())
    worker = make_worker(store, settings_for(database_url, smtp_sink.url), clock)

    await run_mailout(worker, mailout_id)

    assert counts(store, mailout_id) == {"sent": 2, "failed": 1}
    entry = store.find_delivery(mailout_id, "p1@example.org")
    assert entry is not None
    assert entry.state is DeliveryState.FAILED
    assert "Text body: ljust() was given 1,000,000,000" in (entry.smtp_reply or "")
    assert sorted(smtp_sink.recipients()) == ["p0@example.org", "p2@example.org"]


def test_preview_refuses_a_recipient_over_the_limits(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    list_id = staff(store, ["3", str(10**9)])
    content = MailoutContent("hr@example.org", "Hello", DATA_BOMB)
    mailout_id = store.create_mailout(list_id, content, created_by="hr@example.org")
    settings = load_settings(secret_key="k" * 32, render_max_chars=5_000)
    assert b"Hi P 0" in preview_bytes(store, settings, mailout_id, "p0@example.org", clock=clock)
    with pytest.raises(TemplatePartError, match="output limit of 5,000 characters"):
        preview_bytes(store, settings, mailout_id, "p1@example.org", clock=clock)


async def test_a_worker_stops_a_recipients_cpu_bomb_at_the_budget_and_goes_on(
    store: Store, smtp_sink: SmtpSink, clock: FakeClock, database_url: str
) -> None:
    count = "range(n|default(1)|int)"
    loops = f"{{% for i in {count} %}}{{% for j in {count} %}}{{% endfor %}}{{% endfor %}}"
    list_id = staff(store, ["1", "1", "1"])
    store.add_subscribers(list_id, [NewSubscriber("q@example.org", "Q", {"n": "100000"})])
    content = MailoutContent("hr@example.org", "Hello", f"Hi {{{{ name }}}}{loops}\n")
    mailout_id = store.create_mailout(list_id, content, created_by="hr@example.org")
    store.change_state(mailout_id, MailoutState.CHECKED)
    store.change_state(mailout_id, MailoutState.SCHEDULED)
    start_sending(store, mailout_id, DeliveryOptions.build())
    settings = settings_for(database_url, smtp_sink.url)
    messages = mime_messages(
        settings.resolved_secret(), settings.public_url, RenderLimits(cpu_seconds=0.2)
    )
    worker = Worker(store, make_transport(settings), messages, clock=clock, sleep=fake_sleep(clock))

    await run_mailout(worker, mailout_id)

    assert counts(store, mailout_id) == {"sent": 3, "failed": 1}
    entry = store.find_delivery(mailout_id, "q@example.org")
    assert entry is not None
    assert "time budget of 0.2 s CPU" in (entry.smtp_reply or "")
