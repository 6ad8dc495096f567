"""audience_facts: size, external recipients and recipients named in the content."""

from __future__ import annotations

import random
import unicodedata

from mailbrake.models import Location, TextSegment
from mailbrake.rules.audience import audience_facts

INTERNAL = ["corp.example"]
_FIRST_NAMES = """
James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard
Susan Joseph Jessica Thomas Sarah Charles Karen Aoife Siobhán Zoë Łukasz Priya Mei Omar Fatima
Lars Ingrid Pierre Amélie Mateo Lucía Hiroshi Yuki Chidi Ngozi Sven Anja
"""
FIRST = _FIRST_NAMES.split()
_SYLLABLES = "ka lo mi ra ten ber son dal vin ost mar li ne gar ford wick ham ley ton"
SYLLABLES = _SYLLABLES.split()
_FILLER = "the quarterly numbers look fine and the team met its targets again this month"


def body(text: str, *, quoted: bool = False) -> TextSegment:
    return TextSegment(Location("body"), text, quoted=quoted)


def people(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """`count` distinct (email, display name) pairs with realistic shapes; a third external."""
    rng = random.Random(seed)
    surnames = sorted(
        {(a + b + c).capitalize() for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES}
    )
    rng.shuffle(surnames)
    pairs = []
    for i in range(count):
        first, last = FIRST[i % len(FIRST)], surnames[i // len(FIRST)]
        domain = (
            "mail.example.net" if i % 3 == 0 else rng.choice(["corp.example", "uk.corp.example"])
        )
        local = _ascii(f"{first}_{last}" if i % 2 else f"{first}.{last}")
        display = f"{last}, {first}" if i % 5 == 0 else f"{first} {last}"
        pairs.append((f"{local.lower()}@{domain}", display))
    return pairs


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return folded.encode("ascii", "ignore").decode()


def test_size_counts_distinct_addresses_case_insensitively() -> None:
    facts = audience_facts(
        [("A@corp.example", "A"), ("a@corp.example", ""), ("b@corp.example", "")], INTERNAL, []
    )
    assert facts.size == 2


def test_subdomains_of_internal_domains_are_internal() -> None:
    recipients = [
        ("a@corp.example", ""),
        ("b@uk.corp.example", ""),
        ("c@notcorp.example", ""),
        ("d@corp.example.evil.test", ""),
        ("e@gmail.com", ""),
    ]
    facts = audience_facts(recipients, INTERNAL, [])
    assert facts.external == 3
    assert dict(facts.external_domains) == {
        "notcorp.example": 1,
        "corp.example.evil.test": 1,
        "gmail.com": 1,
    }


def test_full_name_in_either_order_and_with_a_middle_initial_names_a_recipient() -> None:
    recipients = [
        ("jane.smith@corp.example", "Jane Smith"),
        ("mark.jones@corp.example", "Jones, Mark"),
        ("ann.lee@corp.example", "Ann Lee"),
        ("bob.hart@corp.example", "Bob Hart"),
    ]
    text = "Notes on JANE SMITH's review. Jones, Mark is on a PIP. Ann B. Lee leaves. Bob left."
    facts = audience_facts(recipients, INTERNAL, [body(text)])
    assert facts.named_recipients == (
        "jane.smith@corp.example",
        "mark.jones@corp.example",
        "ann.lee@corp.example",
    )


def test_address_and_local_part_name_a_recipient() -> None:
    recipients = [
        ("j.smith@corp.example", ""),
        ("tom.baker@corp.example", "T. Baker"),
        ("kim@corp.example", "Kim"),
    ]
    text = "Ask j.smith about it; kim@corp.example was copied; tom.baker knows too."
    facts = audience_facts(recipients, INTERNAL, [body(text)])
    assert facts.named_recipients == (
        "j.smith@corp.example",
        "tom.baker@corp.example",
        "kim@corp.example",
    )


def test_single_word_names_and_role_mailboxes_do_not_count() -> None:
    recipients = [("jane@corp.example", "Jane"), ("hr@corp.example", "HR Team")]
    text = "Jane said hi. Questions to hr@corp.example please."
    assert audience_facts(recipients, INTERNAL, [body(text)]).named_recipients == ()


def test_names_in_quoted_reply_headers_do_not_count_but_quoted_text_does() -> None:
    recipients = [
        ("jane.smith@corp.example", "Jane Smith"),
        ("mark.jones@corp.example", "Mark Jones"),
    ]
    quoted = body(
        "On Mon, 3 Jun 2024, Jane Smith wrote:\nFrom: Jane Smith\nMark Jones is being let go.",
        quoted=True,
    )
    facts = audience_facts(recipients, INTERNAL, [quoted])
    assert facts.named_recipients == ("mark.jones@corp.example",)


def test_names_are_found_in_any_segment_across_attachments() -> None:
    recipients = [("priya.patel@corp.example", "Priya Patel")]
    segments = [
        body("See attached"),
        TextSegment(Location("attachment", "r.docx"), "Priya Patel: 2/5"),
    ]
    assert audience_facts(recipients, INTERNAL, segments).named_recipients == (
        "priya.patel@corp.example",
    )


def test_100k_recipients_and_a_megabyte_of_text_find_exactly_the_two_named() -> None:
    recipients = people(100_000)
    rng = random.Random(3)
    filler = _FILLER.split()
    text = " ".join(rng.choice(filler) for _ in range(180_000))
    first_named, second_named = recipients[4_321], recipients[87_654]
    last, first = (
        second_named[1].split(", ") if ", " in second_named[1] else second_named[1].split()[::-1]
    )
    middle = len(text) // 2
    content = (
        f"{text[:middle]} concerns about {first_named[1]} were raised. "
        f"{text[middle:]} Also {last}, {first} has resigned."
    )
    facts = audience_facts(recipients, INTERNAL, [body(content)])
    assert facts.size == 100_000
    assert facts.external == 33_334
    assert facts.named_recipients == (first_named[0], second_named[0])


def test_recipients_named_before_and_after_the_substring_probes_run_out_are_all_found() -> None:
    """The first look-ups use substring tests, the later ones the word sets: same answers."""
    recipients = people(40)
    named = [recipients[1], recipients[30], recipients[39]]
    text = "Notes: " + ", ".join(display for _email, display in named) + ". " + _FILLER
    facts = audience_facts(recipients, INTERNAL, [body(text)])
    assert set(facts.named_recipients) == {email.lower() for email, _display in named}
