"""Roles and permissions (the whole table), passwords and API token digests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher

from mailbrake.errors import InputError
from mailbrake.people import (
    PERMISSIONS,
    PermissionDeniedError,
    Role,
    User,
    can,
    hash_password,
    new_token,
    parse_role,
    password_matches,
    require,
    token_digest,
)

S, A, D = Role.SENDER, Role.APPROVER, Role.ADMIN
# Written out by hand, so a change to the table has to change this test too.
EXPECTED: dict[str, set[Role]] = {
    "lists.create": {S, A, D},
    "lists.import": {S, A, D},
    "mailouts.create": {S, A, D},
    "mailouts.send": {S, A, D},
    "mailouts.approve": {A, D},
    "mailouts.stop": {S, A, D},
    "audit.read": {A, D},
    "users.manage": {D},
    "emergency": {D},
    "incidents.read": {S, A, D},
    "incidents.manage": {S, A, D},
    "incidents.close": {A, D},
}
CASES = [(action, role) for action in EXPECTED for role in Role]


def person(role: Role, *, disabled: bool = False) -> User:
    created = datetime(2026, 1, 5, tzinfo=UTC)
    return User(1, f"{role}@example.org", "P", role, "", created, disabled)


def test_permission_table_is_the_documented_one() -> None:
    assert {action: set(roles) for action, roles in PERMISSIONS.items()} == EXPECTED


@pytest.mark.parametrize(("action", "role"), CASES)
def test_each_role_gets_exactly_its_permissions(action: str, role: Role) -> None:
    user = person(role)
    if role in EXPECTED[action]:
        assert require(user, action) is user
        assert can(user, action)
        return
    assert not can(user, action)
    with pytest.raises(PermissionDeniedError):
        require(user, action)


@pytest.mark.parametrize("role", list(Role))
def test_anyone_may_stop_a_mailout(role: Role) -> None:
    assert can(person(role), "mailouts.stop")


@pytest.mark.parametrize("action", list(EXPECTED))
def test_disabled_user_may_do_nothing_even_as_admin(action: str) -> None:
    with pytest.raises(PermissionDeniedError, match="is disabled"):
        require(person(Role.ADMIN, disabled=True), action)


def test_refusal_names_user_role_action_and_allowed_roles() -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        require(person(Role.SENDER), "mailouts.approve")
    text = str(caught.value)
    assert "sender@example.org is a sender" in text
    assert "'mailouts.approve' needs the role approver, admin" in text
    assert "mailbrake users set-role" in text


def test_unknown_action_is_refused_loudly() -> None:
    with pytest.raises(ValueError, match=r"unknown action 'mailouts\.delete'"):
        require(person(Role.ADMIN), "mailouts.delete")


def test_parse_role_accepts_any_case_and_names_the_choices() -> None:
    assert parse_role(" Approver ") is Role.APPROVER
    with pytest.raises(InputError, match="use one of sender, approver, admin"):
        parse_role("boss")


def test_password_hash_verifies_and_wrong_password_is_refused() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert password_matches(stored, "correct horse battery")
    assert not password_matches(stored, "correct horse battery!")
    assert not password_matches(None, "correct horse battery")
    assert not password_matches("not-a-hash", "correct horse battery")


def test_same_password_hashes_differently_each_time() -> None:
    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    assert hash_password("correct horse battery", fast) != hash_password(
        "correct horse battery", fast
    )


def test_short_password_is_refused_with_the_rule() -> None:
    with pytest.raises(InputError, match="at least 12 characters"):
        hash_password("short")


def test_tokens_are_random_and_only_their_digest_is_kept() -> None:
    first, second = new_token(), new_token()
    assert first != second
    assert first.startswith("mb_")
    assert len(token_digest(first)) == 64
    assert first not in token_digest(first)
    assert token_digest(first) == token_digest(f" {first}\n")
