"""The honest estimate of the check: cross-family, leave-template-out and held-out-org figures.

    nice .venv/bin/python bench/detect_eval.py [--corpus ../shared/corpus] [--json out.json]
        [--sets rules,ab,ba,lto,hand,ham]

Scores the check the way `mailbrake scan --format jsonl` does (same extraction, detectors,
categories and default-policy verdict, through `pipeline.scan.scan_bytes`) with the scorer
`../shared/corpus/score.py`, for the rules as they are and for the rules plus the meaning
model. The model (and its thresholds) is fitted inside each fold by
`scripts/train_meaning.py`'s `fit`; a message is never scored by a model that saw it or
another message of its template:

- A->B, B->A: fit on family A (dev) and score family B (dev-b), and the reverse; dev-hand
  (written one by one, neither family) is in both fits: the model that scores B has seen no
  B template, but it has seen every other hand's mail, as the shipped model has;
- LTO: leave-template-out, 10 folds over A+B grouped by template id (`tpl=` in the notes);
- hand: dev-hand, leave-one-organisation-out (6 folds), fitting on A+B and the other orgs;
- ham: real-ham, 5 folds, fitting on A+B+hand and the other folds of real-ham.
The in-repo seed set and the blind probe's look sets are in every fit (their writers never
saw the corpora), and so is real-ham where it is not being scored.
Needs scikit-learn (`pip install -e '.[train]'`).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib.util
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import train_meaning as tm  # noqa: E402
from mailbrake.pipeline.analyse import Analyser  # noqa: E402
from mailbrake.pipeline.scan import audience_with_domains, decide_with_policy, scan_bytes  # noqa: E402
from mailbrake.policy import load_policy  # noqa: E402
from mailbrake.rules import Scanner, categories_of  # noqa: E402
from mailbrake.rules.meaning import MeaningModel  # noqa: E402

LTO_FOLDS = 10


@dataclass(frozen=True)
class Message:
    doc: tm.Doc
    raw: bytes


def load_scorer(corpus: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_score", corpus / "score.py")
    if spec is None or spec.loader is None:
        sys.exit(f"no scorer at {corpus / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(corpus: Path, family: str) -> list[Message]:
    docs = tm.load_family(corpus / family)
    return [Message(d, (corpus / family / d.name).read_bytes()) for d in docs]


def predict(messages: Sequence[Message], model: MeaningModel | None) -> dict[str, Any]:
    """{file: (categories, verdict)} as score.py reads `mailbrake scan --format jsonl`."""
    scanner = Scanner(meaning=model)
    decide = functools.partial(decide_with_policy, load_policy(None))
    audience = functools.partial(audience_with_domains, ())
    analyser = Analyser(scanner, decide, audience)
    out = {}
    for m in messages:
        result = scan_bytes(m.doc.name, m.raw, analyser)
        rules_only = categories_of(f for f in result.findings if f.detector != "meaning")
        out[m.doc.name] = (set(result.categories), str(result.verdict), bool(rules_only))
    return out


def by_folds(
    messages: Sequence[Message],
    fold_of: Callable[[tm.Doc], int],
    folds: int,
    extra: Sequence[tm.Doc],
) -> dict[str, Any]:
    """Predictions where each fold is scored by a model fitted on the other folds + extra."""
    preds: dict[str, Any] = {}
    for k in range(folds):
        held = [m for m in messages if fold_of(m.doc) == k]
        if not held:
            continue
        train = [m.doc for m in messages if fold_of(m.doc) != k] + list(extra)
        preds.update(predict(held, tm.fit(train)))
    return preds


def stable_fold(key: str, folds: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % folds


def summary(
    scorer: ModuleType, messages: Sequence[Message], preds: dict[str, Any]
) -> dict[str, Any]:
    truth = {m.doc.name: set(m.doc.labels) for m in messages}
    res = scorer.score(truth, {k: v[:2] for k, v in preds.items()})
    benign = [k for k in truth if not truth[k]]
    msg, ver = res["message"], res["message_by_verdict"]
    return {
        "flagged_recall": msg["recall"],
        "fpr_benign": msg["fpr_benign"],
        "verdict_fpr_benign": ver["fpr_benign"] if ver else None,
        "micro_f1": res["micro"]["f1"],
        "per_category": {
            c: {k: v[k] for k in ("precision", "recall", "f1", "support")}
            for c, v in res["per_category"].items()
        },
        "verdicts": res["verdicts_by_truth"],
        # benign messages flagged by the rules, and those only the model flagged
        "benign_by_rules": sum(1 for k in benign if preds[k][2]),
        "benign_by_model_only": sum(1 for k in benign if preds[k][0] and not preds[k][2]),
        "benign": len(benign),
    }


def show(name: str, s: dict[str, Any]) -> str:
    def f(x: float | None) -> str:
        return " n/a" if x is None else f"{x:.2f}"

    cats = " / ".join(f(v["f1"]) for v in s["per_category"].values())
    blocked = s["verdicts"]["benign"].get("block", 0)
    split = f"{s['benign_by_rules']}+{s['benign_by_model_only']}/{s['benign']}"
    return (
        f"{name:<26} {f(s['flagged_recall']):>6} {s['fpr_benign'] * 100:6.1f}% {split:>10} "
        f"{blocked:>4}   {cats}   {f(s['micro_f1'])}"
    )


def header() -> str:
    return (
        f"{'set / detectors':<26} {'recall':>6} {'FP ben':>7} {'rule+model':>10} {'blk':>4}   "
        f"F1 {' / '.join(tm.CATEGORIES[:2])} / internal / cred / gossip   micro"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--json", type=Path, help="write every figure here")
    ap.add_argument("--quick", action="store_true", help="cross-family only (no LTO, hand)")
    ap.add_argument("--sets", default="rules,ab,ba,lto,hand,ham", help="which rows to compute")
    a = ap.parse_args()
    scorer = load_scorer(a.corpus)
    t0 = time.perf_counter()
    fam_a, fam_b = load(a.corpus, "dev"), load(a.corpus, "dev-b")
    hand, ham = load(a.corpus, "dev-hand"), load(a.corpus, "real-ham")
    seed = tm.load_seed() + tm.load_look()  # written by hands that never saw the corpora
    ham_docs = [m.doc for m in ham]
    both = fam_a + fam_b
    rows: dict[str, dict[str, Any]] = {}

    def add(name: str, messages: Sequence[Message], preds: dict[str, Any]) -> None:
        rows[name] = summary(scorer, messages, preds)
        print(show(name, rows[name]), flush=True)

    print(header())
    sets = set(a.sets.split(",")) - ({"lto", "hand", "ham"} if a.quick else set())
    hand_docs = [m.doc for m in hand]
    if "rules" in sets:
        for label, msgs in (("A", fam_a), ("B", fam_b), ("hand", hand), ("ham", ham)):
            add(f"{label}: rules", msgs, predict(msgs, None))
    for key, name, train, test in (("ab", "A->B", fam_a, fam_b), ("ba", "B->A", fam_b, fam_a)):
        if key in sets:
            model = tm.fit([m.doc for m in train] + hand_docs + seed + ham_docs)
            add(f"{name}: rules+model", test, predict(test, model))
    if "lto" in sets:
        lto = by_folds(both, lambda d: stable_fold(d.group, LTO_FOLDS), LTO_FOLDS, seed + ham_docs)
        add("LTO A+B: rules+model", both, lto)
    if "hand" in sets:
        orgs = sorted({m.doc.group for m in hand})
        hand_preds = by_folds(
            hand, lambda d: orgs.index(d.group), len(orgs), [m.doc for m in both] + seed
        )
        add("hand (org CV): rules+model", hand, hand_preds)
    if "ham" in sets:
        labelled = [m.doc for m in both + hand] + seed
        ham_preds = by_folds(ham, lambda d: stable_fold(d.name, 5), 5, labelled)
        add("ham (5-fold): rules+model", ham, ham_preds)
    print(f"({time.perf_counter() - t0:.0f} s)")
    if a.json:
        a.json.write_text(json.dumps(rows, indent=2, default=list))
    return 0


if __name__ == "__main__":
    sys.exit(main())
