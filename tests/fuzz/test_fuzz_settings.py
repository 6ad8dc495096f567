"""The settings loader under arbitrary environment values: Settings, or one clean line and 2."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailbrake.cli import main
from mailbrake.errors import SettingsError
from mailbrake.settings import Settings, load_settings
from mailbrake.settings_env import OTHER_VARIABLES

BOUNDED = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FIELDS = sorted(n for n in Settings.model_fields if n != "config_file")
# What an environment variable can hold: no NUL, no lone surrogates.
ENV_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
VALUES = ENV_TEXT | st.sampled_from(
    ["", "0", "-1", "1e309", "inf", "nan", "99999999999999999999", "[]", "[[1, 2]]", "{}",
     '["a"', "null", "true", "smtp://h:99999", "smtp://h:0", "sqlite://", "x" * 16]
)  # fmt: skip


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith("MAILBRAKE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    os.environ.update(values)
    try:
        yield
    finally:
        for name in values:
            os.environ.pop(name, None)


def load_or_error() -> Settings | SettingsError:
    try:
        return load_settings()
    except SettingsError as exc:
        return exc


@BOUNDED
@given(chosen=st.dictionaries(st.sampled_from(FIELDS), VALUES, min_size=1, max_size=3))
def test_any_setting_values_load_or_raise_one_settings_error(chosen: dict[str, str]) -> None:
    env = {f"MAILBRAKE_{name.upper()}": value for name, value in chosen.items()}
    with environment(env):
        loaded = load_or_error()
    if isinstance(loaded, SettingsError):
        assert loaded.exit_code == 2
        assert "\n" not in str(loaded)  # one line: values are shown with repr()
    else:
        assert isinstance(loaded, Settings)


@BOUNDED
@given(name=st.from_regex(r"MAILBRAKE_[A-Z_]{1,20}", fullmatch=True), value=VALUES)
def test_any_mailbrake_variable_is_a_setting_another_known_one_or_refused(
    name: str, value: str
) -> None:
    with environment({name: value}):
        loaded = load_or_error()
    known = name in OTHER_VARIABLES or name.removeprefix("MAILBRAKE_").lower() in FIELDS
    if not known:
        assert isinstance(loaded, SettingsError)
        assert f"Unknown environment variable {name}" in str(loaded)


@settings(max_examples=25, deadline=None)
@given(chosen=st.dictionaries(st.sampled_from(FIELDS), VALUES, min_size=1, max_size=2))
def test_the_cli_exits_0_or_2_with_one_line_and_no_traceback(chosen: dict[str, str]) -> None:
    env = {f"MAILBRAKE_{name.upper()}": value for name, value in chosen.items()}
    result = CliRunner().invoke(main, ["scan", "--help"], env=env)
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 2:
        assert result.stderr.startswith("Error: ")
        assert len(result.stderr.strip().splitlines()) == 1
