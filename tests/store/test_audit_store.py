"""The audit trail in SQLite and PostgreSQL: append, read, and catch raw-SQL tampering."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from tests.fixtures.clock import FakeClock

from mailbrake.audit import AuditChainError
from mailbrake.store import Store
from mailbrake.store.audit import AuditKeyMissingError, EmergencyState
from mailbrake.store.tables import audit_events

ADMIN = "boss@example.org"


@pytest.fixture
def audited(store: Store) -> Store:
    store.set_audit_secret(b"test-secret")
    return store


def record(store: Store, n: int) -> None:
    for i in range(1, n + 1):
        store.record_event(ADMIN, "mailout.state", "mailout", i, {"to": "sending", "n": i})


def run_sql(store: Store, sql: str, **params: Any) -> None:
    with store.engine.begin() as conn:
        conn.execute(sa.text(sql), params)


def hash_of(store: Store, event_id: int) -> str:
    query = sa.text("SELECT hash FROM audit_events WHERE id = :i")
    with store.engine.connect() as conn:
        return str(conn.execute(query, {"i": event_id}).scalar_one())


def test_events_are_numbered_linked_and_read_back(audited: Store, clock: FakeClock) -> None:
    first = audited.record_event(ADMIN, "user.added", "user", "ann@example.org", {"role": "sender"})
    clock.advance(5)
    second = audited.record_event("system", "mailout.state", "mailout", 7, {"to": "done"})
    assert (first.id, second.id) == (1, 2)
    assert second.prev_hash == first.hash
    assert list(audited.iter_events()) == [first, second]
    assert list(audited.iter_events("mailout", 7)) == [second]
    assert second.at == clock.now()
    assert list(audited.iter_events(after=first.id)) == [second]  # a page cursor
    assert list(audited.iter_events("user", after=first.id)) == []


def test_fresh_trail_verifies_as_empty(audited: Store) -> None:
    result = audited.verify_chain()
    assert (result.ok, result.count) == (True, 0)


def test_untouched_trail_verifies(audited: Store) -> None:
    record(audited, 5)
    result = audited.verify_chain()
    assert (result.ok, result.count, result.head_id) == (True, 5, 5)


def test_changed_row_is_named_altered(audited: Store) -> None:
    record(audited, 5)
    run_sql(audited, "UPDATE audit_events SET details = :d WHERE id = 3", d='{"to":"done"}')
    result = audited.verify_chain()
    assert (result.ok, result.first_bad_id) == (False, 3)
    assert result.problem == "event 3 was altered"


def test_changed_actor_on_last_row_is_named_altered(audited: Store) -> None:
    record(audited, 5)
    run_sql(audited, "UPDATE audit_events SET actor = 'someone@else.org' WHERE id = 5")
    assert audited.verify_chain().problem == "event 5 was altered"


def test_deleted_middle_row_is_named_missing(audited: Store) -> None:
    record(audited, 5)
    run_sql(audited, "DELETE FROM audit_events WHERE id = 3")
    result = audited.verify_chain()
    assert (result.ok, result.first_bad_id) == (False, 3)
    assert result.problem == "event 3 is missing (chain jumps from 2 to 4)"


def test_deleted_last_row_is_named_missing(audited: Store) -> None:
    record(audited, 5)
    run_sql(audited, "DELETE FROM audit_events WHERE id = 5")
    result = audited.verify_chain()
    assert (result.ok, result.first_bad_id) == (False, 5)
    assert result.problem.startswith("event 5 is missing (the chain head ends at event 5")


def test_row_inserted_at_the_end_is_named_inserted(audited: Store, clock: FakeClock) -> None:
    record(audited, 5)
    forge(audited, clock, 6, hash_of(audited, 5))
    result = audited.verify_chain()
    assert (result.ok, result.first_bad_id) == (False, 6)
    assert result.problem == "event 6 was inserted (the chain head ends at event 5)"


def test_row_inserted_in_the_middle_is_named_inserted(audited: Store, clock: FakeClock) -> None:
    record(audited, 5)
    # Make room for a new event 3 (in two steps so the primary key never collides).
    run_sql(audited, "UPDATE audit_events SET id = id + 1000 WHERE id >= 3")
    run_sql(audited, "UPDATE audit_events SET id = id - 999 WHERE id >= 1000")
    forge(audited, clock, 3, hash_of(audited, 2))
    result = audited.verify_chain()
    assert (result.ok, result.first_bad_id) == (False, 3)
    assert result.problem == "event 3 was inserted (event 4 links straight to event 2)"


def test_altered_head_is_caught_and_stops_further_appends(audited: Store) -> None:
    record(audited, 5)
    run_sql(audited, "DELETE FROM audit_events WHERE id = 5")
    run_sql(audited, "UPDATE audit_chain SET last_id = 4, last_hash = :h", h=hash_of(audited, 4))
    assert audited.verify_chain().problem == "the chain head was altered (its MAC does not match)"
    with pytest.raises(AuditChainError, match="cannot be extended"):
        audited.record_event(ADMIN, "user.login", "user", ADMIN)


def test_changed_secret_is_named_as_a_key_problem(store: Store) -> None:
    store.set_audit_secret(b"old-secret")
    record(store, 2)
    store.set_audit_secret(b"new-secret")
    assert "audit key is not the one" in store.verify_chain().problem


def test_event_in_a_rolled_back_transaction_leaves_no_trace(audited: Store) -> None:
    record(audited, 2)

    def audit_then_fail() -> None:
        with audited.engine.begin() as conn:
            audited.record_event(ADMIN, "mailout.override", "mailout", 1, conn=conn)
            raise RuntimeError("the change being audited failed")

    with pytest.raises(RuntimeError):
        audit_then_fail()
    after = audited.record_event(ADMIN, "mailout.override", "mailout", 1)
    assert after.id == 3
    assert audited.verify_chain().ok


def test_event_in_the_callers_transaction_commits_with_it(audited: Store) -> None:
    with audited.engine.begin() as conn:
        event = audited.record_event(ADMIN, "approval.granted", "mailout", 4, conn=conn)
    assert list(audited.iter_events("mailout", 4)) == [event]


def test_concurrent_appenders_keep_one_linear_chain(audited: Store) -> None:
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def append(name: str) -> None:
        start.wait()
        try:
            for i in range(50):
                audited.record_event(name, "mailout.state", "mailout", i)
        except BaseException as exc:  # reported below, so a failed thread fails the test
            errors.append(exc)

    threads = [threading.Thread(target=append, args=(f"w{n}@example.org",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = audited.verify_chain()
    assert (result.ok, result.count) == (True, 100)
    events = list(audited.iter_events())
    assert [e.id for e in events] == list(range(1, 101))
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))


def test_nothing_is_recorded_without_a_key(store: Store, clock: FakeClock) -> None:
    keyless = Store(store.engine, clock)
    with pytest.raises(AuditKeyMissingError, match="no key"):
        keyless.record_event(ADMIN, "user.login", "user", ADMIN)
    assert list(store.iter_events()) == []


def test_badly_formed_action_is_refused(audited: Store) -> None:
    with pytest.raises(ValueError, match="dotted lower-case"):
        audited.record_event(ADMIN, "Login", "user", ADMIN)


def test_emergency_switch_starts_off_and_is_audited(audited: Store, clock: FakeClock) -> None:
    assert audited.emergency() == EmergencyState(False, None, "", "")
    state, changed = audited.set_emergency(True, actor=ADMIN, reason="wrong list")
    assert changed
    assert audited.emergency() == EmergencyState(True, clock.now(), ADMIN, "wrong list")
    assert audited.set_emergency(True, actor=ADMIN, reason="again") == (state, False)
    audited.set_emergency(False, actor=ADMIN)
    assert not audited.emergency().on
    actions = [e.action for e in audited.iter_events("switch", "emergency")]
    assert actions == ["emergency.on", "emergency.off"]


def test_missing_emergency_row_reads_as_on(audited: Store) -> None:
    run_sql(audited, "DELETE FROM switches")
    assert audited.emergency().on
    _, changed = audited.set_emergency(False, actor=ADMIN, reason="restored")
    assert changed
    assert not audited.emergency().on


def forge(store: Store, clock: FakeClock, event_id: int, prev_hash: str) -> None:
    """What someone with database access but without the key can write."""
    row = {
        "id": event_id, "at": clock.now(), "actor": "mallory@example.org",
        "action": "approval.granted", "object_type": "mailout", "object_id": "1",
        "details": "{}", "prev_hash": prev_hash, "hash": "a" * 64,
    }  # fmt: skip
    with store.engine.begin() as conn:
        conn.execute(audit_events.insert().values(**row))
