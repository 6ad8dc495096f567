"""Report redaction: identifiers and secrets are masked, lines the detectors still object to
are withheld, and harmless text is left alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mailbrake.pipeline.report.redact import excerpt, mask_address, redact_text
from mailbrake.pipeline.report.svg import delivery_chart


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00", "DE89 **** **** **** **30 00"),
        ("SSN 078-05-1120", "***-**-**20"),
        ("card 4111 1111 1111 1111", "**** **** **** **11"),
        ("key AKIAIOSFODNN7EXAMPLE", "AKIA************MPLE"),
        ("password: Tr0ub4dor&3horse", "password: ********"),
        ("db postgres://app:s3cretpw@db.internal/prod", "postgres://app:********@db.internal"),
        ("write to dana.whitfield@gmail.com", "d***@gmail.com"),
        # The key's marker alone is a finding: the whole line is withheld.
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----", "private_key"),
    ],
)
def test_identifiers_and_secrets_are_masked(raw: str, shown: str) -> None:
    value = raw.split(" ", 1)[1]

    redacted = redact_text(raw)

    assert shown in redacted
    assert value not in redacted


def test_lines_with_personal_details_or_gossip_are_withheld() -> None:
    text = (
        "The canteen opens at nine.\n"
        "Dana Whitfield was diagnosed with diabetes last month.\n"
        "Thanks, Sam"
    )

    lines = redact_text(text).split("\n")

    assert lines[0] == "The canteen opens at nine."
    assert lines[1].startswith("[line withheld:")
    assert "diabetes" not in lines[1]
    assert lines[2] == "Thanks, Sam"


def test_harmless_text_is_unchanged() -> None:
    text = "Hello {{ name }},\n\nThe summer party is on 3 July at 18:00 in room 12.\n"

    assert redact_text(text) == text


def test_excerpt_cuts_at_a_line_end_so_no_value_is_cut_in_half() -> None:
    body = "\n".join(["x" * 50] * 11 + ["IBAN DE89 3704 0044 0532 0130 00"] + ["y"] * 20)

    cut = excerpt(body, max_chars=700, max_lines=12)

    assert "3704" not in cut
    assert cut.endswith("[…]")


def test_mask_address_keeps_the_domain() -> None:
    assert mask_address("dana.whitfield@example.org") == "d***@example.org"


def test_chart_marks_the_canary_the_pauses_and_the_stop() -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    chart = {
        "start": start,
        "end": start + timedelta(seconds=59),
        "bucket_seconds": 1.0,
        "canary": [3] + [0] * 59,
        "rest": [0] * 30 + [5] + [0] * 29,
        "marks": [
            {"at": start + timedelta(seconds=1), "kind": "canary", "label": "canary wave done"},
            {"at": start + timedelta(seconds=50), "kind": "stop", "label": "stopped by <x>"},
        ],
    }

    svg = delivery_chart(chart)

    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert svg.count('class="bar-canary"') == 1
    assert svg.count('class="bar-rest"') == 1
    assert 'class="mark-canary"' in svg
    assert 'class="mark-stop"' in svg
    assert "stopped by &lt;x&gt;" in svg
    assert "<x>" not in svg


def test_chart_of_nothing_delivered_says_so() -> None:
    assert "nothing to chart" in delivery_chart({"canary": [], "rest": [], "start": None})
