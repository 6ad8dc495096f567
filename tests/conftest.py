"""Shared fixtures: each family lives in tests/fixtures/ and is registered here."""

pytest_plugins = [
    "tests.fixtures.browser",
    "tests.fixtures.cli",
    "tests.fixtures.clock",
    "tests.fixtures.smtp_sink",
    "tests.fixtures.store",
]
