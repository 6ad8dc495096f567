"""Settings: TOML file plus MAILBRAKE_* variables, validated with messages naming the setting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailbrake.cli import main
from mailbrake.errors import SettingsError
from mailbrake.settings import load_settings
from mailbrake.settings_env import OTHER_VARIABLES


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith("MAILBRAKE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults_are_sqlite_and_the_local_sink() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite:///mailbrake.db"
    assert settings.smtp_url == "smtp://127.0.0.1:2525"


def test_toml_file_is_read_and_env_wins_over_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mailbrake.toml").write_text(
        'smtp_url = "smtp://relay.example.org:25"\ninternal_domains = ["Example.ORG"]\n'
    )
    assert load_settings().smtp_url == "smtp://relay.example.org:25"
    assert load_settings().internal_domains == ["example.org"]
    monkeypatch.setenv("MAILBRAKE_SMTP_URL", "smtps://relay.example.org")
    assert load_settings().smtp_url == "smtps://relay.example.org"


def test_bad_value_names_setting_value_and_what_is_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILBRAKE_SMTP_URL", "http://relay")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert "smtp_url" in message
    assert "'http://relay'" in message
    assert "smtp, smtp+starttls, smtps" in message


def test_number_out_of_range_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILBRAKE_SMTP_POOL_SIZE", "0")
    with pytest.raises(SettingsError, match=r"smtp_pool_size.*'0'.*greater than or equal to 1"):
        load_settings()


def test_unknown_key_in_the_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mailbrake.toml").write_text('smtp_ulr = "smtp://x"\n')
    with pytest.raises(SettingsError, match="Unknown setting 'smtp_ulr'"):
        load_settings()


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "mailbrake.toml").write_text("smtp_url = \n")
    with pytest.raises(SettingsError, match=r"mailbrake\.toml is not valid TOML"):
        load_settings()


def test_explicit_config_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(tmp_path / "elsewhere.toml")


def test_secret_is_created_once_with_private_permissions(tmp_path: Path) -> None:
    settings = load_settings()
    first = settings.resolved_secret()
    assert settings.resolved_secret() == first
    assert (tmp_path / "mailbrake.secret").stat().st_mode & 0o077 == 0


def test_out_of_range_smtp_port_is_refused_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILBRAKE_SMTP_URL", "smtp://relay.example.org:99999")
    with pytest.raises(SettingsError, match=r"smtp_url = 'smtp://relay.example.org:99999'.*port"):
        load_settings()


def test_a_refused_smtp_url_never_shows_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILBRAKE_SMTP_URL", "smtp://mailer:hunter2@relay.example.org:0")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "hunter2" not in str(caught.value)
    assert "mailer:***@relay.example.org" in str(caught.value)


def test_malformed_json_list_names_the_variable_value_and_an_example(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MAILBRAKE_INTERNAL_DOMAINS", "example.org")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert "MAILBRAKE_INTERNAL_DOMAINS" in message
    assert "'example.org'" in message
    assert '["example.org","example.com"]' in message
    assert "\n" not in message


def test_unknown_mailbrake_variable_is_refused_like_an_unknown_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MAILBRAKE_SMTP_ULR", "smtp://relay.example.org")
    with pytest.raises(SettingsError, match="Unknown environment variable MAILBRAKE_SMTP_ULR"):
        load_settings()


@pytest.mark.parametrize("name", sorted(OTHER_VARIABLES))
def test_known_variables_that_are_not_settings_are_accepted(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, "anything")
    if name == "MAILBRAKE_CONFIG":
        monkeypatch.setenv(name, "absent.toml")
    assert load_settings().smtp_url == "smtp://127.0.0.1:2525"


def test_short_secret_key_is_refused_without_printing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILBRAKE_SECRET_KEY", "short-key")
    with pytest.raises(SettingsError, match=r"secret_key = '\*\*\*'.*at least 16 characters"):
        load_settings()
    monkeypatch.setenv("MAILBRAKE_SECRET_KEY", "x" * 16)
    assert load_settings().secret_key == "x" * 16


@pytest.mark.parametrize(
    ("name", "value"),
    [("MAILBRAKE_APPROVAL_TTL_HOURS", "inf"), ("MAILBRAKE_SMTP_TIMEOUT", "nan")],
)
def test_infinite_numbers_are_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match="finite number"):
        load_settings()


@pytest.mark.parametrize(
    ("env", "shown"),
    [
        ({"MAILBRAKE_SMTP_URL": "smtp://relay.example.org:99999"}, "port"),
        ({"MAILBRAKE_INTERNAL_DOMAINS": "example.org"}, "MAILBRAKE_INTERNAL_DOMAINS"),
        ({"MAILBRAKE_SMTP_ULR": "x"}, "MAILBRAKE_SMTP_ULR"),
    ],
)
def test_cli_exits_2_with_one_line_on_a_bad_setting(env: dict[str, str], shown: str) -> None:
    result = CliRunner().invoke(main, ["lists"], env=env)
    assert result.exit_code == 2
    assert shown in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_every_variable_that_is_not_a_setting_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "configuration.md").read_text()
    assert [name for name in sorted(OTHER_VARIABLES) if f"`{name}`" not in docs] == []
