"""Write a subscriber CSV of N generated rows (for the import benchmark and the demo)."""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

FIRST = ["Ada", "Ben", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Inès", "Jonas"]
LAST = ["Smith", "Okafor", "Müller", "García", "Rossi", "Nguyen", "Kowalski", "Dubois"]
DEPTS = ["Sales", "Finance", "HR", "Engineering", "Support", "Legal"]


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["email", "name", "department", "city"])
        for i in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{first.lower()[:3]}.{last.lower()[:4]}.{i}@example{i % 40}.org"
            out.writerow([email, f"{first} {last}", rng.choice(DEPTS), "Lyon"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    write_csv(args.path, args.rows)


if __name__ == "__main__":
    main()
