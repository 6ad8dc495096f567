"""Lists and subscribers in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from mailbrake.errors import ConflictError, NotFoundError
from mailbrake.models import NewSubscriber
from mailbrake.store import Store


def emails(store: Store, list_id: int) -> list[str]:
    return [s.email for s in store.iter_recipients(list_id)]


def test_create_list_twice_is_a_conflict(store: Store) -> None:
    store.create_list("staff")
    with pytest.raises(ConflictError, match="staff"):
        store.create_list("staff")


def test_unknown_list_names_the_list_and_the_next_step(store: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        store.get_list("nope")
    assert "'nope'" in str(caught.value)
    assert "mailbrake lists" in str(caught.value)


def test_adding_an_existing_subscriber_merges_attributes_and_keeps_name(store: Store) -> None:
    staff = store.create_list("staff")
    store.add_subscribers(staff.id, [NewSubscriber("a@x.org", "Ann", {"dept": "hr"})])
    joined = store.add_subscribers(staff.id, [NewSubscriber("a@x.org", "", {"city": "Oslo"})])
    (ann,) = store.iter_recipients(staff.id)
    assert joined == 0
    assert ann.name == "Ann"
    assert ann.attributes == {"dept": "hr", "city": "Oslo"}


def test_one_subscriber_can_be_on_two_lists(store: Store) -> None:
    first, second = store.create_list("a"), store.create_list("b")
    store.add_subscribers(first.id, [NewSubscriber("a@x.org")])
    store.add_subscribers(second.id, [NewSubscriber("a@x.org")])
    counts = {m.name: m.active for m in store.list_lists()}
    assert counts == {"a": 1, "b": 1}


def test_unsubscribed_and_bounced_subscribers_are_never_recipients(store: Store) -> None:
    staff = store.create_list("staff")
    people = [NewSubscriber(f"p{i}@x.org") for i in range(4)]
    store.add_subscribers(staff.id, people)
    store.unsubscribe("p1@x.org")
    store.unsubscribe("P2@X.org", "staff")
    store.mark_bounced("p3@x.org")
    assert emails(store, staff.id) == ["p0@x.org"]
    assert store.count_recipients(staff.id) == 1
    listed = store.list_lists()[0]
    assert (listed.active, listed.total) == (1, 4)


def test_reimport_does_not_resubscribe_someone_who_opted_out(store: Store) -> None:
    staff = store.create_list("staff")
    store.add_subscribers(staff.id, [NewSubscriber("a@x.org")])
    store.unsubscribe("a@x.org", "staff")
    store.add_subscribers(staff.id, [NewSubscriber("a@x.org", "Ann")])
    assert emails(store, staff.id) == []


def test_recipients_are_streamed_in_pages_without_gaps(store: Store) -> None:
    staff = store.create_list("staff")
    store.add_subscribers(staff.id, [NewSubscriber(f"p{i:03}@x.org") for i in range(250)])
    streamed = [s.email for s in store.iter_recipients(staff.id, page=7)]
    assert streamed == sorted(f"p{i:03}@x.org" for i in range(250))


def test_missing_fields_counts_absent_and_empty_values(store: Store) -> None:
    staff = store.create_list("staff")
    store.add_subscribers(
        staff.id,
        [
            NewSubscriber("a@x.org", "Ann", {"dept": "hr"}),
            NewSubscriber("b@x.org", "", {"dept": ""}),
            NewSubscriber("c@x.org", "Cy", {}),
        ],
    )
    missing = store.missing_fields(staff.id, ["email", "name", "dept", "city"])
    assert missing == {"name": 1, "dept": 2, "city": 3}


def test_bulk_import_cancel_leaves_the_database_as_it_was(store: Store) -> None:
    staff = store.create_list("staff")
    with store.bulk_import(staff.id) as bulk:
        bulk.add([NewSubscriber("a@x.org")])
        bulk.cancel()
    assert store.count_recipients(staff.id) == 0
    with pytest.raises(NotFoundError):
        store.find_subscriber("a@x.org")


def test_bulk_import_rolls_back_on_an_error(store: Store) -> None:
    staff = store.create_list("staff")

    def import_then_fail() -> None:
        with store.bulk_import(staff.id) as bulk:
            bulk.add([NewSubscriber("a@x.org")])
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        import_then_fail()
    assert store.count_recipients(staff.id) == 0
