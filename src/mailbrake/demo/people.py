"""Generated demo subscribers: plausible names, a few domains, some personal fields."""

from __future__ import annotations

import csv
import random
import unicodedata
from pathlib import Path

FIRST = [
    "Ada",
    "Ben",
    "Chloé",
    "Dmitri",
    "Eva",
    "Farid",
    "Grace",
    "Hiro",
    "Inès",
    "Jonas",
    "Kemi",
    "Lars",
    "Maya",
    "Nikos",
    "Olga",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tariq",
]
LAST = [
    "Smith",
    "Okafor",
    "Müller",
    "García",
    "Rossi",
    "Nguyen",
    "Kowalski",
    "Dubois",
    "Andersen",
    "Silva",
    "Yamamoto",
    "O'Brien",
    "Novak",
    "Haddad",
    "Larsen",
    "Patel",
]
DEPARTMENTS = ["Sales", "Finance", "People", "Engineering", "Support", "Legal", "Marketing"]
INTERNAL_DOMAIN = "example.org"
EXTERNAL_DOMAINS = ["partner.example.net", "client.example.com"]


def _ascii(text: str) -> str:
    """Addresses keep to ASCII, as most relays lack SMTPUTF8: Chloé -> chloe."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def write_people(path: Path, count: int, *, external_share: float = 0.1, seed: int = 2026) -> None:
    """A CSV with email, first_name, last_name, department; some addresses external."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["email", "first_name", "last_name", "department"])
        for i in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            external = rng.random() < external_share
            domain = rng.choice(EXTERNAL_DOMAINS) if external else INTERNAL_DOMAIN
            local = _ascii(f"{first}.{last}.{i}".lower().replace("'", ""))
            out.writerow([f"{local}@{domain}", first, last, rng.choice(DEPARTMENTS)])
