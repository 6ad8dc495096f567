"""The `origin` rule field: own-data merges and one value to everyone are different risks."""

from __future__ import annotations

import pytest

from mailbrake.errors import PolicyError
from mailbrake.models import Category, Confidence, Finding, Location, Origin, Verdict
from mailbrake.policy import AudienceFacts, evaluate, load_policy, parse_policy

IBAN_OWN = Finding(
    Category.PERSONAL_DATA, "identifiers", "iban", Location("merge field", "iban"),
    "IBAN DE62***3001; from merge field `iban`, each recipient gets their own",
    Confidence.HIGH, Origin.OWN,
)  # fmt: skip
IBAN_SHARED = Finding(
    Category.PERSONAL_DATA, "identifiers", "iban", Location("body"), "IBAN DE62***3001",
    Confidence.HIGH,
)  # fmt: skip
STAFF = AudienceFacts(size=40, external=0)
CUSTOMERS = AudienceFacts(size=40, external=40)

RULES = parse_policy(
    """
    [[rule]]
    name = "own-internal"
    category = "personal_data"
    origin = "own"
    has_external = false
    action = "warn"

    [[rule]]
    name = "one-persons-data-to-many"
    category = "personal_data"
    origin = ["shared"]
    min_audience = 10
    action = "block"
    """,
    "test.toml",
)


def test_origin_selects_own_merges_apart_from_one_value_for_everyone() -> None:
    own = evaluate(RULES, [IBAN_OWN], STAFF)
    assert (own.verdict, own.deciding_rule) == (Verdict.WARN, "own-internal")
    assert "each recipient gets their own" in own.matches[0].reason
    shared = evaluate(RULES, [IBAN_SHARED], STAFF)
    assert (shared.verdict, shared.deciding_rule) == (Verdict.BLOCK, "one-persons-data-to-many")
    assert "the same value goes to everyone" in shared.matches[0].reason


def test_an_unknown_origin_is_refused_naming_the_rule_and_the_allowed_values() -> None:
    text = '[[rule]]\nname = "x"\norigin = "theirs"\naction = "hold"\n'
    with pytest.raises(PolicyError, match=r"rule 'x': field 'origin'.*'theirs'.*own, shared"):
        parse_policy(text, "p.toml")


def test_the_default_policy_holds_own_merges_inside_and_blocks_them_outside() -> None:
    default = load_policy()
    inside = evaluate(default, [IBAN_OWN], STAFF)
    assert (inside.verdict, inside.deciding_rule) == (
        Verdict.HOLD,
        "personal-data-own-merge-internal",
    )
    assert evaluate(default, [IBAN_OWN], CUSTOMERS).verdict is Verdict.BLOCK
    same = evaluate(default, [IBAN_SHARED], STAFF)
    assert same.deciding_rule == "personal-data-same-to-everyone"


def test_the_default_policy_blocks_templates_over_the_render_limits() -> None:
    over = Finding(
        Category.UNSCANNABLE, "merge", "render_limit", Location("body", detail="rendered"),
        "Text body: ljust() was given 1,000,000,000 (1 of 200 sampled recipients)",
        Confidence.HIGH,
    )  # fmt: skip
    decision = evaluate(load_policy(), [over], STAFF)
    assert (decision.verdict, decision.deciding_rule) == (Verdict.BLOCK, "render-over-limits")
