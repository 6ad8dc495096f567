"""The rules keep what they catch of bench/probe (credentials, markers and personal data in
eight languages, written by hand): a floor under the figures of `bench/rules_probe.py`."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from mailbrake.models import Category

BENCH = Path(__file__).resolve().parents[2] / "bench" / "rules_probe.py"


@pytest.fixture(scope="module")
def probe() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rules_probe", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["rules_probe"] = module
    spec.loader.exec_module(module)
    return module


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
