"""API tokens in SQLite and PostgreSQL: names, last use, revocation, listing; all audited."""

from __future__ import annotations

import pytest
from tests.fixtures.clock import FakeClock

from mailbrake.errors import NotFoundError
from mailbrake.people import AuthenticationError, Role
from mailbrake.store import Store

BOSS = "boss@example.org"
ANN = "ann@example.org"


@pytest.fixture
def people(store: Store) -> Store:
    store.add_user(BOSS, name="Boss", role=Role.ADMIN, actor=BOSS, bootstrap=True)
    store.add_user(ANN, name="Ann", role=Role.SENDER, actor=BOSS)
    return store


def test_a_token_keeps_its_name_and_its_last_use_at_most_once_a_minute(
    people: Store, clock: FakeClock
) -> None:
    token = people.issue_token(ANN, actor=BOSS, name="  nightly   ci ")
    (listed,) = people.list_tokens(ANN)
    assert (listed.name, listed.last_used_at, listed.revoked_at) == ("nightly ci", None, None)
    people.verify_token(token)
    first = people.list_tokens(ANN)[0].last_used_at
    assert first == clock.now()
    clock.advance(30)
    people.verify_token(token)
    assert people.list_tokens(ANN)[0].last_used_at == first  # not a write per command
    clock.advance(31)
    people.verify_token(token, touch=False)  # a stop never writes
    assert people.list_tokens(ANN)[0].last_used_at == first
    people.verify_token(token)
    assert people.list_tokens(ANN)[0].last_used_at == clock.now()


def test_a_revoked_token_is_refused_and_the_revocation_audited(people: Store) -> None:
    token = people.issue_token(ANN, actor=ANN)
    revoked = people.revoke_token(token, actor=ANN)
    assert revoked is not None
    assert revoked.revoked_by == ANN
    with pytest.raises(AuthenticationError, match="was revoked"):
        people.verify_token(token)
    assert people.revoke_token(token, actor=ANN) is None  # twice is a no-op
    events = [e for e in people.iter_events("user", ANN) if e.action == "user.token_revoked"]
    assert [e.details for e in events] == [{"token_ids": [revoked.id]}]
    assert people.verify_chain().ok


def test_revoke_one_or_all_of_a_users_tokens(people: Store) -> None:
    keep = people.issue_token(ANN, actor=BOSS, name="keep")
    drop = people.issue_token(ANN, actor=BOSS, name="drop")
    drop_id = next(t.id for t in people.list_tokens(ANN) if t.name == "drop")
    assert [t.id for t in people.revoke_tokens(ANN, actor=BOSS, token_id=drop_id)] == [drop_id]
    assert people.verify_token(keep).email == ANN
    with pytest.raises(AuthenticationError):
        people.verify_token(drop)
    with pytest.raises(NotFoundError, match="live token"):
        people.revoke_tokens(ANN, actor=BOSS, token_id=drop_id)
    assert len(people.revoke_tokens(ANN, actor=BOSS)) == 1
    with pytest.raises(AuthenticationError):
        people.verify_token(keep)
    assert people.revoke_tokens(ANN, actor=BOSS) == []


def test_an_admin_acting_for_a_user_is_named_in_every_event(people: Store) -> None:
    people.acting_admin = BOSS
    event = people.record_event(ANN, "list.created", "list", 1, {"name": "x"})
    own = people.record_event(BOSS, "list.created", "list", 2, {"name": "y"})
    assert event.details == {"name": "x", "admin": BOSS}
    assert own.details == {"name": "y"}
    assert people.verify_chain().ok
