"""The check reads what recipients receive: merge columns, rendered copies, whose data it is."""

from __future__ import annotations

import bisect
import random
from pathlib import Path
from typing import Any

import pytest
from tests.fixtures.clock import FakeClock

from mailbrake.models import CheckResult, MailoutContent, NewSubscriber, Verdict
from mailbrake.pipeline.check import check_mailout
from mailbrake.pipeline.merge_sample import sample_positions
from mailbrake.settings import Settings, load_settings
from mailbrake.store import Store

IBANS = ["DE62370400440532013001", "DE75512108001245126199", "DE35370400440532013002"]
PEOPLE = [("ann.lee", "Ann Lee"), ("bo.chen", "Bo Chen"), ("cy.diaz", "Cy Diaz")]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(secret_key="k" * 32, internal_domains=["example.org"])


def mailout(
    store: Store, text: str, rows: list[dict[str, str]], *, domain: str = "example.org"
) -> int:
    target = store.create_list("staff")
    people = [
        NewSubscriber(f"{local}@{domain}", name, row)
        for (local, name), row in zip(PEOPLE, rows, strict=False)
    ]
    store.add_subscribers(target.id, people)
    content = MailoutContent("hr@example.org", "Your pay", text)
    return store.create_mailout(target.id, content, created_by="hr@example.org")


def check(store: Store, settings: Settings, mailout_id: int, clock: FakeClock) -> CheckResult:
    return check_mailout(store, settings, mailout_id, clock=clock)


def of_type(result: CheckResult, kind: str) -> list[dict[str, Any]]:
    return [f.as_dict() for f in result.findings if f.kind == kind]


OWN_ROWS = [
    {"iban": i, "salary": s} for i, s in zip(IBANS, ["85000", "92500", "61000"], strict=True)
]
MERGE = "Your salary is {{ salary }} paid to IBAN {{ iban }}.\n"


def test_iban_and_salary_merge_fields_are_found_as_each_recipients_own(
    store: Store, settings: Settings, clock: FakeClock
) -> None:
    result = check(store, settings, mailout(store, MERGE, OWN_ROWS), clock)
    (iban,) = of_type(result, "iban")
    assert iban["location"] == "merge field/iban"
    assert "from merge field `iban`, each recipient gets their own" in iban["snippet"]
    assert iban["origin"] == "own"
    (salary,) = of_type(result, "salary")
    assert "from merge field `salary`" in salary["snippet"]
    assert result.verdict is Verdict.HOLD
    assert result.deciding_rule == "personal-data-own-merge-internal"
    assert not any(i in repr(result.findings) for i in IBANS)


def test_own_data_merged_to_outside_recipients_is_blocked(
    store: Store, settings: Settings, clock: FakeClock
) -> None:
    mailout_id = mailout(store, MERGE, OWN_ROWS, domain="customer.example.net")
    result = check(store, settings, mailout_id, clock)
    assert result.verdict is Verdict.BLOCK
    assert result.deciding_rule == "personal-data-external"


def test_an_iban_built_inside_the_template_is_caught_as_the_same_for_everyone(
    store: Store, settings: Settings, clock: FakeClock
) -> None:
    text = 'Pay the fee to {{ "DE6237040044" ~ "0532013001" }}, {{ name }}.\n'
    result = check(store, settings, mailout(store, text, [{}, {}, {}]), clock)
    (iban,) = of_type(result, "iban")
    assert iban["location"] == "body"
    assert "built in the template, the same value goes to everyone" in iban["snippet"]
    assert "origin" not in iban  # shared, the default
    assert result.verdict is Verdict.HOLD
    assert result.deciding_rule == "personal-data-same-to-everyone"


def test_one_persons_iban_in_every_copy_says_the_same_value_goes_to_everyone(
    store: Store, settings: Settings, clock: FakeClock
) -> None:
    rows = [{"manager_iban": IBANS[0]}] * 3
    text = "Send receipts to your manager, IBAN {{ manager_iban }}.\n"
    result = check(store, settings, mailout(store, text, rows), clock)
    (iban,) = of_type(result, "iban")
    assert "from merge field `manager_iban`, the same value goes to everyone" in iban["snippet"]
    assert result.deciding_rule == "personal-data-same-to-everyone"


def test_a_column_only_tested_in_an_if_is_not_a_finding(
    store: Store, settings: Settings, clock: FakeClock
) -> None:
    text = "{% if iban %}We have what we need from you.{% endif %}\n"
    result = check(store, settings, mailout(store, text, OWN_ROWS), clock)
    assert of_type(result, "iban") == []
    assert result.verdict is Verdict.ALLOW


def test_being_greeted_is_not_being_named_but_a_merged_colleague_is(
    store: Store, settings: Settings, clock: FakeClock
) -> None:
    greeting = "Dear {{ name }}, your review: {{ note }}\n"
    rows = [{"note": "Exceeds expectations"}] * 3
    result = check(store, settings, mailout(store, greeting, rows), clock)
    assert result.audience.named_recipients == ()
    about = [{"note": "Bo Chen is on a performance plan"}] * 3
    store_2 = check(store, settings, mailout_with_list(store, greeting, about), clock)
    assert store_2.audience.named_recipients == ("bo.chen@example.org",)


