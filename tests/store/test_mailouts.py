"""Mailouts in the store: drafts with attachments, lifecycle changes, compare-and-set."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from mailbrake.errors import ConflictError, NotFoundError, StateError
from mailbrake.models import Attachment, MailoutContent, MailoutState
from mailbrake.store import Store
from mailbrake.store.tables import mailouts

CONTENT = MailoutContent(
    from_addr="HR <hr@x.org>",
    subject="Hello {{ name }}",
    text="Hi {{ name }}\n",
    html="<p>Hi {{ name }}</p>",
    attachments=(Attachment("plan.pdf", "application/pdf", b"%PDF-1.4 data"),),
)


def test_a_draft_reads_back_exactly_as_stored(store: Store) -> None:
    staff = store.create_list("staff")
    mailout_id = store.create_mailout(staff.id, CONTENT, created_by="hr@x.org")
    got = store.get_mailout(mailout_id)
    assert got.content == CONTENT
    assert got.state is MailoutState.DRAFT
    assert got.list_name == "staff"
    assert got.created_by == "hr@x.org"


def test_unknown_mailout_names_the_id(store: Store) -> None:
    with pytest.raises(NotFoundError, match="42"):
        store.get_mailout(42)


def test_an_illegal_change_names_the_current_state_and_what_is_allowed(store: Store) -> None:
    staff = store.create_list("staff")
    mailout_id = store.create_mailout(staff.id, CONTENT)
    with pytest.raises(StateError) as caught:
        store.change_state(mailout_id, MailoutState.SENDING)
    message = str(caught.value)
    assert "is draft" in message
    assert "checked" in message
    assert store.get_mailout(mailout_id).state is MailoutState.DRAFT


def test_a_legal_change_is_stored(store: Store) -> None:
    staff = store.create_list("staff")
    mailout_id = store.create_mailout(staff.id, CONTENT)
    assert store.change_state(mailout_id, MailoutState.CHECKED) == (
        MailoutState.DRAFT,
        MailoutState.CHECKED,
    )
    assert store.get_mailout(mailout_id).state is MailoutState.CHECKED


def test_change_state_refuses_when_another_process_changed_it_first(store: Store) -> None:
    staff = store.create_list("staff")
    mailout_id = store.create_mailout(staff.id, CONTENT)
    original = store.get_mailout

    def stale_then_changed(requested: int):  # type: ignore[no-untyped-def]
        seen = original(requested)
        with store.engine.begin() as conn:
            conn.execute(
                mailouts.update().where(mailouts.c.id == requested).values(state="cancelled")
            )
        return seen

    store.get_mailout = stale_then_changed  # type: ignore[method-assign]
    with pytest.raises(ConflictError, match="changed state"):
        store.change_state(mailout_id, MailoutState.CHECKED)
    store.get_mailout = original  # type: ignore[method-assign]
    with store.engine.connect() as conn:
        state = conn.execute(sa.select(mailouts.c.state)).scalar_one()
    assert state == "cancelled"
