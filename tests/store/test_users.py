"""Users in SQLite and PostgreSQL: bootstrap, roles, disabling, passwords, tokens, all audited."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from mailbrake.errors import ConflictError, InputError, NotFoundError
from mailbrake.people import AuthenticationError, Role, hash_password
from mailbrake.store import Store

BOSS = "boss@example.org"
# Cheap parameters keep the tests quick; verification reads them from the hash itself.
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def people(store: Store) -> Store:
    store.set_audit_secret(b"test-secret")
    store.add_user(BOSS, name="Boss", role=Role.ADMIN, actor=BOSS, bootstrap=True)
    store.add_user("ann@example.org", name="Ann", role=Role.SENDER, actor=BOSS,
                   manager="Boss@Example.org")  # fmt: skip
    return store


def actions(store: Store, email: str) -> list[str]:
    return [e.action for e in store.iter_events("user", email)]


def test_added_user_is_normalised_and_read_back(people: Store) -> None:
    ann = people.get_user(" ANN@example.org ")
    assert (ann.email, ann.name, ann.role, ann.manager) == (
        "ann@example.org", "Ann", Role.SENDER, BOSS
    )  # fmt: skip
    assert not ann.disabled
    assert [u.email for u in people.list_users()] == ["ann@example.org", BOSS]
    assert actions(people, "ann@example.org") == ["user.added"]


def test_first_admin_bootstrap_is_recorded_as_such(people: Store) -> None:
    first = next(iter(people.iter_events("user", BOSS)))
    assert (first.actor, first.details["bootstrap"]) == (BOSS, True)


def test_bootstrap_is_refused_once_there_are_users(people: Store) -> None:
    with pytest.raises(ConflictError, match="not the first admin"):
        people.add_user("eve@example.org", name="Eve", role=Role.ADMIN, actor="eve@example.org",
                        bootstrap=True)  # fmt: skip
    with pytest.raises(NotFoundError):
        people.get_user("eve@example.org")


def test_same_address_twice_is_a_conflict(people: Store) -> None:
    with pytest.raises(ConflictError, match="exists already"):
        people.add_user("Ann@Example.org", name="Ann 2", role=Role.SENDER, actor=BOSS)


def test_bad_address_and_empty_name_are_input_errors(people: Store) -> None:
    with pytest.raises(InputError, match="EMAIL"):
        people.add_user("not-an-address", name="X", role=Role.SENDER, actor=BOSS)
    with pytest.raises(InputError, match="--name"):
        people.add_user("x@example.org", name="  ", role=Role.SENDER, actor=BOSS)


def test_unknown_user_says_how_to_add_one(people: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        people.get_user("ghost@example.org")
    assert str(caught.value) == "No user 'ghost@example.org'. Add one with `mailbrake users add`."


def test_role_change_is_audited_with_before_and_after(people: Store) -> None:
    assert people.set_role("ann@example.org", Role.APPROVER, actor=BOSS).role is Role.APPROVER
    changed = list(people.iter_events("user", "ann@example.org"))[-1]
    assert (changed.action, changed.actor) == ("user.role_changed", BOSS)
    assert changed.details == {"from": "sender", "to": "approver"}


def test_last_admin_can_be_neither_demoted_nor_disabled(people: Store) -> None:
    with pytest.raises(ConflictError, match="last enabled admin"):
        people.set_role(BOSS, Role.SENDER, actor=BOSS)
    with pytest.raises(ConflictError, match="last enabled admin"):
        people.set_disabled(BOSS, True, actor=BOSS)
    people.set_role("ann@example.org", Role.ADMIN, actor=BOSS)
    assert people.set_role(BOSS, Role.SENDER, actor="ann@example.org").role is Role.SENDER


def test_disable_and_enable_are_audited(people: Store) -> None:
    assert people.set_disabled("ann@example.org", True, actor=BOSS).disabled
    assert not people.set_disabled("ann@example.org", False, actor=BOSS).disabled
    assert actions(people, "ann@example.org") == ["user.added", "user.disabled", "user.enabled"]


def test_password_verifies_and_wrong_password_is_refused(people: Store) -> None:
    people.set_password_hash(
        "ann@example.org", hash_password("a long passphrase", FAST), actor=BOSS
    )
    assert people.check_password("Ann@example.org", "a long passphrase").email == "ann@example.org"
    for email, password in [("ann@example.org", "a long passphrasE"), ("no@example.org", "x"),
                            ("not an address", "a long passphrase")]:  # fmt: skip
        with pytest.raises(AuthenticationError, match="Wrong e-mail address or password"):
            people.check_password(email, password)
    assert "user.password_set" in actions(people, "ann@example.org")


def test_disabled_user_cannot_log_in(people: Store) -> None:
    people.set_password_hash(
        "ann@example.org", hash_password("a long passphrase", FAST), actor=BOSS
    )
    people.set_disabled("ann@example.org", True, actor=BOSS)
    with pytest.raises(AuthenticationError):
        people.check_password("ann@example.org", "a long passphrase")


def test_api_token_is_stored_only_as_its_hash_and_verifies(people: Store) -> None:
    token = people.issue_token("ann@example.org", actor=BOSS)
    assert people.verify_token(token).email == "ann@example.org"
    with people.engine.connect() as conn:
        stored = [str(v) for row in conn.execute(sa.text("SELECT * FROM api_tokens")) for v in row]
        trail = [str(v) for row in conn.execute(sa.text("SELECT * FROM audit_events")) for v in row]
    assert not any(token in value for value in stored + trail)
    assert actions(people, "ann@example.org")[-1] == "user.token_issued"


def test_unknown_token_is_refused(people: Store) -> None:
    people.issue_token("ann@example.org", actor=BOSS)
    with pytest.raises(AuthenticationError, match="not valid"):
        people.verify_token("mb_made-up")


def test_disabled_users_token_stops_working(people: Store) -> None:
    token = people.issue_token("ann@example.org", actor=BOSS)
    people.set_disabled("ann@example.org", True, actor=BOSS)
    with pytest.raises(AuthenticationError, match="disabled"):
        people.verify_token(token)
    with pytest.raises(ConflictError, match="disabled"):
        people.issue_token("ann@example.org", actor=BOSS)


def test_login_is_recorded_in_the_trail(people: Store) -> None:
    event = people.record_login(people.get_user("ann@example.org"), method="token")
    assert (event.action, event.actor, event.details) == (
        "user.login", "ann@example.org", {"method": "token"}
    )  # fmt: skip
    assert people.verify_chain().ok
