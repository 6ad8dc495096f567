"""`mailbrake serve --demo`: a throwaway place with a capture sink, people with passwords
and two lists, so a new user can do the whole tour in the browser."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mailbrake.demo.run import Cast, DemoPlace, hire, import_people
from mailbrake.people import User, hash_password
from mailbrake.store import Store

LISTS = (("everyone", 300), ("managers", 40))
# The default policy, plus: any mailout to more than 100 people needs a second person, so
# the tour visits the approvals queue with the demo's list of 300.
WIDE_AUDIENCE = """

[[rule]]
name = "demo-wide-audience"
min_audience = 101
action = "hold"
reason = "The demo holds any mailout to more than 100 people for a second person's approval"
"""


@dataclass(frozen=True, slots=True)
class Account:
    user: User
    password: str
    token: str  # an API token, for the curl tour in docs/api.md


def staff_with_passwords(store: Store) -> tuple[Account, ...]:
    """The demo's admin, approver and sender, each with a fresh random password and token."""
    cast: Cast = hire(store)
    accounts = []
    for user in (cast.admin, cast.approver, cast.sender):
        password = secrets.token_urlsafe(12)
        store.set_password_hash(user.email, hash_password(password), actor=cast.admin.email)
        token = store.issue_token(user.email, actor=cast.admin.email)
        accounts.append(Account(user, password, token))
    return tuple(accounts)


def fill_lists(store: Store, place: DemoPlace, admin: User) -> list[str]:
    said: list[str] = []
    for name, count in LISTS:
        import_people(store, place, name, count, admin, said.append)
    return said


def write_policy(place: DemoPlace) -> Path:
    default = resources.files("mailbrake") / "data" / "policy.toml"
    path = place.root / "policy.toml"
    path.write_text(default.read_text(encoding="utf-8") + WIDE_AUDIENCE, encoding="utf-8")
    return path


def demo_place(root: Path) -> DemoPlace:
    root.mkdir(parents=True, exist_ok=True)
    return DemoPlace(root)
