"""Settings: TOML file plus MAILBRAKE_* variables, validated with messages naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailbrake.errors import SettingsError
from mailbrake.settings import load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("MAILBRAKE_CONFIG", "MAILBRAKE_SMTP_URL", "MAILBRAKE_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
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