def mailout_with_list(store: Store, text: str, rows: list[dict[str, str]]) -> int:
    target = store.create_list("staff-2")
    people = [
        NewSubscriber(f"{local}@example.org", name, row)
        for (local, name), row in zip(PEOPLE, rows, strict=False)
    ]
    store.add_subscribers(target.id, people)
    content = MailoutContent("hr@example.org", "Reviews", text)
    return store.create_mailout(target.id, content, created_by="hr@example.org")


def test_a_recipient_whose_data_breaks_the_render_limits_blocks_the_check(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    # A sample of 2 still renders the last row, where the bomb is.
    settings = load_settings(secret_key="k" * 32, check_render_sample=2)
    rows = [{"width": "3"}, {"width": "3"}, {"width": str(10**9)}]
    text = "Hi {{ name }} {{ 'x'.ljust(width|int) }}\n"
    result = check(store, settings, mailout(store, text, rows), clock)
    (failed,) = of_type(result, "render_limit")
    assert "Text body: ljust() was given 1,000,000,000" in failed["snippet"]
    assert "1 of 2 sampled recipients" in failed["snippet"]
    assert result.verdict is Verdict.BLOCK
    assert result.deciding_rule == "render-over-limits"


def test_a_large_list_is_sampled_by_strata_with_its_first_and_last_rows() -> None:
    picked = sample_positions(10_000, 200, random.Random(7))
    assert {0, 9_999} <= picked
    assert len(picked) <= 200
    starts = [index * 10_000 // 198 for index in range(198)]
    strata = {bisect.bisect_right(starts, p) - 1 for p in picked - {0, 9_999}}
    assert strata == set(range(198))  # one row from every slice of the list
    assert sample_positions(150, 200, random.Random(7)) == frozenset(range(150))


GOSSIP_NOTES = [
    {"note": "Between you and me, Kevin has a drinking problem, he was slurring at the dinner."},
    {"note": "Did you hear Stefan is having an affair with his assistant? His wife has no idea."},
    {"note": "Honestly Dave is on the way out, the director can't stand him and everyone knows."},
]


def test_the_model_reads_what_a_merge_field_puts_in_each_copy(
    store: Store, settings: Settings, clock: FakeClock
) -> None:
    # The template's words are harmless; the list's "note" column is gossip.
    text = "Hello {{ name }},\n\n{{ note }}\n\nSee you at the offsite.\n"
    result = check(store, settings, mailout(store, text, GOSSIP_NOTES), clock)
    (gossip,) = of_type(result, "gossip_meaning")
    assert "from the merge fields (3 of 3 rendered copies)" in gossip["snippet"]
    assert gossip["origin"] == "own"
    assert result.verdict is Verdict.HOLD


def big_mailout(store: Store, text: str, notes: list[str]) -> int:
    """A list of len(notes) staff, each with a `note` column."""
    target = store.create_list("everyone")
    people = [
        NewSubscriber(f"person{i}@example.org", f"Person {i}", {"note": note})
        for i, note in enumerate(notes)
    ]
    store.add_subscribers(target.id, people)
    content = MailoutContent("hr@example.org", "Your delivery slot", text)
    return store.create_mailout(target.id, content, created_by="hr@example.org")


ORDINARY_NOTES = [f"Your delivery slot {i} is confirmed for the spring order." for i in range(40)]
NOTE_TEXT = "Hello {{ name }},\n\n{{ note }}\n\nThanks.\n"


def test_the_model_reads_a_remark_in_a_row_the_sample_does_not_render(
    store: Store, clock: FakeClock
) -> None:
    # With a sample of 2, only the first and last rows are rendered; row 17's note is gossip.
    small = load_settings(
        secret_key="k" * 32, internal_domains=["example.org"], check_render_sample=2
    )
    notes = list(ORDINARY_NOTES)
    notes[17] = GOSSIP_NOTES[0]["note"]
    result = check(store, small, big_mailout(store, NOTE_TEXT, notes), clock)
    (gossip,) = of_type(result, "gossip_meaning")
    assert gossip["location"] == "merge field/note"
    assert "1 of 40 values the model read" in gossip["snippet"]
    assert "each recipient gets their own" in gossip["snippet"]
    assert "Kevin" not in gossip["snippet"]  # the cue, never the remark
    assert result.verdict is Verdict.HOLD


def test_ordinary_notes_in_every_row_are_not_a_finding(store: Store, clock: FakeClock) -> None:
    small = load_settings(
        secret_key="k" * 32, internal_domains=["example.org"], check_render_sample=2
    )
    result = check(store, small, big_mailout(store, NOTE_TEXT, ORDINARY_NOTES), clock)
    assert not [f for f in result.findings if f.detector == "meaning"]
