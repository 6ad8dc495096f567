"""The demo's mistake: a salary sheet with bank details, attached to an all-staff mail."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from stdnum import iban

from mailbrake.demo.people import FIRST, LAST


def _iban(rng: random.Random) -> str:
    """A checksum-valid German IBAN (fictitious bank account)."""
    bban = f"{rng.randrange(10**7, 10**8)}{rng.randrange(10**9, 10**10)}0"[:18]
    return f"DE{iban.calc_check_digits('DE00' + bban)}{bban}"


def write_salary_sheet(path: Path, rows: int = 40, seed: int = 3) -> Path:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "salary_eur", "iban", "date_of_birth"])
        for _ in range(rows):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            birth = f"19{rng.randrange(60, 99)}-{rng.randrange(1, 13):02}-{rng.randrange(1, 29):02}"
            out.writerow([name, rng.randrange(38, 140) * 1000, _iban(rng), birth])
    return path
