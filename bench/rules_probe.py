"""Credentials, classification markers and personal data written the way people send them.

    .venv/bin/python bench/rules_probe.py [-v]

`bench/probe/credentials.jsonl` (160 credentials, 80 look-alikes), `markers.jsonl` (48
markers, 48 look-alikes) and `personal.jsonl` (128 messages of personal data, 80 with a
checksum-valid identifier made with python-stdnum, 48 without one; 64 look-alikes: wrong
check digits, order numbers, masked cards, company footers, job adverts) hold whole short
messages in eight languages, 30, 12 and 24 per language, written by helpers from general
knowledge of office mail without reading the corpora or the detectors. Each line: {"lang",
"labels", "form", "text"}; `form` names the way the secret, marker or detail is given
("pin-sim", "wifi-psk", "recovery-codes", "dob", "neg-placeholder").

The probe was then used to find what the rules missed (PINs, recovery codes, a key on the
line below its label, pre-shared keys under their local names, password columns whose header
says which password, "EMBARGO tot", "NE PAS DIFFUSER", "TOP SECRET" about a recipe, a
company's IBAN in its footer, dates of birth and emergency contacts in prose, surgery and
pregnancy, local phone formats in contact lists), so its
figures are fitted ones, not an estimate: `tests/rules/test_rules_probe.py` keeps them as a
floor. The held-out figures are those of `bench/detect_eval.py`.

Prints recall on the credentials and markers, and false alarms on the look-alikes, for the
rules alone (what blocks); `-v` lists every miss and false alarm with its form.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mailbrake.models import Category, Location, TextSegment
from mailbrake.rules import Scanner

PROBE = Path(__file__).resolve().parent / "probe"
SETS = (
    ("credentials.jsonl", Category.CREDENTIALS),
    ("markers.jsonl", Category.CONFIDENTIAL),
    ("personal.jsonl", Category.PERSONAL_DATA),
)


def load(name: str) -> list[dict[str, object]]:
    lines = (PROBE / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def score(rows: list[dict[str, object]], category: Category) -> dict[str, object]:
    """Found and missed positives, flagged look-alikes, and the forms of each miss."""
    scanner = Scanner(meaning=None)
    found = missed = alarms = clean = 0
    wrong: list[tuple[str, str, str]] = []
    for row in rows:
        text = str(row["text"])
        findings = scanner.detect([TextSegment(Location("body"), text)])
        got = any(f.category is category for f in findings)
        want = str(category) in row["labels"]  # type: ignore[operator]
        found += got and want
        missed += want and not got
        alarms += got and not want
        clean += not got and not want
        if got != want:
            wrong.append(("missed" if want else "false alarm", str(row["form"]), text))
    return {"found": found, "missed": missed, "alarms": alarms, "clean": clean, "wrong": wrong}


def main() -> int:
    verbose = "-v" in sys.argv[1:]
    for name, category in SETS:
        s = score(load(name), category)
        positives = s["found"] + s["missed"]  # type: ignore[operator]
        negatives = s["alarms"] + s["clean"]  # type: ignore[operator]
        print(
            f"{name}: {category} found {s['found']}/{positives}, "
            f"false alarms {s['alarms']}/{negatives}"
        )
        forms = Counter(form for _kind, form, _text in s["wrong"])  # type: ignore[attr-defined]
        if forms:
            print("  wrong by form: " + ", ".join(f"{f} {n}" for f, n in forms.most_common()))
        if verbose:
            for kind, form, text in s["wrong"]:  # type: ignore[attr-defined]
                print(f"  {kind} [{form}]: {text[:160]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
