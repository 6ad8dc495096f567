"""The shipped check keeps its figures on the blind probe (`bench/blind_probe.py`): whole
messages by writers who never saw the corpora, the detectors or the seed set.

A floor a little under the figures of docs/detectors.md ("The blind probe"). The held half is
never read to change the check, so its floor catches a change that costs new writers' mail
without fitting anything to it; the look half and the credential sets were read (and the
model trains on them), so theirs keep what was fixed from coming undone.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import pytest

from mailbrake.rules.meaning import default_model
from tests.rules.helpers import bench_module

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
# half: (min flagged recall, most benign flagged, most benign blocked, min F1 per category)
FLOORS = {
    "held": (0.95, 25, 12, 0.88),  # 0.97, 21 of 576, 10 blocked, lowest F1 0.91 (held1-11)
    # the look sets are training data of the model since they were read: training figures
    "look": (0.98, 18, 12, 0.95),  # 1.00, 14 of 2,459, 8, 0.98 (look30-38 joined)
    "creds": (0.93, 0, 0, 0.95),  # 0.95, 0 of 32, 0, 0.98
    "creds2": (0.95, 1, 0, 0.95),  # 0.97, 0 of 32, 0, 0.98
}


@pytest.fixture(scope="module")
def probe() -> ModuleType:
    if not (CORPUS / "score.py").exists():
        message = f"the corpus scorer is missing: {CORPUS / 'score.py'} (expected beside the repo)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return bench_module("blind_probe")


@pytest.mark.slow
@pytest.mark.parametrize("half", sorted(FLOORS))
def test_the_check_keeps_its_blind_probe_figures(probe: ModuleType, half: str) -> None:
    de = probe.de
    messages = [m for _row, m in probe.load(probe.HALVES[half])]
    s = de.summary(de.load_scorer(CORPUS), messages, de.predict(messages, default_model()))
    recall, most_flagged, most_blocked, per_category = FLOORS[half]
    assert s["flagged_recall"] >= recall
    assert s["benign_by_rules"] + s["benign_by_model_only"] <= most_flagged
    assert s["verdicts"]["benign"].get("block", 0) <= most_blocked
    low = {
        c: v["f1"]
        for c, v in s["per_category"].items()
        if v["f1"] is not None and v["support"] and v["f1"] < per_category
    }
    assert low == {}
