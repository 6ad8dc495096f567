"""The shipped model file is what the training script builds from the files in the repository."""

from __future__ import annotations

from pathlib import Path

from scripts.train_meaning import fingerprint

from mailbrake.rules.meaning import default_model

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_model_was_trained_by_the_current_script_features_and_seed_set() -> None:
    # The fingerprint hashes scripts/train_meaning.py, rules/meaning/features.py and the seed
    # set: editing any of them without rerunning the script (see docs/detectors.md) fails here.
    assert default_model().fingerprint == fingerprint()


def test_the_model_file_is_packaged_with_mailbrake() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"data/*"' in pyproject
    assert (ROOT / "src" / "mailbrake" / "data" / "meaning.json.gz").is_file()
