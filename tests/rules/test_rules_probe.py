"""The rules keep what they catch of bench/probe (credentials, markers and personal data in
eight languages, written by hand): a floor under the figures of `bench/rules_probe.py`."""

from __future__ import annotations

from types import ModuleType

import pytest

from mailbrake.models import Category
from tests.rules.helpers import bench_module


@pytest.fixture(scope="module")
def probe() -> ModuleType:
    return bench_module("rules_probe")


@pytest.mark.parametrize(
    ("name", "category", "most_missed", "most_alarms"),
    [
        ("credentials.jsonl", Category.CREDENTIALS, 2, 0),  # 159/160, 0/80 when written
        ("markers.jsonl", Category.CONFIDENTIAL, 1, 0),  # 48/48, 0/48 when written
        ("personal.jsonl", Category.PERSONAL_DATA, 7, 2),  # 123/128, 1/64 when written
    ],
)
def test_the_rules_keep_their_probe_figures(
    probe: ModuleType, name: str, category: Category, most_missed: int, most_alarms: int
) -> None:
    rows = probe.load(name)
    assert len(rows) >= 96
    s = probe.score(rows, category)
    assert s["missed"] <= most_missed, s["wrong"]
    assert s["alarms"] <= most_alarms, s["wrong"]
