"""How fast personalised messages are built: the fast path against the email-package reference.

Builds N personalised ~3 KB messages per scenario with MessageFactory (fast) and with
build_message (slow), in the same run, and prints CPU microseconds per message, messages per
second and the speed-up. Run: .venv/bin/python bench/build_speed.py [-n 20000] [--slow-n N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from mailbrake.mime.builder import build_message
from mailbrake.mime.context import MessageContext
from mailbrake.mime.fast import MessageFactory
from mailbrake.mime.templates import compile_templates
from mailbrake.models import Attachment, MailoutContent, Subscriber

PARAGRAPH = (
    "Our quarterly all-hands takes place on Thursday in the main hall. We will review the "
    "results, introduce the new colleagues and answer the questions you sent in advance."
)
TEXT = (
    "Hello {{ name }},\n\n"
    + f"{PARAGRAPH}\n\n" * 5
    + "Your team: {{ team }}. This message went to {{ email }}.\n"
)
HTML = (
    "<html><body>\n<p>Hello {{ name }},</p>\n"
    + f"<p>{PARAGRAPH}</p>\n" * 6
    + "<p>Your team: <b>{{ team }}</b>. This message went to {{ email }}.</p>\n</body></html>\n"
)
SUBJECT = "{{ name }}, the all-hands agenda for {{ team }}"


@dataclass(frozen=True)
class Scenario:
    name: str
    content: MailoutContent
    people: list[Subscriber]


def scenarios(count: int) -> list[Scenario]:
    ascii_people = [
        Subscriber(i, f"user{i}@example.org", f"User Number {i}", {"team": f"Team {i % 40}"})
        for i in range(count)
    ]
    names = ["Zoë Ünal", "山田太郎", "Åsa Ørsted", "José Núñez"]
    world_people = [
        Subscriber(i, f"user{i}@example.org", f"{names[i % 4]} {i}", {"team": "Forschung"})
        for i in range(count)
    ]
    base = MailoutContent("Newsroom <news@example.org>", SUBJECT, TEXT, HTML)
    with_file = MailoutContent(
        "Zoë Ünal <news@example.org>",
        f"Grüße: {SUBJECT}",
        TEXT,
        HTML,
        (Attachment("Tagesordnung.pdf", "application/pdf", bytes(range(256)) * 80),),
    )
    return [
        Scenario("text+html", base, ascii_people),
        Scenario("text only", MailoutContent(base.from_addr, SUBJECT, TEXT), ascii_people),
        Scenario("text+html+pdf, non-ASCII", with_file, world_people),
    ]


def measure(build: Callable[[Subscriber], bytes], people: list[Subscriber]) -> tuple[float, int]:
    """CPU seconds per message and the mean message size."""
    size = 0
    start = time.process_time()
    for person in people:
        size += len(build(person))
    elapsed = time.process_time() - start
    return elapsed / len(people), size // len(people)


def run(scenario: Scenario, ctx: MessageContext, slow_count: int) -> None:
    templates = compile_templates(scenario.content)
    factory = MessageFactory(scenario.content, templates, ctx)
    fast, fast_size = measure(lambda p: factory.build(p).data, scenario.people)
    slow, slow_size = measure(
        lambda p: build_message(scenario.content, templates, p, ctx),
        scenario.people[:slow_count],
    )
    print(f"\n{scenario.name} (fast {fast_size} bytes, slow {slow_size} bytes per message)")
    for label, seconds, count in (
        ("fast", fast, len(scenario.people)),
        ("slow", slow, slow_count),
    ):
        print(
            f"  {label}: {seconds * 1e6:8.1f} µs/message {1 / seconds:10,.0f} msgs/s  (n={count})"
        )
    print(f"  fast is {slow / fast:.1f}x the reference (slow/fast CPU time)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20_000, help="messages per scenario (fast path)")
    parser.add_argument("--slow-n", type=int, default=0, help="messages for the slow path (=n)")
    args = parser.parse_args()
    ctx = MessageContext(
        mailout_id=1,
        list_id=1,
        list_name="All Staff",
        secret=b"bench-secret-0123456789abcdef012",
        public_url="https://mail.example.org",
        date=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    )
    print(f"build_speed: CPU time per personalised message, n={args.n}")
    for scenario in scenarios(args.n):
        run(scenario, ctx, args.slow_n or args.n)


if __name__ == "__main__":
    main()
