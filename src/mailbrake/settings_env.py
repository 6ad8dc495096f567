"""MAILBRAKE_* environment variables checked before the settings class reads them."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import get_origin

from pydantic.fields import FieldInfo

from mailbrake.errors import SettingsError

ENV_PREFIX = "MAILBRAKE_"
# MAILBRAKE_* variables that are not settings; any other unknown one is a typo and refused.
OTHER_VARIABLES = frozenset(
    {
        "MAILBRAKE_CONFIG",  # the settings file
        "MAILBRAKE_USER",  # who the CLI runs as
        "MAILBRAKE_TOKEN",  # a personal API token
        "MAILBRAKE_CACHE_DIR",  # compiled Hyperscan databases
        "MAILBRAKE_TEST_PG_URL",  # tests: the PostgreSQL server for throwaway databases
        "MAILBRAKE_TEST_CHROMIUM",  # tests: the browser binary
    }
)
# What a malformed JSON-valued variable is told to look like.
JSON_EXAMPLES = {
    "internal_domains": '["example.org","example.com"]',
    "undo_window_steps": "[[24, 0], [1000, 120]]",
}


def check_environment(environ: Mapping[str, str], fields: Mapping[str, FieldInfo]) -> None:
    """Refuse unknown MAILBRAKE_* variables (a typo would silently keep the default) and
    JSON-valued ones that are not JSON, naming the variable, its value and an example."""
    names = set(fields) - {"config_file"}
    for raw_name, value in sorted(environ.items()):
        name = raw_name.upper()
        if not name.startswith(ENV_PREFIX) or name in OTHER_VARIABLES:
            continue
        setting = name.removeprefix(ENV_PREFIX).lower()
        if setting not in names:
            known = ", ".join(sorted(OTHER_VARIABLES))
            raise SettingsError(
                f"Unknown environment variable {raw_name} (not a setting, nor one of {known}).",
                hint="Unset it or fix its name; see docs/configuration.md.",
            )
        if _is_json_valued(fields[setting]) and not _is_json(value):
            example = JSON_EXAMPLES.get(setting, "[...]")
            raise SettingsError(
                f"Setting {setting} = {shown(setting, value)!r} ({raw_name}) is invalid: "
                f"it must be JSON, e.g. {raw_name}='{example}'."
            )


def _is_json_valued(field: FieldInfo) -> bool:
    """Lists, tuples and tables are read from the environment as JSON (pydantic-settings)."""
    annotation = field.annotation
    return get_origin(annotation) in (list, tuple, dict, set, frozenset)


def _is_json(value: str) -> bool:
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


def shown(name: str, value: object) -> object:
    """A URL's password is never printed back."""
    if name.endswith("_url") and isinstance(value, str):
        from mailbrake.transport.url import mask_password

        return mask_password(value)
    if name == "secret_key":
        return "***"
    return value
