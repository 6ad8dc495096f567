"""The audit chain's hashing and its check, on in-memory events: each tampering is named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from mailbrake.audit import (
    GENESIS,
    AuditEvent,
    ChainHead,
    canonical,
    clean_details,
    derive_audit_key,
    event_hash,
    new_head,
    seal,
    verify_events,
)

KEY = derive_audit_key(b"test-secret")
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
EMPTY_HEAD = ChainHead(0, GENESIS, "", "")


def chain(n: int, key: bytes = KEY) -> tuple[list[AuditEvent], ChainHead]:
    events: list[AuditEvent] = []
    prev = GENESIS
    for i in range(1, n + 1):
        draft = AuditEvent(
            i, START + timedelta(seconds=i), "ann@example.org", "mailout.state", "mailout",
            str(i), {"to": "sending", "n": i}, prev,
        )  # fmt: skip
        events.append(seal(key, draft))
        prev = events[-1].hash
    return events, new_head(key, events[-1]) if events else EMPTY_HEAD


def test_intact_chain_verifies_and_counts_every_event() -> None:
    events, head = chain(5)
    result = verify_events(KEY, head, events)
    assert result.ok
    assert (result.count, result.head_id, result.head_hash) == (5, 5, events[-1].hash)


def test_empty_chain_with_the_initial_head_is_intact() -> None:
    result = verify_events(KEY, EMPTY_HEAD, [])
    assert result.ok
    assert result.count == 0


def test_hash_covers_every_field() -> None:
    event = chain(1)[0][0]
    changes = {
        "id": 2,
        "at": START,
        "actor": "bob@example.org",
        "action": "mailout.override",
        "object_type": "list",
        "object_id": "9",
        "details": {"to": "done", "n": 1},
        "prev_hash": "1" * 64,
    }
    for name, value in changes.items():
        assert event_hash(KEY, replace(event, **{name: value})) != event.hash, name


def test_hash_depends_on_the_key() -> None:
    event = chain(1)[0][0]
    assert event_hash(derive_audit_key(b"other"), event) != event.hash


def test_canonical_json_ignores_key_order_but_not_values() -> None:
    assert canonical({"b": 1, "a": [1, 2]}) == canonical({"a": [1, 2], "b": 1})
    assert canonical({"a": 1}) != canonical({"a": "1"})


def test_details_are_reduced_to_json_types() -> None:
    assert clean_details({"when": START, "n": 1}) == {"when": str(START), "n": 1}
    assert clean_details(None) == {}


def test_changed_event_is_named_altered() -> None:
    events, head = chain(5)
    events[2] = replace(events[2], details={"to": "done"})
    result = verify_events(KEY, head, events)
    assert (result.ok, result.first_bad_id, result.count) == (False, 3, 2)
    assert result.problem == "event 3 was altered"


def test_changed_last_event_is_named_altered() -> None:
    events, head = chain(5)
    events[4] = replace(events[4], actor="mallory@example.org")
    result = verify_events(KEY, head, events)
    assert (result.first_bad_id, result.problem) == (5, "event 5 was altered")


def test_event_rewritten_with_a_new_hash_and_link_is_still_altered() -> None:
    events, head = chain(5)
    events[2] = replace(events[2], details={}, prev_hash="f" * 64, hash="e" * 64)
    result = verify_events(KEY, head, events)
    assert (result.first_bad_id, result.problem) == (3, "event 3 was altered")


def test_deleted_middle_event_is_named_missing_with_the_jump() -> None:
    events, head = chain(5)
    del events[2]
    result = verify_events(KEY, head, events)
    assert result.first_bad_id == 3
    assert result.problem == "event 3 is missing (chain jumps from 2 to 4)"


def test_deleted_first_event_is_named_missing() -> None:
    events, head = chain(3)
    result = verify_events(KEY, head, events[1:])
    assert (result.first_bad_id, result.problem) == (
        1, "event 1 is missing (the chain starts at event 2)"
    )  # fmt: skip


def test_deleted_last_event_is_caught_by_the_head() -> None:
    events, head = chain(5)
    result = verify_events(KEY, head, events[:-1])
    assert result.first_bad_id == 5
    assert result.problem == (
        "event 5 is missing (the chain head ends at event 5, the last event present is 4)"
    )


def test_deleted_tail_names_the_range() -> None:
    events, head = chain(5)
    result = verify_events(KEY, head, events[:2])
    assert result.problem.startswith("events 3 to 5 are missing")


def test_event_appended_without_the_key_is_named_inserted() -> None:
    events, head = chain(3)
    forged = AuditEvent(4, START, "mallory@example.org", "user.added", "user", "m",
                        {}, events[-1].hash, "a" * 64)  # fmt: skip
    result = verify_events(KEY, head, [*events, forged])
    assert (result.first_bad_id, result.problem) == (
        4, "event 4 was inserted (the chain head ends at event 3)"
    )  # fmt: skip


def test_event_slipped_into_the_middle_is_named_inserted() -> None:
    events, head = chain(4)
    forged = AuditEvent(3, START, "mallory@example.org", "approval.granted", "mailout", "3",
                        {}, events[1].hash, "a" * 64)  # fmt: skip
    shifted = [replace(e, id=e.id + 1) for e in events[2:]]
    result = verify_events(KEY, head, [*events[:2], forged, *shifted])
    assert result.first_bad_id == 3
    assert result.problem == "event 3 was inserted (event 4 links straight to event 2)"


def test_event_copied_from_another_chain_is_named_inserted() -> None:
    events, head = chain(4)
    other = seal(KEY, replace(events[0], id=3, prev_hash="b" * 64))  # same key, other chain
    result = verify_events(KEY, head, [*events[:2], other, events[3]])
    assert result.problem == "event 3 was inserted (its prev_hash does not match event 2)"


def test_rolled_back_head_is_named() -> None:
    events, _ = chain(5)
    old_head = new_head(KEY, events[3])
    result = verify_events(KEY, old_head, events)
    assert result.first_bad_id == 5
    assert result.problem.startswith("the chain head was rolled back: it ends at event 4")


def test_altered_head_is_named() -> None:
    events, head = chain(3)
    result = verify_events(KEY, replace(head, last_id=2), events)
    assert not result.ok
    assert result.problem == "the chain head was altered (its MAC does not match)"


def test_missing_head_is_named() -> None:
    events, _ = chain(2)
    assert verify_events(KEY, None, events).problem == "the chain head row is missing"


def test_wrong_key_is_named_as_such_not_as_tampering() -> None:
    events, head = chain(3)
    result = verify_events(derive_audit_key(b"rotated"), head, events)
    assert not result.ok
    assert "audit key is not the one this trail was written with" in result.problem


def test_events_under_an_empty_head_are_inserted() -> None:
    events, _ = chain(2)
    result = verify_events(KEY, EMPTY_HEAD, events)
    assert (result.first_bad_id, result.ok) == (1, False)


@pytest.mark.parametrize("naive", [datetime(2026, 1, 5, 9, 0)])
def test_naive_times_are_refused(naive: datetime) -> None:
    with pytest.raises(ValueError, match="aware"):
        event_hash(KEY, AuditEvent(1, naive, "a", "user.added", "user", "a"))
