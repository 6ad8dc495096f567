"""What reading the merge costs the check: `check` with and without the merge scan, one run.

    .venv/bin/python bench/merge_check.py [--recipients 20000] [--sample 200] [--notes]

A SQLite list of N recipients with `iban` and `salary` columns and a template that merges
both; with --notes, a `note` column too, a different sentence of prose for every recipient,
which the meaning model reads value by value (merge_prose). The baseline is the same check
with the merge scan replaced by "no findings" (the check as it was: content and audience
only).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from mailbrake.clock import SystemClock
from mailbrake.models import MailoutContent, NewSubscriber
from mailbrake.pipeline import check as check_stage
from mailbrake.pipeline.merge_scan import MergeScan
from mailbrake.settings import Settings
from mailbrake.store import Store

IBAN = "DE62370400440532013001"


def columns(i: int, *, notes: bool) -> dict[str, str]:
    row = {"iban": IBAN, "salary": str(50_000 + i)}
    if notes:
        row["note"] = f"Your parking space {i} in the east car park is confirmed until {i % 28}."
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=20_000)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--notes", action="store_true", help="merge a prose `note` column too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = Store.open(url, clock=SystemClock())
        store.set_audit_secret(b"bench")
        staff = store.create_list("staff")
        people = [
            NewSubscriber(f"p{i}@example.org", f"Person {i}", columns(i, notes=args.notes))
            for i in range(args.recipients)
        ]
        store.add_subscribers(staff.id, people)
        content = MailoutContent(
            "hr@example.org",
            "Your pay, {{ name }}",
            "Dear {{ name }},\nyour salary is {{ salary }}, paid to IBAN {{ iban }}.\n" * 3
            + ("{{ note }}\n" if args.notes else ""),
        )
        mailout_id = store.create_mailout(staff.id, content, created_by="bench")
        settings = Settings(
            secret_key="b" * 32,
            check_render_sample=args.sample,
            internal_domains=["example.org"],
        )
        real = check_stage.scan_merges
        check_stage.check_mailout(store, settings, mailout_id, clock=SystemClock())  # warm up
        timings = {}
        for name, scan in (("without merge scan", None), ("with merge scan", real)):
            check_stage.scan_merges = scan or (lambda *a, **k: MergeScan((), ()))  # type: ignore[assignment]
            start = time.perf_counter()
            result = check_stage.check_mailout(store, settings, mailout_id, clock=SystemClock())
            timings[name] = time.perf_counter() - start
            print(
                f"{name:20} {timings[name]:7.2f} s  "
                f"verdict {result.verdict} ({result.deciding_rule})"
            )
        check_stage.scan_merges = real  # type: ignore[assignment]
        ratio = timings["with merge scan"] / timings["without merge scan"]
        print(
            f"{args.recipients:,} recipients, sample {args.sample}: "
            f"{ratio:.2f}x the check without it"
        )
        store.close()


if __name__ == "__main__":
    main()
