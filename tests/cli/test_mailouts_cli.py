"""`mailbrake mailouts create/preview/edit` through the real CLI: drafts and their errors."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from click.testing import Result
from tests.fixtures.cli import Invoke
from tests.fixtures.remarks import MODEL_ONLY_REMARK


@pytest.fixture
def staff(mbu: Invoke, tmp_path: Path) -> Invoke:
    (tmp_path / "p.csv").write_text(
        "email,name,first_name,team\nzoe@example.org,Zoë Ünal,Zoë,Ops\nbo@example.org,Bo Li,Bo,\n",
        encoding="utf-8",
    )
    mbu("lists", "create", "staff")
    mbu("lists", "import", "staff", "p.csv")
    (tmp_path / "body.txt").write_text("Hello {{ first_name }},\n.\nBye\n", encoding="utf-8")
    (tmp_path / "body.html").write_text("<p>Hello {{ first_name }}</p>", encoding="utf-8")
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4\n% a test file\n")
    return mbu


def create(mb: Invoke, *extra: str) -> object:
    return mb(
        "mailouts",
        "create",
        "--list",
        "staff",
        "--from",
        "HR Team <hr@example.org>",
        "--subject",
        "Grüße {{ first_name }}",
        "--text",
        "body.txt",
        *extra,
    )


def test_create_prints_the_id_and_preview_is_the_message(staff: Invoke) -> None:
    result = create(staff, "--html", "body.html", "--attach", "plan.pdf")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    mailout_id = result.stdout.strip()  # type: ignore[attr-defined]
    assert mailout_id == "1"
    preview = staff("mailouts", "preview", mailout_id, "--to", "ZOE@example.org")
    assert preview.exit_code == 0, preview.output
    message = email.message_from_bytes(preview.stdout_bytes, policy=email.policy.default)
    assert message["Subject"] == "Grüße Zoë"
    assert message["To"].addresses[0].display_name == "Zoë Ünal"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/u/" in message["List-Unsubscribe"]
    assert message.get_content_type() == "multipart/mixed"
    body = message.get_body(("plain",))
    assert body is not None
    assert body.get_content().replace("\r\n", "\n") == "Hello Zoë,\n.\nBye\n"
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "plan.pdf"
    assert attachment.get_content_type() == "application/pdf"


def create_with_text(mb: Invoke, text_file: str) -> Result:
    return mb("mailouts", "create", "--list", "staff", "--from", "hr@example.org",
              "--subject", "Hi", "--text", text_file)  # fmt: skip


def test_field_some_recipients_lack_is_named_with_a_count(staff: Invoke, tmp_path: Path) -> None:
    (tmp_path / "team.txt").write_text("Team {{ team }}\n", encoding="utf-8")
    result = create_with_text(staff, "team.txt")
    assert result.exit_code == 1
    assert "'team' is missing for 1 of 2 recipients" in result.stderr
    assert "Traceback" not in result.output


def test_a_default_makes_a_missing_field_fine(staff: Invoke, tmp_path: Path) -> None:
    (tmp_path / "team.txt").write_text("Team {{ team | default('all') }}\n", encoding="utf-8")
    result = create_with_text(staff, "team.txt")
    assert result.exit_code == 0, result.output


def test_template_syntax_error_names_the_template_and_line(staff: Invoke, tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text("<p>\n{{ first_name }\n</p>", encoding="utf-8")
    result = create(staff, "--html", "bad.html")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "HTML body, line 2" in result.stderr  # type: ignore[attr-defined]


def test_missing_attachment_and_unknown_list_are_clear(staff: Invoke) -> None:
    result = create(staff, "--attach", "nope.pdf")
    assert "--attach: nope.pdf does not exist" in result.stderr  # type: ignore[attr-defined]
    other = staff(
        "mailouts",
        "create",
        "--list",
        "other",
        "--from",
        "hr@example.org",
        "--subject",
        "x",
        "--text",
        "body.txt",
    )
    assert "No list 'other'" in other.stderr


def test_line_break_in_the_subject_is_refused(staff: Invoke) -> None:
    result = staff(
        "mailouts",
        "create",
        "--list",
        "staff",
        "--from",
        "hr@example.org",
        "--subject",
        "Hi\r\nBcc: everyone@example.org",
        "--text",
        "body.txt",
    )
    assert result.exit_code == 1
    assert "line break" in result.stderr
    listed = staff("mailouts", "list", "--format", "json")
    assert listed.stdout.strip() == "[]"


def test_preview_of_someone_not_on_the_list_is_refused(staff: Invoke) -> None:
    create(staff)
    result = staff("mailouts", "preview", "1", "--to", "stranger@example.org")
    assert result.exit_code == 1
    assert "stranger@example.org" in result.stderr


def test_edit_sends_the_mailout_back_to_draft(staff: Invoke, tmp_path: Path) -> None:
    create(staff)
    staff("check", "1")
    (tmp_path / "new.txt").write_text("New text {{ first_name }}\n", encoding="utf-8")
    result = staff("mailouts", "edit", "1", "--text", "new.txt")
    assert result.exit_code == 0, result.output
    shown = staff("mailouts", "show", "1")
    assert '"state": "draft"' in shown.stdout


def test_check_shows_a_model_findings_score_and_words(staff: Invoke, tmp_path: Path) -> None:
    (tmp_path / "remark.txt").write_text(MODEL_ONLY_REMARK + "\n", encoding="utf-8")
    assert create_with_text(staff, "remark.txt").exit_code == 0
    checked = staff("check", "1", env={"COLUMNS": "250"})  # wide enough not to wrap cells
    out = checked.output
    assert "gossip_meaning" in out
    assert "sentence weighed most:" in out
    score = re.search(r"\(model score (0\.\d\d)\)", out)
    assert score is not None, checked.output
    assert 0.5 < float(score.group(1)) <= 1.0
