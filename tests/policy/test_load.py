"""load_policy: the shipped default loads, and bad files fail with file, rule and field named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mailbrake.errors import PolicyError
from mailbrake.policy import Rule, load_policy, parse_policy

DOCS = Path(__file__).resolve().parents[2] / "docs" / "policy.md"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_policy_loads_with_unique_named_rules() -> None:
    policy = load_policy()
    names = [rule.name for rule in policy.rules]
    assert len(names) > 10
    assert len(set(names)) == len(names)
    assert policy.source == "policy.toml (built-in)"


def test_a_policy_file_is_loaded_from_a_path(tmp_path: Path) -> None:
    path = write(tmp_path, '[[rule]]\nname = "all-hold"\naction = "hold"\n')
    assert [r.name for r in load_policy(path).rules] == ["all-hold"]


def test_bad_action_names_the_file_rule_field_and_allowed_values(tmp_path: Path) -> None:
    path = write(tmp_path, '[[rule]]\nname = "x"\naction = "hodl"\n')
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert caught.value.message == (
        f"{path}: rule 'x': field 'action' = 'hodl' is not one of allow, warn, hold, block."
    )


def test_unknown_field_is_an_error_naming_the_rule(tmp_path: Path) -> None:
    path = write(tmp_path, '[[rule]]\nname = "pd"\naction = "hold"\ncategroy = "gossip"\n')
    with pytest.raises(PolicyError, match=r"rule 'pd': unknown field 'categroy'"):
        load_policy(path)


def test_bad_category_value_names_the_field(tmp_path: Path) -> None:
    path = write(tmp_path, '[[rule]]\nname = "g"\naction = "hold"\ncategory = ["gosip"]\n')
    with pytest.raises(PolicyError, match=r"rule 'g': field 'category' = 'gosip' is not one of"):
        load_policy(path)


def test_rule_without_a_name_is_identified_by_position(tmp_path: Path) -> None:
    path = write(tmp_path, '[[rule]]\nname = "a"\naction = "warn"\n[[rule]]\naction = "warn"\n')
    with pytest.raises(PolicyError, match=r"rule '#2': field 'name' is required"):
        load_policy(path)


def test_out_of_range_number_and_inverted_range_are_errors(tmp_path: Path) -> None:
    path = write(tmp_path, '[[rule]]\nname = "n"\naction = "warn"\nmin_count = 0\n')
    with pytest.raises(PolicyError, match=r"rule 'n': field 'min_count' = 0"):
        load_policy(path)
    path = write(
        tmp_path, '[[rule]]\nname = "r"\naction = "warn"\nmin_audience = 9\nmax_audience = 2\n'
    )
    with pytest.raises(PolicyError, match=r"rule 'r': min_audience is larger than max_audience"):
        load_policy(path)


def test_duplicate_rule_names_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, '[[rule]]\nname = "d"\naction = "warn"\n' * 2)
    with pytest.raises(PolicyError, match=r"rule 'd' is defined twice"):
        load_policy(path)


def test_invalid_toml_and_missing_file_are_policy_errors(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"is not valid TOML"):
        load_policy(write(tmp_path, "[[rule]\nname = 1"))
    with pytest.raises(PolicyError, match=r"does not exist"):
        load_policy(tmp_path / "missing.toml")


def test_every_rule_field_is_documented_in_docs_policy() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)`", text, re.MULTILINE))
    assert set(Rule.model_fields) - documented == set()


def test_the_example_policy_in_docs_policy_is_valid() -> None:
    text = DOCS.read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    names = [rule.name for rule in parse_policy(example, "docs/policy.md").rules]
    assert "trial-gossip-block" in names


def test_every_default_rule_is_listed_in_docs_policy() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [r.name for r in load_policy().rules if f"| `{r.name}` |" not in text]
    assert missing == []
