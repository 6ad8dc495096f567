"""`mailbrake lists` and `mailbrake subscribers` through the real click command."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fixtures.cli import Invoke


def test_create_import_and_count(mbu: Invoke, tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("email,name\na@x.org,A\nb@x.org,B\nbad,C\n")
    assert mbu("lists", "create", "staff").exit_code == 0
    result = mbu("lists", "import", "staff", "p.csv")
    assert result.exit_code == 5  # some rows imported, some refused
    assert "p.csv:4 [email]" in result.stderr
    assert "Imported 2 of 3 rows" in result.stdout
    assert "2 added" in result.stdout
    assert "refused 1 bad rows" in result.stdout
    listed = json.loads(mbu("lists", "--format", "json").stdout)
    assert listed == [{"name": "staff", "active": 2, "members": 2}]


def test_strict_import_says_nothing_was_imported(mbu: Invoke, tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("email\na@x.org\nbad\n")
    mbu("lists", "create", "staff")
    result = mbu("lists", "import", "staff", "p.csv", "--strict")
    assert result.exit_code == 1
    assert "Imported nothing" in result.stdout
    assert json.loads(mbu("lists", "--format", "json").stdout)[0]["members"] == 0


def test_unknown_list_is_one_clear_line_without_traceback(mbu: Invoke, tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("email\na@x.org\n")
    result = mbu("lists", "import", "nope", "p.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No list 'nope'.")
    assert "Traceback" not in result.output


def test_malformed_csv_is_reported_with_file_and_line(mbu: Invoke, tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text('email,name\na@x.org,"unterminated\n')
    mbu("lists", "create", "staff")
    result = mbu("lists", "import", "staff", "p.csv")
    assert result.exit_code != 0
    assert "p.csv" in result.output
    assert "Traceback" not in result.output


def test_unsubscribe_removes_the_person_from_the_count(mbu: Invoke, tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text("email\na@x.org\nb@x.org\n")
    mbu("lists", "create", "staff")
    mbu("lists", "import", "staff", "p.csv")
    result = mbu("subscribers", "unsubscribe", "A@x.org")
    assert result.exit_code == 0, result.output
    assert json.loads(mbu("lists", "--format", "json").stdout)[0]["active"] == 1


def test_bad_setting_stops_with_the_setting_named(mbu: Invoke) -> None:
    result = mbu("lists", env={"MAILBRAKE_DATABASE_URL": "mysql://x"})
    assert result.exit_code == 2
    assert "database_url" in result.stderr
    assert "'mysql://x'" in result.stderr


def test_unreachable_database_is_a_clear_error(mbu: Invoke) -> None:
    url = "postgresql://postgres@127.0.0.1:1/none"
    result = mbu("lists", env={"MAILBRAKE_DATABASE_URL": url})
    assert result.exit_code == 3
    assert "database cannot be used" in result.stderr
    assert "Traceback" not in result.output


def test_import_exit_code_says_all_none_or_part(mbu: Invoke, tmp_path: Path) -> None:
    mbu("lists", "create", "staff")
    (tmp_path / "all.csv").write_text("email\na@x.org\n")
    (tmp_path / "none.csv").write_text("email\nbad\n")
    assert mbu("lists", "import", "staff", "all.csv").exit_code == 0
    nothing = mbu("lists", "import", "staff", "none.csv")
    assert nothing.exit_code == 1
    assert "Imported 0 of 1 rows" in nothing.stdout


def test_a_name_with_a_line_break_is_refused_at_import(mbu: Invoke, tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_text('email,name\na@x.org,"Ann\r\nBcc: x@evil.example"\n')
    mbu("lists", "create", "staff")
    result = mbu("lists", "import", "staff", "p.csv")
    assert result.exit_code == 1
    assert "p.csv:2 [name]" in result.stderr
    assert "line break" in result.stderr
    assert json.loads(mbu("lists", "--format", "json").stdout)[0]["members"] == 0
