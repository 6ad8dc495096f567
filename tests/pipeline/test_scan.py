"""scan_paths: .eml files and directories in, one result per message, unreadable ones held."""

from __future__ import annotations

import functools
from email.message import EmailMessage
from pathlib import Path

import pytest

from mailbrake.errors import InputError
from mailbrake.models import Verdict
from mailbrake.pipeline.scan import (
    audience_with_domains,
    decide_with_policy,
    iter_eml_files,
    scan_paths,
)
from mailbrake.policy import load_policy


def write_eml(path: Path, body: str, *, to: str = "Ann Lee <ann@example.org>") -> Path:
    msg = EmailMessage()
    msg["From"] = "Bob <bob@example.org>"
    msg["To"] = to
    msg["Subject"] = "hello"
    msg.set_content(body)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(msg))
    return path


@pytest.fixture
def decide() -> functools.partial[tuple[Verdict, str]]:
    return functools.partial(decide_with_policy, load_policy(None))


def test_directory_is_scanned_recursively_in_name_order(tmp_path: Path, decide) -> None:
    write_eml(tmp_path / "b.eml", "Password: Falcon$6646Q")
    write_eml(tmp_path / "sub" / "a.eml", "See you at lunch on Thursday.")
    (tmp_path / "notes.txt").write_text("Password: Falcon$6646Q")
    results = list(scan_paths([tmp_path], decide))
    assert [r.file for r in results] == ["b.eml", "a.eml"]
    assert results[0].categories == ("credentials",)
    assert results[0].verdict > Verdict.ALLOW
    assert results[1].categories == ()
    assert results[1].verdict is Verdict.ALLOW


def test_unreadable_file_is_held_with_an_error(tmp_path: Path, decide) -> None:
    (tmp_path / "gone.eml").symlink_to(tmp_path / "missing-target")
    [result] = scan_paths([tmp_path], decide)
    assert result.verdict is Verdict.HOLD
    assert "cannot read" in result.error
    assert result.as_dict()["error"] == result.error


def test_missing_path_is_an_input_error_naming_it(tmp_path: Path, decide) -> None:
    with pytest.raises(InputError, match=r"nope\.eml"):
        list(iter_eml_files([tmp_path / "nope.eml"]))


def test_two_workers_give_the_same_results_as_one(tmp_path: Path, decide) -> None:
    texts = ["Password: Falcon$6646Q", "Lunch?", "SSN: 123-45-6780", "STRICTLY CONFIDENTIAL"]
    for i in range(8):
        write_eml(tmp_path / f"m{i}.eml", texts[i % 4])
    one = [r.as_dict() for r in scan_paths([tmp_path], decide, workers=1)]
    two = [r.as_dict() for r in scan_paths([tmp_path], decide, workers=2)]
    assert one == two


def test_audience_comes_from_the_to_and_cc_headers(tmp_path: Path, decide) -> None:
    seen: list[list[tuple[str, str]]] = []
    facts = []

    def audience(recipients, segments):  # type: ignore[no-untyped-def]
        seen.append(list(recipients))
        facts.append(audience_with_domains(("example.org",), recipients, segments))
        return facts[-1]

    write_eml(tmp_path / "m.eml", "hi", to="Ann Lee <ann@example.org>, x@other.example")
    list(scan_paths([tmp_path], decide, audience))
    assert seen == [[("ann@example.org", "Ann Lee"), ("x@other.example", "")]]
    assert (facts[0].size, facts[0].external) == (2, 1)
    assert dict(facts[0].external_domains) == {"other.example": 1}
