"""`mailbrake scan`: JSON lines that score.py reads, text output, exit codes, no tracebacks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.fixtures.corpus import corpus_dir
from tests.fixtures.remarks import MODEL_ONLY_REMARK

from mailbrake.cli import main
from mailbrake.cli.scan import scan

MESSAGES = {
    "m1.eml": ("Password: Falcon$6646Q", ["credentials"]),
    "m2.eml": ("STRICTLY CONFIDENTIAL - board pack attached.", ["confidential"]),
    "m3.eml": ("See you at lunch on Thursday at the Thai place.", []),
    "m4.eml": ("SSN: 123-45-6780 for the insurance form.", ["personal_data"]),
}


def write_corpus(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    labels = []
    for name, (body, cats) in MESSAGES.items():
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = "a@example.org", "b@example.org", "note"
        msg.set_content(body)
        (root / name).write_bytes(bytes(msg))
        labels.append(json.dumps({"file": name, "labels": cats, "notes": ""}))
    (root / "labels.jsonl").write_text("\n".join(labels) + "\n")
    return root


def test_jsonl_has_one_object_per_message_with_the_agreed_keys(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    result = CliRunner().invoke(scan, ["--format", "jsonl", "--workers", "1", str(corpus)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["file"] for r in rows] == sorted(MESSAGES)
    for row in rows:
        assert set(row) == {"file", "categories", "verdict", "findings", "rule"}
        assert row["categories"] == MESSAGES[row["file"]][1]
        assert row["verdict"] in {"allow", "warn", "hold", "block"}
    assert "Falcon$6646Q" not in result.output  # redacted everywhere


def test_text_format_lists_findings_redacted(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    result = CliRunner().invoke(scan, ["--workers", "1", str(corpus / "m1.eml")])
    assert result.exit_code == 0
    assert "m1.eml:" in result.output
    assert "Password: ********" in result.output
    assert "Falcon$6646Q" not in result.output


def test_unreadable_file_prints_an_error_line_and_exits_non_zero(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    (corpus / "zz.eml").symlink_to(corpus / "missing")
    result = CliRunner().invoke(scan, ["--format", "jsonl", "--workers", "1", str(corpus)])
    assert result.exit_code == 1
    last = json.loads(result.stdout.splitlines()[-1])
    assert last["file"] == "zz.eml"
    assert last["verdict"] == "hold"
    assert "cannot read" in last["error"]
    assert "Traceback" not in result.output


def test_a_device_is_held_unread_and_the_others_are_scanned(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    (corpus / "m2x.eml").symlink_to("/dev/null")  # read whole, /dev/zero would fill memory
    result = CliRunner().invoke(scan, ["--format", "jsonl", str(corpus)])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"] for r in rows] == ["m1.eml", "m2.eml", "m2x.eml", "m3.eml", "m4.eml"]
    assert rows[2]["verdict"] == "hold"
    assert "not a regular file" in rows[2]["error"]
    assert rows[0]["categories"] == ["credentials"]
    assert "1 message(s) could not be checked" in result.stderr


def test_a_file_over_scan_max_bytes_is_held_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    corpus = write_corpus(tmp_path / "c")
    (corpus / "big.eml").write_bytes(b"Subject: big\n\n" + b"x" * 5_000)
    args = ["scan", "--format", "text", str(corpus)]
    result = CliRunner().invoke(main, args, env={"MAILBRAKE_SCAN_MAX_BYTES": "4000"})
    assert result.exit_code == 1
    assert "big.eml: hold (not_scanned)" in result.stdout
    assert "5,014 bytes, over the limit of 4,000" in result.stdout
    assert "m1.eml: block" in result.stdout or "m1.eml: hold" in result.stdout
    option = CliRunner().invoke(scan, ["--max-bytes", "100000", str(corpus / "big.eml")])
    assert option.exit_code == 0, option.output


def test_missing_path_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(scan, [str(tmp_path / "nope.eml")])
    assert result.exit_code != 0
    assert "nope.eml" in result.output
    assert "Traceback" not in result.output


def test_score_py_reads_the_output_and_scores_it(tmp_path: Path) -> None:
    score_py = corpus_dir() / "score.py"  # ../shared/corpus; fails loudly when missing
    corpus = write_corpus(tmp_path / "c")
    cmd = (
        f"{sys.executable} -c 'from mailbrake.cli.scan import scan; scan()' --format jsonl {{dir}}"
    )
    out = tmp_path / "metrics.json"
    subprocess.run(
        [sys.executable, str(score_py), "--corpus", str(corpus), "--cmd", cmd, "--json", str(out)],
        check=True,
        capture_output=True,
    )
    metrics = json.loads(out.read_text())
    assert metrics["missing"] == 0
    assert metrics["meta"]["problems"]["not_json"] == 0
    assert metrics["exact_match"] == 1.0


def test_text_format_gives_a_model_findings_score(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@example.org", "b@example.org", "Re: vrijdag"
    msg.set_content(MODEL_ONLY_REMARK)
    (tmp_path / "remark.eml").write_bytes(bytes(msg))
    result = CliRunner().invoke(scan, ["--workers", "1", str(tmp_path / "remark.eml")])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "gossip_meaning" in x)
    assert re.search(r"sentence weighed most: .*\(model score 0\.\d\d\)$", line), line
