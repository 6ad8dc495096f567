"""The policy file: its TOML schema, validation and errors that name the file, rule and field."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mailbrake.errors import PolicyError
from mailbrake.models import Category, Confidence, Origin, Verdict
from mailbrake.policy.plan import AUDIENCE_FIELDS, RulePlan, plan_rule

ActionName = Literal["allow", "warn", "hold", "block"]
CategoryName = Literal[
    "personal_data", "confidential", "internal", "credentials", "gossip", "unscannable"
]
ConfidenceName = Literal["low", "medium", "high"]
OriginName = Literal["own", "shared"]
_HINT = "See docs/policy.md for every rule field and an example."


class Rule(BaseModel):
    """One `[[rule]]`: every condition it sets must hold for its action to apply."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    action: ActionName
    reason: str = ""
    mode: Literal["enforce", "audit"] = "enforce"
    category: tuple[CategoryName, ...] = ()
    kind: tuple[str, ...] = ()
    detector: tuple[str, ...] = ()
    min_confidence: ConfidenceName = "low"
    min_count: int = Field(1, ge=1)
    # Whom the finding's value reaches: "own" (a merge field, each recipient their own value)
    # or "shared" (the same value for everyone: written in the content, or a merge that
    # renders the same for all). Empty: any.
    origin: tuple[OriginName, ...] = ()
    unscannable: bool | None = None
    min_audience: int | None = Field(None, ge=0)
    max_audience: int | None = Field(None, ge=0)
    has_external: bool | None = None
    min_external: int | None = Field(None, ge=0)
    min_external_share: float | None = Field(None, ge=0.0, le=1.0)
    named_recipient: bool | None = None
    internal_to_external: bool | None = None
    audience_unknown: bool | None = None
    min_exposure: float | None = Field(None, ge=0.0)
    max_exposure: float | None = Field(None, ge=0.0)

    @field_validator("category", "kind", "detector", "origin", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _ranges_make_sense(self) -> Rule:
        if _inverted(self.min_audience, self.max_audience):
            raise ValueError("min_audience is larger than max_audience, so it never matches")
        if _inverted(self.min_exposure, self.max_exposure):
            raise ValueError("min_exposure is larger than max_exposure, so it never matches")
        if self.audience_unknown and self.model_fields_set & AUDIENCE_FIELDS:
            raise ValueError("audience_unknown = true cannot be combined with audience fields")
        return self

    @property
    def verdict(self) -> Verdict:
        return Verdict[self.action.upper()]

    @property
    def confidence(self) -> Confidence:
        return Confidence[self.min_confidence.upper()]

    @property
    def origins(self) -> frozenset[Origin]:
        return frozenset(Origin(o) for o in self.origin)

    @property
    def categories(self) -> frozenset[Category]:
        return frozenset(Category(c) for c in self.category)

    @property
    def is_audit(self) -> bool:
        return self.mode == "audit"


class _PolicyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    rule: list[Rule] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Policy:
    """A validated policy: its rules in file order, and where it came from."""

    rules: tuple[Rule, ...]
    source: str
    # The rules reduced for `evaluate`, built once here rather than on every message.
    plans: tuple[RulePlan, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "plans", tuple(plan_rule(rule) for rule in self.rules))


def load_policy(path: Path | None = None) -> Policy:
    """Read and validate a policy file; None reads the built-in default. Raises PolicyError."""
    if path is None:
        text = resources.files("mailbrake").joinpath("data/policy.toml").read_text("utf-8")
        return parse_policy(text, "policy.toml (built-in)")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"Policy file {path} does not exist.", hint=_HINT) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"Policy file {path} cannot be read: {exc}.", hint=_HINT) from None
    return parse_policy(text, str(path))


def parse_policy(text: str, source: str) -> Policy:
    """Validate policy TOML text; `source` names it in errors."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source} is not valid TOML: {exc}.", hint=_HINT) from None
    try:
        parsed = _PolicyFile.model_validate(raw)
    except ValidationError as exc:
        raise PolicyError(_describe(exc, raw, source), hint=_HINT) from None
    seen: set[str] = set()
    for rule in parsed.rule:
        if rule.name in seen:
            raise PolicyError(f"{source}: rule '{rule.name}' is defined twice.", hint=_HINT)
        seen.add(rule.name)
    return Policy(tuple(parsed.rule), source)


def _describe(exc: ValidationError, raw: dict[str, Any], source: str) -> str:
    """One sentence per problem: file, rule name, field, value and what is allowed."""
    sentences = [_sentence(error, raw, source) for error in exc.errors()]
    return " ".join(sentences[:5]) + (
        f" (and {len(sentences) - 5} more)" if len(sentences) > 5 else ""
    )


def _sentence(error: Any, raw: dict[str, Any], source: str) -> str:
    loc = [str(p) for p in error["loc"]]
    where = f"{source}: "
    if len(loc) >= 2 and loc[0] == "rule" and loc[1].isdigit():
        where += f"rule '{_rule_name(raw, int(loc[1]))}': "
        loc = loc[2:]
    message = str(error["msg"]).removeprefix("Value error, ")
    if not loc:
        return f"{where}{message}."
    field = loc[0]
    value = error.get("input")
    if error["type"] == "extra_forbidden":
        known = ", ".join(Rule.model_fields) if where.endswith("': ") else "version, rule"
        return f"{where}unknown field '{field}'; known fields are {known}."
    if error["type"] == "missing":
        return f"{where}field '{field}' is required."
    if error["type"] == "literal_error":
        allowed = ", ".join(re.findall(r"'([^']*)'", error["ctx"]["expected"]))
        return f"{where}field '{field}' = {value!r} is not one of {allowed}."
    return f"{where}field '{field}' = {value!r}: {message[:1].lower()}{message[1:]}."


def _rule_name(raw: dict[str, Any], index: int) -> str:
    rules = raw.get("rule")
    if isinstance(rules, list) and index < len(rules) and isinstance(rules[index], dict):
        name = rules[index].get("name")
        if isinstance(name, str) and name:
            return name
    return f"#{index + 1}"


def _inverted(low: float | None, high: float | None) -> bool:
    return low is not None and high is not None and low > high
