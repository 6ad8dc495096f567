"""Fixtures shared by the pipeline tests that run real worker processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.pipeline.test_deliver_support import SECRET

from mailbrake.store import Store


@pytest.fixture
def live_store(database_url: str) -> Iterator[Store]:
    """The test's database opened as the workers open it (the same audit secret)."""
    opened = Store.open(database_url)
    opened.set_audit_secret(SECRET.encode())
    yield opened
    opened.close()
