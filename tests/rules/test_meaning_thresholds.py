"""How the training script chooses a category's threshold: the best F1 out of fold, within the
false-alarm budgets, never under the category's floor; and the shipped model keeps them."""

from __future__ import annotations

from scripts.train_meaning import CATEGORY_FLOORS, MIN_THRESHOLD, _best_threshold

from mailbrake.rules.meaning import default_model

# Ten sensitive texts scored 0.30-0.39, ten benign ones scored 0.05: the best F1 is at 0.30.
PROBS = [0.30 + i / 100 for i in range(10)] + [0.05] * 10
TRUTH = [True] * 10 + [False] * 10
BENIGN = [not t for t in TRUTH]


def test_the_threshold_is_never_under_the_floor() -> None:
    assert _best_threshold(PROBS, TRUTH, BENIGN, BENIGN, floor=0.30) == 0.30
    assert _best_threshold(PROBS, TRUTH, BENIGN, BENIGN, floor=0.40) >= 0.40


def test_the_threshold_keeps_the_mail_budget() -> None:
    # One benign mail message at 0.65, above every sensitive one: the best F1 (0.95) flags
    # it, but that is 10% of the benign mail, over budget, so the threshold goes above it.
    probs = [0.60] * 10 + [0.65] + [0.05] * 9
    assert _best_threshold(probs, TRUTH, BENIGN, BENIGN, floor=0.40) > 0.65


def test_the_shipped_model_keeps_its_floors() -> None:
    model = default_model()
    for category, threshold in zip(model.categories, model.thresholds, strict=True):
        assert threshold >= CATEGORY_FLOORS.get(category, MIN_THRESHOLD), category
